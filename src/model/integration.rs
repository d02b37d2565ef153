//! Connections to external services. Credentials never appear here: they are
//! read, decrypted, only through `repo::integrations::credentials`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Github,
    Sharepoint,
    IgnisPlatform,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExternalConnection {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub service: Service,
    pub name: String,
    /// Non-secret configuration.
    pub config: serde_json::Value,
    pub has_credentials: bool,
    /// The master key the credentials are sealed under.
    pub credentials_key_id: Option<String>,
    pub status: String,
    pub created_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

#[derive(Debug, Clone)]
pub struct NewConnection {
    pub workspace_id: Uuid,
    pub service: Service,
    pub name: String,
    pub config: serde_json::Value,
    pub credentials: Option<Vec<u8>>,
    pub created_by: Option<Uuid>,
}

/// A workspace's use of a connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceIntegration {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub connection_id: Uuid,
    pub status: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_sync_at: Option<OffsetDateTime>,
    pub sync_metadata: serde_json::Value,
    pub version: i64,
}

/// Where one synchronisation stands (of one artifact, or of the integration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncState {
    pub workspace_integration_id: Uuid,
    pub artifact_id: Option<Uuid>,
    pub state: String,
    pub attempts: i32,
    pub remote_ref: Option<String>,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_synced_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_attempt_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncLog {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub connection_id: Option<Uuid>,
    pub artifact_id: Option<Uuid>,
    pub operation: String,
    pub service: Service,
    pub status: String,
    pub details: serde_json::Value,
    pub error_message: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct NewSyncLog {
    pub workspace_id: Uuid,
    pub connection_id: Option<Uuid>,
    pub artifact_id: Option<Uuid>,
    /// save, publish, sync_from_git, sync_to_git, import, export, webhook
    pub operation: String,
    pub service: Service,
    /// pending, success, failed
    pub status: String,
    pub details: serde_json::Value,
    pub error_message: Option<String>,
}
