//! `platformctl serve` under load, against the database's own limit: for
//! each endpoint, requests per second, p50 and p99 at 8 and 64 connections,
//! beside `pgbench` running the SQL that endpoint needs at the same
//! concurrency in the same run. Logins are measured against the Argon2id
//! verifications per second this machine does (its floor).
//!
//! Every API request carries a bearer token that is verified (signature,
//! claims, revocation) as every request is. Data: `seed generate` (users,
//! workspaces with settings and config, conversations, messages,
//! artifacts), reused between runs unless BENCH_FRESH=1.
//!
//! The load comes from wrk (Debian's package: `apt-get install wrk`) with
//! two threads, as pgbench runs with `-j 2`, on the same two cores.
//!
//! Run with `cargo bench --bench api` (BENCH_SECONDS: seconds per
//! measurement, 5 by default).

#[path = "../tests/it/support/mod.rs"]
mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use platformctl::seed::generate::Sizes;
use support::bench::{generated, psql};
use support::{MASTER_KEY, RedisServer, free_port, server_url};

const PASSWORD: &str = "correct horse battery staple";

struct Measured {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

#[tokio::main]
async fn main() {
    let seconds = support::env_number("BENCH_SECONDS", 5u64);
    let sizes = Sizes {
        users: 10_000,
        workspaces: 1_000,
        messages: 200_000,
        artifacts: 10_000,
    };
    let (target, _) = generated(&server_url(), "platformctl_bench_api", sizes, 5).await;
    let url = support::bench::url_of(&server_url(), "platformctl_bench_api");
    let redis = RedisServer::start();
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut cmd = support::platformctl_cmd(dir.path());
        cmd.env("DATABASE_URL", &url)
            .env("REDIS_URL", redis.url())
            .env("PLATFORMCTL_MASTER_KEY", MASTER_KEY)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        if let Some(input) = stdin {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        }
        drop(child.stdin.take());
        assert!(child.wait().unwrap().success(), "platformctl {args:?}");
    };
    // An admin who may read every workspace, and a signing key (both once).
    if psql(
        &url,
        "SELECT count(*) FROM users WHERE email = 'bench-admin@example.com'",
    ) == "0"
    {
        run(
            &[
                "user",
                "create",
                "--email",
                "bench-admin@example.com",
                "--name",
                "Bench",
                "--role",
                "admin",
                "--password-stdin",
            ],
            Some(&format!("{PASSWORD}\n")),
        );
    }
    if psql(&url, "SELECT count(*) FROM signing_keys WHERE status = 'active'") == "0" {
        run(&["keys", "generate"], None);
    }
    drop(target);

    let (public, admin) = (free_port(), free_port());
    let mut server = start_server(&url, &redis.url(), dir.path(), public, admin);
    let base = format!("http://127.0.0.1:{public}");
    let token = login(&base);
    let user = psql(
        &url,
        "SELECT id FROM users WHERE email = 'bench-admin@example.com'",
    );
    let workspace = psql(
        &url,
        "SELECT id FROM workspaces WHERE deleted_at IS NULL ORDER BY id LIMIT 1",
    );
    let conversation = psql(
        &url,
        "SELECT conversation_id FROM messages GROUP BY conversation_id ORDER BY count(*) DESC LIMIT 1",
    );

    let endpoints: [(&str, String, String); 3] = [
        (
            "GET a user",
            format!("/api/v1/users/{user}"),
            format!("SELECT * FROM users WHERE id = '{user}' AND deleted_at IS NULL;"),
        ),
        (
            "GET a workspace (settings, config cached)",
            format!("/api/v1/workspaces/{workspace}"),
            format!(
                "SELECT * FROM workspaces WHERE id = '{workspace}';\n\
                 SELECT * FROM workspace_settings WHERE workspace_id = '{workspace}';\n\
                 SELECT * FROM workspace_configs WHERE workspace_id = '{workspace}';"
            ),
        ),
        (
            "GET 50 messages",
            format!("/api/v1/conversations/{conversation}/messages?limit=50"),
            format!(
                "SELECT * FROM conversations WHERE id = '{conversation}';\n\
                 SELECT * FROM messages WHERE conversation_id = '{conversation}' ORDER BY created_at DESC, id DESC LIMIT 50;"
            ),
        ),
    ];

    let scripts = tempfile::tempdir().unwrap();
    let get_script = scripts.path().join("get.lua");
    std::fs::write(
        &get_script,
        format!("wrk.headers[\"Authorization\"] = \"Bearer {token}\"\n"),
    )
    .unwrap();
    let login_script = scripts.path().join("login.lua");
    let body = serde_json::json!({ "username": "bench-admin@example.com", "password": PASSWORD }).to_string();
    std::fs::write(
        &login_script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [[{body}]]\n"
        ),
    )
    .unwrap();

    println!();
    println!(
        "{:<44} {:>5} {:>10} {:>9} {:>9} {:>12} {:>7}",
        "endpoint", "conns", "req/s", "p50 ms", "p99 ms", "pgbench tps", "ratio"
    );
    for (name, path, sql) in &endpoints {
        for connections in [8usize, 64] {
            let ours = wrk(&format!("{base}{path}"), &get_script, connections, seconds);
            let theirs = pgbench(&url, sql, connections, seconds);
            println!(
                "{name:<44} {connections:>5} {:>10.0} {:>9.2} {:>9.2} {theirs:>12.0} {:>7.2}",
                ours.per_second,
                ours.p50_ms,
                ours.p99_ms,
                ours.per_second / theirs
            );
        }
    }

    // Logins against the machine's Argon2id verifications per second.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let floor = argon2_per_second(cores, seconds);
    for connections in [8usize, 64] {
        let logins = wrk(
            &format!("{base}/api/v1/auth/token"),
            &login_script,
            connections,
            seconds,
        );
        println!(
            "{:<44} {connections:>5} {:>10.1} {:>9.2} {:>9.2} {:>12} {:>7.2}",
            "POST /auth/token (vs Argon2id verifications/s)",
            logins.per_second,
            logins.p50_ms,
            logins.p99_ms,
            format!("{floor:.1}/s"),
            logins.per_second / floor
        );
    }

    // Seed 004: authentication under 1 s and a workspace load under 2 s at
    // p99 with 10 concurrent users.
    let sign_in = wrk(&format!("{base}/api/v1/auth/token"), &login_script, 10, seconds);
    let workspace_load = wrk(&format!("{base}{}", endpoints[1].1), &get_script, 10, seconds);
    println!();
    println!(
        "10 concurrent users: sign-in p99 {:.0} ms (goal 1000), workspace load p99 {:.1} ms (goal 2000)",
        sign_in.p99_ms, workspace_load.p99_ms
    );
    println!(
        "goals: cached endpoints at least 1.0x pgbench, uncached at least 0.6x; logins at least 0.9x the Argon2id floor"
    );
    let _ = server.kill();
    let _ = server.wait();
}

fn start_server(url: &str, redis: &str, dir: &std::path::Path, public: u16, admin: u16) -> Child {
    let mut cmd = support::platformctl_cmd(dir);
    cmd.env("DATABASE_URL", url)
        .env("REDIS_URL", redis)
        .env("PLATFORMCTL_MASTER_KEY", MASTER_KEY)
        .args(["serve", "--listen", &format!("127.0.0.1:{public}")])
        .args(["--admin-listen", &format!("127.0.0.1:{admin}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let child = cmd.spawn().unwrap();
    let agent = agent();
    let deadline = Instant::now() + Duration::from_secs(30);
    while agent
        .get(&format!("http://127.0.0.1:{admin}/health/alive"))
        .call()
        .is_err()
    {
        assert!(Instant::now() < deadline, "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn login(base: &str) -> String {
    let body = serde_json::json!({ "username": "bench-admin@example.com", "password": PASSWORD }).to_string();
    let mut response = agent()
        .post(&format!("{base}/api/v1/auth/token"))
        .header("Content-Type", "application/json")
        .send(body.as_str())
        .unwrap();
    let text = response.body_mut().read_to_string().unwrap();
    let pair: serde_json::Value = serde_json::from_str(&text).unwrap();
    pair["access_token"].as_str().unwrap().to_owned()
}

/// wrk (Debian's package) with `script` against `url`: two threads, as
/// pgbench runs with, `connections` keep-alive connections for `seconds`.
/// Every response must be a success.
fn wrk(url: &str, script: &std::path::Path, connections: usize, seconds: u64) -> Measured {
    let output = Command::new("wrk")
        .args(["-t", "2", "--latency", "-c", &connections.to_string()])
        .args(["-d", &format!("{seconds}s"), "--timeout", "30s", "-s"])
        .arg(script)
        .arg(url)
        .output()
        .expect("wrk on the PATH (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        !text.contains("Non-2xx") && !text.contains("Socket errors"),
        "wrk saw failures on {url}:\n{text}"
    );
    let field = |prefix: &str| {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(prefix))
            .map(|rest| rest.trim().to_owned())
            .unwrap_or_else(|| panic!("no {prefix:?} in wrk's output:\n{text}"))
    };
    Measured {
        per_second: field("Requests/sec:").parse().unwrap(),
        p50_ms: millis(&field("50%")),
        p99_ms: millis(&field("99%")),
    }
}

/// wrk's latency ("812.00us", "1.24ms", "2.01s") in milliseconds.
fn millis(value: &str) -> f64 {
    let split = value
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().unwrap_or_else(|_| panic!("wrk latency {value:?}"));
    match unit {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        other => panic!("wrk latency unit {other:?}"),
    }
}

/// pgbench running `sql` at `connections` for `seconds`: transactions per second.
fn pgbench(url: &str, sql: &str, connections: usize, seconds: u64) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("endpoint.sql");
    std::fs::write(&script, sql).unwrap();
    let output = Command::new("pgbench")
        .args(["-n", "-M", "prepared", "-j", "2"])
        .args(["-c", &connections.to_string(), "-T", &seconds.to_string(), "-f"])
        .arg(&script)
        .arg(url)
        .output()
        .expect("pgbench on the PATH");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "no tps from pgbench: {text}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
}

/// Argon2id verifications per second on `threads` threads: the floor of logins.
fn argon2_per_second(threads: usize, seconds: u64) -> f64 {
    let hash = platformctl::password::hash(PASSWORD).unwrap();
    let done: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let hash = hash.clone();
                scope.spawn(move || {
                    let until = Instant::now() + Duration::from_secs(seconds);
                    let mut n = 0;
                    while Instant::now() < until {
                        assert!(platformctl::password::verify(PASSWORD, &hash));
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    done as f64 / seconds as f64
}
