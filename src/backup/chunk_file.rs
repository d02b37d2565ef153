//! Chunk files: the binary COPY data of one chunk of one table, compressed or not,
//! with the SHA-256 and size of exactly the bytes on disk.
//!
//! Writing and reading run on blocking threads (compression is CPU work) fed
//! through bounded channels of buffers of about [`BUFFER_BYTES`], so memory
//! stays bounded whatever the size of the table.

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use super::content::{ContentHash, TupleHasher};
use crate::error::{Error, ErrorKind, Result};

/// COPY data moves in buffers of about this size.
pub use crate::pgcopy::BUFFER_BYTES;

/// How chunk files are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "algorithm", rename_all = "lowercase")]
pub enum Compression {
    None,
    Zstd { level: i32 },
}

impl Compression {
    pub const DEFAULT: Compression = Compression::Zstd { level: 3 };

    pub fn extension(self) -> &'static str {
        match self {
            Compression::None => "copy",
            Compression::Zstd { .. } => "copy.zst",
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Compression::None => f.write_str("none"),
            Compression::Zstd { level } => write!(f, "zstd:{level}"),
        }
    }
}

impl FromStr for Compression {
    type Err = String;

    /// `none`, `zstd` (level 3) or `zstd:LEVEL` with LEVEL from 1 to 19.
    fn from_str(text: &str) -> Result<Compression, String> {
        let bad = || format!("{text:?} is not a compression: use none, zstd or zstd:LEVEL (1 to 19)");
        match text.split_once(':') {
            None if text == "none" => Ok(Compression::None),
            None if text == "zstd" => Ok(Compression::DEFAULT),
            Some(("zstd", level)) => match level.parse::<i32>() {
                Ok(level) if (1..=19).contains(&level) => Ok(Compression::Zstd { level }),
                _ => Err(bad()),
            },
            _ => Err(bad()),
        }
    }
}

/// A chunk file as written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Size on disk.
    pub bytes: u64,
    pub sha256: String,
    /// Uncompressed COPY data.
    pub raw_bytes: u64,
    pub content: ContentHash,
}

/// Writes the buffers received on `data` to a new file at `path` until the
/// sender is dropped, then syncs it. Runs on a blocking thread.
pub fn write(
    path: &Path,
    compression: Compression,
    mut data: tokio::sync::mpsc::Receiver<Vec<u8>>,
) -> Result<Written> {
    let cannot_write = |e| Error::io("cannot write backup file", path, ErrorKind::CannotCreate)(e);
    let file = crate::files::create_private_file(path).map_err(cannot_write)?;
    let counted = HashingWriter::new(BufWriter::with_capacity(BUFFER_BYTES, file));
    let mut sink = match compression {
        Compression::None => Sink::Plain(counted),
        Compression::Zstd { level } => {
            Sink::Zstd(zstd::stream::write::Encoder::new(counted, level).map_err(cannot_write)?)
        }
    };
    let mut hasher = TupleHasher::default();
    let mut raw_bytes = 0;
    while let Some(buffer) = data.blocking_recv() {
        hasher.update(&buffer);
        raw_bytes += buffer.len() as u64;
        sink.write_all(&buffer).map_err(cannot_write)?;
    }
    let counted = match sink {
        Sink::Plain(counted) => counted,
        Sink::Zstd(encoder) => encoder.finish().map_err(cannot_write)?,
    };
    let (buffered, sha, bytes) = counted.into_parts();
    let file = buffered.into_inner().map_err(|e| cannot_write(e.into_error()))?;
    file.sync_all().map_err(cannot_write)?;
    let content = hasher
        .finish()
        .map_err(|problem| Error::Internal(format!("the COPY data of {}: {problem}", path.display())))?;
    Ok(Written {
        bytes,
        sha256: crate::hex::encode(&sha.finalize()),
        raw_bytes,
        content,
    })
}

enum Sink<W: Write> {
    Plain(HashingWriter<W>),
    Zstd(zstd::stream::write::Encoder<'static, HashingWriter<W>>),
}

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Zstd(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Zstd(w) => w.flush(),
        }
    }
}

/// Counts and hashes what goes to disk.
struct HashingWriter<W> {
    inner: W,
    sha: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            sha: Sha256::new(),
            bytes: 0,
        }
    }

    fn into_parts(self) -> (W, Sha256, u64) {
        (self.inner, self.sha, self.bytes)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sha.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A chunk file as read: what its bytes on disk hash to.
#[derive(Debug, Clone)]
pub struct OnDisk {
    pub bytes: u64,
    pub sha256: String,
}

/// Reads the chunk file at `path`, handing its COPY data to `sink` in
/// buffers; `sink` returns false to stop early (its reader went away).
/// The whole file is hashed, trailing bytes after the data included. Runs on
/// a blocking thread. Unreadable or undecodable data is corrupt (exit 65).
pub fn read(path: &Path, compression: Compression, mut sink: impl FnMut(Vec<u8>) -> bool) -> Result<OnDisk> {
    let corrupt = |e: io::Error| {
        if e.kind() == io::ErrorKind::NotFound {
            Error::Corrupt(format!("backup file {} is missing", path.display()))
        } else {
            Error::Corrupt(format!("cannot read backup file {}: {e}", path.display()))
        }
    };
    let file = File::open(path).map_err(corrupt)?;
    let mut counted = HashingReader {
        inner: file,
        sha: Sha256::new(),
        bytes: 0,
    };
    match compression {
        Compression::None => {
            if !pump(&mut counted, &mut sink).map_err(corrupt)? {
                return Err(Error::Interrupted);
            }
        }
        Compression::Zstd { .. } => {
            let mut decoder =
                zstd::stream::read::Decoder::with_buffer(io::BufReader::with_capacity(1 << 17, &mut counted))
                    .map_err(corrupt)?;
            if !pump(&mut decoder, &mut sink).map_err(corrupt)? {
                return Err(Error::Interrupted);
            }
            // Whatever follows the compressed data still counts.
            let mut rest = decoder.finish();
            io::copy(&mut rest, &mut io::sink()).map_err(corrupt)?;
        }
    }
    Ok(OnDisk {
        bytes: counted.bytes,
        sha256: crate::hex::encode(&counted.sha.finalize()),
    })
}

/// Reads `from` to its end in buffers of about [`BUFFER_BYTES`]; false when
/// `sink` asked to stop.
fn pump(from: &mut impl Read, sink: &mut impl FnMut(Vec<u8>) -> bool) -> io::Result<bool> {
    loop {
        let mut buffer = vec![0; BUFFER_BYTES];
        let mut filled = 0;
        while filled < buffer.len() {
            match from.read(&mut buffer[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        if filled == 0 {
            return Ok(true);
        }
        buffer.truncate(filled);
        let last = filled < BUFFER_BYTES;
        if !sink(buffer) {
            return Ok(false);
        }
        if last {
            return Ok(true);
        }
    }
}

struct HashingReader<R> {
    inner: R,
    sha: Sha256,
    bytes: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressions_parse_and_print_alike() {
        for text in ["none", "zstd:3", "zstd:19", "zstd:1"] {
            assert_eq!(text.parse::<Compression>().unwrap().to_string(), text);
        }
        assert_eq!("zstd".parse::<Compression>().unwrap(), Compression::DEFAULT);
        for bad in ["gzip", "zstd:0", "zstd:20", "zstd:x", "none:1", ""] {
            let err = bad.parse::<Compression>().unwrap_err();
            assert!(err.contains("zstd:LEVEL"), "{err}");
        }
    }

    /// A binary COPY stream of `n` rows of one int8 field.
    fn binary_rows(n: i64) -> Vec<u8> {
        let mut out = crate::pgcopy::SIGNATURE.to_vec();
        out.extend_from_slice(&[0; 8]);
        for i in 0..n {
            out.extend_from_slice(&1i16.to_be_bytes());
            out.extend_from_slice(&8i32.to_be_bytes());
            out.extend_from_slice(&i.to_be_bytes());
        }
        out.extend_from_slice(&(-1i16).to_be_bytes());
        out
    }

    fn round_trip(compression: Compression) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("t.{}", compression.extension()));
        let rows = binary_rows(200_000);
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || write(&path, compression, rx))
        };
        for piece in rows.chunks(300_001) {
            tx.blocking_send(piece.to_vec()).unwrap();
        }
        drop(tx);
        let written = writer.join().unwrap().unwrap();
        assert_eq!(written.raw_bytes, rows.len() as u64);
        assert_eq!(written.content.rows, 200_000);
        assert_eq!(written.bytes, std::fs::metadata(&path).unwrap().len());

        let mut back = Vec::new();
        let read = read(&path, compression, |b| {
            back.extend_from_slice(&b);
            true
        })
        .unwrap();
        assert_eq!(back, rows);
        assert_eq!(read.sha256, written.sha256);
        assert_eq!(read.bytes, written.bytes);

        // One flipped byte on disk changes the file's hash (or breaks the frame).
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x40;
        std::fs::write(&path, &bytes).unwrap();
        match super::read(&path, compression, |_| true) {
            Ok(read) => assert_ne!(read.sha256, written.sha256),
            Err(e) => assert!(matches!(e, Error::Corrupt(_)), "{e}"),
        }
    }

    #[test]
    fn chunks_round_trip_plain_and_compressed() {
        round_trip(Compression::None);
        round_trip(Compression::DEFAULT);
    }

    #[test]
    fn a_missing_chunk_file_is_corrupt_input_naming_the_file() {
        let err = read(Path::new("/nonexistent/x.copy"), Compression::None, |_| true).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadInput);
        assert!(
            err.to_string().contains("/nonexistent/x.copy is missing"),
            "{err}"
        );
    }
}
