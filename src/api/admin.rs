//! The admin listener: `/health/alive` (the process answers; no I/O),
//! `/health/ready` (PostgreSQL and Redis answer, no migration is pending,
//! not shutting down; 503 naming the failing checks), `/metrics`
//! (Prometheus text) and `/version`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;

use super::state::AppState;

pub async fn alive() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "alive" }))
}

#[derive(Serialize)]
struct Check {
    name: &'static str,
    ok: bool,
    detail: String,
}

#[derive(Serialize)]
struct Readiness {
    ready: bool,
    checks: Vec<Check>,
}

pub async fn ready(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let mut checks = Vec::new();
    let database = async {
        let mut conn = state.pool.acquire().await.map_err(|e| e.to_string())?;
        crate::migrate::pending(&mut conn, &state.migrations)
            .await
            .map_err(|e| e.to_string())
    };
    match tokio::time::timeout(state.settings.connect_timeout, database).await {
        Ok(Ok(pending)) => {
            checks.push(Check {
                name: "postgresql",
                ok: true,
                detail: "answers".into(),
            });
            checks.push(Check {
                name: "migrations",
                ok: pending.is_empty(),
                detail: match pending.as_slice() {
                    [] => "none pending".into(),
                    versions => format!("pending: {versions:?}; run `platformctl migrate up`"),
                },
            });
        }
        Ok(Err(error)) => checks.push(Check {
            name: "postgresql",
            ok: false,
            detail: redacted(&error),
        }),
        Err(_) => checks.push(Check {
            name: "postgresql",
            ok: false,
            detail: "no answer in time".into(),
        }),
    }
    let redis = state.cache.ping().await;
    checks.push(Check {
        name: "redis",
        ok: redis,
        detail: if redis { "answers" } else { "no answer" }.into(),
    });
    if state.draining.load(Ordering::Relaxed) {
        checks.push(Check {
            name: "shutdown",
            ok: false,
            detail: "draining requests in flight".into(),
        });
    }
    let ready = checks.iter().all(|c| c.ok);
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(Readiness { ready, checks }))
}

/// A check's detail without credentials (the admin listener is internal,
/// but its answers end up in dashboards).
fn redacted(error: &str) -> String {
    error
        .split_whitespace()
        .map(|word| {
            if word.contains("://") {
                crate::config::redact_url(word)
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    use std::fmt::Write;
    let m = &state.metrics;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# HELP platform_http_requests_total Requests answered, by status class."
    );
    let _ = writeln!(text, "# TYPE platform_http_requests_total counter");
    for (i, counter) in m.by_class.iter().enumerate() {
        let _ = writeln!(
            text,
            "platform_http_requests_total{{class=\"{}xx\"}} {}",
            i + 1,
            counter.load(Ordering::Relaxed)
        );
    }
    let _ = writeln!(
        text,
        "# HELP platform_http_request_seconds_sum Time spent answering requests."
    );
    let _ = writeln!(text, "# TYPE platform_http_request_seconds_sum counter");
    let _ = writeln!(
        text,
        "platform_http_request_seconds_sum {}",
        m.latency_micros.load(Ordering::Relaxed) as f64 / 1e6
    );
    let in_use = state.settings.server.max_in_flight - state.in_flight.available_permits();
    let _ = writeln!(text, "# TYPE platform_http_requests_in_flight gauge");
    let _ = writeln!(text, "platform_http_requests_in_flight {in_use}");
    let _ = writeln!(text, "# TYPE platform_db_pool_connections gauge");
    let _ = writeln!(text, "platform_db_pool_connections {}", state.leases.size());
    let _ = writeln!(text, "# TYPE platform_db_pool_idle_connections gauge");
    let _ = writeln!(text, "platform_db_pool_idle_connections {}", state.leases.idle());
    let _ = writeln!(
        text,
        "# HELP platform_token_checks_in_memory 1 while tokens are verified from memory (listening for revocations), 0 while each check reads PostgreSQL."
    );
    let _ = writeln!(text, "# TYPE platform_token_checks_in_memory gauge");
    let _ = writeln!(
        text,
        "platform_token_checks_in_memory {}",
        u8::from(state.watch.is_live())
    );
    let cache = state.cache.metrics();
    let _ = writeln!(text, "# TYPE platform_cache_lookups_total counter");
    let _ = writeln!(
        text,
        "platform_cache_lookups_total{{result=\"hit\"}} {}",
        cache.hits
    );
    let _ = writeln!(
        text,
        "platform_cache_lookups_total{{result=\"miss\"}} {}",
        cache.misses
    );
    let _ = writeln!(
        text,
        "# HELP platform_cache_near_hits_total Hits answered from this process's memory (counted among the hits above)."
    );
    let _ = writeln!(text, "# TYPE platform_cache_near_hits_total counter");
    let _ = writeln!(text, "platform_cache_near_hits_total {}", state.cache.near_hits());
    let _ = writeln!(text, "# TYPE platform_uptime_seconds gauge");
    let _ = writeln!(
        text,
        "platform_uptime_seconds {}",
        state.started.elapsed().as_secs()
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}

pub async fn version() -> impl IntoResponse {
    Json(serde_json::json!({ "name": env!("CARGO_PKG_NAME"), "version": env!("CARGO_PKG_VERSION") }))
}
