//! Health checks for `platformctl doctor`: can we reach PostgreSQL, Redis
//! and RabbitMQ, which versions are they, is the schema current, can tokens
//! be signed, is the outbox keeping up, do the clocks agree.
//! Every check runs, whatever the others found, so one run shows every problem.

use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::config::Settings;
use crate::db;
use crate::migrate::{self, MigrationSet, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    pub name: String,
    pub status: CheckStatus,
    pub detail: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.status != CheckStatus::Fail)
    }

    fn push(&mut self, name: impl Into<String>, status: CheckStatus, detail: impl Into<String>) {
        self.checks.push(Check {
            name: name.into(),
            status,
            detail: detail.into(),
        });
    }
}

/// Clock differences above these are worth a warning, then a failure: tokens
/// are checked with a small leeway, and timestamps from two clocks must agree.
const CLOCK_WARN: Duration = Duration::from_secs(1);
const CLOCK_FAIL: Duration = Duration::from_secs(5);

pub async fn run(settings: &Settings, set: &MigrationSet) -> Report {
    let mut report = Report { checks: Vec::new() };
    check_postgres(settings, set, &mut report).await;
    for url in &settings.redis_urls {
        match crate::cache::probe(
            url,
            settings.cache.tls_ca_file.as_deref(),
            settings.connect_timeout,
        )
        .await
        {
            Ok(info) => {
                report.push(
                    "redis",
                    CheckStatus::Ok,
                    format!(
                        "Redis {} ({}) at {}",
                        info.version,
                        if info.cluster_enabled {
                            "cluster"
                        } else {
                            "standalone"
                        },
                        info.url
                    ),
                );
                match info.evicts() {
                    Ok(()) => report.push(
                        "redis eviction",
                        CheckStatus::Ok,
                        format!(
                            "{}: maxmemory {} MiB, maxmemory-policy {}",
                            info.url,
                            info.maxmemory / 1_048_576,
                            info.maxmemory_policy
                        ),
                    ),
                    Err(advice) => report.push(
                        "redis eviction",
                        CheckStatus::Warn,
                        format!("{}: {advice}", info.url),
                    ),
                }
            }
            Err(e) => report.push("redis", CheckStatus::Fail, e.to_string()),
        }
    }
    #[cfg(feature = "relay")]
    if settings.events.enabled {
        let events = &settings.events;
        let url = crate::config::redact_url(&events.amqp_url);
        match crate::events::relay::probe(events).await {
            Ok(true) => report.push(
                "rabbitmq",
                CheckStatus::Ok,
                format!("RabbitMQ at {url}, exchange {:?}", events.exchange),
            ),
            Ok(false) => report.push(
                "rabbitmq",
                CheckStatus::Ok,
                format!(
                    "RabbitMQ at {url}; exchange {:?} does not exist yet (`platformctl events relay` declares it)",
                    events.exchange
                ),
            ),
            Err(e) => report.push(
                "rabbitmq",
                CheckStatus::Fail,
                format!("{e}; events wait in the outbox until the relay reaches it"),
            ),
        }
    }
    report
}

async fn check_postgres(settings: &Settings, set: &MigrationSet, report: &mut Report) {
    let target = match settings.target() {
        Ok(t) => t,
        Err(e) => return report.push("postgres", CheckStatus::Fail, e.to_string()),
    };
    let mut conn = match target.connect("platformctl doctor").await {
        Ok(c) => c,
        Err(e) => return report.push("postgres", CheckStatus::Fail, e.to_string()),
    };
    match db::server_info(&mut conn).await {
        Ok(info) => report.push(
            "postgres",
            CheckStatus::Ok,
            format!("PostgreSQL {} at {}", info.version, target.display_url()),
        ),
        Err(e) => report.push("postgres", CheckStatus::Fail, e.to_string()),
    }

    match migrate::history::applied(&mut conn).await {
        Ok(applied) => {
            let rows = migrate::status::compare(set, &applied);
            let count = |s: State| rows.iter().filter(|r| r.state == s).count();
            let problems: Vec<String> = [
                (State::Pending, "pending"),
                (State::ChecksumChanged, "changed since applied"),
                (State::FileMissing, "applied but missing from this binary"),
                (State::Failed, "failed"),
            ]
            .iter()
            .filter(|(s, _)| count(*s) > 0)
            .map(|(s, what)| format!("{} {what}", count(*s)))
            .collect();
            if problems.is_empty() {
                report.push(
                    "migrations",
                    CheckStatus::Ok,
                    format!("all {} applied ({})", count(State::Applied), set.origin),
                );
            } else {
                report.push(
                    "migrations",
                    CheckStatus::Fail,
                    format!("{}; see `platformctl migrate status`", problems.join(", ")),
                );
            }
        }
        Err(e) => report.push("migrations", CheckStatus::Fail, e.to_string()),
    }

    check_signing_keys(&mut conn, report).await;
    check_outbox(&mut conn, settings, &target, report).await;

    match clock_offset(&mut conn).await {
        Ok(offset) => {
            let status = if offset.abs() > CLOCK_FAIL.as_secs_f64() {
                CheckStatus::Fail
            } else if offset.abs() > CLOCK_WARN.as_secs_f64() {
                CheckStatus::Warn
            } else {
                CheckStatus::Ok
            };
            report.push(
                "clock",
                status,
                format!("this machine's clock is {:+.3} s from the database's", -offset),
            );
        }
        Err(e) => report.push("clock", CheckStatus::Fail, e.to_string()),
    }
    db::close_quietly(conn).await;
}

/// Can tokens be issued here: an active key, which this machine's master key
/// opens. Skipped before the schema has the table.
async fn check_signing_keys(conn: &mut sqlx::PgConnection, report: &mut Report) {
    use crate::auth::keys::{self, KeyStatus};
    const NAME: &str = "signing keys";
    let exists: Result<bool, _> = sqlx::query_scalar("SELECT to_regclass('signing_keys') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await;
    if !matches!(exists, Ok(true)) {
        return;
    }
    let all = match keys::list(conn).await {
        Ok(all) => all,
        Err(e) => return report.push(NAME, CheckStatus::Fail, e.to_string()),
    };
    let Some(active) = all.iter().find(|k| k.status == KeyStatus::Active) else {
        return report.push(
            NAME,
            CheckStatus::Warn,
            "no active signing key: tokens cannot be issued; run `platformctl keys generate`",
        );
    };
    let verifying: Vec<&keys::KeyInfo> = all.iter().filter(|k| k.status == KeyStatus::Verifying).collect();
    let idle = verifying.iter().filter(|k| k.live_tokens == 0).count();
    let summary = format!(
        "active key {}; {} verifying{}",
        active.kid,
        verifying.len(),
        if idle > 0 {
            format!(" ({idle} with no live token left: `platformctl keys retire` them)")
        } else {
            String::new()
        }
    );
    match crate::crypto::Keyring::from_env() {
        Err(e) => report.push(
            NAME,
            CheckStatus::Warn,
            format!("{summary}, but it cannot sign here: {e}"),
        ),
        Ok(keyring) => match keys::signer(conn, &keyring).await {
            Ok(_) => report.push(NAME, CheckStatus::Ok, summary),
            Err(e) => report.push(NAME, CheckStatus::Fail, format!("{summary}, but: {e}")),
        },
    }
}

/// An outbox backlog older than this is worth a warning: a relay publishes
/// within a poll interval, or a broker timeout while the broker is away.
const OUTBOX_BACKLOG_WARN: Duration = Duration::from_secs(300);

/// Is the outbox being published: pending events not too old, none dead.
/// Skipped before the schema has the table, and when events are off and
/// none is left.
async fn check_outbox(
    conn: &mut sqlx::PgConnection,
    settings: &Settings,
    target: &db::Target,
    report: &mut Report,
) {
    use crate::events::{leader_key, queue};
    const NAME: &str = "outbox";
    let exists: Result<bool, _> = sqlx::query_scalar("SELECT to_regclass('outbox_events') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await;
    if !matches!(exists, Ok(true)) {
        return;
    }
    let status = match queue::status(conn).await {
        Ok(s) => s,
        Err(e) => return report.push(NAME, CheckStatus::Fail, e.to_string()),
    };
    if !settings.events.enabled && status.pending == 0 && status.dead == 0 {
        return;
    }
    let relay = match db::lock::holder(conn, leader_key(target.database())).await {
        Ok(Some(holder)) => format!("a relay is running ({})", holder.describe()),
        Ok(None) => "no relay is running".to_string(),
        Err(e) => return report.push(NAME, CheckStatus::Fail, e.to_string()),
    };
    let age = status.oldest_pending_age_secs.unwrap_or(0.0);
    let mut problems = Vec::new();
    if age > OUTBOX_BACKLOG_WARN.as_secs_f64() {
        problems.push(format!(
            "{} pending, the oldest {} old: start `platformctl events relay`, or see why it cannot reach the broker",
            status.pending,
            humantime::format_duration(Duration::from_secs(age as u64))
        ));
    }
    if status.dead > 0 {
        problems.push(format!(
            "{} dead (the broker refused them {} times): `platformctl events list --state dead`, then `platformctl events retry --dead`",
            status.dead, settings.events.max_attempts
        ));
    }
    if !settings.events.enabled {
        problems.push("[events] enabled is false: changes write no new event".to_string());
    }
    if problems.is_empty() {
        report.push(
            NAME,
            CheckStatus::Ok,
            format!("{} pending; {relay}", status.pending),
        );
    } else {
        report.push(
            NAME,
            CheckStatus::Warn,
            format!("{}; {relay}", problems.join("; ")),
        );
    }
}

/// Database clock minus local clock, in seconds, corrected for half the round trip.
async fn clock_offset(conn: &mut sqlx::PgConnection) -> crate::Result<f64> {
    let sent = Instant::now();
    let local_before = OffsetDateTime::now_utc();
    let server: OffsetDateTime = sqlx::query_scalar("SELECT clock_timestamp()")
        .fetch_one(conn)
        .await
        .map_err(crate::Error::db("reading the database clock"))?;
    let half_trip = sent.elapsed() / 2;
    let local_mid = local_before + half_trip;
    Ok((server - local_mid).as_seconds_f64())
}
