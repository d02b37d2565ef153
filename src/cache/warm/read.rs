//! Reading one page of each kind: the rows in a range of blocks, read in
//! one snapshot and encoded as they come.

use std::collections::HashMap;
use std::time::Duration;

use sqlx::Connection;
use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::page::{Blocks, Page, PageWriter};
use super::recheck::{current_snapshot, page_hash};
use crate::cache::entities::{self, Denied, FEED_LENGTH, ServiceConfig, WorkspaceConfig};
use crate::cache::keys::{Kind, jittered, unit_random};
use crate::cache::pg_hash;
use crate::cache::pipe::Commands;
use crate::config::CacheSettings;
use crate::error::{Error, Result};
use crate::json;
use crate::model::activity::Activity;
use crate::model::artifact::Artifact;
use crate::model::auth::Session;
use crate::model::organization::Repository;
use crate::model::user::User;
use crate::model::workspace::WorkspaceSettings;
use crate::pgcopy::{self, CopyRows};

/// Reads one page and the hash of its versions, from one snapshot.
pub(super) async fn read_snapshot(
    kind: Kind,
    settings: &CacheSettings,
    conn: &mut PgConnection,
    range: Blocks,
    commands: Commands,
    copy_buffer: &mut Vec<u8>,
) -> Result<Page> {
    let mut tx = conn
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(Error::db("cannot start a warm's read"))?;
    // The first statement takes the transaction's snapshot, which the
    // page's read then uses too.
    let snapshot = current_snapshot(&mut tx).await?;
    let mut page = PageWriter::new(kind, commands);
    read_page(settings, &mut tx, range, &mut page, copy_buffer).await?;
    let hash = match page.read_hash {
        Some(hash) => hash,
        None => page_hash(kind, &mut tx, range).await?,
    };
    tx.commit().await.map_err(Error::db("cannot end a warm's read"))?;
    Ok(Page {
        range,
        entries: page.entries,
        commands: Some(page.commands),
        hash,
        snapshot,
    })
}

/// The rows `T` of one page: `sql` takes the page's bounds as $1 and $2.
pub(super) async fn rows_in<T>(
    conn: &mut PgConnection,
    sql: &'static str,
    range: Blocks,
    context: String,
) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let (from, to) = range.bounds();
    sqlx::query_as(sql)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await
        .map_err(Error::db(context))
}

/// Reads one page of `kind`: the rows in the blocks of `range` (through
/// `copy_buffer` for the kinds read as COPY).
pub(super) async fn read_page(
    settings: &CacheSettings,
    conn: &mut PgConnection,
    range: Blocks,
    page: &mut PageWriter,
    copy_buffer: &mut Vec<u8>,
) -> Result<()> {
    let kind = page.kind;
    let context = || format!("cannot read {} rows to warm", kind.name());
    let tier = |ttl: Option<Duration>| jittered(ttl.unwrap_or(Duration::from_secs(60)), unit_random());
    match kind {
        Kind::UserProfile => {
            // The kind `cache warm` spends most on (one per user): its page
            // comes as binary COPY and is read in place (`pgcopy`), its
            // columns borrowed, not copied into a `Profile` first, and each
            // row's version is hashed here as the server hashes it for the
            // re-check (`pg_hash`).
            // The bounds are tids formatted from block numbers, so they can
            // be written into the statement, which COPY cannot bind.
            let (from, to) = range.bounds();
            let statement = format!(
                "COPY (SELECT user_id, version, avatar_url, bio, job_title, company, timezone, locale
                       FROM user_profiles WHERE ctid >= '{from}'::tid AND ctid < '{to}'::tid)
                 TO STDOUT (FORMAT binary)"
            );
            pgcopy::read_all(&mut *conn, &statement, copy_buffer)
                .await
                .map_err(Error::db(context()))?;
            let malformed = |problem: String| Error::Internal(format!("{}: {problem}", context()));
            let mut rows = CopyRows::new(copy_buffer).map_err(malformed)?;
            let mut fields = [None; 8];
            // The XOR of the rows' hashes, as `page_hash` computes it (None
            // without rows, as `bit_xor` of none is NULL).
            let mut hash = None;
            while rows.next_row(&mut fields).map_err(malformed)? {
                let user_id = pgcopy::uuid(fields[0]).map_err(malformed)?;
                let version = pgcopy::int8(fields[1]).map_err(malformed)?;
                let text = |i: usize| pgcopy::text(fields[i]).map_err(malformed);
                let profile = ProfileRef {
                    avatar_url: text(2)?,
                    bio: text(3)?,
                    job_title: text(4)?,
                    company: text(5)?,
                    timezone: text(6)?,
                    locale: text(7)?,
                };
                page.add_encoded(user_id, version, tier(kind.ttl(settings)), |out| {
                    profile.write_json(out);
                    Ok(())
                })?;
                hash = Some(hash.unwrap_or(0) ^ pg_hash::uuid_hash_extended(user_id.as_bytes(), version));
            }
            page.read_hash = Some(hash);
        }
        Kind::Repository => {
            let rows: Vec<Repository> = rows_in(
                conn,
                "SELECT id, github_id, organization_id, name, description, language, stars, forks, open_issues,
                        updated_at, version
                 FROM repositories WHERE ctid >= $1::text::tid AND ctid < $2::text::tid",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.id, r.version, tier(kind.ttl(settings)), &r)?;
            }
        }
        Kind::ActivityFeed => {
            // A page of users, then each one's newest activities in one query.
            let (from, to) = range.bounds();
            let users: Vec<Uuid> = sqlx::query_scalar(
                "SELECT id FROM users
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid AND deleted_at IS NULL",
            )
            .bind(from)
            .bind(to)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(context()))?;
            let activities: Vec<Activity> = sqlx::query_as(
                "SELECT a.id, a.user_id, a.repository_id, a.type AS activity_type, a.occurred_at, a.data
                 FROM unnest($1::uuid[]) AS u(id)
                 CROSS JOIN LATERAL (
                     SELECT * FROM activities WHERE user_id = u.id
                     ORDER BY occurred_at DESC, id DESC LIMIT $2) a",
            )
            .bind(&users)
            .bind(i64::from(FEED_LENGTH))
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(context()))?;
            let mut feeds: HashMap<Uuid, Vec<Activity>> = HashMap::new();
            for a in activities {
                feeds.entry(a.user_id).or_default().push(a);
            }
            for user in users {
                let feed = feeds.remove(&user).unwrap_or_default();
                // The newest first, as the re-check reads it.
                let newest = feed.first().map(|a| a.id.to_string()).unwrap_or_default();
                page.add(user, newest, tier(kind.ttl(settings)), &feed)?;
            }
        }
        Kind::WorkspaceConfig => {
            let rows: Vec<(Uuid, serde_json::Value, i64)> = rows_in(
                conn,
                "SELECT workspace_id, config, version FROM workspace_configs
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid",
                range,
                context(),
            )
            .await?;
            for (workspace_id, config, version) in rows {
                page.add(
                    workspace_id,
                    version,
                    tier(kind.ttl(settings)),
                    &WorkspaceConfig { config, version },
                )?;
            }
        }
        Kind::WorkspaceSettings => {
            let rows: Vec<WorkspaceSettings> = rows_in(
                conn,
                "SELECT workspace_id, chat_retention_days, artifact_versions_to_keep, default_branch, visibility,
                        version
                 FROM workspace_settings WHERE ctid >= $1::text::tid AND ctid < $2::text::tid",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.workspace_id, r.version, tier(kind.ttl(settings)), &r)?;
            }
        }
        Kind::ServiceConfig => {
            let rows: Vec<(String, bool, serde_json::Value, String)> = rows_in(
                conn,
                "SELECT coalesce(organization_id::text, 'platform') || ':' || service, enabled, settings,
                        version::text
                 FROM integration_configs WHERE ctid >= $1::text::tid AND ctid < $2::text::tid",
                range,
                context(),
            )
            .await?;
            for (id, enabled, settings_json, version) in rows {
                let config = ServiceConfig {
                    enabled,
                    settings: settings_json,
                };
                page.add(id, version, tier(kind.ttl(settings)), &config)?;
            }
        }
        Kind::Artifact => {
            let rows: Vec<Artifact> = rows_in(
                conn,
                "SELECT id, workspace_id, name, type AS artifact_type, file_path, status, github_sync_status,
                        sharepoint_sync_status, current_version, created_by, created_at, updated_at, deleted_at,
                        version
                 FROM artifacts
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid AND deleted_at IS NULL",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.id, r.version, tier(kind.ttl(settings)), &r)?;
            }
        }
        Kind::Session => {
            let rows: Vec<Session> = rows_in(
                conn,
                "SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at, revoked_reason,
                        host(ip_address) AS ip_address, user_agent
                 FROM user_sessions
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid AND expires_at > now()",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.id, r.revoked_at.is_some(), entities::until(r.expires_at), &r)?;
            }
        }
        Kind::Denylist => {
            // The denylist rebuilt from PostgreSQL, its source of truth.
            let rows: Vec<(Uuid, OffsetDateTime)> = rows_in(
                conn,
                "SELECT jti, expires_at FROM auth_tokens
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid
                   AND revoked_at IS NOT NULL AND expires_at > now()",
                range,
                context(),
            )
            .await?;
            for (jti, expires_at) in rows {
                page.add(jti, "", entities::until(expires_at), &Denied { expires_at })?;
            }
        }
        Kind::User => {
            let rows: Vec<User> = rows_in(
                conn,
                "SELECT id, email, display_name, role, status, preferences,
                        password_hash IS NOT NULL AS has_password, last_login_at, created_at, updated_at,
                        deleted_at, version
                 FROM users
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid AND deleted_at IS NULL",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.id, r.version, tier(kind.ttl(settings)), &r)?;
            }
        }
    }
    Ok(())
}

/// A [`Profile`] borrowed from its row: written exactly as serde_json writes
/// a `Profile` (a test holds them equal), without copying each column first.
pub(super) struct ProfileRef<'r> {
    avatar_url: Option<&'r str>,
    bio: Option<&'r str>,
    job_title: Option<&'r str>,
    company: Option<&'r str>,
    timezone: Option<&'r str>,
    locale: Option<&'r str>,
}

impl ProfileRef<'_> {
    /// The profile as JSON, written here rather than through serde, for its
    /// strings' sake (`json::write_string`).
    pub(super) fn write_json(&self, out: &mut Vec<u8>) {
        let fields = [
            ("avatar_url", self.avatar_url),
            ("bio", self.bio),
            ("job_title", self.job_title),
            ("company", self.company),
            ("timezone", self.timezone),
            ("locale", self.locale),
        ];
        out.push(b'{');
        for (i, (name, value)) in fields.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            match value {
                None => out.extend_from_slice(b"null"),
                Some(text) => json::write_string(out, text),
            }
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::user::Profile;

    #[test]
    pub(super) fn a_borrowed_profile_is_cached_as_the_profile_itself() {
        let text = |s: &str| Some(s.to_owned());
        let profiles = [
            Profile::default(),
            Profile {
                avatar_url: None,
                bio: text("says \"hi\"\n"),
                job_title: text("Engineer"),
                company: text("Bench & Co"),
                timezone: text("Europe/Berlin"),
                locale: None,
            },
            Profile {
                // One string for each reason to escape, and one with none.
                avatar_url: text("back\\slash"),
                bio: text("a \"quote\""),
                job_title: text("\u{1f}"),
                company: text("tab\there"),
                timezone: text(""),
                locale: text("é 漢字 🙂 del\u{7f} </script> https://example.com/a.png?x=1&y=2"),
            },
        ];
        for profile in profiles {
            let borrowed = ProfileRef {
                avatar_url: profile.avatar_url.as_deref(),
                bio: profile.bio.as_deref(),
                job_title: profile.job_title.as_deref(),
                company: profile.company.as_deref(),
                timezone: profile.timezone.as_deref(),
                locale: profile.locale.as_deref(),
            };
            let mut written = Vec::new();
            borrowed.write_json(&mut written);
            assert_eq!(
                String::from_utf8(written).unwrap(),
                serde_json::to_string(&profile).unwrap()
            );
        }
    }
}
