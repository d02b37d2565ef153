//! `/api/v1/architectures`: the architectures of the caller's workspaces
//! and the changes proposed to them. Members read; members but viewers
//! (and readonly callers) write; another workspace's is a 404. Each write
//! is one library change (`changes::architectures`) with its audit row.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, Bearer};
use super::state::AppState;
use super::versions::{if_match, with_etag};
use super::workspaces::{Connection, access, connection};
use crate::changes::architectures::{self as change, ArchitectureUpdate, NewArchitecture};
use crate::model::architecture::Architecture;
use crate::model::user::Role;
use crate::model::workspace::MemberRole;
use crate::repo::{self, PageRequest};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    workspace_id: Option<Uuid>,
    status: Option<String>,
    page: Option<u32>,
    page_size: Option<u32>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBody {
    workspace_id: Uuid,
    name: String,
    description: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    definition: Option<serde_json::Value>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    name: Option<String>,
    description: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeBody {
    title: String,
    #[schema(value_type = Object)]
    diff: serde_json::Value,
}

fn not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Architecture with ID '{id}' not found"))
}

/// The architecture, when the caller may see it (else 404), and their role.
async fn visible(
    conn: &mut Connection,
    bearer: &Bearer,
    id: Uuid,
) -> Result<(Architecture, MemberRole), ApiError> {
    let architecture = repo::architectures::get(conn, id)
        .await
        .map_err(|_| not_found(id))?;
    let role = access(conn, bearer, architecture.workspace_id)
        .await
        .map_err(|_| not_found(id))?;
    Ok((architecture, role))
}

fn may_write(bearer: &Bearer, role: MemberRole) -> Result<(), ApiError> {
    if role == MemberRole::Viewer || bearer.claims.role == Role::Readonly.as_str() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "a viewer or readonly caller writes nothing",
        ));
    }
    Ok(())
}

#[utoipa::path(
    get,
    path = "/api/v1/architectures",
    tag = "architectures",
    summary = "A page of the caller's workspaces' architectures",
    params(ListQuery),
    responses((status = 200, description = "a page: data, and meta (page, page_size, total_count, total_pages)"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let page = PageRequest::new(query.page.unwrap_or(1), query.page_size.unwrap_or(20))?;
    let architectures = match query.workspace_id {
        Some(workspace) => {
            access(&mut conn, &bearer, workspace).await?;
            let sort = repo::architectures::ArchitectureSort::CreatedAt;
            repo::architectures::list(&mut conn, workspace, query.status.as_deref(), sort, true, page).await?
        }
        None => {
            repo::architectures::list_for_member(&mut conn, bearer.user_id, query.status.as_deref(), page)
                .await?
        }
    };
    Ok(Json(architectures).into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/architectures",
    tag = "architectures",
    summary = "Create an architecture in a workspace",
    request_body = NewBody,
    responses((status = 201, description = "the architecture, with Location and ETag"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 409, description = "CONFLICT", body = super::error::ErrorDoc), (status = 413, description = "PAYLOAD_TOO_LARGE", body = super::error::ErrorDoc), (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiJson(body): ApiJson<NewBody>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let role = access(&mut conn, &bearer, body.workspace_id).await?;
    may_write(&bearer, role)?;
    let new = NewArchitecture {
        workspace_id: body.workspace_id,
        name: body.name,
        description: body.description,
        definition: body.definition.unwrap_or_else(|| serde_json::json!({})),
        created_by: Some(bearer.user_id),
    };
    let architecture = change::create(&mut conn, &bearer.caller(&state), &new).await?;
    let mut response = with_etag(&architecture, architecture.version, StatusCode::CREATED);
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/architectures/{}", architecture.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/api/v1/architectures/{id}",
    tag = "architectures",
    summary = "An architecture, with ETag",
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 200, description = "the architecture"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn get(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let (architecture, _) = visible(&mut conn, &bearer, id).await?;
    Ok(with_etag(&architecture, architecture.version, StatusCode::OK))
}

#[utoipa::path(
    put,
    path = "/api/v1/architectures/{id}",
    tag = "architectures",
    summary = "Change an architecture, If-Match",
    request_body = UpdateBody,
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 200, description = "the architecture, with its new ETag"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 409, description = "CONFLICT", body = super::error::ErrorDoc), (status = 412, description = "VERSION_MISMATCH", body = super::error::ErrorDoc), (status = 413, description = "PAYLOAD_TOO_LARGE", body = super::error::ErrorDoc), (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn update(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let (_, role) = visible(&mut conn, &bearer, id).await?;
    may_write(&bearer, role)?;
    let update = ArchitectureUpdate {
        name: body.name,
        description: body.description,
        status: body.status,
        expected_version: if_match(&headers)?,
    };
    let architecture = change::update(&mut conn, &bearer.caller(&state), id, &update).await?;
    Ok(with_etag(&architecture, architecture.version, StatusCode::OK))
}

#[utoipa::path(
    delete,
    path = "/api/v1/architectures/{id}",
    tag = "architectures",
    summary = "Delete an architecture (soft), If-Match optional",
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 204, description = "deleted"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 412, description = "VERSION_MISMATCH", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let (_, role) = visible(&mut conn, &bearer, id).await?;
    may_write(&bearer, role)?;
    change::delete(&mut conn, &bearer.caller(&state), id, if_match(&headers)?).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/architectures/{id}/changes",
    tag = "architectures",
    summary = "The changes proposed to an architecture",
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 200, description = "data: the list"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn changes(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    visible(&mut conn, &bearer, id).await?;
    let changes = repo::architectures::changes(&mut conn, id).await?;
    Ok(Json(serde_json::json!({ "data": changes })).into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/architectures/{id}/changes",
    tag = "architectures",
    summary = "Propose a change",
    request_body = ChangeBody,
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 201, description = "the change"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 413, description = "PAYLOAD_TOO_LARGE", body = super::error::ErrorDoc), (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn propose(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ChangeBody>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let (_, role) = visible(&mut conn, &bearer, id).await?;
    may_write(&bearer, role)?;
    let caller = bearer.caller(&state);
    let change = change::propose_change(
        &mut conn,
        &caller,
        id,
        &body.title,
        &body.diff,
        Some(bearer.user_id),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(change)).into_response())
}
