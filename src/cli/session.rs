//! `platformctl session`: list sessions, revoke them with their tokens.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::cache::Cache;
use platformctl::changes::Caller;
use platformctl::changes::access::{self, Sessions};

use super::Context;
use super::exit::ExitStatus;
use super::output::rfc3339;

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// List sessions (active ones unless --all), a user's or the newest 100 of everyone
    List(ListArgs),
    /// Revoke a session, or every session of a user, and the tokens issued for them
    Revoke(RevokeArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this user's (an email address or a user id)
    #[arg(long, value_name = "USER")]
    user: Option<String>,
    /// Include revoked and expired sessions
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true))]
pub struct RevokeArgs {
    /// The session id
    #[arg(group = "which")]
    id: Option<uuid::Uuid>,
    /// Every live session of this user instead
    #[arg(long, value_name = "USER", group = "which")]
    user: Option<String>,
}

pub async fn run(command: SessionCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let mut conn = settings.target()?.connect("platformctl session").await?;
    match command {
        SessionCommand::List(args) => {
            let sessions = match &args.user {
                Some(user) => {
                    let user = platformctl::repo::users::lookup(&mut conn, user).await?;
                    platformctl::repo::sessions::list_for_user(&mut conn, user.id, !args.all).await?
                }
                None => platformctl::repo::sessions::list_recent(&mut conn, !args.all, 100).await?,
            };
            if printer.is_json() {
                printer.json(&sessions)?;
            } else {
                let date = rfc3339;
                let mut table =
                    printer.table(&["Id", "Created", "Last seen", "Expires", "Revoked", "IP", "Agent"]);
                for s in &sessions {
                    table.add_row(vec![
                        s.id.to_string(),
                        date(s.created_at),
                        date(s.last_seen_at),
                        date(s.expires_at),
                        s.revoked_at.map_or("-".to_owned(), date),
                        s.ip_address.clone().unwrap_or_default(),
                        s.user_agent.clone().unwrap_or_default(),
                    ]);
                }
                printer.print_table(&table)?;
            }
        }
        SessionCommand::Revoke(args) => {
            let cache = Cache::connect(&settings).await?;
            let caller = Caller::new(ctx.actor(), &cache).with_events(settings.events.enabled);
            let which = match (args.id, &args.user) {
                (Some(id), _) => Sessions::One(id),
                (None, Some(user)) => Sessions::OfUser(user),
                (None, None) => unreachable!("clap requires one"),
            };
            let revoked = access::revoke_sessions(&mut conn, &caller, which).await?;
            if printer.is_json() {
                printer.json(&revoked)?;
            } else {
                printer.status(
                    "Revoked",
                    format!(
                        "{} session(s) and {} token(s)",
                        revoked.sessions.len(),
                        revoked.token_count
                    ),
                );
            }
        }
    }
    Ok(ExitStatus::Success)
}
