//! `admit_on_second_miss`: a key is cached only when it misses a second
//! time, so keys read once do not push out the keys read often.

use std::sync::atomic::Ordering;

/// The doorkeeper of `admit_on_second_miss`: a count-min sketch of recent
/// misses (two rows of 2^21 small counters, 4 MiB), halved as it fills so
/// that old popularity fades.
pub(super) struct Doorkeeper {
    counters: Vec<std::sync::atomic::AtomicU8>,
    misses: std::sync::atomic::AtomicU64,
}

impl Doorkeeper {
    const BITS: u32 = 21;

    pub(super) fn new() -> Doorkeeper {
        Doorkeeper {
            counters: (0..2usize << Self::BITS).map(|_| Default::default()).collect(),
            misses: Default::default(),
        }
    }

    /// Records a miss of `key`; whether it had missed before.
    pub(super) fn seen_before(&self, key: &str) -> bool {
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
