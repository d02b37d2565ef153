//! The manifest: what a backup holds and how to check it, in
//! `manifest.json` at the top of the backup directory.
//!
//! A backup directory is complete when it has its final name (no
//! [`PARTIAL_SUFFIX`]) and a manifest; `create` writes the manifest last and
//! renames the directory only after every file is synced, so a crash leaves
//! a directory that is visibly incomplete. `verify` records its last result
//! beside the manifest in [`VERIFIED_FILE`] (the manifest itself never
//! changes once written).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::chunk_file::Compression;
use crate::error::{Error, ErrorKind, Result};
use crate::files::write_synced;

pub const MANIFEST_FILE: &str = "manifest.json";
pub const VERIFIED_FILE: &str = "verified.json";
/// Suffix of a backup directory still being written.
pub const PARTIAL_SUFFIX: &str = ".partial";
/// The manifest format this binary writes and reads (1: chunks of binary
/// COPY data).
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// `platformctl <version>` that wrote it.
    pub tool: String,
    /// `server_version` of the PostgreSQL it was taken from.
    pub server_version: String,
    pub database: String,
    /// The database's encoding: text in binary COPY data is in it.
    pub encoding: String,
    /// RFC 3339.
    pub started_at: String,
    pub finished_at: String,
    /// The exported snapshot every worker read.
    pub snapshot: String,
    pub compression: Compression,
    /// The newest applied migration: the schema the data belongs to.
    pub migration_version: i64,
    pub migrations: Vec<ManifestMigration>,
    pub tables: Vec<ManifestTable>,
    pub sequences: Vec<ManifestSequence>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestMigration {
    pub version: i64,
    pub description: String,
    /// Hex SHA-384 of the up script, as recorded in `_sqlx_migrations`.
    pub checksum: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestTable {
    /// Schema-qualified, as `regclass` prints it (`public.users` prints as `users`).
    pub name: String,
    pub columns: Vec<ManifestColumn>,
    pub rows: u64,
    /// [`super::content::ContentHash`] of all its rows.
    pub hash: String,
    /// Uncompressed COPY data.
    pub raw_bytes: u64,
    pub chunks: Vec<ManifestChunk>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestColumn {
    pub name: String,
    /// `format_type` of the column.
    #[serde(rename = "type")]
    pub type_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestChunk {
    /// Relative to the backup directory.
    pub file: String,
    /// Size on disk.
    pub bytes: u64,
    pub sha256: String,
    pub rows: u64,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestSequence {
    pub name: String,
    pub last_value: i64,
    pub is_called: bool,
}

/// What `verify` found last, kept beside the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifiedRecord {
    /// RFC 3339.
    pub at: String,
    pub ok: bool,
    /// The first problem when not ok.
    pub problem: Option<String>,
}

impl Manifest {
    /// Bytes on disk of all chunk files.
    pub fn bytes(&self) -> u64 {
        self.tables.iter().flat_map(|t| &t.chunks).map(|c| c.bytes).sum()
    }

    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    /// Reads the manifest of the backup at `dir`: a missing directory is
    /// missing input (66); a directory without a readable manifest, or a
    /// backup still being written, is bad input (65).
    pub fn read(dir: &Path) -> Result<Manifest> {
        if !dir.exists() {
            return Err(Error::Io {
                message: "no backup at",
                path: dir.to_owned(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
                kind: ErrorKind::InputMissing,
            });
        }
        if is_partial(dir) {
            return Err(Error::Corrupt(format!(
                "{} is an incomplete backup (its run did not finish); it cannot be used",
                dir.display()
            )));
        }
        let path = dir.join(MANIFEST_FILE);
        let text = std::fs::read(&path).map_err(|e| {
            Error::Corrupt(format!(
                "{} is not a complete backup: cannot read {} ({e})",
                dir.display(),
                path.display()
            ))
        })?;
        let manifest: Manifest = serde_json::from_slice(&text)
            .map_err(|e| Error::Corrupt(format!("{} is not a valid manifest: {e}", path.display())))?;
        if manifest.format != FORMAT {
            return Err(Error::Corrupt(format!(
                "{} has manifest format {}; this platformctl reads format {FORMAT}",
                path.display(),
                manifest.format
            )));
        }
        Ok(manifest)
    }

    /// Writes the manifest into `dir` and syncs it.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Internal(e.to_string()))?;
        write_synced(&dir.join(MANIFEST_FILE), &json)
    }
}

/// Whether `dir` is a backup directory still being written (or abandoned).
pub fn is_partial(dir: &Path) -> bool {
    dir.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(PARTIAL_SUFFIX))
}

/// The directory a backup bound for `dir` is written in until complete.
pub fn partial_path(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_owned();
    name.push(PARTIAL_SUFFIX);
    dir.with_file_name(name)
}

/// The last `verify` result of the backup at `dir`, if any.
pub fn read_verified(dir: &Path) -> Option<VerifiedRecord> {
    let text = std::fs::read(dir.join(VERIFIED_FILE)).ok()?;
    serde_json::from_slice(&text).ok()
}

pub fn write_verified(dir: &Path, record: &VerifiedRecord) -> Result<()> {
    let json = serde_json::to_vec_pretty(record).map_err(|e| Error::Internal(e.to_string()))?;
    let tmp = dir.join(format!("{VERIFIED_FILE}.tmp"));
    write_synced(&tmp, &json)?;
    std::fs::rename(&tmp, dir.join(VERIFIED_FILE)).map_err(Error::io(
        "cannot record the verification in",
        dir,
        ErrorKind::CannotCreate,
    ))
}
