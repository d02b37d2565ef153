//! `/api/v1/users`: admins list, create, read, change and delete users; a
//! user reads themself and changes their own name. Reads carry an `ETag`
//! (the row's version); a change with a stale `If-Match` is a 412.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, Bearer};
use super::state::AppState;
use super::versions::{if_match, with_etag};
use crate::changes::users::{self, NewAccount, NewPassword, Update};
use crate::error::Error;
use crate::model::user::Role;
use crate::repo::PageRequest;
use crate::repo::users::{UserFilter, UserSort};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    page: Option<u32>,
    page_size: Option<u32>,
    sort_by: Option<SortBy>,
    order: Option<Order>,
    role: Option<Role>,
    search: Option<String>,
}

#[derive(Deserialize, Clone, Copy, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
enum SortBy {
    CreatedAt,
    Email,
    Name,
}

#[derive(Deserialize, Clone, Copy, PartialEq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum Order {
    Asc,
    Desc,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserBody {
    email: String,
    name: String,
    #[serde(default)]
    role: Option<Role>,
    #[serde(default)]
    password: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    name: Option<String>,
    role: Option<Role>,
}

async fn connection(state: &AppState) -> Result<crate::db::lease::Lease, ApiError> {
    Ok(state.leases.acquire().await?)
}

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    summary = "A page of users (admin)",
    params(ListQuery),
    responses((status = 200, description = "a page: data, and meta (page, page_size, total_count, total_pages)"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    bearer.require_admin()?;
    let page = PageRequest::new(query.page.unwrap_or(1), query.page_size.unwrap_or(20))?;
    let filter = UserFilter {
        role: query.role,
        search: query.search,
        ..UserFilter::default()
    };
    let sort = match query.sort_by.unwrap_or(SortBy::CreatedAt) {
        SortBy::CreatedAt => UserSort::CreatedAt,
        SortBy::Email => UserSort::Email,
        SortBy::Name => UserSort::DisplayName,
    };
    let descending = query.order == Some(Order::Desc);
    let mut conn = connection(&state).await?;
    let users = crate::repo::users::list(&mut conn, &filter, sort, descending, page).await?;
    Ok(Json(users).into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "users",
    summary = "Create a user (admin)",
    request_body = NewUserBody,
    responses((status = 201, description = "the user, with Location and ETag"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 409, description = "CONFLICT", body = super::error::ErrorDoc), (status = 413, description = "PAYLOAD_TOO_LARGE", body = super::error::ErrorDoc), (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Result<Response, ApiError> {
    bearer.require_admin()?;
    let account = NewAccount {
        email: body.email,
        name: body.name,
        role: body.role.unwrap_or(Role::User),
        password: match body.password {
            Some(password) => NewPassword::Given(Zeroizing::new(password)),
            None => NewPassword::None,
        },
    };
    let mut conn = connection(&state).await?;
    let user = users::create(&mut conn, &bearer.caller(&state), account).await?;
    let mut response = with_etag(&user, user.version, StatusCode::CREATED);
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/users/{}", user.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/api/v1/users/{id}",
    tag = "users",
    summary = "A user (admin, or themself), with ETag",
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 200, description = "the user"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn get(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    if id != bearer.user_id {
        bearer.require_admin()?;
    }
    let user = crate::cache::entities::user(&state.cache, &state.pool, id)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "user",
            key: id.to_string(),
        })?;
    Ok(with_etag(&user, user.version, StatusCode::OK))
}

#[utoipa::path(
    put,
    path = "/api/v1/users/{id}",
    tag = "users",
    summary = "Change a user (admin; themself: the name), If-Match",
    request_body = UpdateBody,
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 200, description = "the user, with its new ETag"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 409, description = "CONFLICT", body = super::error::ErrorDoc), (status = 412, description = "VERSION_MISMATCH", body = super::error::ErrorDoc), (status = 413, description = "PAYLOAD_TOO_LARGE", body = super::error::ErrorDoc), (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn update(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<Response, ApiError> {
    if id != bearer.user_id || body.role.is_some() || bearer.is_readonly() {
        // Users change their own name only; readonly callers nothing.
        bearer.require_admin()?;
    }
    let expected_version = if_match(&headers)?;
    let update = Update {
        name: body.name,
        role: body.role,
        expected_version,
    };
    let mut conn = connection(&state).await?;
    let user = users::update(&mut conn, &bearer.caller(&state), &id.to_string(), &update).await?;
    Ok(with_etag(&user, user.version, StatusCode::OK))
}

#[utoipa::path(
    delete,
    path = "/api/v1/users/{id}",
    tag = "users",
    summary = "Delete a user, soft (admin); their tokens are revoked",
    params(("id" = Uuid, Path, description = "the id")),
    responses((status = 204, description = "deleted"), (status = 400, description = "VALIDATION_ERROR, INVALID_CURSOR", body = super::error::ErrorDoc), (status = 401, description = "UNAUTHORIZED, INVALID_CREDENTIALS, TOKEN_EXPIRED, TOKEN_REVOKED", body = super::error::ErrorDoc), (status = 403, description = "FORBIDDEN", body = super::error::ErrorDoc), (status = 404, description = "NOT_FOUND, USER_NOT_FOUND, WORKSPACE_NOT_FOUND", body = super::error::ErrorDoc), (status = 503, description = "UNAVAILABLE (Retry-After)", body = super::error::ErrorDoc)),
    security(("bearer" = []))
)]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    bearer: Bearer,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    bearer.require_admin()?;
    let mut conn = connection(&state).await?;
    users::delete(&mut conn, &bearer.caller(&state), &id.to_string(), false).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
