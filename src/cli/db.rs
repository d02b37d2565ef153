//! `platformctl db create | drop | reset`.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::migrate::{self, Options};

use super::Context;
use super::args::{ConfirmArgs, SourceArgs};
use super::exit::ExitStatus;
use super::output::format_ms;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the database named in --database-url (nothing happens when it exists)
    Create,
    /// Drop the database named in --database-url
    Drop(DropArgs),
    /// Drop the database, create it again, and apply every migration
    Reset(ResetArgs),
}

#[derive(Debug, Args)]
pub struct DropArgs {
    /// Terminate other sessions connected to the database first
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    confirm: ConfirmArgs,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    /// Terminate other sessions connected to the database first
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    confirm: ConfirmArgs,

    #[command(flatten)]
    source: SourceArgs,
}

pub async fn run(command: DbCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let target = settings.target()?;
    match command {
        DbCommand::Create => {
            let created = target.create_database().await?;
            if printer.is_json() {
                printer.json(&DatabaseChange {
                    database: target.database(),
                    created: Some(created),
                    dropped: None,
                })?;
            } else if created {
                printer.status("Created", format!("database {}", target.display_url()));
            } else {
                printer.status(
                    "Exists",
                    format!("database {} already exists", target.display_url()),
                );
            }
        }
        DbCommand::Drop(args) => {
            args.confirm.confirm(
                printer,
                &settings,
                &format!("Drop database {} and all its data?", target.display_url()),
            )?;
            let dropped = target.drop_database(args.force).await?;
            if printer.is_json() {
                printer.json(&DatabaseChange {
                    database: target.database(),
                    created: None,
                    dropped: Some(dropped),
                })?;
            } else if dropped {
                printer.status("Dropped", format!("database {}", target.display_url()));
            } else {
                printer.status(
                    "Absent",
                    format!("database {} did not exist", target.display_url()),
                );
            }
        }
        DbCommand::Reset(args) => {
            let set = args.source.load()?;
            args.confirm.confirm(
                printer,
                &settings,
                &format!(
                    "Drop database {}, all its data, and create it again?",
                    target.display_url()
                ),
            )?;
            let report = platformctl::setup::reset(
                &settings,
                &set,
                Options::from(&settings.migrate),
                args.force,
                &|event: migrate::Event<'_>| super::migrate::show_event(printer, event),
            )
            .await?;
            if printer.is_json() {
                printer.json(&report)?;
            } else {
                let total: f64 = report.migrations_applied.iter().map(|s| s.elapsed_ms).sum();
                printer.status(
                    "Reset",
                    format!(
                        "database {}; applied {} migration(s) in {}",
                        report.database,
                        report.migrations_applied.len(),
                        format_ms(total)
                    ),
                );
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// `db create|drop --json`: what was asked, and whether it changed anything.
#[derive(serde::Serialize)]
struct DatabaseChange<'a> {
    database: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dropped: Option<bool>,
}
