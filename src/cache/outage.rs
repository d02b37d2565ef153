//! Redis down: any Redis error (refused, timed out) sends reads to
//! PostgreSQL and logs one warning for the outage; Redis is tried again a
//! second later, and when it answers, invalidations that failed meanwhile
//! are replayed before anything else, so no entry stays stale past the
//! outage.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::handle::Cache;

/// After a Redis error, how long reads skip Redis before trying it again.
const RETRY_AFTER: Duration = Duration::from_secs(1);
/// Failed invalidations remembered for replay; past this, the oldest are
/// dropped (and said to be), leaving those entries to their TTL.
const MAX_PENDING_INVALIDATIONS: usize = 100_000;

impl Cache {
    pub(super) fn remember(&self, keys: &[String]) {
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
    pub(super) async fn ready(&self) -> bool {
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

    pub(super) fn failed(&self, error: &redis::RedisError) {
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
