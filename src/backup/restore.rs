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
//! keys, unique constraints and indexes are dropped and user triggers
//! disabled; the chunks load in parallel, each file's SHA-256 checked before
//! its COPY commits; indexes and constraints are rebuilt in parallel and
//! foreign keys added NOT VALID then validated, one table per worker (as
//! pg_restore does after its data); sequences are set; ANALYZE; and every
//! table's row count and content hash, read back from the database, must
//! equal the manifest's.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Row};

use super::catalog::{self, Blocks, Table};
use super::chunk_file;
use super::content::{ContentHash, TupleHasher};
use super::manifest::{Manifest, ManifestChunk};
use super::verify::{check_on_disk, chunk_path};
use crate::config::MigrateSettings;
use crate::db::{Target, quote_ident};
use crate::error::{Error, Result};
use crate::migrate::MigrationSet;
use crate::migrate::source::hex;

/// The comment that marks a staging database as ours to drop.
const STAGING_MARK: &str = "platformctl restore in progress";
/// Tables larger than this are read back in block ranges by several workers.
const CHECK_CHUNK_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone)]
pub struct RestoreOptions {
    pub backup: PathBuf,
    pub jobs: usize,
    /// Replace a target that is not empty.
    pub clean: bool,
    pub migrate: MigrateSettings,
}

/// The steps of a restore, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Schema,
    Load,
    Indexes,
    Check,
    Swap,
}

impl Step {
    pub fn describe(self) -> &'static str {
        match self {
            Step::Schema => "applying the migrations",
            Step::Load => "loading the data",
            Step::Indexes => "building indexes and keys",
            Step::Check => "validating foreign keys, analyzing, checking row counts and content hashes",
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
    for _ in 0..options.jobs.max(1) {
        let mut conn = staging.connect("platformctl backup restore (worker)").await?;
        // Losing the last commits to a server crash is harmless here: the
        // restore is checked in full before it is put in place.
        sqlx::raw_sql("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'")
            .execute(&mut conn)
            .await
            .map_err(Error::db("setting up a restore worker"))?;
        workers.push(conn);
    }
    load(&mut workers, manifest, &options.backup, events).await?;
    step(Step::Load, &mut clock);

    events(Event::Step(Step::Indexes));
    let sizes = table_sizes(&mut admin, &tables).await?;
    let keys = deferred
        .build_statements(&sizes)
        .into_iter()
        .map(|(sql, size)| (Job::Sql(sql), size));
    run_jobs(&mut workers, keys.collect(), &tables, None).await?;
    step(Step::Indexes, &mut clock);

    // Foreign keys, ANALYZE and the read-back are independent of each other:
    // one queue, largest first, keeps both workers busy while one validates
    // the foreign keys of the largest table (they lock it one at a time).
    events(Event::Step(Step::Check));
    sqlx::raw_sql(AssertSqlSafe(deferred.add_foreign_keys()))
        .execute(&mut admin)
        .await
        .map_err(Error::db("adding the foreign keys"))?;
    let mut jobs: Vec<(Job, u64)> = deferred
        .validate_foreign_keys(&sizes)
        .into_iter()
        .map(|(sql, size)| (Job::Sql(sql), size))
        .collect();
    for table in &tables {
        let size = sizes.get(&table.name).copied().unwrap_or(0);
        jobs.push((Job::Sql(vec![format!("ANALYZE {}", table.name)]), size / 4));
    }
    jobs.extend(check_jobs(&mut admin, &tables, &sizes).await?);
    let totals = Mutex::new(vec![ContentHash::default(); tables.len()]);
    run_jobs(&mut workers, jobs, &tables, Some(&totals)).await?;
    sqlx::raw_sql(AssertSqlSafe(deferred.finish(manifest)))
        .execute(&mut admin)
        .await
        .map_err(Error::db("enabling triggers and setting sequences"))?;
    compare_contents(manifest, &tables, totals.into_inner().expect("totals lock"))?;
    step(Step::Check, &mut clock);

    crate::db::close_quietly(admin).await;
    for conn in workers {
        crate::db::close_quietly(conn).await;
    }
    Ok(steps)
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
    Ok(tables)
}

/// What is dropped before the load and rebuilt after it.
struct Deferred {
    /// (table, name, definition, comment) of primary keys, unique and
    /// exclusion constraints.
    keys: Vec<(String, String, String, Option<String>)>,
    /// (table, name, definition) of foreign keys.
    foreign_keys: Vec<(String, String, String)>,
    /// (table, qualified name, CREATE INDEX statement, comment) of the other indexes.
    indexes: Vec<(String, String, String, Option<String>)>,
    /// (table, trigger) of the enabled user triggers.
    triggers: Vec<(String, String)>,
}

impl Deferred {
    async fn read(conn: &mut PgConnection, tables: &[Table]) -> Result<Deferred> {
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        let context = "reading the indexes and constraints";
        let constraints = sqlx::query(
            "SELECT con.conrelid::regclass::text, con.conname::text, con.contype::text,
                    pg_get_constraintdef(con.oid), obj_description(con.oid, 'pg_constraint')
             FROM pg_constraint con
             WHERE con.conrelid IN (SELECT unnest($1::text[])::regclass) AND con.contype IN ('p', 'u', 'x', 'f')
             ORDER BY con.conrelid::regclass::text, con.conname",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db(context))?;
        let mut deferred = Deferred {
            keys: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            triggers: Vec::new(),
        };
        for row in constraints {
            let (table, name, kind, definition, comment): (String, String, String, String, Option<String>) =
                (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
            if kind == "f" {
                deferred.foreign_keys.push((table, name, definition));
            } else {
                deferred.keys.push((table, name, definition, comment));
            }
        }
        let indexes: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
                    obj_description(i.indexrelid, 'pg_class')
             FROM pg_index i
             WHERE i.indrelid IN (SELECT unnest($1::text[])::regclass)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                               WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
             ORDER BY 1, 2",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db(context))?;
        deferred.indexes = indexes;
        deferred.triggers = sqlx::query_as(
            "SELECT tgrelid::regclass::text, tgname::text FROM pg_trigger
             WHERE tgrelid IN (SELECT unnest($1::text[])::regclass) AND NOT tgisinternal AND tgenabled = 'O'
             ORDER BY 1, 2",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db(context))?;
        Ok(deferred)
    }

    /// Empties the tables (of the rows the migrations inserted) and drops
    /// what slows a load, in one transaction.
    async fn set_aside(&self, conn: &mut PgConnection, tables: &[Table]) -> Result<()> {
        let mut sql = String::from("BEGIN;\n");
        for (table, trigger) in &self.triggers {
            sql.push_str(&format!(
                "ALTER TABLE {table} DISABLE TRIGGER {};\n",
                quote_ident(trigger)
            ));
        }
        if !tables.is_empty() {
            let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
            sql.push_str(&format!("TRUNCATE {};\n", names.join(", ")));
        }
        for (table, name, _) in &self.foreign_keys {
            sql.push_str(&format!(
                "ALTER TABLE {table} DROP CONSTRAINT {};\n",
                quote_ident(name)
            ));
        }
        for (table, name, _, _) in &self.keys {
            sql.push_str(&format!(
                "ALTER TABLE {table} DROP CONSTRAINT {};\n",
                quote_ident(name)
            ));
        }
        for (_, name, _, _) in &self.indexes {
            sql.push_str(&format!("DROP INDEX {name};\n"));
        }
        sql.push_str("COMMIT;");
        sqlx::raw_sql(AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await
            .map_err(Error::db("preparing the tables for loading"))?;
        Ok(())
    }

    /// One job per key or index (with its comment), largest table first.
    fn build_statements(&self, sizes: &BTreeMap<String, u64>) -> Vec<(Vec<String>, u64)> {
        let size = |table: &str| sizes.get(table).copied().unwrap_or(0);
        let mut jobs = Vec::new();
        for (table, name, definition, comment) in &self.keys {
            let mut statements = vec![format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} {definition}",
                quote_ident(name)
            )];
            if let Some(comment) = comment {
                statements.push(format!(
                    "COMMENT ON CONSTRAINT {} ON {table} IS {}",
                    quote_ident(name),
                    quote_literal(comment)
                ));
            }
            jobs.push((statements, size(table)));
        }
        for (table, name, definition, comment) in &self.indexes {
            let mut statements = vec![definition.clone()];
            if let Some(comment) = comment {
                statements.push(format!("COMMENT ON INDEX {name} IS {}", quote_literal(comment)));
            }
            jobs.push((statements, size(table)));
        }
        jobs
    }

    /// Adds every foreign key without checking it (instant), in one
    /// transaction.
    fn add_foreign_keys(&self) -> String {
        let mut sql = String::from("BEGIN;\n");
        for (table, name, definition) in &self.foreign_keys {
            let definition = if definition.ends_with("NOT VALID") {
                definition.clone()
            } else {
                format!("{definition} NOT VALID")
            };
            sql.push_str(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} {definition};\n",
                quote_ident(name)
            ));
        }
        sql.push_str("COMMIT;");
        sql
    }

    /// One job per referencing table, validating its foreign keys in turn:
    /// VALIDATE locks its table against itself, so two workers never wait
    /// on each other. A key that was NOT VALID in the source stays so.
    fn validate_foreign_keys(&self, sizes: &BTreeMap<String, u64>) -> Vec<(Vec<String>, u64)> {
        let mut per_table: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (table, name, definition) in &self.foreign_keys {
            if !definition.ends_with("NOT VALID") {
                per_table.entry(table).or_default().push(format!(
                    "ALTER TABLE {table} VALIDATE CONSTRAINT {}",
                    quote_ident(name)
                ));
            }
        }
        per_table
            .into_iter()
            .map(|(table, statements)| (statements, sizes.get(table).copied().unwrap_or(0)))
            .collect()
    }

    /// Enables the triggers again and sets the sequences.
    fn finish(&self, manifest: &Manifest) -> String {
        let mut sql = String::from("BEGIN;\n");
        for (table, trigger) in &self.triggers {
            sql.push_str(&format!(
                "ALTER TABLE {table} ENABLE TRIGGER {};\n",
                quote_ident(trigger)
            ));
        }
        for sequence in &manifest.sequences {
            sql.push_str(&format!(
                "SELECT setval({}, {}, {});\n",
                quote_literal(&sequence.name),
                sequence.last_value,
                sequence.is_called
            ));
        }
        sql.push_str("COMMIT;");
        sql
    }
}

/// Heap sizes of the tables, for scheduling the largest first.
async fn table_sizes(conn: &mut PgConnection, tables: &[Table]) -> Result<BTreeMap<String, u64>> {
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT t, pg_relation_size(t::regclass) FROM unnest($1::text[]) AS t")
            .bind(&names)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db("reading the table sizes"))?;
    Ok(rows.into_iter().map(|(t, s)| (t, s.max(0) as u64)).collect())
}

/// Work for a worker after the load.
enum Job {
    /// Statements run in order.
    Sql(Vec<String>),
    /// Read back blocks of a table (by index) and add their content hash
    /// to the table's total.
    Check(usize, Blocks),
}

/// Runs jobs on the workers, largest first; the first failure stops the
/// others. `totals` receives the content hashes of `Check` jobs.
async fn run_jobs(
    workers: &mut [PgConnection],
    mut jobs: Vec<(Job, u64)>,
    tables: &[Table],
    totals: Option<&Mutex<Vec<ContentHash>>>,
) -> Result<()> {
    jobs.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let queue = Mutex::new(jobs.into_iter().map(|(job, _)| job).collect::<VecDeque<_>>());
    let failed = std::sync::atomic::AtomicBool::new(false);
    let runs = workers.iter_mut().map(|conn| {
        let (queue, failed) = (&queue, &failed);
        async move {
            loop {
                if failed.load(std::sync::atomic::Ordering::Relaxed) {
                    return Ok(());
                }
                let Some(job) = queue.lock().expect("queue lock").pop_front() else {
                    return Ok(());
                };
                let done = match job {
                    Job::Sql(statements) => run_statements(conn, statements).await,
                    Job::Check(t, blocks) => read_back(conn, &tables[t], blocks).await.map(|content| {
                        if let Some(totals) = totals {
                            totals.lock().expect("totals lock")[t].merge(content);
                        }
                    }),
                };
                if let Err(e) = done {
                    failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
    });
    first_error(join_all(runs).await)
}

async fn run_statements(conn: &mut PgConnection, statements: Vec<String>) -> Result<()> {
    for statement in statements {
        sqlx::raw_sql(AssertSqlSafe(statement.clone()))
            .execute(&mut *conn)
            .await
            .map_err(|e| Error::db(format!("restoring: {statement}"))(e))?;
    }
    Ok(())
}

/// Loads every chunk, largest first, on the workers.
async fn load(
    workers: &mut [PgConnection],
    manifest: &Manifest,
    backup: &Path,
    events: &Arc<dyn Fn(Event) + Send + Sync>,
) -> Result<()> {
    let mut chunks: Vec<(&str, &ManifestChunk)> = manifest
        .tables
        .iter()
        .flat_map(|t| t.chunks.iter().map(move |c| (t.name.as_str(), c)))
        .collect();
    chunks.sort_by_key(|(_, c)| std::cmp::Reverse(c.bytes));
    events(Event::LoadPlanned {
        chunks: chunks.len(),
        bytes: chunks.iter().map(|(_, c)| c.bytes).sum(),
    });
    let columns: BTreeMap<&str, String> = manifest
        .tables
        .iter()
        .map(|t| {
            let list = t.columns.iter().map(|c| quote_ident(&c.name)).collect::<Vec<_>>();
            (t.name.as_str(), list.join(", "))
        })
        .collect();
    let queue = Mutex::new(VecDeque::from(chunks));
    let failed = std::sync::atomic::AtomicBool::new(false);
    let runs = workers.iter_mut().map(|conn| {
        let (queue, failed, columns) = (&queue, &failed, &columns);
        async move {
            loop {
                if failed.load(std::sync::atomic::Ordering::Relaxed) {
                    return Ok(());
                }
                let Some((table, chunk)) = queue.lock().expect("queue lock").pop_front() else {
                    return Ok(());
                };
                let statement = format!("COPY {table} ({}) FROM STDIN (FORMAT binary)", columns[table]);
                if let Err(e) = load_chunk(conn, &statement, backup, manifest, chunk).await {
                    failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    return Err(e);
                }
                events(Event::ChunkLoaded {
                    table: table.to_owned(),
                    rows: chunk.rows,
                    bytes: chunk.bytes,
                });
            }
        }
    });
    first_error(join_all(runs).await)
}

/// Streams one chunk file into one COPY, which commits only when the file's
/// size and SHA-256 and the row count are the manifest's.
async fn load_chunk(
    conn: &mut PgConnection,
    statement: &str,
    backup: &Path,
    manifest: &Manifest,
    chunk: &ManifestChunk,
) -> Result<()> {
    let path = chunk_path(backup, chunk)?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let reader = {
        let (path, compression) = (path.clone(), manifest.compression);
        tokio::task::spawn_blocking(move || {
            chunk_file::read(&path, compression, |b| tx.blocking_send(b).is_ok())
        })
    };
    let context = || format!("loading {}", path.display());
    let mut copy = conn.copy_in_raw(statement).await.map_err(Error::db(context()))?;
    while let Some(buffer) = rx.recv().await {
        if let Err(e) = copy.send(buffer).await {
            drop(rx);
            let _ = copy.abort("send failed").await;
            let _ = reader.await;
            return Err(Error::db(context())(e));
        }
    }
    let on_disk = reader
        .await
        .map_err(|e| Error::Internal(format!("the reader of {} failed: {e}", path.display())));
    let checked = on_disk
        .and_then(|r| r)
        .and_then(|on_disk| check_on_disk(&path, chunk, &on_disk));
    if let Err(e) = checked {
        let _ = copy.abort("the backup file is damaged").await;
        return Err(e);
    }
    let rows = copy.finish().await.map_err(Error::db(context()))?;
    if rows != chunk.rows {
        return Err(Error::Corrupt(format!(
            "{} loaded {rows} rows, the manifest says {}",
            path.display(),
            chunk.rows
        )));
    }
    Ok(())
}

/// The read-back of every table, in block ranges for the large ones.
async fn check_jobs(
    admin: &mut PgConnection,
    tables: &[Table],
    sizes: &BTreeMap<String, u64>,
) -> Result<Vec<(Job, u64)>> {
    let block_size = catalog::block_size(admin).await?;
    let server = crate::db::server_info(admin).await?;
    let mut jobs = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        let heap = sizes.get(&table.name).copied().unwrap_or(0);
        let ranges = catalog::split(heap, CHECK_CHUNK_BYTES, block_size, server.version_num);
        let share = heap / ranges.len() as u64;
        jobs.extend(ranges.into_iter().map(|blocks| (Job::Check(t, blocks), share)));
    }
    Ok(jobs)
}

/// The content hash of some blocks of a table, read from the database.
async fn read_back(conn: &mut PgConnection, table: &Table, blocks: Blocks) -> Result<ContentHash> {
    let context = || format!("reading back {}", table.name);
    let mut hasher = TupleHasher::default();
    let statement = catalog::copy_out(table, blocks);
    let mut data = super::CopyOut::start(conn, &statement)
        .await
        .map_err(Error::db(context()))?;
    while let Some(buffer) = data.next().await {
        hasher.update(&buffer.map_err(Error::db(context()))?);
    }
    hasher
        .finish()
        .map_err(|problem| Error::Internal(format!("{}: {problem}", context())))
}

/// Every table's row count and content hash, as read back, must be the
/// manifest's.
fn compare_contents(manifest: &Manifest, tables: &[Table], totals: Vec<ContentHash>) -> Result<()> {
    for (table, total) in tables.iter().zip(totals) {
        let expected = manifest
            .tables
            .iter()
            .find(|m| m.name == table.name)
            .expect("tables were matched with the manifest");
        if total.rows != expected.rows || total.hex() != expected.hash {
            return Err(Error::Corrupt(format!(
                "after loading, table {} holds {} rows with hash {}; the backup has {} rows with hash {}",
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

/// Runs futures concurrently on this task, collecting their results in order.
async fn join_all<F: std::future::Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut futures: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs
        .into_iter()
        .map(|o| o.expect("every future finished"))
        .collect()
}

fn first_error(results: Vec<Result<()>>) -> Result<()> {
    results.into_iter().collect()
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
