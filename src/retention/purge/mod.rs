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

mod recovery;
mod sizing;
mod walk;

use recovery::{committed_end, recover};
use walk::Walk;

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;

use crate::audit::Actor;
use crate::cache::Cache;
use crate::db::Target;
use crate::error::{Error, ErrorKind, Result};
use crate::model::audit::NewAuditEntry;
use crate::progress::Progress;
use crate::retention::archive::{self, RunDir};
use crate::retention::cascade;
use crate::retention::policy::Policy;

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
    /// Write a `retention.purged` event per policy run (`[events] enabled`).
    pub events: bool,
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
    progress: &dyn for<'e> Progress<Event<'e>>,
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
        progress.report(Event::Recovered(r));
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
        progress.report(Event::PolicyStarted {
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
            progress,
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
        progress.report(Event::PolicyFinished(&report));
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
    if options.events {
        announce(&mut conn, &options.actor, &report).await?;
    }
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

/// One `retention.purged` event per policy that ran, in one transaction.
async fn announce(conn: &mut PgConnection, actor: &Actor, report: &PurgeReport) -> Result<()> {
    use sqlx::Connection;
    let mut tx = conn
        .begin()
        .await
        .map_err(Error::db("cannot start a transaction"))?;
    for policy in &report.policies {
        let data = serde_json::json!({
            "run": report.run,
            "policy": policy.policy,
            "table": policy.table,
            "as_of": super::rfc3339(report.as_of),
            "rows_archived": policy.rows_archived,
            "rows_deleted": policy.rows_deleted,
            "tables": policy.tables,
            "completed": policy.completed,
            "error": policy.error,
        });
        crate::events::outbox::append(
            &mut tx,
            &crate::events::outbox::NewEvent {
                event_type: "retention.purged",
                aggregate_type: "retention_policy",
                aggregate_id: policy.policy,
                actor: actor.as_str(),
                request_id: None,
                data,
            },
        )
        .await?;
    }
    tx.commit().await.map_err(Error::db("cannot commit"))
}

pub(super) async fn audit(
    conn: &mut PgConnection,
    actor: &Actor,
    action: &str,
    run: &str,
    details: serde_json::Value,
) -> Result<()> {
    audit_with(conn, actor, action, run, "success", details).await
}

pub(super) async fn audit_with(
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
pub(super) fn with_causes(error: &Error) -> String {
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

pub(super) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}
