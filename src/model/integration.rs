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
