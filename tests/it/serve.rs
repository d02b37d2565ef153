//! `platformctl serve` end to end: the binary on real ports, a real HTTP
//! client. The listeners, request ids, the error body, readiness flipping
//! with a pending migration and a missing database, refusing a history
//! `migrate up` refuses, and shutting down with a request in flight.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TestDb, free_port, platformctl_cmd};

/// A running `serve` on free ports, killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// What the server wrote on stderr so far: read as it comes, since a
    /// full pipe would stop the server at its next log line.
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    pub public: String,
    pub admin: String,
}

impl Server {
    pub fn start(db: &TestDb, extra_env: &[(&str, &str)]) -> Server {
        let (public, admin) = (free_port(), free_port());
        let mut cmd = platformctl_cmd(db.dir.path());
        cmd.env("DATABASE_URL", &db.url)
            .env("RUST_LOG", "info")
            .args(["serve", "--listen", &format!("127.0.0.1:{public}")])
            .args(["--admin-listen", &format!("127.0.0.1:{admin}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in extra_env {
            cmd.env(name, value);
        }
        let mut child = cmd.spawn().expect("start platformctl serve");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut chunk = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        });
        let server = Server {
            child,
            stderr,
            public: format!("http://127.0.0.1:{public}"),
            admin: format!("http://127.0.0.1:{admin}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while get(&format!("{}/health/alive", server.admin)).is_none() {
            assert!(Instant::now() < deadline, "serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn terminate(&self) {
        // kill(1) sends SIGTERM, as a service manager does.
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit; its code and stderr.
    fn wait(mut self) -> (i32, String) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "serve did not stop");
            std::thread::sleep(Duration::from_millis(50));
        };
        // The reader ends with the pipe; give it a moment to take the rest.
        std::thread::sleep(Duration::from_millis(100));
        let stderr = self.stderr.lock().unwrap().clone();
        (status.code().unwrap_or(-1), stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The development seed set, a signing key, a Redis of its own, and a
/// server on them.
pub(crate) async fn seeded() -> (TestDb, crate::support::RedisServer, Server) {
    use crate::support::MASTER_KEY;
    let db = TestDb::migrated().await;
    let redis = crate::support::RedisServer::start();
    for args in [
        &["seed", "run", "--env", "development"][..],
        &["keys", "generate"][..],
    ] {
        db.bin()
            .env("PLATFORMCTL_MASTER_KEY", MASTER_KEY)
            .env("REDIS_URL", redis.url())
            .args(args)
            .run()
            .expect_code(0);
    }
    let server = Server::start(
        &db,
        &[
            ("PLATFORMCTL_MASTER_KEY", MASTER_KEY),
            ("REDIS_URL", &redis.url()),
        ],
    );
    (db, redis, server)
}

/// An access token of `email`.
pub(crate) fn sign_in(server: &Server, email: &str, password: &str) -> String {
    let body = serde_json::json!({ "username": email, "password": password }).to_string();
    let url = format!("{}/api/v1/auth/token", server.public);
    let answer = request("POST", &url, &[("Content-Type", "application/json")], Some(&body)).unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()["access_token"].as_str().unwrap().to_owned()
}

/// An answer: status, headers and body.
pub(crate) struct Answer {
    pub status: u16,
    pub request_id: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn get(url: &str) -> Option<Answer> {
    request("GET", url, &[], None)
}

fn get_with(url: &str, request_id: Option<&str>) -> Option<Answer> {
    match request_id {
        Some(id) => request("GET", url, &[("X-Request-Id", id)], None),
        None => get(url),
    }
}

/// One request; None when the server cannot be reached.
pub(crate) fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Option<Answer> {
    let agent = crate::support::http_agent();
    let mut response = match (method, body) {
        ("GET", _) => headers
            .iter()
            .fold(agent.get(url), |r, (n, v)| r.header(*n, *v))
            .call(),
        ("DELETE", _) => headers
            .iter()
            .fold(agent.delete(url), |r, (n, v)| r.header(*n, *v))
            .call(),
        (method, body) => {
            let builder = match method {
                "POST" => agent.post(url),
                "PUT" => agent.put(url),
                other => panic!("no {other} here"),
            };
            let builder = headers.iter().fold(builder, |r, (n, v)| r.header(*n, *v));
            match body {
                Some(body) => builder.send(body),
                None => builder.send_empty(),
            }
        }
    }
    .ok()?;
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let request_id = headers
        .iter()
        .find(|(n, _)| n == "x-request-id")
        .map(|(_, v)| v.clone());
    Some(Answer {
        status: response.status().as_u16(),
        request_id,
        headers,
        body: response.body_mut().read_to_string().unwrap_or_default(),
    })
}

#[tokio::test]
async fn the_listeners_answer_with_request_ids_and_the_documented_error_body() {
    let db = TestDb::migrated().await;
    let server = Server::start(&db, &[]);

    let alive = get(&format!("{}/health/alive", server.admin)).unwrap();
    assert_eq!(alive.status, 200);
    let ready = get(&format!("{}/health/ready", server.admin)).unwrap();
    assert_eq!(ready.status, 200, "{}", ready.body);
    assert_eq!(ready.json()["ready"], true);
    let version = get(&format!("{}/version", server.admin)).unwrap().json();
    assert_eq!(version["version"], env!("CARGO_PKG_VERSION"));

    // A request id given is kept; one not given is made.
    let unknown = get_with(&format!("{}/api/v1/no-such-thing", server.public), Some("req-42")).unwrap();
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.request_id.as_deref(), Some("req-42"));
    let error = &unknown.json()["error"];
    assert_eq!(error["code"], "NOT_FOUND");
    assert_eq!(error["request_id"], "req-42");
    assert!(error["timestamp"].as_str().unwrap().ends_with('Z'), "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("/api/v1/no-such-thing")
    );
    let made = get(&format!("{}/api/v1/no-such-thing", server.public)).unwrap();
    let id = made.request_id.clone().unwrap();
    assert_eq!(made.json()["error"]["request_id"], id.as_str());
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    let unusable = get_with(&format!("{}/version", server.admin), Some("has spaces in it")).unwrap();
    assert_ne!(unusable.request_id.as_deref(), Some("has spaces in it"));

    let jwks = get(&format!("{}/.well-known/jwks.json", server.public)).unwrap();
    assert_eq!(jwks.status, 200);
    assert_eq!(jwks.json()["keys"], serde_json::json!([]));
    // The admin routes are not on the public listener.
    assert_eq!(get(&format!("{}/metrics", server.public)).unwrap().status, 404);

    let metrics = get(&format!("{}/metrics", server.admin)).unwrap().body;
    assert!(
        metrics.contains("platform_http_requests_total{class=\"4xx\"} 3"),
        "{metrics}"
    );
    assert!(metrics.contains("platform_db_pool_connections"), "{metrics}");

    server.terminate();
    let (code, stderr) = server.wait();
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("request_id"),
        "access logs carry the request id: {stderr}"
    );
    assert!(stderr.contains("req-42"), "{stderr}");
}

#[tokio::test]
async fn readiness_is_false_while_a_migration_is_pending_or_the_database_is_gone() {
    let db = TestDb::migrated().await;
    db.run(&["migrate", "down", "--steps", "1", "--yes"])
        .expect_code(0);
    let server = Server::start(&db, &[]);
    let ready = get(&format!("{}/health/ready", server.admin)).unwrap();
    assert_eq!(ready.status, 503, "{}", ready.body);
    let checks = ready.json()["checks"].clone();
    let migrations = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "migrations")
        .unwrap();
    assert_eq!(migrations["ok"], false);
    assert!(
        migrations["detail"].as_str().unwrap().contains("migrate up"),
        "{migrations}"
    );

    db.run(&["migrate", "up"]).expect_code(0);
    assert_eq!(
        get(&format!("{}/health/ready", server.admin)).unwrap().status,
        200
    );

    // The database gone (its sessions ended): not ready, and says which check.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE \"{}\" WITH (FORCE)",
        db.name
    )))
    .execute(&mut db.target().maintenance().connect("tests").await.unwrap())
    .await
    .unwrap();
    let gone = get(&format!("{}/health/ready", server.admin)).unwrap();
    assert_eq!(gone.status, 503, "{}", gone.body);
    let postgresql = gone.json()["checks"][0].clone();
    assert_eq!(
        (postgresql["name"].as_str(), postgresql["ok"].as_bool()),
        (Some("postgresql"), Some(false))
    );
    assert!(
        !gone.body.contains("postgres://postgres@"),
        "no URL in answers: {}",
        gone.body
    );
    // Alive needs no I/O: still yes.
    assert_eq!(
        get(&format!("{}/health/alive", server.admin)).unwrap().status,
        200
    );
}

#[tokio::test]
async fn serve_refuses_a_history_migrate_up_would_refuse() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    sqlx::query("UPDATE _sqlx_migrations SET checksum = '\\x00' WHERE version = (SELECT min(version) FROM _sqlx_migrations)")
        .execute(&mut conn)
        .await
        .unwrap();
    let (public, admin) = (free_port(), free_port());
    let run = db
        .bin()
        .args(["serve", "--listen", &format!("127.0.0.1:{public}")])
        .args(["--admin-listen", &format!("127.0.0.1:{admin}")])
        .run();
    run.expect_code(65).stderr_has("were changed after they ran");
    // And a bad address is a setting to fix.
    db.run(&["serve", "--listen", "localhost-8000"])
        .expect_code(78)
        .stderr_has("--listen");
}

#[tokio::test]
async fn sigterm_lets_a_request_in_flight_finish_then_exits_0() {
    let db = TestDb::migrated().await;
    let server = Server::start(&db, &[]);
    // Hold readiness's read of the migration history behind a lock, so a
    // request is in flight when SIGTERM comes.
    let mut holder = db.connect().await;
    sqlx::raw_sql("BEGIN; LOCK TABLE _sqlx_migrations IN ACCESS EXCLUSIVE MODE")
        .execute(&mut holder)
        .await
        .unwrap();
    let url = format!("{}/health/ready", server.admin);
    let in_flight = std::thread::spawn(move || get(&url));
    std::thread::sleep(Duration::from_millis(500));
    server.terminate();
    std::thread::sleep(Duration::from_millis(500));
    // Stopped accepting: a new connection is refused.
    assert!(
        get(&format!("{}/health/alive", server.admin)).is_none(),
        "new requests are refused while draining"
    );
    sqlx::raw_sql("COMMIT").execute(&mut holder).await.unwrap();
    let answer = in_flight
        .join()
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(
        answer.status, 503,
        "readiness says no while draining: {}",
        answer.body
    );
    assert!(answer.body.contains("draining"), "{}", answer.body);
    let (code, stderr) = server.wait();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("every request in flight finished"), "{stderr}");
}

#[tokio::test]
async fn the_drain_deadline_bounds_shutdown() {
    let db = TestDb::migrated().await;
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        "[server]\ndrain_timeout = \"1s\"\n",
    )
    .unwrap();
    let server = Server::start(&db, &[]);
    let mut holder = db.connect().await;
    sqlx::raw_sql("BEGIN; LOCK TABLE _sqlx_migrations IN ACCESS EXCLUSIVE MODE")
        .execute(&mut holder)
        .await
        .unwrap();
    let url = format!("{}/health/ready", server.admin);
    let _in_flight = std::thread::spawn(move || get(&url));
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    server.terminate();
    let (code, stderr) = server.wait();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("drain deadline"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "bounded by the deadline, not the held request"
    );
    sqlx::raw_sql("ROLLBACK").execute(&mut holder).await.unwrap();
}

#[tokio::test]
async fn slow_headers_and_connections_over_the_cap_are_cut() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    let db = TestDb::migrated().await;
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        "[server]\nheader_read_timeout = \"1s\"\nmax_connections = 2\n",
    )
    .unwrap();
    let server = Server::start(&db, &[]);
    let address = server.public.trim_start_matches("http://").to_owned();
    // Reads what the server sends until it closes the connection (or 10 s).
    let until_closed = |stream: &mut TcpStream| {
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut received = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => return Some(String::from_utf8_lossy(&received).into_owned()),
                Ok(n) => received.extend_from_slice(&chunk[..n]),
                // Closed with our request unread: the kernel resets it.
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                    return Some(String::from_utf8_lossy(&received).into_owned());
                }
                Err(_) => return None,
            }
        }
    };

    // Half a request, then nothing: closed at the header-read timeout.
    let started = Instant::now();
    let mut slow = TcpStream::connect(&address).unwrap();
    slow.write_all(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let answer = until_closed(&mut slow).expect("the server closes a slow client's connection");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    assert!(started.elapsed() < Duration::from_secs(8), "cut near the timeout");

    // Two connections held open; a third is closed at once.
    let request = format!("GET /api/v1/openapi.json HTTP/1.1\r\nHost: {address}\r\n\r\n");
    let mut held: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut stream = TcpStream::connect(&address).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            let mut first = [0u8; 12];
            stream.read_exact(&mut first).unwrap();
            assert_eq!(&first, b"HTTP/1.1 200");
            stream
        })
        .collect();
    let mut third = TcpStream::connect(&address).unwrap();
    let _ = third.write_all(request.as_bytes());
    let refused = until_closed(&mut third).expect("closed, not left waiting");
    assert!(refused.is_empty(), "no answer over the cap: {refused}");
    held.clear();
}
