//! What admins do to accounts, with the side effects a security reviewer
//! expects in the same transaction: disabling or deleting a user revokes
//! their live tokens and sessions; a hard delete erases their personal data.
//!
//! Every function runs on the caller's transaction; after the commit the
//! caller puts the returned tokens on the denylist ([`super::jwt::deny`]) and
//! invalidates the returned cache keys.

use serde::Serialize;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use crate::cache::{Cache, Kind, entities};
use crate::error::{Error, Result};
use crate::model::auth::{Session, TokenRecord};
use crate::model::user::{User, UserChanges, UserStatus};
use crate::repo;

/// What a change revoked, for the denylist and the cache after the commit.
#[derive(Debug, Default, Serialize)]
pub struct Revoked {
    #[serde(skip)]
    pub tokens: Vec<TokenRecord>,
    pub token_count: usize,
    pub sessions: Vec<Uuid>,
}

impl Revoked {
    /// After the commit: puts the tokens on the denylist and drops the
    /// sessions' cache entries (and, for a change to a user, the user's).
    pub async fn publish(&self, cache: &Cache, watch: Option<&super::watch::Watch>, user: Option<Uuid>) {
        super::jwt::deny(cache, watch, &self.tokens).await;
        let mut keys: Vec<String> = self
            .sessions
            .iter()
            .map(|s| entities::key(Kind::Session, s))
            .collect();
        if let Some(user) = user {
            keys.push(entities::key(Kind::User, user));
            keys.push(entities::key(Kind::UserProfile, user));
            keys.push(entities::key(Kind::ActivityFeed, user));
        }
        cache.invalidate(&keys).await;
    }
}

/// A user as an admin looks at them: granted roles, live sessions and
/// tokens, and whether their password hash should be renewed.
#[derive(Debug, Serialize)]
pub struct Overview {
    pub user: User,
    pub roles: Vec<String>,
    pub sessions: Vec<Session>,
    pub active_tokens: Vec<TokenRecord>,
    pub password_hash_outdated: bool,
}

/// The overview of the user `spec` names (an email address or an id; a
/// deleted user too).
pub async fn overview(conn: &mut PgConnection, spec: &str) -> Result<Overview> {
    let user = repo::users::lookup_any(conn, spec).await?;
    let roles = repo::users::granted_roles(conn, user.id).await?;
    let sessions = repo::sessions::list_for_user(conn, user.id, true).await?;
    let filter = repo::tokens::TokenFilter {
        user_id: Some(user.id),
        kind: None,
        active_only: true,
    };
    let tokens = repo::tokens::list(conn, &filter, repo::PageRequest::new(1, 100)?).await?;
    let hash = match user.deleted_at {
        None => repo::users::password_hash(conn, user.id).await?,
        Some(_) => None,
    };
    Ok(Overview {
        password_hash_outdated: hash.as_deref().is_some_and(crate::password::is_outdated),
        user,
        roles,
        sessions,
        active_tokens: tokens.data,
    })
}

/// Revokes every live token and session of a user.
async fn revoke_everything(conn: &mut PgConnection, user: Uuid, by: &str, reason: &str) -> Result<Revoked> {
    let sessions: Vec<Uuid> = sqlx::query_scalar(
        "UPDATE user_sessions SET revoked_at = now(), revoked_reason = $2
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id",
    )
    .bind(user)
    .bind(reason)
    .fetch_all(&mut *conn)
    .await
    .map_err(Error::db("cannot revoke sessions"))?;
    let tokens = repo::tokens::revoke_for_user(conn, user, by, Some(reason)).await?;
    Ok(Revoked {
        token_count: tokens.len(),
        tokens,
        sessions,
    })
}

/// Revokes sessions (one, or every live one of a user) and the tokens
/// issued for them.
pub async fn revoke_sessions(conn: &mut PgConnection, which: SessionSelection, by: &str) -> Result<Revoked> {
    let (user, session) = match which {
        SessionSelection::One(id) => (None, Some(id)),
        SessionSelection::OfUser(user) => (Some(user), None),
    };
    if let Some(id) = session {
        // A missing session is an error (67), not a silent no-op.
        repo::sessions::get(conn, id).await?;
    }
    let sessions: Vec<Uuid> = sqlx::query_scalar(
        "UPDATE user_sessions SET revoked_at = now(), revoked_reason = 'revoked by an admin'
         WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::uuid IS NULL OR id = $2)
           AND revoked_at IS NULL AND expires_at > now()
         RETURNING id",
    )
    .bind(user)
    .bind(session)
    .fetch_all(&mut *conn)
    .await
    .map_err(Error::db("cannot revoke sessions"))?;
    let tokens: Vec<TokenRecord> = sqlx::query_as(
        "UPDATE auth_tokens SET revoked_at = now(), revoked_by = $2, revoked_reason = 'session revoked'
         WHERE session_id = ANY($1) AND revoked_at IS NULL AND expires_at > now()
         RETURNING jti, user_id, session_id, kind, family_id, parent_jti, audience, scopes, key_id, issued_at,
                   expires_at, revoked_at, revoked_reason, issued_by, revoked_by",
    )
    .bind(&sessions)
    .bind(by)
    .fetch_all(&mut *conn)
    .await
    .map_err(Error::db("cannot revoke a session's tokens"))?;
    Ok(Revoked {
        token_count: tokens.len(),
        tokens,
        sessions,
    })
}

/// Which sessions to revoke.
#[derive(Debug, Clone, Copy)]
pub enum SessionSelection {
    One(Uuid),
    OfUser(Uuid),
}

/// Disables a live user and revokes their tokens and sessions. Disabling a
/// disabled user changes nothing.
pub async fn disable(conn: &mut PgConnection, user: &User, by: &str) -> Result<(User, Revoked)> {
    let user = lock(conn, user.id).await?;
    if user.status == UserStatus::Disabled {
        return Ok((user, Revoked::default()));
    }
    let updated = repo::users::update(
        conn,
        user.id,
        user.version,
        &UserChanges {
            status: Some(UserStatus::Disabled),
            ..UserChanges::default()
        },
    )
    .await?;
    let revoked = revoke_everything(conn, user.id, by, "user disabled").await?;
    Ok((updated, revoked))
}

/// Enables a disabled user (their old tokens stay revoked).
pub async fn enable(conn: &mut PgConnection, user: &User) -> Result<User> {
    let user = lock(conn, user.id).await?;
    if user.status == UserStatus::Active {
        return Ok(user);
    }
    repo::users::update(
        conn,
        user.id,
        user.version,
        &UserChanges {
            status: Some(UserStatus::Active),
            ..UserChanges::default()
        },
    )
    .await
}

/// Replaces the password hash (a PHC string from [`crate::password::hash`]).
pub async fn set_password(conn: &mut PgConnection, user: Uuid, hash: &str) -> Result<()> {
    let updated = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1 AND deleted_at IS NULL")
        .bind(user)
        .bind(hash)
        .execute(conn)
        .await
        .map_err(Error::db("cannot set a password"))?;
    if updated.rows_affected() == 0 {
        return Err(Error::NotFound {
            entity: "user",
            key: user.to_string(),
        });
    }
    Ok(())
}

/// Deletes a user: soft (the row stays, marked deleted; the email can be
/// reused), or hard, which also erases what identifies the person: email,
/// name, password, preferences, profile and linked provider accounts. The
/// row itself stays, so audit entries and foreign keys keep pointing at a
/// (now anonymous) user. Both revoke every token and session.
pub async fn delete(conn: &mut PgConnection, user: &User, by: &str, hard: bool) -> Result<(User, Revoked)> {
    let user = lock(conn, user.id).await?;
    let revoked = revoke_everything(conn, user.id, by, "user deleted").await?;
    let deleted = if user.deleted_at.is_none() {
        repo::users::soft_delete(conn, user.id, user.version).await?
    } else {
        user
    };
    if !hard {
        return Ok((deleted, revoked));
    }
    sqlx::query(
        "UPDATE users SET email = 'erased-' || id || '@invalid', display_name = 'erased user',
                          password_hash = NULL, preferences = '{}', last_login_at = NULL
         WHERE id = $1",
    )
    .bind(deleted.id)
    .execute(&mut *conn)
    .await
    .map_err(Error::db("cannot erase a user's personal data"))?;
    for sql in [
        "DELETE FROM user_profiles WHERE user_id = $1",
        "DELETE FROM user_identities WHERE user_id = $1",
    ] {
        sqlx::query(sql)
            .bind(deleted.id)
            .execute(&mut *conn)
            .await
            .map_err(Error::db("cannot erase a user's personal data"))?;
    }
    let erased = repo::users::find(conn, deleted.id)
        .await?
        .ok_or_else(|| Error::Internal("an erased user vanished".into()))?;
    Ok((erased, revoked))
}

/// Locks the user's row for the transaction, so concurrent admin commands
/// on one user apply one after the other; returns it as it is now.
async fn lock(conn: &mut PgConnection, id: Uuid) -> Result<User> {
    sqlx::query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(Error::db("cannot lock a user"))?;
    repo::users::find(conn, id).await?.ok_or_else(|| Error::NotFound {
        entity: "user",
        key: id.to_string(),
    })
}
