//! Audit trail entries.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub outcome: String,
    pub details: serde_json::Value,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    /// "os:alice", "user:<uuid>", "service:<name>".
    pub actor: String,
    /// dotted lowercase, e.g. "user.disable".
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// "success", "failure" or "denied".
    pub outcome: String,
    /// Arguments and results, with secrets already redacted by the caller.
    pub details: serde_json::Value,
    pub request_id: Option<String>,
}
