//! Backups: consistent, parallel, verified copies of the database's data,
//! restored through the migrations.
//!
//! - `manifest`: what a backup holds (tables, chunks, checksums, migrations).
//! - `catalog`: the tables, their columns and sizes, and their block ranges.
//! - `content`: the order-independent content hash of a table's rows.
//! - `chunk_file`: one chunk of binary COPY data on disk, compressed and hashed.
//! - `create`, `verify`, `restore`: the commands; `inventory`: listing and
//!   pruning the backups of a directory.
//!
//! A backup is a directory: `manifest.json` and `data/` with one file per
//! chunk. The schema is not in it: a restore applies this binary's
//! migrations up to the backup's version (refusing when they differ from the
//! ones the backup was taken under), then loads the data, so a backup can
//! only be restored by a platformctl that knows its schema.

pub mod catalog;
pub mod chunk_file;
pub mod content;
pub mod create;
pub mod inventory;
pub mod manifest;
pub mod restore;
pub mod verify;

pub use chunk_file::Compression;
pub use create::{CreateOptions, CreateReport, create};
pub use manifest::Manifest;
pub use restore::{RestoreOptions, RestoreReport, restore};
pub use verify::{VerifyReport, verify};
