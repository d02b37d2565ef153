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
