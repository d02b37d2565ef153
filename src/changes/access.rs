//! Changes to what a user may do: granted roles, sessions and tokens.
//! Revocations are written to PostgreSQL (the source of truth) and, after
//! the commit, to the Redis denylist until the token would have expired.

use std::time::Duration;

use serde::Serialize;
use serde_json::json;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Action, Caller, begin, commit, finish, record};
use crate::auth::accounts::{self, Revoked, SessionSelection};
use crate::auth::jwt::{self, IssueRequest, Issued};
use crate::auth::roles;
use crate::config::AuthSettings;
use crate::crypto::Keyring;
use crate::error::Result;
use crate::model::auth::{TokenKind, TokenRecord};
use crate::repo;

pub const ROLE_GRANT: Action = Action::new("role.grant", "user").emits("role.granted");
pub const ROLE_REVOKE: Action = Action::new("role.revoke", "user").emits("role.revoked");
pub const SESSION_REVOKE: Action = Action::new("session.revoke", "session").emits("session.revoked");
const USER_SESSIONS_REVOKE: Action = Action::new("session.revoke", "user").emits("session.revoked");
pub const TOKEN_ISSUE: Action = Action::new("token.issue", "token").emits("token.issued");
pub const TOKEN_REVOKE: Action = Action::new("token.revoke", "token").emits("token.revoked");
const USER_TOKENS_REVOKE: Action = Action::new("token.revoke", "user").emits("token.revoked");

/// A grant or revocation of a role, and whether it changed anything.
#[derive(Debug, Serialize)]
pub struct RoleChange {
    pub user: Uuid,
    pub role: String,
    pub changed: bool,
}

/// Grants a role on top of the user's primary role; `changed` is false when
/// they had it already.
pub async fn grant_role(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    user: &str,
    role: &str,
) -> Result<RoleChange> {
    change_role(conn, caller, user, role, ROLE_GRANT).await
}

/// Revokes a granted role; `changed` is false when they did not have it.
pub async fn revoke_role(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    user: &str,
    role: &str,
) -> Result<RoleChange> {
    change_role(conn, caller, user, role, ROLE_REVOKE).await
}

async fn change_role(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    user: &str,
    role: &str,
    action: Action,
) -> Result<RoleChange> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let user = repo::users::lookup(&mut tx, user).await?;
        let changed = if action.name == ROLE_GRANT.name {
            roles::grant(&mut tx, user.id, role, caller.actor.as_str()).await?
        } else {
            roles::revoke(&mut tx, user.id, role).await?
        };
        record(
            &mut tx,
            caller,
            action,
            user.id,
            json!({ "role": role, "changed": changed }),
        )
        .await?;
        commit(tx).await?;
        Ok(RoleChange {
            user: user.id,
            role: role.to_owned(),
            changed,
        })
    }
    .await;
    finish(conn, caller, action, outcome).await
}

/// Which sessions to revoke: one by id, or every live one of a user.
#[derive(Debug, Clone, Copy)]
pub enum Sessions<'a> {
    One(Uuid),
    OfUser(&'a str),
}

/// Revokes sessions and the tokens issued for them.
pub async fn revoke_sessions(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    which: Sessions<'_>,
) -> Result<Revoked> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let (selection, action, entity_id) = match which {
            Sessions::One(id) => (SessionSelection::One(id), SESSION_REVOKE, id),
            Sessions::OfUser(user) => {
                let user = repo::users::lookup(&mut tx, user).await?;
                (SessionSelection::OfUser(user.id), USER_SESSIONS_REVOKE, user.id)
            }
        };
        let revoked = accounts::revoke_sessions(&mut tx, selection, caller.actor.as_str()).await?;
        record(
            &mut tx,
            caller,
            action,
            entity_id,
            serde_json::to_value(&revoked)?,
        )
        .await?;
        commit(tx).await?;
        revoked.publish(caller.cache, caller.watch, None).await;
        Ok(revoked)
    }
    .await;
    finish(conn, caller, SESSION_REVOKE, outcome).await
}

/// What to issue: the settings' lifetime and audience where None.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub kind: TokenKind,
    pub ttl: Option<Duration>,
    pub audience: Option<String>,
    pub scopes: Vec<String>,
}

/// Issues a token for an active user (refused for a disabled or deleted
/// one). Only its metadata is stored; the returned token is the one copy.
pub async fn issue_token(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    keyring: &Keyring,
    settings: &AuthSettings,
    user: &str,
    request: &TokenRequest,
) -> Result<Issued> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        // A deleted user is found, so that issuing is refused, not "no such user".
        let user = repo::users::lookup_any(&mut tx, user).await?;
        let issued = jwt::issue(
            &mut tx,
            keyring,
            settings,
            &IssueRequest {
                user_id: user.id,
                kind: request.kind,
                ttl: request.ttl,
                audience: request.audience.clone(),
                scopes: request.scopes.clone(),
                session_id: None,
                issued_by: caller.actor.to_string(),
                rotated_from: None,
            },
        )
        .await?;
        let details = json!({
            "user": user.id, "kind": request.kind, "kid": issued.kid,
            "audience": request.audience, "scopes": request.scopes,
            "expires_at": issued.expires_at.unix_timestamp(),
        });
        record(&mut tx, caller, TOKEN_ISSUE, issued.jti, details).await?;
        commit(tx).await?;
        Ok(issued)
    }
    .await;
    finish(conn, caller, TOKEN_ISSUE, outcome).await
}

/// Which tokens to revoke: one by its jti, or every live one of a user.
#[derive(Debug, Clone, Copy)]
pub enum Tokens<'a> {
    One(Uuid),
    OfUser(&'a str),
}

/// Revokes tokens; a token revoked before is not counted again.
pub async fn revoke_tokens(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    which: Tokens<'_>,
    reason: Option<&str>,
) -> Result<Vec<TokenRecord>> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let (selection, action, entity_id) = match which {
            Tokens::One(jti) => (jwt::Revocation::Token(jti), TOKEN_REVOKE, jti),
            Tokens::OfUser(user) => {
                let user = repo::users::lookup(&mut tx, user).await?;
                (jwt::Revocation::User(user.id), USER_TOKENS_REVOKE, user.id)
            }
        };
        let revoked = jwt::revoke(&mut tx, &selection, caller.actor.as_str(), reason).await?;
        let details = json!({
            "reason": reason,
            "revoked": revoked.iter().map(|t| t.jti).collect::<Vec<_>>(),
        });
        record(&mut tx, caller, action, entity_id, details).await?;
        commit(tx).await?;
        // After the commit: the denylist never says more than PostgreSQL.
        jwt::deny(caller.cache, caller.watch, &revoked).await;
        Ok(revoked)
    }
    .await;
    finish(conn, caller, TOKEN_REVOKE, outcome).await
}
