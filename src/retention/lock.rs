//! One purge at a time per database: a session-level advisory lock, tried
//! once. A second run fails at once (exit 75) naming the holder, rather than
//! queueing behind a purge that may run for hours. The lock lives on the
//! purge's connection, so a killed run frees it with its connection.

use sqlx::postgres::PgConnection;

use crate::db::lock;
use crate::error::{Error, Result};

/// The lock's key: fixed per database, and distinct from the migration lock.
pub fn key(database: &str) -> i64 {
    lock::key(0x7265_7465, database)
}

pub async fn take(conn: &mut PgConnection, database: &str) -> Result<()> {
    let key = key(database);
    if lock::try_lock(conn, key).await? {
        return Ok(());
    }
    let who = match lock::holder(conn, key).await? {
        Some(h) => format!(" ({})", h.describe()),
        None => String::new(),
    };
    Err(Error::Retry(format!(
        "another retention purge is running on database {database}{who}; only one runs at a time: retry when it ends"
    )))
}
