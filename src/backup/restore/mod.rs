//! `backup restore`: rebuilds a database from a backup, all or nothing.
//!
//! The restore is built in a staging database beside the target, marked by a
//! comment as a restore in progress, and renamed to the target's name only
//! once it is complete and checked. So a failed or killed restore never
//! leaves a target that looks complete: the target is either untouched (the
//! old database, with `--clean`) or absent, and the leftover staging
//! database (named `_restore_<target>`) is dropped by the next restore.
//!
//! In the staging database: the schema comes from this binary's migrations
//! up to the backup's version (refused when they differ from the backup's);
//! the rows the migrations inserted are truncated; foreign keys, primary
//! keys, unique constraints and indexes are dropped (`deferred`) and user
//! triggers disabled. Then the work queue (`schedule`) loads the chunks,
//! each file's SHA-256 checked before its COPY commits, and as each table is
//! in, rebuilds its indexes (those of its keys too) and reads it back for
//! its content hash. Last, the keys' indexes become constraints again,
//! foreign keys are added NOT VALID and validated, one table per
//! worker (as pg_restore does after its data), with ANALYZE; sequences are
//! set; and every table's row count and content hash, as read back from the
//! database, must equal the manifest's.

mod build;
mod deferred;
mod schedule;
mod staging;

use build::build;
use staging::{STAGING_MARK, check_target, drop_leftover_staging, set_comment, staging_name, swap};

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::manifest::Manifest;
use crate::config::MigrateSettings;
use crate::db::Target;
use crate::error::{Error, Result};
use crate::hex::encode as hex;
use crate::migrate::MigrationSet;
use crate::progress::Progress;

#[derive(Debug, Clone)]
pub struct RestoreOptions {
    pub backup: PathBuf,
    pub jobs: usize,
    /// Replace a target that is not empty.
    pub clean: bool,
    /// Also read every table back from the database once loaded and compare
    /// its content hash (the load already checks every chunk's as it streams).
    pub read_back: bool,
    /// How the values PostgreSQL compresses out of line (TOAST) are
    /// compressed as they load.
    pub toast_compression: ToastCompression,
    pub migrate: MigrateSettings,
}

/// The method for the values PostgreSQL compresses as they load, in the
/// columns that use the server's default (a column's own setting is kept).
/// lz4 wrote artifact_versions (155k texts of about 2 kB) in 1.5 s where
/// pglz, the server's usual default, took 4.1 s, for a table 8% larger; the
/// values read back the same either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToastCompression {
    #[default]
    Lz4,
    Pglz,
}

impl ToastCompression {
    pub fn name(self) -> &'static str {
        match self {
            ToastCompression::Lz4 => "lz4",
            ToastCompression::Pglz => "pglz",
        }
    }
}

/// The steps of a restore, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Schema,
    Load,
    ForeignKeys,
    Swap,
}

impl Step {
    pub fn describe(self) -> &'static str {
        match self {
            Step::Schema => "applying the migrations",
            Step::Load => "loading the data, building keys and indexes, reading it back",
            Step::ForeignKeys => "validating foreign keys, analyzing",
            Step::Swap => "putting the database in place",
        }
    }
}

/// Progress, for a progress bar.
#[derive(Debug, Clone)]
pub enum Event {
    Step(Step),
    /// Loading starts: `bytes` of chunk files to read.
    LoadPlanned {
        chunks: usize,
        bytes: u64,
    },
    ChunkLoaded {
        table: String,
        rows: u64,
        bytes: u64,
    },
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RestoreReport {
    pub backup: PathBuf,
    pub database: String,
    /// The target existed and was replaced (`--clean`).
    pub replaced: bool,
    pub migration_version: i64,
    pub tables: usize,
    pub rows: u64,
    /// Chunk files read.
    pub bytes: u64,
    pub jobs: usize,
    pub seconds: f64,
    /// Seconds spent in each step.
    pub steps: Vec<(Step, f64)>,
}

/// Restores the backup into the database of `target`.
pub async fn restore(
    target: &Target,
    migrations: &MigrationSet,
    options: &RestoreOptions,
    events: Arc<dyn Progress<Event>>,
) -> Result<RestoreReport> {
    let started = Instant::now();
    let manifest = Manifest::read(&options.backup)?;
    check_migrations(&manifest, migrations)?;
    let replaced = check_target(target, options.clean).await?;

    let staging = target.with_database(&staging_name(target.database()));
    drop_leftover_staging(&staging).await?;
    staging.create_database().await?;
    set_comment(
        &staging,
        &format!(
            "{STAGING_MARK}: from {} into {} (pid {})",
            options.backup.display(),
            target.database(),
            std::process::id()
        ),
    )
    .await?;

    let built = build(&staging, migrations, &manifest, options, &events).await;
    let steps = match built {
        Ok(steps) => steps,
        Err(error) => {
            if let Err(cleanup) = staging.drop_database(true).await {
                tracing::warn!(error = %cleanup, database = staging.database(), "the staging database was not dropped");
            }
            return Err(error);
        }
    };

    events.report(Event::Step(Step::Swap));
    let swap_started = Instant::now();
    swap(&staging, target, &manifest, options).await?;
    let mut steps = steps;
    steps.push((Step::Swap, swap_started.elapsed().as_secs_f64()));
    Ok(RestoreReport {
        backup: options.backup.clone(),
        database: target.database().to_owned(),
        replaced,
        migration_version: manifest.migration_version,
        tables: manifest.tables.len(),
        rows: manifest.rows(),
        bytes: manifest.bytes(),
        jobs: options.jobs,
        seconds: started.elapsed().as_secs_f64(),
        steps,
    })
}

/// The backup's migrations must be exactly this binary's up to its version.
fn check_migrations(manifest: &Manifest, set: &MigrationSet) -> Result<()> {
    for m in &manifest.migrations {
        let Some(ours) = set.get(m.version) else {
            return Err(Error::Corrupt(format!(
                "the backup's schema includes migration {} ({}), which this platformctl does not have; \
                 restore it with a platformctl that does (the backup was written by {})",
                m.version, m.description, manifest.tool
            )));
        };
        if hex(&ours.up.checksum) != m.checksum {
            return Err(Error::Corrupt(format!(
                "migration {} ({}) differs from the one the backup's database applied \
                 (checksum {} here, {} in the backup); restore it with the platformctl that took it ({})",
                m.version,
                m.description,
                hex(&ours.up.checksum),
                m.checksum,
                manifest.tool
            )));
        }
    }
    let recorded: Vec<i64> = manifest.migrations.iter().map(|m| m.version).collect();
    if let Some(extra) = set
        .migrations
        .iter()
        .find(|m| m.version <= manifest.migration_version && !recorded.contains(&m.version))
    {
        return Err(Error::Corrupt(format!(
            "migration {} ({}) of this platformctl was never applied to the backup's database; \
             its schema cannot be rebuilt from these migrations",
            extra.version, extra.description
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_names_fit_postgres_limit() {
        assert_eq!(staging_name("platform"), "_restore_platform");
        assert_eq!(staging_name(&"x".repeat(63)).len(), 63);
    }
}
