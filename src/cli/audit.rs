//! `platformctl audit list`: read the audit trail.

use anyhow::Result;
use clap::{Args, Subcommand};
use platformctl::repo::PageRequest;
use platformctl::repo::audit::AuditFilter;

use super::Context;
use super::exit::ExitStatus;
use super::output::rfc3339;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List audit entries, newest first
    #[command(after_help = "\
--since takes an RFC 3339 time (2026-11-22T10:00:00Z) or an age (90m, 7d).
--action takes an action (token.revoke) or a prefix ending in a dot (token.).")]
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Entries at or after this time, or this long ago
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    /// Only this actor (os:alice, user:<id>...)
    #[arg(long, value_name = "A")]
    actor: Option<String>,
    /// Only this action, or actions starting with a prefix ending in `.`
    #[arg(long, value_name = "A")]
    action: Option<String>,
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    limit: u32,
}

pub(super) fn since(value: &str) -> Result<time::OffsetDateTime> {
    if let Ok(at) = time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339) {
        return Ok(at);
    }
    match humantime::parse_duration(value) {
        Ok(age) => Ok(time::OffsetDateTime::now_utc() - age),
        Err(_) => Err(platformctl::Error::InvalidValue {
            entity: "--since",
            constraint: None,
            message: format!("{value:?} is neither an RFC 3339 time nor a duration like 7d"),
        }
        .into()),
    }
}

pub async fn run(command: AuditCommand, ctx: &Context) -> Result<ExitStatus> {
    let AuditCommand::List(args) = command;
    let printer = &ctx.printer;
    let settings = ctx.settings(|_| {})?;
    let filter = AuditFilter {
        since: args.since.as_deref().map(since).transpose()?,
        actor: args.actor,
        action: args.action,
        ..AuditFilter::default()
    };
    let target = settings.target()?;
    let mut conn = target.connect("platformctl audit").await?;
    let page = platformctl::repo::audit::list(&mut conn, &filter, PageRequest::new(1, args.limit)?).await?;
    if printer.is_json() {
        printer.json(&page.data)?;
        return Ok(ExitStatus::Success);
    }
    let mut table = printer.table(&["Time", "Actor", "Action", "Target", "Outcome", "Details"]);
    for e in &page.data {
        table.add_row(vec![
            rfc3339(e.occurred_at),
            e.actor.clone(),
            e.action.clone(),
            format!("{} {}", e.entity_type, e.entity_id.as_deref().unwrap_or("")),
            e.outcome.clone(),
            e.details.to_string(),
        ]);
    }
    printer.print_table(&table)?;
    Ok(ExitStatus::Success)
}
