//! PostgreSQL session-level advisory locks, as the tool's one-at-a-time
//! runs take them (migrations, retention purges): a key per database and
//! purpose, a try-lock, and who holds the lock when the try fails.

use sqlx::postgres::PgConnection;

use crate::error::{Error, Result};

/// The lock key of `purpose` on `database`: `purpose * crc32(database)`,
/// sqlx's scheme (its migration lock uses purpose `0x3d32ad9e`).
pub fn key(purpose: i64, database: &str) -> i64 {
    const CRC_IEEE: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    purpose * i64::from(CRC_IEEE.checksum(database.as_bytes()))
}

/// Takes lock `key` on `conn`'s session if it is free; false when another
/// session holds it.
pub async fn try_lock(conn: &mut PgConnection, key: i64) -> Result<bool> {
    sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(conn)
        .await
        .map_err(Error::db("cannot take an advisory lock"))
}

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
    .map_err(Error::db("cannot look up who holds an advisory lock"))?;
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
