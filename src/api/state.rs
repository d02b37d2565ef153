//! What every handler shares: the settings, the database pool, the cache,
//! the migrations this binary carries, and the counters `/metrics` shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use sqlx::PgPool;
use tokio::sync::Semaphore;

use crate::cache::Cache;
use crate::changes::Caller;
use crate::config::Settings;
use crate::migrate::MigrationSet;

pub struct AppState {
    pub settings: Settings,
    /// For health checks, cache misses and listening: a few connections.
    pub pool: PgPool,
    /// For handlers: the pool of `[server] pool_min/max_connections`.
    pub leases: crate::db::lease::Leases,
    pub cache: Cache,
    pub migrations: MigrationSet,
    /// Seals and opens the signing keys; None when the service has no
    /// master key (it then cannot issue tokens, and says so).
    pub keyring: Option<crate::crypto::Keyring>,
    pub verifier: crate::changes::logins::Verifier,
    pub throttle: crate::auth::throttle::Throttle,
    /// Keys and revocations in memory, so a token is verified without a
    /// round trip.
    pub watch: crate::auth::watch::Watch,
    pub started: Instant,
    /// Set once shutdown begins: readiness then says no, so a load
    /// balancer stops sending requests while those in flight finish.
    pub draining: AtomicBool,
    pub in_flight: Arc<Semaphore>,
    pub metrics: Metrics,
}

impl AppState {
    /// A caller of the library's changes for a request: its actor, and the
    /// request id its audit rows keep.
    pub fn caller<'a>(&'a self, actor: &'a crate::audit::Actor, request_id: Option<&'a str>) -> Caller<'a> {
        let caller = Caller::new(actor, &self.cache)
            .with_watch(&self.watch)
            .with_events(self.settings.events.enabled);
        match request_id {
            Some(id) => caller.with_request_id(id),
            None => caller,
        }
    }
}

/// Requests served, by status class, and their total time.
#[derive(Default)]
pub struct Metrics {
    pub by_class: [AtomicU64; 5],
    pub latency_micros: AtomicU64,
}

impl Metrics {
    pub fn record(&self, status: StatusCode, latency: Duration) {
        let class = usize::from(status.as_u16() / 100).clamp(1, 5) - 1;
        self.by_class[class].fetch_add(1, Ordering::Relaxed);
        self.latency_micros
            .fetch_add(latency.as_micros() as u64, Ordering::Relaxed);
    }
}
