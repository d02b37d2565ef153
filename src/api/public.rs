//! The public listener's routes: the signing keys' JWKS, authentication,
//! and the error body for unknown routes. The API's resources (users,
//! workspaces, conversations, artifacts, architectures) come next.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::state::AppState;

/// The public routes and the OpenAPI document that describes them: each
/// route is registered with its description, so the two cannot differ.
pub fn routes() -> (Router<Arc<AppState>>, utoipa::openapi::OpenApi) {
    use super::{architectures as arch, auth, users, workspaces as ws};
    let (router, mut document) = OpenApiRouter::with_openapi(Document::openapi())
        .routes(routes!(jwks))
        .routes(routes!(auth::token))
        .routes(routes!(auth::refresh))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::get, users::update, users::delete))
        .routes(routes!(ws::list))
        .routes(routes!(ws::get))
        .routes(routes!(ws::members))
        .routes(routes!(ws::conversations))
        .routes(routes!(ws::artifacts))
        .routes(routes!(ws::messages, ws::post_message))
        .routes(routes!(ws::artifact))
        .routes(routes!(arch::list, arch::create))
        .routes(routes!(arch::get, arch::update, arch::delete))
        .routes(routes!(arch::changes, arch::propose))
        .split_for_parts();
    document.info.version = env!("CARGO_PKG_VERSION").to_owned();
    let served = document.clone();
    let router = router.route(
        OPENAPI_PATH,
        get(move || std::future::ready(Json(served.clone()))),
    );
    (router, document)
}

/// Where the document is served (itself not described in it).
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(title = "platformctl serve", description = "The workspace platform's HTTP API."),
    components(schemas(super::error::ErrorDoc)),
    modifiers(&BearerAuth)
)]
struct Document;

/// `Authorization: Bearer <access token>`, the scheme the routes name.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = document.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".to_owned());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The public keys a verifier needs (RFC 7517): pending, active and verifying.
#[utoipa::path(
    get,
    path = "/.well-known/jwks.json",
    tag = "keys",
    summary = "The public signing keys (RFC 7517)",
    responses((status = 200, description = "the JWKS"), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc))
)]
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
