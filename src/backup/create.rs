//! `backup create`: every table through COPY, from one exported snapshot
//! shared by `jobs` workers, large tables cut into block ranges, each chunk
//! compressed and hashed on its way to disk.
//!
//! The leader connection locks every table in ACCESS SHARE mode (no DDL can
//! change them under the backup; nothing else is blocked), exports its
//! snapshot, and holds both until the end. Each worker imports the snapshot,
//! so all chunks see the database at one instant however long the backup
//! runs. The directory is written as `<name>.partial`, locked by the run, and
//! renamed to `<name>` only after the manifest and every file are synced.

use std::collections::VecDeque;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use sqlx::AssertSqlSafe;
use sqlx::postgres::PgConnection;

use super::catalog::{self, Blocks, Table};
use super::chunk_file::{self, Compression, Written};
use super::content::ContentHash;
use super::manifest::{self, Manifest, ManifestChunk, ManifestMigration, ManifestTable};
use crate::db::Target;
use crate::error::{Error, ErrorKind, Result};
use crate::files;
use crate::hex::encode as hex;
use crate::progress::Progress;

/// How long the leader waits for its ACCESS SHARE locks (a migration holding
/// an exclusive lock) before giving up with a temporary error.
const LOCK_TIMEOUT: &str = "30s";

#[derive(Debug, Clone)]
pub struct CreateOptions {
    /// The backup directory to create; it must not exist.
    pub out: PathBuf,
    /// Parallel workers, each with its own connection.
    pub jobs: usize,
    pub compression: Compression,
    /// Tables larger than this are cut into chunks of about this size.
    pub chunk_bytes: u64,
}

/// Progress, for a progress bar.
#[derive(Debug, Clone)]
pub enum Event {
    /// The work is known: `heap_bytes` to read in `chunks` chunks.
    Planned {
        tables: usize,
        chunks: usize,
        heap_bytes: u64,
    },
    /// A chunk was written.
    ChunkWritten {
        table: String,
        rows: u64,
        heap_bytes: u64,
    },
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CreateReport {
    pub path: PathBuf,
    pub database: String,
    pub migration_version: i64,
    pub tables: usize,
    pub chunks: usize,
    pub rows: u64,
    /// Uncompressed COPY data.
    pub raw_bytes: u64,
    /// On disk.
    pub bytes: u64,
    pub compression: String,
    pub jobs: usize,
    pub seconds: f64,
}

/// One chunk to write.
struct Job {
    table: usize,
    index: usize,
    blocks: Blocks,
    /// Estimated, for ordering and progress.
    heap_bytes: u64,
}

/// Creates a backup of the database of `target`.
pub async fn create(
    target: &Target,
    options: &CreateOptions,
    events: Arc<dyn Progress<Event>>,
) -> Result<CreateReport> {
    let started = Instant::now();
    let started_at = now_rfc3339();
    let out = options.out.clone();
    if out.exists() {
        return Err(Error::Io {
            message: "a file or directory already exists at",
            path: out,
            source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            kind: ErrorKind::CannotCreate,
        });
    }
    let partial = manifest::partial_path(&out);
    let lock = start_directory(&partial)?;

    let result = write_backup(target, options, &partial, started_at, &events).await;
    let manifest = match result {
        Ok(manifest) => manifest,
        Err(error) => {
            // Nothing of a failed run is worth keeping; a killed run's
            // directory keeps its `.partial` name and `prune` removes it.
            drop(lock);
            let _ = std::fs::remove_dir_all(&partial);
            return Err(error);
        }
    };
    std::fs::rename(&partial, &out).map_err(Error::io(
        "cannot rename the finished backup to",
        &out,
        ErrorKind::CannotCreate,
    ))?;
    drop(lock);
    let _ = std::fs::remove_file(out.join(LOCK_FILE));
    if let Some(parent) = out.parent() {
        files::sync_dir(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })?;
    }
    Ok(CreateReport {
        path: out,
        database: manifest.database.clone(),
        migration_version: manifest.migration_version,
        tables: manifest.tables.len(),
        chunks: manifest.tables.iter().map(|t| t.chunks.len()).sum(),
        rows: manifest.rows(),
        raw_bytes: manifest.tables.iter().map(|t| t.raw_bytes).sum(),
        bytes: manifest.bytes(),
        compression: options.compression.to_string(),
        jobs: options.jobs,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The file a running backup holds locked in its `.partial` directory, so
/// that `prune` can tell a running backup from an abandoned one.
pub const LOCK_FILE: &str = ".lock";

/// Creates the `.partial` directory and locks it for this run.
fn start_directory(partial: &Path) -> Result<File> {
    if partial.exists() {
        return Err(Error::Io {
            message: "an unfinished backup (running, or killed: `backup prune` removes those) is already at",
            path: partial.to_owned(),
            source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            kind: ErrorKind::CannotCreate,
        });
    }
    if let Some(parent) = partial.parent().filter(|p| !p.as_os_str().is_empty()) {
        files::create_private_dir(parent, true).map_err(Error::io(
            "cannot create the backup directory",
            parent,
            ErrorKind::CannotCreate,
        ))?;
    }
    // A backup holds every row (password hashes, personal data): owner only.
    files::create_private_dir(partial, false).map_err(Error::io(
        "cannot create the backup directory",
        partial,
        ErrorKind::CannotCreate,
    ))?;
    files::create_private_dir(&partial.join("data"), false).map_err(Error::io(
        "cannot create the backup directory",
        partial,
        ErrorKind::CannotCreate,
    ))?;
    let lock_path = partial.join(LOCK_FILE);
    let lock = files::create_private_file(&lock_path).map_err(Error::io(
        "cannot create",
        &lock_path,
        ErrorKind::CannotCreate,
    ))?;
    lock.try_lock()
        .map_err(|e| Error::Internal(format!("cannot lock {}: {e}", lock_path.display())))?;
    Ok(lock)
}

async fn write_backup(
    target: &Target,
    options: &CreateOptions,
    dir: &Path,
    started_at: String,
    events: &Arc<dyn Progress<Event>>,
) -> Result<Manifest> {
    let mut leader = target.connect("platformctl backup create").await?;
    let result = with_leader(&mut leader, target, options, dir, started_at, events).await;
    crate::db::close_quietly(leader).await;
    result
}

async fn with_leader(
    leader: &mut PgConnection,
    target: &Target,
    options: &CreateOptions,
    dir: &Path,
    started_at: String,
    events: &Arc<dyn Progress<Event>>,
) -> Result<Manifest> {
    let server = crate::db::server_info(leader).await?;
    let migrations = applied_migrations(leader).await?;
    let migration_version = migrations.last().map(|m| m.version).ok_or_else(|| {
        Error::Refused(format!(
            "database {} has no applied migrations; a backup restores through the migrations, \
             so apply them first (`platformctl migrate up`)",
            target.database()
        ))
    })?;

    // The table list is read before the transaction: the transaction's
    // snapshot must be taken after the locks (its first query takes it).
    let listed = catalog::tables(leader).await?;
    sqlx::raw_sql("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *leader)
        .await
        .map_err(Error::db("starting the backup transaction"))?;
    if !listed.is_empty() {
        let names: Vec<&str> = listed.iter().map(|t| t.name.as_str()).collect();
        sqlx::raw_sql(AssertSqlSafe(format!(
            "SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'; LOCK TABLE {} IN ACCESS SHARE MODE",
            names.join(", ")
        )))
        .execute(&mut *leader)
        .await
        .map_err(|e| match crate::error::sqlx_kind(&e) {
            ErrorKind::Temporary => Error::Retry(format!(
                "the tables could not be locked for reading within {LOCK_TIMEOUT}: a migration or \
                 other schema change holds them; retry later"
            )),
            _ => Error::db("locking the tables")(e),
        })?;
    }
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut *leader)
        .await
        .map_err(Error::db("exporting the backup snapshot"))?;
    let tables = catalog::tables(leader).await?;
    if tables.iter().map(|t| &t.name).ne(listed.iter().map(|t| &t.name)) {
        return Err(Error::Retry(
            "tables were created or dropped while the backup started; run it again".to_owned(),
        ));
    }
    let sequences = catalog::sequences(leader).await?;
    let encoding = catalog::encoding(leader).await?;
    let block_size = catalog::block_size(leader).await?;

    let mut queue = VecDeque::new();
    for (t, table) in tables.iter().enumerate() {
        let ranges = catalog::split(
            table.heap_bytes,
            options.chunk_bytes,
            block_size,
            server.version_num,
        );
        let per_chunk = table.heap_bytes / ranges.len() as u64;
        for (index, blocks) in ranges.into_iter().enumerate() {
            queue.push_back(Job {
                table: t,
                index,
                blocks,
                heap_bytes: per_chunk,
            });
        }
    }
    // Largest first, so the last chunks to finish are small ones.
    queue
        .make_contiguous()
        .sort_by_key(|j| std::cmp::Reverse(j.heap_bytes));
    events.report(Event::Planned {
        tables: tables.len(),
        chunks: queue.len(),
        heap_bytes: tables.iter().map(|t| t.heap_bytes).sum(),
    });

    let tables = Arc::new(tables);
    let shared = Arc::new(Shared {
        queue: Mutex::new(queue),
        failed: AtomicBool::new(false),
    });
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..options.jobs.max(1) {
        let mut conn = target.connect("platformctl backup create (worker)").await?;
        sqlx::raw_sql(AssertSqlSafe(format!(
            "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'"
        )))
        .execute(&mut conn)
        .await
        .map_err(Error::db("importing the backup snapshot"))?;
        let (tables, shared, events) = (tables.clone(), shared.clone(), events.clone());
        let (dir, compression) = (dir.to_owned(), options.compression);
        workers.spawn(async move {
            let result = work(&mut conn, &tables, &shared, &dir, compression, &events).await;
            if result.is_err() {
                shared.failed.store(true, Ordering::Relaxed);
            }
            crate::db::close_quietly(conn).await;
            result
        });
    }
    let mut written: Vec<(usize, usize, String, Written)> = Vec::new();
    let mut first_error = None;
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(Ok(mut done)) => written.append(&mut done),
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                first_error.get_or_insert(Error::Internal(format!("a backup worker failed: {e}")));
            }
        }
    }
    if let Some(error) = first_error {
        return Err(error);
    }
    sqlx::raw_sql("COMMIT")
        .execute(&mut *leader)
        .await
        .map_err(Error::db("ending the backup transaction"))?;

    written.sort_by_key(|(t, i, _, _)| (*t, *i));
    let mut manifest_tables: Vec<ManifestTable> = tables
        .iter()
        .map(|t| ManifestTable {
            name: t.name.clone(),
            columns: t.columns.clone(),
            rows: 0,
            hash: String::new(),
            raw_bytes: 0,
            chunks: Vec::new(),
        })
        .collect();
    let mut hashes = vec![ContentHash::default(); tables.len()];
    for (t, _, file, chunk) in written {
        hashes[t].merge(chunk.content);
        let table = &mut manifest_tables[t];
        table.raw_bytes += chunk.raw_bytes;
        table.chunks.push(ManifestChunk {
            file,
            bytes: chunk.bytes,
            sha256: chunk.sha256,
            rows: chunk.content.rows,
            hash: chunk.content.hex(),
        });
    }
    for (table, hash) in manifest_tables.iter_mut().zip(hashes) {
        table.rows = hash.rows;
        table.hash = hash.hex();
    }
    let manifest = Manifest {
        format: manifest::FORMAT,
        tool: format!("platformctl {}", env!("CARGO_PKG_VERSION")),
        server_version: server.version,
        database: server.database,
        encoding,
        started_at,
        finished_at: now_rfc3339(),
        snapshot,
        compression: options.compression,
        migration_version,
        migrations,
        tables: manifest_tables,
        sequences,
    };
    files::sync_dir(&dir.join("data"))?;
    manifest.write(dir)?;
    files::sync_dir(dir)?;
    Ok(manifest)
}

struct Shared {
    queue: Mutex<VecDeque<Job>>,
    failed: AtomicBool,
}

/// One worker: takes chunks until none is left (or another worker failed).
async fn work(
    conn: &mut PgConnection,
    tables: &[Table],
    shared: &Shared,
    dir: &Path,
    compression: Compression,
    events: &Arc<dyn Progress<Event>>,
) -> Result<Vec<(usize, usize, String, Written)>> {
    let mut done = Vec::new();
    loop {
        if shared.failed.load(Ordering::Relaxed) {
            return Ok(done);
        }
        let Some(job) = shared.queue.lock().expect("queue lock").pop_front() else {
            return Ok(done);
        };
        let table = &tables[job.table];
        let file = format!(
            "data/{:03}-{}.{:04}.{}",
            job.table,
            file_stem(&table.name),
            job.index,
            compression.extension()
        );
        let chunk = write_chunk(conn, table, job.blocks, &dir.join(&file), compression).await?;
        events.report(Event::ChunkWritten {
            table: table.name.clone(),
            rows: chunk.content.rows,
            heap_bytes: job.heap_bytes,
        });
        done.push((job.table, job.index, file, chunk));
    }
}

/// A table name as a file name: letters, digits, `_` and `.` kept.
fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// COPYs one chunk out to its file: the server's rows are gathered into
/// buffers here while a blocking thread hashes, compresses and writes them.
async fn write_chunk(
    conn: &mut PgConnection,
    table: &Table,
    blocks: Blocks,
    path: &Path,
    compression: Compression,
) -> Result<Written> {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let writer = {
        let path = path.to_owned();
        tokio::task::spawn_blocking(move || chunk_file::write(&path, compression, rx))
    };
    let statement = catalog::copy_out(table, blocks);
    let copied = async {
        let mut data = crate::pgcopy::CopyOut::start(conn, &statement).await?;
        while let Some(buffer) = data.next().await {
            if tx.send(buffer?).await.is_err() {
                // The writer failed; its error is the one to report.
                break;
            }
        }
        Ok(())
    }
    .await
    .map_err(Error::db(format!("reading {}", table.name)));
    drop(tx);
    let written = writer
        .await
        .map_err(|e| Error::Internal(format!("the writer of {} failed: {e}", path.display())))?;
    copied?;
    written
}

/// The applied migrations, oldest first; a failed one refuses the backup.
async fn applied_migrations(conn: &mut PgConnection) -> Result<Vec<ManifestMigration>> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('public._sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(Error::db("looking for the migrations table"))?;
    if !exists {
        return Ok(Vec::new());
    }
    let applied = crate::migrate::history::applied(conn).await?;
    if let Some(dirty) = applied.iter().find(|m| !m.success) {
        return Err(Error::DirtyMigration {
            version: dirty.version,
            description: dirty.description.clone(),
        });
    }
    Ok(applied
        .into_iter()
        .map(|m| ManifestMigration {
            version: m.version,
            description: m.description,
            checksum: hex(&m.checksum),
        })
        .collect())
}

pub(super) fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
