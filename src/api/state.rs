//! What every handler shares: the settings, the database pool, the cache,
//! the migrations this binary carries, and the counters `/metrics` shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use sqlx::PgPool;
use tokio::sync::Semaphore;

use crate::cache::Cache;
use crate::config::Settings;
use crate::migrate::MigrationSet;

pub struct AppState {
    pub settings: Settings,
    pub pool: PgPool,
    pub cache: Cache,
    pub migrations: MigrationSet,
    /// Seals and opens the signing keys; None when the service has no
    /// master key (it then cannot issue tokens, and says so).
    pub keyring: Option<crate::crypto::Keyring>,
    pub verifier: crate::changes::logins::Verifier,
    pub throttle: crate::auth::throttle::Throttle,
    pub started: Instant,
    /// Set once shutdown begins: readiness then says no, so a load
    /// balancer stops sending requests while those in flight finish.
    pub draining: AtomicBool,
    pub in_flight: Arc<Semaphore>,
    pub metrics: Metrics,
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
