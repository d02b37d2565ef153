//! The state of every migration: in the source, in the history, or both.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::history::{self, AppliedMigration, LoggedRun};
use super::source::MigrationSet;
use crate::db::{self, Target};
use crate::error::Result;
use crate::hex::encode as hex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Applied,
    Pending,
    /// Applied, but the file changed since.
    ChecksumChanged,
    /// Applied, but no file in the source.
    FileMissing,
    /// Recorded with `success = false` (a failed sqlx run).
    Failed,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Pending => "pending",
            State::ChecksumChanged => "checksum changed",
            State::FileMissing => "file missing",
            State::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct MigrationStatus {
    pub version: i64,
    pub description: String,
    pub state: State,
    #[serde(with = "time::serde::rfc3339::option")]
    pub applied_at: Option<OffsetDateTime>,
    pub execution_ms: Option<f64>,
    /// Has a down script.
    pub reversible: bool,
    pub no_transaction: bool,
    pub applied_checksum: Option<String>,
    pub file_checksum: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    pub source: String,
    pub migrations: Vec<MigrationStatus>,
    /// Runs that started and never finished (killed or disconnected).
    pub interrupted_runs: Vec<LoggedRun>,
}

impl Status {
    /// Everything applied and unchanged.
    pub fn is_clean(&self) -> bool {
        self.migrations.iter().all(|m| m.state == State::Applied)
    }

    pub fn count(&self, state: State) -> usize {
        self.migrations.iter().filter(|m| m.state == state).count()
    }
}

/// The versions `migrate up` would apply on `conn`'s database, or the error
/// it would refuse to run with (a changed checksum, an applied migration
/// missing from the source, a failed one). Writes nothing: the service's
/// start and readiness ask it.
pub async fn pending(conn: &mut sqlx::postgres::PgConnection, set: &MigrationSet) -> Result<Vec<i64>> {
    let applied = history::applied(conn).await?;
    let plan = super::plan::plan_up(set, &applied, None, false)?;
    Ok(plan.iter().map(|m| m.version).collect())
}

/// Reads the history and compares it with the source; writes nothing.
pub async fn status(target: &Target, set: &MigrationSet) -> Result<Status> {
    let mut conn = target.connect("platformctl migrate status").await?;
    let applied = history::applied(&mut conn).await?;
    let interrupted_runs = history::recent_runs(&mut conn, 20)
        .await?
        .into_iter()
        .filter(|r| r.outcome == "interrupted" || r.outcome == "running")
        .collect();
    db::close_quietly(conn).await;
    Ok(Status {
        source: set.origin.clone(),
        migrations: compare(set, &applied),
        interrupted_runs,
    })
}

/// Source and history side by side, by version.
pub fn compare(set: &MigrationSet, applied: &[AppliedMigration]) -> Vec<MigrationStatus> {
    let applied: BTreeMap<i64, &AppliedMigration> = applied.iter().map(|a| (a.version, a)).collect();
    let mut versions: Vec<i64> = set.migrations.iter().map(|m| m.version).collect();
    versions.extend(applied.keys());
    versions.sort_unstable();
    versions.dedup();

    versions
        .into_iter()
        .map(|version| {
            let file = set.get(version);
            let row = applied.get(&version).copied();
            let state = match (file, row) {
                (_, Some(a)) if !a.success => State::Failed,
                (Some(m), Some(a)) if m.up.checksum != a.checksum => State::ChecksumChanged,
                (Some(_), Some(_)) => State::Applied,
                (None, Some(_)) => State::FileMissing,
                (Some(_), None) => State::Pending,
                (None, None) => unreachable!("the version came from one side"),
            };
            MigrationStatus {
                version,
                description: file.map_or_else(
                    || row.map(|a| a.description.clone()).unwrap_or_default(),
                    |m| m.description.clone(),
                ),
                state,
                applied_at: row.map(|a| a.installed_on),
                execution_ms: row
                    .filter(|a| a.execution_time >= 0)
                    .map(|a| a.execution_time as f64 / 1e6),
                reversible: file.is_some_and(|m| m.down.is_some()),
                no_transaction: file.is_some_and(|m| m.up.no_transaction),
                applied_checksum: row.map(|a| hex(&a.checksum)),
                file_checksum: file.map(|m| hex(&m.up.checksum)),
            }
        })
        .collect()
}
