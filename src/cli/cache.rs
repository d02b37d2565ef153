//! `platformctl cache warm | stats | invalidate | flush`.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::cache::{Cache, Kind, admin, warm};
use platformctl::db::Target;

use super::Context;
use super::args::ConfirmArgs;
use super::exit::ExitStatus;
use super::output::{NamedBars, Printer};

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Fill Redis from PostgreSQL (every kind, or --only some); rebuilds the token denylist
    #[command(after_help = "\
Kinds: user_profile, repository, activity_feed, workspace_config,
workspace_settings, service_config, artifact, session, denylist.
Reads with keyset pagination while writing the previous page to Redis, in
pipelines (one per primary in a cluster). Rows that change during the warm are
not left stale: their keys are deleted again.")]
    Warm(WarmArgs),
    /// Our counters (published by the processes using the cache) and each server's
    Stats,
    /// Delete one cached entry
    Invalidate(InvalidateArgs),
    /// Delete every key under platform: on every primary (never anything else)
    Flush(ConfirmArgs),
}

#[derive(Debug, Args)]
pub struct WarmArgs {
    /// Only these kinds (comma-separated)
    #[arg(long, value_name = "KIND[,KIND...]", value_delimiter = ',', value_parser = parse_kind)]
    only: Vec<Kind>,
}

#[derive(Debug, Args)]
pub struct InvalidateArgs {
    /// The kind of entry (user_profile, repository, activity_feed, ...)
    #[arg(value_parser = parse_kind)]
    kind: Kind,
    /// Its id (a uuid; for service_config, `<organization id or platform>:<service>`)
    id: String,
}

fn parse_kind(value: &str) -> Result<Kind, String> {
    Kind::parse(value).ok_or_else(|| {
        format!(
            "unknown kind '{value}'; one of {}",
            Kind::ALL.map(Kind::name).join(", ")
        )
    })
}

impl CacheCommand {
    /// The audit action of a command that changes the cache.
    pub fn action(&self) -> Option<&'static str> {
        match self {
            CacheCommand::Warm(_) => Some("cache.warm"),
            CacheCommand::Invalidate(_) => Some("cache.invalidate"),
            CacheCommand::Flush(_) => Some("cache.flush"),
            CacheCommand::Stats => None,
        }
    }
}

pub async fn run(command: CacheCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    match command {
        CacheCommand::Warm(args) => {
            let cache = Cache::connect_for_bulk(&settings).await?;
            let target = settings.target()?;
            let report = warm_with_progress(printer, &cache, &target, &args.only).await?;
            show_warm(printer, &report)?;
        }
        CacheCommand::Stats => {
            let cache = Cache::connect_for_bulk(&settings).await?;
            let stats = admin::stats(&cache).await?;
            if printer.is_json() {
                printer.json(&stats)?;
            } else {
                let mut table = printer.table(&[
                    "Node",
                    "Memory",
                    "Our keys",
                    "Server hit ratio",
                    "Evicted",
                    "Eviction",
                ]);
                for n in &stats.nodes {
                    table.add_row(vec![
                        n.node.clone(),
                        format!("{:.1} MiB", n.used_memory_bytes as f64 / 1048576.0),
                        n.our_keys.to_string(),
                        n.server_hit_ratio
                            .map_or("-".to_owned(), |r| format!("{:.1}%", r * 100.0)),
                        n.evicted_keys.to_string(),
                        n.maxmemory_policy.clone(),
                    ]);
                }
                printer.print_table(&table)?;
                let (histogram, counters): (Vec<_>, Vec<_>) = stats
                    .counters
                    .iter()
                    .partition(|(k, _)| k.starts_with("db_reads_"));
                let counters: Vec<String> = counters.iter().map(|(k, v)| format!("{k} {v}")).collect();
                if !histogram.is_empty() {
                    let buckets: Vec<String> = histogram
                        .iter()
                        .map(|(k, v)| format!("{} {v}", k.trim_start_matches("db_reads_")))
                        .collect();
                    printer.status("DB reads", buckets.join(", "));
                }
                printer.status(
                    "Counters",
                    if counters.is_empty() {
                        "none published yet".to_owned()
                    } else {
                        format!(
                            "{} (hit ratio {})",
                            counters.join(", "),
                            stats
                                .hit_ratio
                                .map_or("-".to_owned(), |r| format!("{:.1}%", r * 100.0))
                        )
                    },
                );
            }
        }
        CacheCommand::Invalidate(args) => {
            let cache = Cache::connect(&settings).await?;
            let existed = admin::invalidate(&cache, args.kind, &args.id).await?;
            if printer.is_json() {
                printer.json(&Invalidated {
                    key: args.kind.key(&args.id),
                    existed,
                })?;
            } else {
                printer.status(
                    "Invalidated",
                    format!(
                        "{}{}",
                        args.kind.key(&args.id),
                        if existed { "" } else { " (was not cached)" }
                    ),
                );
            }
        }
        CacheCommand::Flush(confirm) => {
            confirm.confirm(printer, &settings, "Delete every platform: key from Redis?")?;
            let cache = Cache::connect_for_bulk(&settings).await?;
            let removed = admin::flush(&cache).await?;
            if printer.is_json() {
                printer.json(&Flushed { removed })?;
            } else {
                printer.status("Flushed", format!("{removed} key(s) under platform:"));
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// Warms with one progress bar per kind (also used by `setup`).
pub async fn warm_with_progress(
    printer: &Printer,
    cache: &Cache,
    target: &Target,
    only: &[Kind],
) -> platformctl::Result<warm::WarmReport> {
    let bars = NamedBars::new(printer);
    let report = warm::warm(cache, target, only, &|event| bars.show_warm(event)).await?;
    let _ = cache.publish_metrics().await;
    Ok(report)
}

pub fn show_warm(printer: &Printer, report: &warm::WarmReport) -> Result<()> {
    if printer.is_json() {
        return printer.json(report);
    }
    let mut table = printer.table(&["Kind", "Keys", "Seconds", "Keys/s", "Dropped (changed)"]);
    for k in &report.kinds {
        table.add_row(vec![
            k.kind.to_owned(),
            k.keys.to_string(),
            format!("{:.2}", k.seconds),
            format!("{:.0}", k.keys_per_second),
            k.dropped_as_changed.to_string(),
        ]);
    }
    printer.print_table(&table)?;
    printer.status(
        "Warmed",
        format!(
            "{} key(s) in {:.1} s ({:.0} keys/s)",
            report.keys, report.seconds, report.keys_per_second
        ),
    );
    Ok(())
}

#[derive(serde::Serialize)]
struct Invalidated {
    key: String,
    existed: bool,
}

#[derive(serde::Serialize)]
struct Flushed {
    removed: u64,
}
