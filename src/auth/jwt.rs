//! Issuing and verifying JWTs.
//!
//! Tokens are signed with the active Ed25519 key (`EdDSA`), name it in `kid`,
//! and carry iss, sub (the user id), aud, exp, nbf, iat, jti, the user's role,
//! the scopes and the kind (access or refresh). Only metadata is stored
//! (auth_tokens), never the token.
//!
//! Verification trusts nothing in the token before its signature checks out
//! against a key we hold, with the algorithm bound to that key: the header's
//! `alg` must be `EdDSA` (so `none`, and HMAC signed with a public key, are
//! refused before any key is used), `kid` must name an active or verifying key,
//! then the signature, the required claims, issuer, audience and times (with a
//! small leeway), and finally revocation (the Redis denylist, else PostgreSQL).

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind as JwtError;
use jsonwebtoken::{Algorithm, Header, Validation};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::keys::{self, ALGORITHM, KeyStatus};
use crate::cache::{Cache, entities};
use crate::config::AuthSettings;
use crate::crypto::Keyring;
use crate::error::{Error, Result};
use crate::model::auth::{NewToken, TokenKind};
use crate::model::user::UserStatus;
use crate::repo;

/// The longest life a token may be given.
pub const MAX_TTL: Duration = Duration::from_secs(366 * 24 * 3600);

/// What a token says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    /// The user id.
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    pub role: String,
    /// Space-separated, as OAuth writes scopes; absent when there are none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    pub kind: TokenKind,
}

/// What to issue.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    pub user_id: Uuid,
    pub kind: TokenKind,
    /// The settings' access or refresh lifetime when None.
    pub ttl: Option<Duration>,
    /// The settings' default audience when None.
    pub audience: Option<String>,
    pub scopes: Vec<String>,
    pub session_id: Option<Uuid>,
    /// Who asks ("os:alice", "user:<id>").
    pub issued_by: String,
    /// For a rotated refresh token: its family and the token it replaces.
    pub rotated_from: Option<(Uuid, Uuid)>,
}

/// An issued token. `token` is the only copy: it is never stored.
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    pub token: String,
    pub jti: Uuid,
    pub kid: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub kind: TokenKind,
}

/// Issues a token for an active user and records its metadata. Call it in
/// a transaction (with the audit row of the issue).
pub async fn issue(
    conn: &mut PgConnection,
    keyring: &Keyring,
    settings: &AuthSettings,
    request: &IssueRequest,
) -> Result<Issued> {
    let user = issuable(conn, request.user_id).await?;
    let signer = keys::signer(conn, keyring).await?;
    sign_and_record(conn, &signer, &user, settings, request).await
}

/// An access token and a refresh token of the same request (a sign-in, a
/// refresh), reading the user and the signing key once. Call it in a
/// transaction.
pub async fn issue_pair(
    conn: &mut PgConnection,
    keyring: &Keyring,
    settings: &AuthSettings,
    access: &IssueRequest,
) -> Result<(Issued, Issued)> {
    let user = issuable(conn, access.user_id).await?;
    let signer = keys::signer(conn, keyring).await?;
    let refresh = IssueRequest {
        kind: TokenKind::Refresh,
        ..access.clone()
    };
    let access = sign_and_record(conn, &signer, &user, settings, access).await?;
    let refresh = sign_and_record(conn, &signer, &user, settings, &refresh).await?;
    Ok((access, refresh))
}

/// The user a token is for, refused unless active.
async fn issuable(conn: &mut PgConnection, user_id: Uuid) -> Result<crate::model::user::User> {
    let user = repo::users::find(conn, user_id)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "user",
            key: user_id.to_string(),
        })?;
    if user.deleted_at.is_some() {
        return Err(Error::Refused(format!(
            "user {} is deleted; tokens are issued only to active users",
            user.email
        )));
    }
    if user.status == UserStatus::Disabled {
        return Err(Error::Refused(format!(
            "user {} is disabled; tokens are issued only to active users",
            user.email
        )));
    }
    Ok(user)
}

async fn sign_and_record(
    conn: &mut PgConnection,
    signer: &keys::Signer,
    user: &crate::model::user::User,
    settings: &AuthSettings,
    request: &IssueRequest,
) -> Result<Issued> {
    let ttl = request.ttl.unwrap_or(match request.kind {
        TokenKind::Access => settings.access_ttl,
        TokenKind::Refresh => settings.refresh_ttl,
    });
    if ttl.is_zero() || ttl > MAX_TTL {
        return Err(Error::InvalidValue {
            entity: "token",
            constraint: None,
            message: format!(
                "a lifetime of {} is out of range (1s to {})",
                humantime::format_duration(ttl),
                humantime::format_duration(MAX_TTL)
            ),
        });
    }
    for scope in &request.scopes {
        if scope.is_empty()
            || scope.len() > 128
            || !scope
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
        {
            return Err(Error::InvalidValue {
                entity: "token",
                constraint: None,
                message: format!(
                    "scope {scope:?} must be 1 to 128 printable ASCII characters without spaces"
                ),
            });
        }
    }
    // Whole seconds: the claims carry seconds, and the record must match them.
    let now = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("zero is valid");
    let expires_at = now + ttl;
    let jti = Uuid::now_v7();
    let audience = request
        .audience
        .clone()
        .unwrap_or_else(|| settings.default_audience.clone());
    let claims = Claims {
        iss: settings.issuer.clone(),
        sub: user.id.to_string(),
        aud: audience.clone(),
        exp: expires_at.unix_timestamp(),
        nbf: now.unix_timestamp(),
        iat: now.unix_timestamp(),
        jti: jti.to_string(),
        role: user.role.as_str().to_owned(),
        scope: request.scopes.join(" "),
        kind: request.kind,
    };
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(signer.kid.clone());
    let token = jsonwebtoken::encode(&header, &claims, &signer.key)
        .map_err(|e| Error::Internal(format!("cannot sign a token: {e}")))?;
    let (family_id, parent_jti) = match request.rotated_from {
        Some((family, parent)) => (family, Some(parent)),
        None => (jti, None),
    };
    repo::tokens::record(
        conn,
        &NewToken {
            jti,
            user_id: user.id,
            session_id: request.session_id,
            kind: request.kind,
            family_id,
            parent_jti,
            audience,
            scopes: request.scopes.clone(),
            key_id: signer.kid.clone(),
            issued_at: now,
            expires_at,
            issued_by: request.issued_by.clone(),
        },
    )
    .await?;
    Ok(Issued {
        token,
        jti,
        kid: signer.kid.clone(),
        expires_at,
        kind: request.kind,
    })
}

/// Why a token is refused. The message is what `token verify` prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum Rejection {
    #[error("malformed token: {0}")]
    Malformed(String),
    #[error("algorithm {0:?} is not allowed (only EdDSA)")]
    AlgorithmNotAllowed(String),
    #[error("the header names no key (kid)")]
    MissingKeyId,
    #[error("unknown key {0:?}")]
    UnknownKey(String),
    #[error("key {0:?} is retired")]
    RetiredKey(String),
    #[error("key {0:?} is not active yet")]
    PendingKey(String),
    #[error("bad signature")]
    BadSignature,
    #[error("missing claim {0}")]
    MissingClaim(String),
    #[error("expired")]
    Expired,
    #[error("not valid yet (nbf or iat in the future)")]
    NotYetValid,
    #[error("wrong audience")]
    WrongAudience,
    #[error("wrong issuer")]
    WrongIssuer,
    #[error("revoked")]
    Revoked,
    #[error("signed by our key but not recorded as issued")]
    NotIssued,
}

/// Verifies `token`: the claims when valid, the reason when not; `Err` only
/// when the check itself could not run (database unreachable).
pub async fn verify(
    conn: &mut PgConnection,
    cache: &Cache,
    settings: &AuthSettings,
    token: &str,
) -> Result<std::result::Result<Claims, Rejection>> {
    let claims = match check_signed(conn, settings, token).await? {
        Ok(claims) => claims,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let jti: Uuid = match claims.jti.parse() {
        Ok(jti) => jti,
        Err(_) => return Ok(Err(Rejection::Malformed("jti is not a uuid".into()))),
    };
    if entities::is_revoked(cache, conn, jti).await? {
        return Ok(Err(Rejection::Revoked));
    }
    Ok(Ok(claims))
}

/// Everything but revocation.
async fn check_signed(
    conn: &mut PgConnection,
    settings: &AuthSettings,
    token: &str,
) -> Result<std::result::Result<Claims, Rejection>> {
    let token = token.trim();
    let kid = match key_id(token) {
        Ok(kid) => kid,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let Some(key) = keys::verifier(conn, &kid).await? else {
        return Ok(Err(Rejection::UnknownKey(kid)));
    };
    Ok(check_with(&key, &kid, settings, token))
}

/// The key a token names (`kid`), once its header says `EdDSA`. The header
/// is read by hand: jsonwebtoken cannot even parse `alg: none`, and the
/// refusal should say so.
pub(crate) fn key_id(token: &str) -> std::result::Result<String, Rejection> {
    let header = raw_header(token)?;
    match header.get("alg").and_then(|a| a.as_str()) {
        Some(ALGORITHM) => {}
        Some(other) => return Err(Rejection::AlgorithmNotAllowed(other.to_owned())),
        None => return Err(Rejection::Malformed("the header has no alg".into())),
    }
    match header.get("kid").and_then(|k| k.as_str()) {
        Some(kid) => Ok(kid.to_owned()),
        None => Err(Rejection::MissingKeyId),
    }
}

/// Checks `token` against the key its header named: the key's status and
/// algorithm, the signature, the required claims, issuer, audience and
/// times.
pub(crate) fn check_with(
    key: &keys::Verifier,
    kid: &str,
    settings: &AuthSettings,
    token: &str,
) -> std::result::Result<Claims, Rejection> {
    match key.status {
        KeyStatus::Retired => return Err(Rejection::RetiredKey(kid.to_owned())),
        KeyStatus::Pending => return Err(Rejection::PendingKey(kid.to_owned())),
        KeyStatus::Active | KeyStatus::Verifying => {}
    }
    // The algorithm is the key's, never the token's.
    if key.algorithm != ALGORITHM {
        return Err(Rejection::AlgorithmNotAllowed(key.algorithm.clone()));
    }
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.algorithms = vec![Algorithm::EdDSA];
    validation.leeway = settings.leeway.as_secs();
    validation.validate_nbf = true;
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "sub", "aud"]);
    validation.set_issuer(&[&settings.issuer]);
    validation.set_audience(&settings.accepted_audiences());
    let claims = match jsonwebtoken::decode::<Claims>(token, &key.key, &validation) {
        Ok(data) => data.claims,
        Err(e) => return Err(rejection(e.into_kind())),
    };
    // iat is required too, and may not be in the future.
    if claims.iat > OffsetDateTime::now_utc().unix_timestamp() + settings.leeway.as_secs() as i64 {
        return Err(Rejection::NotYetValid);
    }
    Ok(claims)
}

fn raw_header(token: &str) -> std::result::Result<serde_json::Map<String, serde_json::Value>, Rejection> {
    let mut parts = token.split('.');
    let (Some(header), Some(_), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Rejection::Malformed(
            "a JWT has three parts separated by dots".into(),
        ));
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| Rejection::Malformed("the header is not base64url".into()))?;
    serde_json::from_slice(&bytes).map_err(|_| Rejection::Malformed("the header is not a JSON object".into()))
}

fn rejection(kind: JwtError) -> Rejection {
    match kind {
        JwtError::InvalidSignature | JwtError::InvalidEddsaKey => Rejection::BadSignature,
        JwtError::ExpiredSignature => Rejection::Expired,
        JwtError::ImmatureSignature => Rejection::NotYetValid,
        JwtError::InvalidAudience => Rejection::WrongAudience,
        JwtError::InvalidIssuer => Rejection::WrongIssuer,
        JwtError::MissingRequiredClaim(claim) => Rejection::MissingClaim(claim),
        JwtError::InvalidAlgorithm => Rejection::AlgorithmNotAllowed("other".into()),
        JwtError::Json(e) => {
            // Every claim is required by `Claims`: serde names the one missing.
            let message = e.to_string();
            match message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                Some(claim) => Rejection::MissingClaim(claim.to_owned()),
                None => Rejection::Malformed(format!("the claims do not parse: {message}")),
            }
        }
        JwtError::Base64(_) => Rejection::Malformed("a part is not base64url (truncated?)".into()),
        JwtError::Utf8(_) => Rejection::Malformed("a part is not UTF-8".into()),
        other => Rejection::Malformed(format!("{other:?}")),
    }
}

/// Revokes tokens in PostgreSQL (the source of truth). Call it in the
/// transaction of its audit row; after the commit, [`deny`] them in Redis.
pub async fn revoke(
    conn: &mut PgConnection,
    selection: &Revocation,
    by: &str,
    reason: Option<&str>,
) -> Result<Vec<crate::model::auth::TokenRecord>> {
    match selection {
        Revocation::Token(jti) => {
            let before = repo::tokens::get(conn, *jti).await?;
            let after = repo::tokens::revoke(conn, *jti, by, reason).await?;
            // A token revoked before is not counted again.
            Ok(if before.revoked_at.is_none() {
                vec![after]
            } else {
                Vec::new()
            })
        }
        Revocation::User(user) => repo::tokens::revoke_for_user(conn, *user, by, reason).await,
    }
}

/// Which tokens to revoke.
#[derive(Debug, Clone, Copy)]
pub enum Revocation {
    Token(Uuid),
    /// Every live token of a user.
    User(Uuid),
}

/// Puts committed revocations on the Redis denylist, and tells this
/// process's [`Watch`](super::watch::Watch) when it has one. A Redis failure
/// stops it (the cache has warned, once): PostgreSQL already says revoked,
/// and verification reads it when Redis does not know.
pub async fn deny(
    cache: &Cache,
    watch: Option<&super::watch::Watch>,
    revoked: &[crate::model::auth::TokenRecord],
) {
    if let Some(watch) = watch {
        watch.revoked(revoked);
    }
    for (done, token) in revoked.iter().enumerate() {
        if let Err(e) = entities::deny(cache, token.jti, token.expires_at).await {
            tracing::debug!(
                left = revoked.len() - done,
                "revoked in PostgreSQL but not on the Redis denylist: {e}"
            );
            return;
        }
    }
}

/// What a refresh did.
#[derive(Debug)]
pub enum Refreshed {
    /// The new pair; the presented refresh token is spent.
    Rotated { access: Issued, refresh: Issued },
    /// The presented token was already spent: someone replayed it, so its
    /// whole family is revoked (commit, then [`deny`] these).
    ReuseDetected {
        revoked: Vec<crate::model::auth::TokenRecord>,
    },
}

/// Spends a refresh token for a new access token and a new refresh token of
/// the same family. Call it in a transaction and commit whatever it returns
/// (a detected reuse must stay revoked).
pub async fn refresh(
    conn: &mut PgConnection,
    cache: &Cache,
    keyring: &Keyring,
    settings: &AuthSettings,
    token: &str,
    by: &str,
) -> Result<std::result::Result<Refreshed, Rejection>> {
    let claims = match verify(conn, cache, settings, token).await? {
        Ok(claims) if claims.kind == TokenKind::Refresh => claims,
        Ok(_) => return Ok(Err(Rejection::Malformed("not a refresh token".into()))),
        Err(rejection) => return Ok(Err(rejection)),
    };
    let jti: Uuid = claims.jti.parse().expect("verified above");
    // The row lock makes two concurrent uses of one token see each other.
    let row: Option<(Uuid, Option<OffsetDateTime>, Option<Uuid>)> =
        sqlx::query_as("SELECT family_id, used_at, session_id FROM auth_tokens WHERE jti = $1 FOR UPDATE")
            .bind(jti)
            .fetch_optional(&mut *conn)
            .await
            .map_err(Error::db("cannot read a refresh token"))?;
    let Some((family, used_at, session_id)) = row else {
        return Ok(Err(Rejection::NotIssued));
    };
    if used_at.is_some() {
        let revoked = repo::tokens::revoke_family(conn, family, by, Some("refresh token reused")).await?;
        return Ok(Ok(Refreshed::ReuseDetected { revoked }));
    }
    sqlx::query("UPDATE auth_tokens SET used_at = now() WHERE jti = $1")
        .bind(jti)
        .execute(&mut *conn)
        .await
        .map_err(Error::db("cannot spend a refresh token"))?;
    let user_id: Uuid = claims
        .sub
        .parse()
        .map_err(|_| Error::Corrupt("a verified token's sub is not a user id".into()))?;
    let scopes: Vec<String> = claims.scope.split_whitespace().map(str::to_owned).collect();
    // Both new tokens join the family, so a detected reuse revokes them too.
    let base = IssueRequest {
        user_id,
        kind: TokenKind::Access,
        ttl: None,
        audience: Some(claims.aud.clone()),
        scopes,
        session_id,
        issued_by: by.to_owned(),
        rotated_from: Some((family, jti)),
    };
    let (access, refresh) = issue_pair(conn, keyring, settings, &base).await?;
    Ok(Ok(Refreshed::Rotated { access, refresh }))
}
