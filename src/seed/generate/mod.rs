//! `seed generate`: bulk sample data, deterministic for a `--rng-seed`.
//!
//! - `rng`: one random stream per entity, so any row can be made alone.
//! - `plan`: sizes, and each entity's id, time and parents as functions of
//!   its index.
//! - `text`: names and prose.
//! - `copy_row`: COPY text format, written without per-field allocation.
//! - `tables`: the tables in load order and how each writes a row.
//!
//! Tables load in stages (parents before children). Within a stage, the
//! tables are cut into chunks of units (users, conversations...) that
//! `--jobs` workers load in parallel, each chunk one COPY on the worker's own
//! connection, streamed in buffers of about 1 MiB: memory stays bounded
//! whatever the size. ANALYZE runs at the end.
//!
//! Generated rows are marked so they can be found again: users under the
//! email domain `gen<seed>.example`, workspaces and organizations named
//! `gen<seed>-...`, audit rows with request id `gen<seed>-...`. A run that
//! fails removes what it wrote; a run that was killed is detected by the next
//! one, which refuses until `--remove` has cleaned up.

mod copy_row;
mod plan;
mod rng;
mod tables;
mod text;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Connection};

pub use plan::Sizes;

use crate::db::Target;
use crate::error::{Error, Result};
use crate::progress::Progress;
use tables::{Scratch, TABLES, Table};

/// COPY data is sent in buffers of about this size.
const BUFFER_BYTES: usize = 1 << 20;

#[derive(Debug, Clone)]
pub struct Options {
    pub sizes: Sizes,
    pub rng_seed: u64,
    /// Parallel workers, each with its own connection.
    pub jobs: usize,
    /// Microseconds since the epoch: the newest generated time. With the
    /// seed, it fixes the data: same seed and end, same rows.
    pub end: i64,
}

/// Progress, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// A table starts: it has `units` units (users, conversations...).
    TableStarted {
        table: &'static str,
        units: u64,
    },
    /// A chunk of `units` units, `rows` rows, was committed.
    Loaded {
        table: &'static str,
        units: u64,
        rows: u64,
    },
    TableFinished {
        table: &'static str,
    },
    Analyzing,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TableReport {
    pub table: &'static str,
    pub rows: u64,
    pub seconds: f64,
    pub rows_per_second: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct GenerateReport {
    pub rng_seed: u64,
    pub sizes: Sizes,
    /// RFC 3339.
    pub end: String,
    pub jobs: usize,
    pub tables: Vec<TableReport>,
    pub rows: u64,
    /// Loading, ANALYZE excluded.
    pub load_seconds: f64,
    pub analyze_seconds: f64,
    pub rows_per_second: f64,
}

/// The generated tables in load order, with their COPY column lists (for
/// tools that export or reload exactly what was generated).
pub fn tables() -> impl Iterator<Item = (&'static str, &'static str)> {
    TABLES.iter().map(|t| (t.name, t.columns))
}

/// Generates and loads the data. The database must hold the platform schema.
pub async fn generate(
    target: &Target,
    options: &Options,
    events: Arc<dyn Progress<Event>>,
) -> Result<GenerateReport> {
    let plan = Arc::new(plan::Plan::new(options.rng_seed, options.sizes, options.end));
    let mut conn = target.connect("platformctl seed generate").await?;
    refuse_if_present(&mut conn, &plan).await?;
    let jobs = options.jobs.max(1);
    let mut workers = vec![conn];
    for _ in 1..jobs {
        workers.push(target.connect("platformctl seed generate").await?);
    }

    let started = Instant::now();
    let mut reports = Vec::new();
    let loaded = load_stages(&plan, &mut workers, &events, &mut reports).await;
    if let Err(error) = loaded {
        // Leave nothing half-loaded behind: remove what this run wrote.
        return Err(match remove(target, options.rng_seed).await {
            Ok(_) => error,
            Err(cleanup) => Error::Internal(format!(
                "{error}; removing the rows already loaded failed too ({cleanup}): run \
                 `platformctl seed generate --rng-seed {} --remove`",
                options.rng_seed
            )),
        });
    }
    let load_seconds = started.elapsed().as_secs_f64();

    events.report(Event::Analyzing);
    let analyzing = Instant::now();
    let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
    sqlx::raw_sql(AssertSqlSafe(format!("ANALYZE {}", names.join(", "))))
        .execute(&mut workers[0])
        .await
        .map_err(Error::db("cannot ANALYZE the generated tables"))?;
    let analyze_seconds = analyzing.elapsed().as_secs_f64();
    for worker in workers {
        crate::db::close_quietly(worker).await;
    }
    let rows = reports.iter().map(|r| r.rows).sum();
    Ok(GenerateReport {
        rng_seed: options.rng_seed,
        sizes: options.sizes,
        end: time::OffsetDateTime::from_unix_timestamp_nanos(options.end as i128 * 1000)
            .ok()
            .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
            .unwrap_or_default(),
        jobs,
        tables: reports,
        rows,
        load_seconds,
        analyze_seconds,
        rows_per_second: rows as f64 / load_seconds.max(1e-9),
    })
}

/// Refuses to load a seed's data twice (its keys would collide halfway).
async fn refuse_if_present(conn: &mut PgConnection, plan: &plan::Plan) -> Result<()> {
    let pattern = format!("%@{}", plan.email_domain());
    let org_pattern = format!("{}org-%", plan.prefix());
    let present = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE email LIKE $1)
               OR EXISTS (SELECT 1 FROM organizations WHERE name LIKE $2) AS "present!""#,
        pattern,
        org_pattern
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(Error::db("cannot check for earlier generated data"))?;
    if present {
        return Err(Error::Refused(format!(
            "data generated with --rng-seed {seed} is already in the database (users @{domain}); \
             choose another --rng-seed, or remove it first with `platformctl seed generate --rng-seed {seed} --remove`",
            seed = plan.seed,
            domain = plan.email_domain()
        )));
    }
    Ok(())
}

/// One chunk of work: units `start..end` of a table.
struct Chunk {
    table: &'static Table,
    start: u64,
    end: u64,
}

/// Per-table totals and times, shared by the workers of a stage.
struct TableTotals {
    table: &'static str,
    rows: u64,
    units_left: u64,
    started: Instant,
    finished: Option<Instant>,
}

async fn load_stages(
    plan: &Arc<plan::Plan>,
    workers: &mut Vec<PgConnection>,
    events: &Arc<dyn Progress<Event>>,
    reports: &mut Vec<TableReport>,
) -> Result<()> {
    let last_stage = TABLES.iter().map(|t| t.stage).max().unwrap_or(0);
    for stage in 0..=last_stage {
        let mut queue = VecDeque::new();
        let mut totals = Vec::new();
        for table in TABLES.iter().filter(|t| t.stage == stage) {
            let units = (table.units)(plan);
            events.report(Event::TableStarted {
                table: table.name,
                units,
            });
            totals.push(TableTotals {
                table: table.name,
                rows: 0,
                units_left: units,
                started: Instant::now(),
                finished: None,
            });
            if units == 0 {
                events.report(Event::TableFinished { table: table.name });
            }
            let mut start = 0;
            while start < units {
                let end = (start + table.chunk).min(units);
                queue.push_back(Chunk { table, start, end });
                start = end;
            }
        }
        let queue = Arc::new(Mutex::new(queue));
        let totals = Arc::new(Mutex::new(totals));
        let failed = Arc::new(AtomicBool::new(false));
        let mut handles = Vec::new();
        for mut conn in std::mem::take(workers) {
            let (plan, queue, totals, failed, events) = (
                plan.clone(),
                queue.clone(),
                totals.clone(),
                failed.clone(),
                events.clone(),
            );
            handles.push(tokio::spawn(async move {
                let result = work(&mut conn, &plan, &queue, &totals, &failed, &*events).await;
                (conn, result)
            }));
        }
        let mut first_error = None;
        for handle in handles {
            let (conn, result) = handle
                .await
                .map_err(|e| Error::Internal(format!("a generate worker stopped: {e}")))?;
            workers.push(conn);
            if let Err(e) = result {
                first_error.get_or_insert(e);
            }
        }
        if let Some(error) = first_error {
            return Err(error);
        }
        let totals = totals.lock().expect("totals lock");
        for t in totals.iter() {
            let seconds = t
                .finished
                .map_or(Duration::ZERO, |f| f.duration_since(t.started))
                .as_secs_f64();
            reports.push(TableReport {
                table: t.table,
                rows: t.rows,
                seconds,
                rows_per_second: if seconds > 0.0 {
                    t.rows as f64 / seconds
                } else {
                    0.0
                },
            });
        }
    }
    Ok(())
}

/// A worker: takes chunks until the queue is empty or another worker failed.
async fn work(
    conn: &mut PgConnection,
    plan: &plan::Plan,
    queue: &Mutex<VecDeque<Chunk>>,
    totals: &Mutex<Vec<TableTotals>>,
    failed: &AtomicBool,
    events: &dyn Progress<Event>,
) -> Result<()> {
    let mut scratch = Scratch::default();
    let mut buf = Vec::with_capacity(BUFFER_BYTES + 64 * 1024);
    loop {
        if failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        let Some(chunk) = queue.lock().expect("queue lock").pop_front() else {
            return Ok(());
        };
        let rows = match load_chunk(conn, plan, &chunk, &mut scratch, &mut buf).await {
            Ok(rows) => rows,
            Err(e) => {
                failed.store(true, Ordering::Relaxed);
                return Err(e);
            }
        };
        let units = chunk.end - chunk.start;
        let done = {
            let mut totals = totals.lock().expect("totals lock");
            let t = totals
                .iter_mut()
                .find(|t| t.table == chunk.table.name)
                .expect("a chunk's table has totals");
            t.rows += rows;
            t.units_left -= units;
            if t.units_left == 0 {
                t.finished = Some(Instant::now());
            }
            t.units_left == 0
        };
        events.report(Event::Loaded {
            table: chunk.table.name,
            units,
            rows,
        });
        if done {
            events.report(Event::TableFinished {
                table: chunk.table.name,
            });
        }
    }
}

/// Loads one chunk with one COPY; returns its rows.
async fn load_chunk(
    conn: &mut PgConnection,
    plan: &plan::Plan,
    chunk: &Chunk,
    scratch: &mut Scratch,
    buf: &mut Vec<u8>,
) -> Result<u64> {
    let table = chunk.table;
    let statement = format!("COPY {} ({}) FROM STDIN", table.name, table.columns);
    let context = || format!("cannot load generated {}", table.name);
    let mut copy = conn
        .copy_in_raw(&statement)
        .await
        .map_err(|e| crate::repo::classify(table.name, e))?;
    let mut rows = 0;
    buf.clear();
    for unit in chunk.start..chunk.end {
        rows += (table.write)(plan, unit, scratch, buf);
        if buf.len() >= BUFFER_BYTES {
            if let Err(e) = copy.send(buf.as_slice()).await {
                let _ = copy.abort("send failed").await;
                return Err(Error::db(context())(e));
            }
            buf.clear();
        }
    }
    if !buf.is_empty()
        && let Err(e) = copy.send(buf.as_slice()).await
    {
        let _ = copy.abort("send failed").await;
        return Err(Error::db(context())(e));
    }
    copy.finish()
        .await
        .map_err(|e| crate::repo::classify(table.name, e))?;
    Ok(rows)
}

/// Rows removed, per table, by `remove`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RemoveReport {
    pub rng_seed: u64,
    pub audit_logs: u64,
    pub workspaces: u64,
    pub users: u64,
    pub organizations: u64,
}

/// Removes everything a seed's run wrote, complete or not, in one
/// transaction. Workspaces take their members, conversations, messages,
/// artifacts and connections with them; users their profiles and
/// activities; organizations their repositories.
pub async fn remove(target: &Target, rng_seed: u64) -> Result<RemoveReport> {
    let plan = plan::Plan::new(rng_seed, Sizes::default(), 0);
    let mut conn = target.connect("platformctl seed generate --remove").await?;
    let mut tx = conn
        .begin()
        .await
        .map_err(Error::db("cannot start the removal"))?;
    let prefix = format!("{}%", plan.prefix());
    // Audit rows are append-only except for a purge that says so.
    sqlx::raw_sql("SET LOCAL platform.audit_purge = 'on'")
        .execute(&mut *tx)
        .await
        .map_err(Error::db("cannot allow the removal of generated audit rows"))?;
    let audit_logs = sqlx::query!("DELETE FROM audit_logs WHERE request_id LIKE $1", prefix)
        .execute(&mut *tx)
        .await
        .map_err(Error::db("cannot remove generated audit rows"))?
        .rows_affected();
    let workspaces = sqlx::query!("DELETE FROM workspaces WHERE slug LIKE $1", prefix)
        .execute(&mut *tx)
        .await
        .map_err(Error::db("cannot remove generated workspaces"))?
        .rows_affected();
    let users = sqlx::query!(
        "DELETE FROM users WHERE email LIKE $1",
        format!("%@{}", plan.email_domain())
    )
    .execute(&mut *tx)
    .await
    .map_err(Error::db("cannot remove generated users"))?
    .rows_affected();
    let organizations = sqlx::query!(
        "DELETE FROM organizations WHERE name LIKE $1",
        format!("{}org-%", plan.prefix())
    )
    .execute(&mut *tx)
    .await
    .map_err(Error::db("cannot remove generated organizations"))?
    .rows_affected();
    tx.commit()
        .await
        .map_err(Error::db("cannot commit the removal"))?;
    Ok(RemoveReport {
        rng_seed,
        audit_logs,
        workspaces,
        users,
        organizations,
    })
}
