//! The sessions repository. Revoking a session revokes its tokens in the same
//! statement.

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{classify, new_id};
use crate::error::Result;
use crate::model::auth::Session;

const ENTITY: &str = "session";

pub async fn create(
    conn: &mut PgConnection,
    user_id: Uuid,
    expires_at: OffsetDateTime,
    ip_address: Option<&str>,
    user_agent: Option<&str>,
) -> Result<Session> {
    sqlx::query_as!(
        Session,
        "INSERT INTO user_sessions (id, user_id, expires_at, ip_address, user_agent)
         VALUES ($1, $2, $3, $4::text::inet, $5)
         RETURNING id, user_id, created_at, last_seen_at, expires_at, revoked_at, revoked_reason,
                   host(ip_address) AS ip_address, user_agent",
        new_id(),
        user_id,
        expires_at,
        ip_address,
        user_agent,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Session> {
    sqlx::query_as!(
        Session,
        "SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at, revoked_reason,
                host(ip_address) AS ip_address, user_agent
         FROM user_sessions WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| super::not_found(ENTITY, id))
}

/// Marks the session seen now; false when it is revoked, expired or unknown.
pub async fn touch(conn: &mut PgConnection, id: Uuid) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE user_sessions SET last_seen_at = now()
         WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()",
        id
    )
    .execute(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    Ok(done.rows_affected() == 1)
}

/// Revokes a session and its unexpired tokens; returns the jtis revoked.
pub async fn revoke(conn: &mut PgConnection, id: Uuid, by: &str, reason: Option<&str>) -> Result<Vec<Uuid>> {
    let rows = sqlx::query!(
        r#"WITH session AS (
               UPDATE user_sessions SET revoked_at = now(), revoked_reason = $3
               WHERE id = $1 AND revoked_at IS NULL
               RETURNING id
           ), tokens AS (
               UPDATE auth_tokens SET revoked_at = now(), revoked_by = $2, revoked_reason = $3
               WHERE session_id IN (SELECT id FROM session) AND revoked_at IS NULL AND expires_at > now()
               RETURNING jti
           )
           SELECT (SELECT count(*) FROM session) AS "sessions!", jti AS "jti?" FROM (SELECT 1) one
           LEFT JOIN tokens ON true"#,
        id,
        by,
        reason
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    if rows.first().is_none_or(|r| r.sessions == 0) {
        get(conn, id).await?; // not found, or already revoked (nothing to do)
    }
    Ok(rows.into_iter().filter_map(|r| r.jti).collect())
}

/// A user's sessions, newest first; with `active_only`, those neither revoked nor expired.
pub async fn list_for_user(
    conn: &mut PgConnection,
    user_id: Uuid,
    active_only: bool,
) -> Result<Vec<Session>> {
    sqlx::query_as!(
        Session,
        "SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at, revoked_reason,
                host(ip_address) AS ip_address, user_agent
         FROM user_sessions
         WHERE user_id = $1 AND (NOT $2 OR (revoked_at IS NULL AND expires_at > now()))
         ORDER BY created_at DESC, id DESC",
        user_id,
        active_only
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// Everyone's newest sessions; with `active_only`, those neither revoked nor expired.
pub async fn list_recent(conn: &mut PgConnection, active_only: bool, limit: i64) -> Result<Vec<Session>> {
    sqlx::query_as(
        "SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at, revoked_reason,
                host(ip_address) AS ip_address, user_agent
         FROM user_sessions
         WHERE NOT $1 OR (revoked_at IS NULL AND expires_at > now())
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(active_only)
    .bind(limit)
    .fetch_all(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}
