//! The service's authentication end to end: the token endpoint, refresh
//! rotation and reuse, logout, "who am I", throttling across two
//! processes, a revocation made by the CLI, and bad bodies.

use crate::serve::{Answer, Server, request, sign_in};
use crate::support::{MASTER_KEY, RedisServer, TestDb};
use platformctl::audit::Actor;
use platformctl::cache::Cache;
use platformctl::changes::users::{self, NewAccount, NewPassword};
use platformctl::changes::{Caller, keys};
use platformctl::config::{Overrides, Settings};
use platformctl::crypto::Keyring;
use platformctl::model::user::Role;
use zeroize::Zeroizing;

const PASSWORD: &str = "correct horse battery staple";

/// A migrated database with a signing key, ann (active) and dis (disabled),
/// a Redis of its own, and a server on both.
async fn platform() -> (TestDb, RedisServer, Server) {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    let settings = Settings::resolve(
        Overrides {
            database_url: Some(db.url.clone()),
            redis_url: Some(redis.url()),
            ..Overrides::default()
        },
        |_| None,
    )
    .unwrap();
    let cache = Cache::connect(&settings).await.unwrap();
    let actor = Actor::named("test:setup");
    let caller = Caller::new(&actor, &cache);
    let keyring =
        Keyring::from_lookup(|n| (n == "PLATFORMCTL_MASTER_KEY").then(|| MASTER_KEY.to_owned())).unwrap();
    let mut conn = db.connect().await;
    keys::generate(&mut conn, &caller, &keyring).await.unwrap();
    for email in ["ann@example.com", "dis@example.com"] {
        let account = NewAccount {
            email: email.into(),
            name: "Test".into(),
            role: Role::User,
            password: NewPassword::Given(Zeroizing::new(PASSWORD.into())),
        };
        users::create(&mut conn, &caller, account).await.unwrap();
    }
    users::disable(&mut conn, &caller, "dis@example.com")
        .await
        .unwrap();
    let server = start(&db, &redis);
    (db, redis, server)
}

fn start(db: &TestDb, redis: &RedisServer) -> Server {
    Server::start(
        db,
        &[
            ("PLATFORMCTL_MASTER_KEY", MASTER_KEY),
            ("REDIS_URL", &redis.url()),
        ],
    )
}

fn post_json(url: &str, body: &str) -> Answer {
    request("POST", url, &[("Content-Type", "application/json")], Some(body)).unwrap()
}

fn login(server: &Server, email: &str, password: &str) -> Answer {
    let body = serde_json::json!({ "username": email, "password": password }).to_string();
    post_json(&format!("{}/api/v1/auth/token", server.public), &body)
}

fn bearer(server: &Server, method: &str, path: &str, token: &str) -> Answer {
    let auth = format!("Bearer {token}");
    request(
        method,
        &format!("{}{path}", server.public),
        &[("Authorization", &auth)],
        None,
    )
    .unwrap()
}

#[tokio::test]
async fn a_login_gives_a_pair_and_every_failure_looks_the_same() {
    let (db, _redis, server) = platform().await;
    let ok = login(&server, "ann@example.com", PASSWORD);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.header("cache-control"), Some("no-store"));
    let pair = ok.json();
    assert_eq!(pair["token_type"], "bearer");
    assert!(pair["expires_in"].as_i64().unwrap() > 0);
    let me = bearer(
        &server,
        "GET",
        "/api/v1/auth/me",
        pair["access_token"].as_str().unwrap(),
    );
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.json()["email"], "ann@example.com");
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM users WHERE email = 'ann@example.com' AND last_login_at IS NOT NULL"
        )
        .await,
        1
    );

    // Wrong password, unknown account, disabled account: one answer.
    let answers: Vec<Answer> = [
        ("ann@example.com", "not the password at all"),
        ("nobody@example.com", PASSWORD),
        ("dis@example.com", PASSWORD),
    ]
    .iter()
    .map(|(email, password)| login(&server, email, password))
    .collect();
    for answer in &answers {
        assert_eq!(answer.status, 401, "{}", answer.body);
        assert_eq!(answer.json()["error"]["code"], "INVALID_CREDENTIALS");
        assert_eq!(
            answer.json()["error"]["message"],
            answers[0].json()["error"]["message"]
        );
        assert!(answer.header("www-authenticate").is_some());
    }
    // Every attempt is in the audit trail.
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM audit_logs WHERE action = 'auth.login' AND outcome = 'success'")
            .await,
        1
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM audit_logs WHERE action = 'auth.login' AND outcome <> 'success'")
            .await,
        3
    );
    // No bearer, a bad one, a refresh token as bearer: 401.
    let none = request("GET", &format!("{}/api/v1/auth/me", server.public), &[], None).unwrap();
    assert_eq!(
        (none.status, none.json()["error"]["code"].as_str()),
        (401, Some("UNAUTHORIZED"))
    );
    let bad = bearer(&server, "GET", "/api/v1/auth/me", "not.a.jwt");
    assert_eq!(bad.status, 401);
    let refresh_as_bearer = bearer(
        &server,
        "GET",
        "/api/v1/auth/me",
        pair["refresh_token"].as_str().unwrap(),
    );
    assert_eq!(refresh_as_bearer.status, 401);
}

#[tokio::test]
async fn failures_are_throttled_across_processes_and_alike_for_unknown_accounts() {
    let (db, redis, server) = platform().await;
    let second = start(&db, &redis);
    for email in ["ann@example.com", "nobody@example.com"] {
        for _ in 0..5 {
            assert_eq!(login(&server, email, "wrong password here").status, 401);
        }
        // The sixth, on the other process: throttled, even with the right password.
        let throttled = login(&second, email, PASSWORD);
        assert_eq!(throttled.status, 429, "{}", throttled.body);
        assert_eq!(throttled.json()["error"]["code"], "TOO_MANY_ATTEMPTS");
        let wait: u64 = throttled.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=900).contains(&wait), "{wait}");
    }
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_refresh_token_revokes_its_family() {
    let (_db, _redis, server) = platform().await;
    let first = login(&server, "ann@example.com", PASSWORD).json();
    let refresh_url = format!("{}/api/v1/auth/refresh", server.public);
    let body = |token: &serde_json::Value| serde_json::json!({ "refresh_token": token }).to_string();
    let second = post_json(&refresh_url, &body(&first["refresh_token"]));
    assert_eq!(second.status, 200, "{}", second.body);
    let second = second.json();
    assert_ne!(second["access_token"], first["access_token"]);
    let access = second["access_token"].as_str().unwrap();
    assert_eq!(bearer(&server, "GET", "/api/v1/auth/me", access).status, 200);

    // The first refresh token again: someone replayed it.
    let reused = post_json(&refresh_url, &body(&first["refresh_token"]));
    assert_eq!(reused.status, 401);
    assert_eq!(reused.json()["error"]["code"], "TOKEN_REVOKED");
    let after = bearer(&server, "GET", "/api/v1/auth/me", access);
    assert_eq!(
        (after.status, after.json()["error"]["code"].as_str()),
        (401, Some("TOKEN_REVOKED"))
    );
    assert_eq!(
        post_json(&refresh_url, &body(&second["refresh_token"])).status,
        401
    );
}

#[tokio::test]
async fn logout_and_a_cli_revocation_are_refused_at_once_even_after_a_redis_flush() {
    let (db, redis, server) = platform().await;
    let pair = login(&server, "ann@example.com", PASSWORD).json();
    let access = pair["access_token"].as_str().unwrap();
    assert_eq!(bearer(&server, "POST", "/api/v1/auth/logout", access).status, 204);
    assert_eq!(bearer(&server, "GET", "/api/v1/auth/me", access).status, 401);

    let pair = login(&server, "ann@example.com", PASSWORD).json();
    let access = pair["access_token"].as_str().unwrap();
    assert_eq!(bearer(&server, "GET", "/api/v1/auth/me", access).status, 200);
    db.bin()
        .env("REDIS_URL", redis.url())
        .env("PLATFORMCTL_ACTOR", "test:admin")
        .args(["token", "revoke", "--user", "ann@example.com"])
        .run()
        .expect_code(0);
    // The service learns of the CLI's revocation by a PostgreSQL
    // notification, a moment after the CLI's commit: under a loaded test
    // run the next request can come first (docs/serve.md).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    let refused = loop {
        let answer = bearer(&server, "GET", "/api/v1/auth/me", access);
        if answer.status != 200 || std::time::Instant::now() >= deadline {
            break answer;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert_eq!(
        (refused.status, refused.json()["error"]["code"].as_str()),
        (401, Some("TOKEN_REVOKED"))
    );
    redis.cli(&["FLUSHALL"]).unwrap();
    assert_eq!(
        bearer(&server, "GET", "/api/v1/auth/me", access).status,
        401,
        "PostgreSQL still says revoked"
    );
}

#[tokio::test]
async fn bad_bodies_get_the_documented_errors_and_no_driver_text() {
    let (db, redis, _first) = platform().await;
    // A small body limit, so the refused body is still sent whole.
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        "[server]\nbody_limit = 4096\n",
    )
    .unwrap();
    let server = start(&db, &redis);
    let url = format!("{}/api/v1/auth/token", server.public);
    let json = "application/json";
    let cases: [(&str, String, u16, &str); 5] = [
        (json, "{not json".into(), 400, "VALIDATION_ERROR"),
        (
            json,
            r#"{"username": 5, "password": "x"}"#.into(),
            400,
            "VALIDATION_ERROR",
        ),
        (
            json,
            r#"{"username": "a", "password": "b", "admin": true}"#.into(),
            400,
            "VALIDATION_ERROR",
        ),
        (
            "text/plain",
            r#"{"username": "a", "password": "b"}"#.into(),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            json,
            format!(r#"{{"username": "{}", "password": "b"}}"#, "a".repeat(8192)),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let answer = request("POST", &url, &[("Content-Type", content_type)], Some(&body)).unwrap();
        assert_eq!(answer.status, status, "{}", answer.body);
        let error = &answer.json()["error"];
        assert_eq!(error["code"], code, "{error}");
        assert!(error["request_id"].is_string());
    }
    let typed = request(
        "POST",
        &url,
        &[("Content-Type", "application/json")],
        Some(r#"{"username": 5, "password": "x"}"#),
    )
    .unwrap();
    assert!(
        typed.json()["error"]["details"]["body"][0]
            .as_str()
            .unwrap()
            .contains("username"),
        "{}",
        typed.body
    );
}

/// Whether the server verifies tokens from memory now (its metric).
fn checks_in_memory(server: &Server) -> bool {
    let metrics = request("GET", &format!("{}/metrics", server.admin), &[], None).unwrap();
    metrics.body.contains("platform_token_checks_in_memory 1")
}

fn wait_for_memory_checks(server: &Server) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !checks_in_memory(server) {
        assert!(
            std::time::Instant::now() < deadline,
            "never listening for revocations"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[tokio::test]
async fn a_key_retired_by_the_cli_is_refused_at_once_by_a_server_checking_from_memory() {
    let (db, redis, server) = platform().await;
    wait_for_memory_checks(&server);
    let access = sign_in(&server, "ann@example.com", PASSWORD);
    // Twice: the second is answered from what the first checked.
    for _ in 0..2 {
        assert_eq!(bearer(&server, "GET", "/api/v1/auth/me", &access).status, 200);
    }
    let kid: String = sqlx::query_scalar("SELECT kid FROM signing_keys WHERE status = 'active'")
        .fetch_one(&mut db.connect().await)
        .await
        .unwrap();
    db.bin()
        .env("REDIS_URL", redis.url())
        .env("PLATFORMCTL_MASTER_KEY", MASTER_KEY)
        .args(["keys", "rotate"])
        .run()
        .expect_code(0);
    // Rotated out, the key still verifies what it signed.
    assert_eq!(bearer(&server, "GET", "/api/v1/auth/me", &access).status, 200);
    db.bin()
        .env("REDIS_URL", redis.url())
        .args(["keys", "retire", &kid])
        .run()
        .expect_code(0);
    let refused = bearer(&server, "GET", "/api/v1/auth/me", &access);
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert!(refused.body.contains("retired"), "{}", refused.body);
}

#[tokio::test]
async fn a_revocation_while_the_listening_connection_is_lost_is_still_refused() {
    let (db, redis, server) = platform().await;
    wait_for_memory_checks(&server);
    let access = sign_in(&server, "ann@example.com", PASSWORD);
    assert_eq!(bearer(&server, "GET", "/api/v1/auth/me", &access).status, 200);
    let mut conn = db.connect().await;
    let killed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(killed, vec![true], "one listening connection");
    db.bin()
        .env("REDIS_URL", redis.url())
        .env("PLATFORMCTL_ACTOR", "test:admin")
        .args(["token", "revoke", "--user", "ann@example.com"])
        .run()
        .expect_code(0);
    // Missed as a notification: refused from PostgreSQL meanwhile, and
    // from memory once the state is loaded again.
    let refused = bearer(&server, "GET", "/api/v1/auth/me", &access);
    assert_eq!(refused.status, 401, "{}", refused.body);
    wait_for_memory_checks(&server);
    redis.cli(&["FLUSHALL"]).unwrap();
    let refused = bearer(&server, "GET", "/api/v1/auth/me", &access);
    assert_eq!(refused.status, 401, "{}", refused.body);
}

#[tokio::test]
async fn without_a_master_key_the_token_endpoint_is_unavailable_and_names_the_setting() {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    let server = Server::start(&db, &[("REDIS_URL", &redis.url())]);
    let answer = login(&server, "ann@example.com", PASSWORD);
    assert_eq!(answer.status, 503, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["error"]["code"], "UNAVAILABLE");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("PLATFORMCTL_MASTER_KEY"),
        "{body}"
    );
    assert_eq!(answer.header("retry-after"), Some("60"));
}
