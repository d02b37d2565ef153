//! Applying 200 generated migrations: platformctl's runner against sqlx's own
//! `Migrator`, in the same run, on fresh databases of the same server.
//! Each round runs both, back to back, and yields one ratio (ours / sqlx's);
//! the result is the median of those paired ratios, which cancels most of the
//! drift of a shared disk (fsync latency dominates and varies minute to minute).
//!
//! Run with `cargo bench --bench migrate` (PLATFORMCTL_TEST_DATABASE_URL picks
//! the server; BENCH_MIGRATIONS and BENCH_ROUNDS change the sizes).

use std::path::Path;
use std::time::{Duration, Instant};

use platformctl::db::Target;
use platformctl::migrate::{MigrationSet, Options, Runner};
use sqlx::migrate::Migrator;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A realistic mix: tables with keys and defaults, foreign keys, indexes, column additions.
fn write_migrations(dir: &Path, count: usize) {
    for i in 1..=count {
        let version = 20260101000000i64 + i as i64;
        let (up, down) = match i % 4 {
            1 => (
                format!(
                    "CREATE TABLE t{i} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    name text NOT NULL,\n    \
                     created_at timestamptz NOT NULL DEFAULT now()\n);\nCREATE INDEX t{i}_name ON t{i} (name);\n"
                ),
                format!("DROP TABLE t{i};\n"),
            ),
            2 => (
                format!(
                    "ALTER TABLE t{p} ADD COLUMN note{i} text;\nCOMMENT ON COLUMN t{p}.note{i} IS 'added by {i}';\n",
                    p = i - 1
                ),
                format!("ALTER TABLE t{p} DROP COLUMN note{i};\n", p = i - 1),
            ),
            3 => (
                format!(
                    "CREATE TABLE c{i} (\n    id bigint PRIMARY KEY,\n    parent_id bigint NOT NULL REFERENCES t{p} (id) ON DELETE CASCADE\n);\n\
                     CREATE INDEX c{i}_parent ON c{i} (parent_id);\n",
                    p = i - 2
                ),
                format!("DROP TABLE c{i};\n"),
            ),
            _ => (
                format!(
                    "CREATE TYPE s{i} AS ENUM ('a', 'b');\nALTER TABLE c{p} ADD COLUMN state s{i};\n",
                    p = i - 1
                ),
                format!(
                    "ALTER TABLE c{p} DROP COLUMN state;\nDROP TYPE s{i};\n",
                    p = i - 1
                ),
            ),
        };
        std::fs::write(dir.join(format!("{version}_step_{i}.up.sql")), up).unwrap();
        std::fs::write(dir.join(format!("{version}_step_{i}.down.sql")), down).unwrap();
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn fresh_database(server: &str, name: &str) -> (Target, String) {
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&format!("/{name}"));
    let target = Target::new(url.as_str(), Duration::from_secs(10)).unwrap();
    target.drop_database(true).await.unwrap();
    target.create_database().await.unwrap();
    (target, url.to_string())
}

#[tokio::main]
async fn main() {
    let server = std::env::var("PLATFORMCTL_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let count = env_usize("BENCH_MIGRATIONS", 200);
    let rounds = env_usize("BENCH_ROUNDS", 9);

    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), count);
    let set = MigrationSet::from_dir(dir.path()).unwrap();
    let migrator = Migrator::new(dir.path()).await.unwrap();
    let options = Options::from(&platformctl::config::MigrateSettings::default());

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..rounds {
        // Alternate who goes first, so neither always meets a warmer server.
        for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            let name = format!("platformctl_bench_{}_{side}", std::process::id());
            let (target, _) = fresh_database(&server, &name).await;
            let started = Instant::now();
            if side == 0 {
                let steps = Runner::new(&target, &set, options.clone())
                    .up(None, &platformctl::progress::Silent)
                    .await
                    .unwrap();
                assert_eq!(steps.len(), count);
                ours.push(started.elapsed());
            } else {
                let mut conn = target.connect("sqlx bench").await.unwrap();
                migrator.run(&mut conn).await.unwrap();
                theirs.push(started.elapsed());
            }
            target.drop_database(true).await.unwrap();
        }
    }

    let mut ratios: Vec<f64> = ours
        .iter()
        .zip(&theirs)
        .map(|(o, t)| o.as_secs_f64() / t.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    let (ours, theirs) = (median(ours), median(theirs));
    println!("applying {count} migrations, {rounds} rounds on fresh databases:");
    println!(
        "  platformctl runner : median {:>8.1} ms ({:.2} ms per migration)",
        ours.as_secs_f64() * 1e3,
        ours.as_secs_f64() * 1e3 / count as f64
    );
    println!(
        "  sqlx Migrator      : median {:>8.1} ms ({:.2} ms per migration)",
        theirs.as_secs_f64() * 1e3,
        theirs.as_secs_f64() * 1e3 / count as f64
    );
    println!(
        "  ratio (platformctl / sqlx), median of paired rounds: {ratio:.2} (rounds from {:.2} to {:.2}; goal: at most 1.20)",
        ratios[0],
        ratios[ratios.len() - 1]
    );
}
