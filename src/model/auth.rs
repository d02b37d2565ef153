//! Metadata of issued tokens, and user sessions. Token values are never stored.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Access => "access",
            TokenKind::Refresh => "refresh",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TokenRecord {
    pub jti: Uuid,
    pub user_id: Uuid,
    pub session_id: Option<Uuid>,
    pub kind: TokenKind,
    pub family_id: Uuid,
    pub parent_jti: Option<Uuid>,
    pub audience: String,
    pub scopes: Vec<String>,
    pub key_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    pub revoked_reason: Option<String>,
    pub issued_by: String,
    pub revoked_by: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewToken {
    pub jti: Uuid,
    pub user_id: Uuid,
    pub session_id: Option<Uuid>,
    pub kind: TokenKind,
    /// For a refresh token rotated from another: the parent's family.
    pub family_id: Uuid,
    pub parent_jti: Option<Uuid>,
    pub audience: String,
    pub scopes: Vec<String>,
    pub key_id: String,
    pub issued_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub issued_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Session {
    pub id: Uuid,
    pub user_id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    pub revoked_reason: Option<String>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
}
