//! `retention purge`: one run at a time, policy after policy, batch after
//! batch, each sized to stay near a time budget, archived before its delete
//! commits, audited in the same transaction.
//!
//! A policy whose table others cascade from (workspaces, users, sessions)
//! first drains those descendants of its due rows in batches of their own,
//! through their foreign-key indexes, so that the batch deleting a workspace
//! holds few locks. Then the policy's table is walked once in ranges of
//! physical blocks (a TID range scan): no index on the age column is needed
//! (messages has none), every batch reads only new blocks, and dead rows of
//! earlier batches are never scanned again.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;

use super::archive::{self, ArchiveFile, RunDir};
use super::batch::{self, Bounds, Scope, Sink};
use super::cascade;
use super::policy::Policy;
use super::{partitions, rows};
use crate::audit::Actor;
use crate::cache::Cache;
use crate::db::Target;
use crate::error::{Error, ErrorKind, Result};
use crate::model::audit::NewAuditEntry;

pub struct PurgeOptions {
    pub policies: Vec<&'static Policy>,
    /// Evaluate retention as of this instant (never later than the
    /// database's clock) instead of now.
    pub as_of: Option<OffsetDateTime>,
    /// Rows a batch selects, fixed; None adapts it to `batch_time`.
    pub batch_size: Option<u32>,
    /// Stop cleanly between batches once this much time has passed.
    pub max_duration: Option<Duration>,
    pub settings: crate::config::RetentionSettings,
    pub actor: Actor,
}

/// What a purge reports as it goes.
pub enum Event<'a> {
    Recovered(&'a Recovered),
    PolicyStarted { policy: &'static str, table: &'a str },
    Batch { policy: &'static str, rows: u64 },
    PolicyFinished(&'a PolicyReport),
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PolicyReport {
    pub policy: &'static str,
    pub table: &'static str,
    pub limit: i32,
    pub unit: &'static str,
    pub rows_archived: u64,
    pub rows_deleted: u64,
    /// Rows deleted by table (cascaded ones included).
    pub tables: std::collections::BTreeMap<String, u64>,
    pub batches: u64,
    pub duration_ms: u64,
    pub slowest_batch_ms: u64,
    /// False when --max-duration stopped it, or it failed.
    pub completed: bool,
    pub archive: Option<PathBuf>,
    pub error: Option<String>,
    #[serde(skip)]
    pub error_kind: Option<ErrorKind>,
}

/// An interrupted run's archive, cut back to what its committed batches wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Recovered {
    pub run: String,
    pub files: Vec<PathBuf>,
    /// Bytes of frames whose delete never committed, now removed.
    pub dropped_bytes: u64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PurgeReport {
    pub run: String,
    #[serde(with = "time::serde::rfc3339")]
    pub as_of: OffsetDateTime,
    pub archive_dir: PathBuf,
    pub completed: bool,
    pub duration_ms: u64,
    pub recovered: Vec<Recovered>,
    pub policies: Vec<PolicyReport>,
}

impl PurgeReport {
    /// The first failure, for the exit code.
    pub fn failure(&self) -> Option<(&str, ErrorKind)> {
        self.policies
            .iter()
            .find_map(|p| Some((p.error.as_deref()?, p.error_kind?)))
    }
}

/// A batch that hit a lock timeout is tried again this often before its
/// policy gives up (exit 75).
const LOCK_RETRIES: u32 = 3;

pub async fn purge(
    target: &Target,
    cache: Option<&Cache>,
    options: &PurgeOptions,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<PurgeReport> {
    let started = Instant::now();
    let mut conn = target.connect("platformctl retention").await?;
    super::lock::take(&mut conn, target.database()).await?;
    // Reads between batches (is anything due, how large is the table) wait
    // no longer for a lock than the batches do.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET lock_timeout = '{}ms'",
        options.settings.lock_timeout.as_millis().max(1)
    )))
    .execute(&mut conn)
    .await
    .map_err(Error::db("cannot set the purge's lock_timeout"))?;

    let recovered = recover(&mut conn, &options.actor).await?;
    for r in &recovered {
        progress(Event::Recovered(r));
    }

    let as_of = super::as_of(&mut conn, options.as_of).await?;
    let run = format!(
        "{}-{}",
        super::timestamp(OffsetDateTime::now_utc()),
        &uuid::Uuid::now_v7().simple().to_string()[24..]
    );
    let archive_dir = absolute(&options.settings.archive_dir);
    let run_dir = RunDir::create(&archive_dir, &run)?;
    audit(
        &mut conn,
        &options.actor,
        "retention.run",
        &run,
        serde_json::json!({
            "run": run,
            "archive_dir": archive_dir,
            "as_of": super::rfc3339(as_of),
            "policies": options.policies.iter().map(|p| p.name).collect::<Vec<_>>(),
        }),
    )
    .await?;

    let graph = cascade::graph(&mut conn).await?;
    let deadline = options.max_duration.map(|d| started + d);
    let mut reports = Vec::new();
    // An archive file whose last batch may or may not have committed, and
    // that the database could not tell about: the next run must settle it.
    let mut unsettled = false;
    for policy in &options.policies {
        progress(Event::PolicyStarted {
            policy: policy.name,
            table: policy.table,
        });
        let mut walk = Walk {
            conn: &mut conn,
            cache,
            options,
            run: &run,
            run_dir: &run_dir,
            as_of,
            deadline,
            graph: &graph,
            archive: None,
            report: PolicyReport {
                policy: policy.name,
                table: policy.table,
                limit: policy.limit_from(&options.settings),
                unit: policy.limit.unit,
                rows_archived: 0,
                rows_deleted: 0,
                tables: Default::default(),
                batches: 0,
                duration_ms: 0,
                slowest_batch_ms: 0,
                completed: false,
                archive: None,
                error: None,
                error_kind: None,
            },
            progress: &mut *progress,
        };
        let policy_started = Instant::now();
        match walk.policy(policy).await {
            Ok(completed) => walk.report.completed = completed,
            Err(e) => {
                walk.report.error_kind = Some(e.kind());
                walk.report.error = Some(with_causes(&e));
            }
        }
        if let Some(file) = walk.archive.take() {
            let path = file.path.clone();
            let kept = if file.is_uncertain() {
                // A batch failed after its rows were archived: keep what the
                // database says committed, as the next run would.
                drop(file);
                match committed_end(&mut *walk.conn, &run, &path).await {
                    Ok(end) => {
                        archive::recover(&path, end)?;
                        end > 0
                    }
                    Err(e) => {
                        tracing::warn!(
                            "cannot settle archive {} now; the next purge will: {e}",
                            path.display()
                        );
                        unsettled = true;
                        true
                    }
                }
            } else {
                file.finish()?
            };
            if kept {
                walk.report.archive = Some(path);
            }
        }
        walk.report.duration_ms = policy_started.elapsed().as_millis() as u64;
        let report = walk.report;
        progress(Event::PolicyFinished(&report));
        let unavailable = report.error_kind == Some(ErrorKind::Unavailable);
        reports.push(report);
        if unavailable || deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
    }

    let report = PurgeReport {
        completed: reports.len() == options.policies.len() && reports.iter().all(|r| r.completed),
        run: run.clone(),
        as_of,
        archive_dir: run_dir.path.clone(),
        duration_ms: started.elapsed().as_millis() as u64,
        recovered,
        policies: reports,
    };
    let summary = serde_json::to_value(&report).map_err(|e| Error::Internal(e.to_string()))?;
    run_dir.write_summary(&summary)?;
    // Without the end row, the next run settles the unsettled file.
    if !unsettled {
        let outcome = if report.failure().is_some() {
            "failure"
        } else {
            "success"
        };
        audit_with(
            &mut conn,
            &options.actor,
            "retention.purge",
            &run,
            outcome,
            summary,
        )
        .await?;
    }
    Ok(report)
}

/// One policy's walk: its descendants drained, then its table in block ranges.
struct Walk<'a, 'p> {
    conn: &'a mut PgConnection,
    cache: Option<&'a Cache>,
    options: &'a PurgeOptions,
    run: &'a str,
    run_dir: &'a RunDir,
    as_of: OffsetDateTime,
    deadline: Option<Instant>,
    graph: &'a cascade::Graph,
    archive: Option<ArchiveFile>,
    report: PolicyReport,
    progress: &'a mut (dyn FnMut(Event<'_>) + 'p),
}

/// How a batch's size adapts: rows it may select, and blocks it may scan.
struct Sizing {
    rows: i64,
    blocks: i64,
    fixed: bool,
    target: Duration,
}

const MIN_ROWS: i64 = 50;
const MAX_ROWS: i64 = 50_000;
const MIN_BLOCKS: i64 = 8;
const MAX_BLOCKS: i64 = 1 << 17;

impl Sizing {
    fn new(options: &PurgeOptions) -> Sizing {
        Sizing {
            rows: options.batch_size.map_or(1_000, i64::from),
            blocks: 256,
            fixed: options.batch_size.is_some(),
            target: options.settings.batch_time,
        }
    }

    /// After a batch that selected `selected` rows in `elapsed`: toward the
    /// time budget, by at most a factor of two each time.
    fn adapt(&mut self, selected: u64, elapsed: Duration, limited: bool) {
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

impl Walk<'_, '_> {
    /// Returns whether the policy finished (false: stopped by the deadline).
    async fn policy(&mut self, policy: &'static Policy) -> Result<bool> {
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
    async fn drop_partition(&mut self, policy: &'static Policy, partition: &str) -> Result<()> {
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
    async fn drain(&mut self, scope: &Scope) -> Result<bool> {
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
    /// One batch at a time. Deleting the next batch on a second connection
    /// while the last one archives and commits measured 14% faster on 5M
    /// messages (10.9 s against 12.6 s), but with both cores busy the
    /// platform's reads suffered for it (a reader's p99 3.3 ms against
    /// 2.5 ms), and a purge is there not to disturb them.
    async fn walk_blocks(&mut self, scope: &Scope) -> Result<bool> {
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

    fn out_of_time(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Runs one batch, retrying lock timeouts (limited, after an unlimited
    /// batch timed out), and accounts for it.
    async fn batch(
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

impl Walk<'_, '_> {
    async fn columns_of(&mut self, descendants: &[cascade::Descendant]) -> Result<Vec<rows::Columns>> {
        let mut columns = Vec::new();
        for d in descendants {
            columns.push(rows::columns(self.conn, &d.table).await?);
        }
        Ok(columns)
    }

    /// Counts a committed batch, and tells the cache and the caller.
    async fn account(&mut self, policy: &'static str, done: &batch::Done) {
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
            cache.invalidate(&super::invalidation::keys(&done.rows)).await;
        }
        (self.progress)(Event::Batch {
            policy,
            rows: done.deleted(),
        });
    }
}

/// Whether to try a failed batch again: only a lock it waited too long
/// for, a few times, backing off.
async fn retry(error: &Error, attempt: &mut u32, policy: &str, table: &str) -> bool {
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

struct BatchDone {
    selected: u64,
    elapsed: Duration,
    last_block: Option<i64>,
    limit: i64,
    /// Whether at most `limit` rows were taken (see `Bounds::limited`).
    limited: bool,
}

/// The archive length the committed batches of `run` recorded for `path`.
async fn committed_end(conn: &mut PgConnection, run: &str, path: &Path) -> Result<u64> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let end: Option<i64> = sqlx::query_scalar(
        "SELECT max((details->>'archive_end')::bigint) FROM audit_logs \
         WHERE action = 'retention.batch' AND details->>'run' = $1 AND details->>'archive' = $2",
    )
    .bind(run)
    .bind(&name)
    .fetch_one(conn)
    .await
    .map_err(Error::db("cannot read which purge batches committed"))?;
    Ok(end.unwrap_or(0) as u64)
}

/// Finds runs that started and never ended (killed, or the machine died),
/// and cuts their archive files back to what their committed batches wrote.
async fn recover(conn: &mut PgConnection, actor: &Actor) -> Result<Vec<Recovered>> {
    let runs: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.details->>'run', s.details->>'archive_dir' FROM audit_logs s \
         WHERE s.action = 'retention.run' \
           AND NOT EXISTS (SELECT 1 FROM audit_logs e \
                           WHERE e.action IN ('retention.purge', 'retention.recovered') \
                             AND e.entity_id = s.entity_id) \
         ORDER BY s.occurred_at",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(Error::db("cannot look for interrupted purges"))?;
    let mut recovered = Vec::new();
    for (run, archive_dir) in runs {
        let dir = Path::new(&archive_dir).join(&run);
        let committed: Vec<(String, i64)> = sqlx::query_as(
            "SELECT details->>'archive', max((details->>'archive_end')::bigint) FROM audit_logs \
             WHERE action = 'retention.batch' AND details->>'run' = $1 GROUP BY 1",
        )
        .bind(&run)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db("cannot read an interrupted purge's batches"))?;
        let mut files = Vec::new();
        let mut dropped = 0;
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
            Err(_) if committed.is_empty() => Vec::new(),
            Err(e) => {
                return Err(Error::io(
                    "an interrupted purge archived rows it deleted here, but the directory cannot be read; restore it before purging again",
                    &dir,
                    ErrorKind::BadInput,
                )(e));
            }
        };
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !name.ends_with(archive::EXTENSION) || archive::checksum_path(&path).exists() {
                continue;
            }
            let end = committed
                .iter()
                .find(|(f, _)| *f == name)
                .map_or(0, |(_, end)| *end as u64);
            dropped += archive::recover(&path, end)?;
            files.push(path);
        }
        for (file, _) in &committed {
            if !dir.join(file).exists() {
                return Err(Error::Corrupt(format!(
                    "archive file {} of an interrupted purge holds rows that were deleted, and it is missing; restore it before purging again",
                    dir.join(file).display()
                )));
            }
        }
        let r = Recovered {
            run: run.clone(),
            files,
            dropped_bytes: dropped,
        };
        if dir.is_dir() {
            RunDir { path: dir }
                .write_summary(&serde_json::json!({ "run": run, "completed": false, "recovered": &r }))?;
        }
        audit(
            conn,
            actor,
            "retention.recovered",
            &run,
            serde_json::to_value(&r).unwrap_or_default(),
        )
        .await?;
        recovered.push(r);
    }
    Ok(recovered)
}

async fn audit(
    conn: &mut PgConnection,
    actor: &Actor,
    action: &str,
    run: &str,
    details: serde_json::Value,
) -> Result<()> {
    audit_with(conn, actor, action, run, "success", details).await
}

async fn audit_with(
    conn: &mut PgConnection,
    actor: &Actor,
    action: &str,
    run: &str,
    outcome: &str,
    details: serde_json::Value,
) -> Result<()> {
    crate::repo::audit::append(
        conn,
        &NewAuditEntry {
            actor: actor.to_string(),
            action: action.to_owned(),
            entity_type: "retention".to_owned(),
            entity_id: Some(run.to_owned()),
            outcome: outcome.to_owned(),
            details,
            request_id: None,
        },
    )
    .await
    .map(drop)
}

/// An error and its causes on one line ("cannot ...: canceling statement due to lock timeout").
fn with_causes(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}
