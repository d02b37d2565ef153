//! Several runs at once, and a run killed in the middle: the lock and the
//! transactions must leave exactly one application of each migration and no
//! partial state.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{TestDb, fixture};

#[tokio::test]
async fn eight_concurrent_runs_apply_each_migration_exactly_once() {
    let db = TestDb::new().await;
    let slow = fixture("slow").display().to_string();
    let children: Vec<_> = (0..8)
        .map(|_| {
            db.cmd()
                .args(["migrate", "--source", &slow, "up"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn platformctl")
        })
        .collect();
    let mut codes = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let code = out.status.code().unwrap();
        assert!(
            code == 0 || code == 75,
            "exit {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        codes.push(code);
    }
    assert!(codes.contains(&0), "at least one run must succeed: {codes:?}");

    assert_eq!(db.applied_versions().await, [20260101000001, 20260101000002]);
    let successes = db
        .scalar_i64("SELECT count(*) FROM _platformctl_migration_log WHERE outcome = 'succeeded'")
        .await;
    assert_eq!(successes, 2, "each migration ran once");
    let others = db
        .scalar_i64("SELECT count(*) FROM _platformctl_migration_log WHERE outcome <> 'succeeded'")
        .await;
    assert_eq!(others, 0);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM backfilled").await, 1000);
}

#[tokio::test]
async fn a_run_killed_mid_migration_leaves_nothing_partial_and_a_rerun_succeeds() {
    let db = TestDb::new().await;
    let slow = fixture("slow").display().to_string();
    let mut child = db
        .cmd()
        .args(["migrate", "--source", &slow, "up"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // Wait until the slow migration is inside its pg_sleep, then SIGKILL.
    wait_for_sleep(&db).await;
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();

    // Version 2 left nothing: no table, no history row; version 1 is intact.
    assert_eq!(db.applied_versions().await, [20260101000001]);
    assert!(!db.table_exists("backfilled").await);

    // The server notices the dead client within about a second and ends its
    // statement, so a re-run gets the table lock well within its DDL lock timeout.
    db.run(&["migrate", "--source", &slow, "up"]).expect_code(0);
    assert_eq!(db.applied_versions().await, [20260101000001, 20260101000002]);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM backfilled").await, 1000);

    // The killed run is recorded as interrupted, and status says so.
    let interrupted = db
        .scalar_i64("SELECT count(*) FROM _platformctl_migration_log WHERE outcome = 'interrupted' AND version = 20260101000002")
        .await;
    assert_eq!(interrupted, 1);
    let status = db.run(&["migrate", "--source", &slow, "status", "--json"]);
    status.expect_code(0);
    assert_eq!(
        status.json()["status"]["interrupted_runs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn ctrl_c_rolls_back_releases_the_lock_and_exits_130() {
    let db = TestDb::new().await;
    let slow = fixture("slow").display().to_string();
    let child = db
        .cmd()
        .args(["migrate", "--source", &slow, "up"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_sleep(&db).await;
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));

    assert_eq!(db.applied_versions().await, [20260101000001]);
    assert!(!db.table_exists("backfilled").await);
    // The advisory lock went with the process: a new run takes it at once.
    db.run(&["migrate", "--source", &slow, "up", "--lock-timeout", "0s"])
        .expect_code(0);
}

/// Waits until a run of the `slow` set is inside its pg_sleep.
async fn wait_for_sleep(db: &TestDb) {
    let mut watcher = db.connect().await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let sleeping: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid()",
        )
        .fetch_one(&mut watcher)
        .await
        .unwrap();
        if sleeping > 0 {
            return;
        }
        assert!(Instant::now() < deadline, "the slow migration never started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
