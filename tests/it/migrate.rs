//! `platformctl migrate ...` through the binary, against the real PostgreSQL:
//! stdout, stderr, exit codes, and what the database holds afterwards.

use crate::support::{TestDb, copy_fixture, fixture};

const GOOD_VERSIONS: [i64; 4] = [20260101000001, 20260101000002, 20260101000003, 20260101000004];

fn source(set: &str) -> String {
    fixture(set).display().to_string()
}

#[tokio::test]
async fn up_applies_everything_once_and_status_agrees() {
    let db = TestDb::new().await;
    let good = source("good");

    db.run(&["migrate", "--source", &good, "status", "--check"])
        .expect_code(1)
        .stdout_has("pending");

    db.run(&["migrate", "--source", &good, "up"])
        .expect_code(0)
        .stderr_has("Applied 20260101000003 index accounts")
        .stderr_has("4 migration(s)");
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS);

    // The trigger and the SQL-standard function body (semicolons inside) work.
    let mut conn = db.connect().await;
    let email: String =
        sqlx::query_scalar("INSERT INTO accounts (email) VALUES ('  Ann@Example.COM ') RETURNING email")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(email, "ann@example.com");
    // Both concurrent indexes exist and are valid.
    let valid: i64 = db
        .scalar_i64("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname IN ('accounts_email', 'accounts_status') AND i.indisvalid")
        .await;
    assert_eq!(valid, 2);

    db.run(&["migrate", "--source", &good, "up"])
        .expect_code(0)
        .stderr_has("nothing to do");
    let status = db.run(&["migrate", "--source", &good, "status", "--check", "--json"]);
    status.expect_code(0);
    let doc = status.json();
    assert_eq!(doc["clean"], true);
    let states: Vec<&str> = doc["status"]["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["applied"; 4]);

    // Every run is in our log, with who ran it.
    let logged = db
        .scalar_i64("SELECT count(*) FROM _platformctl_migration_log WHERE outcome = 'succeeded' AND direction = 'up' AND tool_version LIKE 'platformctl %' AND host <> '' AND os_user NOT IN ('', 'unknown')")
        .await;
    assert_eq!(logged, 4);
}

#[tokio::test]
async fn dry_run_prints_the_sql_in_order_and_writes_nothing() {
    let db = TestDb::new().await;
    let run = db.run(&[
        "migrate",
        "--source",
        &source("good"),
        "up",
        "--to",
        "20260101000002",
        "--dry-run",
    ]);
    run.expect_code(0);
    let out = run.stdout();
    let first = out
        .find("CREATE TYPE account_status")
        .expect("first migration's SQL");
    let second = out
        .find("CREATE FUNCTION normalize_email")
        .expect("second migration's SQL");
    assert!(first < second, "{out}");
    assert!(
        !out.contains("CREATE INDEX CONCURRENTLY"),
        "--to must stop at version 2:\n{out}"
    );
    // Not even the history table was created.
    assert!(!db.table_exists("_sqlx_migrations").await);
    assert!(!db.table_exists("accounts").await);
}

#[tokio::test]
async fn up_to_a_version_stops_there_and_an_unknown_version_is_refused() {
    let db = TestDb::new().await;
    let good = source("good");
    db.run(&["migrate", "--source", &good, "up", "--to", "20260101000002"])
        .expect_code(0);
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS[..2]);
    db.run(&["migrate", "--source", &good, "up", "--to", "42"])
        .expect_code(67)
        .stderr_has("no migration with version 42");
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS[..2]);
}

#[tokio::test]
async fn down_needs_a_target_and_confirmation_then_reverts_to_an_empty_schema() {
    let db = TestDb::new().await;
    let good = source("good");
    db.run(&["migrate", "--source", &good, "up"]).expect_code(0);

    db.run(&["migrate", "--source", &good, "down"]).expect_code(2);
    // No terminal to ask on and no --yes: refused, nothing reverted.
    db.run(&["migrate", "--source", &good, "down", "--steps", "1"])
        .expect_code(77)
        .stderr_has("--yes");
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS);

    db.run(&["migrate", "--source", &good, "down", "--steps", "1", "--yes"])
        .expect_code(0)
        .stderr_has("Reverted 20260101000004");
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS[..3]);

    let dry = db.run(&["migrate", "--source", &good, "down", "--all", "--dry-run"]);
    dry.expect_code(0)
        .stdout_has("DROP INDEX CONCURRENTLY accounts_status");
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS[..3]);

    db.run(&["migrate", "--source", &good, "down", "--all", "--yes"])
        .expect_code(0);
    assert!(db.applied_versions().await.is_empty());
    let leftovers = db
        .scalar_i64(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = 'public' AND c.relname NOT LIKE '\\_sqlx\\_migrations%' AND c.relname NOT LIKE '\\_platformctl\\_%'",
        )
        .await;
    assert_eq!(leftovers, 0, "down --all must leave no objects");
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM pg_type WHERE typname = 'account_status'")
            .await,
        0
    );
}

#[tokio::test]
async fn redo_reverts_and_reapplies_the_newest() {
    let db = TestDb::new().await;
    let good = source("good");
    db.run(&["migrate", "--source", &good, "up"]).expect_code(0);
    db.run(&["migrate", "--source", &good, "redo", "--steps", "2", "--yes"])
        .expect_code(0)
        .stderr_has("Reverted 20260101000003")
        .stderr_has("Applied 20260101000004");
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS);
    let downs = db
        .scalar_i64("SELECT count(*) FROM _platformctl_migration_log WHERE direction = 'down' AND outcome = 'succeeded'")
        .await;
    assert_eq!(downs, 2);
}

#[tokio::test]
async fn a_missing_down_file_refuses_the_whole_run_up_front() {
    let db = TestDb::new().await;
    let set = source("missing_down");
    db.run(&["migrate", "--source", &set, "up"]).expect_code(0);
    db.run(&["migrate", "--source", &set, "down", "--all", "--yes"])
        .expect_code(65)
        .stderr_has("20260101000002_add_audit.down.sql")
        .stderr_has("nothing was run");
    // Not even version 3, which has its down file, was reverted.
    assert_eq!(
        db.applied_versions().await,
        [20260101000001, 20260101000002, 20260101000003]
    );
    assert!(db.table_exists("notes").await);
}

#[tokio::test]
async fn a_changed_applied_file_stops_everything_and_shows_both_checksums() {
    let db = TestDb::new().await;
    let dir = copy_fixture("good");
    let src = dir.path().display().to_string();
    db.run(&["migrate", "--source", &src, "up", "--to", "20260101000002"])
        .expect_code(0);

    let file = dir.path().join("20260101000001_create_accounts.up.sql");
    let original = std::fs::read(&file).unwrap();
    let mut changed = original.clone();
    changed.extend_from_slice(b"-- edited after it ran\n");
    std::fs::write(&file, &changed).unwrap();
    let applied_hex: String = sha384_hex(&original);
    let file_hex: String = sha384_hex(&changed);

    db.run(&["migrate", "--source", &src, "up"])
        .expect_code(65)
        .stderr_has("20260101000001 (create accounts)")
        .stderr_has(&applied_hex)
        .stderr_has(&file_hex);
    // Nothing ran: versions 3 and 4 are still pending.
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS[..2]);
    db.run(&["migrate", "--source", &src, "status"])
        .expect_code(0)
        .stdout_has("checksum changed");
    db.run(&["migrate", "--source", &src, "status", "--check"])
        .expect_code(1);
}

fn sha384_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha384::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn an_applied_migration_missing_from_the_source_is_refused() {
    let db = TestDb::new().await;
    db.run(&["migrate", "--source", &source("good"), "up"])
        .expect_code(0);
    // An older binary's set, which lacks version 4.
    let older = copy_fixture("good");
    for suffix in ["up", "down"] {
        std::fs::remove_file(
            older
                .path()
                .join(format!("20260101000004_add_sessions.{suffix}.sql")),
        )
        .unwrap();
    }
    let older = older.path().display().to_string();
    db.run(&["migrate", "--source", &older, "up"])
        .expect_code(66)
        .stderr_has("20260101000004 (add sessions) is applied but its file is missing");
    db.run(&["migrate", "--source", &older, "status"])
        .expect_code(0)
        .stdout_has("file missing");
    db.run(&["migrate", "--source", "/no/such/dir", "status"])
        .expect_code(66)
        .stderr_has("/no/such/dir");
}

#[tokio::test]
async fn a_syntax_error_names_the_place_and_leaves_nothing_behind() {
    let db = TestDb::new().await;
    let run = db.run(&["migrate", "--source", &source("syntax_error"), "up"]);
    run.expect_code(65)
        .stderr_has("migration 20260101000002 (broken) failed going up at 20260101000002_broken.up.sql:4:")
        .stderr_has("statement 2 of 2")
        .stderr_has("DEFALT")
        .stderr_has("PostgreSQL error 42601")
        .stderr_has("rolled back");
    // Version 1 committed on its own; version 2's first statement did not survive.
    assert_eq!(db.applied_versions().await, [20260101000001]);
    assert!(!db.table_exists("half_done").await);
    let failed = db
        .scalar_i64("SELECT count(*) FROM _platformctl_migration_log WHERE version = 20260101000002 AND outcome = 'failed' AND error LIKE '%DEFALT%'")
        .await;
    assert_eq!(failed, 1);
}

#[tokio::test]
async fn a_runtime_error_without_position_names_the_statement() {
    let db = TestDb::new().await;
    db.run(&["migrate", "--source", &source("runtime_error"), "up", "--json"])
        .expect_code(65)
        .stderr_has("statement 3 of 3")
        .stderr_has("limits_n_check")
        .stderr_has("\"exit_code\":65");
    assert!(!db.table_exists("limits").await);
}

#[tokio::test]
async fn out_of_order_versions_are_refused_unless_allowed() {
    let db = TestDb::new().await;
    let dir = copy_fixture("good");
    let src = dir.path().display().to_string();
    let late = dir.path().join("20260101000002_normalize_email.up.sql");
    let late_down = dir.path().join("20260101000002_normalize_email.down.sql");
    let up = std::fs::read(&late).unwrap();
    let down = std::fs::read(&late_down).unwrap();
    std::fs::remove_file(&late).unwrap();
    std::fs::remove_file(&late_down).unwrap();
    db.run(&["migrate", "--source", &src, "up"]).expect_code(0);

    std::fs::write(&late, up).unwrap();
    std::fs::write(&late_down, down).unwrap();
    db.run(&["migrate", "--source", &src, "up"])
        .expect_code(65)
        .stderr_has("--allow-out-of-order");
    db.run(&["migrate", "--source", &src, "up", "--allow-out-of-order"])
        .expect_code(0);
    assert_eq!(db.applied_versions().await, GOOD_VERSIONS);
}

#[tokio::test]
async fn a_held_lock_times_out_with_exit_75_naming_the_holder() {
    let db = TestDb::new().await;
    let lock = platformctl::migrate::MigrationLock::acquire(
        db.target(),
        "holder-under-test",
        std::time::Duration::ZERO,
        &platformctl::progress::Silent,
    )
    .await
    .unwrap();
    let started = std::time::Instant::now();
    db.run(&[
        "migrate",
        "--source",
        &source("good"),
        "up",
        "--lock-timeout",
        "1s",
    ])
    .expect_code(75)
    .stderr_has("holder-under-test")
    .stderr_has("pid ")
    .stderr_has("--lock-timeout");
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert!(db.applied_versions().await.is_empty());
    lock.release().await.unwrap();
    db.run(&["migrate", "--source", &source("good"), "up"])
        .expect_code(0);
}

#[tokio::test]
async fn ddl_waiting_on_a_busy_table_gives_up_at_the_ddl_lock_timeout() {
    let db = TestDb::new().await;
    let good = source("good");
    db.run(&["migrate", "--source", &good, "up", "--to", "20260101000003"])
        .expect_code(0);

    // A long transaction holds a lock on accounts; version 4 alters accounts.
    let mut blocker = db.connect().await;
    sqlx::raw_sql("BEGIN; LOCK TABLE accounts IN ACCESS SHARE MODE;")
        .execute(&mut blocker)
        .await
        .unwrap();
    db.run(&["migrate", "--source", &good, "up", "--ddl-lock-timeout", "300ms"])
        .expect_code(75)
        .stderr_has("55P03")
        .stderr_has("--ddl-lock-timeout");
    assert!(
        !db.table_exists("sessions").await,
        "version 4 must be rolled back whole"
    );
    sqlx::raw_sql("ROLLBACK").execute(&mut blocker).await.unwrap();
    db.run(&["migrate", "--source", &good, "up"]).expect_code(0);
}

#[tokio::test]
async fn statement_timeout_applies_to_each_migration() {
    let db = TestDb::new().await;
    db.run(&[
        "migrate",
        "--source",
        &source("slow"),
        "up",
        "--statement-timeout",
        "500ms",
    ])
    .expect_code(75)
    .stderr_has("57014")
    .stderr_has("--statement-timeout");
    assert_eq!(db.applied_versions().await, [20260101000001]);
    assert!(!db.table_exists("backfilled").await);
}

#[tokio::test]
async fn verify_passes_on_good_sets_and_names_what_a_down_left_behind() {
    let db = TestDb::new().await;
    let scratch_before = count_scratch_databases(&db).await;
    db.run(&["migrate", "--source", &source("good"), "verify"])
        .expect_code(0)
        .stderr_has("4 of 4 migration(s) reverse cleanly");

    let run = db.run(&["migrate", "--source", &source("not_reversed"), "verify"]);
    run.expect_code(1)
        .stdout_has("index public.accounts_nickname was left behind")
        .stdout_has("column public.accounts.nickname was left behind");
    assert_eq!(
        count_scratch_databases(&db).await,
        scratch_before,
        "scratch databases must be dropped"
    );
    // verify never touches the database of --database-url.
    assert!(!db.table_exists("_sqlx_migrations").await);
}

async fn count_scratch_databases(db: &TestDb) -> i64 {
    db.scalar_i64("SELECT count(*) FROM pg_database WHERE datname LIKE 'platformctl\\_verify\\_%'")
        .await
}

#[tokio::test]
async fn verify_refuses_a_scratch_database_that_is_not_empty() {
    let db = TestDb::new().await;
    db.run(&[
        "migrate",
        "--source",
        &source("good"),
        "up",
        "--to",
        "20260101000001",
    ])
    .expect_code(0);
    db.run(&[
        "migrate",
        "--source",
        &source("good"),
        "verify",
        "--scratch-url",
        &db.url,
    ])
    .expect_code(77)
    .stderr_has("not empty");
}

#[tokio::test]
async fn new_creates_the_next_pair() {
    let db = TestDb::unborn();
    let dir = copy_fixture("good");
    let run = db.run(&[
        "migrate",
        "--source",
        &dir.path().display().to_string(),
        "new",
        "Add Billing",
    ]);
    run.expect_code(0);
    let out = run.stdout();
    assert!(
        out.contains("_add_billing.up.sql") && out.contains("_add_billing.down.sql"),
        "{out}"
    );
    let set = platformctl::migrate::MigrationSet::from_dir(dir.path()).unwrap();
    assert_eq!(set.migrations.len(), 5);
    assert!(set.migrations[4].version > 20260101000004);

    db.run(&["migrate", "new", "!!!"])
        .expect_code(65)
        .stderr_has("no letters or digits");
}
