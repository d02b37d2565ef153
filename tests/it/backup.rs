//! `backup create | verify | list | prune | restore` through the binary,
//! against the real PostgreSQL and a private Redis.
//!
//! What a restore holds is compared with its source by an independent
//! digest (PostgreSQL's own `md5` over each table's rows as text, sorted),
//! not by the backup's own content hash, and the schemas by the catalog
//! snapshot `migrate verify` uses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Platform, Run, TestDb, platformctl_cmd};
use sqlx::Connection;

/// Loads generated data: `messages` messages with their users, workspaces,
/// conversations and the rest.
fn generate(p: &Platform, messages: u64) {
    p.run(&[
        "seed",
        "generate",
        "--messages",
        &messages.to_string(),
        "--users",
        "300",
        "--workspaces",
        "30",
        "--artifacts",
        "200",
    ])
    .expect_code(0);
}

/// Every table's row count and md5 of its rows as sorted text; audit rows of
/// the backup commands themselves are left out (they are written after the
/// snapshot, into the configured database).
async fn digest(db: &TestDb) -> BTreeMap<String, (i64, String)> {
    let mut conn = db.connect().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
           AND c.relkind = 'r' AND c.relname NOT IN ('_sqlx_migrations', '_platformctl_migration_log')
         ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut digests = BTreeMap::new();
    for table in tables {
        let filter = if table == "audit_logs" {
            "WHERE action NOT LIKE 'backup.%'"
        } else {
            ""
        };
        let sql = format!(
            "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {table} t {filter}"
        );
        let row: (i64, String) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        digests.insert(table, row);
    }
    digests
}

async fn schema(db: &TestDb) -> platformctl::migrate::catalog::Snapshot {
    let mut conn = db.connect().await;
    platformctl::migrate::catalog::Snapshot::take(&mut conn)
        .await
        .unwrap()
}

async fn database_exists(name: &str) -> bool {
    let mut conn = sqlx::PgConnection::connect(&crate::support::server_url())
        .await
        .unwrap();
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

fn staging_of(db: &TestDb) -> String {
    format!("_restore_{}", db.name)
}

/// The binary pointed at `target` as its configured database, with the
/// platform's Redis.
fn restore_cmd(p: &Platform, target: &TestDb) -> Command {
    let mut cmd = p.cmd();
    cmd.env("DATABASE_URL", &target.url);
    cmd
}

fn backup(p: &Platform, out: &Path, extra: &[&str]) -> Run {
    let out = out.to_str().unwrap();
    let mut args = vec!["--json", "backup", "create", "--out", out, "--jobs", "2"];
    args.extend_from_slice(extra);
    p.run(&args)
}

/// The largest chunk file of a backup.
fn largest_chunk(backup: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(backup.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort_by_key(|f| std::fs::metadata(f).unwrap().len());
    files.pop().unwrap()
}

#[tokio::test]
async fn a_round_trip_restores_every_row_and_the_schema_and_refreshes_the_cache() {
    let p = Platform::start().await;
    generate(&p, 20_000);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b1");
    // Small chunks: the messages table is cut into several block ranges.
    let created = backup(&p, &out, &["--chunk-size", "256K"]).expect_code(0).json();
    assert_eq!(created["path"], out.to_str().unwrap());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let messages = manifest["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "messages")
        .unwrap();
    assert_eq!(messages["rows"], 20_000);
    assert!(messages["chunks"].as_array().unwrap().len() > 3, "{messages}");
    let latest = platformctl::migrate::source::MigrationSet::embedded()
        .unwrap()
        .latest_version()
        .unwrap();
    assert_eq!(manifest["migration_version"], latest);
    assert!(!manifest["sequences"].is_null() && !manifest["snapshot"].as_str().unwrap().is_empty());
    assert!(!out.with_file_name("b1.partial").exists());
    crate::support::assert_owner_only(&out);

    p.run(&["backup", "verify", out.to_str().unwrap()])
        .expect_code(0)
        .stderr_has("every size, SHA-256, row count and content hash matches");

    // Into the configured database, with Redis: our stale keys go, others stay.
    let target = TestDb::unborn();
    p.redis.cli(&[
        "SET",
        "platform:v1:user_profile:00000000-0000-0000-0000-000000000000",
        "stale",
    ]);
    p.redis.cli(&["SET", "someone-else:key", "kept"]);
    let restored = Run(restore_cmd(&p, &target)
        .args([
            "--json",
            "backup",
            "restore",
            out.to_str().unwrap(),
            "--jobs",
            "2",
            "--read-back",
        ])
        .output()
        .unwrap());
    let restored = restored.expect_code(0).json();
    assert_eq!(restored["rows"], created["rows"]);
    assert_eq!(restored["replaced"], false);
    assert_eq!(restored["cache"]["refreshed"], true, "{restored}");
    let redis = |args: &[&str]| p.redis.cli(args).map(|out| out.trim().to_owned());
    assert_eq!(
        redis(&[
            "EXISTS",
            "platform:v1:user_profile:00000000-0000-0000-0000-000000000000"
        ])
        .as_deref(),
        Some("0")
    );
    assert_eq!(redis(&["GET", "someone-else:key"]).as_deref(), Some("kept"));
    assert!(restored["cache"]["warmed"].as_u64().unwrap() > 0, "{restored}");

    assert_eq!(digest(&p.db).await, digest(&target).await);
    // The values PostgreSQL compressed were written with lz4 (the default),
    // whatever the source used.
    let (lz4, pglz) = compressed_with(&target).await;
    assert!(lz4 > 0 && pglz == 0, "lz4 {lz4}, pglz {pglz}");
    let (source_schema, restored_schema) = (schema(&p.db).await, schema(&target).await);
    assert_eq!(source_schema.diff(&restored_schema), vec![]);
    assert!(!database_exists(&staging_of(&target)).await);
    assert!(
        target
            .scalar_text("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()")
            .await
            .starts_with("restored by platformctl from ")
    );
    Run(restore_cmd(&p, &target)
        .args(["migrate", "status", "--check"])
        .output()
        .unwrap())
    .expect_code(0);

    // A second restore over it is refused without --clean, then replaces it with --clean --yes.
    Run(restore_cmd(&p, &target)
        .args(["backup", "restore", out.to_str().unwrap(), "--no-cache"])
        .output()
        .unwrap())
    .expect_code(77)
    .stderr_has("is not empty")
    .stderr_has("--clean");
    let mut conn = target.connect().await;
    sqlx::query("DELETE FROM messages WHERE ctid IN (SELECT ctid FROM messages LIMIT 10)")
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    Run(restore_cmd(&p, &target)
        .args([
            "--json",
            "backup",
            "restore",
            out.to_str().unwrap(),
            "--clean",
            "--yes",
            "--no-cache",
            "--toast-compression",
            "pglz",
        ])
        .output()
        .unwrap())
    .expect_code(0);
    assert_eq!(digest(&p.db).await, digest(&target).await);
    let (lz4, pglz) = compressed_with(&target).await;
    assert!(lz4 == 0 && pglz > 0, "lz4 {lz4}, pglz {pglz}");
}

/// How many artifact versions' contents are compressed with lz4, and with pglz.
async fn compressed_with(db: &TestDb) -> (i64, i64) {
    let mut conn = db.connect().await;
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE pg_column_compression(content) = 'lz4'),
                count(*) FILTER (WHERE pg_column_compression(content) = 'pglz')
         FROM artifact_versions",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_a_writer_inserts_linked_rows_restores_exactly_its_snapshot() {
    let p = Platform::start().await;
    generate(&p, 30_000);
    let workspace: uuid::Uuid = {
        let mut conn = p.db.connect().await;
        sqlx::query_scalar("SELECT id FROM workspaces LIMIT 1")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    // The writer commits a conversation and five messages at a time, and
    // numbers its transactions: a consistent snapshot holds transactions
    // 0..k, each whole.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (target, stop) = (p.db.target().clone(), stop.clone());
        tokio::spawn(async move {
            let mut conn = target.connect("writer").await.unwrap();
            let mut written = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || written < 5 {
                let mut tx = conn.begin().await.unwrap();
                let conversation: uuid::Uuid = sqlx::query_scalar(
                    "INSERT INTO conversations (workspace_id, title) VALUES ($1, $2) RETURNING id",
                )
                .bind(workspace)
                .bind(format!("writer-{written}"))
                .fetch_one(&mut *tx)
                .await
                .unwrap();
                sqlx::query(
                    "INSERT INTO messages (conversation_id, role, content)
                     SELECT $1, 'user', 'message ' || i FROM generate_series(1, 5) AS i",
                )
                .bind(conversation)
                .execute(&mut *tx)
                .await
                .unwrap();
                tx.commit().await.unwrap();
                written += 1;
            }
            written
        })
    };
    // Let the writer start before the backup does.
    while p
        .db
        .scalar_i64("SELECT count(*) FROM conversations WHERE title LIKE 'writer-%'")
        .await
        < 3
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("under-writes");
    let cmd_out = out.clone();
    let mut cmd = p.cmd();
    let run = tokio::task::spawn_blocking(move || {
        Run(cmd
            .args([
                "backup",
                "create",
                "--chunk-size",
                "128K",
                "--out",
                cmd_out.to_str().unwrap(),
            ])
            .output()
            .unwrap())
    })
    .await
    .unwrap();
    run.expect_code(0);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();

    let target = TestDb::unborn();
    p.run(&[
        "backup",
        "restore",
        out.to_str().unwrap(),
        "--target-url",
        &target.url,
    ])
    .expect_code(0);
    let mut conn = target.connect().await;
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.title, count(m.id) FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
         WHERE c.title LIKE 'writer-%' GROUP BY c.title",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut numbers: Vec<u64> = counts
        .iter()
        .map(|(title, _)| title.trim_start_matches("writer-").parse().unwrap())
        .collect();
    numbers.sort();
    let restored = numbers.len() as u64;
    assert!(restored >= 3, "the writer's first transactions are in the backup");
    assert!(
        restored < written,
        "the writer went on after the snapshot ({restored} of {written})"
    );
    assert_eq!(
        numbers,
        (0..restored).collect::<Vec<_>>(),
        "a prefix of the writer's transactions"
    );
    for (title, messages) in &counts {
        assert_eq!(*messages, 5, "{title} is whole");
    }
    let orphans: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id)",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(orphans, 0);
}

#[tokio::test]
async fn damaged_or_missing_files_fail_verify_and_restore_with_65_and_the_target_is_untouched() {
    let p = Platform::start().await;
    generate(&p, 5_000);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    backup(&p, &out, &[]).expect_code(0);
    let path = out.to_str().unwrap();

    // A target with data of its own, which a failed restore must not touch.
    let target = TestDb::migrated().await;
    Run(restore_cmd(&p, &target)
        .args([
            "user",
            "create",
            "--email",
            "keep@example.com",
            "--name",
            "Keep",
            "--no-password",
        ])
        .output()
        .unwrap())
    .expect_code(0);
    let before = digest(&target).await;

    let chunk = largest_chunk(&out);
    let mut bytes = std::fs::read(&chunk).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&chunk, &bytes).unwrap();
    let chunk_name = chunk.file_name().unwrap().to_str().unwrap();

    p.run(&["backup", "verify", path])
        .expect_code(65)
        .stderr_has(chunk_name);
    p.run(&["--json", "backup", "list", "--dir", dir.path().to_str().unwrap()])
        .expect_code(0)
        .stdout_has("\"corrupt\"");
    Run(restore_cmd(&p, &target)
        .args(["backup", "restore", path, "--clean", "--yes", "--no-cache"])
        .output()
        .unwrap())
    .expect_code(65)
    .stderr_has(chunk_name);
    assert_eq!(digest(&target).await, before, "the target is untouched");
    assert!(!database_exists(&staging_of(&target)).await);

    // Into a database that does not exist: it still does not.
    let absent = TestDb::unborn();
    p.run(&["backup", "restore", path, "--target-url", &absent.url])
        .expect_code(65);
    assert!(!database_exists(&absent.name).await);

    // A missing chunk file is named too; a missing backup is 66.
    std::fs::remove_file(&chunk).unwrap();
    p.run(&["backup", "verify", path])
        .expect_code(65)
        .stderr_has(chunk_name)
        .stderr_has("missing");
    p.run(&["backup", "verify", dir.path().join("nope").to_str().unwrap()])
        .expect_code(66);
    p.run(&[
        "backup",
        "restore",
        dir.path().join("nope").to_str().unwrap(),
        "--target-url",
        &absent.url,
    ])
    .expect_code(66);
}

#[tokio::test]
async fn a_backup_whose_migrations_or_rows_differ_from_what_it_claims_is_refused() {
    let p = Platform::start().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    backup(&p, &out, &[]).expect_code(0);
    let manifest_path = out.join("manifest.json");
    let original = std::fs::read_to_string(&manifest_path).unwrap();
    let mut manifest: serde_json::Value = serde_json::from_str(&original).unwrap();
    manifest["migrations"][2]["checksum"] = serde_json::json!("00".repeat(48));
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let target = TestDb::unborn();
    p.run(&[
        "backup",
        "restore",
        out.to_str().unwrap(),
        "--target-url",
        &target.url,
    ])
    .expect_code(65)
    .stderr_has("migration 20261121000003");

    // A chunk whose file is intact but whose rows are not the manifest's
    // (the hash of what would load) never commits.
    manifest = serde_json::from_str(&original).unwrap();
    manifest["tables"][0]["chunks"][0]["hash"] = serde_json::json!("0123456789abcdef");
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    p.run(&[
        "backup",
        "restore",
        out.to_str().unwrap(),
        "--target-url",
        &target.url,
    ])
    .expect_code(65)
    .stderr_has("the manifest says");
    assert!(!database_exists(&target.name).await);

    manifest = serde_json::from_str(&original).unwrap();
    manifest["migrations"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "version": 20991231000000i64, "description": "from the future", "checksum": "00"
        }));
    manifest["migration_version"] = serde_json::json!(20991231000000i64);
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    p.run(&[
        "backup",
        "restore",
        out.to_str().unwrap(),
        "--target-url",
        &target.url,
    ])
    .expect_code(65)
    .stderr_has("does not have");
    assert!(!database_exists(&target.name).await);
}

/// Starts the binary and kills it with SIGKILL after `delay`; returns
/// whether it was still running then.
fn kill_after(mut cmd: Command, delay: Duration) -> bool {
    let mut child: Child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    while started.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    running
}

#[tokio::test]
async fn sigkill_during_create_never_leaves_a_backup_that_looks_complete() {
    let p = Platform::start().await;
    generate(&p, 40_000);
    let dir = tempfile::tempdir().unwrap();
    let mut killed_mid_run = 0;
    for (i, ms) in [30, 120, 250, 400, 600, 900].into_iter().enumerate() {
        let out = dir.path().join(format!("k{i}"));
        let mut cmd = p.cmd();
        cmd.args([
            "backup",
            "create",
            "--chunk-size",
            "256K",
            "--out",
            out.to_str().unwrap(),
        ]);
        let running = kill_after(cmd, Duration::from_millis(ms));
        if out.exists() {
            // Finished before the kill: then it is whole.
            p.run(&["backup", "verify", out.to_str().unwrap()]).expect_code(0);
        } else {
            killed_mid_run += usize::from(running);
            let partial = dir.path().join(format!("k{i}.partial"));
            if partial.exists() {
                p.run(&["backup", "verify", partial.to_str().unwrap()])
                    .expect_code(65)
                    .stderr_has("incomplete");
            }
        }
    }
    assert!(
        killed_mid_run >= 2,
        "only {killed_mid_run} kill(s) landed during a backup"
    );
    let listed = p
        .run(&["--json", "backup", "list", "--dir", dir.path().to_str().unwrap()])
        .expect_code(0)
        .json();
    let statuses: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert!(
        // A run that finished before its kill was verified above.
        statuses
            .iter()
            .all(|s| ["incomplete", "complete", "verified"].contains(s)),
        "{statuses:?}"
    );
    assert!(statuses.contains(&"incomplete"), "{statuses:?}");

    // Prune removes what the killed runs left.
    p.run(&[
        "backup",
        "prune",
        "--dir",
        dir.path().to_str().unwrap(),
        "--keep-last",
        "10",
    ])
    .expect_code(0);
    let left = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap());
    assert!(left.into_iter().all(|name| !name.ends_with(".partial")));
}

#[tokio::test]
async fn sigkill_during_restore_leaves_nothing_marked_complete() {
    let p = Platform::start().await;
    generate(&p, 40_000);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    backup(&p, &out, &["--chunk-size", "256K"]).expect_code(0);
    let target = TestDb::unborn();
    let mut killed_mid_run = 0;
    for ms in [100, 400, 800, 1300, 2000] {
        let mut cmd = p.cmd();
        cmd.args([
            "backup",
            "restore",
            out.to_str().unwrap(),
            "--target-url",
            &target.url,
            "--no-cache",
        ]);
        let running = kill_after(cmd, Duration::from_millis(ms));
        if database_exists(&target.name).await {
            // It got to the end before the kill: then it is whole.
            assert!(!running || digest(&p.db).await == digest(&target).await);
            target.target().drop_database(true).await.unwrap();
        } else {
            killed_mid_run += usize::from(running);
        }
    }
    assert!(
        killed_mid_run >= 2,
        "only {killed_mid_run} kill(s) landed during a restore"
    );
    // The next restore clears what the killed one left and completes.
    p.run(&[
        "backup",
        "restore",
        out.to_str().unwrap(),
        "--target-url",
        &target.url,
        "--no-cache",
    ])
    .expect_code(0);
    assert!(!database_exists(&staging_of(&target)).await);
    assert_eq!(digest(&p.db).await, digest(&target).await);
}

#[tokio::test]
async fn a_database_named_like_a_staging_database_but_not_marked_is_never_dropped() {
    let p = Platform::start().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    backup(&p, &out, &[]).expect_code(0);
    let target = TestDb::unborn();
    let mut conn = sqlx::PgConnection::connect(&crate::support::server_url())
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE \"{}\"",
        staging_of(&target)
    )))
    .execute(&mut conn)
    .await
    .unwrap();
    let squatter_url = target
        .url
        .replace(&format!("/{}", target.name), &format!("/{}", staging_of(&target)));
    let mut squatter = sqlx::PgConnection::connect(&squatter_url).await.unwrap();
    sqlx::raw_sql("CREATE TABLE precious (id int)")
        .execute(&mut squatter)
        .await
        .unwrap();
    squatter.close().await.unwrap();
    p.run(&[
        "backup",
        "restore",
        out.to_str().unwrap(),
        "--target-url",
        &target.url,
    ])
    .expect_code(77)
    .stderr_has("is not a restore left by platformctl");
    assert!(database_exists(&staging_of(&target)).await);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE \"{}\"",
        staging_of(&target)
    )))
    .execute(&mut conn)
    .await
    .unwrap();
}

#[tokio::test]
async fn list_and_prune_keep_what_is_asked_and_the_newest_verified_backup() {
    let p = Platform::start().await;
    let dir = tempfile::tempdir().unwrap();
    let names = ["a", "b", "c", "d"];
    for name in names {
        backup(&p, &dir.path().join(name), &["--compression", "none"]).expect_code(0);
    }
    // b is the newest verified backup.
    p.run(&["backup", "verify", dir.path().join("b").to_str().unwrap()])
        .expect_code(0);
    let dir_arg = dir.path().to_str().unwrap();
    let listed = p
        .run(&["--json", "backup", "list", "--dir", dir_arg])
        .expect_code(0)
        .json();
    let order: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["d", "c", "b", "a"], "newest first");
    assert_eq!(listed[2]["status"], "verified");
    assert!(listed[0]["bytes"].as_u64().unwrap() > 0 && listed[0]["seconds"].is_number());

    p.run(&["backup", "prune", "--dir", dir_arg])
        .expect_code(77)
        .stderr_has("--keep-last");
    let dry = p
        .run(&[
            "--json",
            "backup",
            "prune",
            "--dir",
            dir_arg,
            "--keep-last",
            "1",
            "--dry-run",
        ])
        .expect_code(0)
        .json();
    assert_eq!(dry["removed"], 2);
    assert!(
        names.iter().all(|n| dir.path().join(n).exists()),
        "a dry run removes nothing"
    );

    p.run(&["backup", "prune", "--dir", dir_arg, "--keep-last", "1"])
        .expect_code(0);
    let left: Vec<bool> = names.iter().map(|n| dir.path().join(n).exists()).collect();
    assert_eq!(left, [false, true, false, true]);
    p.run(&[
        "backup",
        "prune",
        "--dir",
        dir.path().join("none").to_str().unwrap(),
        "--keep-last",
        "1",
    ])
    .expect_code(66);
}

#[tokio::test]
async fn create_refuses_an_existing_destination_and_a_database_without_migrations() {
    let p = Platform::start().await;
    let dir = tempfile::tempdir().unwrap();
    let taken = dir.path().join("taken");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("mine.txt"), "keep").unwrap();
    backup(&p, &taken, &[])
        .expect_code(73)
        .stderr_has("already exists")
        .stderr_has("taken");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["taken"], "no .partial directory is left");
    assert_eq!(std::fs::read_to_string(taken.join("mine.txt")).unwrap(), "keep");

    let bare = TestDb::new().await;
    let out = dir.path().join("bare");
    Run(bare
        .cmd()
        .args(["backup", "create", "--out", out.to_str().unwrap()])
        .output()
        .unwrap())
    .expect_code(77)
    .stderr_has("no applied migrations")
    .stderr_has("migrate up");
    assert!(!out.exists() && !dir.path().join("bare.partial").exists());

    p.run(&["backup", "create", "--chunk-size", "lots"])
        .expect_code(2)
        .stderr_has("is not a size");
}

#[test]
fn help_teaches_the_backup_commands() {
    let dir = tempfile::tempdir().unwrap();
    let run = Run(platformctl_cmd(dir.path())
        .args(["backup", "restore", "--help"])
        .output()
        .unwrap());
    run.expect_code(0).stdout_has("--clean").stdout_has("_restore_");
    let run = Run(platformctl_cmd(dir.path())
        .args(["backup", "create", "--compression", "gzip"])
        .output()
        .unwrap());
    run.expect_code(2).stderr_has("zstd:LEVEL");
}
