//! `platformctl backup create | list | verify | restore | prune`.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::backup::{self, Compression, create, inventory, restore};
use platformctl::cache::refresh::{self, Refresh};
use platformctl::migrate::MigrationSet;
use platformctl::progress::Progress;

use super::Context;
use super::args::ConfirmArgs;
use super::exit::ExitStatus;
use super::output::{NamedBars, Printer};

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back up every table from one consistent snapshot, in parallel, compressed and checksummed
    #[command(after_help = "\
All workers read one exported snapshot, so a backup taken while the platform
writes is consistent. Tables larger than --chunk-size are cut into block
ranges that the workers share. Only ACCESS SHARE locks are taken: writes go
on; schema changes wait for the backup. The directory is written as
PATH.partial and renamed to PATH once complete.

Examples:
  platformctl backup create                                 # into backups/<db>-<time>
  platformctl backup create --jobs 4 --compression zstd:6
  platformctl backup create --out /srv/backups/nightly --verify")]
    Create(CreateArgs),
    /// List the backups of a directory, newest first, with size, duration and status
    List(ListArgs),
    /// Recompute every checksum of a backup; exit 65 naming the first bad file
    Verify(VerifyArgs),
    /// Restore a backup into an empty (or missing) database, all or nothing
    #[command(after_help = "\
The database is built beside the target (as _restore_<name>): schema from the
migrations up to the backup's version, data, indexes and keys, foreign keys
(validated), sequences, ANALYZE. Each chunk commits only when its file's
SHA-256, its rows as the server counted them and their content hash are the
manifest's; --read-back also reads every table back from the database and
compares it again. Only then does it take the target's name (with --clean, the
old database is dropped at that moment). A failed or interrupted restore
leaves the target as it was.

Redis holds only what can be rebuilt: after restoring the configured database,
our cache keys are flushed and the cache warmed again (--no-cache to skip).")]
    Restore(RestoreArgs),
    /// Remove old backups, keeping the last N, daily and weekly ones; never the newest verified
    Prune(PruneArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The backup directory to create [default: <backup dir>/<database>-<UTC time>]
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,

    /// Parallel workers, each with its own connection [default: CPU count]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: Option<u16>,

    /// Compression of the data files
    #[arg(long, value_name = "zstd[:LEVEL]|none", default_value = "zstd:3")]
    compression: Compression,

    /// Tables larger than this are cut into chunks of about this size (bytes; K, M, G suffixes)
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    chunk_size: u64,

    /// Verify the backup once written (re-read every file)
    #[arg(long)]
    verify: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The directory of backups [env: PLATFORMCTL_BACKUP_DIR] [default: backups, or [backup] dir in the config]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The backup directory
    path: PathBuf,

    /// Files checked in parallel [default: CPU count]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: Option<u16>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup directory
    path: PathBuf,

    /// Restore into this database instead of the configured one (PostgreSQL URL)
    #[arg(long, value_name = "URL")]
    target_url: Option<String>,

    /// Parallel workers, each with its own connection [default: CPU count]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: Option<u16>,

    /// Replace a target database that is not empty (asks first, unless --yes)
    #[arg(long)]
    clean: bool,

    /// Leave Redis alone after the restore (no flush, no warm)
    #[arg(long)]
    no_cache: bool,

    /// Also read every table back from the database and compare its content hash (slower; each chunk is already checked as it loads)
    #[arg(long)]
    read_back: bool,

    /// How the large values PostgreSQL stores out of line (TOAST) are compressed as they load, in columns without a method of their own: lz4 writes them about 2.5 times faster than pglz, for a slightly larger table (pglz when the server lacks lz4)
    #[arg(long, value_name = "METHOD", value_enum, default_value_t = ToastCompressionArg::Lz4)]
    toast_compression: ToastCompressionArg,

    #[command(flatten)]
    confirm: ConfirmArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ToastCompressionArg {
    Lz4,
    Pglz,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// The directory of backups [env: PLATFORMCTL_BACKUP_DIR] [default: backups, or [backup] dir in the config]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,

    /// Keep the N newest backups
    #[arg(long, value_name = "N")]
    keep_last: Option<usize>,

    /// Keep the newest backup of each of the N newest days that have one
    #[arg(long, value_name = "N")]
    keep_daily: Option<usize>,

    /// Keep the newest backup of each of the N newest ISO weeks that have one
    #[arg(long, value_name = "N")]
    keep_weekly: Option<usize>,

    /// Show what would be removed; remove nothing
    #[arg(long)]
    dry_run: bool,
}

impl BackupCommand {
    /// The audit action of a command that changes something.
    pub fn action(&self) -> Option<&'static str> {
        match self {
            BackupCommand::Create(_) => Some("backup.create"),
            BackupCommand::Restore(_) => Some("backup.restore"),
            BackupCommand::Prune(args) if !args.dry_run => Some("backup.prune"),
            _ => None,
        }
    }
}

pub async fn run(command: BackupCommand, ctx: &Context) -> Result<ExitStatus> {
    match command {
        BackupCommand::Create(args) => create_backup(args, ctx).await,
        BackupCommand::List(args) => list(args, ctx),
        BackupCommand::Verify(args) => verify(args, ctx).await,
        BackupCommand::Restore(args) => restore_backup(args, ctx).await,
        BackupCommand::Prune(args) => prune(args, ctx),
    }
}

fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let digits = upper.trim_end_matches(['B', 'I']);
    let (number, unit) = match digits.char_indices().last() {
        Some((i, c @ ('K' | 'M' | 'G'))) => (&digits[..i], c),
        _ => (digits, ' '),
    };
    let shift = match unit {
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => 0,
    };
    match number.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n << shift),
        _ => Err(format!("'{text}' is not a size such as 64M, 512K or 1G")),
    }
}

fn jobs(jobs: Option<u16>) -> usize {
    jobs.map_or_else(
        || std::thread::available_parallelism().map_or(2, |n| n.get()),
        usize::from,
    )
}

fn bytes_bar(printer: &Printer, len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = printer.progress(len, what);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} ({binary_bytes_per_sec}, {elapsed})",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

fn human_bytes(bytes: u64) -> String {
    indicatif::BinaryBytes(bytes).to_string()
}

async fn create_backup(args: CreateArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let target = settings.target()?;
    let out = match args.out {
        Some(out) => out,
        None => settings.backup.new_backup_path(target.database()),
    };
    let options = create::CreateOptions {
        out,
        jobs: jobs(args.jobs),
        compression: args.compression,
        chunk_bytes: args.chunk_size,
    };
    let bar = Arc::new(bytes_bar(printer, 0, "backing up"));
    let events: Arc<dyn Progress<create::Event>> = {
        let bar = bar.clone();
        Arc::new(move |event| match event {
            create::Event::Planned { heap_bytes, .. } => bar.set_length(heap_bytes),
            create::Event::ChunkWritten { heap_bytes, .. } => bar.inc(heap_bytes),
        })
    };
    let report = backup::create(&target, &options, events).await;
    bar.finish_and_clear();
    let report = report?;
    let verified = if args.verify {
        Some(verify_with_progress(printer, report.path.clone(), options.jobs).await?)
    } else {
        None
    };
    if printer.is_json() {
        #[derive(serde::Serialize)]
        struct Created<'a> {
            #[serde(flatten)]
            report: &'a create::CreateReport,
            verified: bool,
        }
        let created = Created {
            report: &report,
            verified: verified.is_some(),
        };
        return printer.json(&created).map(|()| ExitStatus::Success);
    }
    printer.status(
        "Backed up",
        format!(
            "{} ({} tables, {} rows, migration {}) to {}: {} on disk ({} of COPY data, {}), {} chunk(s), {:.1} s with {} job(s)",
            report.database,
            report.tables,
            report.rows,
            report.migration_version,
            report.path.display(),
            human_bytes(report.bytes),
            human_bytes(report.raw_bytes),
            report.compression,
            report.chunks,
            report.seconds,
            report.jobs
        ),
    );
    if let Some(v) = verified {
        printer.status("Verified", format!("every checksum, in {:.1} s", v.seconds));
    }
    Ok(ExitStatus::Success)
}

async fn verify_with_progress(printer: &Printer, path: PathBuf, jobs: usize) -> Result<backup::VerifyReport> {
    let total = backup::Manifest::read(&path).map(|m| m.bytes()).unwrap_or(0);
    let bar = Arc::new(bytes_bar(printer, total, "verifying"));
    let progress = bar.clone();
    let report =
        tokio::task::spawn_blocking(move || backup::verify(&path, jobs, &|bytes| progress.inc(bytes)))
            .await?;
    bar.finish_and_clear();
    Ok(report?)
}

async fn verify(args: VerifyArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let report = verify_with_progress(printer, args.path, jobs(args.jobs)).await?;
    if printer.is_json() {
        return printer.json(&report).map(|()| ExitStatus::Success);
    }
    printer.status(
        "Verified",
        format!(
            "{}: {} tables, {} rows, {} chunk(s), {} — every size, SHA-256, row count and content hash matches ({:.1} s)",
            report.path.display(),
            report.tables,
            report.rows,
            report.chunks,
            human_bytes(report.bytes),
            report.seconds
        ),
    );
    Ok(ExitStatus::Success)
}

fn list(args: ListArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|o| o.backup_dir = args.dir.clone())?;
    let dir = settings.backup.dir;
    let entries = inventory::list(&dir)?;
    if printer.is_json() {
        return printer.json(&entries).map(|()| ExitStatus::Success);
    }
    if entries.is_empty() {
        printer.status("Empty", format!("no backups in {}", dir.display()));
        return Ok(ExitStatus::Success);
    }
    let mut table = printer.table(&[
        "Backup",
        "Status",
        "Finished",
        "Size",
        "Duration",
        "Database",
        "Migration",
    ]);
    for e in &entries {
        table.add_row(vec![
            e.name.clone(),
            e.status.as_str().to_owned(),
            e.finished_at.clone().or(e.started_at.clone()).unwrap_or_default(),
            human_bytes(e.bytes),
            e.seconds.map(|s| format!("{s:.1} s")).unwrap_or_default(),
            e.database.clone().unwrap_or_default(),
            e.migration_version.map(|v| v.to_string()).unwrap_or_default(),
        ]);
    }
    printer.print_table(&table)?;
    for e in entries.iter().filter(|e| e.problem.is_some()) {
        printer.warn(format!(
            "{}: {}",
            e.name,
            e.problem.as_deref().unwrap_or_default()
        ));
    }
    Ok(ExitStatus::Success)
}

fn prune(args: PruneArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|o| o.backup_dir = args.dir.clone())?;
    let dir = settings.backup.dir;
    let options = inventory::PruneOptions {
        keep_last: args.keep_last,
        keep_daily: args.keep_daily,
        keep_weekly: args.keep_weekly,
        dry_run: args.dry_run,
    };
    let report = inventory::prune(&dir, &options)?;
    if printer.is_json() {
        return printer.json(&report).map(|()| ExitStatus::Success);
    }
    if !report.backups.is_empty() {
        let mut table = printer.table(&["Backup", "Status", "Finished", "Size", "Decision", "Why"]);
        for d in &report.backups {
            let decision = match (d.keep, report.dry_run) {
                (true, _) => "keep",
                (false, true) => "would remove",
                (false, false) => "removed",
            };
            table.add_row(vec![
                d.entry.name.clone(),
                d.entry.status.as_str().to_owned(),
                d.entry
                    .finished_at
                    .clone()
                    .or(d.entry.started_at.clone())
                    .unwrap_or_default(),
                human_bytes(d.entry.bytes),
                decision.to_owned(),
                d.reasons.join("; "),
            ]);
        }
        printer.print_table(&table)?;
    }
    printer.status(
        if report.dry_run { "Dry run" } else { "Pruned" },
        format!(
            "{}: kept {}, {} {} ({}){}",
            dir.display(),
            report.kept,
            if report.dry_run { "would remove" } else { "removed" },
            report.removed,
            human_bytes(report.bytes_freed),
            if report.dry_run {
                "; nothing was removed"
            } else {
                ""
            }
        ),
    );
    Ok(ExitStatus::Success)
}

async fn restore_backup(args: RestoreArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|o| o.restore_target_url = args.target_url.clone())?;
    let target = settings.restore_target()?;
    // Only the configured database's cache is ours to flush and warm.
    let is_configured_database = settings.restore_target_url == settings.database_url;
    if args.clean {
        args.confirm.confirm(
            printer,
            &settings,
            &format!(
                "Replace database {} at {} with the backup {}? Its current contents are dropped once the restore is complete and checked.",
                target.database(),
                target.display_url(),
                args.path.display()
            ),
        )?;
    }
    let options = restore::RestoreOptions {
        backup: args.path.clone(),
        jobs: jobs(args.jobs),
        clean: args.clean,
        read_back: args.read_back,
        toast_compression: match args.toast_compression {
            ToastCompressionArg::Lz4 => restore::ToastCompression::Lz4,
            ToastCompressionArg::Pglz => restore::ToastCompression::Pglz,
        },
        migrate: settings.migrate.clone(),
    };
    let bar = Arc::new(bytes_bar(printer, 0, "loading"));
    bar.set_message(restore::Step::Schema.describe());
    let events: Arc<dyn Progress<restore::Event>> = {
        let bar = bar.clone();
        Arc::new(move |event| match event {
            restore::Event::Step(step) => bar.set_message(step.describe()),
            restore::Event::LoadPlanned { bytes, .. } => bar.set_length(bytes),
            restore::Event::ChunkLoaded { bytes, .. } => bar.inc(bytes),
        })
    };
    let migrations = MigrationSet::embedded()?;
    let report = backup::restore(&target, &migrations, &options, events).await;
    bar.finish_and_clear();
    let report = report?;

    let cache = if args.no_cache {
        Refresh::skipped("--no-cache")
    } else if !is_configured_database {
        Refresh::skipped("--target-url is not the configured database")
    } else {
        let bars = NamedBars::new(printer);
        let cache = refresh::refresh(&settings, &target, true, &|event| bars.show_warm(event)).await;
        if let Some(error) = cache.error.as_ref().filter(|_| !cache.refreshed) {
            printer.warn(format!(
                "the cache was not refreshed ({error}); run `platformctl cache flush --yes` and `platformctl cache warm` once Redis is back"
            ));
        }
        cache
    };
    if printer.is_json() {
        #[derive(serde::Serialize)]
        struct Restored<'a> {
            #[serde(flatten)]
            report: &'a restore::RestoreReport,
            cache: &'a Refresh,
        }
        let restored = Restored {
            report: &report,
            cache: &cache,
        };
        return printer.json(&restored).map(|()| ExitStatus::Success);
    }
    let steps = report
        .steps
        .iter()
        .map(|(step, secs)| {
            format!(
                "{} {secs:.1} s",
                serde_json::to_value(step)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    printer.status(
        "Restored",
        format!(
            "{} ({} tables, {} rows, migration {}) from {} in {:.1} s with {} job(s){}; every row count and content hash matches the backup{} ({steps})",
            report.database,
            report.tables,
            report.rows,
            report.migration_version,
            report.backup.display(),
            report.seconds,
            report.jobs,
            if report.replaced { ", replacing the old database" } else { "" },
            if args.read_back { ", loaded and read back" } else { "" },
        ),
    );
    if cache.refreshed {
        printer.status(
            "Cache",
            format!(
                "flushed {} key(s), warmed {} key(s)",
                cache.flushed.unwrap_or(0),
                cache.warmed
            ),
        );
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("65536"), Ok(65536));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }
}
