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

mod deferred;
mod schedule;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use sqlx::AssertSqlSafe;
use sqlx::postgres::PgConnection;

use super::catalog::{self, Blocks, Table};
use super::content::ContentHash;
use super::manifest::Manifest;
use crate::config::MigrateSettings;
use crate::db::{Target, quote_ident};
use crate::error::{Error, Result};
use crate::hex::encode as hex;
use crate::migrate::MigrationSet;
use deferred::Deferred;
use schedule::{Context, Job, Queue};

/// The comment that marks a staging database as ours to drop.
const STAGING_MARK: &str = "platformctl restore in progress";

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
    events: Arc<dyn Fn(Event) + Send + Sync>,
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

    events(Event::Step(Step::Swap));
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

/// Refuses a target that holds anything unless `clean`; returns whether it
/// exists (and will be replaced).
async fn check_target(target: &Target, clean: bool) -> Result<bool> {
    if !target.database_exists().await? {
        return Ok(false);
    }
    let relations = relations(target).await?;
    if relations > 0 && !clean {
        return Err(Error::Refused(format!(
            "database {} is not empty ({relations} tables, views or sequences); \
             pass --clean to replace it, or restore into another database with --target-url",
            target.database()
        )));
    }
    Ok(true)
}

async fn is_empty(database: &Target) -> Result<bool> {
    Ok(relations(database).await? == 0)
}

/// The tables, views and sequences of a database outside the system schemas.
async fn relations(database: &Target) -> Result<i64> {
    let mut conn = database.connect("platformctl backup restore").await?;
    let relations: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
           AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(Error::db("checking whether the database is empty"))?;
    crate::db::close_quietly(conn).await;
    Ok(relations)
}

/// `_restore_<target>`, within PostgreSQL's 63-byte limit on names.
fn staging_name(target: &str) -> String {
    let mut name = format!("_restore_{target}");
    while name.len() > 63 {
        name.pop();
    }
    name
}

/// Drops a staging database a killed restore left, refusing to touch a
/// database of that name that is not marked as ours.
async fn drop_leftover_staging(staging: &Target) -> Result<()> {
    if !staging.database_exists().await? {
        return Ok(());
    }
    let mut conn = staging
        .maintenance()
        .connect("platformctl backup restore")
        .await?;
    let comment: Option<String> = sqlx::query_scalar(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
    )
    .bind(staging.database())
    .fetch_one(&mut conn)
    .await
    .map_err(Error::db("reading the staging database's comment"))?;
    crate::db::close_quietly(conn).await;
    // A restore killed between creating the database and marking it leaves
    // it unmarked but empty.
    let ours = comment.is_some_and(|c| c.starts_with(STAGING_MARK)) || is_empty(staging).await?;
    if !ours {
        return Err(Error::Refused(format!(
            "database {} exists and is not a restore left by platformctl; \
             a restore needs that name for its staging database: rename or drop it",
            staging.database()
        )));
    }
    tracing::warn!(
        database = staging.database(),
        "dropping the staging database of an unfinished restore"
    );
    staging.drop_database(true).await?;
    Ok(())
}

async fn set_comment(database: &Target, comment: &str) -> Result<()> {
    let mut conn = database
        .maintenance()
        .connect("platformctl backup restore")
        .await?;
    let sql = format!(
        "COMMENT ON DATABASE {} IS {}",
        quote_ident(database.database()),
        quote_literal(comment)
    );
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .map_err(Error::db("commenting the database"))?;
    crate::db::close_quietly(conn).await;
    Ok(())
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Builds the complete, checked database in `staging`; returns the seconds
/// of each step.
async fn build(
    staging: &Target,
    migrations: &MigrationSet,
    manifest: &Manifest,
    options: &RestoreOptions,
    events: &Arc<dyn Fn(Event) + Send + Sync>,
) -> Result<Vec<(Step, f64)>> {
    let mut steps = Vec::new();
    let mut step = |step: Step, started: &mut Instant| {
        steps.push((step, started.elapsed().as_secs_f64()));
        *started = Instant::now();
    };
    let mut clock = Instant::now();

    events(Event::Step(Step::Schema));
    crate::migrate::runner::Runner::new(staging, migrations, (&options.migrate).into())
        .up(Some(manifest.migration_version), &mut |_| {})
        .await?;
    let mut admin = staging.connect("platformctl backup restore").await?;
    let encoding = catalog::encoding(&mut admin).await?;
    if encoding != manifest.encoding {
        return Err(Error::Corrupt(format!(
            "the backup's text is in {}, but new databases on this server are {encoding}; \
             restore it on a server whose template1 is {}",
            manifest.encoding, manifest.encoding
        )));
    }
    let tables = matching_tables(&mut admin, manifest).await?;
    let deferred = Deferred::read(&mut admin, &tables).await?;
    deferred.set_aside(&mut admin, &tables).await?;
    step(Step::Schema, &mut clock);

    events(Event::Step(Step::Load));
    let mut workers = Vec::new();
    let mut toast_compression = options.toast_compression;
    for _ in 0..options.jobs.max(1) {
        let mut conn = staging.connect("platformctl backup restore (worker)").await?;
        // Losing the last commits to a server crash is harmless here: the
        // restore is checked in full before it is put in place.
        sqlx::raw_sql("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'")
            .execute(&mut conn)
            .await
            .map_err(Error::db("setting up a restore worker"))?;
        toast_compression = set_toast_compression(&mut conn, toast_compression).await?;
        workers.push(conn);
    }
    events(Event::LoadPlanned {
        chunks: manifest.tables.iter().map(|t| t.chunks.len()).sum(),
        bytes: manifest.bytes(),
    });
    // The load, and as each table is in, its keys and indexes (and read-back).
    let index: BTreeMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let raw_bytes = |t: usize| manifest.tables[t].raw_bytes;
    let mut queue = Queue::new(tables.len());
    queue.add_loads(manifest);
    if options.read_back {
        for t in 0..tables.len() {
            queue.after_load(
                t,
                Job::Check {
                    table: t,
                    blocks: Blocks::ALL,
                },
                raw_bytes(t),
            );
        }
    }
    for (table, statements) in deferred.build_statements() {
        let t = index[table];
        queue.after_load(t, Job::Sql(statements), raw_bytes(t));
    }
    let context = Context {
        manifest,
        backup: &options.backup,
        tables: &tables,
        events,
        loaded: Mutex::new(vec![ContentHash::default(); tables.len()]),
        read_back: Mutex::new(vec![ContentHash::default(); tables.len()]),
    };
    schedule::run(&mut workers, queue, &context).await?;
    step(Step::Load, &mut clock);

    // Foreign keys need every key in place; ANALYZE goes with them (both
    // lock their table against each other, so one job per table).
    events(Event::Step(Step::ForeignKeys));
    sqlx::raw_sql(AssertSqlSafe(deferred.attach_keys()))
        .execute(&mut admin)
        .await
        .map_err(Error::db("making the key indexes constraints"))?;
    sqlx::raw_sql(AssertSqlSafe(deferred.add_foreign_keys()))
        .execute(&mut admin)
        .await
        .map_err(Error::db("adding the foreign keys"))?;
    let mut validations = deferred.validate_foreign_keys();
    let mut queue = Queue::new(tables.len());
    for (t, table) in tables.iter().enumerate() {
        let mut statements = validations.remove(table.name.as_str()).unwrap_or_default();
        statements.push(format!("ANALYZE {}", table.name));
        queue.ready(Job::Sql(statements), raw_bytes(t));
    }
    schedule::run(&mut workers, queue, &context).await?;
    sqlx::raw_sql(AssertSqlSafe(deferred.finish(manifest)))
        .execute(&mut admin)
        .await
        .map_err(Error::db("enabling triggers and setting sequences"))?;
    compare_contents(
        manifest,
        &tables,
        &context.loaded.into_inner().expect("totals lock"),
        "loaded",
    )?;
    if options.read_back {
        let read_back = context.read_back.into_inner().expect("totals lock");
        compare_contents(manifest, &tables, &read_back, "read back from the database")?;
    }
    step(Step::ForeignKeys, &mut clock);

    crate::db::close_quietly(admin).await;
    for conn in workers {
        crate::db::close_quietly(conn).await;
    }
    Ok(steps)
}

/// Sets the worker's TOAST compression; a server built without lz4 refuses
/// it, and then the load uses pglz (said once, as the method returned).
async fn set_toast_compression(
    conn: &mut PgConnection,
    method: ToastCompression,
) -> Result<ToastCompression> {
    let set = |method: ToastCompression| format!("SET default_toast_compression = '{}'", method.name());
    match sqlx::raw_sql(AssertSqlSafe(set(method)))
        .execute(&mut *conn)
        .await
    {
        Ok(_) => Ok(method),
        Err(e) if method == ToastCompression::Lz4 => {
            tracing::warn!(
                "this PostgreSQL server cannot compress with lz4 ({e}); the restore compresses with pglz"
            );
            sqlx::raw_sql(AssertSqlSafe(set(ToastCompression::Pglz)))
                .execute(&mut *conn)
                .await
                .map_err(Error::db("setting up a restore worker"))?;
            Ok(ToastCompression::Pglz)
        }
        Err(e) => Err(Error::db("setting up a restore worker")(e)),
    }
}

/// The staging database's tables, which must be the backup's, with the
/// same columns.
async fn matching_tables(conn: &mut PgConnection, manifest: &Manifest) -> Result<Vec<Table>> {
    let tables = catalog::tables(conn).await?;
    let ours: BTreeMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    for table in &manifest.tables {
        let Some(found) = ours.get(table.name.as_str()) else {
            return Err(Error::Corrupt(format!(
                "the backup has table {}, which the schema of migration {} does not",
                table.name, manifest.migration_version
            )));
        };
        if found.columns != table.columns {
            return Err(Error::Corrupt(format!(
                "the columns of table {} in the backup differ from the schema of migration {}",
                table.name, manifest.migration_version
            )));
        }
    }
    if let Some(extra) = tables
        .iter()
        .find(|t| !manifest.tables.iter().any(|m| m.name == t.name))
    {
        return Err(Error::Corrupt(format!(
            "the schema of migration {} has table {}, which the backup does not",
            manifest.migration_version, extra.name
        )));
    }
    // In the manifest's order: jobs name a table by its place in both.
    Ok(manifest
        .tables
        .iter()
        .map(|m| (*ours.get(m.name.as_str()).expect("checked above")).clone())
        .collect())
}

/// Every table's row count and content hash, as loaded or as read back,
/// must be the manifest's.
fn compare_contents(manifest: &Manifest, tables: &[Table], totals: &[ContentHash], how: &str) -> Result<()> {
    for ((table, expected), total) in tables.iter().zip(&manifest.tables).zip(totals) {
        if total.rows != expected.rows || total.hex() != expected.hash {
            return Err(Error::Corrupt(format!(
                "table {} as {how} holds {} rows with hash {}; the backup has {} rows with hash {}",
                table.name,
                total.rows,
                total.hex(),
                expected.rows,
                expected.hash
            )));
        }
    }
    Ok(())
}

/// Replaces the target by the staging database and marks where it came from.
async fn swap(
    staging: &Target,
    target: &Target,
    manifest: &Manifest,
    options: &RestoreOptions,
) -> Result<()> {
    target.drop_database(true).await?;
    let mut conn = staging
        .maintenance()
        .connect("platformctl backup restore")
        .await?;
    let sql = format!(
        "ALTER DATABASE {} RENAME TO {}",
        quote_ident(staging.database()),
        quote_ident(target.database())
    );
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .map_err(Error::db("renaming the restored database"))?;
    crate::db::close_quietly(conn).await;
    set_comment(
        target,
        &format!(
            "restored by platformctl from {} (taken {}) at {}",
            options.backup.display(),
            manifest.finished_at,
            super::create::now_rfc3339()
        ),
    )
    .await
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
