//! `platformctl retention plan | purge`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::cache::Cache;
use platformctl::retention::{self, Event, PurgeOptions};
use time::OffsetDateTime;

use super::Context;
use super::cpu::CpuPriority;
use super::exit::ExitStatus;
use super::output::{Printer, format_ms, rfc3339};

/// The policies, from their one table (`retention::POLICIES`).
fn policies_help() -> String {
    let mut text = String::from(
        "Policies, in the order a purge runs them (limits in [retention.policy] of\n\
         platformctl.toml; a workspace's own chat_retention_days and\n\
         artifact_versions_to_keep win over the defaults):",
    );
    for policy in retention::POLICIES {
        text.push_str(&format!(
            "\n  {:<19} {} (default {} {})",
            policy.name, policy.description, policy.limit.default, policy.limit.unit
        ));
    }
    text
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Count, for each policy, the rows due, the oldest one and the batches it would take; change nothing
    #[command(after_help = policies_help())]
    Plan(PlanArgs),
    /// Archive, then delete, the rows due, in short batches; one run at a time
    #[command(after_help = "\
Each batch is sized to take about [retention] batch_time (200ms) and waits at
most [retention] lock_timeout (1s) for a lock. A batch whose rows a writer
holds past that is tried again locking at most N rows and skipping those held
(as --batch-size batches always do), so a held row is left for the next run
instead of waited for. Its rows are
appended to <archive-dir>/<run>/<policy>.jsonl.zst and synced before its
delete commits; its audit row commits with the delete. A run killed at any
moment loses nothing and archives nothing twice: the next run first cuts the
interrupted run's files back to what its committed batches wrote. Rows that
cascade from a purged row (a workspace's conversations and messages, a user's
sessions) are archived and deleted first, in batches of their own.

Exit 0 when every policy completed (or --max-duration stopped it cleanly:
then `completed` is false in the summary), 75 when another purge runs or a
lock could not be had, and the failure's code for anything else.

Examples:
  platformctl retention purge --dry-run
  platformctl retention purge --max-duration 20m --archive-dir /srv/archive --json
  platformctl retention purge --policy chat_messages --policy sync_logs")]
    Purge(PurgeArgs),
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Only this policy (repeatable) [default: every policy]
    #[arg(long = "policy", value_name = "NAME")]
    policies: Vec<String>,

    /// Evaluate retention as of this RFC 3339 time, not now (never later than the database's clock)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    as_of: Option<OffsetDateTime>,

    /// Rows each batch takes, instead of adapting to the time budget
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    batch_size: Option<u32>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    #[command(flatten)]
    policy: PolicyArgs,

    /// Say what would be purged (as `plan` does); archive and delete nothing
    #[arg(long)]
    dry_run: bool,

    /// Stop cleanly between batches after this long; the summary then says completed: false
    #[arg(long, value_name = "DUR", value_parser = super::args::duration)]
    max_duration: Option<Duration>,

    /// Where the archive goes [env: PLATFORMCTL_ARCHIVE_DIR] [default: archive, or [retention] archive_dir]
    #[arg(long, value_name = "DIR")]
    archive_dir: Option<PathBuf>,

    /// Leave Redis alone (purged entities then stay cached until their TTL)
    #[arg(long)]
    no_cache: bool,

    /// How this process competes for CPU: idle runs it behind every other task of
    /// its scheduling group, its cgroup or its session (Linux SCHED_IDLE); the
    /// server's backend keeps its own priority
    #[arg(long, value_name = "PRIORITY", value_enum, default_value_t = CpuPriority::Idle)]
    cpu_priority: CpuPriority,
}

impl RetentionCommand {
    pub fn cpu_priority(&self) -> Option<CpuPriority> {
        match self {
            RetentionCommand::Purge(args) if !args.dry_run => Some(args.cpu_priority),
            _ => None,
        }
    }

    pub fn action(&self) -> Option<&'static str> {
        match self {
            RetentionCommand::Purge(args) if !args.dry_run => Some("retention.purge"),
            _ => None,
        }
    }
}

pub async fn run(command: RetentionCommand, ctx: &Context) -> Result<ExitStatus> {
    match command {
        RetentionCommand::Plan(args) => plan(&args.policy, ctx, false).await,
        RetentionCommand::Purge(args) if args.dry_run => plan(&args.policy, ctx, true).await,
        RetentionCommand::Purge(args) => purge(args, ctx).await,
    }
}

fn parse_time(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|e| format!("'{text}' is not an RFC 3339 time such as 2026-11-01T00:00:00Z ({e})"))
}

async fn plan(args: &PolicyArgs, ctx: &Context, dry_run: bool) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let target = settings.target()?;
    let policies = retention::policy::select(&args.policies, &settings.retention)?;
    let report = retention::plan(
        &target,
        &policies,
        &settings.retention,
        args.as_of,
        args.batch_size,
    )
    .await?;
    if printer.is_json() {
        let mut value = serde_json::to_value(&report)?;
        if dry_run {
            value["dry_run"] = true.into();
        }
        printer.json(&value)?;
        return Ok(ExitStatus::Success);
    }
    let mut table = printer.table(&[
        "Policy",
        "Limit",
        "Rows due",
        "With them",
        "Oldest due",
        "Batches (est.)",
    ]);
    for p in &report.policies {
        let dependents: i64 = p.dependent_rows.values().sum();
        table.add_row(vec![
            p.policy.to_owned(),
            format!("{} {}", p.limit, p.unit),
            p.rows_due.to_string(),
            if dependents > 0 {
                dependents.to_string()
            } else {
                String::new()
            },
            p.oldest.map(rfc3339).unwrap_or_default(),
            p.estimated_batches.to_string(),
        ]);
    }
    printer.print_table(&table)?;
    let due: i64 = report
        .policies
        .iter()
        .map(|p| p.rows_due + p.dependent_rows.values().sum::<i64>())
        .sum();
    let verb = if dry_run { "Dry run" } else { "Planned" };
    printer.status(
        verb,
        format!(
            "{due} rows due as of {}; nothing was changed (batches estimated at {} rows)",
            rfc3339(report.as_of),
            report.rows_per_batch
        ),
    );
    Ok(ExitStatus::Success)
}

async fn purge(args: PurgeArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|o| o.archive_dir = args.archive_dir.clone())?;
    let target = settings.target()?;
    let options = PurgeOptions {
        policies: retention::policy::select(&args.policy.policies, &settings.retention)?,
        as_of: args.policy.as_of,
        batch_size: args.policy.batch_size,
        max_duration: args.max_duration,
        settings: settings.retention.clone(),
        actor: ctx.actor().clone(),
        events: settings.events.enabled,
    };
    let cache = if args.no_cache {
        None
    } else {
        match Cache::connect(&settings).await {
            Ok(cache) => Some(cache),
            Err(e) => {
                printer.warn(format!(
                    "Redis unreachable ({e}); purged entities stay cached until their TTL"
                ));
                None
            }
        }
    };

    let spinner = printer.shows_progress().then(|| printer.progress(0, "purging"));
    let report = retention::purge(
        &target,
        cache.as_ref(),
        &options,
        &|event: Event<'_>| match event {
            Event::Recovered(r) => printer.status(
                "Recovered",
                format!(
                    "interrupted run {}: {} file(s) cut back to their committed batches ({} bytes dropped)",
                    r.run,
                    r.files.len(),
                    r.dropped_bytes
                ),
            ),
            Event::PolicyStarted { policy, table } => {
                if let Some(bar) = &spinner {
                    bar.set_message(format!("{policy} ({table})"));
                }
            }
            Event::Batch { rows, .. } => {
                if let Some(bar) = &spinner {
                    bar.inc(rows);
                }
            }
            Event::PolicyFinished(p) => {
                if let Some(bar) = &spinner {
                    bar.suspend(|| report_policy(printer, p));
                } else {
                    report_policy(printer, p);
                }
            }
        },
    )
    .await?;
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }

    if printer.is_json() {
        printer.json(&report)?;
    } else {
        let mut table = printer.table(&[
            "Policy",
            "Archived",
            "Deleted",
            "Batches",
            "Duration",
            "Slowest batch",
            "Completed",
        ]);
        for p in &report.policies {
            table.add_row(vec![
                p.policy.to_owned(),
                p.rows_archived.to_string(),
                p.rows_deleted.to_string(),
                p.batches.to_string(),
                format_ms(p.duration_ms as f64),
                format_ms(p.slowest_batch_ms as f64),
                if p.error.is_some() {
                    "failed".to_owned()
                } else {
                    p.completed.to_string()
                },
            ]);
        }
        printer.print_table(&table)?;
    }
    let archived: u64 = report.policies.iter().map(|p| p.rows_archived).sum();
    printer.status(
        if report.completed { "Purged" } else { "Stopped" },
        format!(
            "{archived} rows archived under {} and deleted in {}{}",
            report.archive_dir.display(),
            format_ms(report.duration_ms as f64),
            if report.completed {
                ""
            } else {
                " (not every policy completed: run it again)"
            }
        ),
    );
    match report.failure() {
        Some((message, kind)) => {
            let status = ExitStatus::for_kind(kind);
            printer.error(
                &anyhow::anyhow!("a retention policy failed: {message}"),
                status.code(),
            );
            Ok(status)
        }
        None => Ok(ExitStatus::Success),
    }
}

fn report_policy(printer: &Printer, p: &retention::PolicyReport) {
    match &p.error {
        Some(e) => printer.warn(format!("{}: failed after {} rows: {e}", p.policy, p.rows_deleted)),
        None if p.rows_deleted > 0 => printer.status(
            "Purged",
            format!(
                "{}: {} rows in {} batches (slowest {})",
                p.policy,
                p.rows_deleted,
                p.batches,
                format_ms(p.slowest_batch_ms as f64)
            ),
        ),
        None => {}
    }
}
