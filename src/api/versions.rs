//! Optimistic concurrency over HTTP: a read's `ETag` is the row's version,
//! and a change's `If-Match` is the version the client read (a stale one
//! is a 412 from the library's version guard).

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::ApiError;

/// `value` as JSON with `status`, its `version` as the ETag.
pub fn with_etag(value: &impl Serialize, version: i64, status: StatusCode) -> Response {
    let mut response = (status, Json(value)).into_response();
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// The version an `If-Match` names, if the request has one.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    headers
        .get(header::IF_MATCH)
        .map(|value| {
            value
                .to_str()
                .ok()
                .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
                .and_then(|v| v.parse::<i64>().ok())
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "VALIDATION_ERROR",
                        "If-Match must be the ETag a read gave, such as \"3\"",
                    )
                })
        })
        .transpose()
}
