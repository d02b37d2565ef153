//! `/api/v1/users` end to end: the role matrix (admin, user, readonly),
//! pages, ETag and If-Match, and the errors: 400, 403, 404, 409, 412.

use crate::serve::{Answer, Server, request};
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

struct Fixture {
    db: TestDb,
    _redis: RedisServer,
    server: Server,
    admin: String,
    user: String,
    readonly: String,
    user_id: String,
    other_id: String,
}

async fn fixture() -> Fixture {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    let overrides = Overrides {
        database_url: Some(db.url.clone()),
        redis_url: Some(redis.url()),
        ..Overrides::default()
    };
    let settings = Settings::resolve(overrides, |_| None).unwrap();
    let cache = Cache::connect(&settings).await.unwrap();
    let actor = Actor::named("test:setup");
    let caller = Caller::new(&actor, &cache);
    let keyring =
        Keyring::from_lookup(|n| (n == "PLATFORMCTL_MASTER_KEY").then(|| MASTER_KEY.to_owned())).unwrap();
    let mut conn = db.connect().await;
    keys::generate(&mut conn, &caller, &keyring).await.unwrap();
    let mut ids = Vec::new();
    for (email, role) in [
        ("admin@example.com", Role::Admin),
        ("ann@example.com", Role::User),
        ("rita@example.com", Role::Readonly),
        ("bob@example.com", Role::User),
    ] {
        let account = NewAccount {
            email: email.into(),
            name: email.split('@').next().unwrap().into(),
            role,
            password: NewPassword::Given(Zeroizing::new(PASSWORD.into())),
        };
        ids.push(
            users::create(&mut conn, &caller, account)
                .await
                .unwrap()
                .id
                .to_string(),
        );
    }
    let server = Server::start(
        &db,
        &[
            ("PLATFORMCTL_MASTER_KEY", MASTER_KEY),
            ("REDIS_URL", &redis.url()),
        ],
    );
    let token = |email: &str| {
        let body = serde_json::json!({ "username": email, "password": PASSWORD }).to_string();
        let answer = request(
            "POST",
            &format!("{}/api/v1/auth/token", server.public),
            &[("Content-Type", "application/json")],
            Some(&body),
        )
        .unwrap();
        answer.json()["access_token"].as_str().unwrap().to_owned()
    };
    Fixture {
        admin: token("admin@example.com"),
        user: token("ann@example.com"),
        readonly: token("rita@example.com"),
        user_id: ids[1].clone(),
        other_id: ids[3].clone(),
        db,
        _redis: redis,
        server,
    }
}

impl Fixture {
    fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Answer {
        let auth = format!("Bearer {token}");
        let mut all = vec![
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ];
        all.extend_from_slice(headers);
        request(method, &format!("{}{path}", self.server.public), &all, body).unwrap()
    }
}

fn code(answer: &Answer) -> String {
    answer.json()["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn admins_list_and_create_users_and_others_are_refused() {
    let f = fixture().await;
    let page = f.call(
        "GET",
        "/api/v1/users?page=1&page_size=2&sort_by=email&order=asc",
        &f.admin,
        &[],
        None,
    );
    assert_eq!(page.status, 200, "{}", page.body);
    let page = page.json();
    assert_eq!(
        page["meta"],
        serde_json::json!({"page": 1, "page_size": 2, "total_count": 4, "total_pages": 2})
    );
    assert_eq!(page["data"][0]["email"], "admin@example.com");
    assert!(page["data"][0].get("password_hash").is_none());
    let readonly = f
        .call("GET", "/api/v1/users?role=readonly", &f.admin, &[], None)
        .json();
    assert_eq!(readonly["meta"]["total_count"], 1);

    for (path, expected) in [
        ("/api/v1/users?page_size=101", "VALIDATION_ERROR"),
        ("/api/v1/users?sort_by=password", "VALIDATION_ERROR"),
        ("/api/v1/users?page=0", "VALIDATION_ERROR"),
        ("/api/v1/users?colour=blue", "VALIDATION_ERROR"),
    ] {
        let answer = f.call("GET", path, &f.admin, &[], None);
        assert_eq!(
            (answer.status, code(&answer).as_str()),
            (400, expected),
            "{path}: {}",
            answer.body
        );
    }
    for token in [&f.user, &f.readonly] {
        assert_eq!(f.call("GET", "/api/v1/users", token, &[], None).status, 403);
    }

    let body = r#"{"email": "new@example.com", "name": "New", "role": "user", "password": "a long enough passphrase 7"}"#;
    let created = f.call("POST", "/api/v1/users", &f.admin, &[], Some(body));
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        created.header("location"),
        Some(format!("/api/v1/users/{id}").as_str())
    );
    assert!(created.header("etag").is_some());
    let taken = f.call("POST", "/api/v1/users", &f.admin, &[], Some(body));
    assert_eq!(
        (taken.status, code(&taken).as_str()),
        (409, "CONFLICT"),
        "{}",
        taken.body
    );
    assert!(
        !taken.body.contains("duplicate key"),
        "no server text: {}",
        taken.body
    );
    let weak = f.call(
        "POST",
        "/api/v1/users",
        &f.admin,
        &[],
        Some(r#"{"email": "w@example.com", "name": "W", "password": "short"}"#),
    );
    assert_eq!((weak.status, code(&weak).as_str()), (400, "VALIDATION_ERROR"));
    assert!(
        !weak.body.contains("constraint"),
        "no database detail: {}",
        weak.body
    );
    let bad_role = f.call(
        "POST",
        "/api/v1/users",
        &f.admin,
        &[],
        Some(r#"{"email": "r@example.com", "name": "R", "role": "root"}"#),
    );
    assert_eq!(bad_role.status, 400);
    for token in [&f.user, &f.readonly] {
        let refused = f.call("POST", "/api/v1/users", token, &[], Some(body));
        assert_eq!((refused.status, code(&refused).as_str()), (403, "FORBIDDEN"));
    }
    assert_eq!(
        f.db.scalar_i64("SELECT count(*) FROM users").await,
        5,
        "refusals wrote nothing"
    );
}

#[tokio::test]
async fn users_read_and_rename_themselves_with_if_match_and_nothing_else() {
    let f = fixture().await;
    let me = f.call("GET", &format!("/api/v1/users/{}", f.user_id), &f.user, &[], None);
    assert_eq!(me.status, 200, "{}", me.body);
    let etag = me.header("etag").unwrap().to_owned();
    assert_eq!(
        f.call(
            "GET",
            &format!("/api/v1/users/{}", f.other_id),
            &f.user,
            &[],
            None
        )
        .status,
        403
    );
    assert_eq!(
        f.call(
            "GET",
            &format!("/api/v1/users/{}", f.other_id),
            &f.admin,
            &[],
            None
        )
        .status,
        200
    );
    let unknown = f.call(
        "GET",
        &format!("/api/v1/users/{}", uuid::Uuid::now_v7()),
        &f.admin,
        &[],
        None,
    );
    assert_eq!((unknown.status, code(&unknown).as_str()), (404, "USER_NOT_FOUND"));
    let bad = f.call("GET", "/api/v1/users/not-a-uuid", &f.admin, &[], None);
    assert_eq!((bad.status, code(&bad).as_str()), (400, "VALIDATION_ERROR"));

    let path = format!("/api/v1/users/{}", f.user_id);
    let renamed = f.call(
        "PUT",
        &path,
        &f.user,
        &[("If-Match", &etag)],
        Some(r#"{"name": "Ann Renamed"}"#),
    );
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.json()["display_name"], "Ann Renamed");
    assert_ne!(renamed.header("etag"), Some(etag.as_str()));
    let stale = f.call(
        "PUT",
        &path,
        &f.user,
        &[("If-Match", &etag)],
        Some(r#"{"name": "Lost Update"}"#),
    );
    assert_eq!(
        (stale.status, code(&stale).as_str()),
        (412, "VERSION_MISMATCH"),
        "{}",
        stale.body
    );
    let promote = f.call("PUT", &path, &f.user, &[], Some(r#"{"role": "admin"}"#));
    assert_eq!(promote.status, 403);
    let readonly_self = f.call("GET", "/api/v1/auth/me", &f.readonly, &[], None).json()["id"].clone();
    let readonly_path = format!("/api/v1/users/{}", readonly_self.as_str().unwrap());
    assert_eq!(
        f.call("PUT", &readonly_path, &f.readonly, &[], Some(r#"{"name": "X"}"#))
            .status,
        403
    );
    let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1::uuid")
        .bind(&f.user_id)
        .fetch_one(&mut f.db.connect().await)
        .await
        .unwrap();
    assert_eq!(
        name, "Ann Renamed",
        "the stale and refused changes changed nothing"
    );
}

#[tokio::test]
async fn deleting_a_user_revokes_their_tokens() {
    let f = fixture().await;
    let path = format!("/api/v1/users/{}", f.user_id);
    assert_eq!(f.call("DELETE", &path, &f.user, &[], None).status, 403);
    assert_eq!(f.call("DELETE", &path, &f.admin, &[], None).status, 204);
    let after = f.call("GET", "/api/v1/auth/me", &f.user, &[], None);
    assert_eq!(after.status, 401);
    let gone = f.call("GET", &path, &f.admin, &[], None);
    assert_eq!(gone.status, 404);
}

/// Reads the server answered from its own memory (its metrics).
fn near_hits(f: &Fixture) -> u64 {
    let metrics = request("GET", &format!("{}/metrics", f.server.admin), &[], None).unwrap();
    metrics
        .body
        .lines()
        .find_map(|line| line.strip_prefix("platform_cache_near_hits_total "))
        .expect("the near tier's metric")
        .parse()
        .unwrap()
}

/// The server's cache hits and misses so far (its metrics).
fn cache_lookups(f: &Fixture) -> (u64, u64) {
    let metrics = request("GET", &format!("{}/metrics", f.server.admin), &[], None).unwrap();
    let count = |result: &str| {
        let prefix = format!("platform_cache_lookups_total{{result=\"{result}\"}} ");
        metrics
            .body
            .lines()
            .find_map(|line| line.strip_prefix(prefix.as_str()))
            .unwrap_or_else(|| panic!("no {prefix} in {}", metrics.body))
            .parse()
            .unwrap()
    };
    (count("hit"), count("miss"))
}

#[tokio::test]
async fn a_user_is_read_through_the_cache_and_every_change_is_seen_long_before_the_ttl() {
    let f = fixture().await;
    let path = format!("/api/v1/users/{}", f.user_id);
    let read = |token: &str| f.call("GET", &path, token, &[], None);
    let before = cache_lookups(&f);
    let first = read(&f.admin);
    let second = read(&f.admin);
    assert_eq!((first.status, second.status), (200, 200));
    assert_eq!(first.body, second.body);
    let after = cache_lookups(&f);
    assert!(
        after.0 > before.0,
        "the second read was a hit: {before:?} -> {after:?}"
    );

    // A change through the service, then one through the CLI, then a sign-in.
    let etag = second.header("etag").unwrap().to_owned();
    let renamed = f.call(
        "PUT",
        &path,
        &f.user,
        &[("If-Match", &etag)],
        Some(r#"{"name": "Ann Two"}"#),
    );
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(read(&f.admin).json()["display_name"], "Ann Two");
    // A changed key is not taken back into memory for two seconds; then it
    // is, and only the notification can tell the server of the CLI's change.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    read(&f.admin);
    let held = near_hits(&f);
    assert_eq!(read(&f.admin).json()["display_name"], "Ann Two");
    assert!(
        near_hits(&f) > held,
        "answered from memory before the CLI's change"
    );
    f.db.bin()
        .env("REDIS_URL", f._redis.url())
        .env("PLATFORMCTL_ACTOR", "test:admin")
        .args(["user", "update", "ann@example.com", "--name", "Ann Three"])
        .run()
        .expect_code(0);
    // The CLI's commit reaches the server as a notification, a moment after
    // the CLI exits (under load, after the next request is already in);
    // without it the old name would stay in memory for 30 s.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let seen = loop {
        let seen = read(&f.admin);
        if seen.json()["display_name"] == "Ann Three" {
            break seen;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the CLI's change was not seen within 2 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let body = serde_json::json!({ "username": "ann@example.com", "password": PASSWORD }).to_string();
    let login = request(
        "POST",
        &format!("{}/api/v1/auth/token", f.server.public),
        &[("Content-Type", "application/json")],
        Some(&body),
    )
    .unwrap();
    assert_eq!(login.status, 200);
    let after_login = read(&f.admin);
    assert_ne!(
        after_login.header("etag"),
        seen.header("etag"),
        "a sign-in changes the row (last_login_at)"
    );
    assert!(!after_login.json()["last_login_at"].is_null());
}
