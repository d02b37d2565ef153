//! The `Cache` handle: one per process, over one connection (standalone or
//! cluster), with its counters, its outage state and its test hook. The
//! cache-aside reads and writes are in `aside`, the Redis-down handling in
//! `outage`.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use super::client::{self, Conn, Endpoint};
use super::doorkeeper::Doorkeeper;
use super::metrics::{Metrics, Snapshot};
use crate::config::{CacheSettings, Settings};
use crate::error::{Error, Result};

/// One database read shared by concurrent misses of a key (single-flight).
pub(super) type Flight = Arc<OnceCell<Option<Vec<u8>>>>;
pub(super) type Hook = Arc<dyn Fn(&str) -> Option<Duration> + Send + Sync>;

pub struct Cache {
    pub(super) conn: Conn,
    pub(super) endpoint: Endpoint,
    pub(super) settings: CacheSettings,
    pub(super) metrics: Metrics,
    pub(super) down_until: Mutex<Option<Instant>>,
    /// Whether the current outage has been warned about.
    pub(super) warned: AtomicBool,
    pub(super) pending: Mutex<Vec<String>>,
    pub(super) flights: Mutex<HashMap<String, Flight>>,
    pub(super) after_db_read: Mutex<Option<Hook>>,
    /// The counters as last published.
    pub(super) published: Mutex<Snapshot>,
    pub(super) doorkeeper: Option<Doorkeeper>,
    /// The process's own tier, in a long-running process.
    pub(super) near: Option<std::sync::Arc<super::near::Near>>,
}

impl Cache {
    /// The same cache with the process's own tier in front of Redis (the
    /// caller keeps it live: see `cache::near`).
    pub fn with_near(mut self, near: std::sync::Arc<super::near::Near>) -> Cache {
        self.near = Some(near);
        self
    }

    /// Reads answered by the process's own tier.
    pub fn near_hits(&self) -> u64 {
        self.near
            .as_ref()
            .map_or(0, |near| near.hits.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Connects to the Redis of `settings` (standalone or cluster, detected).
    /// A standalone Redis that is down does not fail this: reads go to
    /// PostgreSQL until it answers.
    pub async fn connect(settings: &Settings) -> Result<Cache> {
        let endpoint = Endpoint {
            urls: settings.redis_urls.clone(),
            response_timeout: settings.cache.response_timeout,
            connect_timeout: settings.connect_timeout,
            ca_file: settings.cache.tls_ca_file.clone(),
        };
        let cluster = match client::is_cluster(&endpoint).await {
            Ok(cluster) => cluster,
            // Down now: connect lazily as standalone (a cluster seed that is
            // down cannot be told from a standalone server that is).
            Err(e) if e.kind() == crate::ErrorKind::Unavailable => false,
            Err(e) => return Err(e),
        };
        Self::with_endpoint(endpoint, cluster, settings.cache.clone()).await
    }

    /// As `connect`, with the response timeout of bulk work.
    pub async fn connect_for_bulk(settings: &Settings) -> Result<Cache> {
        let mut settings = settings.clone();
        settings.cache.response_timeout = settings.cache.bulk_response_timeout;
        Self::connect(&settings).await
    }

    pub async fn with_endpoint(endpoint: Endpoint, cluster: bool, settings: CacheSettings) -> Result<Cache> {
        let conn = client::connect(&endpoint, cluster).await?;
        Ok(Cache {
            conn,
            endpoint,
            metrics: Metrics::default(),
            down_until: Mutex::new(None),
            warned: AtomicBool::new(false),
            pending: Mutex::new(Vec::new()),
            flights: Mutex::new(HashMap::new()),
            after_db_read: Mutex::new(None),
            published: Mutex::new(Snapshot::default()),
            doorkeeper: settings.admit_on_second_miss.then(Doorkeeper::new),
            settings,
            near: None,
        })
    }

    pub fn is_cluster(&self) -> bool {
        self.conn.is_cluster()
    }

    pub fn settings(&self) -> &CacheSettings {
        &self.settings
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// A handle on the connection (cheap: connections are shared).
    pub fn conn(&self) -> Conn {
        self.conn.clone()
    }

    pub fn metrics(&self) -> Snapshot {
        self.metrics.snapshot()
    }

    /// Adds this process's counters since the last call to the hash that
    /// `cache stats` reads, so it sums every process using the cache.
    /// Services call it now and then (every few seconds, say).
    pub async fn publish_metrics(&self) -> Result<()> {
        let now = self.metrics.snapshot();
        let mut last = self.published.lock().expect("published lock").clone();
        let mut deltas: Vec<(String, u64)> = [
            ("hits", now.hits - last.hits),
            ("negative_hits", now.negative_hits - last.negative_hits),
            ("misses", now.misses - last.misses),
            ("coalesced", now.coalesced - last.coalesced),
            ("lease_busy", now.lease_busy - last.lease_busy),
            (
                "stale_sets_prevented",
                now.stale_sets_prevented - last.stale_sets_prevented,
            ),
            ("fallbacks", now.fallbacks - last.fallbacks),
            ("invalidations", now.invalidations - last.invalidations),
        ]
        .into_iter()
        .map(|(field, delta)| (field.to_owned(), delta))
        .collect();
        // Redis errors by kind.
        for (kind, count) in &now.errors {
            let previous = last.errors.iter().find(|(k, _)| k == kind).map_or(0, |(_, n)| *n);
            deltas.push((format!("errors_{kind}"), count - previous));
        }
        // The database-time histogram, one field per bucket.
        let before = last
            .db_reads
            .buckets
            .iter()
            .map(|(_, n)| *n)
            .chain(std::iter::repeat(0));
        for ((bound, count), previous) in now.db_reads.buckets.iter().zip(before) {
            let field = if bound.is_finite() {
                format!("db_reads_le_{bound}ms")
            } else {
                "db_reads_slower".to_owned()
            };
            deltas.push((field, count - previous));
        }
        let mut pipe = redis::pipe();
        for (field, delta) in deltas.iter().filter(|(_, d)| *d > 0) {
            pipe.cmd("HINCRBY")
                .arg(super::admin::STATS_KEY)
                .arg(field)
                .arg(*delta)
                .ignore();
        }
        if pipe.is_empty() {
            return Ok(());
        }
        // One key, so one slot: a pipeline is fine in a cluster too.
        pipe.query_async::<()>(&mut self.conn.clone())
            .await
            .map_err(|e| Error::Redis {
                context: "cannot publish the cache counters".to_owned(),
                source: e,
            })?;
        last = now;
        *self.published.lock().expect("published lock") = last;
        Ok(())
    }

    /// Test hook: called with the key after a miss's database read, before
    /// the cache set (and by warm with `warm:<kind>` before writing a page);
    /// a returned duration is slept. Lets a test hold a reader exactly where
    /// the stale-set race would happen.
    #[doc(hidden)]
    pub fn set_after_db_read_hook(&self, hook: Option<Hook>) {
        *self.after_db_read.lock().expect("hook lock") = hook;
    }

    /// The test hook's delay for `key` (warm asks it with `warm:<kind>`
    /// between reading a page and writing it).
    pub(crate) fn hook_delay(&self, key: &str) -> Option<Duration> {
        let hook = self.after_db_read.lock().expect("hook lock").clone();
        hook.and_then(|hook| hook(key))
    }
}
