//! The process's own tier in front of Redis, for a long-running process
//! (`platformctl serve` turns it on): entries of the kinds whose rows
//! announce their changes at commit ([`Description::announced`]) kept in
//! memory, so that a hot read makes no round trip at all; "no such row"
//! too, for the kinds whose inserts are announced.
//!
//! An entry goes when its row's notification arrives (another process
//! changed it), when this process invalidates it (at once, after its own
//! commit), or after [`NEAR_TTL`]. The tier answers only while its
//! process listens for notifications ([`Near::set_live`]); it starts empty
//! each time listening starts again.
//!
//! A forgotten key is refused for [`SETTLE`] afterwards: a notification can
//! arrive before the writer has deleted the key from Redis, and a read in
//! between would otherwise bring the old value back. [`NEAR_TTL`] bounds
//! what no notification reaches (`cache flush`, a restore).
//!
//! [`Description::announced`]: super::kinds::Description::announced

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long an entry is answered from memory at most.
pub const NEAR_TTL: Duration = Duration::from_secs(30);
/// How long a forgotten key is not taken back.
pub const SETTLE: Duration = Duration::from_secs(2);
/// Entries kept; past it the tier starts again.
const CAPACITY: usize = 200_000;

#[derive(Default)]
pub struct Near {
    live: AtomicBool,
    entries: RwLock<HashMap<String, Slot>>,
    /// Reads answered from memory.
    pub hits: AtomicU64,
}

enum Slot {
    Value {
        json: Arc<[u8]>,
        until: Instant,
    },
    /// Forgotten: not taken back before `until`.
    Settling {
        until: Instant,
    },
}

impl Near {
    pub fn new() -> Arc<Near> {
        Arc::new(Near::default())
    }

    /// The value of `key` as JSON, when held and fresh; empty for "no such
    /// row".
    pub fn get(&self, key: &str) -> Option<Arc<[u8]>> {
        if !self.live.load(Ordering::Acquire) {
            return None;
        }
        let entries = self.entries.read().expect("near tier");
        match entries.get(key)? {
            Slot::Value { json, until } if *until > Instant::now() => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(json.clone())
            }
            _ => None,
        }
    }

    /// Keeps `json` as the value of `key`, read from Redis or PostgreSQL
    /// just now; refused while `key` settles.
    pub fn put(&self, key: &str, json: &[u8]) {
        if !self.live.load(Ordering::Acquire) {
            return;
        }
        let now = Instant::now();
        let mut entries = self.entries.write().expect("near tier");
        if let Some(Slot::Settling { until }) = entries.get(key)
            && *until > now
        {
            return;
        }
        if entries.len() >= CAPACITY {
            entries.retain(|_, slot| matches!(slot, Slot::Settling { until } if *until > now));
        }
        entries.insert(
            key.to_owned(),
            Slot::Value {
                json: json.into(),
                until: now + NEAR_TTL,
            },
        );
    }

    /// Drops `key`: its row changed.
    pub fn forget(&self, key: &str) {
        let until = Instant::now() + SETTLE;
        self.entries
            .write()
            .expect("near tier")
            .insert(key.to_owned(), Slot::Settling { until });
    }

    /// Listening (true) or not (false): either way the tier starts empty,
    /// since notifications may have been missed in between.
    pub fn set_live(&self, live: bool) {
        self.entries.write().expect("near tier").clear();
        self.live.store(live, Ordering::Release);
    }

    /// Drops what has expired.
    pub fn prune(&self) {
        let now = Instant::now();
        self.entries
            .write()
            .expect("near tier")
            .retain(|_, slot| match slot {
                Slot::Value { until, .. } | Slot::Settling { until } => *until > now,
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_only_while_live_and_not_a_forgotten_key_while_it_settles() {
        let near = Near::new();
        near.put("k", b"1");
        assert!(near.get("k").is_none(), "not live: nothing kept");
        near.set_live(true);
        near.put("k", b"1");
        assert_eq!(near.get("k").as_deref(), Some(&b"1"[..]));
        near.forget("k");
        assert!(near.get("k").is_none());
        near.put("k", b"old");
        assert!(near.get("k").is_none(), "a read racing the change is not kept");
        near.put("none", b"");
        assert_eq!(near.get("none").as_deref(), Some(&b""[..]), "no such row");
        near.put("other", b"2");
        near.set_live(false);
        assert!(near.get("other").is_none());
        near.set_live(true);
        assert!(near.get("other").is_none(), "starts empty again");
    }
}
