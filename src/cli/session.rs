//! `platformctl session`: list sessions, revoke them with their tokens.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::auth::accounts::{self, SessionSelection};
use platformctl::db::Target;

use super::Context;
use super::args::{self, find_user};
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

impl SessionCommand {
    /// The audit action, for the failure row of a change.
    pub fn action(&self) -> Option<&'static str> {
        match self {
            SessionCommand::Revoke(_) => Some("session.revoke"),
            SessionCommand::List(_) => None,
        }
    }
}

pub async fn run(command: SessionCommand, ctx: &Context) -> Result<ExitStatus> {
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let target = Target::new(&settings.database_url, settings.connect_timeout)?;
    let mut conn = target.connect("platformctl session").await?;
    match command {
        SessionCommand::List(args) => {
            let sessions = match &args.user {
                Some(user) => {
                    let user = find_user(&mut conn, user).await?;
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
            let (which, user_id) = match (args.id, &args.user) {
                (Some(id), _) => (SessionSelection::One(id), None),
                (None, Some(user)) => {
                    let user = find_user(&mut conn, user).await?;
                    (SessionSelection::OfUser(user.id), Some(user.id))
                }
                (None, None) => unreachable!("clap requires one"),
            };
            let mut tx = args::begin(&mut conn).await?;
            let revoked = accounts::revoke_sessions(&mut tx, which, ctx.actor().as_str()).await?;
            platformctl::audit::record(
                &mut tx,
                ctx.actor(),
                "session.revoke",
                if user_id.is_some() { "user" } else { "session" },
                Some(user_id.or(args.id).map(|id| id.to_string()).unwrap_or_default()),
                serde_json::to_value(&revoked)?,
            )
            .await?;
            args::commit(tx).await?;
            args::publish_revocation(&settings, &revoked, None).await;
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
