//! `retention purge` against one plain `DELETE` of the same rows, each on its
//! own copy of the same database, while a reader queries recent messages.
//!
//! 1. A migrated database with `seed generate` data: 5M messages by default
//!    (BENCH_MESSAGES). Kept between runs unless BENCH_FRESH=1. Per-workspace
//!    chat retention is cleared, and the platform limit chosen so that about
//!    a fifth of the messages (1M of 5M) are due as of a fixed instant.
//! 2. The reader's idle baseline: the last 50 messages of a random
//!    conversation, every 2 ms, for BENCH_IDLE_SECONDS (10).
//! 3. On a fresh copy (CREATE DATABASE ... TEMPLATE), after a CHECKPOINT:
//!    `DELETE FROM messages WHERE created_at < cutoff` through psql, with the
//!    reader running. Then on another copy, `platformctl retention purge
//!    --policy chat_messages` (archiving every row, an audit row per batch),
//!    with the reader running.
//!    Between the two, on a third copy, the same DELETE streaming every row
//!    it removes to psql (`COPY (DELETE ... RETURNING t.ctid, t.*) TO
//!    STDOUT`, dropped by psql): what handing the rows to any process on
//!    this host costs, before archiving them.
//! 4. Printed: the times and ours against the plain DELETE (goal at most
//!    1.3) and against the streaming one, the reader's p50/p99 idle and
//!    during each (goal: ours at most 2x idle), and our slowest batch.
//!
//! Run with `cargo bench --bench retention`. Needs psql on the PATH and
//! about 3 GB of disk per copy at 5M messages.

#[path = "../tests/it/support/mod.rs"]
mod support;

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use platformctl::db::Target;
use platformctl::seed::generate::Sizes;
use support::bench::{drop_databases, generated, psql, timed, url_of};
use support::env_number;

const SOURCE: &str = "pctl_bench_retention_source";

async fn source(server: &str, messages: u64) -> Target {
    let sizes = Sizes {
        users: (messages / 100).max(100),
        workspaces: (messages / 1_000).max(10),
        messages,
        artifacts: (messages / 1_000).max(10),
    };
    let (target, fresh) = generated(server, SOURCE, sizes, 11).await;
    if fresh {
        let url = url_of(server, SOURCE);
        psql(&url, "UPDATE workspace_settings SET chat_retention_days = NULL");
        psql(&url, "VACUUM ANALYZE");
    }
    target
}

/// Latencies of the reader, in milliseconds.
struct Reader {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Vec<f64>>,
}

impl Reader {
    async fn start(target: &Target, conversations: Arc<Vec<uuid::Uuid>>) -> Reader {
        let mut conn = target.connect("bench reader").await.unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let task = tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
            while !stopping.load(Ordering::Relaxed) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let conversation = conversations[(rng % conversations.len() as u64) as usize];
                let started = Instant::now();
                let rows: Vec<(uuid::Uuid,)> = sqlx::query_as(
                    "SELECT id FROM messages WHERE conversation_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50",
                )
                .bind(conversation)
                .fetch_all(&mut conn)
                .await
                .unwrap();
                std::hint::black_box(rows);
                latencies.push(started.elapsed().as_secs_f64() * 1000.0);
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            latencies
        });
        Reader { stop, task }
    }

    async fn finish(self) -> Vec<f64> {
        self.stop.store(true, Ordering::Relaxed);
        let mut latencies = self.task.await.unwrap();
        latencies.sort_by(f64::total_cmp);
        latencies
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A fresh copy of the source, checkpointed.
async fn copy(server: &str, name: &str) -> (String, Target) {
    let url = url_of(server, name);
    drop_databases(&[&url]).await;
    let started = Instant::now();
    psql(
        &url_of(server, "postgres"),
        &format!("CREATE DATABASE {name} TEMPLATE {SOURCE}"),
    );
    println!(
        "copied {SOURCE} to {name} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    psql(&url, "CHECKPOINT");
    let target = Target::new(&url, Duration::from_secs(10)).unwrap();
    (url, target)
}

/// Times one statement through psql (its output dropped by psql itself),
/// with the reader running.
async fn psql_during(
    url: &str,
    target: &Target,
    conversations: &Arc<Vec<uuid::Uuid>>,
    sql: &str,
) -> (f64, Vec<f64>) {
    let reader = Reader::start(target, conversations.clone()).await;
    let seconds = timed(
        "psql",
        Command::new("psql").args([
            "-X",
            "-q",
            "-o",
            "/dev/null",
            "-v",
            "ON_ERROR_STOP=1",
            url,
            "-c",
            sql,
        ]),
    );
    (seconds, reader.finish().await)
}

#[tokio::main]
async fn main() {
    let server = std::env::var("PLATFORMCTL_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let messages: u64 = env_number("BENCH_MESSAGES", 5_000_000);
    let idle_seconds: u64 = env_number("BENCH_IDLE_SECONDS", 10);
    let source = source(&server, messages).await;
    let source_url = url_of(&server, SOURCE);

    // A fixed instant, and the limit in days that makes about 20% due.
    let as_of = psql(
        &source_url,
        "SELECT to_char(max(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM messages",
    );
    let days: i64 = psql(
        &source_url,
        &format!(
            "SELECT ceil(extract(epoch FROM '{as_of}'::timestamptz - percentile_disc(0.2) WITHIN GROUP (ORDER BY created_at)) / 86400)::bigint FROM messages"
        ),
    )
    .parse()
    .unwrap();
    let cutoff = format!("'{as_of}'::timestamptz - make_interval(days => {days})");
    let due: i64 = psql(
        &source_url,
        &format!("SELECT count(*) FROM messages WHERE created_at < {cutoff}"),
    )
    .parse()
    .unwrap();
    let size = psql(
        &source_url,
        "SELECT pg_size_pretty(pg_total_relation_size('messages'))",
    );
    println!("{messages} messages ({size} with indexes); {due} older than {days} days before {as_of}");
    let conversations: Arc<Vec<uuid::Uuid>> = Arc::new(
        psql(
            &source_url,
            "SELECT id FROM conversations ORDER BY random() LIMIT 2000",
        )
        .lines()
        .map(|l| l.parse().unwrap())
        .collect(),
    );

    // The plain DELETE, with the reader; its idle baseline first.
    let (plain_url, plain_db) = copy(&server, "pctl_bench_retention_plain").await;
    let reader = Reader::start(&plain_db, conversations.clone()).await;
    tokio::time::sleep(Duration::from_secs(idle_seconds)).await;
    let idle = reader.finish().await;
    let (plain_seconds, during_plain) = psql_during(
        &plain_url,
        &plain_db,
        &conversations,
        &format!("DELETE FROM messages WHERE created_at < {cutoff}"),
    )
    .await;
    let plain_left: i64 = psql(&plain_url, "SELECT count(*) FROM messages").parse().unwrap();
    drop_databases(&[&plain_url]).await;

    // The floor of any purge that archives on this host: the same DELETE
    // handing every row it removes to a client (psql, which drops them).
    let (streamed_url, streamed_db) = copy(&server, "pctl_bench_retention_streamed").await;
    let (streamed_seconds, during_streamed) = psql_during(
        &streamed_url,
        &streamed_db,
        &conversations,
        &format!(
            "COPY (DELETE FROM messages t WHERE created_at < {cutoff} RETURNING t.ctid, t.*) TO STDOUT (FORMAT binary)"
        ),
    )
    .await;
    drop_databases(&[&streamed_url]).await;

    // Ours, with the reader.
    let (ours_url, ours_db) = copy(&server, "pctl_bench_retention_ours").await;
    let dir = tempfile::tempdir_in(std::env::temp_dir()).unwrap();
    std::fs::write(
        dir.path().join("platformctl.toml"),
        format!("[retention.policy]\nchat_messages = {days}\n"),
    )
    .unwrap();
    let reader = Reader::start(&ours_db, conversations.clone()).await;
    let mut purge = support::platformctl_cmd(dir.path());
    purge
        .env("DATABASE_URL", &ours_url)
        .args([
            "retention",
            "purge",
            "--policy",
            "chat_messages",
            "--as-of",
            &as_of,
            "--no-cache",
            "--json",
            "--archive-dir",
        ])
        .arg(dir.path().join("archive"));
    let started = Instant::now();
    let output = purge.output().unwrap();
    let ours_seconds = started.elapsed().as_secs_f64();
    let during_ours = reader.finish().await;
    assert!(
        output.status.success(),
        "purge failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let policy = &summary["policies"][0];
    let ours_left: i64 = psql(&ours_url, "SELECT count(*) FROM messages").parse().unwrap();
    assert_eq!(plain_left, ours_left, "both removed the same rows");
    assert_eq!(policy["rows_deleted"].as_i64().unwrap(), due);
    let archive_bytes: u64 = std::fs::read_dir(dir.path().join("archive"))
        .unwrap()
        .flat_map(|run| std::fs::read_dir(run.unwrap().path()).unwrap())
        .map(|f| f.unwrap().metadata().unwrap().len())
        .sum();
    drop_databases(&[&ours_url]).await;

    println!();
    println!(
        "{:<44} {:>9} {:>12} {:>12}",
        "", "seconds", "reader p50", "reader p99"
    );
    let row = |what: &str, seconds: Option<f64>, latencies: &[f64]| {
        println!(
            "{:<44} {:>9} {:>9.2} ms {:>9.2} ms   ({} reads)",
            what,
            seconds.map_or(String::new(), |s| format!("{s:.1}")),
            percentile(latencies, 0.5),
            percentile(latencies, 0.99),
            latencies.len()
        );
    };
    row("reader alone (idle)", None, &idle);
    row(
        &format!("one DELETE of {due} rows"),
        Some(plain_seconds),
        &during_plain,
    );
    row(
        "the same DELETE, its rows streamed to psql",
        Some(streamed_seconds),
        &during_streamed,
    );
    row(
        &format!("retention purge ({} batches)", policy["batches"]),
        Some(ours_seconds),
        &during_ours,
    );
    println!(
        "ratio of time, ours / plain DELETE: {:.2} (goal: at most 1.3; ours archives every row, {:.0} MiB of zstd JSON lines, and writes an audit row per batch)",
        ours_seconds / plain_seconds,
        archive_bytes as f64 / (1 << 20) as f64
    );
    println!(
        "ratio of time, ours / the DELETE streaming its rows: {:.2}",
        ours_seconds / streamed_seconds
    );
    let p99_to_idle = |latencies: &[f64]| percentile(latencies, 0.99) / percentile(&idle, 0.99);
    println!(
        "reader p99 during ours / idle: {:.2} (goal: at most 2); during the plain DELETE / idle: {:.2}; during the streaming DELETE / idle: {:.2}",
        p99_to_idle(&during_ours),
        p99_to_idle(&during_plain),
        p99_to_idle(&during_streamed)
    );
    println!(
        "slowest batch: {} ms (batch time target {} ms)",
        policy["slowest_batch_ms"], 200
    );
    drop(source);
}
