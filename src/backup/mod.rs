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

use sqlx::postgres::PgConnection;

use chunk_file::BUFFER_BYTES;

/// The data of a `COPY ... TO STDOUT` in buffers of about
/// [`BUFFER_BYTES`] (the server sends one message per row).
pub(crate) struct CopyOut<'c> {
    stream: futures_core::stream::BoxStream<'c, Result<bytes::Bytes, sqlx::Error>>,
    done: bool,
}

impl<'c> CopyOut<'c> {
    pub(crate) async fn start(
        conn: &'c mut PgConnection,
        statement: &str,
    ) -> Result<CopyOut<'c>, sqlx::Error> {
        Ok(CopyOut {
            stream: conn.copy_out_raw(statement).await?,
            done: false,
        })
    }

    /// The next buffer; `None` at the end of the data.
    pub(crate) async fn next(&mut self) -> Option<Result<Vec<u8>, sqlx::Error>> {
        if self.done {
            return None;
        }
        let mut buffer = Vec::with_capacity(BUFFER_BYTES);
        while buffer.len() < BUFFER_BYTES {
            match std::future::poll_fn(|cx| self.stream.as_mut().poll_next(cx)).await {
                Some(Ok(piece)) => buffer.extend_from_slice(&piece),
                Some(Err(e)) => return Some(Err(e)),
                None => {
                    self.done = true;
                    break;
                }
            }
        }
        (!buffer.is_empty()).then_some(Ok(buffer))
    }
}
