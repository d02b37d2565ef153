//! What wraps every request: its id (taken from `X-Request-Id` when the
//! client sends a usable one, else a new uuid v7) on the response and in
//! error bodies, the cap on requests in flight (503 beyond, with
//! Retry-After), the request timeout (503), the access log line, and the
//! counters `/metrics` shows.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, ErrorBody, render};
use super::state::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served, for handlers and the audit trail.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Where the bearer extractor writes the user a request was authenticated
/// as, for the access log.
#[derive(Debug, Clone, Default)]
pub struct AuthenticatedUser(Arc<OnceLock<uuid::Uuid>>);

impl AuthenticatedUser {
    pub fn set(&self, user: uuid::Uuid) {
        let _ = self.0.set(user);
    }
}

pub async fn around(State(state): State<Arc<AppState>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| usable_id(v))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    request.extensions_mut().insert(RequestId(id.clone()));
    let authenticated = AuthenticatedUser::default();
    request.extensions_mut().insert(authenticated.clone());
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());

    let response = match state.in_flight.clone().try_acquire_owned() {
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "too many requests in flight; retry shortly",
        )
        .with_retry_after(1)
        .into_response(),
        Ok(_permit) => {
            match tokio::time::timeout(state.settings.server.request_timeout, next.run(request)).await {
                Ok(response) => response,
                Err(_) => ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "TIMEOUT",
                    format!(
                        "the request took longer than {}s",
                        state.settings.server.request_timeout.as_secs_f64()
                    ),
                )
                .with_retry_after(1)
                .into_response(),
            }
        }
    };
    let mut response = with_request_id(response, &id);
    response.headers_mut().insert(
        REQUEST_ID,
        HeaderValue::from_str(&id).expect("checked or generated"),
    );

    let status = response.status();
    let latency = started.elapsed();
    state.metrics.record(status, latency);
    let user = authenticated
        .0
        .get()
        .map_or_else(|| "-".to_owned(), ToString::to_string);
    tracing::info!(
        target: "access",
        request_id = %id,
        method = %method,
        route = %route,
        status = status.as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        user,
    );
    response
}

/// An id a client may give: short, printable ASCII, no spaces.
fn usable_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_graphic())
}

/// The error body again, now with the request id in it; other responses
/// as they are.
fn with_request_id(response: Response, id: &str) -> Response {
    let Some(ErrorBody(parts)) = response.extensions().get::<ErrorBody>().cloned() else {
        return response;
    };
    let (head, _) = response.into_parts();
    let mut fresh = render(head.status, &parts, Some(id));
    for (name, value) in &head.headers {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fresh.extensions_mut().extend(head.extensions);
    fresh
}
