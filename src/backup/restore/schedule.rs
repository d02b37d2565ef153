//! The restore's work queue: loading chunks, building keys and indexes,
//! reading tables back, validating foreign keys, each job on one of the
//! workers' connections.
//!
//! Why a scheduler rather than phases: the largest table (messages) is most
//! of the data, and its keys and indexes can only be built once it is all
//! in. So workers load chunks, largest table first, and as soon as a table's
//! last chunk is in, its keys and indexes (and, with `--read-back`, its
//! read-back) become ready: an idle worker builds the small tables' while
//! the large one is still loading, instead of waiting for a phase to end.
//!
//! Each chunk's rows are hashed as they stream from the file into COPY (on
//! the reading thread), and its COPY commits only when the file's size and
//! SHA-256, the rows the server reports, and the content hash are the
//! manifest's.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::AssertSqlSafe;
use sqlx::postgres::PgConnection;

use super::Event;
use crate::backup::catalog::{self, Blocks, Table};
use crate::backup::chunk_file;
use crate::backup::content::{ContentHash, TupleHasher};
use crate::backup::manifest::{Manifest, ManifestChunk};
use crate::backup::verify::{check_content, check_on_disk, chunk_path};
use crate::db::quote_ident;
use crate::error::{Error, Result};
use crate::progress::Progress;

/// One piece of work, for one worker.
#[derive(Debug)]
pub enum Job {
    /// Load chunk `chunk` of table `table` (indexes into the manifest).
    Load { table: usize, chunk: usize },
    /// Statements run in order.
    Sql(Vec<String>),
    /// Read back blocks of table `table` from the database and add their
    /// content hash to the table's total.
    Check { table: usize, blocks: Blocks },
}

/// What the jobs need to run, and what they found.
pub struct Context<'a> {
    pub manifest: &'a Manifest,
    pub backup: &'a Path,
    /// In the manifest's order.
    pub tables: &'a [Table],
    pub events: &'a Arc<dyn Progress<Event>>,
    /// Per table: the content hash of the rows loaded (as streamed into COPY).
    pub loaded: Mutex<Vec<ContentHash>>,
    /// Per table: the content hash read back from the database (`--read-back`).
    pub read_back: Mutex<Vec<ContentHash>>,
}

/// Jobs, and which of them wait for a table's load.
pub struct Queue {
    /// Per table: chunks not started, largest first, with their sizes.
    unloaded: Vec<VecDeque<(usize, u64)>>,
    /// Per table: workers loading it now.
    loading: Vec<usize>,

    /// Per table: chunks not loaded yet (started or not).
    remaining: Vec<usize>,
    /// Per table: jobs released when its last chunk is loaded.
    after_load: Vec<Vec<(Job, u64)>>,
    /// Released jobs with their sizes; the largest runs first.
    ready: Vec<(Job, u64)>,
    /// Jobs being run.
    running: usize,
}

enum Next {
    Run(Job),
    /// Nothing to do until a running job finishes.
    Wait,
    Done,
}

impl Queue {
    pub fn new(tables: usize) -> Queue {
        Queue {
            unloaded: (0..tables).map(|_| VecDeque::new()).collect(),
            loading: vec![0; tables],

            remaining: vec![0; tables],
            after_load: (0..tables).map(|_| Vec::new()).collect(),
            ready: Vec::new(),
            running: 0,
        }
    }

    /// Every chunk of the manifest, to load.
    pub fn add_loads(&mut self, manifest: &Manifest) {
        for (t, table) in manifest.tables.iter().enumerate() {
            let mut chunks: Vec<(usize, u64)> = table.chunks.iter().map(|c| c.bytes).enumerate().collect();
            chunks.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
            self.remaining[t] += chunks.len();
            self.unloaded[t].extend(chunks);
        }
    }

    /// A job that may start once table `table` is loaded.
    pub fn after_load(&mut self, table: usize, job: Job, size: u64) {
        if self.remaining[table] == 0 {
            self.ready.push((job, size));
        } else {
            self.after_load[table].push((job, size));
        }
    }

    /// A job that may start at once.
    pub fn ready(&mut self, job: Job, size: u64) {
        self.ready.push((job, size));
    }

    fn next(&mut self) -> Next {
        let alone = (0..self.unloaded.len())
            .filter(|&t| self.loading[t] == 0 && !self.unloaded[t].is_empty())
            .max_by_key(|&t| self.unloaded[t].iter().map(|(_, b)| b).sum::<u64>());
        // Two writers into one table are worth it (measured on messages: 14
        // chunks in about 12 s with two, 25 s with one), but a table nobody
        // loads yet, or ready work, comes first.
        let joined = (0..self.unloaded.len()).find(|&t| !self.unloaded[t].is_empty());
        let job = if let Some(t) = alone {
            self.load(t)
        } else if let Some(i) = (0..self.ready.len()).max_by_key(|&i| self.ready[i].1) {
            self.ready.swap_remove(i).0
        } else if let Some(t) = joined {
            self.load(t)
        } else if self.running > 0 {
            return Next::Wait;
        } else {
            return Next::Done;
        };
        self.running += 1;
        Next::Run(job)
    }

    fn load(&mut self, table: usize) -> Job {
        let (chunk, _) = self.unloaded[table].pop_front().expect("a chunk to load");
        self.loading[table] += 1;
        Job::Load { table, chunk }
    }

    fn finished(&mut self, job: &Job) {
        self.running -= 1;
        if let Job::Load { table, .. } = *job {
            self.loading[table] -= 1;
            self.remaining[table] -= 1;
            if self.remaining[table] == 0 {
                let released = std::mem::take(&mut self.after_load[table]);
                self.ready.extend(released);
            }
        }
    }
}

/// Runs every job of `queue` on the workers; the first failure stops the
/// others (their running jobs finish).
pub async fn run(workers: &mut [PgConnection], queue: Queue, context: &Context<'_>) -> Result<()> {
    let queue = Mutex::new(queue);
    let failed = AtomicBool::new(false);
    let runs = workers.iter_mut().map(|conn| {
        let (queue, failed) = (&queue, &failed);
        async move {
            loop {
                if failed.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let next = queue.lock().expect("queue lock").next();
                let job = match next {
                    Next::Done => return Ok(()),
                    Next::Wait => {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                    Next::Run(job) => job,
                };
                let started = std::time::Instant::now();
                let done = run_job(conn, &job, context).await;
                tracing::debug!(
                    ?job,
                    seconds = started.elapsed().as_secs_f64(),
                    "restore job done"
                );
                if let Err(e) = done {
                    failed.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                queue.lock().expect("queue lock").finished(&job);
            }
        }
    });
    join_all(runs).await.into_iter().collect()
}

async fn run_job(conn: &mut PgConnection, job: &Job, context: &Context<'_>) -> Result<()> {
    match *job {
        Job::Load { table: t, chunk } => {
            let table = &context.manifest.tables[t];
            let chunk = &table.chunks[chunk];
            let columns: Vec<String> = table.columns.iter().map(|c| quote_ident(&c.name)).collect();
            let statement = format!(
                "COPY {} ({}) FROM STDIN (FORMAT binary)",
                table.name,
                columns.join(", ")
            );
            let content = load_chunk(conn, &statement, context.backup, context.manifest, chunk).await?;
            context.loaded.lock().expect("totals lock")[t].merge(content);
            context.events.report(Event::ChunkLoaded {
                table: table.name.clone(),
                rows: chunk.rows,
                bytes: chunk.bytes,
            });
            Ok(())
        }
        Job::Sql(ref statements) => {
            for statement in statements {
                sqlx::raw_sql(AssertSqlSafe(statement.clone()))
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| Error::db(format!("restoring: {statement}"))(e))?;
            }
            Ok(())
        }
        Job::Check { table, blocks } => {
            let content = read_back(conn, &context.tables[table], blocks).await?;
            context.read_back.lock().expect("totals lock")[table].merge(content);
            Ok(())
        }
    }
}

/// Streams one chunk file into one COPY, which commits only when the file's
/// size and SHA-256, the rows the server reports and their content hash are
/// the manifest's; returns the content hash.
async fn load_chunk(
    conn: &mut PgConnection,
    statement: &str,
    backup: &Path,
    manifest: &Manifest,
    chunk: &ManifestChunk,
) -> Result<ContentHash> {
    let path = chunk_path(backup, chunk)?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let reader = {
        let (path, compression) = (path.clone(), manifest.compression);
        tokio::task::spawn_blocking(move || {
            let mut hasher = TupleHasher::default();
            let on_disk = chunk_file::read(&path, compression, |buffer| {
                hasher.update(&buffer);
                tx.blocking_send(buffer).is_ok()
            })?;
            let content = hasher
                .finish()
                .map_err(|problem| Error::Corrupt(format!("{} is not whole: {problem}", path.display())))?;
            Ok::<_, Error>((on_disk, content))
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
    let checked = on_disk.and_then(|r| r).and_then(|(on_disk, content)| {
        check_on_disk(&path, chunk, &on_disk)?;
        check_content(&path, chunk, content)?;
        Ok(content)
    });
    let content = match checked {
        Ok(content) => content,
        Err(e) => {
            let _ = copy.abort("the backup file is damaged").await;
            return Err(e);
        }
    };
    let rows = copy.finish().await.map_err(Error::db(context()))?;
    if rows != chunk.rows {
        return Err(Error::Corrupt(format!(
            "{} loaded {rows} rows, the manifest says {}",
            path.display(),
            chunk.rows
        )));
    }
    Ok(content)
}

/// The content hash of some blocks of a table, read from the database.
pub async fn read_back(conn: &mut PgConnection, table: &Table, blocks: Blocks) -> Result<ContentHash> {
    let context = || format!("reading back {}", table.name);
    let mut hasher = TupleHasher::default();
    let statement = catalog::copy_out(table, blocks);
    let mut data = crate::pgcopy::CopyOut::start(conn, &statement)
        .await
        .map_err(Error::db(context()))?;
    while let Some(buffer) = data.next().await {
        hasher.update(&buffer.map_err(Error::db(context()))?);
    }
    hasher
        .finish()
        .map_err(|problem| Error::Internal(format!("{}: {problem}", context())))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn name(job: &Job) -> String {
        match job {
            Job::Load { table, chunk } => format!("load {table}.{chunk}"),
            Job::Sql(s) => s.join(";"),
            Job::Check { table, .. } => format!("check {table}"),
        }
    }

    fn take(queue: &mut Queue) -> Option<Job> {
        match queue.next() {
            Next::Run(job) => Some(job),
            _ => None,
        }
    }

    #[test]
    fn workers_spread_over_tables_and_a_table_work_follows_its_load() {
        let mut queue = Queue::new(2);
        // Table 0: three chunks; table 1: one.
        queue.unloaded[0].extend([(0, 300), (1, 200), (2, 100)]);
        queue.remaining[0] = 3;
        queue.unloaded[1].push_back((0, 50));
        queue.remaining[1] = 1;
        queue.after_load(1, Job::Sql(vec!["index 1".into()]), 50);
        queue.after_load(0, Job::Sql(vec!["index 0".into()]), 600);

        let a = take(&mut queue).unwrap();
        assert_eq!(name(&a), "load 0.0");
        // The second worker takes the table nobody loads.
        let b = take(&mut queue).unwrap();
        assert_eq!(name(&b), "load 1.0");
        queue.finished(&b);
        // Table 1 is in: its index comes before joining table 0.
        let b = take(&mut queue).unwrap();
        assert_eq!(name(&b), "index 1");
        queue.finished(&b);
        // Nothing else is ready: join table 0.
        let b = take(&mut queue).unwrap();
        assert_eq!(name(&b), "load 0.1");
        queue.finished(&a);
        let a = take(&mut queue).unwrap();
        assert_eq!(name(&a), "load 0.2");
        queue.finished(&b);
        // Table 0's index waits for its last chunk.
        assert!(matches!(queue.next(), Next::Wait));
        queue.finished(&a);
        assert_eq!(name(&take(&mut queue).unwrap()), "index 0");
        assert!(
            matches!(queue.next(), Next::Wait),
            "the index is still being built"
        );
    }
}
