//! `platformctl seed run` (seed files) and `seed generate` (bulk data).

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::seed::{SeedReport, Selection};

use super::Context;
use super::args::refuse_in_production;
use super::exit::ExitStatus;
use super::output::Printer;

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

pub async fn run(command: SeedCommand, ctx: &Context) -> Result<ExitStatus> {
    let SeedCommand::Run(args) = command;
    let settings = ctx.settings(|_| {})?;
    refuse_in_production(&settings, args.allow_production, "seeding")?;
    let selection = if args.file.is_empty() {
        Selection::Environment(args.env.unwrap_or_else(|| settings.environment.clone()))
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
