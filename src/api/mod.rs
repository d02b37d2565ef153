//! `platformctl serve`: the platform's HTTP API on the library (feature
//! `server`). Like the tool, it only translates: HTTP in, one library
//! call, HTTP out; there is no SQL here.
//!
//! Two listeners, as Kratos and PostgREST run them: the public one
//! (`/api/v1`, the JWKS) and the admin one (health, readiness, metrics,
//! version), which stays off the internet.
//!
//! - `listener`: accepting connections, with a header-read timeout and a cap.
//! - `state`: what handlers share (pool, cache, settings, counters).
//! - `layers`: request ids, the in-flight cap, the request timeout, access logs.
//! - `error`: the one error body and how library errors map to statuses.
//! - `admin`: the admin listener's routes.
//! - `extract`: JSON bodies and bearer tokens, rejected with the error body.
//! - `auth`: sign in, refresh, logout, "who am I".
//! - `users`: `/api/v1/users`.
//! - `architectures`: `/api/v1/architectures` and their changes.
//! - `workspaces`: the caller's workspaces, conversations, messages, artifacts.
//! - `versions`: ETag and If-Match.
//! - `public`: the public listener's routes.

mod admin;
mod architectures;
mod auth;
pub mod error;
pub mod extract;
pub mod layers;
mod listener;
mod public;
pub mod state;
mod users;
mod versions;
mod workspaces;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::cache::Cache;
use crate::config::Settings;
use crate::error::{Error, ErrorKind, Result};
use crate::migrate::MigrationSet;
use state::{AppState, Metrics};

/// The OpenAPI 3.1 document of the public API, as `/api/v1/openapi.json`
/// serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    public::routes().1
}

/// Where the two listeners were bound (a port 0 in the settings is
/// replaced by the one the system chose).
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    pub public: SocketAddr,
    pub admin: SocketAddr,
}

/// How a `serve` run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Every request in flight finished within the drain deadline.
    Drained,
    /// The deadline passed first; the requests still running were cut.
    DeadlinePassed,
}

/// Serves until `shutdown` completes, then stops accepting, lets requests
/// in flight finish within `[server] drain_timeout`, and returns.
///
/// Refuses to start on a database whose history `migrate up` would refuse
/// (a changed or missing applied migration), with that error. A pending
/// migration only makes the service unready. `on_bound` learns the
/// listeners' addresses once they accept.
pub async fn serve(
    settings: Settings,
    migrations: MigrationSet,
    shutdown: impl Future<Output = ()> + Send,
    on_bound: impl FnOnce(Bound),
) -> Result<Stopped> {
    let target = settings.target()?;
    // Handlers take theirs from `leases`; the pool serves readiness, cache
    // misses of the lazy reads, and the watch's listening connection.
    let pool = target.pool("platformctl serve", 1, 4).await?;
    let leases = target.leases("platformctl serve", settings.server.pool_max_connections);
    leases.open(settings.server.pool_min_connections).await?;
    {
        let mut conn = pool
            .acquire()
            .await
            .map_err(Error::db("cannot take a connection"))?;
        let pending = crate::migrate::pending(&mut conn, &migrations).await?;
        if !pending.is_empty() {
            tracing::warn!(
                ?pending,
                "migrations are pending: unready until `platformctl migrate up`"
            );
        }
    }
    // Hot reads answered from memory, kept current by the watch below.
    let near = crate::cache::near::Near::new();
    let cache = Cache::connect(&settings).await?.with_near(near.clone());
    let keyring = match crate::crypto::Keyring::from_env() {
        Ok(keyring) => Some(keyring),
        Err(e) => {
            tracing::warn!("no master key ({e}): the token endpoint will refuse to sign");
            None
        }
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let state = Arc::new(AppState {
        in_flight: Arc::new(Semaphore::new(settings.server.max_in_flight)),
        settings,
        cache,
        migrations,
        keyring,
        verifier: crate::changes::logins::Verifier::new(cores)?,
        throttle: Default::default(),
        watch: crate::auth::watch::Watch::start(pool.clone(), Some(near)),
        pool,
        leases,
        started: Instant::now(),
        draining: AtomicBool::new(false),
        metrics: Metrics::default(),
    });
    let public_listener = bind(state.settings.server.listen, "--listen").await?;
    let admin_listener = bind(state.settings.server.admin_listen, "--admin-listen").await?;
    on_bound(Bound {
        public: local(&public_listener)?,
        admin: local(&admin_listener)?,
    });

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let limits = || listener::Limits {
        header_read_timeout: state.settings.server.header_read_timeout,
        max_connections: state.settings.server.max_connections,
    };
    let public = listener::run(public_listener, public_router(&state), limits(), stop_rx.clone());
    let admin = listener::run(admin_listener, admin_router(&state), limits(), stop_rx);
    let servers = async { tokio::join!(public, admin) };
    tokio::pin!(servers);
    tokio::select! {
        _ = &mut servers => return Ok(Stopped::Drained),
        () = shutdown => {}
    }
    // Waiting for open connections has no end of its own: the deadline is ours.
    state.draining.store(true, Ordering::Relaxed);
    let _ = stop_tx.send(true);
    let deadline = state.settings.server.drain_timeout;
    tracing::info!(
        "shutting down: finishing requests in flight (at most {}s)",
        deadline.as_secs_f64()
    );
    match tokio::time::timeout(deadline, &mut servers).await {
        Ok(_) => Ok(Stopped::Drained),
        Err(_) => {
            let cut = state.settings.server.max_in_flight - state.in_flight.available_permits();
            tracing::warn!(cut, "the drain deadline passed; requests still in flight are cut");
            Ok(Stopped::DeadlinePassed)
        }
    }
}

fn public_router(state: &Arc<AppState>) -> Router {
    let (routes, _) = public::routes();
    Router::new()
        .merge(routes)
        .fallback(public::unknown_route)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::around,
        ))
        .layer(DefaultBodyLimit::max(state.settings.server.body_limit))
        .with_state(state.clone())
}

fn admin_router(state: &Arc<AppState>) -> Router {
    Router::new()
        .route("/health/alive", get(admin::alive))
        .route("/health/ready", get(admin::ready))
        .route("/metrics", get(admin::metrics))
        .route("/version", get(admin::version))
        .fallback(public::unknown_route)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::around,
        ))
        .with_state(state.clone())
}

async fn bind(address: SocketAddr, setting: &str) -> Result<TcpListener> {
    TcpListener::bind(address).await.map_err(|e| Error::Io {
        message: "cannot listen",
        path: format!("{address} ({setting})").into(),
        kind: if e.kind() == std::io::ErrorKind::AddrInUse {
            ErrorKind::Temporary
        } else {
            ErrorKind::Config
        },
        source: e,
    })
}

fn local(listener: &TcpListener) -> Result<SocketAddr> {
    listener
        .local_addr()
        .map_err(|e| Error::Internal(format!("cannot read a listener's address: {e}")))
}
