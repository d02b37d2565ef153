//! `cache warm`: fill Redis from PostgreSQL, kind by kind.
//!
//! Three tasks overlap: one reads pages from PostgreSQL, one writes each page
//! to Redis as pipelines of `SET key value PX ttl` (in a cluster, one pipeline
//! per primary, since a pipeline may not span slots), and one re-reads the
//! page's row versions afterwards. Readers encode each row's command straight
//! into its primary's buffer (`pipe`), so a row costs no allocation of its
//! own beyond its id.
//!
//! Pages are keyset pages over the rows' physical address, not their primary
//! key: `ctid >= (a,0) AND ctid < (b,0)`, a TID range scan that reads the
//! table's blocks in order. Walking a uuid primary key instead visits the heap
//! in random order, which measured four times slower on 1M profiles once the
//! table outgrew shared_buffers. Like any keyset page it needs no OFFSET and
//! no long transaction. A row that moves during the warm may be read twice
//! (the later copy wins) or not at all (it is then loaded on its first read).
//!
//! The re-read keeps warm from caching a stale row: a write that commits
//! between warm's read and its set has its invalidation either after the set
//! (which removes it) or before it, and then the re-read of the same blocks
//! no longer finds the version warm read (changed, moved or deleted) and warm
//! deletes what it just wrote. The denylist needs no check: tokens are never
//! un-revoked.
//!
//! The re-read is skipped when nothing can have changed: when the server's
//! snapshot after the set (`pg_current_snapshot()`) equals the one the page
//! was read in, no transaction has committed between the two: a commit
//! either leaves the snapshot's in-progress list (a transaction running at
//! the read) or moves its xmax, the newest completed transaction plus one
//! (any other; only transactions that write have ids). A quiet database (a
//! `setup`, a nightly warm) then costs one scan, not two.

mod page;
mod read;
mod recheck;

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnection;

use crate::cache::Cache;
use crate::cache::keys::Kind;
use crate::cache::pipe::Pipe;
use crate::config::CacheSettings;
use crate::db::Target;
use crate::error::{Error, Result};
use crate::progress::Progress;
use page::{Blocks, Page};
use read::read_snapshot;
use recheck::check;

/// Rows aimed at per page and primary (and so keys per pipeline).
const PAGE_ROWS: f64 = 5_000.0;

/// Connections reading pages at the same time.
const READERS: usize = 2;

/// Pages sent to Redis before the first one's replies are awaited.
const PAGES_IN_FLIGHT: usize = 3;

#[derive(Debug, Clone, serde::Serialize)]
pub struct KindReport {
    pub kind: &'static str,
    pub keys: u64,
    /// Keys deleted again because their row changed during the warm.
    pub dropped_as_changed: u64,
    pub seconds: f64,
    pub keys_per_second: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct WarmReport {
    pub kinds: Vec<KindReport>,
    pub keys: u64,
    pub seconds: f64,
    pub keys_per_second: f64,
}

/// Progress, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Event {
    Started { kind: Kind, rows: u64 },
    Written { kind: Kind, keys: u64 },
    Finished { kind: Kind },
}

/// Warms `kinds` (all when empty) from the database of `target`.
pub async fn warm(
    cache: &Cache,
    target: &Target,
    kinds: &[Kind],
    events: &dyn Progress<Event>,
) -> Result<WarmReport> {
    let kinds = if kinds.is_empty() {
        Kind::ALL.to_vec()
    } else {
        kinds.to_vec()
    };
    let mut readers = Vec::new();
    for _ in 0..READERS {
        readers.push(target.connect("platformctl cache warm").await?);
    }
    let mut checker = target.connect("platformctl cache warm (check)").await?;
    let writer = Pipe::new(cache).await?;
    let settings = Arc::new(cache.settings().clone());
    let started = Instant::now();
    let mut reports = Vec::new();
    for kind in kinds {
        let hold = cache.hook_delay(&format!("warm:{}", kind.name()));
        reports.push(warm_kind(kind, &settings, &mut readers, &mut checker, &writer, hold, events).await?);
    }
    let keys = reports.iter().map(|r| r.keys).sum();
    let seconds = started.elapsed().as_secs_f64();
    Ok(WarmReport {
        kinds: reports,
        keys,
        seconds,
        keys_per_second: keys as f64 / seconds.max(1e-9),
    })
}

async fn warm_kind(
    kind: Kind,
    settings: &Arc<CacheSettings>,
    readers: &mut Vec<PgConnection>,
    checker: &mut PgConnection,
    writer: &Pipe,
    hold: Option<Duration>,
    events: &dyn Progress<Event>,
) -> Result<KindReport> {
    let started = Instant::now();
    let table = kind.describe().table;
    let (rows, blocks) = size(table, checker).await?;
    events.report(Event::Started { kind, rows });
    // Blocks per page, from the table's rows per block.
    let per_block = if rows > 0 && blocks > 0 {
        rows as f64 / blocks as f64
    } else {
        1.0
    };
    let page_rows = PAGE_ROWS * kind.describe().page_share * writer.primaries() as f64;
    let step = ((page_rows / per_block) as i64).max(1);
    // Three stages joined by small queues: read pages, write them, re-check
    // them; PostgreSQL and Redis work at the same time.
    let (pages_tx, mut pages_rx) = tokio::sync::mpsc::channel::<Page>(4);
    // Readers take the next blocks in turn; each decodes its page on its own
    // task, so decoding uses both cores while PostgreSQL reads the next.
    let read = async {
        // Owned here, so the writer sees the end when reading ends.
        let pages_tx = pages_tx;
        let mut reading = tokio::task::JoinSet::new();
        // Each reader keeps its connection and its COPY buffer.
        let mut idle: Vec<(PgConnection, Vec<u8>)> = std::mem::take(readers)
            .into_iter()
            .map(|conn| (conn, Vec::new()))
            .collect();
        let mut start = 0;
        let mut end = blocks;
        let mut more = true;
        while more || !reading.is_empty() {
            if more && start >= end && reading.is_empty() {
                // The table may have grown since the warm began.
                end = size(table, &mut idle[0].0).await?.1;
                more = start < end;
            }
            if more
                && start < end
                && let Some((mut conn, mut copy_buffer)) = idle.pop()
            {
                let range = Blocks {
                    start,
                    end: start + step,
                };
                start = range.end;
                let settings = settings.clone();
                let commands = writer.commands();
                reading.spawn(async move {
                    let page =
                        read_snapshot(kind, &settings, &mut conn, range, commands, &mut copy_buffer).await;
                    (conn, copy_buffer, page)
                });
                continue;
            }
            let Some(done) = reading.join_next().await else {
                continue;
            };
            let (conn, copy_buffer, page) =
                done.map_err(|e| Error::Internal(format!("a warm reader stopped: {e}")))?;
            idle.push((conn, copy_buffer));
            let page = page?;
            if !page.entries.is_empty() && pages_tx.send(page).await.is_err() {
                break;
            }
        }
        // Back to the pool for the next kind (a reader whose task failed is
        // dropped with it, and the error returned).
        *readers = idle.into_iter().map(|(conn, _)| conn).collect();
        Ok::<(), Error>(())
    };
    let (written_tx, mut written_rx) = tokio::sync::mpsc::channel::<Page>(4);
    let write = async move {
        // Several pages in flight, so Redis parses one while the next is
        // encoded and sent: waiting for each page's replies before sending
        // the next left Redis idle half the time.
        let mut in_flight = tokio::task::JoinSet::new();
        let mut keys = 0u64;
        let mut done = |written: std::result::Result<Result<Page>, tokio::task::JoinError>| {
            let page = written.map_err(|e| Error::Internal(format!("a Redis writer stopped: {e}")))??;
            let written = page.entries.len() as u64;
            keys += written;
            events.report(Event::Written { kind, keys: written });
            Ok::<_, Error>(page)
        };
        let mut pages_open = true;
        while pages_open || !in_flight.is_empty() {
            if pages_open && in_flight.len() < PAGES_IN_FLIGHT {
                match pages_rx.recv().await {
                    Some(mut page) => {
                        if let Some(hold) = hold {
                            // A test holds the page between its read and its write.
                            tokio::time::sleep(hold).await;
                        }
                        let sent = writer.send(page.commands.take().expect("a page's commands, sent once"));
                        in_flight.spawn(async move { sent.await.map(|()| page) });
                    }
                    None => pages_open = false,
                }
                continue;
            }
            let Some(written) = in_flight.join_next().await else {
                continue;
            };
            if written_tx.send(done(written)?).await.is_err() {
                break;
            }
        }
        Ok::<u64, Error>(keys)
    };
    let recheck = async {
        let mut dropped = 0u64;
        while let Some(page) = written_rx.recv().await {
            dropped += check(kind, checker, writer, &page).await?;
        }
        Ok::<u64, Error>(dropped)
    };
    let (read, write, recheck) = tokio::join!(read, write, recheck);
    read?;
    let keys = write?;
    let dropped = recheck?;
    events.report(Event::Finished { kind });
    let seconds = started.elapsed().as_secs_f64();
    Ok(KindReport {
        kind: kind.name(),
        keys,
        dropped_as_changed: dropped,
        seconds,
        keys_per_second: keys as f64 / seconds.max(1e-9),
    })
}

/// The planner's estimate of a table's rows (counting a large table would
/// cost more than the warm's first pages), and its size in blocks now.
async fn size(table: &str, conn: &mut PgConnection) -> Result<(u64, i64)> {
    let (rows, blocks): (f32, i64) = sqlx::query_as(
        "SELECT greatest(reltuples, 0), pg_relation_size(oid) / current_setting('block_size')::bigint
         FROM pg_class WHERE oid = $1::regclass",
    )
    .bind(table)
    .fetch_one(&mut *conn)
    .await
    .map_err(Error::db(format!("cannot read the size of {table}")))?;
    Ok((rows as u64, blocks))
}
