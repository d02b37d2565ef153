//! The outbox's two costs, each beside its anchor in the same run.
//!
//! * Publishing: `platformctl events relay --once` (the whole command, as
//!   cron runs it) draining a million pending events, against a bare lapin
//!   publisher sending the same messages (same bodies, properties and
//!   routing keys, persistent and mandatory) with asynchronous confirms to
//!   the same exchange: the broker's limit. The database's part alone (the
//!   relay's queue statements, batch after batch, without a broker) is
//!   printed as the other floor.
//! * Writing: users created per second with events and without (`[events]
//!   enabled = false`), by concurrent workers as a service's handlers would
//!   run, without passwords so that Argon2id does not hide the cost; and
//!   the outbox insert alone, in transactions of its own, as its floor.
//!
//! The events are the catalogue's mix (docs/events.md): user, token,
//! session, architecture and retention events with their real data shapes,
//! about twenty per aggregate. RabbitMQ is the machine's
//! (PLATFORMCTL_TEST_AMQP_URL to change it); the benchmark's exchange and
//! queue are its own and deleted at the end.
//!
//! Run with `cargo bench --bench events` (BENCH_EVENTS: pending events,
//! 1,000,000 by default; BENCH_USERS: users per round, 20,000; BENCH_WORKERS:
//! writers, 8; BENCH_ROUNDS: rounds of the write pair, 5, the median shown).

#[path = "../tests/it/support/mod.rs"]
mod support;

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lapin::options::{
    BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions, ExchangeDeleteOptions,
    QueueBindOptions, QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Channel, Confirmation, Connection, ConnectionProperties, ExchangeKind};
use platformctl::audit::Actor;
use platformctl::cache::Cache;
use platformctl::cache::client::Endpoint;
use platformctl::changes::Caller;
use platformctl::changes::users::{self, NewAccount, NewPassword};
use platformctl::config::CacheSettings;
use platformctl::events::outbox::{self, NewEvent};
use platformctl::events::queue::{self, Due};
use platformctl::model::user::Role;
use sqlx::Connection as _;
use support::bench::psql;
use support::{RedisServer, TestDb};

/// The relay's default batch, for the database floor.
const BATCH: usize = 1000;

fn amqp_url() -> String {
    std::env::var("PLATFORMCTL_TEST_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

#[tokio::main]
async fn main() {
    let events = support::env_number("BENCH_EVENTS", 1_000_000usize);
    let users = support::env_number("BENCH_USERS", 20_000usize);
    let workers = support::env_number("BENCH_WORKERS", 8usize);
    let rounds = support::env_number("BENCH_ROUNDS", 5usize);
    let db = Arc::new(TestDb::migrated().await);
    let broker = Sink::declare().await;

    println!("publishing {events} pending events (the catalogue's mix)");
    fill(&db, events);
    let relay = relay_seconds(&db, &broker.exchange);
    let relay_rate = events as f64 / relay;
    assert_eq!(count(&db, "published"), events, "the relay published everything");
    reset(&db);
    let database = database_seconds(&db, events).await;
    reset(&db);
    let messages = {
        let mut conn = db.connect().await;
        queue::due(&mut conn, events, &[]).await.unwrap()
    };
    assert_eq!(messages.len(), events);
    let bare = broker.publish_all(&messages).await;
    let bare_rate = events as f64 / bare;
    drop(messages);
    println!("  relay (events relay --once):       {relay:>7.1} s  {relay_rate:>9.0} events/s");
    println!("  bare lapin publisher (the broker): {bare:>7.1} s  {bare_rate:>9.0} events/s");
    println!(
        "  the relay's SQL alone (database):  {database:>7.1} s  {:>9.0} events/s",
        events as f64 / database
    );
    println!(
        "  ratio relay / bare publisher: {:.2} (goal >= 0.80)",
        relay_rate / bare_rate
    );
    broker.delete().await;

    println!("\ncreating {users} users per round, {workers} workers, {rounds} rounds");
    let redis = RedisServer::start();
    let cache = Arc::new(
        Cache::with_endpoint(
            Endpoint {
                urls: vec![redis.url()],
                response_timeout: Duration::from_millis(500),
                connect_timeout: Duration::from_secs(5),
                ca_file: None,
            },
            false,
            CacheSettings::default(),
        )
        .await
        .unwrap(),
    );
    let (mut with, mut without, mut alone) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternated, so that drift between rounds hits both alike.
        with.push(create_users(&db, &cache, users, workers, true, round).await);
        without.push(create_users(&db, &cache, users, workers, false, round).await);
        alone.push(append_events(&db, users, workers, round).await);
    }
    let (with, without, alone) = (median(with), median(without), median(alone));
    println!("  with events:    {with:>7.0} users/s");
    println!("  without events: {without:>7.0} users/s");
    println!("  the outbox insert alone (its floor): {alone:>7.0} events/s");
    println!(
        "  ratio with / without: {:.2} ({:.1}% slower; goal: at most 10%)",
        with / without,
        (1.0 - with / without) * 100.0
    );
}

/// Writes `n` pending events: the catalogue's types in their proportions,
/// with their data shapes, twenty per aggregate.
fn fill(db: &TestDb, n: usize) {
    let started = Instant::now();
    psql(
        &db.url,
        &format!(
            "INSERT INTO outbox_events (id, event_type, aggregate_type, aggregate_id, actor, data, request_id)
             SELECT gen_random_uuid(), t.event_type, t.aggregate_type, a.id, 'api:' || md5(i::text),
                    t.data, CASE WHEN i % 2 = 0 THEN md5(i::text) END
             FROM generate_series(1, {n}) i,
                  LATERAL (SELECT md5((i % ({n} / 20 + 1))::text)::uuid::text AS id) a,
                  LATERAL (SELECT * FROM (VALUES
                    (0, 'user.created', 'user', jsonb_build_object('email', 'user' || i || '@example.com',
                        'name', 'User ' || i, 'role', 'user', 'password', 'set (redacted)')),
                    (1, 'user.updated', 'user', jsonb_build_object('changes', jsonb_build_object('name', 'New ' || i),
                        'previous', jsonb_build_object('name', 'Old ' || i))),
                    (2, 'token.issued', 'token', jsonb_build_object('kind', 'access', 'user', a.id,
                        'kid', 'k-2026-12', 'scopes', jsonb_build_array('chat:write', 'artifacts:read'),
                        'audience', 'platform', 'expires_at', 1796000000 + i)),
                    (3, 'token.revoked', 'token', jsonb_build_object('reason', 'logout',
                        'revoked', jsonb_build_array(md5(i::text)::uuid))),
                    (4, 'session.revoked', 'session', jsonb_build_object('reason', 'logout',
                        'revoked', jsonb_build_array(md5(i::text || 's')::uuid))),
                    (5, 'architecture.updated', 'architecture', jsonb_build_object('name', 'Service map ' || i,
                        'status', 'review', 'description_changed', true)),
                    (6, 'architecture.change_proposed', 'architecture', jsonb_build_object(
                        'change', md5(i::text || 'c')::uuid, 'title', 'Split the gateway ' || i)),
                    (7, 'role.granted', 'user', jsonb_build_object('role', 'admin', 'changed', true)),
                    (8, 'user.password_changed', 'user', jsonb_build_object('password', 'set (redacted)')),
                    (9, 'retention.purged', 'retention_policy', jsonb_build_object('run', md5(i::text)::uuid,
                        'policy', 'messages', 'table', 'messages', 'as_of', '2026-12-04T00:00:00Z',
                        'rows_archived', 1200, 'rows_deleted', 1200, 'tables', 1, 'completed', true, 'error', null))
                  ) v(k, event_type, aggregate_type, data) WHERE k = i % 10) t"
        ),
    );
    psql(&db.url, "VACUUM ANALYZE outbox_events");
    println!(
        "  ({n} events written in {:.1} s)",
        started.elapsed().as_secs_f64()
    );
}

/// Makes every event pending again, as it was before the relay ran.
fn reset(db: &TestDb) {
    psql(
        &db.url,
        "UPDATE outbox_events SET state = 'pending', published_at = NULL, attempts = 0",
    );
    psql(&db.url, "VACUUM ANALYZE outbox_events");
}

fn count(db: &TestDb, state: &str) -> usize {
    psql(
        &db.url,
        &format!("SELECT count(*) FROM outbox_events WHERE state = '{state}'"),
    )
    .parse()
    .unwrap()
}

/// The whole command, as cron runs it.
fn relay_seconds(db: &TestDb, exchange: &str) -> f64 {
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        format!("[events]\nexchange = \"{exchange}\"\n"),
    )
    .unwrap();
    support::bench::timed(
        "platformctl events relay --once",
        db.cmd()
            .env("PLATFORMCTL_AMQP_URL", amqp_url())
            .args(["events", "relay", "--once", "--quiet"]),
    )
}

/// The relay's statements without a broker: a batch read, then recorded
/// as published, until nothing is due.
async fn database_seconds(db: &TestDb, events: usize) -> f64 {
    let mut conn = db.connect().await;
    sqlx::query("SET jit = off").execute(&mut conn).await.unwrap();
    let started = Instant::now();
    let mut done = 0;
    loop {
        let batch = queue::due(&mut conn, BATCH, &[]).await.unwrap();
        if batch.is_empty() {
            break;
        }
        let ids: Vec<_> = batch.iter().map(|d| d.id).collect();
        queue::mark_published(&mut conn, &ids).await.unwrap();
        done += ids.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(done, events);
    seconds
}

/// The benchmark's own exchange, with a durable queue bound to every
/// routing key that keeps only the newest messages (so a million do not
/// pile up in the broker; each is still routed, persisted and confirmed).
struct Sink {
    exchange: String,
    queue: String,
    connection: Connection,
    channel: Channel,
}

impl Sink {
    async fn declare() -> Sink {
        let connection = Connection::connect(&amqp_url(), ConnectionProperties::default())
            .await
            .expect("the machine's RabbitMQ (127.0.0.1:5672) is reachable");
        let channel = connection.create_channel().await.unwrap();
        let suffix = uuid::Uuid::now_v7().simple();
        let (exchange, queue) = (format!("bench.events.{suffix}"), format!("bench.events.{suffix}"));
        channel
            .exchange_declare(
                exchange.as_str().into(),
                ExchangeKind::Topic,
                ExchangeDeclareOptions {
                    durable: true,
                    ..ExchangeDeclareOptions::default()
                },
                FieldTable::default(),
            )
            .await
            .unwrap();
        let mut arguments = FieldTable::default();
        arguments.insert("x-max-length".into(), AMQPValue::LongInt(10_000));
        channel
            .queue_declare(
                queue.as_str().into(),
                QueueDeclareOptions {
                    durable: true,
                    ..QueueDeclareOptions::default()
                },
                arguments,
            )
            .await
            .unwrap();
        channel
            .queue_bind(
                queue.as_str().into(),
                exchange.as_str().into(),
                "#".into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .unwrap();
        Sink {
            exchange,
            queue,
            connection,
            channel,
        }
    }

    /// Publishes `messages` as the relay would, with asynchronous confirms:
    /// up to a window of them outstanding, each awaited when the window is
    /// full. Returns the seconds until the last is confirmed.
    async fn publish_all(&self, messages: &[Due]) -> f64 {
        const WINDOW: usize = 10_000;
        let channel = self.connection.create_channel().await.unwrap();
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .unwrap();
        let options = BasicPublishOptions {
            mandatory: true,
            ..BasicPublishOptions::default()
        };
        let started = Instant::now();
        let mut outstanding = VecDeque::with_capacity(WINDOW);
        let mut acked = 0;
        for due in messages {
            let properties = BasicProperties::default()
                .with_message_id(due.id.to_string().as_str().into())
                .with_delivery_mode(2)
                .with_content_type("application/json".into())
                .with_content_encoding("utf-8".into())
                .with_timestamp(due.occurred_at.unix_timestamp().max(0) as u64)
                .with_app_id("platformctl".into())
                .with_type(due.event_type.as_str().into());
            let confirm = channel
                .basic_publish(
                    self.exchange.as_str().into(),
                    due.event_type.as_str().into(),
                    options,
                    due.envelope.as_bytes(),
                    properties,
                )
                .await
                .unwrap();
            outstanding.push_back(confirm);
            if outstanding.len() == WINDOW {
                acked += acknowledged(outstanding.pop_front().unwrap().await.unwrap());
            }
        }
        for confirm in outstanding {
            acked += acknowledged(confirm.await.unwrap());
        }
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(acked, messages.len(), "the broker confirmed every message");
        seconds
    }

    async fn delete(self) {
        let _ = self
            .channel
            .queue_delete(self.queue.as_str().into(), QueueDeleteOptions::default())
            .await;
        let _ = self
            .channel
            .exchange_delete(self.exchange.as_str().into(), ExchangeDeleteOptions::default())
            .await;
    }
}

fn acknowledged(confirmation: Confirmation) -> usize {
    usize::from(matches!(confirmation, Confirmation::Ack(None)))
}

/// Users created per second by `workers` concurrent writers.
async fn create_users(
    db: &Arc<TestDb>,
    cache: &Arc<Cache>,
    users: usize,
    workers: usize,
    events: bool,
    round: usize,
) -> f64 {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..workers {
        let (db, cache) = (db.clone(), cache.clone());
        let share = users / workers + usize::from(w < users % workers);
        tasks.spawn(async move {
            let actor = Actor::named("ops:bench");
            let caller = Caller::new(&actor, &cache).with_events(events);
            let mut conn = db.connect().await;
            for i in 0..share {
                let account = NewAccount {
                    email: format!("r{round}-{events}-w{w}-{i}@example.com"),
                    name: format!("Bench User {i}"),
                    role: Role::User,
                    password: NewPassword::None,
                };
                users::create(&mut conn, &caller, account).await.unwrap();
            }
        });
    }
    tasks.join_all().await;
    users as f64 / started.elapsed().as_secs_f64()
}

/// Outbox inserts per second, each in a transaction of its own: what the
/// outbox adds to a change, alone.
async fn append_events(db: &Arc<TestDb>, events: usize, workers: usize, round: usize) -> f64 {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..workers {
        let db = db.clone();
        let share = events / workers + usize::from(w < events % workers);
        tasks.spawn(async move {
            let mut conn = db.connect().await;
            for i in 0..share {
                let aggregate = format!("r{round}-w{w}-{i}");
                let mut tx = conn.begin().await.unwrap();
                outbox::append(
                    &mut tx,
                    &NewEvent {
                        event_type: "user.created",
                        aggregate_type: "user",
                        aggregate_id: &aggregate,
                        actor: "ops:bench",
                        request_id: None,
                        data: serde_json::json!({
                            "email": format!("{aggregate}@example.com"),
                            "name": "Bench User", "role": "user", "password": "none",
                        }),
                    },
                )
                .await
                .unwrap();
                tx.commit().await.unwrap();
            }
        });
    }
    tasks.join_all().await;
    events as f64 / started.elapsed().as_secs_f64()
}

fn median(mut rates: Vec<f64>) -> f64 {
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}
