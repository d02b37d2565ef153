//! The cached reads of each kind, over the repositories, and the keys a
//! write must invalidate.
//!
//! Reads answer `Ok(None)` for "no such row" (cached briefly). Writes go
//! through the repositories inside a transaction, then
//! `cache.commit(tx, &[keys...])`, which invalidates only after the commit.
//! Sessions and denylist entries are cached as long as what they describe
//! lives, never longer.

use std::fmt::Display;
use std::time::Duration;

use sqlx::postgres::PgConnection;
use sqlx::{Acquire, Postgres};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Cache, Kind};
use crate::error::{Error, ErrorKind, Result};
use crate::model::activity::Activity;
use crate::model::artifact::Artifact;
use crate::model::auth::Session;
use crate::model::integration::Service;
use crate::model::organization::Repository;
use crate::model::user::{Profile, User};
use crate::model::workspace::WorkspaceSettings;
use crate::repo;

/// Activities in a cached feed: the first page, as a feed is first shown.
pub const FEED_LENGTH: u32 = 50;

/// The key of `kind` for `id`, to invalidate after a write.
pub fn key(kind: Kind, id: impl Display) -> String {
    kind.key(&id.to_string())
}

/// The id of a service config entry: its organization (or `platform`) and service.
pub fn service_config_id(service: Service, organization_id: Option<Uuid>) -> String {
    let service = match service {
        Service::Github => "github",
        Service::Sharepoint => "sharepoint",
        Service::IgnisPlatform => "ignis_platform",
    };
    match organization_id {
        Some(org) => format!("{org}:{service}"),
        None => format!("platform:{service}"),
    }
}

/// A "not found" from a repository is an answer (cached as such), not an error.
fn found<T>(result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn user_profile(cache: &Cache, conn: &mut PgConnection, user_id: Uuid) -> Result<Option<Profile>> {
    cache
        .get_or_load(Kind::UserProfile, &user_id.to_string(), || async {
            found(repo::users::profile(conn, user_id).await)
        })
        .await
}

/// A live user (a deleted one is not found). `db` is a connection, or a
/// pool that is asked for one only on a miss: a pooled connection costs a
/// round trip even unused (sqlx pings it when it goes back).
pub async fn user<'c>(
    cache: &Cache,
    db: impl Acquire<'c, Database = Postgres>,
    id: Uuid,
) -> Result<Option<User>> {
    cache
        .get_or_load(Kind::User, &id.to_string(), || async {
            let mut conn = db
                .acquire()
                .await
                .map_err(Error::db("cannot take a connection"))?;
            found(repo::users::get(&mut conn, id).await)
        })
        .await
}

pub async fn repository(cache: &Cache, conn: &mut PgConnection, id: Uuid) -> Result<Option<Repository>> {
    cache
        .get_or_load(Kind::Repository, &id.to_string(), || async {
            found(repo::organizations::get_repository(conn, id).await)
        })
        .await
}

/// The newest [`FEED_LENGTH`] activities of a user.
pub async fn activity_feed(cache: &Cache, conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Activity>> {
    let feed = cache
        .get_or_load(Kind::ActivityFeed, &user_id.to_string(), || async {
            repo::activities::feed(conn, user_id, None, FEED_LENGTH)
                .await
                .map(|page| Some(page.data))
        })
        .await?;
    Ok(feed.unwrap_or_default())
}

/// A workspace's configuration document and its version.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WorkspaceConfig {
    pub config: serde_json::Value,
    pub version: i64,
}

pub async fn workspace_config(
    cache: &Cache,
    conn: &mut PgConnection,
    workspace_id: Uuid,
) -> Result<Option<WorkspaceConfig>> {
    cache
        .get_or_load(Kind::WorkspaceConfig, &workspace_id.to_string(), || async {
            found(repo::workspaces::config(conn, workspace_id).await)
                .map(|c| c.map(|(config, version)| WorkspaceConfig { config, version }))
        })
        .await
}

pub async fn workspace_settings(
    cache: &Cache,
    conn: &mut PgConnection,
    workspace_id: Uuid,
) -> Result<Option<WorkspaceSettings>> {
    cache
        .get_or_load(Kind::WorkspaceSettings, &workspace_id.to_string(), || async {
            found(repo::workspaces::settings(conn, workspace_id).await)
        })
        .await
}

/// An external service's settings: never its credentials, which live only
/// sealed in PostgreSQL.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServiceConfig {
    pub enabled: bool,
    pub settings: serde_json::Value,
}

pub async fn service_config(
    cache: &Cache,
    conn: &mut PgConnection,
    service: Service,
    organization_id: Option<Uuid>,
) -> Result<Option<ServiceConfig>> {
    let id = service_config_id(service, organization_id);
    cache
        .get_or_load(Kind::ServiceConfig, &id, || async {
            repo::integrations::service_settings(conn, service, organization_id)
                .await
                .map(|row| row.map(|(enabled, settings)| ServiceConfig { enabled, settings }))
        })
        .await
}

/// An artifact's metadata (its content stays in PostgreSQL).
pub async fn artifact(cache: &Cache, conn: &mut PgConnection, id: Uuid) -> Result<Option<Artifact>> {
    cache
        .get_or_load(Kind::Artifact, &id.to_string(), || async {
            found(repo::artifacts::get(conn, id).await)
        })
        .await
}

/// A session, cached until it expires.
pub async fn session(cache: &Cache, conn: &mut PgConnection, id: Uuid) -> Result<Option<Session>> {
    cache
        .get_or_load_for(
            Kind::Session,
            &id.to_string(),
            |s: &Session| Some(until(s.expires_at)),
            || async { found(repo::sessions::get(conn, id).await) },
        )
        .await
}

/// Time from now until `at` (zero when past).
pub fn until(at: OffsetDateTime) -> Duration {
    let left = at - OffsetDateTime::now_utc();
    Duration::try_from(left).unwrap_or(Duration::ZERO)
}

/// A revoked token's entry in the denylist.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Denied {
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// Whether a token is revoked: the Redis denylist, else PostgreSQL (the
/// source of truth). A token not revoked is remembered briefly (negative
/// entry); revoking writes the entry outright ([`deny`]), over it.
pub async fn is_revoked(cache: &Cache, conn: &mut PgConnection, jti: Uuid) -> Result<bool> {
    let denied = cache
        .get_or_load_for(
            Kind::Denylist,
            &jti.to_string(),
            |d: &Denied| Some(until(d.expires_at)),
            || async {
                let token = found(repo::tokens::get(conn, jti).await)?;
                Ok(token.and_then(|t| {
                    t.revoked_at.map(|_| Denied {
                        expires_at: t.expires_at,
                    })
                }))
            },
        )
        .await?;
    Ok(denied.is_some())
}

/// Puts a revoked token on the denylist until it expires. Call it after the
/// revocation committed in PostgreSQL.
pub async fn deny(cache: &Cache, jti: Uuid, expires_at: OffsetDateTime) -> Result<()> {
    cache
        .put(
            Kind::Denylist,
            &jti.to_string(),
            &Denied { expires_at },
            until(expires_at),
        )
        .await
}
