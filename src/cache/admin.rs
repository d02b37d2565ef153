//! What `cache stats | invalidate | flush` do, beyond warming.

use redis::AsyncCommands;

use super::Cache;
use super::client::{self, Conn};
use super::keys::{Kind, PREFIX};
use crate::config::redact_url;
use crate::error::{Error, Result};

/// The hash where processes add up their counters (`Cache::publish_metrics`).
pub const STATS_KEY: &str = "platform:v1:stats";

/// One Redis server, as `INFO` describes it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NodeStats {
    /// Redacted.
    pub node: String,
    pub used_memory_bytes: u64,
    pub maxmemory_bytes: u64,
    /// What the server evicts when full (`maxmemory-policy`).
    pub maxmemory_policy: String,
    /// Keys under our prefix on this node.
    pub our_keys: u64,
    pub keyspace_hits: u64,
    pub keyspace_misses: u64,
    /// The server's own hit ratio (all clients, all keys).
    pub server_hit_ratio: Option<f64>,
    pub evicted_keys: u64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Stats {
    pub cluster: bool,
    pub nodes: Vec<NodeStats>,
    /// The counters published by the processes using the cache.
    pub counters: Vec<(String, i64)>,
    /// Hits (negative ones included) over lookups, from those counters.
    pub hit_ratio: Option<f64>,
}

async fn nodes(cache: &Cache) -> Result<Vec<(String, redis::aio::MultiplexedConnection)>> {
    let mut conn: Conn = cache.conn();
    let urls = client::primaries(&mut conn, cache.endpoint()).await?;
    let mut out = Vec::new();
    for url in urls {
        let node = client::node(cache.endpoint(), &url, cache.settings().bulk_response_timeout).await?;
        out.push((url, node));
    }
    Ok(out)
}

fn redis_error(context: &str) -> impl FnOnce(redis::RedisError) -> Error + '_ {
    move |source| Error::Redis {
        context: context.to_owned(),
        source,
    }
}

/// Walks our keys on one node, `COUNT` at a time, handing each batch to `f`.
async fn scan_ours<F, Fut>(node: &mut redis::aio::MultiplexedConnection, mut f: F) -> Result<u64>
where
    F: FnMut(Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let pattern = format!("{PREFIX}*");
    let mut cursor: u64 = 0;
    let mut seen = 0;
    loop {
        let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(&pattern)
            .arg("COUNT")
            .arg(1000)
            .query_async(node)
            .await
            .map_err(redis_error("cannot SCAN our keys"))?;
        seen += keys.len() as u64;
        if !keys.is_empty() {
            f(keys).await?;
        }
        if next == 0 {
            return Ok(seen);
        }
        cursor = next;
    }
}

pub async fn stats(cache: &Cache) -> Result<Stats> {
    let mut out = Vec::new();
    for (url, mut node) in nodes(cache).await? {
        let info: String = redis::cmd("INFO")
            .query_async(&mut node)
            .await
            .map_err(redis_error("cannot read INFO"))?;
        let text = |name: &str| super::probe::info_field(&info, name);
        let field = |name: &str| -> u64 { text(name).and_then(|v| v.parse().ok()).unwrap_or(0) };
        let our_keys = scan_ours(&mut node, |_| async { Ok(()) }).await?;
        let (hits, misses) = (field("keyspace_hits"), field("keyspace_misses"));
        out.push(NodeStats {
            node: redact_url(&url),
            used_memory_bytes: field("used_memory"),
            maxmemory_bytes: field("maxmemory"),
            maxmemory_policy: text("maxmemory_policy").unwrap_or("unknown").to_owned(),
            our_keys,
            keyspace_hits: hits,
            keyspace_misses: misses,
            server_hit_ratio: (hits + misses > 0).then(|| hits as f64 / (hits + misses) as f64),
            evicted_keys: field("evicted_keys"),
        });
    }
    let mut conn = cache.conn();
    let mut counters: Vec<(String, i64)> = conn
        .hgetall(STATS_KEY)
        .await
        .map_err(redis_error("cannot read the published counters"))?;
    counters.sort();
    let get = |name: &str| counters.iter().find(|(k, _)| k == name).map_or(0, |(_, v)| *v);
    let hits = get("hits") + get("negative_hits");
    let lookups = hits + get("misses");
    Ok(Stats {
        cluster: cache.is_cluster(),
        nodes: out,
        hit_ratio: (lookups > 0).then(|| hits as f64 / lookups as f64),
        counters,
    })
}

/// Deletes one entry; whether it existed.
pub async fn invalidate(cache: &Cache, kind: Kind, id: &str) -> Result<bool> {
    let mut conn = cache.conn();
    let removed: u64 = conn
        .del(kind.key(id))
        .await
        .map_err(redis_error("cannot delete the key"))?;
    Ok(removed > 0)
}

/// Deletes every key under our prefix on every primary (SCAN + UNLINK),
/// and nothing else: never FLUSHALL or FLUSHDB. Returns the keys removed.
/// One UNLINK per key, pipelined: in a cluster, one command's keys must share
/// a slot, even on one node.
pub async fn flush(cache: &Cache) -> Result<u64> {
    let removed = std::sync::atomic::AtomicU64::new(0);
    for (_, mut node) in nodes(cache).await? {
        let unlinker = node.clone();
        scan_ours(&mut node, |keys| {
            let mut conn = unlinker.clone();
            let removed = &removed;
            async move {
                let mut pipe = redis::pipe();
                for key in &keys {
                    pipe.cmd("UNLINK").arg(key);
                }
                let counts: Vec<u64> = pipe
                    .query_async(&mut conn)
                    .await
                    .map_err(redis_error("cannot UNLINK our keys"))?;
                removed.fetch_add(counts.iter().sum::<u64>(), std::sync::atomic::Ordering::Relaxed);
                Ok(())
            }
        })
        .await?;
    }
    Ok(removed.into_inner())
}
