//! Signing in, refreshing and signing out, as the HTTP service's token
//! endpoint does them, with what a security reviewer expects:
//!
//! - The Argon2id verification runs off the async workers, a bounded number
//!   at once, so a flood of sign-ins cannot starve other requests.
//! - An unknown email is verified against a dummy hash: the answer, its
//!   status and its time are those of a wrong password, and so are a
//!   disabled or deleted account's.
//! - Failed attempts are throttled per account (see `auth::throttle`).
//! - Every attempt writes an audit row; a success sets `last_login_at`,
//!   opens a session and issues an access and a refresh token in one
//!   transaction.
//! - A refresh token is spent by its use; a spent one used again revokes
//!   its whole family (someone replayed it).

use std::sync::Arc;

use serde::Serialize;
use serde_json::json;
use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{Action, Caller, begin, commit, finish, record};
use crate::auth::jwt::{self, IssueRequest, Issued, Refreshed, Rejection};
use crate::auth::throttle::Throttle;
use crate::config::AuthSettings;
use crate::crypto::Keyring;
use crate::error::{Error, Result};
use crate::model::auth::TokenKind;
use crate::model::user::UserStatus;
use crate::repo;

pub const LOGIN: Action = Action::new("auth.login", "user");
pub const REFRESH: Action = Action::new("auth.refresh", "session");

/// The pair a sign-in or a refresh answers with.
#[derive(Debug, Serialize)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: &'static str,
    /// The access token's life in seconds.
    pub expires_in: i64,
}

impl TokenPair {
    fn new(access: Issued, refresh: Issued) -> TokenPair {
        TokenPair {
            expires_in: (access.expires_at - OffsetDateTime::now_utc())
                .whole_seconds()
                .max(0),
            access_token: access.token,
            refresh_token: refresh.token,
            token_type: "bearer",
        }
    }
}

/// Where a sign-in comes from, kept with its session.
#[derive(Debug, Clone, Copy, Default)]
pub struct Client<'a> {
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

/// Verifies passwords off the async workers, a bounded number at once,
/// against a dummy hash when there is no account.
pub struct Verifier {
    permits: Arc<Semaphore>,
    /// A hash of nothing anyone knows, with today's parameters: an unknown
    /// account's attempt costs what a known one's does.
    dummy: String,
}

impl Verifier {
    /// `concurrency` verifications at once (the CPU count is right: each
    /// keeps a core busy for tens of milliseconds).
    pub fn new(concurrency: usize) -> Result<Verifier> {
        let secret: [u8; 16] = rand_bytes()?;
        Ok(Verifier {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: crate::password::hash(&crate::hex::encode(&secret))?,
        })
    }

    /// Whether `password` matches `hash`; with no hash, the dummy's time
    /// spent and false.
    pub async fn verify(&self, password: Zeroizing<String>, hash: Option<String>) -> Result<bool> {
        let _permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Error::Internal("the password verifier is closed".into()))?;
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy.clone());
        let matches = tokio::task::spawn_blocking(move || crate::password::verify(&password, &hash))
            .await
            .map_err(|e| Error::Internal(format!("the password check failed: {e}")))?;
        Ok(known && matches)
    }
}

fn rand_bytes() -> Result<[u8; 16]> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    Ok(bytes)
}

/// What a sign-in needs besides the caller and the credentials.
pub struct SignIn<'a> {
    pub keyring: &'a Keyring,
    pub settings: &'a AuthSettings,
    pub verifier: &'a Verifier,
    pub throttle: &'a Throttle,
}

fn invalid_credentials() -> Error {
    Error::Unauthenticated {
        code: "INVALID_CREDENTIALS",
        message: "invalid email or password".into(),
    }
}

/// Signs `email` in with `password`: a session and a token pair, or the
/// same refusal whatever was wrong.
pub async fn login(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    with: &SignIn<'_>,
    email: &str,
    password: Zeroizing<String>,
    client: Client<'_>,
) -> Result<TokenPair> {
    let outcome = async {
        if let Some(wait) = with.throttle.wait(caller.cache, email).await {
            return Err(Error::TooManyAttempts { retry_after: wait });
        }
        let (user, hash) = match repo::users::find_by_email_with_hash(conn, email).await? {
            Some((user, hash)) => (Some(user), hash),
            None => (None, None),
        };
        let verified = with.verifier.verify(password, hash).await?;
        let user = match user {
            Some(user) if verified && user.status == UserStatus::Active => user,
            _ => {
                with.throttle.failed(caller.cache, email).await;
                return Err(invalid_credentials());
            }
        };
        with.throttle.succeeded(caller.cache, email).await;
        let mut tx = begin(conn).await?;
        let expires = OffsetDateTime::now_utc() + with.settings.refresh_ttl;
        let session = repo::sessions::create(&mut tx, user.id, expires, client.ip, client.user_agent).await?;
        let (access, refresh) =
            issue_pair(&mut tx, with, user.id, session.id, &caller.actor.to_string()).await?;
        // Last, so the user's row is locked only to the commit: one
        // account's sign-ins at once (a script, a team sharing a login)
        // queue on that lock, and the signing above stays outside it.
        repo::users::record_login(&mut tx, user.id).await?;
        let details = json!({ "session": session.id, "ip": client.ip, "user_agent": client.user_agent });
        record(&mut tx, caller, LOGIN, user.id, details).await?;
        commit(tx).await?;
        // The row changed (last_login_at, version).
        super::users::forget(caller, user.id).await;
        Ok(TokenPair::new(access, refresh))
    }
    .await;
    finish(conn, caller, LOGIN, outcome).await
}

async fn issue_pair(
    conn: &mut PgConnection,
    with: &SignIn<'_>,
    user: Uuid,
    session: Uuid,
    by: &str,
) -> Result<(Issued, Issued)> {
    let request = IssueRequest {
        user_id: user,
        kind: TokenKind::Access,
        ttl: None,
        audience: None,
        scopes: Vec::new(),
        session_id: Some(session),
        issued_by: by.to_owned(),
        rotated_from: None,
    };
    jwt::issue_pair(conn, with.keyring, with.settings, &request).await
}

/// A token refused, as the API says it.
pub fn rejected(rejection: &Rejection) -> Error {
    let code = match rejection {
        Rejection::Expired => "TOKEN_EXPIRED",
        Rejection::Revoked => "TOKEN_REVOKED",
        _ => "UNAUTHORIZED",
    };
    Error::Unauthenticated {
        code,
        message: format!("token refused: {rejection}"),
    }
}

/// Spends a refresh token for a new pair. A token already spent revokes its
/// whole family (committed, and put on the denylist) and is refused.
pub async fn refresh(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    keyring: &Keyring,
    settings: &AuthSettings,
    token: &str,
) -> Result<TokenPair> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let refreshed = jwt::refresh(
            &mut tx,
            caller.cache,
            keyring,
            settings,
            token,
            &caller.actor.to_string(),
        )
        .await?;
        match refreshed {
            Err(rejection) => Err(rejected(&rejection)),
            Ok(Refreshed::Rotated { access, refresh }) => {
                record(
                    &mut tx,
                    caller,
                    REFRESH,
                    access.jti,
                    json!({ "refresh_jti": refresh.jti }),
                )
                .await?;
                commit(tx).await?;
                Ok(TokenPair::new(access, refresh))
            }
            Ok(Refreshed::ReuseDetected { revoked }) => {
                let details =
                    json!({ "reused": true, "revoked": revoked.iter().map(|t| t.jti).collect::<Vec<_>>() });
                super::append(&mut tx, caller, REFRESH, None, "denied", details).await?;
                commit(tx).await?;
                jwt::deny(caller.cache, caller.watch, &revoked).await;
                Err(Error::Unauthenticated {
                    code: "TOKEN_REVOKED",
                    message:
                        "this refresh token was already used; its whole family is revoked: sign in again"
                            .into(),
                })
            }
        }
    }
    .await;
    finish(conn, caller, REFRESH, outcome).await
}
