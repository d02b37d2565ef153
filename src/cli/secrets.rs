//! `platformctl secrets rotate-key`: re-encrypt every stored secret under the
//! current master key.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::cache::Cache;
use platformctl::changes::{self, Caller};
use platformctl::crypto::Keyring;
use platformctl::secrets::Rotated;

use super::Context;
use super::exit::ExitStatus;

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Re-encrypt every stored secret under PLATFORMCTL_MASTER_KEY; resumable and safe to run again
    #[command(after_help = "\
Put the new key in PLATFORMCTL_MASTER_KEY and the previous one(s) in
PLATFORMCTL_OLD_MASTER_KEYS (comma-separated), then run this. Each batch commits
on its own and every row changes key atomically, so an interrupted run is
simply run again. When it reports nothing left under an old key, the old keys
can be removed from PLATFORMCTL_OLD_MASTER_KEYS.")]
    RotateKey(RotateArgs),
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Rows re-encrypted per transaction
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch_size: u32,

    /// Count what would be re-encrypted; change nothing
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(command: SecretsCommand, ctx: &Context) -> Result<ExitStatus> {
    let SecretsCommand::RotateKey(args) = command;
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let mut conn = settings
        .target()?
        .connect("platformctl secrets rotate-key")
        .await?;
    let cache = Cache::connect(&settings).await?;
    let caller = Caller::new(ctx.actor(), &cache).with_events(settings.events.enabled);
    let keyring = changes::finish(
        &mut conn,
        &caller,
        changes::secrets::ROTATE_KEY,
        Keyring::from_env(),
    )
    .await?;
    let report = changes::secrets::rotate_key(
        &mut conn,
        &caller,
        &keyring,
        args.batch_size,
        args.dry_run,
        &|batch: Rotated| {
            printer.status(
                "Re-encrypted",
                format!("{} row(s) of {}", batch.rows, batch.table),
            )
        },
    )
    .await?;
    if printer.is_json() {
        printer.json(&report)?;
    } else {
        let mut table = printer.table(&[
            "Table",
            if args.dry_run {
                "To re-encrypt"
            } else {
                "Re-encrypted"
            },
            "Already current",
        ]);
        for t in &report.tables {
            table.add_row(vec![
                t.table.to_owned(),
                t.rotated.to_string(),
                t.already_current.to_string(),
            ]);
        }
        printer.print_table(&table)?;
        printer.status(
            if args.dry_run { "Dry run" } else { "Finished" },
            format!("current master key {}", report.current_key_id),
        );
    }
    Ok(ExitStatus::Success)
}
