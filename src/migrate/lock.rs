//! The migration lock: a PostgreSQL session-level advisory lock taken with a
//! try-lock, polled until a deadline, on a connection used for nothing else.
//!
//! The key is the one sqlx's `Migrator` uses (`0x3d32ad9e * crc32(database)`),
//! so platformctl and a service running `sqlx::migrate!()` at start-up never
//! migrate the same database at once. The connection is dedicated and never
//! pooled: if the process dies, or the guard is dropped without `release`
//! (an error, Ctrl-C), the connection closes and the server frees the lock.

use std::time::{Duration, Instant};

use sqlx::postgres::PgConnection;

use crate::db::lock::{self, LockHolder};
use crate::db::{self, Target};
use crate::error::{Error, Result};
use crate::progress::Progress;

pub struct MigrationLock {
    conn: PgConnection,
    key: i64,
}

/// sqlx's lock id for a database name.
pub fn lock_key(database: &str) -> i64 {
    lock::key(0x3d32ad9e, database)
}

impl MigrationLock {
    /// Takes the lock, polling until `wait` has passed. `on_wait` is called
    /// once, with the holder, when the first try fails.
    pub async fn acquire(
        target: &Target,
        application_name: &str,
        wait: Duration,
        on_wait: &dyn for<'h> Progress<Option<&'h LockHolder>>,
    ) -> Result<MigrationLock> {
        let mut conn = target.connect(application_name).await?;
        let key = lock_key(target.database());
        let started = Instant::now();
        let mut pause = Duration::from_millis(50);
        let mut told = false;
        loop {
            if lock::try_lock(&mut conn, key).await? {
                return Ok(MigrationLock { conn, key });
            }
            if !told {
                let holder = lock::holder(&mut conn, key).await?;
                on_wait.report(holder.as_ref());
                told = true;
            }
            if started.elapsed() >= wait {
                let holder = lock::holder(&mut conn, key).await?;
                db::close_quietly(conn).await;
                return Err(Error::LockHeld {
                    waited: Duration::from_millis(started.elapsed().as_millis() as u64),
                    holder: holder.map(Box::new),
                });
            }
            tokio::time::sleep(pause.min(wait.saturating_sub(started.elapsed()))).await;
            pause = (pause * 2).min(Duration::from_millis(500));
        }
    }

    /// Fails with [`Error::LockLost`] when the lock's connection has died, so a
    /// run never goes on unprotected.
    pub async fn ensure_held(&mut self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(&mut self.conn)
            .await
            .map(drop)
            .map_err(|_| Error::LockLost)
    }

    /// Releases the lock and closes its connection.
    pub async fn release(mut self) -> Result<()> {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(self.key)
            .execute(&mut self.conn)
            .await
            .map_err(Error::db("releasing the migration lock"))?;
        db::close_quietly(self.conn).await;
        Ok(())
    }
}
