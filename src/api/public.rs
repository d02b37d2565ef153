//! The public listener's routes. This first part serves the signing keys'
//! JWKS and answers unknown routes with the error body; the API's
//! resources (API.md's authentication, users, workspaces...) come next.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::routing::get;

use super::error::ApiError;
use super::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/.well-known/jwks.json", get(jwks))
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
