//! `platformctl setup`: the one command that makes a machine ready.

use anyhow::Result;
use clap::Args;
use platformctl::migrate::Options;

use super::Context;
use super::args::SourceArgs;
use super::exit::ExitStatus;
use super::output::format_ms;

#[derive(Debug, Args)]
#[command(after_help = "Safe to run again: a ready database is left as it is.")]
pub struct SetupArgs {
    /// Skip loading seed data (seed sets arrive with the seeding commands)
    #[arg(long)]
    no_seed: bool,

    /// Seed set to load
    #[arg(long, value_name = "ENV", default_value = "development")]
    env: String,

    #[command(flatten)]
    source: SourceArgs,
}

pub async fn run(args: SetupArgs, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let set = args.source.load()?;
    let report = platformctl::setup::setup(&settings, &set, Options::from(&settings.migrate), &mut |event| {
        if let platformctl::migrate::Event::Finished {
            migration, elapsed, ..
        } = event
        {
            printer.status(
                "Applied",
                format!(
                    "{} {} in {}",
                    migration.version,
                    migration.description,
                    format_ms(elapsed.as_secs_f64() * 1e3)
                ),
            );
        }
    })
    .await?;
    if printer.is_json() {
        printer.json(&report)?;
    } else {
        if report.database_created {
            printer.status("Created", format!("database {}", report.database));
        }
        printer.status(
            "Ready",
            format!(
                "{} ({} migration(s) applied now; seed set '{}' {})",
                report.database,
                report.migrations_applied.len(),
                args.env,
                if args.no_seed {
                    "skipped"
                } else {
                    "not available yet"
                }
            ),
        );
    }
    Ok(ExitStatus::Success)
}
