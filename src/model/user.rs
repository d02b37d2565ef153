//! Users. The password hash is not part of [`User`]: it is read only where a
//! password is checked, so it cannot leak through a listing or a cache.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub enum Role {
    Admin,
    User,
    Readonly,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::User => "user",
            Role::Readonly => "readonly",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum UserStatus {
    Active,
    Disabled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: UserStatus,
    pub preferences: serde_json::Value,
    pub has_password: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_login_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
    /// Pass it back to `update`: a change made meanwhile by someone else is refused.
    pub version: i64,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// A PHC string from the password module; None for provider-only sign-in.
    pub password_hash: Option<String>,
    pub preferences: serde_json::Value,
}

impl NewUser {
    pub fn new(email: impl Into<String>, display_name: impl Into<String>) -> NewUser {
        NewUser {
            email: email.into(),
            display_name: display_name.into(),
            role: Role::User,
            password_hash: None,
            preferences: serde_json::json!({}),
        }
    }
}

/// What `update` changes; None leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    pub preferences: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Github,
    Azure,
}

/// A sign-in through GitHub or Azure. The provider's tokens are read,
/// decrypted, only through `repo::users::identity_tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub id: Uuid,
    pub user_id: Uuid,
    pub provider: Provider,
    pub provider_user_id: String,
    pub username: Option<String>,
    pub has_tokens: bool,
    pub token_key_id: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub token_expires_at: Option<OffsetDateTime>,
    pub version: i64,
}

/// What `link_identity` records.
#[derive(Debug, Clone)]
pub struct NewIdentity<'a> {
    pub user_id: Uuid,
    pub provider: Provider,
    pub provider_user_id: &'a str,
    pub username: Option<&'a str>,
    pub access_token: Option<&'a [u8]>,
    pub refresh_token: Option<&'a [u8]>,
    pub token_expires_at: Option<OffsetDateTime>,
}

/// The provider's tokens, decrypted; wiped from memory when dropped.
pub struct ProviderTokens {
    pub access_token: Option<zeroize::Zeroizing<Vec<u8>>>,
    pub refresh_token: Option<zeroize::Zeroizing<Vec<u8>>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Profile {
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub job_title: Option<String>,
    pub company: Option<String>,
    pub timezone: Option<String>,
    pub locale: Option<String>,
}
