//! The error body every response of the API carries when it fails:
//! `{"error": {"code", "message", "details", "timestamp", "request_id"}}`.
//! A library error becomes the status and code of its kind; an internal
//! one is logged with its request id and answered without its text, so no
//! response ever carries a SQL text or a driver message.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{Error, ErrorKind};

/// An answer that is not a success.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: serde_json::Value,
    /// Seconds the client should wait (429, 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            details: serde_json::json!({}),
            retry_after: None,
        }
    }

    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", what)
    }

    pub fn with_retry_after(mut self, seconds: u64) -> ApiError {
        self.retry_after = Some(seconds);
        self
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> ApiError {
        match &error {
            Error::Unauthenticated { code, message } => {
                return ApiError::new(StatusCode::UNAUTHORIZED, code, message.clone());
            }
            Error::TooManyAttempts { retry_after } => {
                return ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "TOO_MANY_ATTEMPTS",
                    error.to_string(),
                )
                .with_retry_after(retry_after.as_secs().max(1));
            }
            _ => {}
        }
        let (status, code) = match error.kind() {
            ErrorKind::NotFound => match error {
                Error::NotFound { entity: "user", .. } => (StatusCode::NOT_FOUND, "USER_NOT_FOUND"),
                Error::NotFound {
                    entity: "workspace", ..
                } => (StatusCode::NOT_FOUND, "WORKSPACE_NOT_FOUND"),
                _ => (StatusCode::NOT_FOUND, "NOT_FOUND"),
            },
            ErrorKind::BadInput => match error {
                Error::Conflict { .. } => (StatusCode::CONFLICT, "CONFLICT"),
                Error::InvalidValue { entity: "cursor", .. } => (StatusCode::BAD_REQUEST, "INVALID_CURSOR"),
                _ => (StatusCode::BAD_REQUEST, "VALIDATION_ERROR"),
            },
            ErrorKind::Refused => (StatusCode::FORBIDDEN, "FORBIDDEN"),
            ErrorKind::Temporary => match error {
                Error::StaleVersion { .. } => (StatusCode::PRECONDITION_FAILED, "VERSION_MISMATCH"),
                _ => (StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE"),
            },
            // The service's own setup (no master key, no signing key):
            // nothing the client can change, so unavailable, and the
            // message names the setting for whoever runs it.
            ErrorKind::Unavailable | ErrorKind::Config => (StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE"),
            ErrorKind::InputMissing
            | ErrorKind::Internal
            | ErrorKind::CannotCreate
            | ErrorKind::Interrupted => (StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR"),
        };
        // Only messages written for people travel: a driver's or an
        // internal error's text stays in the log.
        let message = match (&error, status) {
            (_, StatusCode::INTERNAL_SERVER_ERROR) => {
                "internal error; the request id finds it in the log".to_owned()
            }
            // These three carry the server's own text: say it in ours.
            (Error::Conflict { entity, .. }, _) => {
                format!("a {entity} with the same unique value exists already")
            }
            (Error::InvalidReference { entity, .. }, _) => {
                format!("the {entity} refers to something that does not exist")
            }
            (
                Error::InvalidValue {
                    entity,
                    constraint: Some(_),
                    ..
                },
                _,
            ) => format!("a value of the {entity} is out of range or malformed"),
            (Error::Database { .. } | Error::Redis { .. } | Error::Unreachable { .. }, _) => {
                "the database is unavailable; retry later".to_owned()
            }
            _ => error.to_string(),
        };
        if status.is_server_error() {
            tracing::error!(code, "{error}");
        }
        let mut api = ApiError::new(status, code, message);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            // A setting is not fixed in a second.
            api.retry_after = Some(if error.kind() == ErrorKind::Config { 60 } else { 1 });
        }
        api
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    code: &'a str,
    message: &'a str,
    details: &'a serde_json::Value,
    timestamp: String,
    /// Filled in by the request-id layer, which knows it.
    request_id: Option<String>,
}

/// The error body, as the OpenAPI document describes it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // only described, never built
pub struct ErrorDoc {
    error: ErrorDetailDoc,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetailDoc {
    /// What went wrong, for programs: `VALIDATION_ERROR`, `USER_NOT_FOUND`...
    code: String,
    /// What to change, for people.
    message: String,
    /// Field -> messages, for a `VALIDATION_ERROR`.
    #[schema(value_type = Object)]
    details: serde_json::Value,
    /// RFC 3339, UTC.
    timestamp: String,
    /// The request's `X-Request-Id`.
    request_id: String,
}

/// The request id of the response being built, which the request-id layer
/// puts into the error body it finds.
#[derive(Clone)]
pub(super) struct ErrorBody(pub(super) ApiErrorParts);

#[derive(Clone)]
pub(super) struct ApiErrorParts {
    pub(super) code: &'static str,
    pub(super) message: String,
    pub(super) details: serde_json::Value,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = render(
            self.status,
            &ApiErrorParts {
                code: self.code,
                message: self.message.clone(),
                details: self.details.clone(),
            },
            None,
        );
        response.extensions_mut().insert(ErrorBody(ApiErrorParts {
            code: self.code,
            message: self.message,
            details: self.details,
        }));
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"Bearer error="invalid_token""#),
            );
        }
        response
    }
}

/// The JSON error response of `status`, with the request id when known.
pub(super) fn render(status: StatusCode, parts: &ApiErrorParts, request_id: Option<&str>) -> Response {
    let body = Body {
        error: Detail {
            code: parts.code,
            message: &parts.message,
            details: &parts.details,
            timestamp: time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            request_id: request_id.map(str::to_owned),
        },
    };
    (status, Json(body)).into_response()
}
