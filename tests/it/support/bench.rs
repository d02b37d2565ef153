//! What the benchmarks share: URLs of their databases, psql, timing a
//! command, dropping what they made.

use std::process::Command;
use std::time::{Duration, Instant};

use platformctl::db::Target;

/// `database` on the server of `server`'s URL.
pub fn url_of(server: &str, database: &str) -> String {
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&format!("/{database}"));
    url.to_string()
}

/// Runs a command to completion; returns its seconds.
pub fn timed(what: &str, command: &mut Command) -> f64 {
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    seconds
}

/// One SQL command through psql; its unaligned output.
pub fn psql(url: &str, sql: &str) -> String {
    let output = Command::new("psql")
        .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        .output()
        .expect("psql on the PATH");
    assert!(
        output.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

pub async fn drop_databases(urls: &[&str]) {
    for url in urls {
        Target::new(url, Duration::from_secs(10))
            .unwrap()
            .drop_database(true)
            .await
            .unwrap();
    }
}

/// The benchmark's source database `name` with `seed generate` data of
/// `sizes`, generated unless it already holds that many messages (or
/// BENCH_FRESH=1). Returns it, and whether it was generated now.
pub async fn generated(
    server: &str,
    name: &str,
    sizes: platformctl::seed::generate::Sizes,
    rng_seed: u64,
) -> (Target, bool) {
    let url = url_of(server, name);
    let target = Target::new(&url, Duration::from_secs(10)).unwrap();
    let fresh = std::env::var("BENCH_FRESH").is_ok_and(|v| v == "1");
    if !fresh && target.database_exists().await.unwrap() {
        let have = psql(&url, "SELECT count(*) FROM messages");
        if have == sizes.messages.to_string() {
            println!(
                "reusing database {name} ({} messages); BENCH_FRESH=1 regenerates it",
                sizes.messages
            );
            return (target, false);
        }
    }
    target.drop_database(true).await.unwrap();
    target.create_database().await.unwrap();
    super::apply_schema(&target).await;
    println!("generating {sizes:?} into {name}...");
    let options = platformctl::seed::generate::Options {
        sizes,
        rng_seed,
        jobs: 2,
        end: 1_795_000_000_000_000,
    };
    platformctl::seed::generate::generate(&target, &options, std::sync::Arc::new(|_| {}))
        .await
        .unwrap();
    (target, true)
}
