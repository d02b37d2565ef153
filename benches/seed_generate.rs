//! `seed generate` against `psql \copy` loading the same rows from files into
//! the same empty tables, in the same run, on the same server.
//!
//! 1. A fresh migrated database A: `seed generate` (2M messages by default,
//!    with their users, workspaces, conversations... and ANALYZE), timed.
//! 2. Every generated table of A is exported to a file with `\copy ... TO`:
//!    exactly the rows that were generated.
//! 3. A fresh migrated database B: one psql session `\copy`s each file into
//!    its table, in the same order, then ANALYZE, timed.
//! 4. Ratio of rows per second, ours / psql's (goal: at least 0.8).
//!
//! Run with `cargo bench --bench seed_generate` (PLATFORMCTL_TEST_DATABASE_URL
//! picks the server; BENCH_MESSAGES and BENCH_JOBS change the size and the
//! workers). Needs psql on the PATH and about 2 GB of disk at the default size.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use platformctl::db::Target;
use platformctl::migrate::{MigrationSet, Options, Runner};
use platformctl::seed::generate::{self, Sizes};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn fresh_migrated(server: &str, name: &str) -> (Target, String) {
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&format!("/{name}"));
    let target = Target::new(url.as_str(), Duration::from_secs(10)).unwrap();
    target.drop_database(true).await.unwrap();
    target.create_database().await.unwrap();
    let set = MigrationSet::embedded().unwrap();
    let options = Options::from(&platformctl::config::MigrateSettings::default());
    Runner::new(&target, &set, options)
        .up(None, &platformctl::progress::Silent)
        .await
        .unwrap();
    (target, url.to_string())
}

fn psql(url: &str, script: &str) {
    let output = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", script])
        .output()
        .expect("psql on the PATH");
    assert!(
        output.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn psql_file(url: &str, path: &std::path::Path) {
    let output = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-f"])
        .arg(path)
        .output()
        .expect("psql on the PATH");
    assert!(
        output.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::main]
async fn main() {
    let server = std::env::var("PLATFORMCTL_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let messages = env_u64("BENCH_MESSAGES", 2_000_000);
    let jobs = env_u64("BENCH_JOBS", 2) as usize;
    let sizes = Sizes {
        users: (messages / 100).max(100),
        workspaces: (messages / 1_000).max(10),
        messages,
        artifacts: (messages / 100).max(10),
    };
    let options = generate::Options {
        sizes,
        rng_seed: 7,
        jobs,
        end: 1_795_000_000_000_000,
    };
    println!("seed generate vs psql \\copy: {sizes:?}, --jobs {jobs}");

    let (ours_target, ours_url) = fresh_migrated(&server, "pctl_bench_generate_ours").await;
    let started = Instant::now();
    let report = generate::generate(&ours_target, &options, Arc::new(|_| {}))
        .await
        .unwrap();
    let ours_seconds = started.elapsed().as_secs_f64();
    let rows = report.rows;

    let dir = tempfile::tempdir().unwrap();
    let mut load = String::new();
    for (table, columns) in generate::tables() {
        let file = dir.path().join(format!("{table}.copy"));
        psql(
            &ours_url,
            &format!("\\copy (SELECT {columns} FROM {table}) TO '{}'", file.display()),
        );
        load.push_str(&format!("\\copy {table} ({columns}) FROM '{}'\n", file.display()));
    }
    let names: Vec<&str> = generate::tables().map(|(t, _)| t).collect();
    load.push_str(&format!("ANALYZE {};\n", names.join(", ")));
    let script = dir.path().join("load.sql");
    std::fs::write(&script, load).unwrap();
    let bytes: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    ours_target.drop_database(true).await.unwrap();

    let (theirs_target, theirs_url) = fresh_migrated(&server, "pctl_bench_generate_psql").await;
    let started = Instant::now();
    psql_file(&theirs_url, &script);
    let theirs_seconds = started.elapsed().as_secs_f64();
    let mut conn = theirs_target.connect("bench").await.unwrap();
    let mut loaded = 0i64;
    for name in &names {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {name}")))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        loaded += n;
    }
    drop(conn);
    theirs_target.drop_database(true).await.unwrap();
    assert_eq!(loaded as u64, rows, "psql loaded the same rows");

    let ours_rate = rows as f64 / ours_seconds;
    let theirs_rate = rows as f64 / theirs_seconds;
    println!(
        "rows: {rows} ({} MiB of COPY text), of which messages: {messages}",
        bytes / (1 << 20)
    );
    println!(
        "platformctl seed generate: {ours_seconds:.1} s ({ours_rate:.0} rows/s; load {:.1} s + ANALYZE {:.1} s)",
        report.load_seconds, report.analyze_seconds
    );
    println!("psql \\copy from files:     {theirs_seconds:.1} s ({theirs_rate:.0} rows/s, ANALYZE included)");
    println!(
        "ratio of rows per second (ours / psql): {:.2} (goal: at least 0.8)",
        ours_rate / theirs_rate
    );
}
