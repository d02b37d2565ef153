//! What is cached, under which key, for how long.
//!
//! Keys are `platform:v1:<kind>:<id>`. The version segment changes when a
//! cached shape changes, so a new release never reads an old release's
//! values; everything we write is under `platform:`, so `cache flush` can
//! find it without touching anyone else's keys.

use std::time::Duration;

use super::kinds::{DESCRIPTIONS, Description};
use crate::config::CacheSettings;

/// Every key we write starts with this.
pub const PREFIX: &str = "platform:";
/// The current key version.
pub const VERSION_PREFIX: &str = "platform:v1:";

/// The kinds of cached entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A user's profile, by user id.
    UserProfile,
    /// A GitHub repository's information, by repository id.
    Repository,
    /// The first page of a user's activity feed, by user id.
    ActivityFeed,
    /// A workspace's configuration document, by workspace id.
    WorkspaceConfig,
    /// A workspace's settings, by workspace id.
    WorkspaceSettings,
    /// An external service's settings (never credentials), by
    /// `<organization id or "platform">:<service>`.
    ServiceConfig,
    /// An artifact's metadata (not its content), by artifact id.
    Artifact,
    /// A session, by session id, until it expires.
    Session,
    /// A revoked token's jti, until the token expires.
    Denylist,
    /// A live user's account (never the password hash), by user id.
    User,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::UserProfile,
        Kind::Repository,
        Kind::ActivityFeed,
        Kind::WorkspaceConfig,
        Kind::WorkspaceSettings,
        Kind::ServiceConfig,
        Kind::Artifact,
        Kind::Session,
        Kind::Denylist,
        Kind::User,
    ];

    /// The kind's one description.
    pub fn describe(self) -> &'static Description {
        let description = &DESCRIPTIONS[self as usize];
        debug_assert_eq!(description.kind, self);
        description
    }

    /// The name in keys, on the command line and in metrics.
    pub fn name(self) -> &'static str {
        self.describe().name
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name.trim())
    }

    /// The tier's TTL; None for entries that live as long as what they
    /// describe (sessions, denylist entries), whose TTL comes with them.
    pub fn ttl(self, settings: &CacheSettings) -> Option<Duration> {
        (self.describe().ttl)(&settings.ttl)
    }

    pub fn key(self, id: &str) -> String {
        let mut key = Vec::new();
        self.write_key(&mut key, id);
        String::from_utf8(key).expect("a key of UTF-8 parts")
    }

    /// Writes the key of `id` into `buffer` (cleared first): what `key`
    /// returns, without an allocation when the buffer is reused.
    pub fn write_key(self, buffer: &mut Vec<u8>, id: &str) {
        buffer.clear();
        buffer.extend_from_slice(VERSION_PREFIX.as_bytes());
        buffer.extend_from_slice(self.name().as_bytes());
        buffer.push(b':');
        buffer.extend_from_slice(id.as_bytes());
    }
}

/// `ttl` ±10%, so that keys written together (by `cache warm`, say) do not
/// all expire in the same second and stampede the database. `unit` in
/// [0, 1) picks the point in the band.
pub fn jittered(ttl: Duration, unit: f64) -> Duration {
    let factor = 0.9 + 0.2 * unit.clamp(0.0, 1.0);
    Duration::from_millis(((ttl.as_millis() as f64) * factor).round().max(1.0) as u64)
}

/// A uniform number in [0, 1) from a fast thread-local generator (the
/// jitter needs spread, not secrecy).
pub fn unit_random() -> f64 {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<u64> = Cell::new(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0x853c_49e6_748f_ea9b, |d| d.as_nanos() as u64)
                | 1,
        );
    }
    STATE.with(|state| {
        let mut x = state.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        state.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_the_version_prefix_and_kinds_round_trip() {
        assert_eq!(Kind::UserProfile.key("42"), "platform:v1:user_profile:42");
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.name()), Some(kind));
        }
        assert_eq!(Kind::parse("nope"), None);
    }

    #[test]
    fn jitter_stays_within_ten_percent() {
        let ttl = Duration::from_secs(3600);
        assert_eq!(jittered(ttl, 0.0), Duration::from_secs(3240));
        assert_eq!(jittered(ttl, 1.0), Duration::from_secs(3960));
        for _ in 0..10_000 {
            let d = jittered(ttl, unit_random());
            assert!(
                d >= Duration::from_secs(3240) && d <= Duration::from_secs(3960),
                "{d:?}"
            );
        }
    }
}
