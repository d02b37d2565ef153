//! The relay: publishes the outbox's due events to RabbitMQ and records
//! what the broker confirmed.
//!
//! * One relay publishes at a time: each holds a PostgreSQL session lock
//!   while it is the active one; the others wait to take over. With the
//!   queue's order (src/events/queue.rs), an aggregate's events arrive in
//!   commit order and none is published twice, except one whose
//!   confirmation arrived but whose recording did not (a crash between the
//!   two): consumers drop duplicates by the AMQP `message_id`, the event id.
//! * Messages are persistent and `mandatory`, on a durable topic exchange
//!   with the event type as routing key. Batches are pipelined: while the
//!   broker confirms a few, the relay reads and publishes the next, and
//!   records each when its confirmations are in. Only an ack counts: a message
//!   the broker returns (no queue is bound for it) or nacks is a failed
//!   attempt, retried with back-off, and dead after `max_attempts`.
//! * The broker down or restarting fails no attempt: the batch stays
//!   pending and the relay reconnects with back-off.
//! * Every broker call has a timeout (`[events] broker_timeout`).
//! * It wakes on `NOTIFY platformctl_events`, sent at the commit of a change
//!   with events only while the relay says it sleeps (it holds the wake
//!   lock; a NOTIFY serialises commits), and polls too, so a lost
//!   notification only delays.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use lapin::Confirmation;
use lapin::PublisherConfirm;
use lapin::options::{BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions};
use lapin::tcp::OwnedTLSConfig;
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties, ExchangeKind};
use serde::Serialize;
use sqlx::postgres::{PgConnection, PgListener};
use uuid::Uuid;

use super::leader_key;
use super::queue::{self, Due};
use crate::config::{EventSettings, Settings, redact_url};
use crate::db::{Target, lock};
use crate::error::{Error, Result};

/// The channel writers wake a sleeping relay on, and the lock it holds
/// while it sleeps (writers notify only while it is held).
pub use super::outbox::{CHANNEL, WAKE_LOCK_CLASS};

/// How messages are shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The envelope as JSON.
    #[default]
    Envelope,
    /// A Celery task (message protocol 2) named after the event type, with
    /// the envelope as its one argument and the event id as the task id.
    Celery,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publish what is due, then return (for cron).
    pub once: bool,
    pub format: Format,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub published: u64,
    /// Returned by the broker: no queue is bound for the routing key.
    pub unroutable: u64,
    /// Nacked by the broker.
    pub refused: u64,
    /// Events that became dead during the run.
    pub dead: u64,
    /// Published events deleted by retention.
    pub deleted: u64,
    /// False when `--once` found another relay active and left the work to it.
    pub was_active: bool,
}

/// Relays until `stop` completes (or, with `once`, until nothing is due).
/// `progress` is told of every batch.
pub async fn run(
    settings: &Settings,
    options: &Options,
    stop: impl Future<Output = ()>,
    mut progress: impl FnMut(&Report),
) -> Result<Report> {
    let events = &settings.events;
    let target = settings.target()?;
    let mut report = Report::default();
    let mut stop = std::pin::pin!(stop);
    let mut relay = Relay::new(&target, events, options.format);
    let mut last_cleanup: Option<Instant> = None;
    let mut backoff = Backoff::default();
    let stopping = AtomicBool::new(false);
    loop {
        let round = async {
            relay.ensure_database().await?;
            if !relay.ensure_leader().await? {
                return Ok(Round::NotLeader);
            }
            if last_cleanup.is_none_or(|t| t.elapsed() > Duration::from_secs(3600)) {
                let db = relay.db.as_mut().expect("connected above");
                report.deleted += queue::delete_published(db, events.retain_published).await?;
                last_cleanup = Some(Instant::now());
            }
            relay.drain(&mut report, &mut progress, &stopping).await?;
            Ok::<_, Error>(Round::Drained)
        };
        let outcome = {
            let mut round = std::pin::pin!(round);
            tokio::select! {
                outcome = &mut round => Some(outcome),
                () = &mut stop => {
                    // Publish nothing more, but record what the broker
                    // confirms of the batches out, so that a restart sends
                    // them again only when the broker is slow to answer.
                    stopping.store(true, Ordering::Relaxed);
                    let _ = tokio::time::timeout(events.broker_timeout, round).await;
                    None
                }
            }
        };
        let Some(outcome) = outcome else {
            relay.release().await;
            return Ok(report);
        };
        let wait = match outcome {
            Ok(Round::Drained) => {
                backoff.reset();
                report.was_active = true;
                if options.once {
                    return Ok(report);
                }
                events.poll_interval
            }
            Ok(Round::NotLeader) => {
                if options.once {
                    return Ok(report);
                }
                events.poll_interval
            }
            Err(e) if options.once => return Err(e),
            Err(e) => {
                tracing::warn!("events relay: {e}; retrying");
                relay.forget_broken();
                backoff.next()
            }
        };
        tokio::select! {
            () = relay.wait_for_notification(wait) => {}
            () = &mut stop => {
                relay.release().await;
                return Ok(report);
            }
        }
    }
}

enum Round {
    Drained,
    NotLeader,
}

/// The relay's connections, each remade when it breaks.
struct Relay<'a> {
    target: &'a Target,
    events: &'a EventSettings,
    format: Format,
    /// Holds the leader lock while active, and runs the queue's statements.
    db: Option<PgConnection>,
    leader: bool,
    listener: Option<PgListener>,
    broker: Option<Broker>,
}

impl<'a> Relay<'a> {
    fn new(target: &'a Target, events: &'a EventSettings, format: Format) -> Relay<'a> {
        Relay {
            target,
            events,
            format,
            db: None,
            leader: false,
            listener: None,
            broker: None,
        }
    }

    /// Gives up the leader and wake locks before the relay exits, rather
    /// than when PostgreSQL notices the closed connection: writers stop
    /// notifying at once, and a standby relay can take over at its next
    /// poll.
    async fn release(&mut self) {
        if let Some(mut db) = self.db.take() {
            let unlock = async {
                let _ = sqlx::query("SELECT pg_advisory_unlock_all()")
                    .execute(&mut db)
                    .await;
                let _ = sqlx::Connection::close(db).await;
            };
            let _ = tokio::time::timeout(self.events.broker_timeout, unlock).await;
        }
    }

    async fn ensure_database(&mut self) -> Result<()> {
        if self.db.is_none() {
            self.leader = false;
            let mut db = self.target.connect("platformctl events relay").await?;
            // The queue's plan is cheap but estimated dear on a big backlog;
            // JIT-compiling it would cost a third of a second every round.
            // Custom plans let PostgreSQL hash the ids in flight.
            sqlx::raw_sql("SET jit = off; SET plan_cache_mode = force_custom_plan")
                .execute(&mut db)
                .await
                .map_err(Error::db("cannot set up the relay's session"))?;
            self.db = Some(db);
        }
        Ok(())
    }

    /// True when this relay is (now) the active one.
    async fn ensure_leader(&mut self) -> Result<bool> {
        if !self.leader {
            let db = self.db.as_mut().expect("connected first");
            self.leader = lock::try_lock(db, leader_key(self.target.database())).await?;
            if self.leader {
                tracing::info!("events relay: active");
            }
        }
        Ok(self.leader)
    }

    /// Publishes batches until nothing is due. Up to [`BATCHES_IN_FLIGHT`]
    /// batches are out at once: the next is read and published while the
    /// broker confirms the earlier ones, and each is recorded, oldest first,
    /// when its confirmations are in. On one channel the broker keeps the
    /// order of publication, so this is the order of one long batch.
    /// Once `stopping`, it publishes nothing more and returns when the
    /// batches out are recorded.
    async fn drain(
        &mut self,
        report: &mut Report,
        progress: &mut impl FnMut(&Report),
        stopping: &AtomicBool,
    ) -> Result<()> {
        let mut in_flight: VecDeque<Sent> = VecDeque::with_capacity(BATCHES_IN_FLIGHT);
        loop {
            let batch = if stopping.load(Ordering::Relaxed) {
                Vec::new()
            } else {
                let out: Vec<Uuid> = in_flight.iter().flat_map(|sent| sent.ids()).collect();
                let db = self.db.as_mut().expect("connected first");
                queue::due(db, self.events.batch_size, &out).await?
            };
            let nothing_due = batch.is_empty();
            if !nothing_due {
                if self.broker.is_none() {
                    self.broker = Some(Broker::connect(self.events).await?);
                }
                let broker = self.broker.as_ref().expect("connected above");
                let confirms = broker.send(&batch, self.format).await?;
                in_flight.push_back(Sent { batch, confirms });
            }
            if nothing_due || in_flight.len() == BATCHES_IN_FLIGHT {
                let Some(oldest) = in_flight.pop_front() else {
                    return Ok(());
                };
                let broker = self.broker.as_ref().expect("it sent the batch");
                let outcomes = broker.confirmations(oldest.confirms).await?;
                self.record(&oldest.batch, outcomes, report).await?;
                progress(report);
            }
        }
    }

    /// Records what the broker said of each event of `batch`.
    async fn record(&mut self, batch: &[Due], outcomes: Vec<Outcome>, report: &mut Report) -> Result<()> {
        let db = self.db.as_mut().expect("connected first");
        let mut published = Vec::with_capacity(batch.len());
        for (due, outcome) in batch.iter().zip(outcomes) {
            let error = match outcome {
                Outcome::Confirmed => {
                    published.push(due.id);
                    continue;
                }
                Outcome::Unroutable(why) => {
                    report.unroutable += 1;
                    format!(
                        "unroutable: the broker returned it ({why}); bind a queue to routing key {}",
                        due.event_type
                    )
                }
                Outcome::Nacked => {
                    report.refused += 1;
                    "the broker refused it (nack)".to_owned()
                }
            };
            tracing::warn!("events relay: event {} ({}): {error}", due.id, due.event_type);
            queue::mark_failed(db, due.id, &error, self.events.max_attempts).await?;
            if due.attempts + 1 >= self.events.max_attempts {
                report.dead += 1;
            }
        }
        queue::mark_published(db, &published).await?;
        report.published += published.len() as u64;
        Ok(())
    }

    /// Drops connections that failed, so the next round makes new ones.
    fn forget_broken(&mut self) {
        if self
            .broker
            .as_ref()
            .is_some_and(|b| !b.connection.status().connected())
        {
            self.broker = None;
        }
        // A database error may have broken the session (and its lock): a
        // new one is cheap, and the lock is taken again on it.
        self.db = None;
        self.leader = false;
        self.listener = None;
    }

    /// Returns at a notification of new events, or after `wait`.
    async fn wait_for_notification(&mut self, wait: Duration) {
        if self.listener.is_none() {
            self.listener = self.listen().await.ok();
        }
        let Some(listener) = self.listener.as_mut() else {
            tokio::time::sleep(wait).await;
            return;
        };
        // Writers notify only while the relay says it sleeps. Without the
        // lock (a writer is mid-transaction, or this is not the active
        // relay) the wait is a poll.
        let asleep = match self.db.as_mut() {
            Some(db) if self.leader => fall_asleep(db).await,
            _ => Sleep::Polling,
        };
        let wait = match asleep {
            Sleep::EventsDue => return,
            // A writer is between its event and its commit: look again soon.
            Sleep::WriterInFlight => wait.min(WRITER_RECHECK),
            Sleep::Asleep | Sleep::Polling => wait,
        };
        match tokio::time::timeout(wait, listener.recv()).await {
            Ok(Ok(_)) | Err(_) => {}
            Ok(Err(_)) => self.listener = None,
        }
        if asleep == Sleep::Asleep {
            let db = self.db.as_mut().expect("asleep on it");
            if wake_up(db).await.is_err() {
                // The session may be broken; a new one drops the lock.
                self.db = None;
                self.leader = false;
            }
        }
    }

    async fn listen(&self) -> Result<PgListener> {
        let pool = self
            .target
            .pool("platformctl events relay listener", 0, 1)
            .await?;
        let mut listener = PgListener::connect_with(&pool)
            .await
            .map_err(Error::db("cannot listen for new events"))?;
        listener
            .listen(CHANNEL)
            .await
            .map_err(Error::db("cannot listen for new events"))?;
        Ok(listener)
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Sleep {
    /// Writers will notify: the wake lock is held.
    Asleep,
    /// Events came between the last batch and the lock: no sleep.
    EventsDue,
    /// A writer holds the lock's shared side (its event is not committed
    /// yet, and it will not notify): no sleep, a short wait.
    WriterInFlight,
    /// Not the active relay: only the poll interval wakes it.
    Polling,
}

/// How many batches may await their confirmations at once: enough to keep
/// the broker busy while the relay reads and records in PostgreSQL.
pub const BATCHES_IN_FLIGHT: usize = 4;

/// How soon the relay looks again when a writer kept it from sleeping.
const WRITER_RECHECK: Duration = Duration::from_millis(50);

/// Takes the wake lock, then looks once more for due events: a writer that
/// checked the lock before it was taken (and so will not notify) has
/// committed by then, since it held the lock's shared side to its commit.
async fn fall_asleep(db: &mut PgConnection) -> Sleep {
    let locked: std::result::Result<bool, _> = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, 0)")
        .bind(WAKE_LOCK_CLASS)
        .fetch_one(&mut *db)
        .await;
    match locked {
        Ok(true) => {}
        Ok(false) => return Sleep::WriterInFlight,
        Err(_) => return Sleep::Polling,
    }
    match queue::due(db, 1, &[]).await {
        Ok(due) if due.is_empty() => Sleep::Asleep,
        _ => {
            let _ = wake_up(db).await;
            Sleep::EventsDue
        }
    }
}

async fn wake_up(db: &mut PgConnection) -> std::result::Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_unlock($1, 0)")
        .bind(WAKE_LOCK_CLASS)
        .execute(db)
        .await
        .map(drop)
}

/// What the broker said of one message.
enum Outcome {
    Confirmed,
    Unroutable(String),
    Nacked,
}

/// Can the relay reach the broker: connects, opens a channel and checks,
/// without declaring anything, that the exchange exists. `Ok(false)`: it
/// does not yet (the relay declares it when it starts).
pub async fn probe(events: &EventSettings) -> Result<bool> {
    let timeout = events.broker_timeout;
    let connection = open(events).await?;
    let exists = match bounded(timeout, connection.create_channel()).await {
        Ok(channel) => bounded(
            timeout,
            channel.exchange_declare(
                events.exchange.as_str().into(),
                ExchangeKind::Topic,
                ExchangeDeclareOptions {
                    passive: true,
                    ..ExchangeDeclareOptions::default()
                },
                FieldTable::default(),
            ),
        )
        .await
        .is_ok(),
        Err(_) => false,
    };
    let _ = bounded(timeout, connection.close(200, "doctor".into())).await;
    Ok(exists)
}

/// A connection to the broker; over TLS for `amqps://`, trusting the
/// system's roots and `[events] tls_ca_file`.
async fn open(events: &EventSettings) -> Result<Connection> {
    let mut tls = OwnedTLSConfig::default();
    if let Some(path) = &events.tls_ca_file {
        let pem = std::fs::read_to_string(path).map_err(|e| Error::Config {
            setting: "[events] tls_ca_file",
            message: format!("cannot read {}: {e}", path.display()),
        })?;
        tls.cert_chain = Some(pem);
    }
    let runtime = lapin::runtime::default_runtime()
        .map_err(|e| Error::Internal(format!("no runtime for the broker's connection: {e}")))?;
    bounded(
        events.broker_timeout,
        Connection::connect_with_config(&events.amqp_url, ConnectionProperties::default(), tls, runtime),
    )
    .await
    .map_err(|mut message| {
        if message.contains("certificate") {
            message += match &events.tls_ca_file {
                None => "; if a private CA signed the broker's certificate, give it in [events] tls_ca_file",
                Some(_) => {
                    "; check that [events] tls_ca_file holds the CA that signed the broker's certificate"
                }
            };
        }
        Error::Unreachable {
            service: "RabbitMQ",
            url: redact_url(&events.amqp_url),
            waited: events.broker_timeout,
            message,
        }
    })
}

/// A channel in confirm mode, on a connection of its own.
struct Broker {
    connection: Connection,
    channel: Channel,
    exchange: String,
    url: String,
    timeout: Duration,
}

impl Broker {
    async fn connect(events: &EventSettings) -> Result<Broker> {
        let url = redact_url(&events.amqp_url);
        let timeout = events.broker_timeout;
        let unreachable = |message: String| Error::Unreachable {
            service: "RabbitMQ",
            url: url.clone(),
            waited: timeout,
            message,
        };
        let connection = open(events).await?;
        let channel = bounded(timeout, connection.create_channel())
            .await
            .map_err(&unreachable)?;
        bounded(timeout, channel.confirm_select(ConfirmSelectOptions::default()))
            .await
            .map_err(&unreachable)?;
        bounded(
            timeout,
            channel.exchange_declare(
                events.exchange.as_str().into(),
                ExchangeKind::Topic,
                ExchangeDeclareOptions {
                    durable: true,
                    ..ExchangeDeclareOptions::default()
                },
                FieldTable::default(),
            ),
        )
        .await
        .map_err(|e| Error::Refused(format!(
            "cannot declare exchange {:?} as a durable topic exchange ({e}); if it exists with another type, name another in [events] exchange",
            events.exchange
        )))?;
        Ok(Broker {
            connection,
            channel,
            exchange: events.exchange.clone(),
            url,
            timeout,
        })
    }

    /// Publishes `batch` in order; the broker's confirmations are awaited
    /// by [`Broker::confirmations`]. An error means the connection failed.
    async fn send(&self, batch: &[Due], format: Format) -> Result<Vec<PublisherConfirm>> {
        let options = BasicPublishOptions {
            mandatory: true,
            ..BasicPublishOptions::default()
        };
        let mut confirms = Vec::with_capacity(batch.len());
        for due in batch {
            let (body, properties) = message(due, format);
            let confirm = bounded(
                self.timeout,
                self.channel.basic_publish(
                    self.exchange.as_str().into(),
                    due.event_type.as_str().into(),
                    options,
                    body.as_bytes(),
                    properties,
                ),
            )
            .await
            .map_err(|message| self.broken(message))?;
            confirms.push(confirm);
        }
        Ok(confirms)
    }

    /// What the broker said of each message sent, in order. An error means
    /// the connection failed: nothing of the batch is counted.
    async fn confirmations(&self, confirms: Vec<PublisherConfirm>) -> Result<Vec<Outcome>> {
        let deadline = tokio::time::Instant::now() + self.timeout;
        let mut outcomes = Vec::with_capacity(confirms.len());
        for confirm in confirms {
            let confirmation = tokio::time::timeout_at(deadline, confirm)
                .await
                .map_err(|_| self.broken("no confirmation within the broker timeout".into()))?
                .map_err(|e| self.broken(e.to_string()))?;
            outcomes.push(match confirmation {
                Confirmation::Ack(None) => Outcome::Confirmed,
                Confirmation::Ack(Some(returned)) => {
                    Outcome::Unroutable(format!("{} {}", returned.reply_code, returned.reply_text))
                }
                Confirmation::Nack(_) => Outcome::Nacked,
                Confirmation::NotRequested => {
                    return Err(Error::Internal("the channel is not in confirm mode".into()));
                }
            });
        }
        Ok(outcomes)
    }

    fn broken(&self, message: String) -> Error {
        Error::Unreachable {
            service: "RabbitMQ",
            url: self.url.clone(),
            waited: self.timeout,
            message,
        }
    }
}

/// A batch published and not yet recorded.
struct Sent {
    batch: Vec<Due>,
    confirms: Vec<PublisherConfirm>,
}

impl Sent {
    fn ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.batch.iter().map(|due| due.id)
    }
}

/// The body and properties of `due`'s message.
fn message(due: &Due, format: Format) -> (String, BasicProperties) {
    let id = due.id.to_string();
    let properties = BasicProperties::default()
        .with_message_id(id.as_str().into())
        .with_delivery_mode(2)
        .with_content_type("application/json".into())
        .with_content_encoding("utf-8".into())
        .with_timestamp(due.occurred_at.unix_timestamp().max(0) as u64)
        .with_app_id("platformctl".into());
    match format {
        Format::Envelope => (
            due.envelope.clone(),
            properties.with_type(due.event_type.as_str().into()),
        ),
        Format::Celery => {
            // Protocol 2: [args, kwargs, embed], the task's name and id in headers.
            let body = format!(
                "[[{}],{{}},{{\"callbacks\":null,\"errbacks\":null,\"chain\":null,\"chord\":null}}]",
                due.envelope
            );
            let mut headers = FieldTable::default();
            let text = |s: &str| AMQPValue::LongString(s.into());
            headers.insert("lang".into(), text("py"));
            headers.insert("task".into(), text(&due.event_type));
            headers.insert("id".into(), text(&id));
            headers.insert("root_id".into(), text(&id));
            headers.insert("parent_id".into(), AMQPValue::Void);
            headers.insert("group".into(), AMQPValue::Void);
            headers.insert("shadow".into(), AMQPValue::Void);
            headers.insert("eta".into(), AMQPValue::Void);
            headers.insert("expires".into(), AMQPValue::Void);
            headers.insert("retries".into(), AMQPValue::LongInt(0));
            headers.insert(
                "timelimit".into(),
                AMQPValue::FieldArray(vec![AMQPValue::Void, AMQPValue::Void].into()),
            );
            headers.insert("argsrepr".into(), text(&format!("({:?},)", due.event_type)));
            headers.insert("kwargsrepr".into(), text("{}"));
            headers.insert("origin".into(), text("platformctl events relay"));
            (
                body,
                properties
                    .with_correlation_id(id.as_str().into())
                    .with_headers(headers),
            )
        }
    }
}

/// `future` with a deadline; a timeout reads as an error like any other.
async fn bounded<T, E: std::fmt::Display>(
    timeout: Duration,
    future: impl Future<Output = std::result::Result<T, E>>,
) -> std::result::Result<T, String> {
    match tokio::time::timeout(timeout, future).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!(
            "no answer within {}",
            humantime::format_duration(timeout)
        )),
    }
}

/// Reconnection delays: 0.5 s doubling to 30 s.
#[derive(Default)]
struct Backoff(u32);

impl Backoff {
    fn next(&mut self) -> Duration {
        self.0 = (self.0 + 1).min(7);
        Duration::from_millis(250 << self.0).min(Duration::from_secs(30))
    }

    fn reset(&mut self) {
        self.0 = 0;
    }
}
