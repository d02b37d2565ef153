//! What has been applied, and every run that tried.
//!
//! `_sqlx_migrations` is sqlx's table, created and written exactly as sqlx
//! does so that `sqlx migrate info` and `sqlx::migrate!()` agree with us; we
//! never alter it. Our own bookkeeping goes in `_platformctl_migration_log`:
//! one row per up or down run, written when the run starts (so a killed run
//! leaves a trace) and finished in the same transaction as the migration.

use std::time::Duration;

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;

use super::source::Migration;
use crate::error::{Error, Result};

pub const SQLX_TABLE: &str = "_sqlx_migrations";
pub const LOG_TABLE: &str = "_platformctl_migration_log";

/// A row of `_sqlx_migrations`.
#[derive(Debug, Clone)]
pub struct AppliedMigration {
    pub version: i64,
    pub description: String,
    pub installed_on: OffsetDateTime,
    pub success: bool,
    pub checksum: Vec<u8>,
    /// Nanoseconds; -1 when sqlx could not record it.
    pub execution_time: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// Who ran a migration, recorded in the log.
#[derive(Debug, Clone)]
pub struct RunContext {
    pub os_user: String,
    pub host: String,
    pub tool_version: String,
}

impl RunContext {
    pub fn current() -> RunContext {
        let os_user = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .or_else(user_from_uid)
            .unwrap_or_else(|| "unknown".to_owned());
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "unknown".to_owned());
        RunContext {
            os_user,
            host,
            tool_version: format!("platformctl {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The name of the process's real user, from its uid (Linux), for when the
/// environment does not say (cron and service managers may not set USER).
fn user_from_uid() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_owned();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() > 2 && f[2] == uid)
        .map(|f| f[0].to_owned())
        .or(Some(format!("uid {uid}")))
}

/// Creates both tables when missing. Call it while holding the migration
/// lock: concurrent `CREATE TABLE IF NOT EXISTS` can still collide.
pub async fn ensure_tables(conn: &mut PgConnection) -> Result<()> {
    // The first statement is sqlx's own, to the letter.
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS _platformctl_migration_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version BIGINT NOT NULL,
    description TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('up', 'down')),
    started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    finished_at TIMESTAMPTZ,
    execution_time BIGINT,
    outcome TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'interrupted')),
    error TEXT,
    checksum BYTEA NOT NULL,
    os_user TEXT NOT NULL,
    host TEXT NOT NULL,
    tool_version TEXT NOT NULL
);
COMMENT ON TABLE _platformctl_migration_log IS 'Every migration run by platformctl: who, when, how long, and how it ended. _sqlx_migrations holds what is applied.';",
    )
    .execute(conn)
    .await
    .map_err(Error::db("creating the migration history tables"))?;
    Ok(())
}

/// The applied migrations, oldest first; empty when the table does not exist
/// yet (this never creates it, so `status` and `--dry-run` write nothing).
pub async fn applied(conn: &mut PgConnection) -> Result<Vec<AppliedMigration>> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(Error::db("looking for _sqlx_migrations"))?;
    if !exists {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, OffsetDateTime, bool, Vec<u8>, i64)> = sqlx::query_as(
        "SELECT version, description, installed_on, success, checksum, execution_time \
         FROM _sqlx_migrations ORDER BY version",
    )
    .fetch_all(conn)
    .await
    .map_err(Error::db("reading _sqlx_migrations"))?;
    Ok(rows
        .into_iter()
        .map(
            |(version, description, installed_on, success, checksum, execution_time)| AppliedMigration {
                version,
                description,
                installed_on,
                success,
                checksum,
                execution_time,
            },
        )
        .collect())
}

/// Records a successful run in one statement: sqlx's history row (inserted as
/// sqlx does, with the real duration, or deleted for a down) and our log row.
pub async fn record_success(
    conn: &mut PgConnection,
    m: &Migration,
    direction: Direction,
    log_id: i64,
    elapsed: Duration,
) -> Result<()> {
    let nanos = elapsed.as_nanos() as i64;
    let done = match direction {
        Direction::Up => {
            sqlx::query(
                "WITH applied AS ( \
                     INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                     VALUES ($1, $2, TRUE, $3, $4)) \
                 UPDATE _platformctl_migration_log \
                 SET finished_at = clock_timestamp(), execution_time = $4, outcome = 'succeeded' WHERE id = $5",
            )
            .bind(m.version)
            .bind(&m.description)
            .bind(&m.up.checksum)
            .bind(nanos)
            .bind(log_id)
            .execute(conn)
            .await
        }
        Direction::Down => {
            sqlx::query(
                "WITH reverted AS (DELETE FROM _sqlx_migrations WHERE version = $1) \
                 UPDATE _platformctl_migration_log \
                 SET finished_at = clock_timestamp(), execution_time = $2, outcome = 'succeeded' WHERE id = $3",
            )
            .bind(m.version)
            .bind(nanos)
            .bind(log_id)
            .execute(conn)
            .await
        }
    };
    done.map_err(Error::db(format!(
        "recording migration {} in _sqlx_migrations and {LOG_TABLE}",
        m.version
    )))?;
    Ok(())
}

/// Writes the "running" log row and returns its id.
///
/// This commit does not wait for the WAL flush (`synchronous_commit` off for
/// this one statement): the row only has to survive a killed client, not a
/// server crash, and waiting for a flush would double the cost of a small
/// migration.
pub async fn log_started(
    conn: &mut PgConnection,
    m: &Migration,
    direction: Direction,
    ctx: &RunContext,
) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO _platformctl_migration_log \
             (version, description, direction, outcome, checksum, os_user, host, tool_version) \
         SELECT $1, $2, $3, 'running', $4, $5, $6, $7 \
         FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit \
         RETURNING id",
    )
    .bind(m.version)
    .bind(&m.description)
    .bind(direction.as_str())
    .bind(&m.up.checksum)
    .bind(&ctx.os_user)
    .bind(&ctx.host)
    .bind(&ctx.tool_version)
    .fetch_one(conn)
    .await
    .map_err(Error::db("writing the migration log"))
}

/// Records a failed run (after its transaction rolled back).
pub async fn log_failed(conn: &mut PgConnection, id: i64, error: &str, elapsed: Duration) -> Result<()> {
    sqlx::query(
        "UPDATE _platformctl_migration_log \
         SET finished_at = clock_timestamp(), execution_time = $2, outcome = 'failed', error = $3 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(elapsed.as_nanos() as i64)
    .bind(error)
    .execute(conn)
    .await
    .map_err(Error::db("writing the migration log"))?;
    Ok(())
}

/// Marks runs still "running" as interrupted. Only called under the
/// migration lock, when no other run can be in progress.
pub async fn mark_interrupted(conn: &mut PgConnection) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE _platformctl_migration_log SET outcome = 'interrupted' WHERE outcome = 'running'",
    )
    .execute(conn)
    .await
    .map_err(Error::db("writing the migration log"))?;
    Ok(done.rows_affected())
}

/// One row of the run log, newest first in [`recent_runs`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct LoggedRun {
    pub version: i64,
    pub description: String,
    pub direction: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    pub execution_ms: Option<f64>,
    pub outcome: String,
    pub error: Option<String>,
    pub os_user: String,
    pub host: String,
    pub tool_version: String,
}

/// The latest runs from the log; empty when the log does not exist yet.
pub async fn recent_runs(conn: &mut PgConnection, limit: i64) -> Result<Vec<LoggedRun>> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_platformctl_migration_log') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(Error::db("looking for the migration log"))?;
    if !exists {
        return Ok(Vec::new());
    }
    type Row = (
        i64,
        String,
        String,
        OffsetDateTime,
        Option<i64>,
        String,
        Option<String>,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT version, description, direction, started_at, execution_time, outcome, error, os_user, host, tool_version \
         FROM _platformctl_migration_log ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
    .map_err(Error::db("reading the migration log"))?;
    Ok(rows
        .into_iter()
        .map(|r| LoggedRun {
            version: r.0,
            description: r.1,
            direction: r.2,
            started_at: r.3,
            execution_ms: r.4.map(|ns| ns as f64 / 1e6),
            outcome: r.5,
            error: r.6,
            os_user: r.7,
            host: r.8,
            tool_version: r.9,
        })
        .collect())
}
