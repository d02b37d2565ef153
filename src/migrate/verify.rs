//! `migrate verify`: proves on a scratch database that every down script
//! reverses its up script. For each migration in order: snapshot the catalog,
//! up, down, compare with the snapshot, up again.

use sqlx::postgres::PgConnection;

use super::catalog::{Difference, Snapshot};
use super::history::{self, Direction, RunContext};
use super::runner::{self, Options};
use super::source::{Migration, MigrationSet};
use crate::db::{self, Target};
use crate::error::{Error, Result};
use crate::progress::Progress;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The down script put the schema back exactly.
    Reversed,
    /// The schema after up and down differs from before.
    NotReversed,
    /// No down script to check; the migration stays applied.
    NoDownScript,
    /// The up or down script failed on the scratch database.
    Failed,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct VerifiedMigration {
    pub version: i64,
    pub description: String,
    pub outcome: Outcome,
    pub differences: Vec<Difference>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct VerifyReport {
    /// Redacted URL of the scratch database.
    pub scratch: String,
    pub migrations: Vec<VerifiedMigration>,
}

impl VerifyReport {
    /// True when every migration's down reverses its up.
    pub fn passed(&self) -> bool {
        self.migrations.iter().all(|m| m.outcome == Outcome::Reversed)
    }
}

/// A scratch database this run created; dropped even when the run is cancelled
/// (Ctrl-C drops the future) or panics.
struct ScratchDatabase {
    target: Option<Target>,
}

impl ScratchDatabase {
    async fn create(server: &Target) -> Result<ScratchDatabase> {
        let name = format!(
            "platformctl_verify_{}_{}",
            std::process::id(),
            time::OffsetDateTime::now_utc().unix_timestamp_nanos() % 1_000_000_000
        );
        let target = server.with_database(&name);
        target.create_database().await?;
        Ok(ScratchDatabase { target: Some(target) })
    }

    fn target(&self) -> &Target {
        self.target.as_ref().expect("present until dropped")
    }

    async fn drop_now(mut self) -> Result<()> {
        let target = self.target.take().expect("present until dropped");
        target.drop_database(true).await.map(drop)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let Some(target) = self.target.take() else { return };
        // No async in Drop: drop the database from a thread with its own runtime.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
            if let Ok(runtime) = runtime {
                let _ = runtime.block_on(target.drop_database(true));
            }
        });
        let _ = cleanup.join();
    }
}

/// Verifies every migration of `set`. With `scratch_url`, that database is
/// used (it must be empty, and is left migrated); otherwise a scratch database
/// is created on the server of `server` and dropped afterwards.
pub async fn verify(
    server: &Target,
    set: &MigrationSet,
    options: &Options,
    scratch_url: Option<&Target>,
    on_migration: &dyn for<'m> Progress<&'m VerifiedMigration>,
) -> Result<VerifyReport> {
    let created = match scratch_url {
        Some(_) => None,
        None => Some(ScratchDatabase::create(server).await?),
    };
    let scratch = scratch_url.unwrap_or_else(|| created.as_ref().expect("created above").target());
    let display = scratch.display_url().to_owned();

    let mut conn = scratch.connect("platformctl migrate verify").await?;
    let result = check_all(&mut conn, set, options, &display, on_migration).await;
    db::close_quietly(conn).await;
    if let Some(created) = created {
        created.drop_now().await?;
    }
    let migrations = result?;
    Ok(VerifyReport {
        scratch: display,
        migrations,
    })
}

async fn check_all(
    conn: &mut PgConnection,
    set: &MigrationSet,
    options: &Options,
    display: &str,
    on_migration: &dyn for<'m> Progress<&'m VerifiedMigration>,
) -> Result<Vec<VerifiedMigration>> {
    let initial = Snapshot::take(conn).await?;
    let foreign: Vec<String> = initial
        .user_objects()
        .take(5)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if !foreign.is_empty() {
        return Err(Error::Refused(format!(
            "scratch database {display} is not empty ({}...); verify runs down scripts there, so give it an empty database",
            foreign.join(", ")
        )));
    }
    runner::prepare_connection(conn).await?;
    history::ensure_tables(conn).await?;
    let context = RunContext::current();

    let mut report = Vec::with_capacity(set.migrations.len());
    for migration in &set.migrations {
        let checked = check_one(conn, migration, options, &context).await?;
        on_migration.report(&checked);
        let stop = checked.error.is_some();
        report.push(checked);
        if stop {
            // Later migrations build on this one; nothing after it can be checked.
            break;
        }
    }
    Ok(report)
}

async fn check_one(
    conn: &mut PgConnection,
    migration: &Migration,
    options: &Options,
    context: &RunContext,
) -> Result<VerifiedMigration> {
    let mut result = VerifiedMigration {
        version: migration.version,
        description: migration.description.clone(),
        outcome: Outcome::Reversed,
        differences: Vec::new(),
        error: None,
    };
    let before = Snapshot::take(conn).await?;
    let steps: &[Direction] = if migration.down.is_some() {
        &[Direction::Up, Direction::Down]
    } else {
        &[Direction::Up]
    };
    for &direction in steps {
        if let Err(e) = runner::run_one(conn, None, migration, direction, options, context).await {
            if e.detail::<runner::MigrationFailure>().is_none() {
                return Err(e);
            }
            result.outcome = Outcome::Failed;
            result.error = Some(e.to_string());
            return Ok(result);
        }
    }
    if migration.down.is_none() {
        result.outcome = Outcome::NoDownScript;
        return Ok(result);
    }
    let after = Snapshot::take(conn).await?;
    result.differences = before.diff(&after);
    if !result.differences.is_empty() {
        result.outcome = Outcome::NotReversed;
    }
    // Up again, so the next migration starts from the state it expects.
    if let Err(e) = runner::run_one(conn, None, migration, Direction::Up, options, context).await {
        if e.detail::<runner::MigrationFailure>().is_none() {
            return Err(e);
        }
        // A down that did not reverse its up often makes the next up fail:
        // the differences stay the finding; the error says why we stopped.
        if result.outcome == Outcome::Reversed {
            result.outcome = Outcome::Failed;
        }
        result.error = Some(format!("applying it again after its down script: {e}"));
    }
    Ok(result)
}
