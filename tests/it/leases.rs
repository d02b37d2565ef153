//! The service's connections (`db::lease`): a released connection is
//! reused as it is; one dropped without release (here with a transaction
//! open) is cleaned before anyone uses it again; a caller waits at most the
//! acquire timeout when every connection is out.

use platformctl::ErrorKind;

use crate::support::TestDb;

async fn backend_pid(conn: &mut sqlx::PgConnection) -> i32 {
    sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_released_connection_is_reused_and_a_dropped_one_is_cleaned_first() {
    let db = TestDb::migrated().await;
    let leases = db.target().leases("platformctl test", 1);
    let mut lease = leases.acquire().await.unwrap();
    let pid = backend_pid(&mut lease).await;
    lease.release();
    let mut lease = leases.acquire().await.unwrap();
    assert_eq!(backend_pid(&mut lease).await, pid, "the same connection");

    // Dropped inside a transaction: sqlx queues the rollback, the lease's
    // drop sends it before the connection is handed out again.
    {
        use sqlx::Connection;
        let mut tx = lease.begin().await.unwrap();
        sqlx::query("SET LOCAL statement_timeout = '1234ms'")
            .execute(&mut *tx)
            .await
            .unwrap();
        drop(tx);
    }
    drop(lease);
    // Idle in the pool, it holds no transaction (and so no locks).
    let mut watcher = db.connect().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let state: Option<String> = sqlx::query_scalar("SELECT state FROM pg_stat_activity WHERE pid = $1")
            .bind(pid)
            .fetch_one(&mut watcher)
            .await
            .unwrap();
        if state.as_deref() == Some("idle") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "left {state:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let mut lease = leases.acquire().await.unwrap();
    assert_eq!(backend_pid(&mut lease).await, pid, "still the one connection");
    let timeout: String = sqlx::query_scalar("SHOW statement_timeout")
        .fetch_one(&mut *lease)
        .await
        .unwrap();
    assert_ne!(timeout, "1234ms", "the transaction was rolled back");
    let in_transaction: String =
        sqlx::query_scalar("SELECT state FROM pg_stat_activity WHERE pid = pg_backend_pid()")
            .fetch_one(&mut *lease)
            .await
            .unwrap();
    assert_eq!(in_transaction, "active");

    // Every connection out: the next caller is told to retry, in time.
    let started = std::time::Instant::now();
    let refused = match leases.acquire().await {
        Ok(_) => panic!("a second connection out of a pool of one"),
        Err(e) => e,
    };
    assert_eq!(refused.kind(), ErrorKind::Temporary, "{refused}");
    assert!(refused.to_string().contains("pool_max_connections"), "{refused}");
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    lease.release();
    assert_eq!(leases.size(), 1);
}
