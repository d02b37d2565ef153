//! sqlx compatibility, both ways: a database migrated by platformctl is fully
//! migrated in the eyes of sqlx's own `Migrator`, a database migrated by sqlx
//! is fully migrated in ours, and the two take the same lock.

use std::time::Duration;

use crate::support::{TestDb, copy_fixture, fixture};
use sqlx::migrate::{Migrate, Migrator};

/// `good`, with the two-index no-transaction file split in two: sqlx sends a
/// file as one string, and PostgreSQL refuses two CREATE INDEX CONCURRENTLY
/// in one string. (platformctl runs them one by one, so it needs no split.)
fn sqlx_runnable_set() -> tempfile::TempDir {
    let dir = copy_fixture("good");
    let p = dir.path();
    for suffix in ["up", "down"] {
        std::fs::remove_file(p.join(format!("20260101000003_index_accounts.{suffix}.sql"))).unwrap();
    }
    let write = |name: &str, text: &str| std::fs::write(p.join(name), text).unwrap();
    write(
        "20260101000003_index_accounts.up.sql",
        "-- no-transaction\nCREATE INDEX CONCURRENTLY accounts_email ON accounts (email);\n",
    );
    write(
        "20260101000003_index_accounts.down.sql",
        "-- no-transaction\nDROP INDEX CONCURRENTLY accounts_email;\n",
    );
    write(
        "20260101000005_index_status.up.sql",
        "-- no-transaction\nCREATE INDEX CONCURRENTLY accounts_status ON accounts (status) WHERE status = 'disabled';\n",
    );
    write(
        "20260101000005_index_status.down.sql",
        "-- no-transaction\nDROP INDEX CONCURRENTLY accounts_status;\n",
    );
    dir
}

#[tokio::test]
async fn sqlx_sees_a_platformctl_database_as_fully_migrated() {
    let db = TestDb::new().await;
    db.run(&[
        "migrate",
        "--source",
        &fixture("good").display().to_string(),
        "up",
    ])
    .expect_code(0);

    let migrator = Migrator::new(fixture("good")).await.unwrap();
    let mut conn = db.connect().await;
    let applied = conn.list_applied_migrations("_sqlx_migrations").await.unwrap();
    let expected: Vec<(i64, Vec<u8>)> = migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .map(|m| (m.version, m.checksum.to_vec()))
        .collect();
    let seen: Vec<(i64, Vec<u8>)> = applied.iter().map(|a| (a.version, a.checksum.to_vec())).collect();
    assert_eq!(seen, expected, "versions and checksums as sqlx computes them");

    let before = history(&db).await;
    // sqlx validates every checksum and finds nothing to apply.
    migrator.run(&mut conn).await.expect("sqlx accepts the history");
    assert_eq!(history(&db).await, before, "sqlx changed nothing");
}

#[tokio::test]
async fn platformctl_sees_a_sqlx_database_as_fully_migrated_and_can_revert_it() {
    let db = TestDb::new().await;
    let set = sqlx_runnable_set();
    let src = set.path().display().to_string();
    let migrator = Migrator::new(set.path()).await.unwrap();
    let mut conn = db.connect().await;
    migrator.run(&mut conn).await.unwrap();

    db.run(&["migrate", "--source", &src, "status", "--check"])
        .expect_code(0)
        .stderr_has("5 applied, 0 pending, 0 changed");
    db.run(&["migrate", "--source", &src, "up"])
        .expect_code(0)
        .stderr_has("nothing to do");

    db.run(&["migrate", "--source", &src, "down", "--all", "--yes"])
        .expect_code(0);
    assert!(db.applied_versions().await.is_empty());
    // And sqlx can apply everything again on what we reverted.
    migrator.run(&mut conn).await.unwrap();
    assert_eq!(db.applied_versions().await.len(), 5);
}

async fn history(db: &TestDb) -> Vec<(i64, String, Vec<u8>, bool)> {
    let mut conn = db.connect().await;
    sqlx::query_as(
        "SELECT version, installed_on::text, checksum, success FROM _sqlx_migrations ORDER BY version",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn sqlx_migrator_waits_for_the_platformctl_lock() {
    let db = TestDb::new().await;
    let lock = platformctl::migrate::MigrationLock::acquire(
        db.target(),
        "lock-test",
        Duration::ZERO,
        &platformctl::progress::Silent,
    )
    .await
    .unwrap();

    let mut conn = db.connect().await;
    let migrator = Migrator::new(fixture("slow")).await.unwrap();
    let sqlx_run = migrator.run(&mut conn);
    tokio::pin!(sqlx_run);
    assert!(
        tokio::time::timeout(Duration::from_secs(1), &mut sqlx_run)
            .await
            .is_err(),
        "sqlx must wait while platformctl holds the lock"
    );
    assert!(db.applied_versions().await.is_empty());

    lock.release().await.unwrap();
    tokio::time::timeout(Duration::from_secs(30), sqlx_run)
        .await
        .expect("sqlx proceeds once the lock is released")
        .unwrap();
    assert_eq!(db.applied_versions().await, [20260101000001, 20260101000002]);
}
