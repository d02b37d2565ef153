//! One purge at a time per database: a session-level advisory lock, tried
//! once. A second run fails at once (exit 75) naming the holder, rather than
//! queueing behind a purge that may run for hours. The lock lives on the
//! purge's connection, so a killed run frees it with its connection.

use sqlx::postgres::PgConnection;

use crate::error::{Error, Result};
use crate::migrate::lock::holder;

/// The lock's key: fixed per database, and distinct from the migration lock.
pub fn key(database: &str) -> i64 {
    const CRC_IEEE: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    0x7265_7465 * i64::from(CRC_IEEE.checksum(database.as_bytes()))
}

pub async fn take(conn: &mut PgConnection, database: &str) -> Result<()> {
    let key = key(database);
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(&mut *conn)
        .await
        .map_err(Error::db("cannot take the retention lock"))?;
    if locked {
        return Ok(());
    }
    let who = match holder(conn, key).await? {
        Some(h) => format!(" ({})", h.describe()),
        None => String::new(),
    };
    Err(Error::Retry(format!(
        "another retention purge is running on database {database}{who}; only one runs at a time: retry when it ends"
    )))
}
