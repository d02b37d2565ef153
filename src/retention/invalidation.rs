//! Which cache entries a purged row leaves stale: purged entities leave the
//! cache once their batch has committed.

use crate::cache::Kind;
use crate::cache::entities::key;
use crate::cache::kinds::DESCRIPTIONS;

/// The cached kinds a deleted row of `table` may be behind, each with the
/// column of the row that is their id (from the kinds' descriptions).
fn kinds(table: &str) -> impl Iterator<Item = (Kind, &'static str)> + '_ {
    DESCRIPTIONS.iter().flat_map(move |d| {
        d.invalidated_by
            .iter()
            .filter(move |(t, _)| *t == table)
            .map(move |(_, column)| (d.kind, *column))
    })
}

/// Whether rows of `table` can be behind a cache entry.
pub fn caches(table: &str) -> bool {
    kinds(table).next().is_some()
}

/// The keys to delete for these deleted rows (`(table, row as JSON)`),
/// each once.
pub fn keys(rows: &[(String, String)]) -> Vec<String> {
    let mut keys: Vec<String> = rows
        .iter()
        .flat_map(|(table, json)| {
            let row: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            kinds(table)
                .filter_map(|(kind, column)| row[column].as_str().map(|id| key(kind, id)))
                .collect::<Vec<_>>()
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}
