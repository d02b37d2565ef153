//! A warm's pages: a range of a table's blocks, the entries read from it,
//! and their commands, written straight into each primary's buffer.

use std::time::Duration;

use crate::cache::keys::Kind;
use crate::cache::pipe::Commands;
use crate::error::{Error, Result};

/// Blocks `[start, end)` of a table: one page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Blocks {
    pub(super) start: i64,
    pub(super) end: i64,
}

impl Blocks {
    /// The page's bounds as `tid` literals, bound as $1 and $2.
    pub(super) fn bounds(self) -> (String, String) {
        (format!("({},0)", self.start), format!("({},0)", self.end))
    }
}

/// One page: its blocks, its entries, their commands (until sent), the
/// hash of its versions as read, and the snapshot it was read in.
pub(super) struct Page {
    pub(super) range: Blocks,
    pub(super) entries: Entries,
    pub(super) commands: Option<Commands>,
    pub(super) hash: Option<i64>,
    pub(super) snapshot: String,
}

/// The keys of a page, for the re-read: each row's id (as in its key) and
/// what says the row changed (its version), in one buffer rather than two
/// strings a row.
#[derive(Default)]
pub(super) struct Entries {
    pub(super) text: String,
    /// Where each row's id ends and its fingerprint ends, in `text`.
    pub(super) ends: Vec<(usize, usize)>,
}

impl Entries {
    /// Adds a row; returns its id.
    pub(super) fn push(&mut self, id: impl std::fmt::Display, fingerprint: impl std::fmt::Display) -> &str {
        use std::fmt::Write;
        let start = self.text.len();
        // Writing to a String cannot fail.
        let _ = write!(self.text, "{id}");
        let id_end = self.text.len();
        let _ = write!(self.text, "{fingerprint}");
        self.ends.push((id_end, self.text.len()));
        &self.text[start..id_end]
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each row's (id, fingerprint).
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|(_, end)| *end));
        starts
            .zip(&self.ends)
            .map(|(start, (id_end, end))| (&self.text[start..*id_end], &self.text[*id_end..*end]))
    }
}

/// Fills a page: each row's entry, and its `SET` in its primary's buffer.
pub(super) struct PageWriter {
    pub(super) kind: Kind,
    pub(super) entries: Entries,
    pub(super) commands: Commands,
    /// Reused for every row's key and value.
    pub(super) key: Vec<u8>,
    pub(super) value: Vec<u8>,
    /// The page's version hash, when its read computed it row by row (the
    /// XOR of each row's hash, as `page_hash` computes it), which saves a
    /// second scan of its blocks.
    pub(super) read_hash: Option<Option<i64>>,
}

impl PageWriter {
    pub(super) fn new(kind: Kind, commands: Commands) -> PageWriter {
        PageWriter {
            kind,
            entries: Entries::default(),
            commands,
            key: Vec::new(),
            value: Vec::new(),
            read_hash: None,
        }
    }

    /// Adds one row: its value is `value` as JSON, as the cache reads it.
    /// Nothing already past its life is written.
    pub(super) fn add<T: serde::Serialize>(
        &mut self,
        id: impl std::fmt::Display,
        fingerprint: impl std::fmt::Display,
        ttl: Duration,
        value: &T,
    ) -> Result<()> {
        self.add_encoded(id, fingerprint, ttl, |out| {
            serde_json::to_writer(out, value).map_err(|e| Error::Internal(e.to_string()))
        })
    }

    /// Adds one row whose JSON `encode` writes.
    pub(super) fn add_encoded(
        &mut self,
        id: impl std::fmt::Display,
        fingerprint: impl std::fmt::Display,
        ttl: Duration,
        encode: impl FnOnce(&mut Vec<u8>) -> Result<()>,
    ) -> Result<()> {
        if ttl.is_zero() {
            return Ok(());
        }
        self.value.clear();
        self.value.push(b'v');
        encode(&mut self.value)?;
        let id = self.entries.push(id, fingerprint);
        self.kind.write_key(&mut self.key, id);
        self.commands.set(&self.key, &self.value, ttl);
        Ok(())
    }
}
