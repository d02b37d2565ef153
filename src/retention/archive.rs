//! Archive files: what a purge removed, as zstd-compressed JSON lines, one
//! file per policy per run, each line `{"table": ..., "row": {...}}`.
//!
//! Each batch is appended as zstd frames of its own (concatenated frames are
//! one valid zstd stream: `zstd -dc file` reads them all), written as its rows
//! come back, and synced before the batch's delete commits (syncs of what is
//! already written start in the background on the way, so the last one waits
//! only for the batch's tail). A batch that fails before its commit has its
//! frames cut off again. The batch's audit row, committed with the delete,
//! records the file length after its frames. A crash between the sync and the
//! commit leaves frames whose rows are still in the database: the next run
//! cuts the file back to the last committed length (see [`recover`]) before
//! those rows are archived again, so no row is ever lost or archived twice.
//! A finished file gets `<file>.sha256` (in `sha256sum` format).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::files::{self, sync_dir, write_synced};
use crate::hex::encode as hex;

pub const EXTENSION: &str = "jsonl.zst";

/// zstd level of archive frames. Compression sits between a batch's delete
/// and its commit, so it is kept fast: level 1 compresses messages about
/// 4.5:1 at several hundred MB/s on one core.
const LEVEL: i32 = 1;

/// Makes zstd frames of archive lines: one frame per piece of a batch (a
/// batch compresses what it has while the server still sends the rest).
/// Frames, not one streamed frame: zstd's streaming encoder took its slower
/// path for input that arrives in separate buffers (`extDict`), a fifth of
/// this process's CPU in a purge of 1M messages.
pub struct Frames {
    compressor: zstd::bulk::Compressor<'static>,
    frame: Vec<u8>,
}

impl Frames {
    pub fn new() -> std::io::Result<Frames> {
        Ok(Frames {
            compressor: zstd::bulk::Compressor::new(LEVEL)?,
            frame: Vec::new(),
        })
    }

    /// `lines` as one frame (valid until the next call).
    pub fn compress(&mut self, lines: &[u8]) -> std::io::Result<&[u8]> {
        self.frame.clear();
        if !lines.is_empty() {
            self.frame.reserve(zstd::zstd_safe::compress_bound(lines.len()));
            self.compressor.compress_to_buffer(lines, &mut self.frame)?;
        }
        Ok(&self.frame)
    }
}

/// Bytes written since the last sync after which another sync starts in the
/// background (a batch writes a few megabytes).
const SYNC_AHEAD_BYTES: u64 = 1 << 20;

/// Where a batch's frames begin in its file: to cut them off again if the
/// batch fails before its commit.
pub struct Mark {
    len: u64,
    hasher: Sha256,
}

impl Mark {
    /// The file's length at the mark.
    pub fn offset(&self) -> u64 {
        self.len
    }
}

/// The directory of one run's archive files.
pub struct RunDir {
    pub path: PathBuf,
}

/// One policy's archive file, open for appending.
pub struct ArchiveFile {
    pub path: PathBuf,
    file: File,
    len: u64,
    hasher: Sha256,
    /// Frames were appended whose batch is not known to have committed.
    uncertain: bool,
    /// Bytes written since the last sync began.
    unsynced: u64,
    /// A sync running in the background, if any.
    syncing: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl RunDir {
    /// Creates `<archive_dir>/<run>`, synced into its parent.
    pub fn create(archive_dir: &Path, run: &str) -> Result<RunDir> {
        let path = archive_dir.join(run);
        // Archives hold personal data (a purged user's row): owner only.
        files::create_private_dir(&path, true).map_err(Error::io(
            "cannot create the archive directory (set --archive-dir or [retention] archive_dir)",
            &path,
            ErrorKind::CannotCreate,
        ))?;
        sync_dir(archive_dir)?;
        Ok(RunDir { path })
    }

    pub fn file_path(&self, policy: &str) -> PathBuf {
        self.path.join(format!("{policy}.{EXTENSION}"))
    }

    /// Opens (creating) a policy's file for appending.
    pub fn open(&self, policy: &str) -> Result<ArchiveFile> {
        let path = self.file_path(policy);
        let file = files::private_file_options()
            .create_new(true)
            .append(true)
            .open(&path)
            .map_err(Error::io(
                "cannot create an archive file",
                &path,
                ErrorKind::CannotCreate,
            ))?;
        sync_dir(&self.path)?;
        Ok(ArchiveFile {
            path,
            file,
            len: 0,
            hasher: Sha256::new(),
            uncertain: false,
            unsynced: 0,
            syncing: None,
        })
    }

    /// Writes the run's summary (`run.json`), last.
    pub fn write_summary(&self, summary: &serde_json::Value) -> Result<()> {
        let text = serde_json::to_vec_pretty(summary).map_err(|e| Error::Internal(e.to_string()))?;
        write_synced(&self.path.join("run.json"), &text)
    }
}

impl ArchiveFile {
    /// The length of the file, which the next batch's audit row records.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `lines` as one frame and syncs it; returns the new length.
    /// Nothing may commit a delete of these rows before this returns.
    pub fn append(&mut self, lines: &[u8]) -> Result<u64> {
        let mut frames = Frames::new().map_err(self.compress_error())?;
        let frame = frames.compress(lines).map_err(self.compress_error())?;
        self.write_frame(frame)?;
        self.sync()
    }

    /// Where the next frames begin.
    pub fn mark(&self) -> Mark {
        Mark {
            len: self.len,
            hasher: self.hasher.clone(),
        }
    }

    /// Writes a frame of the batch in progress, not yet durable: its delete
    /// may commit only after [`sync`](Self::sync).
    pub fn write_frame(&mut self, frame: &[u8]) -> Result<()> {
        if frame.is_empty() {
            return Ok(());
        }
        self.uncertain = true;
        // Partly written frames are cut off by `cut_back`, or by the next
        // run's recovery.
        self.file.write_all(frame).map_err(self.write_error())?;
        self.hasher.update(frame);
        self.len += frame.len() as u64;
        self.unsynced += frame.len() as u64;
        if self.unsynced >= SYNC_AHEAD_BYTES {
            // One sync at a time: the next starts once the last has ended.
            if self.syncing.as_ref().is_some_and(|sync| sync.is_finished()) {
                self.wait_for_background_sync()?;
            }
            if self.syncing.is_none() {
                let file = self.file.try_clone().map_err(self.write_error())?;
                self.syncing = Some(std::thread::spawn(move || file.sync_data()));
                self.unsynced = 0;
            }
        }
        Ok(())
    }

    /// Makes every frame written so far durable; returns the file's length.
    pub fn sync(&mut self) -> Result<u64> {
        self.wait_for_background_sync()?;
        self.file.sync_data().map_err(self.write_error())?;
        self.unsynced = 0;
        Ok(self.len)
    }

    /// Cuts off the frames written since `mark`: their batch failed before
    /// its commit, so its rows are still in the database.
    pub fn cut_back(&mut self, mark: Mark) -> Result<()> {
        self.wait_for_background_sync()?;
        if self.len != mark.len {
            self.file
                .set_len(mark.len)
                .and_then(|()| self.file.sync_data())
                .map_err(self.write_error())?;
        }
        self.len = mark.len;
        self.hasher = mark.hasher;
        self.uncertain = false;
        Ok(())
    }

    fn wait_for_background_sync(&mut self) -> Result<()> {
        match self.syncing.take().map(|sync| sync.join()) {
            None | Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(e))) => Err(self.write_error()(e)),
            Some(Err(_)) => Err(Error::Internal("an archive sync stopped".to_owned())),
        }
    }

    fn write_error(&self) -> impl FnOnce(std::io::Error) -> Error + '_ {
        Error::io(
            "cannot write the archive file",
            &self.path,
            ErrorKind::CannotCreate,
        )
    }

    pub(super) fn compress_error(&self) -> impl FnOnce(std::io::Error) -> Error + '_ {
        Error::io("cannot compress archive rows", &self.path, ErrorKind::Internal)
    }

    /// The batch of the last frames committed.
    pub fn committed(&mut self) {
        self.uncertain = false;
    }

    /// Whether the last frames' batch failed after they were written
    /// (the commit may or may not have happened): only the database can
    /// tell, so the file must go through [`recover`] instead of `finish`.
    pub fn is_uncertain(&self) -> bool {
        self.uncertain
    }

    /// Writes `<file>.sha256` once the file is complete; removes a file
    /// that no batch wrote to. Returns whether the file remains.
    pub fn finish(self) -> Result<bool> {
        if self.len == 0 {
            remove(&self.path)?;
            return Ok(false);
        }
        write_checksum(&self.path, &hex(&self.hasher.finalize()))?;
        Ok(true)
    }
}

/// Cuts an archive file left by an interrupted run back to `committed`
/// bytes (what its committed batches recorded), then writes its checksum
/// (or removes the file when nothing in it was committed). Returns how many
/// bytes were dropped.
pub fn recover(path: &Path, committed: u64) -> Result<u64> {
    let len = fs::metadata(path)
        .map_err(Error::io(
            "an interrupted purge's archive file is missing; restore it before purging again",
            path,
            ErrorKind::BadInput,
        ))?
        .len();
    if len < committed {
        return Err(Error::Corrupt(format!(
            "archive file {} is {len} bytes, but batches whose rows are deleted wrote {committed}: \
             part of the archive is lost; restore the file before purging again",
            path.display()
        )));
    }
    let file = OpenOptions::new().write(true).open(path).map_err(Error::io(
        "cannot open an archive file",
        path,
        ErrorKind::CannotCreate,
    ))?;
    file.set_len(committed)
        .and_then(|()| file.sync_all())
        .map_err(Error::io(
            "cannot truncate an archive file",
            path,
            ErrorKind::CannotCreate,
        ))?;
    drop(file);
    if committed == 0 {
        remove(path)?;
    } else {
        write_checksum(path, &sha256_of(path)?)?;
    }
    Ok(len - committed)
}

fn remove(path: &Path) -> Result<()> {
    fs::remove_file(path).map_err(Error::io(
        "cannot remove an empty archive file",
        path,
        ErrorKind::CannotCreate,
    ))
}

fn write_checksum(path: &Path, hex: &str) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_synced(&checksum_path(path), format!("{hex}  {name}\n").as_bytes())
}

pub fn checksum_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".sha256");
    PathBuf::from(name)
}

fn sha256_of(path: &Path) -> Result<String> {
    let mut file = File::open(path).map_err(Error::io(
        "cannot read an archive file",
        path,
        ErrorKind::InputMissing,
    ))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(Error::io(
            "cannot read an archive file",
            path,
            ErrorKind::BadInput,
        ))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Reads every row of an archive file (for tests and audits of archives):
/// `(table, row)` pairs.
pub fn read_rows(path: &Path) -> Result<Vec<(String, serde_json::Value)>> {
    let file = File::open(path).map_err(Error::io(
        "cannot read an archive file",
        path,
        ErrorKind::InputMissing,
    ))?;
    let mut text = String::new();
    zstd::stream::read::Decoder::new(file)
        .and_then(|mut d| d.read_to_string(&mut text))
        .map_err(Error::io(
            "cannot decompress an archive file",
            path,
            ErrorKind::BadInput,
        ))?;
    text.lines()
        .map(|line| {
            let mut value: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| Error::Corrupt(format!("{}: a line is not JSON: {e}", path.display())))?;
            let table = value["table"].as_str().unwrap_or_default().to_owned();
            Ok((table, value["row"].take()))
        })
        .collect()
}
