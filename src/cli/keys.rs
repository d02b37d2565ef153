//! `platformctl keys`: the Ed25519 keys that sign tokens.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::auth::keys::{self, KeyInfo};
use platformctl::cache::Cache;
use platformctl::changes::{self, Caller};
use platformctl::crypto::Keyring;

use super::Context;
use super::exit::ExitStatus;
use super::output::{Printer, rfc3339};

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List every signing key with its status and live tokens
    List,
    /// Make a new key: active when none is, else pending until the next rotate
    #[command(after_help = "\
The private half is encrypted under PLATFORMCTL_MASTER_KEY. A pending key is
already published by `keys jwks`, so verifiers learn it before it signs.")]
    Generate,
    /// Make the newest pending key (or a new one) sign; the old one keeps verifying
    #[command(after_help = "\
Tokens signed by the previous key stay valid until they expire; retire it
with `platformctl keys retire KID` once they have (`keys list` counts them).")]
    Rotate,
    /// Stop accepting tokens signed by a key (never the active one)
    Retire(RetireArgs),
    /// Print the public keys as a JWKS document (RFC 7517) for verifiers
    Jwks,
}

#[derive(Debug, Args)]
pub struct RetireArgs {
    /// The key id, as `keys list` shows it (a thumbprint may begin with `-`)
    #[arg(allow_hyphen_values = true)]
    kid: String,
}

pub async fn run(command: KeysCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let mut conn = settings.target()?.connect("platformctl keys").await?;
    let cache = Cache::connect(&settings).await?;
    let caller = Caller::new(ctx.actor(), &cache).with_events(settings.events.enabled);
    match command {
        KeysCommand::List => {
            let keys = keys::list(&mut conn).await?;
            print_keys(printer, &keys)?;
        }
        KeysCommand::Jwks => {
            let keys = keys::list(&mut conn).await?;
            // A JWKS is JSON whatever --format says.
            printer.data(&serde_json::to_string_pretty(&keys::jwks(&keys))?)?;
        }
        KeysCommand::Generate => {
            let keyring =
                changes::finish(&mut conn, &caller, changes::keys::GENERATE, Keyring::from_env()).await?;
            let key = changes::keys::generate(&mut conn, &caller, &keyring).await?;
            if printer.is_json() {
                printer.json(&key)?;
            } else {
                printer.data(&key.kid)?;
                printer.status("Generated", format!("key {} ({})", key.kid, key.status.as_str()));
            }
        }
        KeysCommand::Rotate => {
            let keyring =
                changes::finish(&mut conn, &caller, changes::keys::ROTATE, Keyring::from_env()).await?;
            let rotation = changes::keys::rotate(&mut conn, &caller, &keyring).await?;
            if printer.is_json() {
                printer.json(&rotation)?;
            } else {
                printer.data(&rotation.active.kid)?;
                printer.status(
                    "Rotated",
                    match &rotation.previous {
                        Some(previous) => format!(
                            "{} signs now; {} still verifies its {} live token(s)",
                            rotation.active.kid, previous.kid, previous.live_tokens
                        ),
                        None => format!("{} signs now", rotation.active.kid),
                    },
                );
            }
        }
        KeysCommand::Retire(args) => {
            let key = changes::keys::retire(&mut conn, &caller, &args.kid).await?;
            if printer.is_json() {
                printer.json(&key)?;
            } else {
                printer.status(
                    "Retired",
                    format!(
                        "{}; its {} live token(s) no longer verify",
                        key.kid, key.live_tokens
                    ),
                );
            }
        }
    }
    Ok(ExitStatus::Success)
}

fn print_keys(printer: &Printer, keys: &[KeyInfo]) -> Result<()> {
    if printer.is_json() {
        return printer.json(keys);
    }
    let mut table = printer.table(&["Kid", "Status", "Created", "Activated", "Retired", "Live tokens"]);
    let date = |t: Option<time::OffsetDateTime>| t.map_or("-".to_owned(), rfc3339);
    for k in keys {
        table.add_row(vec![
            k.kid.clone(),
            k.status.as_str().to_owned(),
            date(Some(k.created_at)),
            date(k.activated_at),
            date(k.retired_at),
            k.live_tokens.to_string(),
        ]);
    }
    printer.print_table(&table)
}
