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

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::handle::Cache;
use super::keys::{Kind, jittered, unit_random};
use super::kinds::Announced;
use super::metrics::Metrics;
use crate::error::{Error, Result};

/// How long a reader's lease lasts: longer than any sane database read, and
/// short enough that a crashed reader's lease does not block caching long.
const LEASE_TTL: Duration = Duration::from_secs(10);

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

impl Cache {
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
        let announced = kind.describe().announced;
        let near = self.near.as_deref().filter(|_| announced != Announced::Nothing);
        if let Some(json) = near.and_then(|near| near.get(&key)) {
            // Empty: "no such row", kept only for kinds announcing inserts.
            if json.is_empty() {
                Metrics::count(&self.metrics.negative_hits);
                return Ok(None);
            }
            if let Ok(value) = serde_json::from_slice(&json) {
                Metrics::count(&self.metrics.hits);
                return Ok(Some(value));
            }
        }
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
                        if let Some(near) = near {
                            near.put(&key, &bytes[1..]);
                        }
                        return Ok(Some(value));
                    }
                    // A shape this build does not read: drop it, load afresh.
                    Err(_) => {
                        let _: redis::RedisResult<()> = conn.del(&key).await;
                    }
                },
                Some(&NEGATIVE) => {
                    Metrics::count(&self.metrics.negative_hits);
                    if let Some(near) = near
                        && announced == Announced::ChangesAndInserts
                    {
                        near.put(&key, b"");
                    }
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
            Ok(1) => {
                // What Redis now holds, this process may hold too.
                if let Some(near) = &self.near {
                    match (&json, kind.describe().announced) {
                        (_, Announced::Nothing) => {}
                        (Some(json), _) => near.put(key, json),
                        (None, Announced::ChangesAndInserts) => near.put(key, b""),
                        (None, Announced::Changes) => {}
                    }
                }
            }
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
        if let Some(near) = &self.near {
            for key in keys {
                near.forget(key);
            }
        }
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
    pub(super) async fn delete(&self, keys: &[String]) -> redis::RedisResult<()> {
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
}
