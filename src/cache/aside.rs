//! Cache-aside: read Redis, fall back to PostgreSQL, fill Redis.
//!
//! ## The stale-set race, closed with leases
//!
//! The classic race: a reader misses, reads the row, and is slow to write it
//! to Redis; meanwhile a writer commits a change and deletes the key; then the
//! reader writes the *old* row, which stays until its TTL. Deleting after the
//! commit does not help, because the reader's set comes after the delete.
//!
//! So a reader never sets blindly. On a miss it first takes a lease: `SET key
//! l<token> NX PX <lease ttl>`, a placeholder only it knows. It then reads the
//! database and replaces the value *only if the key still holds its lease*
//! (one Lua script: GET, compare, SET, atomically). A writer's delete, which
//! comes after its commit, removes the lease with anything else under the key.
//! Either the delete comes before the lease (then the reader's database read
//! comes after the commit and sees the new row) or after it (then the lease is
//! gone or replaced, and the compare-and-set writes nothing). No interleaving
//! leaves an old row in Redis. `tests/cache.rs` proves it by delaying a
//! reader between its database read and its set while a writer commits.
//!
//! A reader that finds someone else's lease reads the database without
//! caching. Negative answers ("no such row") are cached briefly, and go
//! through the same lease. Within one process, concurrent misses on one key
//! share one database read (single-flight).
//!
//! ## Redis down
//!
//! Any Redis error (refused, timed out) sends reads to PostgreSQL and logs one
//! warning for the outage; Redis is tried again a second later, and when it
//! answers, invalidations that failed meanwhile are replayed before anything
//! else, so no entry stays stale past the outage.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::OnceCell;

use super::client::{self, Conn, Endpoint};
use super::keys::{Kind, jittered, unit_random};
use super::metrics::{Metrics, Snapshot};
use crate::config::{CacheSettings, Settings};
use crate::error::{Error, Result};

/// How long a reader's lease lasts: longer than any sane database read, and
/// short enough that a crashed reader's lease does not block caching long.
const LEASE_TTL: Duration = Duration::from_secs(10);
/// After a Redis error, how long reads skip Redis before trying it again.
const RETRY_AFTER: Duration = Duration::from_secs(1);
/// Failed invalidations remembered for replay; past this, the oldest are
/// dropped (and said to be), leaving those entries to their TTL.
const MAX_PENDING_INVALIDATIONS: usize = 100_000;

/// `if GET(key) == lease then SET key value PX ttl`: the reader's set,
/// refused when the key was invalidated (or re-leased) since its lease.
const SET_IF_LEASED: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
    return 1
end
return 0";

/// A cached value's first byte says what it is.
const VALUE: u8 = b'v';
const NEGATIVE: u8 = b'n';
const LEASE: u8 = b'l';

type Flight = Arc<OnceCell<Option<Vec<u8>>>>;

/// The doorkeeper of `admit_on_second_miss`: a count-min sketch of recent
/// misses (two rows of 2^21 small counters, 4 MiB), halved as it fills so
/// that old popularity fades.
struct Doorkeeper {
    counters: Vec<std::sync::atomic::AtomicU8>,
    misses: std::sync::atomic::AtomicU64,
}

impl Doorkeeper {
    const BITS: u32 = 21;

    fn new() -> Doorkeeper {
        Doorkeeper {
            counters: (0..2usize << Self::BITS).map(|_| Default::default()).collect(),
            misses: Default::default(),
        }
    }

    /// Records a miss of `key`; whether it had missed before.
    fn seen_before(&self, key: &str) -> bool {
        // FNV-1a, then two indexes from its halves.
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
        });
        let mask = (1usize << Self::BITS) - 1;
        let rows = [
            hash as usize & mask,
            (1 << Self::BITS) + ((hash >> 32) as usize & mask),
        ];
        let before = rows
            .iter()
            .map(|i| self.counters[*i].fetch_add(1, Ordering::Relaxed))
            .min()
            .unwrap_or(0);
        if self.misses.fetch_add(1, Ordering::Relaxed) % (8 << Self::BITS) == (8 << Self::BITS) - 1 {
            for c in &self.counters {
                let _ = c.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| Some(v / 2));
            }
        }
        before > 0
    }
}
type Hook = Arc<dyn Fn(&str) -> Option<Duration> + Send + Sync>;

pub struct Cache {
    conn: Conn,
    endpoint: Endpoint,
    settings: CacheSettings,
    metrics: Metrics,
    down_until: Mutex<Option<Instant>>,
    /// Whether the current outage has been warned about.
    warned: AtomicBool,
    pending: Mutex<Vec<String>>,
    flights: Mutex<HashMap<String, Flight>>,
    after_db_read: Mutex<Option<Hook>>,
    /// The counters as last published.
    published: Mutex<Snapshot>,
    doorkeeper: Option<Doorkeeper>,
}

impl Cache {
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

    /// Reads `kind`/`id` through the cache: Redis, else `load` (PostgreSQL),
    /// whose answer is then cached for the kind's TTL (±10%). `None` ("no
    /// such row") is cached too, briefly.
    pub async fn get_or_load<T, F, Fut>(&self, kind: Kind, id: &str, load: F) -> Result<Option<T>>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        self.get_or_load_for(kind, id, |_: &T| None, load).await
    }

    /// As [`Cache::get_or_load`], for entries that live as long as what they
    /// describe: `ttl_of` gives a value's remaining life (sessions, denylist
    /// entries); None means the kind's TTL.
    pub async fn get_or_load_for<T, G, F, Fut>(
        &self,
        kind: Kind,
        id: &str,
        ttl_of: G,
        load: F,
    ) -> Result<Option<T>>
    where
        T: Serialize + DeserializeOwned,
        G: Fn(&T) -> Option<Duration>,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let key = kind.key(id);
        if !self.ready().await {
            Metrics::count(&self.metrics.fallbacks);
            return self.timed(load).await;
        }
        let mut conn = self.conn.clone();
        match conn.get::<_, Option<Vec<u8>>>(&key).await {
            Ok(Some(bytes)) => match bytes.first() {
                Some(&VALUE) => match serde_json::from_slice(&bytes[1..]) {
                    Ok(value) => {
                        Metrics::count(&self.metrics.hits);
                        return Ok(Some(value));
                    }
                    // A shape this build does not read: drop it, load afresh.
                    Err(_) => {
                        let _: redis::RedisResult<()> = conn.del(&key).await;
                    }
                },
                Some(&NEGATIVE) => {
                    Metrics::count(&self.metrics.negative_hits);
                    return Ok(None);
                }
                _ => {
                    // Another reader holds the lease: read without caching.
                    Metrics::count(&self.metrics.misses);
                    Metrics::count(&self.metrics.lease_busy);
                    return self.timed(load).await;
                }
            },
            Ok(None) => {}
            Err(e) => {
                self.failed(&e);
                Metrics::count(&self.metrics.fallbacks);
                return self.timed(load).await;
            }
        }
        Metrics::count(&self.metrics.misses);
        if let Some(doorkeeper) = &self.doorkeeper
            && !doorkeeper.seen_before(&key)
        {
            // A first miss: not admitted; read without caching.
            return self.timed(load).await;
        }
        self.single_flight(kind, &key, ttl_of, load).await
    }

    /// Concurrent misses on one key in this process: the first loads, the
    /// others wait for its answer.
    async fn single_flight<T, G, F, Fut>(
        &self,
        kind: Kind,
        key: &str,
        ttl_of: G,
        load: F,
    ) -> Result<Option<T>>
    where
        T: Serialize + DeserializeOwned,
        G: Fn(&T) -> Option<Duration>,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let flight = self
            .flights
            .lock()
            .expect("flights lock")
            .entry(key.to_owned())
            .or_default()
            .clone();
        let ran = AtomicBool::new(false);
        let encoded = flight
            .get_or_try_init(|| async {
                ran.store(true, Ordering::Relaxed);
                let result = self.load_and_set(kind, key, ttl_of, load).await;
                // Later misses start a new flight (and see later writes).
                self.flights.lock().expect("flights lock").remove(key);
                result
            })
            .await?;
        if !ran.load(Ordering::Relaxed) {
            Metrics::count(&self.metrics.coalesced);
        }
        match encoded {
            None => Ok(None),
            Some(json) => serde_json::from_slice(json)
                .map(Some)
                .map_err(|e| Error::Internal(format!("cannot decode a value just read: {e}"))),
        }
    }

    /// Takes the lease, reads the database, and sets the value if the lease
    /// still holds. Returns the value as JSON (None: no such row).
    async fn load_and_set<T, G, F, Fut>(
        &self,
        kind: Kind,
        key: &str,
        ttl_of: G,
        load: F,
    ) -> Result<Option<Vec<u8>>>
    where
        T: Serialize,
        G: Fn(&T) -> Option<Duration>,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let mut conn = self.conn.clone();
        let token = format!(
            "{}{:016x}{:016x}",
            LEASE as char,
            unit_random().to_bits(),
            unit_random().to_bits()
        );
        let leased: redis::RedisResult<Option<String>> = redis::cmd("SET")
            .arg(key)
            .arg(&token)
            .arg("NX")
            .arg("PX")
            .arg(LEASE_TTL.as_millis() as u64)
            .query_async(&mut conn)
            .await;
        let leased = match leased {
            Ok(answer) => answer.is_some(),
            Err(e) => {
                self.failed(&e);
                false
            }
        };
        let value = self.timed(load).await?;
        let json = value
            .as_ref()
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| Error::Internal(format!("cannot encode a cached value: {e}")))?;
        if let Some(delay) = self.hook_delay(key) {
            tokio::time::sleep(delay).await;
        }
        if !leased {
            Metrics::count(&self.metrics.lease_busy);
            return Ok(json);
        }
        let (payload, ttl) = match (&json, &value) {
            (Some(json), Some(value)) => {
                let mut payload = Vec::with_capacity(json.len() + 1);
                payload.push(VALUE);
                payload.extend_from_slice(json);
                // An entry that lives as long as its row is never jittered
                // past the row's end.
                let ttl = match ttl_of(value) {
                    Some(life) => life,
                    None => jittered(
                        kind.ttl(&self.settings).unwrap_or(self.settings.negative_ttl),
                        unit_random(),
                    ),
                };
                (payload, ttl)
            }
            _ => (
                vec![NEGATIVE],
                jittered(self.settings.negative_ttl, unit_random()),
            ),
        };
        if ttl.is_zero() {
            return Ok(json);
        }
        let set: redis::RedisResult<i64> = redis::cmd("EVAL")
            .arg(SET_IF_LEASED)
            .arg(1)
            .arg(key)
            .arg(&token)
            .arg(payload)
            .arg(ttl.as_millis() as u64)
            .query_async(&mut conn)
            .await;
        match set {
            Ok(1) => {}
            Ok(_) => Metrics::count(&self.metrics.stale_sets_prevented),
            Err(e) => self.failed(&e),
        }
        Ok(json)
    }

    async fn timed<T, F, Fut>(&self, load: F) -> Result<Option<T>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let started = Instant::now();
        let value = load().await;
        self.metrics.db_read(started.elapsed());
        value
    }

    /// Deletes keys; call it after the transaction that changed their rows
    /// has committed (`commit` does both). A delete that fails is replayed
    /// when Redis answers again.
    pub async fn invalidate(&self, keys: &[String]) {
        if keys.is_empty() {
            return;
        }
        Metrics::count(&self.metrics.invalidations);
        if !self.ready().await {
            self.remember(keys);
            return;
        }
        if let Err(e) = self.delete(keys).await {
            self.failed(&e);
            self.remember(keys);
        }
    }

    /// Commits `tx`, then invalidates `keys`: never before the commit, or a
    /// reader could cache the old row again before the new one is visible.
    pub async fn commit(&self, tx: sqlx::Transaction<'_, sqlx::Postgres>, keys: &[String]) -> Result<()> {
        tx.commit().await.map_err(Error::db("cannot commit"))?;
        self.invalidate(keys).await;
        Ok(())
    }

    /// Writes a value outright (a revoked token's denylist entry: it must
    /// win over any lease or negative entry), with its own TTL.
    pub async fn put<T: Serialize>(&self, kind: Kind, id: &str, value: &T, ttl: Duration) -> Result<()> {
        if ttl.is_zero() {
            return Ok(());
        }
        let mut payload = vec![VALUE];
        payload.extend(serde_json::to_vec(value).map_err(|e| Error::Internal(e.to_string()))?);
        let mut conn = self.conn.clone();
        let result: redis::RedisResult<()> =
            conn.pset_ex(kind.key(id), payload, ttl.as_millis() as u64).await;
        result.map_err(|e| {
            self.failed(&e);
            Error::Redis {
                context: format!("cannot write {} {id} to Redis", kind.name()),
                source: e,
            }
        })
    }

    /// One DEL per key: in a cluster, a multi-key DEL must not span slots.
    async fn delete(&self, keys: &[String]) -> redis::RedisResult<()> {
        let mut conn = self.conn.clone();
        if self.conn.is_cluster() {
            for key in keys {
                let _: () = conn.del(key).await?;
            }
            Ok(())
        } else {
            conn.del(keys).await
        }
    }

    fn remember(&self, keys: &[String]) {
        let mut pending = self.pending.lock().expect("pending lock");
        pending.extend(keys.iter().cloned());
        if pending.len() > MAX_PENDING_INVALIDATIONS {
            let dropped = pending.len() - MAX_PENDING_INVALIDATIONS;
            pending.drain(..dropped);
            tracing::error!(
                dropped,
                "too many invalidations failed while Redis was unreachable; the oldest are dropped and \
                 those entries may be stale until their TTL (run `platformctl cache flush` to be sure)"
            );
        }
    }

    /// Whether Redis may be asked now: not within a second of a failure,
    /// and, after an outage, only once the invalidations it missed are
    /// replayed (else the first read could serve an entry they would delete).
    async fn ready(&self) -> bool {
        let down = *self.down_until.lock().expect("health lock");
        if down.is_some_and(|until| Instant::now() < until) {
            return false;
        }
        if !self.warned.load(Ordering::Relaxed) {
            return true;
        }
        let pending = std::mem::take(&mut *self.pending.lock().expect("pending lock"));
        let replayed = if pending.is_empty() {
            redis::cmd("PING")
                .query_async::<String>(&mut self.conn.clone())
                .await
                .map(|_| ())
        } else {
            self.delete(&pending).await
        };
        match replayed {
            Ok(()) => {
                *self.down_until.lock().expect("health lock") = None;
                self.warned.store(false, Ordering::Relaxed);
                tracing::info!(replayed = pending.len(), "Redis answers again; caching resumed");
                true
            }
            Err(e) => {
                self.remember(&pending);
                self.failed(&e);
                false
            }
        }
    }

    fn failed(&self, error: &redis::RedisError) {
        self.metrics.error(error);
        *self.down_until.lock().expect("health lock") = Some(Instant::now() + RETRY_AFTER);
        if !self.warned.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                error = %error,
                "Redis is not answering; reading from PostgreSQL until it does (writes still commit)"
            );
        }
    }

    /// Checks Redis now, ending an outage (and replaying its missed
    /// invalidations) if it answers.
    pub async fn ping(&self) -> bool {
        *self.down_until.lock().expect("health lock") = None;
        if self.warned.load(Ordering::Relaxed) {
            return self.ready().await;
        }
        match redis::cmd("PING")
            .query_async::<String>(&mut self.conn.clone())
            .await
        {
            Ok(_) => true,
            Err(e) => {
                self.failed(&e);
                false
            }
        }
    }
}
