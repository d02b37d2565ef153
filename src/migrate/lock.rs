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

use crate::db::{self, Target};
use crate::error::{Error, Result};

/// Who holds the lock, from `pg_stat_activity`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LockHolder {
    pub pid: i32,
    pub application_name: String,
    pub user: String,
    /// Client address, or None for a Unix socket.
    pub client: Option<String>,
    /// When the holder's session started (UTC).
    pub since: String,
    pub state: String,
}

impl LockHolder {
    /// "pid 123, application \"x\", user u, from 10.0.0.1, connected since ..., state idle"
    pub fn describe(&self) -> String {
        format!(
            "pid {}, application \"{}\", user {}, from {}, connected since {}, state {}",
            self.pid,
            self.application_name,
            self.user,
            self.client.as_deref().unwrap_or("local socket"),
            self.since,
            self.state
        )
    }
}

pub struct MigrationLock {
    conn: PgConnection,
    key: i64,
}

/// sqlx's lock id for a database name.
pub fn lock_key(database: &str) -> i64 {
    const CRC_IEEE: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    0x3d32ad9e * i64::from(CRC_IEEE.checksum(database.as_bytes()))
}

impl MigrationLock {
    /// Takes the lock, polling until `wait` has passed. `on_wait` is called
    /// once, with the holder, when the first try fails.
    pub async fn acquire(
        target: &Target,
        application_name: &str,
        wait: Duration,
        mut on_wait: impl FnMut(Option<&LockHolder>),
    ) -> Result<MigrationLock> {
        let mut conn = target.connect(application_name).await?;
        let key = lock_key(target.database());
        let started = Instant::now();
        let mut pause = Duration::from_millis(50);
        let mut told = false;
        loop {
            let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                .bind(key)
                .fetch_one(&mut conn)
                .await
                .map_err(Error::db("taking the migration lock"))?;
            if locked {
                return Ok(MigrationLock { conn, key });
            }
            if !told {
                let holder = holder(&mut conn, key).await?;
                on_wait(holder.as_ref());
                told = true;
            }
            if started.elapsed() >= wait {
                let holder = holder(&mut conn, key).await?;
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

/// The session holding advisory lock `key` in the current database, if any.
pub async fn holder(conn: &mut PgConnection, key: i64) -> Result<Option<LockHolder>> {
    let class_id = ((key as u64) >> 32) as i64;
    let object_id = ((key as u64) & 0xffff_ffff) as i64;
    let row: Option<(i32, String, String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), \
                host(a.client_addr), to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
                coalesce(a.state, '') \
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
         WHERE l.locktype = 'advisory' AND l.granted \
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
           AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.objsubid = 1 \
         LIMIT 1",
    )
    .bind(class_id)
    .bind(object_id)
    .fetch_optional(conn)
    .await
    .map_err(Error::db("looking up who holds the migration lock"))?;
    Ok(
        row.map(|(pid, application_name, user, client, since, state)| LockHolder {
            pid,
            application_name,
            user,
            client,
            since,
            state,
        }),
    )
}
