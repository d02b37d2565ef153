//! How a purge's batches are sized: rows a batch may select and blocks it
//! may scan, adapted after each batch toward the time budget.

use std::time::Duration;

use super::PurgeOptions;

/// How a batch's size adapts: rows it may select, and blocks it may scan.
pub(super) struct Sizing {
    pub(super) rows: i64,
    pub(super) blocks: i64,
    pub(super) fixed: bool,
    pub(super) target: Duration,
}

pub(super) const MIN_ROWS: i64 = 50;
pub(super) const MAX_ROWS: i64 = 50_000;
pub(super) const MIN_BLOCKS: i64 = 8;
pub(super) const MAX_BLOCKS: i64 = 1 << 17;

impl Sizing {
    pub(super) fn new(options: &PurgeOptions) -> Sizing {
        Sizing {
            rows: options.batch_size.map_or(1_000, i64::from),
            blocks: 256,
            fixed: options.batch_size.is_some(),
            target: options.settings.batch_time,
        }
    }

    /// After a batch that selected `selected` rows in `elapsed`: toward the
    /// time budget, by at most a factor of two each time.
    pub(super) fn adapt(&mut self, selected: u64, elapsed: Duration, limited: bool) {
        let ratio = (self.target.as_secs_f64() / elapsed.as_secs_f64().max(1e-4)).clamp(0.5, 2.0);
        // An unlimited batch takes its whole block range: only that adapts.
        let filled = limited && selected as i64 >= self.rows;
        if !self.fixed && (filled || ratio < 1.0) {
            self.rows = ((self.rows as f64 * ratio) as i64).clamp(MIN_ROWS, MAX_ROWS);
        }
        // The scan window grows while batches end early for want of due
        // rows, and shrinks when scanning alone overruns the budget.
        if !filled || ratio < 1.0 {
            self.blocks = ((self.blocks as f64 * ratio) as i64).clamp(MIN_BLOCKS, MAX_BLOCKS);
        }
    }
}
