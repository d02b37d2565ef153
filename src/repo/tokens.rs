//! The tokens repository: metadata of issued tokens (never the tokens), and
//! revocation. PostgreSQL is the source of truth for revocation; the Redis
//! denylist is rebuilt from [`revoked_unexpired`].

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Cursor, KeysetPage, Page, PageRequest, classify};
use crate::error::{Error, Result};
use crate::model::auth::{NewToken, TokenKind, TokenRecord};

const ENTITY: &str = "token";
const COLUMNS: &str = "jti, user_id, session_id, kind, family_id, parent_jti, audience, scopes, key_id, issued_at, \
                       expires_at, revoked_at, revoked_reason, issued_by, revoked_by";

pub async fn record(conn: &mut PgConnection, new: &NewToken) -> Result<TokenRecord> {
    sqlx::query_as!(
        TokenRecord,
        r#"INSERT INTO auth_tokens (jti, user_id, session_id, kind, family_id, parent_jti, audience, scopes, key_id,
                                   issued_at, expires_at, issued_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           RETURNING jti, user_id, session_id, kind AS "kind: TokenKind", family_id, parent_jti, audience, scopes,
                     key_id, issued_at, expires_at, revoked_at, revoked_reason, issued_by, revoked_by"#,
        new.jti,
        new.user_id,
        new.session_id,
        new.kind as TokenKind,
        new.family_id,
        new.parent_jti,
        new.audience,
        &new.scopes,
        new.key_id,
        new.issued_at,
        new.expires_at,
        new.issued_by,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

pub async fn get(conn: &mut PgConnection, jti: Uuid) -> Result<TokenRecord> {
    sqlx::query_as!(
        TokenRecord,
        r#"SELECT jti, user_id, session_id, kind AS "kind: TokenKind", family_id, parent_jti, audience, scopes,
                  key_id, issued_at, expires_at, revoked_at, revoked_reason, issued_by, revoked_by
           FROM auth_tokens WHERE jti = $1"#,
        jti
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| Error::NotFound {
        entity: ENTITY,
        key: jti.to_string(),
    })
}

/// Revokes one token. Revoking a revoked token changes nothing (the first
/// revocation's time, actor and reason stay) and returns it as it is.
pub async fn revoke(
    conn: &mut PgConnection,
    jti: Uuid,
    by: &str,
    reason: Option<&str>,
) -> Result<TokenRecord> {
    sqlx::query!(
        "UPDATE auth_tokens SET revoked_at = now(), revoked_by = $2, revoked_reason = $3
         WHERE jti = $1 AND revoked_at IS NULL",
        jti,
        by,
        reason
    )
    .execute(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    get(conn, jti).await
}

/// Revokes every unexpired token of a user; returns the revoked ones (for the denylist).
pub async fn revoke_for_user(
    conn: &mut PgConnection,
    user_id: Uuid,
    by: &str,
    reason: Option<&str>,
) -> Result<Vec<TokenRecord>> {
    sqlx::query_as!(
        TokenRecord,
        r#"UPDATE auth_tokens SET revoked_at = now(), revoked_by = $2, revoked_reason = $3
           WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
           RETURNING jti, user_id, session_id, kind AS "kind: TokenKind", family_id, parent_jti, audience, scopes,
                     key_id, issued_at, expires_at, revoked_at, revoked_reason, issued_by, revoked_by"#,
        user_id,
        by,
        reason
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// Revokes a whole refresh-token family (reuse of a rotated token).
pub async fn revoke_family(
    conn: &mut PgConnection,
    family_id: Uuid,
    by: &str,
    reason: Option<&str>,
) -> Result<Vec<TokenRecord>> {
    sqlx::query_as!(
        TokenRecord,
        r#"UPDATE auth_tokens SET revoked_at = now(), revoked_by = $2, revoked_reason = $3
           WHERE family_id = $1 AND revoked_at IS NULL AND expires_at > now()
           RETURNING jti, user_id, session_id, kind AS "kind: TokenKind", family_id, parent_jti, audience, scopes,
                     key_id, issued_at, expires_at, revoked_at, revoked_reason, issued_by, revoked_by"#,
        family_id,
        by,
        reason
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// Filters of `list`; None means any.
#[derive(Debug, Clone, Default)]
pub struct TokenFilter {
    pub user_id: Option<Uuid>,
    pub kind: Option<TokenKind>,
    /// Only tokens neither revoked nor expired.
    pub active_only: bool,
}

/// A page of tokens, newest first.
pub async fn list(
    conn: &mut PgConnection,
    filter: &TokenFilter,
    page: PageRequest,
) -> Result<Page<TokenRecord>> {
    LISTING
        .page(
            conn,
            |q| {
                if let Some(user) = filter.user_id {
                    q.push(" AND user_id = ").push_bind(user);
                }
                if let Some(kind) = filter.kind {
                    q.push(" AND kind = ").push_bind(kind);
                }
                if filter.active_only {
                    q.push(" AND revoked_at IS NULL AND expires_at > now()");
                }
            },
            "issued_at DESC, jti DESC",
            page,
        )
        .await
}

/// Revoked tokens that have not expired yet, by expiry: what the Redis
/// denylist must hold. Walk it with the cursor.
pub async fn revoked_unexpired(
    conn: &mut PgConnection,
    after: Option<Cursor>,
    limit: u32,
) -> Result<KeysetPage<TokenRecord>> {
    let limit = i64::from(limit.clamp(1, 10_000));
    let (at, id) = after.map_or((None, None), |c| (Some(c.at), Some(c.id)));
    let now = OffsetDateTime::now_utc();
    let data = sqlx::query_as!(
        TokenRecord,
        r#"SELECT jti, user_id, session_id, kind AS "kind: TokenKind", family_id, parent_jti, audience, scopes,
                  key_id, issued_at, expires_at, revoked_at, revoked_reason, issued_by, revoked_by
           FROM auth_tokens
           WHERE revoked_at IS NOT NULL AND expires_at > $1
             AND ($2::timestamptz IS NULL OR (expires_at, jti) > ($2, $3::uuid))
           ORDER BY expires_at, jti
           LIMIT $4"#,
        now,
        at,
        id,
        limit,
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    let next_cursor = super::next_cursor(&data, limit, |t| Cursor {
        at: t.expires_at,
        id: t.jti,
    });
    Ok(KeysetPage { data, next_cursor })
}

const LISTING: super::Listing = super::Listing {
    entity: ENTITY,
    columns: COLUMNS,
    from: "auth_tokens",
};
