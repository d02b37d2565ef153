//! Domain events end to end, against the machine's RabbitMQ: the library's
//! changes write them in their transaction, the relay publishes them (each
//! test on an exchange of its own, read through a queue bound to it), and
//! order, duplicates, unroutable messages and long-open transactions are
//! checked on what actually arrives.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use lapin::options::{
    BasicGetOptions, ExchangeDeclareOptions, ExchangeDeleteOptions, QueueBindOptions, QueueDeclareOptions,
    QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{Channel, Connection, ConnectionProperties, ExchangeKind};
use platformctl::audit::Actor;
use platformctl::cache::Cache;
use platformctl::changes::access::{self, Sessions, TokenRequest, Tokens};
use platformctl::changes::architectures::{self, ArchitectureUpdate, NewArchitecture};
use platformctl::changes::users::{self, NewAccount, NewPassword, Update};
use platformctl::changes::{Caller, artifacts, keys, workspaces};
use platformctl::config::{Overrides, Settings};
use platformctl::crypto::Keyring;
use platformctl::error::ErrorKind;
use platformctl::events::outbox::{self, NewEvent};
use platformctl::events::relay::{self, Options, Report};
use platformctl::model::artifact::{ArtifactType, NewArtifact};
use platformctl::model::auth::TokenKind;
use platformctl::model::user::Role;
use platformctl::model::workspace::{MemberRole, NewWorkspace, WorkspaceChanges};
use sqlx::Connection as _;
use zeroize::Zeroizing;

use crate::support::{MASTER_KEY, RabbitNode, TestDb};

fn amqp_url() -> String {
    std::env::var("PLATFORMCTL_TEST_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

/// A message as a consumer sees it.
#[derive(Debug, Clone)]
struct Received {
    message_id: String,
    routing_key: String,
    body: serde_json::Value,
    headers: BTreeMap<String, AMQPValue>,
}

/// An exchange of the test's own on the shared broker (or a private
/// node), and a queue that takes every message sent to it. The exchange is
/// deleted at the end.
struct Bus {
    url: String,
    exchange: String,
    queue: String,
    channel: Channel,
    _connection: Connection,
}

impl Bus {
    /// An exchange nobody listens to yet.
    async fn unbound() -> Bus {
        Bus::unbound_on(&amqp_url()).await
    }

    async fn unbound_on(url: &str) -> Bus {
        let exchange = format!("test.events.{}", uuid::Uuid::now_v7().simple());
        let mut bus = Bus::attach(url, &exchange, "").await;
        bus.channel
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
        bus.exchange = exchange;
        bus
    }

    /// A new connection to a bus declared before.
    async fn attach(url: &str, exchange: &str, queue: &str) -> Bus {
        let connection = Connection::connect(url, ConnectionProperties::default())
            .await
            .unwrap_or_else(|e| panic!("RabbitMQ at {url} is reachable: {e}"));
        let channel = connection.create_channel().await.unwrap();
        Bus {
            url: url.to_owned(),
            exchange: exchange.to_owned(),
            queue: queue.to_owned(),
            channel,
            _connection: connection,
        }
    }

    /// An exchange with a queue bound to every routing key.
    async fn new() -> Bus {
        Bus::bound_on(&amqp_url(), false).await
    }

    /// With `durable`, the queue is durable and named after the exchange,
    /// so that it and its messages outlive a broker restart.
    async fn bound_on(url: &str, durable: bool) -> Bus {
        let mut bus = Bus::unbound_on(url).await;
        let (name, options) = if durable {
            let options = QueueDeclareOptions {
                durable: true,
                ..QueueDeclareOptions::default()
            };
            (format!("{}.all", bus.exchange), options)
        } else {
            let options = QueueDeclareOptions {
                exclusive: true,
                auto_delete: true,
                ..QueueDeclareOptions::default()
            };
            (String::new(), options)
        };
        let queue = bus
            .channel
            .queue_declare(name.as_str().into(), options, FieldTable::default())
            .await
            .unwrap();
        bus.queue = queue.name().to_string();
        bus.channel
            .queue_bind(
                bus.queue.as_str().into(),
                bus.exchange.as_str().into(),
                "#".into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .unwrap();
        bus
    }

    fn settings(&self, db: &TestDb) -> Settings {
        let overrides = Overrides {
            database_url: Some(db.url.clone()),
            redis_url: Some(crate::support::test_redis_url().to_owned()),
            ..Overrides::default()
        };
        let mut settings = Settings::resolve(overrides, |_| None).unwrap();
        settings.events.exchange = self.exchange.clone();
        settings.events.amqp_url = self.url.clone();
        settings.events.poll_interval = Duration::from_millis(100);
        settings.events.broker_timeout = Duration::from_secs(5);
        settings
    }

    /// Every message waiting in the queue, after waiting up to `wait` for at
    /// least `at_least` of them.
    async fn take(&self, at_least: usize, wait: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut received = Vec::new();
        loop {
            let got = self
                .channel
                .basic_get(self.queue.as_str().into(), BasicGetOptions { no_ack: true })
                .await
                .unwrap();
            match got {
                Some(message) => {
                    let delivery = message.delivery;
                    let headers = delivery
                        .properties
                        .headers()
                        .as_ref()
                        .map(|h| {
                            h.inner()
                                .iter()
                                .map(|(k, v)| (k.to_string(), v.clone()))
                                .collect()
                        })
                        .unwrap_or_default();
                    received.push(Received {
                        message_id: delivery
                            .properties
                            .message_id()
                            .as_ref()
                            .map(|m| m.to_string())
                            .unwrap_or_default(),
                        routing_key: delivery.routing_key.to_string(),
                        body: serde_json::from_slice(&delivery.data).expect("a JSON body"),
                        headers,
                    });
                }
                None if received.len() >= at_least || tokio::time::Instant::now() >= deadline => {
                    return received;
                }
                None => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let (channel, exchange) = (self.channel.clone(), self.exchange.clone());
        clean_up(async move {
            let _ = channel
                .exchange_delete(exchange.as_str().into(), ExchangeDeleteOptions::default())
                .await;
        });
    }
}

/// Runs `cleanup` for at most 5 s on a runtime of its own, best effort:
/// `Drop` cannot await.
fn clean_up(cleanup: impl std::future::Future<Output = ()> + Send + 'static) {
    let _ = std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let _ = tokio::time::timeout(Duration::from_secs(5), cleanup).await;
            })
    })
    .join();
}

/// Runs the relay until nothing is due.
async fn relay_once(settings: &Settings) -> Report {
    let options = Options {
        once: true,
        ..Options::default()
    };
    relay::run(settings, &options, std::future::pending(), |_| {})
        .await
        .expect("the relay runs")
}

fn keyring() -> Keyring {
    Keyring::from_lookup(|name| (name == "PLATFORMCTL_MASTER_KEY").then(|| MASTER_KEY.to_owned())).unwrap()
}

fn account(email: &str) -> NewAccount<'static> {
    NewAccount {
        email: email.to_owned(),
        name: "Eve Events".to_owned(),
        role: Role::User,
        password: NewPassword::Given(Zeroizing::new("a long enough passphrase 7".to_owned())),
    }
}

#[tokio::test]
async fn every_change_publishes_its_event_with_the_envelope() {
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    let settings = bus.settings(&db);
    let cache = Cache::connect(&settings).await.unwrap();
    let actor = Actor::named("ops:events-test");
    let caller = Caller::new(&actor, &cache);
    let mut conn = db.connect().await;
    let keyring = keyring();

    let eve = users::create(&mut conn, &caller, account("eve@example.com"))
        .await
        .unwrap();
    let update = Update {
        name: Some("Eve Renamed".into()),
        ..Update::default()
    };
    users::update(&mut conn, &caller, "eve@example.com", &update)
        .await
        .unwrap();
    users::set_password(
        &mut conn,
        &caller,
        "eve@example.com",
        NewPassword::Given(Zeroizing::new("another long passphrase 8".into())),
    )
    .await
    .unwrap();
    access::grant_role(&mut conn, &caller, "eve@example.com", "admin")
        .await
        .unwrap();
    access::revoke_role(&mut conn, &caller, "eve@example.com", "admin")
        .await
        .unwrap();
    keys::generate(&mut conn, &caller, &keyring).await.unwrap();
    let rotation = keys::rotate(&mut conn, &caller, &keyring).await.unwrap();
    let request = TokenRequest {
        kind: TokenKind::Access,
        ttl: None,
        audience: None,
        scopes: vec![],
    };
    let issued = access::issue_token(
        &mut conn,
        &caller,
        &keyring,
        &settings.auth,
        "eve@example.com",
        &request,
    )
    .await
    .unwrap();
    access::revoke_tokens(&mut conn, &caller, Tokens::One(issued.jti), Some("test"))
        .await
        .unwrap();
    access::revoke_sessions(&mut conn, &caller, Sessions::OfUser("eve@example.com"))
        .await
        .unwrap();
    users::disable(&mut conn, &caller, "eve@example.com")
        .await
        .unwrap();
    users::enable(&mut conn, &caller, "eve@example.com")
        .await
        .unwrap();
    users::delete(&mut conn, &caller, "eve@example.com", false)
        .await
        .unwrap();
    users::create(&mut conn, &caller, account("gone@example.com"))
        .await
        .unwrap();
    users::delete(&mut conn, &caller, "gone@example.com", true)
        .await
        .unwrap();
    if let Some(previous) = rotation.previous.as_ref() {
        keys::retire(&mut conn, &caller, &previous.kid).await.unwrap();
    }

    let owner = users::create(&mut conn, &caller, account("owner@example.com"))
        .await
        .unwrap();
    let workspace = workspaces::create(
        &mut conn,
        &caller,
        &NewWorkspace {
            slug: "events".into(),
            name: "Events".into(),
            description: None,
            owner_id: owner.id,
            organization_id: None,
            github_repo_url: None,
        },
    )
    .await
    .unwrap();
    let renamed = WorkspaceChanges {
        name: Some("Events team".into()),
        ..WorkspaceChanges::default()
    };
    workspaces::update(&mut conn, &caller, workspace.id, &renamed, None)
        .await
        .unwrap();
    let member = users::create(&mut conn, &caller, account("member@example.com"))
        .await
        .unwrap();
    workspaces::put_member(
        &mut conn,
        &caller,
        workspace.id,
        member.id,
        MemberRole::Viewer,
        Some(owner.id),
    )
    .await
    .unwrap();
    workspaces::put_member(
        &mut conn,
        &caller,
        workspace.id,
        member.id,
        MemberRole::Member,
        None,
    )
    .await
    .unwrap();
    workspaces::remove_member(&mut conn, &caller, workspace.id, member.id)
        .await
        .unwrap();
    let artifact = artifacts::create(
        &mut conn,
        &caller,
        &NewArtifact {
            workspace_id: workspace.id,
            name: "Ledger PRD".into(),
            artifact_type: ArtifactType::Prd,
            file_path: Some("docs/prd.md".into()),
            created_by: Some(owner.id),
        },
    )
    .await
    .unwrap();
    artifacts::add_version(
        &mut conn,
        &caller,
        artifact.id,
        "# Ledger",
        Some("first draft"),
        None,
        None,
    )
    .await
    .unwrap();
    artifacts::delete(&mut conn, &caller, artifact.id, None)
        .await
        .unwrap();
    let architecture = architectures::create(
        &mut conn,
        &caller,
        &NewArchitecture {
            workspace_id: workspace.id,
            name: "Ledger".into(),
            description: None,
            definition: serde_json::json!({"services": ["ledger"]}),
            created_by: Some(owner.id),
        },
    )
    .await
    .unwrap();
    let renamed = ArchitectureUpdate {
        name: Some("Ledger v2".into()),
        ..ArchitectureUpdate::default()
    };
    architectures::update(&mut conn, &caller, architecture.id, &renamed)
        .await
        .unwrap();
    architectures::propose_change(
        &mut conn,
        &caller,
        architecture.id,
        "Split",
        &serde_json::json!({}),
        None,
    )
    .await
    .unwrap();
    architectures::delete(&mut conn, &caller, architecture.id, None)
        .await
        .unwrap();
    let other = workspaces::create(
        &mut conn,
        &caller,
        &NewWorkspace {
            slug: "gone".into(),
            name: "Gone".into(),
            description: None,
            owner_id: owner.id,
            organization_id: None,
            github_repo_url: None,
        },
    )
    .await
    .unwrap();
    workspaces::delete(&mut conn, &caller, other.id, None)
        .await
        .unwrap();

    let written: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox_events")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    // An event per aggregate leaves per batch: run until all are out.
    let mut report = Report::default();
    while report.published < written as u64 {
        let round = relay_once(&settings).await;
        assert!(round.published > 0, "the relay made no progress: {round:?}");
        report.published += round.published;
    }
    let received = bus.take(written as usize, Duration::from_secs(10)).await;
    assert_eq!(received.len(), written as usize);

    let types: HashSet<&str> = received.iter().map(|r| r.routing_key.as_str()).collect();
    for expected in [
        "user.created",
        "user.updated",
        "user.password_changed",
        "user.disabled",
        "user.enabled",
        "user.deleted",
        "user.erased",
        "role.granted",
        "role.revoked",
        "key.generated",
        "key.rotated",
        "token.issued",
        "token.revoked",
        "session.revoked",
        "architecture.created",
        "architecture.updated",
        "architecture.change_proposed",
        "architecture.deleted",
        "workspace.created",
        "workspace.updated",
        "workspace.member_added",
        "workspace.member_role_changed",
        "workspace.member_removed",
        "workspace.deleted",
        "artifact.created",
        "artifact.version_added",
        "artifact.deleted",
    ] {
        assert!(types.contains(expected), "no {expected} event among {types:?}");
    }
    if rotation.previous.is_some() {
        assert!(types.contains("key.retired"));
    }
    for r in &received {
        let envelope = &r.body;
        assert_eq!(envelope["event_type"], r.routing_key.as_str());
        assert_eq!(
            envelope["event_id"],
            r.message_id.as_str(),
            "message_id is the event id"
        );
        assert_eq!(uuid::Uuid::parse_str(&r.message_id).unwrap().get_version_num(), 7);
        assert!(
            time::OffsetDateTime::parse(
                envelope["timestamp"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339
            )
            .is_ok()
        );
        assert_eq!(envelope["actor"], "ops:events-test");
        assert!(envelope["data"].is_object());
        let text = envelope.to_string();
        for secret in ["$argon2", "passphrase", "password_hash", "sealed", "private"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    let created = received
        .iter()
        .find(|r| r.routing_key == "user.created" && r.body["data"]["user_id"] == eve.id.to_string())
        .unwrap();
    assert_eq!(created.body["data"]["email"], "eve@example.com");
    assert_eq!(created.body["data"]["name"], "Eve Events");
    assert_eq!(created.body["aggregate_type"], "user");
    // An erased user's earlier events keep only the id: the erasure reaches the outbox too.
    assert!(
        received
            .iter()
            .all(|r| !r.body.to_string().contains("gone@example.com")),
        "an erased user's email left in an event"
    );
    let gone = received
        .iter()
        .find(|r| r.routing_key == "user.created" && r.body["data"]["erased"] == true)
        .expect("the erased user's creation, stripped");
    assert_eq!(gone.body["data"].as_object().unwrap().len(), 2, "{}", gone.body);
    let updated = received.iter().find(|r| r.routing_key == "user.updated").unwrap();
    assert_eq!(
        updated.body["data"]["changes"],
        serde_json::json!({"name": "Eve Renamed"})
    );

    // A member's story is the workspace's, in order; a version's event
    // tells what was saved, not the content.
    let story: Vec<&str> = received
        .iter()
        .filter(|r| r.body["aggregate_id"] == workspace.id.to_string())
        .map(|r| r.routing_key.as_str())
        .collect();
    assert_eq!(
        story,
        [
            "workspace.created",
            "workspace.updated",
            "workspace.member_added",
            "workspace.member_role_changed",
            "workspace.member_removed"
        ]
    );
    let role_changed = received
        .iter()
        .find(|r| r.routing_key == "workspace.member_role_changed")
        .unwrap();
    assert_eq!(role_changed.body["data"]["role"], "member");
    assert_eq!(role_changed.body["data"]["previous_role"], "viewer");
    assert_eq!(role_changed.body["data"]["user"], member.id.to_string());
    let version = received
        .iter()
        .find(|r| r.routing_key == "artifact.version_added")
        .unwrap();
    assert_eq!(version.body["aggregate_id"], artifact.id.to_string());
    assert_eq!(version.body["data"]["version_number"], 1);
    assert_eq!(version.body["data"]["size_bytes"], 8);
    assert!(
        !version.body.to_string().contains("# Ledger"),
        "content in {}",
        version.body
    );

    // Eve's events arrive in the order of their changes.
    let eves: Vec<&str> = received
        .iter()
        .filter(|r| r.body["aggregate_id"] == eve.id.to_string())
        .map(|r| r.routing_key.as_str())
        .collect();
    let position = |t: &str| eves.iter().position(|e| *e == t).unwrap();
    assert!(position("user.created") < position("user.updated"));
    assert!(position("user.updated") < position("user.password_changed"));
    assert!(position("user.disabled") < position("user.enabled"));
    assert!(position("user.enabled") < position("user.deleted"));
}

#[tokio::test]
async fn a_change_that_fails_or_rolls_back_writes_no_event_and_events_can_be_turned_off() {
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    let settings = bus.settings(&db);
    let cache = Cache::connect(&settings).await.unwrap();
    let actor = Actor::named("ops:events-test");
    let caller = Caller::new(&actor, &cache);
    let mut conn = db.connect().await;

    users::create(&mut conn, &caller, account("dup@example.com"))
        .await
        .unwrap();
    // A duplicate email fails inside the transaction: no second event.
    users::create(&mut conn, &caller, account("dup@example.com"))
        .await
        .unwrap_err();
    // A stale version fails after the row was read.
    let stale = Update {
        name: Some("Stale".into()),
        expected_version: Some(999),
        ..Update::default()
    };
    users::update(&mut conn, &caller, "dup@example.com", &stale)
        .await
        .unwrap_err();
    // Refused workspace and artifact changes: none writes an event.
    let owner = users::create(
        &mut conn,
        &caller.with_events(false),
        account("owner@example.com"),
    )
    .await
    .unwrap();
    let workspace = workspaces::create(
        &mut conn,
        &caller.with_events(false),
        &NewWorkspace {
            slug: "refusals".into(),
            name: "Refusals".into(),
            description: None,
            owner_id: owner.id,
            organization_id: None,
            github_repo_url: None,
        },
    )
    .await
    .unwrap();
    let bad_slug = NewWorkspace {
        slug: "Not A Slug".into(),
        name: "Bad".into(),
        description: None,
        owner_id: owner.id,
        organization_id: None,
        github_repo_url: None,
    };
    let error = workspaces::create(&mut conn, &caller, &bad_slug)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BadInput, "{error}");
    let error = workspaces::remove_member(&mut conn, &caller, workspace.id, owner.id)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
    let error = workspaces::put_member(
        &mut conn,
        &caller,
        workspace.id,
        owner.id,
        MemberRole::Viewer,
        None,
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("the owner stays"), "{error}");
    let error = workspaces::put_member(
        &mut conn,
        &caller,
        uuid::Uuid::now_v7(),
        owner.id,
        MemberRole::Member,
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
    let artifact = artifacts::create(
        &mut conn,
        &caller.with_events(false),
        &NewArtifact {
            workspace_id: workspace.id,
            name: "Spec".into(),
            artifact_type: ArtifactType::TechSpec,
            file_path: None,
            created_by: None,
        },
    )
    .await
    .unwrap();
    let error = artifacts::add_version(&mut conn, &caller, artifact.id, "v1", None, Some(99), None)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Temporary, "a stale version: {error}");
    let refusals: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_logs \
         WHERE (action LIKE 'workspace.%' OR action LIKE 'artifact.%') AND outcome <> 'success'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(refusals, 5, "each refusal is audited");

    // An event written in a transaction that rolls back is gone with it.
    let mut tx = conn.begin().await.unwrap();
    outbox::append(
        &mut tx,
        &NewEvent {
            event_type: "user.updated",
            aggregate_type: "user",
            aggregate_id: "rolled-back",
            actor: "test",
            request_id: None,
            data: serde_json::json!({}),
        },
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    // With events off, a change writes none.
    let quiet = caller.with_events(false);
    users::create(&mut conn, &quiet, account("quiet@example.com"))
        .await
        .unwrap();

    let types: Vec<String> = sqlx::query_scalar("SELECT event_type FROM outbox_events ORDER BY position")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(types, ["user.created"]);
    assert_eq!(relay_once(&settings).await.published, 1);
    let received = bus.take(1, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body["data"]["email"], "dup@example.com");
}

/// The event of `aggregate` numbered `n`, for tests that write by hand.
fn numbered<'a>(aggregate: &'a str, n: usize) -> NewEvent<'a> {
    NewEvent {
        event_type: "test.happened",
        aggregate_type: "test",
        aggregate_id: aggregate,
        actor: "test",
        request_id: None,
        data: serde_json::json!({ "n": n }),
    }
}

#[tokio::test]
async fn the_outbox_refuses_a_malformed_event_and_its_change_rolls_back_whole() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let long = "x".repeat(300);
    let cases = [
        (
            "not dotted",
            NewEvent {
                event_type: "happened",
                ..numbered("a", 0)
            },
            "outbox_event_type",
        ),
        (
            "upper case",
            NewEvent {
                event_type: "Test.Happened",
                ..numbered("a", 0)
            },
            "outbox_event_type",
        ),
        ("empty aggregate", numbered("", 0), "outbox_name"),
        (
            "long actor",
            NewEvent {
                actor: &long,
                ..numbered("a", 0)
            },
            "outbox_name",
        ),
        (
            "data not an object",
            NewEvent {
                data: serde_json::json!([1]),
                ..numbered("a", 0)
            },
            "outbox_data",
        ),
    ];
    for (case, event, rule) in cases {
        let mut tx = conn.begin().await.unwrap();
        sqlx::query(
            "INSERT INTO audit_logs (actor, action, entity_type) VALUES ('os:t', 'test.change', 'test')",
        )
        .execute(&mut *tx)
        .await
        .unwrap();
        let error = outbox::append(&mut tx, &event).await.expect_err(case);
        assert!(format!("{error:?}").contains(rule), "{case}: {error:?}");
        drop(tx);
    }
    // The state machine's rule spans two columns: published means a time.
    write_event(&mut conn, "a", 1).await;
    let unfinished = sqlx::query("UPDATE outbox_events SET state = 'published'")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert!(
        unfinished.to_string().contains("outbox_events_progress"),
        "{unfinished}"
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM audit_logs").await,
        0,
        "every change rolled back"
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM outbox_events").await, 1);
}

/// Writes one event of `aggregate` in its own transaction.
async fn write_event(conn: &mut sqlx::PgConnection, aggregate: &str, n: usize) {
    let mut tx = conn.begin().await.unwrap();
    outbox::append(&mut tx, &numbered(aggregate, n)).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn an_open_transaction_s_event_is_neither_skipped_nor_overtaken() {
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    let settings = bus.settings(&db);
    let mut early = db.connect().await;

    // The early transaction writes its event first, so it has the earliest
    // position, and stays open...
    let mut open = early.begin().await.unwrap();
    outbox::append(&mut open, &numbered("shared", 0)).await.unwrap();
    // ...while a later one writes the same aggregate (it must wait for the
    // early one) and another commits an event of another aggregate.
    let later_writer = {
        let mut late = db.connect().await;
        tokio::spawn(async move { write_event(&mut late, "shared", 1).await })
    };
    write_event(&mut db.connect().await, "other", 2).await;

    // Other aggregates are not held back by the open transaction.
    let report = relay_once(&settings).await;
    assert_eq!(report.published, 1, "only the other aggregate's event is due");
    let first = bus.take(1, Duration::from_secs(5)).await;
    assert_eq!(first[0].body["aggregate_id"], "other");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !later_writer.is_finished(),
        "the later write of the same aggregate waits for the open transaction"
    );

    // Once the early transaction commits, its event (position older than
    // one already published) is not skipped, and the later write follows it.
    open.commit().await.unwrap();
    later_writer.await.unwrap();
    assert_eq!(relay_once(&settings).await.published, 2);
    let received = bus.take(2, Duration::from_secs(5)).await;
    let order: Vec<i64> = received
        .iter()
        .map(|r| r.body["data"]["n"].as_i64().unwrap())
        .collect();
    assert_eq!(order, [0, 1], "the shared aggregate in commit order");
}

#[tokio::test]
async fn an_unroutable_event_is_reported_retried_then_dead_and_retryable() {
    let db = TestDb::migrated().await;
    let bus = Bus::unbound().await;
    let mut settings = bus.settings(&db);
    settings.events.max_attempts = 2;
    let mut conn = db.connect().await;
    write_event(&mut conn, "nowhere", 1).await;

    let first = relay_once(&settings).await;
    assert_eq!((first.published, first.unroutable, first.dead), (0, 1, 0));
    let (state, attempts, error): (String, i32, String) =
        sqlx::query_as("SELECT state, attempts, last_error FROM outbox_events")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!((state.as_str(), attempts), ("pending", 1));
    assert!(
        error.contains("unroutable") && error.contains("test.happened"),
        "{error}"
    );
    // It waits out its back-off...
    assert_eq!(relay_once(&settings).await.unroutable, 0);
    sqlx::query("UPDATE outbox_events SET next_attempt_at = now()")
        .execute(&mut conn)
        .await
        .unwrap();
    // ...then fails for the last time.
    let second = relay_once(&settings).await;
    assert_eq!((second.unroutable, second.dead), (1, 1));

    let status = db
        .bin()
        .env("PLATFORMCTL_AMQP_URL", amqp_url())
        .args(["events", "status", "--format", "json"])
        .run();
    status.expect_code(0);
    assert_eq!(status.json()["status"]["dead"], 1);
    // doctor reaches the broker and warns about the dead event...
    let doctor = db
        .bin()
        .env("PLATFORMCTL_AMQP_URL", amqp_url())
        .args(["doctor", "--format", "json"])
        .run();
    doctor.expect_code(0);
    let check = |report: &serde_json::Value, name: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no {name} check in {report}"))
            .clone()
    };
    let report = doctor.json();
    assert_eq!(check(&report, "rabbitmq")["status"], "ok", "{report}");
    let outbox = check(&report, "outbox");
    assert_eq!(outbox["status"], "warn");
    assert!(outbox["detail"].as_str().unwrap().contains("1 dead"), "{outbox}");
    // ...and fails, naming the URL, when the broker is unreachable.
    let doctor = db
        .bin()
        .env("PLATFORMCTL_AMQP_URL", "amqp://guest:guest@127.0.0.1:1/%2f")
        .args(["doctor", "--format", "json"])
        .run();
    doctor.expect_code(1);
    let broker = check(&doctor.json(), "rabbitmq");
    assert_eq!(broker["status"], "fail");
    let detail = broker["detail"].as_str().unwrap();
    assert!(
        detail.contains("127.0.0.1:1") && !detail.contains("guest:guest"),
        "{detail}"
    );
    let listed = db
        .bin()
        .args(["events", "list", "--state", "dead", "--format", "json"])
        .run();
    assert_eq!(listed.json().as_array().unwrap().len(), 1);
    db.bin()
        .args(["events", "retry", "--dead"])
        .run()
        .expect_code(0)
        .stderr_has("1 dead event(s)");
    let state: String = sqlx::query_scalar("SELECT state FROM outbox_events")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(state, "pending");
    // A monitor sees the pending event as too old.
    db.bin()
        .args(["events", "status", "--max-age", "1ms"])
        .run()
        .expect_code(1)
        .stderr_has("older than");
}

#[tokio::test]
async fn a_sleeping_relay_wakes_at_the_commit_and_a_busy_one_is_not_notified() {
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    let mut settings = bus.settings(&db);
    // Only a notification can wake it within the test's waits.
    settings.events.poll_interval = Duration::from_secs(120);
    let stop = tokio_util_stop();
    let relay = {
        let (settings, stop) = (settings.clone(), stop.clone());
        tokio::spawn(async move {
            relay::run(&settings, &Options::default(), stop.wait(), |_| {})
                .await
                .unwrap()
        })
    };
    let mut conn = db.connect().await;
    let mut listener = sqlx::postgres::PgListener::connect(&db.url).await.unwrap();
    listener.listen(relay::CHANNEL).await.unwrap();
    for n in 0..3 {
        // Asleep (it holds the wake lock) once it found nothing to do.
        let deadline = Instant::now() + Duration::from_secs(10);
        while db
            .scalar_i64("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 2002873189 AND granted \
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
            .await
            == 0
        {
            assert!(Instant::now() < deadline, "the relay never fell asleep");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let started = Instant::now();
        write_event(&mut conn, "wake", n).await;
        let received = bus.take(1, Duration::from_secs(10)).await;
        assert_eq!(received.len(), 1, "event {n} arrives without waiting for a poll");
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(
            tokio::time::timeout(Duration::from_secs(1), listener.recv())
                .await
                .is_ok(),
            "the commit notified"
        );
    }
    // While the relay is awake (here: not holding the lock, as when it
    // drains), a commit sends no notification.
    stop.fire();
    relay.await.unwrap();
    write_event(&mut conn, "busy", 9).await;
    assert!(
        tokio::time::timeout(Duration::from_millis(500), listener.recv())
            .await
            .is_err(),
        "no notification while no relay sleeps"
    );
}

#[tokio::test]
async fn replay_publishes_kept_events_again_in_order_and_list_shows_the_newest_first() {
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    let settings = bus.settings(&db);
    let mut conn = db.connect().await;
    write_event(&mut conn, "replayed", 0).await;
    write_event(&mut conn, "replayed", 1).await;
    tx_with_type(&mut conn, "test.other").await;
    assert_eq!(relay_once(&settings).await.published, 3);
    assert_eq!(bus.take(3, Duration::from_secs(5)).await.len(), 3);

    let events = |args: &[&str]| {
        db.bin()
            .env("PLATFORMCTL_AMQP_URL", amqp_url())
            .args(["events"])
            .args(args)
            .args(["--format", "json"])
            .run()
    };
    // Nothing was written in the last second of the future.
    let none = events(&["replay", "--since", "2099-01-01T00:00:00Z"]);
    none.expect_code(0);
    assert_eq!(none.json()["count"], 0);
    let replayed = events(&["replay", "--since", "1h", "--type", "test.happened"]);
    replayed.expect_code(0);
    assert_eq!(replayed.json()["count"], 2, "only the type asked for");
    assert_eq!(relay_once(&settings).await.published, 2);
    let again = bus.take(2, Duration::from_secs(5)).await;
    let order: Vec<i64> = again
        .iter()
        .map(|r| r.body["data"]["n"].as_i64().unwrap())
        .collect();
    assert_eq!(order, [0, 1], "replayed in their order");

    let listed = events(&["list", "--limit", "2"]);
    listed.expect_code(0);
    let listed = listed.json();
    let types: Vec<&str> = listed
        .as_array()
        .unwrap_or_else(|| panic!("{listed}"))
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["test.other", "test.happened"], "newest first");
    let bad = events(&["replay", "--since", "last tuesday"]);
    bad.expect_code(65).stderr_has("--since");
}

/// One event of `event_type` in its own transaction.
async fn tx_with_type(conn: &mut sqlx::PgConnection, event_type: &str) {
    let mut tx = conn.begin().await.unwrap();
    outbox::append(
        &mut tx,
        &NewEvent {
            event_type,
            ..numbered("other", 2)
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn two_relays_at_once_keep_each_aggregates_order_and_publish_no_duplicates() {
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    let settings = bus.settings(&db);
    let stop = tokio_util_stop();
    let relays: Vec<_> = (0..2)
        .map(|_| {
            let settings = settings.clone();
            let stop = stop.clone();
            tokio::spawn(async move {
                relay::run(&settings, &Options::default(), stop.wait(), |_| {})
                    .await
                    .unwrap()
            })
        })
        .collect();
    // Writers on several connections, while both relays run.
    let aggregates = ["a", "b", "c", "d"];
    let writers: Vec<_> = aggregates
        .iter()
        .map(|aggregate| {
            let url = db.url.clone();
            let aggregate = aggregate.to_string();
            tokio::spawn(async move {
                let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
                for n in 0..50 {
                    write_event(&mut conn, &aggregate, n).await;
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }
    let received = bus.take(200, Duration::from_secs(30)).await;
    stop.fire();
    let reports: Vec<Report> = futures_join(relays).await;
    let ids: HashSet<&str> = received.iter().map(|r| r.message_id.as_str()).collect();
    assert_eq!(received.len(), 200, "every event arrives");
    assert_eq!(ids.len(), 200, "no event arrives twice");
    assert_eq!(reports.iter().map(|r| r.published).sum::<u64>(), 200);
    for aggregate in aggregates {
        let order: Vec<i64> = received
            .iter()
            .filter(|r| r.body["aggregate_id"] == aggregate)
            .map(|r| r.body["data"]["n"].as_i64().unwrap())
            .collect();
        assert_eq!(
            order,
            (0..50).collect::<Vec<_>>(),
            "aggregate {aggregate} in commit order"
        );
    }
}

#[tokio::test]
async fn celery_mode_sends_protocol_2_tasks_named_after_the_event() {
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    let settings = bus.settings(&db);
    let mut conn = db.connect().await;
    write_event(&mut conn, "celery", 7).await;
    let options = Options {
        once: true,
        format: relay::Format::Celery,
    };
    relay::run(&settings, &options, std::future::pending(), |_| {})
        .await
        .unwrap();
    let received = bus.take(1, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 1);
    let task = &received[0];
    assert_eq!(
        task.headers["task"],
        AMQPValue::LongString("test.happened".into())
    );
    assert_eq!(
        task.headers["id"],
        AMQPValue::LongString(task.message_id.as_str().into())
    );
    assert_eq!(task.headers["lang"], AMQPValue::LongString("py".into()));
    // [args, kwargs, embed]: the envelope is the one argument.
    assert_eq!(task.body[0][0]["event_type"], "test.happened");
    assert_eq!(task.body[0][0]["data"]["n"], 7);
    assert_eq!(task.body[1], serde_json::json!({}));
    assert!(task.body[2].get("callbacks").is_some());
}

/// A Celery worker (tests/it/celery_worker.py) consuming a durable queue
/// of its own; killed, and its queue deleted, at the end.
struct CeleryWorker {
    process: std::process::Child,
    queue: String,
    channel: Channel,
    out: std::path::PathBuf,
}

impl CeleryWorker {
    async fn start(bus: &Bus, dir: &std::path::Path, tasks: &[&str]) -> CeleryWorker {
        let queue = format!("test.celery.{}", uuid::Uuid::now_v7().simple());
        let out = dir.join("tasks.jsonl");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/celery_worker.py");
        let process = std::process::Command::new("python3")
            .arg(script)
            .env("BROKER_URL", amqp_url())
            .env("EXCHANGE", &bus.exchange)
            .env("QUEUE", &queue)
            .env("TASKS", tasks.join(","))
            .env("OUT", &out)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(dir.join("worker.log")).unwrap())
            .spawn()
            .expect("python3 runs (with celery: `python3 -m pip install celery`, as .ci/run does)");
        let worker = CeleryWorker {
            process,
            queue,
            channel: bus.channel.clone(),
            out,
        };
        worker.wait_until_bound().await;
        worker
    }

    /// Waits until the worker consumes its queue, so the relay's mandatory
    /// messages have somewhere to go.
    async fn wait_until_bound(&self) {
        let probe = Connection::connect(&amqp_url(), ConnectionProperties::default())
            .await
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            // A failed passive declare closes its channel: a new one each try.
            let channel = probe.create_channel().await.unwrap();
            let declared = channel
                .queue_declare(
                    self.queue.as_str().into(),
                    QueueDeclareOptions {
                        passive: true,
                        ..QueueDeclareOptions::default()
                    },
                    FieldTable::default(),
                )
                .await;
            if declared.is_ok_and(|queue| queue.consumer_count() > 0) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the Celery worker did not consume its queue within 60 s: {}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.out.with_file_name("worker.log")).unwrap_or_default()
    }

    /// The tasks the worker ran, after waiting up to `wait` for `count`.
    async fn ran(&self, count: usize, wait: Duration) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + wait;
        loop {
            let lines: Vec<serde_json::Value> = std::fs::read_to_string(&self.out)
                .unwrap_or_default()
                .lines()
                .map(|l| serde_json::from_str(l).expect("one JSON task per line"))
                .collect();
            if lines.len() >= count || Instant::now() >= deadline {
                return lines;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for CeleryWorker {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let (channel, queue) = (self.channel.clone(), self.queue.clone());
        clean_up(async move {
            let _ = channel
                .queue_delete(queue.as_str().into(), QueueDeleteOptions::default())
                .await;
        });
    }
}

#[tokio::test]
async fn a_celery_worker_runs_every_event_as_a_task_with_the_event_id() {
    let db = TestDb::migrated().await;
    let bus = Bus::unbound().await;
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        format!("[events]\nexchange = \"{}\"\n", bus.exchange),
    )
    .unwrap();
    let worker = CeleryWorker::start(&bus, db.dir.path(), &["test.happened", "user.created"]).await;

    let aggregates: Vec<String> = (0..3).map(|a| format!("celery-{a}")).collect();
    let mut conn = db.connect().await;
    write_many(&mut conn, &aggregates, 4).await;
    let settings = bus.settings(&db);
    let cache = Cache::connect(&settings).await.unwrap();
    let actor = Actor::named("ops:celery-test");
    let user = users::create(
        &mut conn,
        &Caller::new(&actor, &cache),
        account("worker@example.com"),
    )
    .await
    .unwrap();
    let total = aggregates.len() * 4 + 1;

    db.bin()
        .args(["events", "relay", "--once", "--celery"])
        .env("PLATFORMCTL_AMQP_URL", amqp_url())
        .run()
        .expect_code(0);
    let ran = worker.ran(total, Duration::from_secs(30)).await;
    assert_eq!(
        ran.len(),
        total,
        "the worker ran every event once: {}",
        worker.log()
    );

    let written: Vec<(uuid::Uuid, String)> =
        sqlx::query_as("SELECT id, event_type FROM outbox_events ORDER BY position")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let mut expected: Vec<(String, String)> = written
        .iter()
        .map(|(id, event_type)| (id.to_string(), event_type.clone()))
        .collect();
    let mut got: Vec<(String, String)> = ran
        .iter()
        .map(|t| {
            assert_eq!(
                t["task_id"], t["event"]["event_id"],
                "the task id is the event id"
            );
            (
                t["task_id"].as_str().unwrap().to_owned(),
                t["task"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "one task per event, named after its type");
    let created = ran.iter().find(|t| t["task"] == "user.created").unwrap();
    assert_eq!(created["event"]["data"]["email"], "worker@example.com");
    assert_eq!(created["event"]["aggregate_id"], user.id.to_string());
    for aggregate in &aggregates {
        let order: Vec<i64> = ran
            .iter()
            .filter(|t| t["event"]["aggregate_id"] == aggregate.as_str())
            .map(|t| t["event"]["data"]["n"].as_i64().unwrap())
            .collect();
        assert_eq!(order, [0, 1, 2, 3], "{aggregate} in commit order");
    }
}

/// A stop signal several relays wait on.
#[derive(Clone)]
struct Stop(
    std::sync::Arc<tokio::sync::Notify>,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
);

fn tokio_util_stop() -> Stop {
    Stop(Default::default(), Default::default())
}

impl Stop {
    fn fire(&self) {
        self.1.store(true, std::sync::atomic::Ordering::SeqCst);
        self.0.notify_waiters();
    }

    async fn wait(self) {
        loop {
            let notified = self.0.notified();
            if self.1.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
            notified.await;
        }
    }
}

async fn futures_join(handles: Vec<tokio::task::JoinHandle<Report>>) -> Vec<Report> {
    let mut reports = Vec::new();
    for handle in handles {
        reports.push(handle.await.unwrap());
    }
    reports
}

/// Writes `per_aggregate` events for each of `aggregates`, numbered from 0,
/// a few per transaction.
async fn write_many(conn: &mut sqlx::PgConnection, aggregates: &[String], per_aggregate: usize) {
    for chunk in (0..per_aggregate).collect::<Vec<_>>().chunks(25) {
        let mut tx = conn.begin().await.unwrap();
        for aggregate in aggregates {
            for n in chunk {
                outbox::append(&mut tx, &numbered(aggregate, *n)).await.unwrap();
            }
        }
        tx.commit().await.unwrap();
    }
}

/// A few pseudo-random milliseconds in `range`, different on every call.
fn random_millis(range: std::ops::Range<u64>) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let mixed = nanos.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(17);
    Duration::from_millis(range.start + mixed % (range.end - range.start))
}

/// Checks that every written event arrived, nothing else did, and each of
/// `aggregates`' events (numbered from 0) first arrived in commit order.
/// Returns how many deliveries were repeats.
async fn arrived_whole_in_order(
    conn: &mut sqlx::PgConnection,
    received: &[Received],
    aggregates: &[String],
    per_aggregate: usize,
) -> usize {
    let mut copies: BTreeMap<&str, usize> = BTreeMap::new();
    for r in received {
        *copies.entry(r.message_id.as_str()).or_default() += 1;
    }
    let written: Vec<uuid::Uuid> = sqlx::query_scalar("SELECT id FROM outbox_events")
        .fetch_all(conn)
        .await
        .unwrap();
    for id in &written {
        assert!(
            copies.contains_key(id.to_string().as_str()),
            "event {id} never arrived"
        );
    }
    assert_eq!(
        copies.len(),
        written.len(),
        "nothing arrives that was not written"
    );
    for aggregate in aggregates {
        let mut seen = HashSet::new();
        let order: Vec<i64> = received
            .iter()
            .filter(|r| r.body["aggregate_id"] == aggregate.as_str() && seen.insert(r.message_id.clone()))
            .map(|r| r.body["data"]["n"].as_i64().unwrap())
            .collect();
        assert_eq!(
            order,
            (0..per_aggregate as i64).collect::<Vec<_>>(),
            "{aggregate} in commit order"
        );
    }
    copies.values().map(|c| c - 1).sum()
}

#[tokio::test]
async fn a_relay_killed_at_random_moments_loses_nothing_and_repeats_only_confirmed_events() {
    const BATCH: u64 = 200;
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        format!(
            "[events]\nexchange = \"{}\"\nbatch_size = {BATCH}\npoll_interval = \"100ms\"\n",
            bus.exchange
        ),
    )
    .unwrap();
    let aggregates: Vec<String> = (0..20).map(|a| format!("agg-{a}")).collect();
    let per_aggregate = 1000;
    let mut conn = db.connect().await;
    write_many(&mut conn, &aggregates, per_aggregate).await;
    let total = aggregates.len() * per_aggregate;

    // The relay as operators run it, SIGKILLed after a random few
    // milliseconds, again and again, while events are still pending.
    let mut kills = 0u64;
    for _ in 0..60 {
        let pending = db
            .scalar_i64("SELECT count(*) FROM outbox_events WHERE state = 'pending'")
            .await;
        if pending == 0 {
            break;
        }
        let mut relay = db
            .cmd()
            .env("PLATFORMCTL_AMQP_URL", amqp_url())
            .args(["events", "relay", "--quiet"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(random_millis(50..400)).await;
        relay.kill().unwrap(); // SIGKILL: no chance to finish the batch
        relay.wait().unwrap();
        kills += 1;
    }
    assert!(kills >= 3, "the relay was killed {kills} time(s) mid-stream");
    // What the killed relays left, a last one publishes, once the last
    // killed relay's session has ended and released the leader lock.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !relay_once(&bus.settings(&db)).await.was_active {
        assert!(
            Instant::now() < deadline,
            "a killed relay's lock was never released"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let published = db
        .scalar_i64("SELECT count(*) FROM outbox_events WHERE state = 'published'")
        .await;
    assert_eq!(published, total as i64, "every event is recorded as published");

    let received = bus.take(total, Duration::from_secs(30)).await;
    let repeats = arrived_whole_in_order(&mut conn, &received, &aggregates, per_aggregate).await;
    // A repeat comes only from batches the broker had confirmed when the
    // relay died before recording them: at most the batches in flight,
    // per kill.
    let bound = kills * BATCH * relay::BATCHES_IN_FLIGHT as u64;
    assert!(
        repeats as u64 <= bound,
        "{repeats} repeats for {kills} kills of batches of {BATCH} (at most {bound})"
    );
    // (One event may repeat more than once: relays killed one after the
    // other can each die between the broker's confirm and the record.)
    eprintln!("{kills} kills, {repeats} repeated deliveries of {total} events");
}

#[tokio::test]
async fn a_broker_crash_and_restart_mid_stream_loses_nothing_and_fails_no_write() {
    let mut node = RabbitNode::start();
    let db = TestDb::migrated().await;
    let bus = Bus::bound_on(&node.url(), true).await;
    let (exchange, queue) = (bus.exchange.clone(), bus.queue.clone());
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        format!(
            "[events]\nexchange = \"{exchange}\"\nbatch_size = 100\npoll_interval = \"100ms\"\nbroker_timeout = \"5s\"\n"
        ),
    )
    .unwrap();
    let aggregates: Vec<String> = (0..10).map(|a| format!("agg-{a}")).collect();
    let (before, during) = (400, 50);
    let mut conn = db.connect().await;
    write_many(&mut conn, &aggregates, before).await;
    let total = aggregates.len() * (before + during);
    let published = || db.scalar_i64("SELECT count(*) FROM outbox_events WHERE state = 'published'");

    let log = db.dir.path().join("relay.log");
    let mut relay = db
        .cmd()
        .env("PLATFORMCTL_AMQP_URL", node.url())
        .args(["events", "relay"])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while published().await < 300 {
        assert!(Instant::now() < deadline, "the relay published nothing");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The broker dies mid-stream, with batches in flight.
    node.kill();
    // What the broker confirmed before it died may still be recorded.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let at_crash = published().await;
    assert!(
        at_crash < (aggregates.len() * before) as i64,
        "the crash came after the last event ({at_crash} published)"
    );
    // Changes go on while it is down: their events wait in the outbox.
    for n in before..before + during {
        let mut tx = conn.begin().await.unwrap();
        for aggregate in &aggregates {
            outbox::append(&mut tx, &numbered(aggregate, n))
                .await
                .expect("a write with events succeeds while the broker is down");
        }
        tx.commit().await.unwrap();
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        published().await,
        at_crash,
        "nothing counts as published while the broker is down"
    );
    node.restart();

    let deadline = Instant::now() + Duration::from_secs(120);
    while published().await < total as i64 {
        assert!(
            Instant::now() < deadline,
            "the relay did not finish after the restart: {} of {total} published",
            published().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    relay.kill().unwrap();
    relay.wait().unwrap();
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("retrying"),
        "the relay says it lost the broker: {log}"
    );

    // What the durable queue holds after the crash: every event, each
    // aggregate's in commit order, and repeats only of events published
    // again because their confirmation was lost with the broker.
    let bus = Bus::attach(&node.url(), &exchange, &queue).await;
    let received = bus.take(total, Duration::from_secs(30)).await;
    let repeats = arrived_whole_in_order(&mut conn, &received, &aggregates, before + during).await;
    let in_flight = 100 * relay::BATCHES_IN_FLIGHT;
    assert!(
        repeats <= in_flight,
        "{repeats} repeats; at most the {in_flight} events in flight at the crash"
    );
    eprintln!("crash after {at_crash} published; {repeats} repeated deliveries of {total} events");
}

#[tokio::test]
async fn a_relay_stopped_by_sigterm_records_what_the_broker_confirmed_and_exits_0() {
    let db = TestDb::migrated().await;
    let bus = Bus::new().await;
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        format!("[events]\nexchange = \"{}\"\nbatch_size = 100\n", bus.exchange),
    )
    .unwrap();
    let aggregates: Vec<String> = (0..10).map(|a| format!("agg-{a}")).collect();
    let mut conn = db.connect().await;
    write_many(&mut conn, &aggregates, 1000).await;
    let published = || db.scalar_i64("SELECT count(*) FROM outbox_events WHERE state = 'published'");
    let relay = db
        .cmd()
        .env("PLATFORMCTL_AMQP_URL", amqp_url())
        .args(["events", "relay", "--quiet"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while published().await < 1000 {
        assert!(Instant::now() < deadline, "the relay published nothing");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // kill(1) sends SIGTERM, as a service manager does, mid-stream.
    let status = std::process::Command::new("kill")
        .arg(relay.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let output = relay.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let recorded = published().await;
    assert!(recorded < 10_000, "the stop came after the last event");
    // Everything the broker got is recorded: a restart sends no duplicate.
    let received = bus.take(recorded as usize, Duration::from_secs(10)).await;
    let ids: HashSet<&str> = received.iter().map(|r| r.message_id.as_str()).collect();
    assert_eq!(ids.len(), received.len(), "a duplicate before any restart");
    assert_eq!(
        received.len() as i64,
        recorded,
        "every message the broker took is recorded as published, and no more"
    );
}

#[tokio::test]
async fn the_relay_publishes_over_tls_to_a_broker_signed_by_a_private_ca() {
    let node = RabbitNode::start_tls();
    let db = TestDb::migrated().await;
    // The test reads on the node's plain port; the relay publishes on its TLS one.
    let bus = Bus::bound_on(&node.url(), false).await;
    let config = |ca: Option<&std::path::Path>| {
        let mut text = format!("[events]\nexchange = \"{}\"\n", bus.exchange);
        if let Some(ca) = ca {
            text += &format!("tls_ca_file = \"{}\"\n", ca.display());
        }
        std::fs::write(db.dir.path().join("platformctl.toml"), text).unwrap();
    };
    let mut conn = db.connect().await;
    write_event(&mut conn, "tls", 0).await;

    // Without the CA, the broker's certificate is refused, and nothing is lost.
    config(None);
    db.bin()
        .env("PLATFORMCTL_AMQP_URL", node.tls_url())
        .args(["events", "relay", "--once"])
        .run()
        .expect_code(69)
        .stderr_has("certificate")
        .stderr_has("[events] tls_ca_file");
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM outbox_events WHERE state = 'pending'")
            .await,
        1
    );

    config(Some(&node.ca_file()));
    let report = db
        .bin()
        .env("PLATFORMCTL_AMQP_URL", node.tls_url())
        .args(["events", "relay", "--once", "--format", "json"])
        .run()
        .expect_code(0)
        .json();
    assert_eq!(report["published"], 1, "{report}");
    let received = bus.take(1, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body["aggregate_id"], "tls");

    // A CA for a plain URL is a mistake that names the setting to fix.
    db.bin()
        .env("PLATFORMCTL_AMQP_URL", node.url())
        .args(["events", "status"])
        .run()
        .expect_code(78)
        .stderr_has("tls_ca_file")
        .stderr_has("amqps://");
}
