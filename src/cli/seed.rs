//! `platformctl seed run` (seed files) and `seed generate` (bulk data).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::progress::Progress;
use platformctl::seed::generate::{self, Sizes};
use platformctl::seed::{SeedReport, Selection};

use super::Context;
use super::args::refuse_in_production;
use super::exit::ExitStatus;
use super::output::{NamedBars, Printer};

#[derive(Debug, Subcommand)]
pub enum SeedCommand {
    /// Load seed files in one transaction; safe to run again
    #[command(after_help = "\
Without --file, loads seeds/<ENV>.yaml (ENV from --env, else the configured
environment), or the copy built into platformctl when that file is not on disk.
Records refer to each other by natural keys (emails, slugs, names); a record
that already holds what the file says is left alone, so a second run changes
nothing. Passwords are stored as Argon2id hashes and credentials sealed under
PLATFORMCTL_MASTER_KEY. Any error names file:line:column and the record, and
nothing is written. seeds/README.md documents the format.")]
    Run(RunArgs),
    /// Generate bulk sample data through COPY, deterministic for a --rng-seed
    #[command(after_help = "\
Covers users and profiles, organizations and repositories, workspaces with
members, settings, agents and connections, conversations and messages,
artifacts and versions, activities, sync logs and audit logs, with consistent
foreign keys and times spread over the 18 months before --end. The same
--rng-seed and --end always give the same rows, whatever --jobs.

Examples:
  platformctl seed generate                              # ~150 thousand rows, seconds
  platformctl seed generate --messages 20000000 --users 200000 --workspaces 20000
  platformctl seed generate --rng-seed 42 --remove        # take it out again

Generated users have no password (they sign in through providers), and
connections no credentials: no master key is needed.")]
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Seed set to load: seeds/ENV.yaml (development, demo, test are built in)
    #[arg(long, value_name = "ENV", conflicts_with = "file")]
    env: Option<String>,

    /// Seed file to load instead of an environment's (repeatable, loaded in order)
    #[arg(long, value_name = "FILE")]
    file: Vec<PathBuf>,

    /// Show what would be created or updated; change nothing
    #[arg(long)]
    dry_run: bool,

    /// Seed even when the settings mark the environment as production
    #[arg(long)]
    allow_production: bool,
}

impl SeedCommand {
    /// The audit action.
    pub fn action(&self) -> &'static str {
        match self {
            SeedCommand::Run(_) => "seed.run",
            SeedCommand::Generate(_) => "seed.generate",
        }
    }
}

pub async fn run(command: SeedCommand, ctx: &Context) -> Result<ExitStatus> {
    match command {
        SeedCommand::Run(args) => load(args, ctx).await,
        SeedCommand::Generate(args) => generate(args, ctx).await,
    }
}

async fn load(args: RunArgs, ctx: &Context) -> Result<ExitStatus> {
    let settings = ctx.settings(|o| o.seed_set = args.env.clone())?;
    refuse_in_production(&settings, args.allow_production, "seeding")?;
    let selection = if args.file.is_empty() {
        Selection::Environment(settings.seed_set.clone())
    } else {
        Selection::Files(args.file)
    };
    let keyring = platformctl::seed::configured_master_key()?;
    let report = platformctl::seed::run(&settings, &selection, keyring.as_ref(), args.dry_run).await?;
    show_report(&ctx.printer, &report)?;
    Ok(ExitStatus::Success)
}

/// The per-entity table and a one-line verdict (also used by `setup`).
pub fn show_report(printer: &Printer, report: &SeedReport) -> Result<()> {
    if printer.is_json() {
        return printer.json(report);
    }
    let (created, updated, unchanged) = report.entities.iter().fold((0, 0, 0), |(c, u, n), e| {
        (c + e.created, u + e.updated, n + e.unchanged)
    });
    if report.changed {
        let mut table = printer.table(&[
            "Entity",
            if report.dry_run { "Would create" } else { "Created" },
            if report.dry_run { "Would update" } else { "Updated" },
            "Unchanged",
        ]);
        for e in &report.entities {
            table.add_row(vec![
                e.entity.to_owned(),
                e.created.to_string(),
                e.updated.to_string(),
                e.unchanged.to_string(),
            ]);
        }
        printer.print_table(&table)?;
    }
    let files = format!(
        "{}{}",
        report.files.join(", "),
        if report.source == "built-in" {
            " (built in)"
        } else {
            ""
        }
    );
    match (report.changed, report.dry_run) {
        (false, _) => printer.status(
            "Up to date",
            format!("{files}: all {unchanged} record(s) already match"),
        ),
        (true, true) => printer.status(
            "Dry run",
            format!("{files}: would create {created} and update {updated} record(s); nothing was changed"),
        ),
        (true, false) => printer.status(
            "Seeded",
            format!("{files}: created {created}, updated {updated}, unchanged {unchanged}"),
        ),
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Users to generate (each with a profile, activities and audit rows)
    #[arg(long, value_name = "N", default_value_t = Sizes::default().users,
          value_parser = clap::value_parser!(u64).range(1..))]
    users: u64,

    /// Workspaces (each with members, settings, agents, a repository and a connection)
    #[arg(long, value_name = "N", default_value_t = Sizes::default().workspaces,
          value_parser = clap::value_parser!(u64).range(1..))]
    workspaces: u64,

    /// Chat messages, spread over conversations of varying length
    #[arg(long, value_name = "N", default_value_t = Sizes::default().messages)]
    messages: u64,

    /// Artifacts (each with 1 to 40 versions and a few sync log rows)
    #[arg(long, value_name = "N", default_value_t = Sizes::default().artifacts)]
    artifacts: u64,

    /// Seed of the random generator: the same seed (and --end) gives the same data
    #[arg(long, value_name = "S", default_value_t = 42)]
    rng_seed: u64,

    /// Parallel workers, each with its own connection [default: CPU count]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: Option<u16>,

    /// Newest generated time (RFC 3339); data spans the 18 months before it [default: today 00:00 UTC]
    #[arg(long, value_name = "TIME")]
    end: Option<String>,

    /// Remove the data of --rng-seed instead (what a killed run left, too)
    #[arg(long)]
    remove: bool,

    /// Generate even when the settings mark the environment as production
    #[arg(long)]
    allow_production: bool,
}

async fn generate(args: GenerateArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    refuse_in_production(&settings, args.allow_production, "seed generate")?;
    let target = settings.target()?;
    if args.remove {
        let report = generate::remove(&target, args.rng_seed).await?;
        if printer.is_json() {
            printer.json(&report)?;
        } else {
            printer.status(
                "Removed",
                format!(
                    "the data of --rng-seed {}: {} user(s), {} workspace(s), {} organization(s), {} audit row(s), and what belonged to them",
                    report.rng_seed, report.users, report.workspaces, report.organizations, report.audit_logs
                ),
            );
        }
        return Ok(ExitStatus::Success);
    }
    let end = match &args.end {
        Some(text) => time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map_err(|e| platformctl::Error::InvalidValue {
                entity: "--end",
                constraint: None,
                message: format!("'{text}' is not an RFC 3339 time such as 2026-11-01T00:00:00Z ({e})"),
            })?,
        None => time::OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT),
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(2, |n| n.get()),
        usize::from,
    );
    let options = generate::Options {
        sizes: Sizes {
            users: args.users,
            workspaces: args.workspaces,
            messages: args.messages,
            artifacts: args.artifacts,
        },
        rng_seed: args.rng_seed,
        jobs,
        end: (end.unix_timestamp_nanos() / 1000) as i64,
    };
    let bars = NamedBars::new(printer);
    let events: Arc<dyn Progress<generate::Event>> = Arc::new(move |event| match event {
        generate::Event::TableStarted { table, units } => bars.start(table, units),
        generate::Event::Loaded { table, units, rows } => bars.advance(table, units, rows, "rows"),
        generate::Event::TableFinished { table } => bars.finish(table),
        generate::Event::Analyzing => bars.spinner("ANALYZE"),
    });
    let report = generate::generate(&target, &options, events).await?;
    if printer.is_json() {
        return printer.json(&report).map(|()| ExitStatus::Success);
    }
    let mut table = printer.table(&["Table", "Rows", "Seconds", "Rows/s"]);
    for t in &report.tables {
        table.add_row(vec![
            t.table.to_owned(),
            t.rows.to_string(),
            format!("{:.2}", t.seconds),
            format!("{:.0}", t.rows_per_second),
        ]);
    }
    printer.print_table(&table)?;
    printer.status(
        "Generated",
        format!(
            "{} rows in {:.1} s ({:.0} rows/s, {} job(s)), then ANALYZE in {:.1} s; --rng-seed {}, --end {}",
            report.rows,
            report.load_seconds,
            report.rows_per_second,
            report.jobs,
            report.analyze_seconds,
            report.rng_seed,
            report.end
        ),
    );
    Ok(ExitStatus::Success)
}
