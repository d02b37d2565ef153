//! One policy's walk: the descendants of its due rows drained first, then
//! its table in ranges of physical blocks, batch after batch, each retried
//! a few times when it waited too long for a lock.

use std::time::{Duration, Instant};

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;

use crate::cache::Cache;
use crate::error::{Error, ErrorKind, Result};
use crate::progress::Progress;
use crate::retention::archive::{ArchiveFile, RunDir};
use crate::retention::batch::{self, Bounds, Scope, Sink};
use crate::retention::cascade;
use crate::retention::policy::Policy;
use crate::retention::{partitions, rows};

use super::sizing::Sizing;
use super::{Event, LOCK_RETRIES, PolicyReport, PurgeOptions};

/// One policy's walk: its descendants drained, then its table in block ranges.
pub(super) struct Walk<'a> {
    pub(super) conn: &'a mut PgConnection,
    pub(super) cache: Option<&'a Cache>,
    pub(super) options: &'a PurgeOptions,
    pub(super) run: &'a str,
    pub(super) run_dir: &'a RunDir,
    pub(super) as_of: OffsetDateTime,
    pub(super) deadline: Option<Instant>,
    pub(super) graph: &'a cascade::Graph,
    pub(super) archive: Option<ArchiveFile>,
    pub(super) report: PolicyReport,
    pub(super) progress: &'a dyn for<'e> Progress<Event<'e>>,
}

impl Walk<'_> {
    /// Returns whether the policy finished (false: stopped by the deadline).
    pub(super) async fn policy(&mut self, policy: &'static Policy) -> Result<bool> {
        let limit = self.report.limit;
        let root_due = format!("SELECT 1 FROM {} WHERE {}", policy.from_clause(), policy.due);
        let any_due: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT EXISTS ({root_due})")))
            .bind(self.as_of)
            .bind(limit)
            .fetch_one(&mut *self.conn)
            .await
            .map_err(Error::db(format!(
                "cannot look for rows due under {}",
                policy.name
            )))?;
        if !any_due {
            return Ok(true);
        }

        let roots = |column: &str| policy.due_rows(column);
        for descendant in self.graph.descendants(policy.table) {
            let below = self.graph.descendants(&descendant.table);
            let scope = Scope {
                policy: policy.name,
                table: descendant.table.clone(),
                label: descendant.table.clone(),
                from: format!("{} t", descendant.table),
                alone: true,
                condition: descendant.belongs_to(&roots),
                columns: rows::columns(self.conn, &descendant.table).await?,
                descendant_columns: self.columns_of(&below).await?,
                descendants: below,
                in_block_order: false,
                allow_setting: policy.allow_setting,
            };
            if !self.drain(&scope).await? {
                return Ok(false);
            }
        }

        let descendants = self.graph.descendants(policy.table);
        let columns = rows::columns(self.conn, policy.table).await?;
        let descendant_columns = self.columns_of(&descendants).await?;
        let scope_of = |table: &str| Scope {
            policy: policy.name,
            table: table.to_owned(),
            label: policy.table.to_owned(),
            from: policy.from_clause_for(table),
            alone: policy.join.is_none(),
            condition: format!(
                "t.ctid >= $3::text::tid AND t.ctid < $4::text::tid AND ({})",
                policy.due
            ),
            descendants: descendants.clone(),
            columns: columns.clone(),
            descendant_columns: descendant_columns.clone(),
            in_block_order: true,
            allow_setting: policy.allow_setting,
        };
        let Some(partitions) = partitions::of(self.conn, policy, self.as_of, limit).await? else {
            return self.walk_blocks(&scope_of(policy.table)).await;
        };
        for partition in partitions {
            // A row that others cascade from goes only with them, row by row.
            let whole = partition.wholly_due && descendants.is_empty();
            let finished = if whole {
                self.drop_partition(policy, &partition.name).await?;
                true
            } else {
                self.walk_blocks(&scope_of(&partition.name)).await?
            };
            if !finished || self.out_of_time() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Archives and drops a partition wholly past retention.
    pub(super) async fn drop_partition(&mut self, policy: &'static Policy, partition: &str) -> Result<()> {
        if self.archive.is_none() {
            self.archive = Some(self.run_dir.open(policy.name)?);
        }
        let mut attempt = 0;
        let done = loop {
            let sink = Sink {
                run: self.run,
                batch: self.report.batches + 1,
                archive: self.archive.as_mut().expect("opened above"),
                actor: &self.options.actor,
                lock_timeout: self.options.settings.lock_timeout,
            };
            let dropped = partitions::drop_whole(self.conn, policy, partition, sink).await;
            match dropped {
                Ok(done) => break done,
                Err(e) if retry(&e, &mut attempt, policy.name, partition).await => {}
                Err(e) => return Err(e),
            }
        };
        self.account(policy.name, &done).await;
        Ok(())
    }

    /// Batches through an index until none is left (rows of descendants).
    pub(super) async fn drain(&mut self, scope: &Scope) -> Result<bool> {
        let mut sizing = Sizing::new(self.options);
        loop {
            if self.out_of_time() {
                return Ok(false);
            }
            let done = self.batch(scope, (0, 0), sizing.rows, true).await?;
            sizing.adapt(done.selected, done.elapsed, true);
            if (done.selected as i64) < done.limit {
                return Ok(true);
            }
        }
    }

    /// One pass over the table's blocks as they were when it started.
    ///
    /// One batch at a time: a second connection deleting the next batch
    /// while the last one archives would be faster, but would take the
    /// core the platform's reads need, and a purge is there not to disturb
    /// them.
    pub(super) async fn walk_blocks(&mut self, scope: &Scope) -> Result<bool> {
        let blocks: i64 = sqlx::query_scalar(
            "SELECT (pg_relation_size($1::regclass) / current_setting('block_size')::bigint)::bigint",
        )
        .bind(&scope.table)
        .fetch_one(&mut *self.conn)
        .await
        .map_err(Error::db(format!("cannot read the size of {}", scope.table)))?;
        let mut sizing = Sizing::new(self.options);
        let mut cursor = 0;
        while cursor < blocks {
            if self.out_of_time() {
                return Ok(false);
            }
            let end = (cursor + sizing.blocks).min(blocks);
            // Unlimited unless the batch size is fixed or the table is one
            // others cascade from (see `Bounds::limited`).
            let limited = sizing.fixed || !scope.descendants.is_empty();
            let done = self.batch(scope, (cursor, end), sizing.rows, limited).await?;
            let filled = done.limited && done.selected as i64 >= done.limit;
            sizing.adapt(done.selected, done.elapsed, done.limited);
            // A full batch may have left due rows in its last block.
            cursor = match (filled, done.last_block) {
                (true, Some(last)) => last.max(cursor),
                _ => end,
            };
        }
        Ok(true)
    }

    pub(super) fn out_of_time(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Runs one batch, retrying lock timeouts (limited, after an unlimited
    /// batch timed out), and accounts for it.
    pub(super) async fn batch(
        &mut self,
        scope: &Scope,
        blocks: (i64, i64),
        rows: i64,
        limited: bool,
    ) -> Result<BatchDone> {
        if self.archive.is_none() {
            self.archive = Some(self.run_dir.open(scope.policy)?);
        }
        let mut attempt = 0;
        let mut bounds = Bounds {
            as_of: self.as_of,
            limit: self.report.limit,
            blocks,
            rows,
            limited,
        };
        let done = loop {
            // Tried again, the batch locks its rows and passes over those
            // held elsewhere, instead of waiting for them once more.
            bounds.limited |= attempt > 0;
            let sink = Sink {
                run: self.run,
                batch: self.report.batches + 1,
                archive: self.archive.as_mut().expect("opened above"),
                actor: &self.options.actor,
                lock_timeout: self.options.settings.lock_timeout,
            };
            match batch::run(self.conn, scope, &bounds, sink).await {
                Ok(done) => break done,
                Err(e) if retry(&e, &mut attempt, scope.policy, &scope.table).await => {}
                Err(e) => return Err(e),
            }
        };
        self.account(scope.policy, &done).await;
        Ok(BatchDone {
            selected: done.selected,
            elapsed: done.elapsed,
            last_block: done.last_block,
            limit: rows,
            limited: bounds.limited,
        })
    }
}

impl Walk<'_> {
    pub(super) async fn columns_of(
        &mut self,
        descendants: &[cascade::Descendant],
    ) -> Result<Vec<rows::Columns>> {
        let mut columns = Vec::new();
        for d in descendants {
            columns.push(rows::columns(self.conn, &d.table).await?);
        }
        Ok(columns)
    }

    /// Counts a committed batch, and tells the cache and the caller.
    pub(super) async fn account(&mut self, policy: &'static str, done: &batch::Done) {
        if done.deleted() == 0 {
            return;
        }
        self.report.batches += 1;
        self.report.rows_deleted += done.deleted();
        self.report.rows_archived += done.deleted();
        for (table, n) in &done.tables {
            *self.report.tables.entry(table.clone()).or_default() += n;
        }
        let ms = done.elapsed.as_millis() as u64;
        self.report.slowest_batch_ms = self.report.slowest_batch_ms.max(ms);
        if let Some(cache) = self.cache {
            cache
                .invalidate(&crate::retention::invalidation::keys(&done.rows))
                .await;
        }
        self.progress.report(Event::Batch {
            policy,
            rows: done.deleted(),
        });
    }
}

/// Whether to try a failed batch again: only a lock it waited too long
/// for, a few times, backing off.
pub(super) async fn retry(error: &Error, attempt: &mut u32, policy: &str, table: &str) -> bool {
    if error.kind() != ErrorKind::Temporary || *attempt >= LOCK_RETRIES {
        return false;
    }
    *attempt += 1;
    tracing::warn!(
        policy,
        table,
        attempt = *attempt,
        "purge batch waited too long for a lock; retrying: {error}"
    );
    tokio::time::sleep(Duration::from_millis(250 << *attempt)).await;
    true
}

pub(super) struct BatchDone {
    pub(super) selected: u64,
    pub(super) elapsed: Duration,
    pub(super) last_block: Option<i64>,
    pub(super) limit: i64,
    /// Whether at most `limit` rows were taken (see `Bounds::limited`).
    pub(super) limited: bool,
}
