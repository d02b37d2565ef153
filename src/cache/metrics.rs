//! The cache's counters, for the services (`Cache::metrics`) and for
//! `cache stats`: hits, misses, negative hits, stale sets prevented, Redis
//! errors by kind, and a histogram of the database reads behind misses.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// Upper bounds of the database-time buckets, in microseconds; the last
/// bucket counts everything slower.
pub const BUCKETS_MICROS: [u64; 12] = [
    100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000,
];

#[derive(Debug, Default)]
pub struct Metrics {
    pub(super) hits: AtomicU64,
    pub(super) negative_hits: AtomicU64,
    pub(super) misses: AtomicU64,
    /// Misses answered by another caller's in-flight read (single-flight).
    pub(super) coalesced: AtomicU64,
    /// Reads that found another reader's lease and went to the database
    /// without caching what they read.
    pub(super) lease_busy: AtomicU64,
    /// Sets refused because the key was invalidated while the value was read
    /// (the stale-set race, closed).
    pub(super) stale_sets_prevented: AtomicU64,
    /// Reads served by the database because Redis was unreachable.
    pub(super) fallbacks: AtomicU64,
    pub(super) invalidations: AtomicU64,
    errors: Mutex<Vec<(String, u64)>>,
    db_buckets: [AtomicU64; BUCKETS_MICROS.len() + 1],
    db_total_micros: AtomicU64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Snapshot {
    pub hits: u64,
    pub negative_hits: u64,
    pub misses: u64,
    pub coalesced: u64,
    pub lease_busy: u64,
    pub stale_sets_prevented: u64,
    pub fallbacks: u64,
    pub invalidations: u64,
    /// Hits (negative ones included) over lookups; None before any lookup.
    pub hit_ratio: Option<f64>,
    /// Redis errors by kind (`io`, `timeout`, `refused`, `other`...).
    pub errors: Vec<(String, u64)>,
    pub db_reads: Histogram,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Histogram {
    pub count: u64,
    pub mean_ms: f64,
    /// (upper bound in ms, reads at or under it and over the previous bound);
    /// the last bound is infinite.
    pub buckets: Vec<(f64, u64)>,
}

impl Metrics {
    pub(super) fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Relaxed);
    }

    pub(super) fn error(&self, error: &redis::RedisError) {
        let kind = if error.is_timeout() {
            "timeout"
        } else if error.is_connection_refusal() {
            "refused"
        } else if error.is_io_error() || error.is_connection_dropped() {
            "io"
        } else {
            "other"
        };
        let mut errors = self.errors.lock().expect("metrics lock");
        match errors.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => errors.push((kind.to_owned(), 1)),
        }
    }

    pub(super) fn db_read(&self, took: Duration) {
        let micros = took.as_micros() as u64;
        let bucket = BUCKETS_MICROS
            .iter()
            .position(|b| micros <= *b)
            .unwrap_or(BUCKETS_MICROS.len());
        self.db_buckets[bucket].fetch_add(1, Relaxed);
        self.db_total_micros.fetch_add(micros, Relaxed);
    }

    pub fn snapshot(&self) -> Snapshot {
        let get = |c: &AtomicU64| c.load(Relaxed);
        let (hits, negative_hits, misses) = (get(&self.hits), get(&self.negative_hits), get(&self.misses));
        let lookups = hits + negative_hits + misses;
        let counts: Vec<u64> = self.db_buckets.iter().map(get).collect();
        let count: u64 = counts.iter().sum();
        Snapshot {
            hits,
            negative_hits,
            misses,
            coalesced: get(&self.coalesced),
            lease_busy: get(&self.lease_busy),
            stale_sets_prevented: get(&self.stale_sets_prevented),
            fallbacks: get(&self.fallbacks),
            invalidations: get(&self.invalidations),
            hit_ratio: (lookups > 0).then(|| (hits + negative_hits) as f64 / lookups as f64),
            errors: self.errors.lock().expect("metrics lock").clone(),
            db_reads: Histogram {
                count,
                mean_ms: if count == 0 {
                    0.0
                } else {
                    get(&self.db_total_micros) as f64 / count as f64 / 1000.0
                },
                buckets: BUCKETS_MICROS
                    .iter()
                    .map(|b| *b as f64 / 1000.0)
                    .chain([f64::INFINITY])
                    .zip(counts)
                    .collect(),
            },
        }
    }
}
