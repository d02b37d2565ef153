//! The library's changes as a service calls them (no binary): each writes
//! its audit row with the change, tells Redis after the commit, leaves a
//! failure row when it does not happen, and commits when Redis is down.

use crate::support::{MASTER_KEY, RedisServer, TestDb, free_port};
use platformctl::audit::Actor;
use platformctl::auth::jwt::{self, Rejection};
use platformctl::cache::{Cache, Kind};
use platformctl::changes::access::{self, TokenRequest, Tokens};
use platformctl::changes::users::{self, NewAccount, NewPassword};
use platformctl::changes::{Caller, keys};
use platformctl::config::{Overrides, Settings};
use platformctl::crypto::Keyring;
use platformctl::model::auth::TokenKind;
use platformctl::model::user::{Role, UserStatus};
use platformctl::{ErrorKind, repo};
use zeroize::Zeroizing;

fn settings(db: &TestDb, redis_url: String) -> Settings {
    let overrides = Overrides {
        database_url: Some(db.url.clone()),
        redis_url: Some(redis_url),
        ..Overrides::default()
    };
    Settings::resolve(overrides, |_| None).unwrap()
}

fn keyring() -> Keyring {
    Keyring::from_lookup(|name| (name == "PLATFORMCTL_MASTER_KEY").then(|| MASTER_KEY.to_owned())).unwrap()
}

fn account(email: &str, password: &str) -> NewAccount<'static> {
    NewAccount {
        email: email.to_owned(),
        name: "Ann Service".to_owned(),
        role: Role::User,
        password: NewPassword::Given(Zeroizing::new(password.to_owned())),
    }
}

/// An access token for ann@example.com, with the settings' lifetime and audience.
async fn issue_to_ann(
    conn: &mut sqlx::PgConnection,
    caller: &Caller<'_>,
    settings: &Settings,
) -> platformctl::Result<platformctl::auth::jwt::Issued> {
    let request = TokenRequest {
        kind: TokenKind::Access,
        ttl: None,
        audience: None,
        scopes: vec![],
    };
    access::issue_token(
        conn,
        caller,
        &keyring(),
        &settings.auth,
        "ann@example.com",
        &request,
    )
    .await
}

/// (action, outcome, request id) of every audit row, oldest first.
async fn audit(db: &TestDb) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT action, outcome, request_id FROM audit_logs WHERE actor = 'service:api' ORDER BY occurred_at, id")
        .fetch_all(&mut db.connect().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_service_creates_a_user_revokes_a_token_and_rotates_a_key_through_the_library() {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    let settings = settings(&db, redis.url());
    let cache = Cache::connect(&settings).await.unwrap();
    let actor = Actor::named("service:api");
    let caller = Caller::new(&actor, &cache).with_request_id("req-1");
    let mut conn = db.connect().await;

    let first = keys::generate(&mut conn, &caller, &keyring()).await.unwrap();
    let user = users::create(
        &mut conn,
        &caller,
        account("ann@example.com", "a long enough passphrase 42"),
    )
    .await
    .unwrap();
    assert!(user.has_password);
    let issued = issue_to_ann(&mut conn, &caller, &settings).await.unwrap();
    let valid = jwt::verify(&mut conn, &cache, &settings.auth, &issued.token)
        .await
        .unwrap();
    assert_eq!(valid.unwrap().sub, user.id.to_string());

    let revoked = access::revoke_tokens(&mut conn, &caller, Tokens::One(issued.jti), Some("leaked"))
        .await
        .unwrap();
    assert_eq!(revoked.len(), 1);
    let denied = redis.cli(&["EXISTS", &Kind::Denylist.key(&issued.jti.to_string())]);
    assert_eq!(
        denied.as_deref().map(str::trim),
        Some("1"),
        "the denylist learns the revocation"
    );
    let verdict = jwt::verify(&mut conn, &cache, &settings.auth, &issued.token)
        .await
        .unwrap();
    assert_eq!(verdict.unwrap_err(), Rejection::Revoked);

    let rotation = keys::rotate(&mut conn, &caller, &keyring()).await.unwrap();
    assert_eq!(rotation.previous.unwrap().kid, first.kid);
    assert_ne!(rotation.active.kid, first.kid);

    let rows = audit(&db).await;
    let expected = [
        "key.generate",
        "user.create",
        "token.issue",
        "token.revoke",
        "key.rotate",
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for ((action, outcome, request), want) in rows.iter().zip(expected) {
        assert_eq!(
            (action.as_str(), outcome.as_str(), request.as_deref()),
            (want, "success", Some("req-1"))
        );
    }
}

#[tokio::test]
async fn a_change_that_fails_leaves_a_failure_row_and_nothing_else() {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    let settings = settings(&db, redis.url());
    let cache = Cache::connect(&settings).await.unwrap();
    let actor = Actor::named("service:api");
    let caller = Caller::new(&actor, &cache);
    let mut conn = db.connect().await;

    users::create(
        &mut conn,
        &caller,
        account("ann@example.com", "a long enough passphrase 42"),
    )
    .await
    .unwrap();
    let taken = users::create(
        &mut conn,
        &caller,
        account("ANN@example.com", "another long passphrase 7"),
    )
    .await
    .unwrap_err();
    assert_eq!(taken.kind(), ErrorKind::BadInput, "{taken}");
    let weak = users::create(&mut conn, &caller, account("bob@example.com", "password"))
        .await
        .unwrap_err();
    assert!(weak.to_string().contains("refused because"), "{weak}");
    let no_key = issue_to_ann(&mut conn, &caller, &settings).await.unwrap_err();
    assert_eq!(
        no_key.kind(),
        ErrorKind::Config,
        "no signing key is active: {no_key}"
    );

    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 1);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM auth_tokens").await, 0);
    let outcomes: Vec<(String, String)> = audit(&db).await.into_iter().map(|(a, o, _)| (a, o)).collect();
    let outcomes: Vec<(&str, &str)> = outcomes.iter().map(|(a, o)| (a.as_str(), o.as_str())).collect();
    assert_eq!(
        outcomes,
        [
            ("user.create", "success"),
            ("user.create", "failure"),
            ("user.create", "failure"),
            ("token.issue", "failure")
        ]
    );
}

#[tokio::test]
async fn with_redis_down_changes_commit_and_postgresql_answers_revocation_checks() {
    let db = TestDb::migrated().await;
    // Nothing listens there: Redis is down for the whole test.
    let settings = settings(&db, format!("redis://127.0.0.1:{}/0", free_port()));
    let cache = Cache::connect(&settings).await.unwrap();
    let actor = Actor::named("service:api");
    let caller = Caller::new(&actor, &cache);
    let mut conn = db.connect().await;
    keys::generate(&mut conn, &caller, &keyring()).await.unwrap();
    users::create(
        &mut conn,
        &caller,
        account("ann@example.com", "a long enough passphrase 42"),
    )
    .await
    .unwrap();
    // A token revocation commits, and the check reads PostgreSQL.
    let token = issue_to_ann(&mut conn, &caller, &settings).await.unwrap();
    access::revoke_tokens(&mut conn, &caller, Tokens::One(token.jti), None)
        .await
        .unwrap();
    let verdict = jwt::verify(&mut conn, &cache, &settings.auth, &token.token)
        .await
        .unwrap();
    assert_eq!(verdict.unwrap_err(), Rejection::Revoked);

    // An account change commits too, with the revocations it makes.
    let live = issue_to_ann(&mut conn, &caller, &settings).await.unwrap();
    let disabled = users::disable(&mut conn, &caller, "ann@example.com")
        .await
        .unwrap();
    assert_eq!(disabled.user.status, UserStatus::Disabled);
    assert_eq!(disabled.revoked.token_count, 1);
    let stored = repo::users::lookup(&mut conn, "ann@example.com").await.unwrap();
    assert_eq!(stored.status, UserStatus::Disabled);
    let verdict = jwt::verify(&mut conn, &cache, &settings.auth, &live.token)
        .await
        .unwrap();
    assert_eq!(verdict.unwrap_err(), Rejection::Revoked);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM audit_logs WHERE outcome = 'success' AND action IN ('token.revoke', 'user.disable')")
            .await,
        2
    );
}
