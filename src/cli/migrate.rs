//! `platformctl migrate ...`: status, up, down, redo, verify, new.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::config::Settings;
use platformctl::db::Target;
use platformctl::migrate::{
    self, DownTarget, Event, MigrationSet, Options, Outcome, PlannedScript, Runner, State, Step,
    VerifiedMigration,
};

use super::Context;
use super::args::{ConfirmArgs, SourceArgs, TimeoutArgs};
use super::exit::ExitStatus;
use super::output::{Printer, format_ms};

#[derive(Debug, Args)]
#[command(after_help = "\
Files are migrations/<version>_<name>.up.sql and .down.sql, as sqlx reads them; a
file whose first line is `-- no-transaction` runs outside a transaction (for
CREATE INDEX CONCURRENTLY). Applied migrations are recorded in _sqlx_migrations,
every run in _platformctl_migration_log. One run at a time: the others wait for
the lock up to --lock-timeout, then exit 75.")]
pub struct MigrateArgs {
    #[command(flatten)]
    source: SourceArgs,

    #[command(subcommand)]
    command: MigrateCommand,
}

#[derive(Debug, Subcommand)]
enum MigrateCommand {
    /// Show every migration: applied, pending, checksum changed, file missing or failed
    Status {
        /// Exit 1 unless every migration is applied and unchanged
        #[arg(long)]
        check: bool,
    },
    /// Apply pending migrations, in order
    Up(UpArgs),
    /// Revert applied migrations, newest first (needs an explicit target)
    Down(DownArgs),
    /// Revert the newest migrations and apply them again
    Redo(RedoArgs),
    /// Check on a scratch database that every down script reverses its up script; exit 1 if one does not
    Verify(VerifyArgs),
    /// Create the up/down files of a new migration with the next version
    New(NewArgs),
}

#[derive(Debug, Args)]
struct UpArgs {
    /// Apply pending migrations up to and including this version
    #[arg(long, value_name = "VERSION")]
    to: Option<i64>,

    /// Print, in order, the SQL that would run; change nothing
    #[arg(long)]
    dry_run: bool,

    /// Apply pending migrations older than the newest applied one (they are refused by default)
    #[arg(long)]
    allow_out_of_order: bool,

    #[command(flatten)]
    timeouts: TimeoutArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("target").required(true).multiple(false))]
struct DownArgs {
    /// Revert the newest N applied migrations
    #[arg(long, value_name = "N", group = "target", value_parser = clap::value_parser!(u32).range(1..))]
    steps: Option<u32>,

    /// Revert every applied migration newer than this version (0 reverts all)
    #[arg(long, value_name = "VERSION", group = "target")]
    to: Option<i64>,

    /// Revert every applied migration
    #[arg(long, group = "target")]
    all: bool,

    /// Print, in order, the SQL that would run; change nothing
    #[arg(long)]
    dry_run: bool,

    #[command(flatten)]
    confirm: ConfirmArgs,

    #[command(flatten)]
    timeouts: TimeoutArgs,
}

#[derive(Debug, Args)]
struct RedoArgs {
    /// How many of the newest migrations to revert and apply again
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    steps: u32,

    #[command(flatten)]
    confirm: ConfirmArgs,

    #[command(flatten)]
    timeouts: TimeoutArgs,
}

#[derive(Debug, Args)]
struct VerifyArgs {
    /// An empty database to verify in (it is left migrated); by default a scratch
    /// database is created on the server of --database-url and dropped afterwards
    #[arg(long, value_name = "URL")]
    scratch_url: Option<String>,

    #[command(flatten)]
    timeouts: TimeoutArgs,
}

#[derive(Debug, Args)]
struct NewArgs {
    /// What the migration does, in a few words (add_user_email)
    name: String,
}

impl MigrateArgs {
    /// The audit action of a command that changes the schema.
    pub fn action(&self) -> Option<&'static str> {
        match self.command {
            MigrateCommand::Up(_) => Some("migrate.up"),
            MigrateCommand::Down(_) => Some("migrate.down"),
            MigrateCommand::Redo(_) => Some("migrate.redo"),
            MigrateCommand::Status { .. } | MigrateCommand::Verify(_) | MigrateCommand::New(_) => None,
        }
    }
}

pub async fn run(args: MigrateArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    match args.command {
        MigrateCommand::New(new) => {
            let dir = args.source.source.clone().unwrap_or_else(|| "migrations".into());
            let created = migrate::create_migration(&dir, &new.name, time::OffsetDateTime::now_utc())?;
            if printer.is_json() {
                printer.json(&created)?;
            } else {
                printer.data(&format!("{}\n{}", created.up.display(), created.down.display()))?;
            }
            Ok(ExitStatus::Success)
        }
        MigrateCommand::Status { check } => {
            let settings = ctx.settings(|_| {})?;
            let set = args.source.load()?;
            status(&settings, &set, check, printer).await
        }
        MigrateCommand::Up(up) => {
            let settings = ctx.settings(|o| up.timeouts.apply(&mut o.migrate))?;
            let set = args.source.load()?;
            let target = settings.target()?;
            let mut options = Options::from(&settings.migrate);
            options.allow_out_of_order = up.allow_out_of_order;
            let runner = Runner::new(&target, &set, options);
            if up.dry_run {
                let plan = runner.dry_run_up(up.to).await?;
                return print_plan(&plan, printer);
            }
            let steps = runner.up(up.to, &|e: Event<'_>| show_event(printer, e)).await?;
            finish(&steps, "up", printer)
        }
        MigrateCommand::Down(down) => {
            let settings = ctx.settings(|o| down.timeouts.apply(&mut o.migrate))?;
            let set = args.source.load()?;
            let target = settings.target()?;
            let runner = Runner::new(&target, &set, Options::from(&settings.migrate));
            let goal = match (down.steps, down.to, down.all) {
                (Some(n), _, _) => DownTarget::Steps(n as usize),
                (_, Some(v), _) => DownTarget::To(v),
                _ => DownTarget::All,
            };
            let plan = runner.dry_run_down(goal).await?;
            if down.dry_run {
                return print_plan(&plan, printer);
            }
            if plan.is_empty() {
                return finish(&[], "down", printer);
            }
            down.confirm
                .confirm(printer, &settings, &revert_question(&plan, &target))?;
            let steps = runner.down(goal, &|e: Event<'_>| show_event(printer, e)).await?;
            finish(&steps, "down", printer)
        }
        MigrateCommand::Redo(redo) => {
            let settings = ctx.settings(|o| redo.timeouts.apply(&mut o.migrate))?;
            let set = args.source.load()?;
            let target = settings.target()?;
            let runner = Runner::new(&target, &set, Options::from(&settings.migrate));
            let plan = runner
                .dry_run_down(DownTarget::Steps(redo.steps as usize))
                .await?;
            if plan.is_empty() {
                return finish(&[], "redo", printer);
            }
            redo.confirm
                .confirm(printer, &settings, &revert_question(&plan, &target))?;
            let steps = runner
                .redo(redo.steps as usize, &|e: Event<'_>| show_event(printer, e))
                .await?;
            finish(&steps, "redo", printer)
        }
        MigrateCommand::Verify(verify) => {
            let settings = ctx.settings(|o| verify.timeouts.apply(&mut o.migrate))?;
            let set = args.source.load()?;
            verify_all(&settings, &set, verify.scratch_url.as_deref(), printer).await
        }
    }
}

fn revert_question(plan: &[PlannedScript], target: &Target) -> String {
    let versions: Vec<String> = plan
        .iter()
        .map(|p| format!("{} ({})", p.version, p.description))
        .collect();
    format!(
        "Revert {} migration(s) on {}: {}?",
        plan.len(),
        target.display_url(),
        versions.join(", ")
    )
}

/// Progress lines of a migration run, on stderr.
pub(super) fn show_event(printer: &Printer, event: Event<'_>) {
    match event {
        Event::WaitingForLock(Some(holder)) => printer.status(
            "Waiting",
            format!(
                "for the migration lock held by pid {} ({}, since {})",
                holder.pid, holder.application_name, holder.since
            ),
        ),
        Event::WaitingForLock(None) => printer.status("Waiting", "for the migration lock"),
        Event::Started { migration, direction } => printer.status(
            if direction == migrate::Direction::Up {
                "Applying"
            } else {
                "Reverting"
            },
            format!("{} {}", migration.version, migration.description),
        ),
        Event::Finished {
            migration,
            direction,
            elapsed,
        } => printer.status(
            if direction == migrate::Direction::Up {
                "Applied"
            } else {
                "Reverted"
            },
            format!(
                "{} {} in {}",
                migration.version,
                migration.description,
                format_ms(elapsed.as_secs_f64() * 1e3)
            ),
        ),
    }
}

fn finish(steps: &[Step], action: &str, printer: &Printer) -> Result<ExitStatus> {
    if printer.is_json() {
        printer.json(&Applied { action, steps })?;
    } else if steps.is_empty() {
        printer.status("Finished", "nothing to do");
    } else {
        let total: f64 = steps.iter().map(|s| s.elapsed_ms).sum();
        printer.status(
            "Finished",
            format!("{} migration(s) in {}", steps.len(), format_ms(total)),
        );
    }
    Ok(ExitStatus::Success)
}

fn print_plan(plan: &[PlannedScript], printer: &Printer) -> Result<ExitStatus> {
    if printer.is_json() {
        printer.json(&DryRun {
            dry_run: true,
            scripts: plan,
        })?;
        return Ok(ExitStatus::Success);
    }
    if plan.is_empty() {
        printer.status("Dry run", "nothing to do");
        return Ok(ExitStatus::Success);
    }
    let mut out = String::new();
    for script in plan {
        out.push_str(&format!(
            "-- {} {} ({}, {})\n",
            script.version,
            script.description,
            script.file,
            if script.no_transaction {
                "outside a transaction"
            } else {
                "in one transaction"
            }
        ));
        out.push_str(script.sql.trim_end());
        out.push_str("\n\n");
    }
    printer.data(&out)?;
    printer.status(
        "Dry run",
        format!("{} script(s); nothing was changed", plan.len()),
    );
    Ok(ExitStatus::Success)
}

async fn status(
    settings: &Settings,
    set: &MigrationSet,
    check: bool,
    printer: &Printer,
) -> Result<ExitStatus> {
    let target = settings.target()?;
    let status = migrate::status(&target, set).await?;
    if printer.is_json() {
        printer.json(&StatusReport {
            database: target.display_url(),
            clean: status.is_clean(),
            status: &status,
        })?;
    } else {
        let mut table = printer.table(&["Version", "Description", "State", "Applied at (UTC)", "Duration"]);
        for m in &status.migrations {
            table.add_row(vec![
                m.version.to_string(),
                m.description.clone(),
                m.state.as_str().to_owned(),
                m.applied_at
                    .map(|t| {
                        format!(
                            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                            t.year(),
                            u8::from(t.month()),
                            t.day(),
                            t.hour(),
                            t.minute(),
                            t.second()
                        )
                    })
                    .unwrap_or_default(),
                m.execution_ms.map(format_ms).unwrap_or_default(),
            ]);
        }
        if status.migrations.is_empty() {
            printer.status(
                "Status",
                format!("no migrations in {} and none applied", status.source),
            );
        } else {
            printer.print_table(&table)?;
        }
        for m in status
            .migrations
            .iter()
            .filter(|m| m.state == State::ChecksumChanged)
        {
            printer.warn(format!(
                "{} ({}) changed after it was applied: applied {}, file now {}",
                m.version,
                m.description,
                m.applied_checksum.as_deref().unwrap_or(""),
                m.file_checksum.as_deref().unwrap_or("")
            ));
        }
        for run in &status.interrupted_runs {
            printer.warn(format!(
                "a run of {} ({}) going {} started {} by {}@{} never finished (killed or disconnected)",
                run.version, run.description, run.direction, run.started_at, run.os_user, run.host
            ));
        }
        printer.status(
            "Summary",
            format!(
                "{} applied, {} pending, {} changed, {} missing, {} failed ({} on {})",
                status.count(State::Applied),
                status.count(State::Pending),
                status.count(State::ChecksumChanged),
                status.count(State::FileMissing),
                status.count(State::Failed),
                status.source,
                target.display_url()
            ),
        );
    }
    Ok(if check && !status.is_clean() {
        ExitStatus::CheckFailed
    } else {
        ExitStatus::Success
    })
}

async fn verify_all(
    settings: &Settings,
    set: &MigrationSet,
    scratch_url: Option<&str>,
    printer: &Printer,
) -> Result<ExitStatus> {
    let server = settings.target()?;
    let scratch = scratch_url
        .map(|url| Target::new(url, settings.connect_timeout))
        .transpose()?;
    let bar = printer.progress(set.migrations.len() as u64, "verifying");
    let report = migrate::verify(
        &server,
        set,
        &Options::from(&settings.migrate),
        scratch.as_ref(),
        &|m: &VerifiedMigration| {
            bar.inc(1);
            let line = format!("{} {}", m.version, m.description);
            bar.suspend(|| match m.outcome {
                Outcome::Reversed => printer.status("Reversible", line),
                Outcome::NoDownScript | Outcome::NotReversed | Outcome::Failed => {}
            });
        },
    )
    .await?;
    bar.finish_and_clear();

    if printer.is_json() {
        printer.json(&Verified {
            passed: report.passed(),
            report: &report,
        })?;
    } else {
        let mut out = String::new();
        for m in &report.migrations {
            match m.outcome {
                Outcome::NotReversed => {
                    out.push_str(&format!(
                        "{} {}: down does not reverse up:\n",
                        m.version, m.description
                    ));
                    for d in &m.differences {
                        out.push_str(&format!("  {d}\n"));
                    }
                    if let Some(error) = &m.error {
                        out.push_str(&format!("  then stopped: {}\n", error.replace('\n', "\n  ")));
                    }
                }
                Outcome::Failed => out.push_str(&format!(
                    "{} {}: failed on the scratch database:\n  {}\n",
                    m.version,
                    m.description,
                    m.error.as_deref().unwrap_or("").replace('\n', "\n  ")
                )),
                Outcome::NoDownScript => out.push_str(&format!(
                    "{} {}: no down script, so it cannot be reverted\n",
                    m.version, m.description
                )),
                Outcome::Reversed => {}
            }
        }
        if !out.is_empty() {
            printer.data(&out)?;
        }
        let reversed = report
            .migrations
            .iter()
            .filter(|m| m.outcome == Outcome::Reversed)
            .count();
        printer.status(
            if report.passed() { "Verified" } else { "Failed" },
            format!(
                "{reversed} of {} migration(s) reverse cleanly (scratch: {})",
                set.migrations.len(),
                report.scratch
            ),
        );
    }
    Ok(if report.passed() {
        ExitStatus::Success
    } else {
        ExitStatus::CheckFailed
    })
}

/// The JSON documents of `migrate`: what scripts read.
#[derive(serde::Serialize)]
struct Applied<'a> {
    action: &'a str,
    steps: &'a [Step],
}

#[derive(serde::Serialize)]
struct DryRun<'a> {
    dry_run: bool,
    scripts: &'a [PlannedScript],
}

#[derive(serde::Serialize)]
struct StatusReport<'a> {
    database: &'a str,
    clean: bool,
    status: &'a platformctl::migrate::Status,
}

#[derive(serde::Serialize)]
struct Verified<'a> {
    passed: bool,
    report: &'a platformctl::migrate::VerifyReport,
}
