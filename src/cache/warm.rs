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

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Connection, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use super::Cache;
use super::entities::{self, Denied, FEED_LENGTH, ServiceConfig, WorkspaceConfig};
use super::keys::{Kind, jittered, unit_random};
use super::pg_hash;
use super::pipe::{Commands, Pipe};
use crate::config::CacheSettings;
use crate::db::Target;
use crate::error::{Error, Result};
use crate::json;
use crate::model::activity::Activity;
use crate::model::artifact::Artifact;
use crate::model::auth::Session;
use crate::model::organization::Repository;
use crate::model::workspace::WorkspaceSettings;
use crate::pgcopy::{self, CopyRows};

/// Rows aimed at per page and primary (and so keys per pipeline).
const PAGE_ROWS: f64 = 5_000.0;

/// Connections reading pages at the same time.
const READERS: usize = 2;

/// Pages sent to Redis before the first one's replies are awaited.
const PAGES_IN_FLIGHT: usize = 3;

/// Blocks `[start, end)` of a table: one page.
#[derive(Debug, Clone, Copy)]
struct Blocks {
    start: i64,
    end: i64,
}

impl Blocks {
    /// The page's bounds as `tid` literals, bound as $1 and $2.
    fn bounds(self) -> (String, String) {
        (format!("({},0)", self.start), format!("({},0)", self.end))
    }
}

/// One page: its blocks, its entries, their commands (until sent), the
/// hash of its versions as read, and the snapshot it was read in.
struct Page {
    range: Blocks,
    entries: Entries,
    commands: Option<Commands>,
    hash: Option<i64>,
    snapshot: String,
}

/// The keys of a page, for the re-read: each row's id (as in its key) and
/// what says the row changed (its version), in one buffer rather than two
/// strings a row.
#[derive(Default)]
struct Entries {
    text: String,
    /// Where each row's id ends and its fingerprint ends, in `text`.
    ends: Vec<(usize, usize)>,
}

impl Entries {
    /// Adds a row; returns its id.
    fn push(&mut self, id: impl std::fmt::Display, fingerprint: impl std::fmt::Display) -> &str {
        use std::fmt::Write;
        let start = self.text.len();
        // Writing to a String cannot fail.
        let _ = write!(self.text, "{id}");
        let id_end = self.text.len();
        let _ = write!(self.text, "{fingerprint}");
        self.ends.push((id_end, self.text.len()));
        &self.text[start..id_end]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each row's (id, fingerprint).
    fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|(_, end)| *end));
        starts
            .zip(&self.ends)
            .map(|(start, (id_end, end))| (&self.text[start..*id_end], &self.text[*id_end..*end]))
    }
}

/// Fills a page: each row's entry, and its `SET` in its primary's buffer.
struct PageWriter {
    kind: Kind,
    entries: Entries,
    commands: Commands,
    /// Reused for every row's key and value.
    key: Vec<u8>,
    value: Vec<u8>,
    /// The page's version hash, when its read computed it row by row (the
    /// XOR of each row's hash, as `page_hash` computes it), which saves a
    /// second scan of its blocks.
    read_hash: Option<Option<i64>>,
}

impl PageWriter {
    fn new(kind: Kind, commands: Commands) -> PageWriter {
        PageWriter {
            kind,
            entries: Entries::default(),
            commands,
            key: Vec::new(),
            value: Vec::new(),
            read_hash: None,
        }
    }

    /// Adds one row: its value is `value` as JSON, as the cache reads it.
    /// Nothing already past its life is written.
    fn add<T: serde::Serialize>(
        &mut self,
        id: impl std::fmt::Display,
        fingerprint: impl std::fmt::Display,
        ttl: Duration,
        value: &T,
    ) -> Result<()> {
        self.add_encoded(id, fingerprint, ttl, |out| {
            serde_json::to_writer(out, value).map_err(|e| Error::Internal(e.to_string()))
        })
    }

    /// Adds one row whose JSON `encode` writes.
    fn add_encoded(
        &mut self,
        id: impl std::fmt::Display,
        fingerprint: impl std::fmt::Display,
        ttl: Duration,
        encode: impl FnOnce(&mut Vec<u8>) -> Result<()>,
    ) -> Result<()> {
        if ttl.is_zero() {
            return Ok(());
        }
        self.value.clear();
        self.value.push(b'v');
        encode(&mut self.value)?;
        let id = self.entries.push(id, fingerprint);
        self.kind.write_key(&mut self.key, id);
        self.commands.set(&self.key, &self.value, ttl);
        Ok(())
    }
}

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
    events: &(dyn Fn(Event) + Sync),
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
    events: &(dyn Fn(Event) + Sync),
) -> Result<KindReport> {
    let started = Instant::now();
    let table = table(kind);
    let (rows, blocks) = size(table, checker).await?;
    events(Event::Started { kind, rows });
    // Blocks per page, from the table's rows per block.
    let per_block = if rows > 0 && blocks > 0 {
        rows as f64 / blocks as f64
    } else {
        1.0
    };
    let page_rows = match kind {
        // Each user's page carries up to FEED_LENGTH activities.
        Kind::ActivityFeed => PAGE_ROWS / 10.0,
        _ => PAGE_ROWS,
    } * writer.primaries() as f64;
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
            events(Event::Written { kind, keys: written });
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
    events(Event::Finished { kind });
    let seconds = started.elapsed().as_secs_f64();
    Ok(KindReport {
        kind: kind.name(),
        keys,
        dropped_as_changed: dropped,
        seconds,
        keys_per_second: keys as f64 / seconds.max(1e-9),
    })
}

/// Reads one page and the hash of its versions, from one snapshot.
async fn read_snapshot(
    kind: Kind,
    settings: &CacheSettings,
    conn: &mut PgConnection,
    range: Blocks,
    commands: Commands,
    copy_buffer: &mut Vec<u8>,
) -> Result<Page> {
    let mut tx = conn
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(Error::db("cannot start a warm's read"))?;
    // The first statement takes the transaction's snapshot, which the
    // page's read then uses too.
    let snapshot = current_snapshot(&mut tx).await?;
    let mut page = PageWriter::new(kind, commands);
    read_page(settings, &mut tx, range, &mut page, copy_buffer).await?;
    let hash = match page.read_hash {
        Some(hash) => hash,
        None => page_hash(kind, &mut tx, range).await?,
    };
    tx.commit().await.map_err(Error::db("cannot end a warm's read"))?;
    Ok(Page {
        range,
        entries: page.entries,
        commands: Some(page.commands),
        hash,
        snapshot,
    })
}

/// Re-reads the page's blocks; deletes the keys whose row is no longer
/// there with the version read. Cheap when nothing changed: one hash of the
/// blocks' (id, version) pairs, compared with the hash taken with the read.
async fn check(kind: Kind, conn: &mut PgConnection, writer: &Pipe, read: &Page) -> Result<u64> {
    let Some(sql) = Versions::of(kind) else {
        return Ok(0);
    };
    if current_snapshot(&mut *conn).await? == read.snapshot
        || page_hash(kind, conn, read.range).await? == read.hash
    {
        return Ok(0);
    }
    let (from, to) = read.range.bounds();
    let rows = sqlx::query(AssertSqlSafe(sql.rows()))
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db(format!("cannot re-read {} versions", kind.name())))?;
    let now: HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r.get::<&str, _>(0), r.get::<&str, _>(1)))
        .collect();
    let mut changed = writer.commands();
    let mut dropped = 0;
    for (id, _) in read
        .entries
        .iter()
        .filter(|(id, fingerprint)| now.get(id) != Some(fingerprint))
    {
        changed.del(kind.key(id).as_bytes());
        dropped += 1;
    }
    if !changed.is_empty() {
        writer.send(changed).await?;
    }
    Ok(dropped)
}

/// The server's snapshot (`xmin:xmax:in-progress`): equal text, no commit
/// between the two.
async fn current_snapshot(conn: &mut PgConnection) -> Result<String> {
    sqlx::query_scalar("SELECT pg_current_snapshot()::text")
        .fetch_one(conn)
        .await
        .map_err(Error::db("cannot read the database's snapshot"))
}

/// The hash of the (id, version) pairs in a page's blocks (None for a kind
/// without versions, or blocks without rows).
async fn page_hash(kind: Kind, conn: &mut PgConnection, range: Blocks) -> Result<Option<i64>> {
    let Some(sql) = Versions::of(kind) else {
        return Ok(None);
    };
    let (from, to) = range.bounds();
    sqlx::query_scalar(AssertSqlSafe(sql.hash()))
        .bind(from)
        .bind(to)
        .fetch_one(&mut *conn)
        .await
        .map_err(Error::db(format!("cannot hash {} versions", kind.name())))
}

/// What says a kind's row changed: its id and fingerprint (as in [`Entry`]),
/// a 64-bit hash of both, and the read's filter.
struct Versions {
    kind: Kind,
    id: &'static str,
    fingerprint: &'static str,
    hash: &'static str,
    filter: &'static str,
}

/// An activity feed changes with its newest activity.
const NEWEST_ACTIVITY: &str = "coalesce((SELECT a.id::text FROM activities a WHERE a.user_id = users.id
                                         ORDER BY a.occurred_at DESC, a.id DESC LIMIT 1), '')";
const SERVICE_CONFIG_ID: &str = "coalesce(organization_id::text, 'platform') || ':' || service";

impl Versions {
    fn of(kind: Kind) -> Option<Versions> {
        let versioned = |id| Versions {
            kind,
            id,
            fingerprint: "version::text",
            hash: "uuid_hash_extended({id}, version)",
            filter: "",
        };
        Some(match kind {
            Kind::UserProfile => versioned("user_id"),
            Kind::Repository => versioned("id"),
            Kind::WorkspaceConfig | Kind::WorkspaceSettings => versioned("workspace_id"),
            Kind::ActivityFeed => Versions {
                kind,
                id: "id",
                fingerprint: NEWEST_ACTIVITY,
                hash: "hashtextextended({fingerprint}, 0) # uuid_hash_extended({id}, 0)",
                filter: "AND deleted_at IS NULL",
            },
            Kind::ServiceConfig => Versions {
                kind,
                id: SERVICE_CONFIG_ID,
                fingerprint: "version::text",
                hash: "hashtextextended({id}, version)",
                filter: "",
            },
            Kind::Artifact => Versions {
                filter: "AND deleted_at IS NULL",
                ..versioned("id")
            },
            Kind::Session => Versions {
                kind,
                id: "id",
                fingerprint: "(revoked_at IS NOT NULL)::text",
                hash: "uuid_hash_extended(id, (revoked_at IS NOT NULL)::int)",
                filter: "AND expires_at > now()",
            },
            Kind::Denylist => return None,
        })
    }

    /// `SELECT id, fingerprint` of every row in the blocks $1 to $2.
    fn rows(&self) -> String {
        format!(
            "SELECT {}::text, {} FROM {} WHERE {} {}",
            self.id,
            self.fingerprint,
            table(self.kind),
            IN_BLOCKS,
            self.filter
        )
    }

    /// `SELECT` the XOR of every row's hash in the blocks $1 to $2.
    fn hash(&self) -> String {
        let hash = self
            .hash
            .replace("{fingerprint}", self.fingerprint)
            .replace("{id}", self.id);
        format!(
            "SELECT bit_xor({hash}) FROM {} WHERE {} {}",
            table(self.kind),
            IN_BLOCKS,
            self.filter
        )
    }
}

/// The rows of a page: the blocks $1 to $2 (`tid`s).
const IN_BLOCKS: &str = "ctid >= $1::text::tid AND ctid < $2::text::tid";

/// The table a kind's pages walk.
fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::UserProfile => "user_profiles",
        Kind::Repository => "repositories",
        Kind::ActivityFeed => "users",
        Kind::WorkspaceConfig => "workspace_configs",
        Kind::WorkspaceSettings => "workspace_settings",
        Kind::ServiceConfig => "integration_configs",
        Kind::Artifact => "artifacts",
        Kind::Session => "user_sessions",
        Kind::Denylist => "auth_tokens",
    }
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

/// The rows `T` of one page: `sql` takes the page's bounds as $1 and $2.
async fn rows_in<T>(
    conn: &mut PgConnection,
    sql: &'static str,
    range: Blocks,
    context: String,
) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let (from, to) = range.bounds();
    sqlx::query_as(sql)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await
        .map_err(Error::db(context))
}

/// Reads one page of `kind`: the rows in the blocks of `range` (through
/// `copy_buffer` for the kinds read as COPY).
async fn read_page(
    settings: &CacheSettings,
    conn: &mut PgConnection,
    range: Blocks,
    page: &mut PageWriter,
    copy_buffer: &mut Vec<u8>,
) -> Result<()> {
    let kind = page.kind;
    let context = || format!("cannot read {} rows to warm", kind.name());
    let tier = |ttl: Option<Duration>| jittered(ttl.unwrap_or(Duration::from_secs(60)), unit_random());
    match kind {
        Kind::UserProfile => {
            // The kind `cache warm` spends most on (one per user): its page
            // comes as binary COPY and is read in place (`pgcopy`), its
            // columns borrowed, not copied into a `Profile` first, and each
            // row's version is hashed here as the server hashes it for the
            // re-check (`pg_hash`).
            // The bounds are tids formatted from block numbers, so they can
            // be written into the statement, which COPY cannot bind.
            let (from, to) = range.bounds();
            let statement = format!(
                "COPY (SELECT user_id, version, avatar_url, bio, job_title, company, timezone, locale
                       FROM user_profiles WHERE ctid >= '{from}'::tid AND ctid < '{to}'::tid)
                 TO STDOUT (FORMAT binary)"
            );
            pgcopy::read_all(&mut *conn, &statement, copy_buffer)
                .await
                .map_err(Error::db(context()))?;
            let malformed = |problem: String| Error::Internal(format!("{}: {problem}", context()));
            let mut rows = CopyRows::new(copy_buffer).map_err(malformed)?;
            let mut fields = [None; 8];
            // The XOR of the rows' hashes, as `page_hash` computes it (None
            // without rows, as `bit_xor` of none is NULL).
            let mut hash = None;
            while rows.next_row(&mut fields).map_err(malformed)? {
                let user_id = pgcopy::uuid(fields[0]).map_err(malformed)?;
                let version = pgcopy::int8(fields[1]).map_err(malformed)?;
                let text = |i: usize| pgcopy::text(fields[i]).map_err(malformed);
                let profile = ProfileRef {
                    avatar_url: text(2)?,
                    bio: text(3)?,
                    job_title: text(4)?,
                    company: text(5)?,
                    timezone: text(6)?,
                    locale: text(7)?,
                };
                page.add_encoded(user_id, version, tier(kind.ttl(settings)), |out| {
                    profile.write_json(out);
                    Ok(())
                })?;
                hash = Some(hash.unwrap_or(0) ^ pg_hash::uuid_hash_extended(user_id.as_bytes(), version));
            }
            page.read_hash = Some(hash);
        }
        Kind::Repository => {
            let rows: Vec<Repository> = rows_in(
                conn,
                "SELECT id, github_id, organization_id, name, description, language, stars, forks, open_issues,
                        updated_at, version
                 FROM repositories WHERE ctid >= $1::text::tid AND ctid < $2::text::tid",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.id, r.version, tier(kind.ttl(settings)), &r)?;
            }
        }
        Kind::ActivityFeed => {
            // A page of users, then each one's newest activities in one query.
            let (from, to) = range.bounds();
            let users: Vec<Uuid> = sqlx::query_scalar(
                "SELECT id FROM users
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid AND deleted_at IS NULL",
            )
            .bind(from)
            .bind(to)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(context()))?;
            let activities: Vec<Activity> = sqlx::query_as(
                "SELECT a.id, a.user_id, a.repository_id, a.type AS activity_type, a.occurred_at, a.data
                 FROM unnest($1::uuid[]) AS u(id)
                 CROSS JOIN LATERAL (
                     SELECT * FROM activities WHERE user_id = u.id
                     ORDER BY occurred_at DESC, id DESC LIMIT $2) a",
            )
            .bind(&users)
            .bind(i64::from(FEED_LENGTH))
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(context()))?;
            let mut feeds: HashMap<Uuid, Vec<Activity>> = HashMap::new();
            for a in activities {
                feeds.entry(a.user_id).or_default().push(a);
            }
            for user in users {
                let feed = feeds.remove(&user).unwrap_or_default();
                // The newest first, as the re-check reads it.
                let newest = feed.first().map(|a| a.id.to_string()).unwrap_or_default();
                page.add(user, newest, tier(kind.ttl(settings)), &feed)?;
            }
        }
        Kind::WorkspaceConfig => {
            let rows: Vec<(Uuid, serde_json::Value, i64)> = rows_in(
                conn,
                "SELECT workspace_id, config, version FROM workspace_configs
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid",
                range,
                context(),
            )
            .await?;
            for (workspace_id, config, version) in rows {
                page.add(
                    workspace_id,
                    version,
                    tier(kind.ttl(settings)),
                    &WorkspaceConfig { config, version },
                )?;
            }
        }
        Kind::WorkspaceSettings => {
            let rows: Vec<WorkspaceSettings> = rows_in(
                conn,
                "SELECT workspace_id, chat_retention_days, artifact_versions_to_keep, default_branch, visibility,
                        version
                 FROM workspace_settings WHERE ctid >= $1::text::tid AND ctid < $2::text::tid",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.workspace_id, r.version, tier(kind.ttl(settings)), &r)?;
            }
        }
        Kind::ServiceConfig => {
            let rows: Vec<(String, bool, serde_json::Value, String)> = rows_in(
                conn,
                "SELECT coalesce(organization_id::text, 'platform') || ':' || service, enabled, settings,
                        version::text
                 FROM integration_configs WHERE ctid >= $1::text::tid AND ctid < $2::text::tid",
                range,
                context(),
            )
            .await?;
            for (id, enabled, settings_json, version) in rows {
                let config = ServiceConfig {
                    enabled,
                    settings: settings_json,
                };
                page.add(id, version, tier(kind.ttl(settings)), &config)?;
            }
        }
        Kind::Artifact => {
            let rows: Vec<Artifact> = rows_in(
                conn,
                "SELECT id, workspace_id, name, type AS artifact_type, file_path, status, github_sync_status,
                        sharepoint_sync_status, current_version, created_by, created_at, updated_at, deleted_at,
                        version
                 FROM artifacts
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid AND deleted_at IS NULL",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.id, r.version, tier(kind.ttl(settings)), &r)?;
            }
        }
        Kind::Session => {
            let rows: Vec<Session> = rows_in(
                conn,
                "SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at, revoked_reason,
                        host(ip_address) AS ip_address, user_agent
                 FROM user_sessions
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid AND expires_at > now()",
                range,
                context(),
            )
            .await?;
            for r in rows {
                page.add(r.id, r.revoked_at.is_some(), entities::until(r.expires_at), &r)?;
            }
        }
        Kind::Denylist => {
            // The denylist rebuilt from PostgreSQL, its source of truth.
            let rows: Vec<(Uuid, OffsetDateTime)> = rows_in(
                conn,
                "SELECT jti, expires_at FROM auth_tokens
                 WHERE ctid >= $1::text::tid AND ctid < $2::text::tid
                   AND revoked_at IS NOT NULL AND expires_at > now()",
                range,
                context(),
            )
            .await?;
            for (jti, expires_at) in rows {
                page.add(jti, "", entities::until(expires_at), &Denied { expires_at })?;
            }
        }
    }
    Ok(())
}

/// A [`Profile`] borrowed from its row: written exactly as serde_json writes
/// a `Profile` (a test holds them equal), without copying each column first.
struct ProfileRef<'r> {
    avatar_url: Option<&'r str>,
    bio: Option<&'r str>,
    job_title: Option<&'r str>,
    company: Option<&'r str>,
    timezone: Option<&'r str>,
    locale: Option<&'r str>,
}

impl ProfileRef<'_> {
    /// The profile as JSON, written here rather than through serde, for its
    /// strings' sake (`json::write_string`).
    fn write_json(&self, out: &mut Vec<u8>) {
        let fields = [
            ("avatar_url", self.avatar_url),
            ("bio", self.bio),
            ("job_title", self.job_title),
            ("company", self.company),
            ("timezone", self.timezone),
            ("locale", self.locale),
        ];
        out.push(b'{');
        for (i, (name, value)) in fields.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            match value {
                None => out.extend_from_slice(b"null"),
                Some(text) => json::write_string(out, text),
            }
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::user::Profile;

    #[test]
    fn a_borrowed_profile_is_cached_as_the_profile_itself() {
        let text = |s: &str| Some(s.to_owned());
        let profiles = [
            Profile::default(),
            Profile {
                avatar_url: None,
                bio: text("says \"hi\"\n"),
                job_title: text("Engineer"),
                company: text("Bench & Co"),
                timezone: text("Europe/Berlin"),
                locale: None,
            },
            Profile {
                // One string for each reason to escape, and one with none.
                avatar_url: text("back\\slash"),
                bio: text("a \"quote\""),
                job_title: text("\u{1f}"),
                company: text("tab\there"),
                timezone: text(""),
                locale: text("é 漢字 🙂 del\u{7f} </script> https://example.com/a.png?x=1&y=2"),
            },
        ];
        for profile in profiles {
            let borrowed = ProfileRef {
                avatar_url: profile.avatar_url.as_deref(),
                bio: profile.bio.as_deref(),
                job_title: profile.job_title.as_deref(),
                company: profile.company.as_deref(),
                timezone: profile.timezone.as_deref(),
                locale: profile.locale.as_deref(),
            };
            let mut written = Vec::new();
            borrowed.write_json(&mut written);
            assert_eq!(
                String::from_utf8(written).unwrap(),
                serde_json::to_string(&profile).unwrap()
            );
        }
    }
}
