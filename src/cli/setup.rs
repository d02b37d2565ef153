//! `platformctl setup`: the one command that makes a machine ready.

use anyhow::Result;
use clap::Args;
use platformctl::migrate::Options;

use super::Context;
use super::args::SourceArgs;
use super::exit::ExitStatus;

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
        super::migrate::show_event(printer, event)
    })
    .await?;
    if printer.is_json() {
        printer.json(&report)?;
    } else {
        printer.status(
            "Ready",
            format!(
                "{} ({}{} migration(s) applied now; seed set '{}' {})",
                report.database,
                if report.database_created { "created; " } else { "" },
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
