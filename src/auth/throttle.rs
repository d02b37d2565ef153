//! Per-account sign-in throttling with exponential back-off: the first
//! failures of an account are free; each one after that doubles the wait
//! before the next attempt, up to a cap; a success clears them. Counted in
//! Redis, so several `serve` processes share one count, and in this
//! process too, so that Redis being down does not lift the limit. Emails
//! that exist and emails that do not are counted alike, so the throttle
//! tells nothing about which accounts exist.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::cache::Cache;
use crate::cache::keys::VERSION_PREFIX;

/// Failures allowed before the back-off starts.
const FREE_FAILURES: u32 = 5;
/// The longest wait, and how long failures are remembered after the last.
const MAX_WAIT: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct Throttle {
    /// Failures by account key: (count, last failure in ms since the epoch).
    local: Mutex<HashMap<String, (u32, u64)>>,
}

impl Throttle {
    /// How long the account must still wait, if it must.
    pub async fn wait(&self, cache: &Cache, account: &str) -> Option<Duration> {
        let key = key(account);
        let (count, last) = match shared(cache, &key).await {
            Some(shared) => shared,
            None => self.local(&key),
        };
        let due = last + delay(count).as_millis() as u64;
        let now = now_ms();
        (due > now).then(|| Duration::from_millis(due - now))
    }

    /// Counts a failed attempt.
    pub async fn failed(&self, cache: &Cache, account: &str) {
        let key = key(account);
        let now = now_ms();
        {
            let mut local = self.local.lock().expect("throttle lock");
            let entry = local.entry(key.clone()).or_insert((0, now));
            *entry = (entry.0 + 1, now);
            // Forget accounts whose failures are long past.
            if local.len() > 100_000 {
                local.retain(|_, (_, last)| now - *last < MAX_WAIT.as_millis() as u64);
            }
        }
        let mut conn = cache.conn();
        let result: redis::RedisResult<()> = redis::pipe()
            .atomic()
            .hincr(&key, "count", 1)
            .ignore()
            .hset(&key, "last", now)
            .ignore()
            .pexpire(&key, MAX_WAIT.as_millis() as i64)
            .ignore()
            .query_async(&mut conn)
            .await;
        if let Err(e) = result {
            tracing::debug!("sign-in throttle counted in this process only: {e}");
        }
    }

    /// Clears an account's failures after a successful sign-in.
    pub async fn succeeded(&self, cache: &Cache, account: &str) {
        let key = key(account);
        self.local.lock().expect("throttle lock").remove(&key);
        let mut conn = cache.conn();
        let _: redis::RedisResult<()> = redis::cmd("DEL").arg(&key).query_async(&mut conn).await;
    }

    fn local(&self, key: &str) -> (u32, u64) {
        self.local
            .lock()
            .expect("throttle lock")
            .get(key)
            .copied()
            .unwrap_or((0, 0))
    }
}

/// The wait after `count` failures: none for the free ones, then 1 s,
/// 2 s, 4 s... up to the cap.
fn delay(count: u32) -> Duration {
    if count < FREE_FAILURES {
        return Duration::ZERO;
    }
    let doublings = (count - FREE_FAILURES).min(20);
    Duration::from_secs(1 << doublings).min(MAX_WAIT)
}

/// The account's key: a hash of the lower-case email, so Redis holds no
/// email addresses.
fn key(account: &str) -> String {
    let digest = Sha256::digest(account.trim().to_lowercase().as_bytes());
    format!("{VERSION_PREFIX}throttle:{}", crate::hex::encode(&digest[..16]))
}

/// The count and last failure Redis holds; None when Redis does not answer.
async fn shared(cache: &Cache, key: &str) -> Option<(u32, u64)> {
    let mut conn = cache.conn();
    let (count, last): (Option<u32>, Option<u64>) = redis::cmd("HMGET")
        .arg(key)
        .arg("count")
        .arg("last")
        .query_async(&mut conn)
        .await
        .ok()?;
    Some((count.unwrap_or(0), last.unwrap_or(0)))
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_the_free_failures_up_to_the_cap() {
        assert_eq!(delay(0), Duration::ZERO);
        assert_eq!(delay(FREE_FAILURES - 1), Duration::ZERO);
        assert_eq!(delay(FREE_FAILURES), Duration::from_secs(1));
        assert_eq!(delay(FREE_FAILURES + 3), Duration::from_secs(8));
        assert_eq!(delay(FREE_FAILURES + 40), MAX_WAIT);
        assert_eq!(key("Ann@Example.com"), key(" ann@example.com"));
        assert!(!key("ann@example.com").contains("ann"));
    }
}
