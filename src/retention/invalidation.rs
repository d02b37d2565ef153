//! Which cache entries a purged row leaves stale: purged entities leave the
//! cache once their batch has committed.

use crate::cache::Kind;
use crate::cache::entities::key;

/// The cached kinds a deleted row of `table` may be behind, and the column
/// of the row that is their id.
fn kinds(table: &str) -> &'static [(Kind, &'static str)] {
    match table {
        "users" => &[(Kind::UserProfile, "id"), (Kind::ActivityFeed, "id")],
        "user_profiles" => &[(Kind::UserProfile, "user_id")],
        "activities" => &[(Kind::ActivityFeed, "user_id")],
        "workspaces" => &[(Kind::WorkspaceConfig, "id"), (Kind::WorkspaceSettings, "id")],
        "workspace_configs" => &[(Kind::WorkspaceConfig, "workspace_id")],
        "workspace_settings" => &[(Kind::WorkspaceSettings, "workspace_id")],
        "artifacts" => &[(Kind::Artifact, "id")],
        "artifact_versions" => &[(Kind::Artifact, "artifact_id")],
        "user_sessions" => &[(Kind::Session, "id")],
        "auth_tokens" => &[(Kind::Denylist, "jti")],
        _ => &[],
    }
}

/// Whether rows of `table` can be behind a cache entry.
pub fn caches(table: &str) -> bool {
    !kinds(table).is_empty()
}

/// The keys to delete for these deleted rows (`(table, row as JSON)`),
/// each once.
pub fn keys(rows: &[(String, String)]) -> Vec<String> {
    let mut keys: Vec<String> = rows
        .iter()
        .flat_map(|(table, json)| {
            let row: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            kinds(table)
                .iter()
                .filter_map(move |(kind, column)| row[*column].as_str().map(|id| key(*kind, id)))
                .collect::<Vec<_>>()
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}
