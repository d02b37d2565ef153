//! The public listener's routes: the signing keys' JWKS, authentication,
//! and the error body for unknown routes. The API's resources (users,
//! workspaces, conversations, artifacts, architectures) come next.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::routing::{get, post};

use super::error::ApiError;
use super::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/.well-known/jwks.json", get(jwks))
        .route("/api/v1/auth/token", post(super::auth::token))
        .route("/api/v1/auth/refresh", post(super::auth::refresh))
        .route("/api/v1/auth/logout", post(super::auth::logout))
        .route("/api/v1/auth/me", get(super::auth::me))
        .route(
            "/api/v1/users",
            get(super::users::list).post(super::users::create),
        )
        .route(
            "/api/v1/users/{id}",
            get(super::users::get)
                .put(super::users::update)
                .delete(super::users::delete),
        )
        .route("/api/v1/workspaces", get(super::workspaces::list))
        .route("/api/v1/workspaces/{id}", get(super::workspaces::get))
        .route("/api/v1/workspaces/{id}/members", get(super::workspaces::members))
        .route(
            "/api/v1/workspaces/{id}/conversations",
            get(super::workspaces::conversations),
        )
        .route(
            "/api/v1/workspaces/{id}/artifacts",
            get(super::workspaces::artifacts),
        )
        .route(
            "/api/v1/conversations/{id}/messages",
            get(super::workspaces::messages).post(super::workspaces::post_message),
        )
        .route("/api/v1/artifacts/{id}", get(super::workspaces::artifact))
        .route(
            "/api/v1/architectures",
            get(super::architectures::list).post(super::architectures::create),
        )
        .route(
            "/api/v1/architectures/{id}",
            get(super::architectures::get)
                .put(super::architectures::update)
                .delete(super::architectures::delete),
        )
        .route(
            "/api/v1/architectures/{id}/changes",
            get(super::architectures::changes).post(super::architectures::propose),
        )
}

/// The public keys a verifier needs (RFC 7517): pending, active and verifying.
async fn jwks(State(state): State<Arc<AppState>>) -> Result<Json<serde_json::Value>, ApiError> {
    let mut conn = state
        .pool
        .acquire()
        .await
        .map_err(crate::error::Error::db("cannot take a connection"))?;
    let keys = crate::auth::keys::list(&mut conn).await?;
    Ok(Json(crate::auth::keys::jwks(&keys)))
}

pub async fn unknown_route(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no route {}", uri.path()))
}
