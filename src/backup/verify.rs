//! `backup verify`: recomputes every checksum of a backup, from the files on
//! disk: each chunk's size and SHA-256, its rows and content hash after
//! decompression, and each table's totals. Any difference names the file.
//! The result is recorded beside the manifest (`verified.json`), which
//! `list` shows and `prune` relies on.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::chunk_file::{self, OnDisk};
use super::content::{ContentHash, TupleHasher};
use super::manifest::{self, Manifest, ManifestChunk, VerifiedRecord};
use crate::error::{Error, Result};
use crate::progress::Progress;

#[derive(Debug, Clone, serde::Serialize)]
pub struct VerifyReport {
    pub path: PathBuf,
    pub database: String,
    pub migration_version: i64,
    pub tables: usize,
    pub chunks: usize,
    pub rows: u64,
    pub bytes: u64,
    pub seconds: f64,
}

/// Verifies the backup at `dir` with `jobs` threads; `progress` gets the
/// bytes of each chunk checked. Blocking: call it from a blocking thread.
pub fn verify(dir: &Path, jobs: usize, progress: &dyn Progress<u64>) -> Result<VerifyReport> {
    let started = Instant::now();
    let manifest = Manifest::read(dir)?;
    let result = check_all(dir, &manifest, jobs, progress);
    let record = VerifiedRecord {
        at: super::create::now_rfc3339(),
        ok: result.is_ok(),
        problem: result.as_ref().err().map(|e| e.to_string()),
    };
    // A backup that cannot be written to (read-only media) is still verified.
    if let Err(e) = manifest::write_verified(dir, &record) {
        tracing::warn!(error = %e, "the verification result was not recorded");
    }
    result?;
    Ok(VerifyReport {
        path: dir.to_owned(),
        database: manifest.database.clone(),
        migration_version: manifest.migration_version,
        tables: manifest.tables.len(),
        chunks: manifest.tables.iter().map(|t| t.chunks.len()).sum(),
        rows: manifest.rows(),
        bytes: manifest.bytes(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn check_all(dir: &Path, manifest: &Manifest, jobs: usize, progress: &dyn Progress<u64>) -> Result<()> {
    let chunks: Vec<(usize, &ManifestChunk)> = manifest
        .tables
        .iter()
        .enumerate()
        .flat_map(|(t, table)| table.chunks.iter().map(move |c| (t, c)))
        .collect();
    let next = AtomicUsize::new(0);
    let totals = Mutex::new(vec![ContentHash::default(); manifest.tables.len()]);
    let first_error: Mutex<Option<Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    if first_error.lock().expect("error lock").is_some() {
                        return;
                    }
                    let Some(&(t, chunk)) = chunks.get(next.fetch_add(1, Ordering::Relaxed)) else {
                        return;
                    };
                    match check_chunk_file(dir, manifest, chunk) {
                        Ok(content) => {
                            totals.lock().expect("totals lock")[t].merge(content);
                            progress.report(chunk.bytes);
                        }
                        Err(e) => {
                            first_error.lock().expect("error lock").get_or_insert(e);
                            return;
                        }
                    }
                }
            });
        }
    });
    if let Some(error) = first_error.into_inner().expect("error lock") {
        return Err(error);
    }
    let totals = totals.into_inner().expect("totals lock");
    for (table, total) in manifest.tables.iter().zip(totals) {
        if total.rows != table.rows || total.hex() != table.hash {
            return Err(Error::Corrupt(format!(
                "table {} in {}: its chunks hold {} rows with hash {}, the manifest says {} rows with hash {}",
                table.name,
                dir.display(),
                total.rows,
                total.hex(),
                table.rows,
                table.hash
            )));
        }
    }
    Ok(())
}

/// Reads one chunk file and checks it against the manifest; returns its
/// content hash.
fn check_chunk_file(dir: &Path, manifest: &Manifest, chunk: &ManifestChunk) -> Result<ContentHash> {
    let path = chunk_path(dir, chunk)?;
    let mut hasher = TupleHasher::default();
    let on_disk = chunk_file::read(&path, manifest.compression, |buffer| {
        hasher.update(&buffer);
        true
    })?;
    check_on_disk(&path, chunk, &on_disk)?;
    let content = hasher
        .finish()
        .map_err(|problem| Error::Corrupt(format!("{} is not whole: {problem}", path.display())))?;
    check_content(&path, chunk, content)?;
    Ok(content)
}

/// The rows and content hash of a chunk's data must be the manifest's.
pub(super) fn check_content(path: &Path, chunk: &ManifestChunk, content: ContentHash) -> Result<()> {
    if content.rows != chunk.rows || content.hex() != chunk.hash {
        return Err(Error::Corrupt(format!(
            "{} holds {} rows with hash {}, the manifest says {} rows with hash {}",
            path.display(),
            content.rows,
            content.hex(),
            chunk.rows,
            chunk.hash
        )));
    }
    Ok(())
}

/// The size and SHA-256 of a chunk file as read must be the manifest's.
pub(super) fn check_on_disk(path: &Path, chunk: &ManifestChunk, on_disk: &OnDisk) -> Result<()> {
    if on_disk.bytes != chunk.bytes || on_disk.sha256 != chunk.sha256 {
        return Err(Error::Corrupt(format!(
            "{} is damaged: {} bytes with SHA-256 {}, the manifest says {} bytes with SHA-256 {}",
            path.display(),
            on_disk.bytes,
            on_disk.sha256,
            chunk.bytes,
            chunk.sha256
        )));
    }
    Ok(())
}

/// Where a chunk's file is; a manifest naming a file outside its backup's
/// `data/` directory is corrupt.
pub(super) fn chunk_path(dir: &Path, chunk: &ManifestChunk) -> Result<PathBuf> {
    let relative = Path::new(&chunk.file);
    let inside = relative.starts_with("data")
        && relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        return Err(Error::Corrupt(format!(
            "the manifest of {} names a file outside its data directory: {}",
            dir.display(),
            chunk.file
        )));
    }
    Ok(dir.join(relative))
}
