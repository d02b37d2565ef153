//! What handlers take from a request: a JSON body whose every rejection is
//! the documented error (400 with the field and why, 413, 415), and the
//! caller a bearer access token names, verified exactly as `token verify`
//! does (signature, claims, revocation).

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::error::ApiError;
use super::layers::{AuthenticatedUser, RequestId};
use super::state::AppState;
use crate::audit::Actor;
use crate::auth::jwt::Claims;
use crate::changes::Caller;
use crate::changes::logins::rejected;
use crate::error::Error;
use crate::model::auth::TokenKind;
use crate::model::user::Role;

/// A JSON body of `T`.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(body_rejected(&rejection)),
        }
    }
}

fn body_rejected(rejection: &JsonRejection) -> ApiError {
    match rejection.status() {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send the body as JSON with Content-Type: application/json",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "the body is larger than this service accepts ([server] body_limit)",
        ),
        _ => {
            // serde's message names the field and what was wrong with it,
            // never anything of ours.
            let message = rejection.body_text();
            let mut error = ApiError::new(
                StatusCode::BAD_REQUEST,
                "VALIDATION_ERROR",
                "the body is not valid",
            );
            error.details = serde_json::json!({ "body": [message] });
            error
        }
    }
}

/// A path parameter of `T` (a bad uuid is a 400 naming it, not a 404).
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => {
                let mut error = ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "VALIDATION_ERROR",
                    "the path is not valid",
                );
                error.details = serde_json::json!({ "path": [rejection.body_text()] });
                Err(error)
            }
        }
    }
}

/// Query parameters of `T` (unknown or malformed ones: 400 naming them).
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => {
                let mut error = ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "VALIDATION_ERROR",
                    "the query is not valid",
                );
                error.details = serde_json::json!({ "query": [rejection.body_text()] });
                Err(error)
            }
        }
    }
}

/// The caller of a request, from its bearer access token: who the audit
/// trail names, what their role allows, and the request their changes serve.
pub struct Bearer {
    pub user_id: Uuid,
    pub claims: Claims,
    pub actor: Actor,
    pub request_id: Option<String>,
}

impl Bearer {
    pub fn is_admin(&self) -> bool {
        self.claims.role == Role::Admin.as_str()
    }

    /// A readonly caller reads what a user may read and writes nothing.
    pub fn is_readonly(&self) -> bool {
        self.claims.role == Role::Readonly.as_str()
    }

    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                "only an admin may do this",
            ))
        }
    }

    /// The caller as the library's changes take it.
    pub fn caller<'a>(&'a self, state: &'a AppState) -> Caller<'a> {
        state.caller(&self.actor, self.request_id.as_deref())
    }
}

impl FromRequestParts<Arc<AppState>> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, ApiError> {
        let unauthorized = |message: &str| {
            ApiError::from(Error::Unauthenticated {
                code: "UNAUTHORIZED",
                message: message.to_owned(),
            })
        };
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| unauthorized("send Authorization: Bearer <access token>"))?;
        let verified = state
            .watch
            .verify(&state.cache, &state.settings.auth, token)
            .await?;
        let claims = match verified {
            Ok(claims) if claims.kind == TokenKind::Access => claims,
            Ok(_) => {
                return Err(unauthorized(
                    "a refresh token cannot authorize a request; send the access token",
                ));
            }
            Err(rejection) => return Err(rejected(&rejection).into()),
        };
        let user_id: Uuid = claims
            .sub
            .parse()
            .map_err(|_| unauthorized("the token's subject is not a user"))?;
        if let Some(slot) = parts.extensions.get::<AuthenticatedUser>() {
            slot.set(user_id);
        }
        Ok(Bearer {
            user_id,
            actor: Actor::named(&format!("user:{user_id}")),
            claims,
            request_id: parts.extensions.get::<RequestId>().map(|r| r.0.clone()),
        })
    }
}
