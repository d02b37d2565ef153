//! `/api/v1/auth`: the token endpoint (sign in), refresh, logout and "who
//! am I". Each calls one library change (`changes::logins`,
//! `changes::access`).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::error::ApiError;
use super::extract::{ApiJson, Bearer};
use super::layers::RequestId;
use super::state::AppState;
use crate::audit::Actor;
use crate::changes::access::{self, Sessions};
use crate::changes::logins::{self, Client, SignIn, TokenPair};
use crate::error::Error;
use crate::model::user::User;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    username: String,
    password: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    refresh_token: String,
}

/// Who acts for a request without a bearer token.
fn anonymous() -> Actor {
    Actor::named("api:anonymous")
}

fn keyring(state: &AppState) -> Result<&crate::crypto::Keyring, ApiError> {
    state.keyring.as_ref().ok_or_else(|| {
        ApiError::from(Error::Config {
            setting: "PLATFORMCTL_MASTER_KEY",
            message: "the service has no master key, so it cannot sign tokens".into(),
        })
    })
}

/// A token pair, never cached by anyone on the way.
fn tokens(pair: TokenPair) -> Response {
    let mut response = Json(pair).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/token",
    tag = "auth",
    summary = "Sign in: an access and a refresh token",
    request_body = Credentials,
    responses((status = 200, description = "the token pair (Cache-Control: no-store)"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 413, description = "PAYLOAD_TOO_LARGE", body = super::error::ErrorDoc), (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = super::error::ErrorDoc), (status = 429, description = "TOO_MANY_ATTEMPTS (Retry-After)", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc))
)]
pub async fn token(
    State(state): State<Arc<AppState>>,
    request_id: axum::Extension<RequestId>,
    headers: HeaderMap,
    ApiJson(credentials): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    let with = SignIn {
        keyring: keyring(&state)?,
        settings: &state.settings.auth,
        verifier: &state.verifier,
        throttle: &state.throttle,
    };
    let actor = anonymous();
    let caller = state.caller(&actor, Some(&request_id.0.0));
    let client = Client {
        ip: None,
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()),
    };
    let mut conn = state.leases.acquire().await?;
    let pair = logins::login(
        &mut conn,
        &caller,
        &with,
        &credentials.username,
        Zeroizing::new(credentials.password),
        client,
    )
    .await?;
    conn.release();
    Ok(tokens(pair))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "auth",
    summary = "A new pair for a refresh token; a reused one revokes its family",
    request_body = RefreshRequest,
    responses((status = 200, description = "the new token pair"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 413, description = "PAYLOAD_TOO_LARGE", body = super::error::ErrorDoc), (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc))
)]
pub async fn refresh(
    State(state): State<Arc<AppState>>,
    request_id: axum::Extension<RequestId>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Response, ApiError> {
    let actor = anonymous();
    let caller = state.caller(&actor, Some(&request_id.0.0));
    let mut conn = state.leases.acquire().await?;
    let pair = logins::refresh(
        &mut conn,
        &caller,
        keyring(&state)?,
        &state.settings.auth,
        &body.refresh_token,
    )
    .await?;
    conn.release();
    Ok(tokens(pair))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    summary = "Revoke the session and its tokens",
    responses((status = 204, description = "signed out"), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn logout(State(state): State<Arc<AppState>>, bearer: Bearer) -> Result<Response, ApiError> {
    let caller = bearer.caller(&state);
    let mut conn = state.leases.acquire().await?;
    let jti = bearer
        .claims
        .jti
        .parse()
        .map_err(|_| Error::Corrupt("a verified token's jti is not a uuid".into()))?;
    let record = crate::repo::tokens::get(&mut conn, jti).await?;
    match record.session_id {
        Some(session) => {
            access::revoke_sessions(&mut conn, &caller, Sessions::One(session)).await?;
        }
        // A token issued by an admin has no session: logging out revokes it alone.
        None => {
            access::revoke_tokens(&mut conn, &caller, access::Tokens::One(jti), Some("logout")).await?;
        }
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/auth/me",
    tag = "auth",
    summary = "The caller",
    responses((status = 200, description = "the user"), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn me(State(state): State<Arc<AppState>>, bearer: Bearer) -> Result<Response, ApiError> {
    let user: User = crate::cache::entities::user(&state.cache, &state.pool, bearer.user_id)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "user",
            key: bearer.user_id.to_string(),
        })?;
    Ok(Json(user).into_response())
}
