//! A batch's archiving: the rows its deletes return, as binary COPY, are
//! encoded as archive lines and compressed a piece at a time as they
//! arrive, while the server still deletes the rest.

use sqlx::postgres::PgConnection;

use crate::error::{Error, Result};
use crate::pgcopy::{CopyOut, CopyStream, StreamError};
use crate::retention::archive::{ArchiveFile, Frames};

use super::{Done, Scope};

/// Where a batch's deleted rows go as they come back: archive lines,
/// compressed a piece at a time.
pub(super) struct Archiving<'s> {
    scope: &'s Scope,
    pub(super) done: Done,
    lines: Vec<u8>,
    frames: Frames,
    /// The archive lines' length before compression.
    pub(super) bytes: u64,
    archive: &'s mut ArchiveFile,
}

impl<'s> Archiving<'s> {
    pub(super) fn new(scope: &'s Scope, archive: &'s mut ArchiveFile) -> Result<Archiving<'s>> {
        let frames = Frames::new().map_err(archive.compress_error())?;
        Ok(Archiving {
            scope,
            done: Done::default(),
            lines: Vec::new(),
            frames,
            bytes: 0,
            archive,
        })
    }

    /// The fields of a returned row: the scope's table's rows lead with
    /// their ctid.
    pub(super) fn width(&self, descendant: Option<usize>) -> usize {
        match descendant {
            None => 1 + self.scope.columns.count(),
            Some(i) => self.scope.descendant_columns[i].count(),
        }
    }

    /// One deleted row, of the scope's table or of descendant `i`.
    pub(super) fn add(
        &mut self,
        descendant: Option<usize>,
        fields: &[Option<&[u8]>],
    ) -> std::result::Result<(), String> {
        let (table, columns, fields) = match descendant {
            None => {
                let block = tid_block(fields[0])?;
                self.done.selected += 1;
                self.done.last_block = Some(self.done.last_block.map_or(block, |b| b.max(block)));
                (&self.scope.label, &self.scope.columns, &fields[1..])
            }
            Some(i) => (
                &self.scope.descendants[i].table,
                &self.scope.descendant_columns[i],
                fields,
            ),
        };
        let start = begin_line(&mut self.lines, table);
        columns.write_json(fields, &mut self.lines)?;
        end_line(&mut self.lines, &mut self.done, table, start);
        Ok(())
    }

    /// Compresses the lines so far and writes them to the archive.
    pub(super) fn flush(&mut self) -> Result<()> {
        let frame = self
            .frames
            .compress(&self.lines)
            .map_err(self.archive.compress_error())?;
        self.archive.write_frame(frame)?;
        self.bytes += self.lines.len() as u64;
        self.lines.clear();
        Ok(())
    }
}

/// Runs one delete and archives the rows it returns as they arrive, so that
/// this process encodes and compresses them while the server still deletes
/// the rest (on two cores, the two overlap instead of taking turns).
pub(super) async fn stream(
    conn: &mut PgConnection,
    sql: &str,
    descendant: Option<usize>,
    archiving: &mut Archiving<'_>,
    context: impl Fn() -> String,
) -> Result<()> {
    let malformed = |problem: String| Error::Internal(format!("{}: {problem}", context()));
    let width = archiving.width(descendant);
    let mut copy = CopyOut::returning(conn, sql)
        .await
        .map_err(Error::db(context()))?;
    let mut rows = CopyStream::default();
    let mut failed: Option<Error> = None;
    while let Some(piece) = copy.next().await {
        let piece = piece.map_err(Error::db(context()))?;
        if failed.is_some() {
            // Read to its end all the same: a COPY left unread would put
            // the connection out of step with the server, and the purge
            // goes on with other policies on it.
            continue;
        }
        let fed = rows.feed(piece, width, |fields| archiving.add(descendant, fields));
        failed = match fed {
            Ok(()) => archiving.flush().err(),
            Err(StreamError::Malformed(problem) | StreamError::Row(problem)) => Some(malformed(problem)),
        };
    }
    match failed {
        Some(error) => Err(error),
        None => rows.finish().map_err(malformed),
    }
}

/// The block of a `tid` in its send format: the block number (4 bytes),
/// then the offset in it (2).
pub(super) fn tid_block(field: Option<&[u8]>) -> std::result::Result<i64, String> {
    field
        .filter(|b| b.len() == 6)
        .map(|b| i64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])))
        .ok_or_else(|| "a ctid is not 6 bytes".to_owned())
}

/// Appends one archive line for a row given as JSON text.
pub(in crate::retention) fn add_line(lines: &mut Vec<u8>, done: &mut Done, table: &str, row: String) {
    let start = begin_line(lines, table);
    lines.extend_from_slice(row.as_bytes());
    end_line(lines, done, table, start);
}

pub(super) fn begin_line(lines: &mut Vec<u8>, table: &str) -> usize {
    lines.extend_from_slice(b"{\"table\":\"");
    lines.extend_from_slice(table.as_bytes());
    lines.extend_from_slice(b"\",\"row\":");
    lines.len()
}

pub(super) fn end_line(lines: &mut Vec<u8>, done: &mut Done, table: &str, row_start: usize) {
    if crate::retention::invalidation::caches(table) {
        let row = String::from_utf8_lossy(&lines[row_start..]).into_owned();
        done.rows.push((table.to_owned(), row));
    }
    lines.extend_from_slice(b"}\n");
    *done.tables.entry(table.to_owned()).or_default() += 1;
}
