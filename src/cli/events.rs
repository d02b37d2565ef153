//! `platformctl events`: run the relay that publishes domain events to
//! RabbitMQ, and watch, list, retry and replay the outbox.

use std::time::Duration;

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use platformctl::events::queue::{self, Filter};
use platformctl::events::relay::{self, Format};

use super::Context;
use super::exit::ExitStatus;
use super::output::rfc3339;

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Publish pending events to RabbitMQ until stopped (SIGTERM, Ctrl-C)
    #[command(after_help = "\
Run one relay as a service (systemd), or `events relay --once` from cron.
Several relays may run: one publishes, the others wait to take over.
Events go to the durable topic exchange of [events] exchange, with the event
type as routing key and the event id as the AMQP message_id.")]
    Relay(RelayArgs),
    /// The outbox at a glance; exit 1 when the oldest pending event is too old
    Status(StatusArgs),
    /// List events, newest first
    List(ListArgs),
    /// Make dead events pending again
    Retry(RetryArgs),
    /// Publish events again (for a consumer rebuilding its state)
    Replay(ReplayArgs),
}

#[derive(Debug, Args)]
pub struct RelayArgs {
    /// Publish what is pending, then exit (for cron)
    #[arg(long)]
    once: bool,
    /// Publish Celery tasks (message protocol 2): the task is named after
    /// the event type, its one argument is the envelope, its id the event id
    #[arg(long)]
    celery: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Exit 1 when the oldest pending event is older than this (5m, 1h)
    #[arg(long, value_name = "AGE", value_parser = humantime::parse_duration)]
    max_age: Option<Duration>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum State {
    Pending,
    Published,
    Dead,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this event type (user.created)
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<String>,
    #[arg(long, value_enum)]
    state: Option<State>,
    /// Only the events of this aggregate (a user's id...)
    #[arg(long, value_name = "ID")]
    aggregate: Option<String>,
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10000))]
    limit: u32,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct RetryArgs {
    /// The dead events to retry
    #[arg(value_name = "ID")]
    ids: Vec<uuid::Uuid>,
    /// Every dead event
    #[arg(long)]
    dead: bool,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Events written at or after this RFC 3339 time, or this long ago (2h, 7d)
    #[arg(long, value_name = "TIME")]
    since: String,
    /// Only this event type
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<String>,
}

pub async fn run(command: EventsCommand, ctx: &Context) -> Result<ExitStatus> {
    let settings = ctx.settings(|_| {})?;
    let printer = &ctx.printer;
    if let EventsCommand::Relay(args) = command {
        let options = relay::Options {
            once: args.once,
            format: if args.celery {
                Format::Celery
            } else {
                Format::Envelope
            },
        };
        if !args.once {
            printer.status(
                "Relaying",
                format!(
                    "events to exchange {} (stop with Ctrl-C or SIGTERM)",
                    settings.events.exchange
                ),
            );
        }
        let report = relay::run(&settings, &options, super::serve::shutdown_signal(), |r| {
            tracing::info!(
                published = r.published,
                unroutable = r.unroutable,
                "events relay: batch done"
            );
        })
        .await?;
        if printer.is_json() {
            printer.json(&report)?;
        } else if args.once && !report.was_active {
            printer.status("Skipped", "another relay is active and publishes the events");
        } else {
            printer.status(
                "Published",
                format!(
                    "{} event(s); {} unroutable, {} refused, {} now dead",
                    report.published, report.unroutable, report.refused, report.dead
                ),
            );
        }
        return Ok(ExitStatus::Success);
    }
    let target = settings.target()?;
    let mut conn = target.connect("platformctl events").await?;
    match command {
        EventsCommand::Relay(_) => unreachable!("handled above"),
        EventsCommand::Status(args) => {
            let status = queue::status(&mut conn).await?;
            let relay =
                platformctl::db::lock::holder(&mut conn, platformctl::events::leader_key(target.database()))
                    .await?;
            let too_old = args
                .max_age
                .zip(status.oldest_pending_age_secs)
                .is_some_and(|(max, age)| age > max.as_secs_f64());
            if printer.is_json() {
                printer.json(&serde_json::json!({
                    "status": status,
                    "relay": relay,
                    "too_old": too_old,
                }))?;
            } else {
                let age = status
                    .oldest_pending_age_secs
                    .map(|s| humantime::format_duration(Duration::from_secs(s as u64)).to_string());
                printer.data(&format!(
                    "pending: {}{}\ndead: {}\npublished (kept): {}\nlast publish: {}\nrelay: {}",
                    status.pending,
                    age.map(|a| format!(" (oldest {a} old)")).unwrap_or_default(),
                    status.dead,
                    status.published,
                    status
                        .last_published_at
                        .map(rfc3339)
                        .unwrap_or_else(|| "never".into()),
                    relay
                        .map(|r| format!("running ({})", r.describe()))
                        .unwrap_or_else(|| "not running".into()),
                ))?;
                if too_old {
                    printer.warn(format!(
                        "the oldest pending event is older than {}: is a relay running, and is the broker reachable?",
                        humantime::format_duration(args.max_age.unwrap_or_default())
                    ));
                }
            }
            Ok(if too_old {
                ExitStatus::CheckFailed
            } else {
                ExitStatus::Success
            })
        }
        EventsCommand::List(args) => {
            let filter = Filter {
                event_type: args.event_type,
                state: args.state.map(|s| format!("{s:?}").to_lowercase()),
                aggregate_id: args.aggregate,
                limit: i64::from(args.limit),
            };
            let events = queue::list(&mut conn, &filter).await?;
            if printer.is_json() {
                printer.json(&events)?;
                return Ok(ExitStatus::Success);
            }
            let mut table = printer.table(&[
                "Time",
                "Type",
                "Aggregate",
                "State",
                "Attempts",
                "Id",
                "Last error",
            ]);
            for e in &events {
                table.add_row(vec![
                    rfc3339(e.occurred_at),
                    e.event_type.clone(),
                    format!("{} {}", e.aggregate_type, e.aggregate_id),
                    e.state.clone(),
                    e.attempts.to_string(),
                    e.id.to_string(),
                    e.last_error.clone().unwrap_or_default(),
                ]);
            }
            printer.print_table(&table)?;
            Ok(ExitStatus::Success)
        }
        EventsCommand::Retry(args) => {
            let ids = (!args.dead).then_some(args.ids.as_slice());
            let count = queue::retry(&mut conn, ids).await?;
            if let Some(ids) = ids
                && (count as usize) < ids.len()
            {
                printer.warn(format!(
                    "{} of the {} id(s) named no dead event (see `platformctl events list --state dead`)",
                    ids.len() - count as usize,
                    ids.len()
                ));
            }
            report_count(printer, "Retrying", count, "dead event(s) are pending again")
        }
        EventsCommand::Replay(args) => {
            let since = super::audit::since(&args.since)?;
            let count = queue::replay(&mut conn, since, args.event_type.as_deref()).await?;
            report_count(
                printer,
                "Replaying",
                count,
                "published event(s) are pending again",
            )
        }
    }
}

fn report_count(printer: &super::output::Printer, verb: &str, count: u64, what: &str) -> Result<ExitStatus> {
    if printer.is_json() {
        printer.json(&serde_json::json!({ "count": count }))?;
    } else {
        printer.status(verb, format!("{count} {what}; a running relay publishes them"));
    }
    Ok(ExitStatus::Success)
}
