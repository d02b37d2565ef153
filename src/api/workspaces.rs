//! The caller's workspaces and what is in them: members, conversations and
//! their messages, artifacts. A workspace the caller is not a member of is
//! a 404, never a 403, so its existence is not disclosed; admins see
//! every workspace. Workspace settings, configs and artifacts are read
//! through the cache.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, Bearer};
use super::state::AppState;
use crate::cache::entities;
use crate::model::artifact::ArtifactType;
use crate::model::chat::{MessageRole, NewMessage};
use crate::model::user::Role;
use crate::model::workspace::MemberRole;
use crate::repo::conversations::{ConversationFilter, ConversationSort};
use crate::repo::{self, Cursor, KeysetPage, PageRequest};

pub(super) type Connection = crate::db::lease::Lease;

pub(super) async fn connection(state: &AppState) -> Result<Connection, ApiError> {
    Ok(state.leases.acquire().await?)
}

fn workspace_not_found(id: Uuid) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "WORKSPACE_NOT_FOUND",
        format!("Workspace with ID '{id}' not found"),
    )
}

/// The caller's role in `workspace` (an admin's is `Owner`), or 404.
pub(super) async fn access(
    conn: &mut Connection,
    bearer: &Bearer,
    workspace: Uuid,
) -> Result<MemberRole, ApiError> {
    if bearer.is_admin() {
        repo::workspaces::get(conn, workspace)
            .await
            .map_err(|_| workspace_not_found(workspace))?;
        return Ok(MemberRole::Owner);
    }
    repo::workspaces::member_role(conn, workspace, bearer.user_id)
        .await?
        .ok_or_else(|| workspace_not_found(workspace))
}

/// `{"data": [...], "meta": {"next_cursor": ...}}`
#[derive(Serialize)]
struct Keyset<T> {
    data: Vec<T>,
    meta: KeysetMeta,
}

#[derive(Serialize)]
struct KeysetMeta {
    next_cursor: Option<String>,
}

/// Serialised into one buffer the size of a full page: axum's `Json` grows
/// its buffer from 128 bytes, and for a page of 50 messages (about 36 KB)
/// the growing and its copies were a tenth of the server's time in a
/// profile.
impl<T: Serialize> IntoResponse for Keyset<T> {
    fn into_response(self) -> Response {
        const PAGE_BYTES: usize = 64 * 1024;
        let mut body = Vec::with_capacity(PAGE_BYTES);
        match serde_json::to_writer(&mut body, &self) {
            Ok(()) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
            Err(e) => ApiError::from(crate::error::Error::Internal(format!(
                "cannot encode a page: {e}"
            )))
            .into_response(),
        }
    }
}

impl<T> From<KeysetPage<T>> for Keyset<T> {
    fn from(page: KeysetPage<T>) -> Keyset<T> {
        Keyset {
            data: page.data,
            meta: KeysetMeta {
                next_cursor: page.next_cursor,
            },
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct KeysetQuery {
    before: Option<String>,
    limit: Option<u32>,
}

impl KeysetQuery {
    fn cursor(&self) -> Result<Option<Cursor>, ApiError> {
        Ok(self.before.as_deref().map(str::parse).transpose()?)
    }

    fn limit(&self) -> Result<u32, ApiError> {
        match self.limit.unwrap_or(20) {
            limit @ 1..=100 => Ok(limit),
            other => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "VALIDATION_ERROR",
                format!("limit {other} is out of range: 1 to 100"),
            )),
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/workspaces",
    tag = "workspaces",
    summary = "The caller's workspaces, newest first",
    params(KeysetQuery),
    responses((status = 200, description = "a keyset page: data, and meta.next_cursor"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiQuery(query): ApiQuery<KeysetQuery>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let page =
        repo::workspaces::list_for_member(&mut conn, bearer.user_id, query.cursor()?, query.limit()?).await?;
    conn.release();
    Ok(Keyset::from(page).into_response())
}

#[derive(Serialize)]
struct WorkspaceView {
    #[serde(flatten)]
    workspace: crate::model::workspace::Workspace,
    settings: Option<crate::model::workspace::WorkspaceSettings>,
    config: Option<entities::WorkspaceConfig>,
    role: MemberRole,
}

#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{id}",
    tag = "workspaces",
    summary = "A workspace with its settings and config",
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 200, description = "the workspace"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn get(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let (workspace, role) = repo::workspaces::get_as(&mut conn, id, bearer.user_id, bearer.is_admin())
        .await?
        .ok_or_else(|| workspace_not_found(id))?;
    let settings = entities::workspace_settings(&state.cache, &mut conn, id).await?;
    let config = entities::workspace_config(&state.cache, &mut conn, id).await?;
    conn.release();
    let view = WorkspaceView {
        workspace,
        settings,
        config,
        role,
    };
    Ok(Json(view).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{id}/members",
    tag = "workspaces",
    summary = "A workspace's members",
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 200, description = "data: the list"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn members(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    access(&mut conn, &bearer, id).await?;
    let members = repo::workspaces::members(&mut conn, id).await?;
    Ok(Json(serde_json::json!({ "data": members })).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    page: Option<u32>,
    page_size: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{id}/conversations",
    tag = "workspaces",
    summary = "A page of a workspace's conversations",
    params(("id" = Uuid, Path, description = "the id"), PageQuery),
    responses((status = 200, description = "a page: data, and meta (page, page_size, total_count, total_pages)"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn conversations(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    access(&mut conn, &bearer, id).await?;
    let page = PageRequest::new(query.page.unwrap_or(1), query.page_size.unwrap_or(20))?;
    let filter = ConversationFilter {
        workspace_id: Some(id),
        ..ConversationFilter::default()
    };
    let conversations =
        repo::conversations::list(&mut conn, &filter, ConversationSort::LastMessageAt, true, page).await?;
    Ok(Json(conversations).into_response())
}

/// The conversation's workspace, checked as `access` does.
fn conversation_not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Conversation with ID '{id}' not found"))
}

async fn conversation_access(
    conn: &mut Connection,
    bearer: &Bearer,
    conversation: Uuid,
) -> Result<MemberRole, ApiError> {
    repo::conversations::member_role(conn, conversation, bearer.user_id, bearer.is_admin())
        .await?
        .ok_or_else(|| conversation_not_found(conversation))
}

#[utoipa::path(
    get,
    path = "/api/v1/conversations/{id}/messages",
    tag = "workspaces",
    summary = "A conversation's messages, newest first",
    params(("id" = Uuid, Path, description = "the id"), KeysetQuery),
    responses((status = 200, description = "a keyset page: data, and meta.next_cursor"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn messages(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<KeysetQuery>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let (_, page) = repo::conversations::recent_messages_as(
        &mut conn,
        id,
        bearer.user_id,
        bearer.is_admin(),
        query.cursor()?,
        query.limit()?,
    )
    .await?
    .ok_or_else(|| conversation_not_found(id))?;
    conn.release();
    Ok(Keyset::from(page).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessageBody {
    content: String,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    metadata: Option<serde_json::Value>,
}

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{id}/messages",
    tag = "workspaces",
    summary = "Post a message (members but viewers)",
    request_body = NewMessageBody,
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 201, description = "the message"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 413, description = "PAYLOAD_TOO_LARGE", body = super::error::ErrorDoc), (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn post_message(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<NewMessageBody>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let role = conversation_access(&mut conn, &bearer, id).await?;
    if role == MemberRole::Viewer || bearer.claims.role == Role::Readonly.as_str() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "a viewer or readonly caller writes nothing",
        ));
    }
    if body.content.trim().is_empty() {
        let mut error = ApiError::new(
            StatusCode::BAD_REQUEST,
            "VALIDATION_ERROR",
            "the message is empty",
        );
        error.details = serde_json::json!({ "content": ["must not be empty"] });
        return Err(error);
    }
    let message = repo::conversations::append(
        &mut conn,
        &NewMessage {
            conversation_id: id,
            role: MessageRole::User,
            author_id: Some(bearer.user_id),
            agent_id: None,
            content: body.content,
            metadata: body.metadata.unwrap_or_else(|| serde_json::json!({})),
            token_count: None,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(message)).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ArtifactQuery {
    #[serde(rename = "type")]
    artifact_type: Option<ArtifactType>,
    before: Option<String>,
    limit: Option<u32>,
    page: Option<u32>,
    page_size: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{id}/artifacts",
    tag = "workspaces",
    summary = "A workspace's artifacts, of a type by keyset or all by page",
    params(("id" = Uuid, Path, description = "the id"), ArtifactQuery),
    responses((status = 200, description = "a page"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn artifacts(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ArtifactQuery>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    access(&mut conn, &bearer, id).await?;
    let response = match query.artifact_type {
        Some(artifact_type) => {
            let keyset = KeysetQuery {
                before: query.before,
                limit: query.limit,
            };
            let page = repo::artifacts::list_by_type(
                &mut conn,
                id,
                artifact_type,
                keyset.cursor()?,
                keyset.limit()?,
            )
            .await?;
            Keyset::from(page).into_response()
        }
        None => {
            let page = PageRequest::new(query.page.unwrap_or(1), query.page_size.unwrap_or(20))?;
            let filter = repo::artifacts::ArtifactFilter {
                workspace_id: Some(id),
                ..Default::default()
            };
            let artifacts = repo::artifacts::list(
                &mut conn,
                &filter,
                repo::artifacts::ArtifactSort::UpdatedAt,
                true,
                page,
            )
            .await?;
            Json(artifacts).into_response()
        }
    };
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/api/v1/artifacts/{id}",
    tag = "workspaces",
    summary = "An artifact's metadata and current version",
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 200, description = "the artifact"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn artifact(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let mut conn = connection(&state).await?;
    let not_found = || ApiError::not_found(format!("Artifact with ID '{id}' not found"));
    let artifact = entities::artifact(&state.cache, &mut conn, id)
        .await?
        .ok_or_else(not_found)?;
    access(&mut conn, &bearer, artifact.workspace_id)
        .await
        .map_err(|_| not_found())?;
    Ok(Json(artifact).into_response())
}
