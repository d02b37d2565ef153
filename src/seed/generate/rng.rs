//! Deterministic randomness: every generated entity has its own stream,
//! seeded from (`--rng-seed`, kind, index). So any row can be generated, and
//! any parent's id recomputed, without generating what comes before it: the
//! data is the same whatever `--jobs` and however the work is split.
//!
//! Our own small generator (SplitMix64) rather than a crate's, so the data a
//! seed gives never changes with a dependency's version.

/// SplitMix64's finaliser: a good 64-bit mix.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The seed of one entity's stream.
pub fn entity_seed(seed: u64, kind: Kind, index: u64) -> u64 {
    mix(mix(seed ^ (kind as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_add(index))
}

/// The kinds of generated entities, each with its own streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User = 1,
    Organization,
    Repository,
    Workspace,
    Agent,
    Connection,
    Conversation,
    ConversationLength,
    Message,
    Artifact,
    ArtifactVersion,
    Activity,
    SyncLog,
    AuditLog,
}

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, kind: Kind, index: u64) -> Rng {
        Rng(entity_seed(seed, kind, index))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift (Lemire) without the
    /// rejection step: its bias, under 2^-64 * n, does not matter here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    pub fn range(&mut self, low: u64, high_inclusive: u64) -> u64 {
        low + self.below(high_inclusive - low + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Roughly log-normal: mostly near `typical`, with a long tail up to `max`.
    pub fn skewed(&mut self, typical: u64, max: u64) -> u64 {
        let octaves = self.below(100);
        let scale = match octaves {
            0..=59 => 1,
            60..=84 => 2,
            85..=95 => 4,
            _ => 16,
        };
        (self.range(typical / 4 + 1, typical) * scale).min(max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Rng::new(7, Kind::User, 3), |r, _: u64| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Rng::new(7, Kind::User, 3), |r, _: u64| Some(r.next_u64()))
            .collect();
        let c: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Rng::new(7, Kind::User, 4), |r, _: u64| Some(r.next_u64()))
            .collect();
        let d: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Rng::new(8, Kind::User, 3), |r, _: u64| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        let mut r = Rng::new(1, Kind::Message, 0);
        assert!((0..10_000).all(|_| r.below(10) < 10));
        assert!((0..10_000).all(|_| (5..=9).contains(&r.range(5, 9))));
    }
}
