//! Building the staging database: schema, load, keys and indexes, foreign
//! keys, then every table read back and compared with the manifest.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use sqlx::AssertSqlSafe;
use sqlx::postgres::PgConnection;

use super::deferred::Deferred;
use super::schedule::{self, Context, Job, Queue};
use super::{Event, RestoreOptions, Step, ToastCompression};
use crate::backup::catalog::{self, Blocks, Table};
use crate::backup::content::ContentHash;
use crate::backup::manifest::Manifest;
use crate::db::Target;
use crate::error::{Error, Result};
use crate::migrate::MigrationSet;
use crate::progress::{Progress, Silent};

/// Builds the complete, checked database in `staging`; returns the seconds
/// of each step.
pub(super) async fn build(
    staging: &Target,
    migrations: &MigrationSet,
    manifest: &Manifest,
    options: &RestoreOptions,
    events: &Arc<dyn Progress<Event>>,
) -> Result<Vec<(Step, f64)>> {
    let mut steps = Vec::new();
    let mut step = |step: Step, started: &mut Instant| {
        steps.push((step, started.elapsed().as_secs_f64()));
        *started = Instant::now();
    };
    let mut clock = Instant::now();

    events.report(Event::Step(Step::Schema));
    crate::migrate::runner::Runner::new(staging, migrations, (&options.migrate).into())
        .up(Some(manifest.migration_version), &Silent)
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

    events.report(Event::Step(Step::Load));
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
    events.report(Event::LoadPlanned {
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
    events.report(Event::Step(Step::ForeignKeys));
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
pub(super) async fn set_toast_compression(
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
pub(super) async fn matching_tables(conn: &mut PgConnection, manifest: &Manifest) -> Result<Vec<Table>> {
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
pub(super) fn compare_contents(
    manifest: &Manifest,
    tables: &[Table],
    totals: &[ContentHash],
    how: &str,
) -> Result<()> {
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
