//! `cache warm`: fill Redis from PostgreSQL, kind by kind.
//!
//! Three tasks overlap: one reads pages from PostgreSQL (keyset pagination,
//! never OFFSET), one writes each page to Redis as pipelines of `SET key value
//! PX ttl` (in a cluster, one pipeline per primary, since a pipeline may not
//! span slots), and one re-reads the page's row versions afterwards.
//!
//! That last step keeps warm from caching a stale row: a write that commits
//! between warm's read and its set has its invalidation either after the set
//! (which removes it) or before it, and then the re-read sees the new version
//! and warm deletes what it just wrote. The denylist needs no check: tokens
//! are never un-revoked.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use super::client::{self, Conn};
use super::entities::{self, Denied, FEED_LENGTH, ServiceConfig, WorkspaceConfig};
use super::keys::{Kind, jittered, unit_random};
use super::{Cache, slots};
use crate::config::CacheSettings;
use crate::db::Target;
use crate::error::{Error, Result};
use crate::model::activity::Activity;
use crate::model::artifact::Artifact;
use crate::model::auth::Session;
use crate::model::organization::Repository;
use crate::model::workspace::WorkspaceSettings;

/// Rows read per page (and keys per pipeline).
const PAGE: i64 = 5_000;

/// One key to write.
struct Entry {
    /// The row's id, as in the key.
    id: String,
    /// What says the row changed (its version), for the re-read.
    fingerprint: String,
    payload: Vec<u8>,
    ttl: Duration,
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
    let mut reader = target.connect("platformctl cache warm").await?;
    let mut checker = target.connect("platformctl cache warm (check)").await?;
    let writer = Writer::new(cache).await?;
    let settings = cache.settings().clone();
    let started = Instant::now();
    let mut reports = Vec::new();
    for kind in kinds {
        reports.push(warm_kind(kind, &settings, &mut reader, &mut checker, &writer, events).await?);
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
    settings: &CacheSettings,
    reader: &mut PgConnection,
    checker: &mut PgConnection,
    writer: &Writer,
    events: &(dyn Fn(Event) + Sync),
) -> Result<KindReport> {
    let started = Instant::now();
    events(Event::Started {
        kind,
        rows: estimate(kind, reader).await?,
    });
    // Three stages joined by small queues: read pages, write them, re-check
    // them; PostgreSQL and Redis work at the same time.
    let (pages_tx, mut pages_rx) = tokio::sync::mpsc::channel::<Vec<Entry>>(4);
    let read = async move {
        let mut after: Option<String> = None;
        loop {
            let page = read_page(kind, settings, reader, after.as_deref()).await?;
            let last = page.last().map(|e| e.id.clone());
            let full = page.len() as i64 == PAGE;
            if !page.is_empty() && pages_tx.send(page).await.is_err() {
                return Ok::<(), Error>(());
            }
            match (full, last) {
                (true, Some(last)) => after = Some(last),
                _ => return Ok(()),
            }
        }
    };
    let (written_tx, mut written_rx) = tokio::sync::mpsc::channel::<Vec<Entry>>(4);
    let write = async move {
        let mut keys = 0u64;
        while let Some(page) = pages_rx.recv().await {
            writer.set_all(kind, &page).await?;
            keys += page.len() as u64;
            events(Event::Written {
                kind,
                keys: page.len() as u64,
            });
            if written_tx.send(page).await.is_err() {
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

/// Re-reads the page's versions; deletes keys whose row changed since read.
async fn check(kind: Kind, conn: &mut PgConnection, writer: &Writer, page: &[Entry]) -> Result<u64> {
    let Some(sql) = fingerprint_sql(kind) else {
        return Ok(0);
    };
    // Uuid keys are bound as uuid[], so the lookup uses the primary key.
    let query = sqlx::query(AssertSqlSafe(sql));
    let query = if kind == Kind::ServiceConfig {
        query.bind(page.iter().map(|e| e.id.clone()).collect::<Vec<String>>())
    } else {
        query.bind(
            page.iter()
                .filter_map(|e| e.id.parse().ok())
                .collect::<Vec<Uuid>>(),
        )
    };
    let rows = query
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db(format!("cannot re-read {} versions", kind.name())))?;
    let now: HashMap<String, String> = rows
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
        .collect();
    let changed: Vec<String> = page
        .iter()
        .filter(|e| now.get(&e.id) != Some(&e.fingerprint))
        .map(|e| kind.key(&e.id))
        .collect();
    writer.delete(&changed).await?;
    Ok(changed.len() as u64)
}

/// `SELECT id, fingerprint FROM ... WHERE id = ANY($1)` per kind.
fn fingerprint_sql(kind: Kind) -> Option<String> {
    let (id, fingerprint, from) = match kind {
        Kind::UserProfile => ("user_id", "version::text", "user_profiles"),
        Kind::Repository => ("id", "version::text", "repositories"),
        Kind::ActivityFeed => (
            "u.id",
            "coalesce((SELECT a.id::text FROM activities a WHERE a.user_id = u.id ORDER BY a.id DESC LIMIT 1), '')",
            "users u",
        ),
        Kind::WorkspaceConfig => ("workspace_id", "version::text", "workspace_configs"),
        Kind::WorkspaceSettings => ("workspace_id", "version::text", "workspace_settings"),
        Kind::ServiceConfig => (
            "coalesce(organization_id::text, 'platform') || ':' || service",
            "version::text",
            "integration_configs",
        ),
        Kind::Artifact => (
            "id",
            "version::text || coalesce(deleted_at::text, '')",
            "artifacts",
        ),
        Kind::Session => ("id", "(revoked_at IS NOT NULL)::text", "user_sessions"),
        Kind::Denylist => return None,
    };
    let array = if kind == Kind::ServiceConfig {
        "text[]"
    } else {
        "uuid[]"
    };
    Some(format!(
        "SELECT {id}::text, {fingerprint} FROM {from} WHERE {id} = ANY($1::{array})"
    ))
}

async fn estimate(kind: Kind, conn: &mut PgConnection) -> Result<u64> {
    let table = match kind {
        Kind::UserProfile => "user_profiles",
        Kind::Repository => "repositories",
        Kind::ActivityFeed => "users",
        Kind::WorkspaceConfig => "workspace_configs",
        Kind::WorkspaceSettings => "workspace_settings",
        Kind::ServiceConfig => "integration_configs",
        Kind::Artifact => "artifacts",
        Kind::Session => "user_sessions",
        Kind::Denylist => "auth_tokens",
    };
    // The planner's estimate: counting a large table would cost more than
    // the warm's first pages.
    let estimate: f32 =
        sqlx::query_scalar("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = $1::regclass")
            .bind(table)
            .fetch_one(&mut *conn)
            .await
            .map_err(Error::db("cannot estimate a table's rows"))?;
    Ok(estimate as u64)
}

fn value<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut payload = vec![b'v'];
    serde_json::to_writer(&mut payload, value).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(payload)
}

/// One keyset page of rows `T` after the uuid `after`: `sql` takes the
/// last id as $1 and the page size as $2.
async fn page_after<T>(
    conn: &mut PgConnection,
    sql: &'static str,
    after: Uuid,
    context: String,
) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    sqlx::query_as(sql)
        .bind(after)
        .bind(PAGE)
        .fetch_all(conn)
        .await
        .map_err(Error::db(context))
}

/// Reads one page of `kind` after the id `after`.
async fn read_page(
    kind: Kind,
    settings: &CacheSettings,
    conn: &mut PgConnection,
    after: Option<&str>,
) -> Result<Vec<Entry>> {
    let context = || format!("cannot read {} rows to warm", kind.name());
    let after_uuid = after.and_then(|a| a.parse::<Uuid>().ok()).unwrap_or(Uuid::nil());
    let tier = |ttl: Option<Duration>| jittered(ttl.unwrap_or(Duration::from_secs(60)), unit_random());
    let mut out = Vec::new();
    match kind {
        Kind::UserProfile => {
            // The hottest kind and the most numerous: PostgreSQL builds the
            // JSON (what serde writes for `Profile`, keys in any order),
            // which saves decoding rows into structs only to encode them.
            let rows = sqlx::query(
                "SELECT user_id, version,
                        json_build_object('avatar_url', avatar_url, 'bio', bio, 'job_title', job_title,
                                          'company', company, 'timezone', timezone, 'locale', locale)::text
                 FROM user_profiles WHERE user_id > $1 ORDER BY user_id LIMIT $2",
            )
            .bind(after_uuid)
            .bind(PAGE)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(context()))?;
            for r in rows {
                let json: &str = r.get(2);
                let mut payload = Vec::with_capacity(json.len() + 1);
                payload.push(b'v');
                payload.extend_from_slice(json.as_bytes());
                out.push(Entry {
                    id: r.get::<Uuid, _>(0).to_string(),
                    fingerprint: r.get::<i64, _>(1).to_string(),
                    payload,
                    ttl: tier(kind.ttl(settings)),
                });
            }
        }
        Kind::Repository => {
            let rows: Vec<Repository> = page_after(
                conn,
                "SELECT id, github_id, organization_id, name, description, language, stars, forks, open_issues,
                        updated_at, version
                 FROM repositories WHERE id > $1 ORDER BY id LIMIT $2",
                after_uuid,
                context(),
            )
            .await?;
            for r in rows {
                out.push(Entry {
                    id: r.id.to_string(),
                    fingerprint: r.version.to_string(),
                    payload: value(&r)?,
                    ttl: tier(kind.ttl(settings)),
                });
            }
        }
        Kind::ActivityFeed => {
            // A page of users, then each one's newest activities in one query.
            let users: Vec<Uuid> = sqlx::query_scalar(
                "SELECT id FROM users WHERE id > $1 AND deleted_at IS NULL ORDER BY id LIMIT $2",
            )
            .bind(after_uuid)
            .bind(PAGE)
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
                let newest = feed
                    .iter()
                    .map(|a| a.id)
                    .max()
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                out.push(Entry {
                    id: user.to_string(),
                    fingerprint: newest,
                    payload: value(&feed)?,
                    ttl: tier(kind.ttl(settings)),
                });
            }
        }
        Kind::WorkspaceConfig => {
            let rows = sqlx::query(
                "SELECT workspace_id, config, version FROM workspace_configs
                 WHERE workspace_id > $1 ORDER BY workspace_id LIMIT $2",
            )
            .bind(after_uuid)
            .bind(PAGE)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(context()))?;
            for r in rows {
                let config = WorkspaceConfig {
                    config: r.get(1),
                    version: r.get(2),
                };
                out.push(Entry {
                    id: r.get::<Uuid, _>(0).to_string(),
                    fingerprint: config.version.to_string(),
                    payload: value(&config)?,
                    ttl: tier(kind.ttl(settings)),
                });
            }
        }
        Kind::WorkspaceSettings => {
            let rows: Vec<WorkspaceSettings> = page_after(
                conn,
                "SELECT workspace_id, chat_retention_days, artifact_versions_to_keep, default_branch, visibility,
                        version
                 FROM workspace_settings WHERE workspace_id > $1 ORDER BY workspace_id LIMIT $2",
                after_uuid,
                context(),
            )
            .await?;
            for r in rows {
                out.push(Entry {
                    id: r.workspace_id.to_string(),
                    fingerprint: r.version.to_string(),
                    payload: value(&r)?,
                    ttl: tier(kind.ttl(settings)),
                });
            }
        }
        Kind::ServiceConfig => {
            let rows = sqlx::query(
                "SELECT coalesce(organization_id::text, 'platform') || ':' || service AS id, enabled, settings,
                        version::text
                 FROM integration_configs
                 WHERE coalesce(organization_id::text, 'platform') || ':' || service > $1
                 ORDER BY 1 LIMIT $2",
            )
            .bind(after.unwrap_or(""))
            .bind(PAGE)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(context()))?;
            for r in rows {
                let config = ServiceConfig {
                    enabled: r.get(1),
                    settings: r.get(2),
                };
                out.push(Entry {
                    id: r.get(0),
                    fingerprint: r.get(3),
                    payload: value(&config)?,
                    ttl: tier(kind.ttl(settings)),
                });
            }
        }
        Kind::Artifact => {
            let rows: Vec<Artifact> = page_after(
                conn,
                "SELECT id, workspace_id, name, type AS artifact_type, file_path, status, github_sync_status,
                        sharepoint_sync_status, current_version, created_by, created_at, updated_at, deleted_at,
                        version
                 FROM artifacts WHERE id > $1 AND deleted_at IS NULL ORDER BY id LIMIT $2",
                after_uuid,
                context(),
            )
            .await?;
            for r in rows {
                out.push(Entry {
                    id: r.id.to_string(),
                    fingerprint: r.version.to_string(),
                    payload: value(&r)?,
                    ttl: tier(kind.ttl(settings)),
                });
            }
        }
        Kind::Session => {
            let rows: Vec<Session> = page_after(
                conn,
                "SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at, revoked_reason,
                        host(ip_address) AS ip_address, user_agent
                 FROM user_sessions WHERE id > $1 AND expires_at > now() ORDER BY id LIMIT $2",
                after_uuid,
                context(),
            )
            .await?;
            for r in rows {
                out.push(Entry {
                    id: r.id.to_string(),
                    fingerprint: r.revoked_at.is_some().to_string(),
                    payload: value(&r)?,
                    ttl: entities::until(r.expires_at),
                });
            }
        }
        Kind::Denylist => {
            // The denylist rebuilt from PostgreSQL, its source of truth.
            let rows = sqlx::query(
                "SELECT jti, expires_at FROM auth_tokens
                 WHERE revoked_at IS NOT NULL AND expires_at > now() AND jti > $1
                 ORDER BY jti LIMIT $2",
            )
            .bind(after_uuid)
            .bind(PAGE)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(context()))?;
            for r in rows {
                let expires_at: OffsetDateTime = r.get(1);
                out.push(Entry {
                    id: r.get::<Uuid, _>(0).to_string(),
                    fingerprint: String::new(),
                    payload: value(&Denied { expires_at })?,
                    ttl: entities::until(expires_at),
                });
            }
        }
    }
    // Nothing already past its life is written.
    out.retain(|e| !e.ttl.is_zero());
    Ok(out)
}

/// Writes pages: one pipeline to a standalone server, or one per primary
/// (concurrently) in a cluster.
struct Writer {
    nodes: Vec<redis::aio::MultiplexedConnection>,
    /// For a cluster: which node serves each slot.
    slot_owner: Option<Vec<usize>>,
}

impl Writer {
    async fn new(cache: &Cache) -> Result<Writer> {
        let timeout = cache.settings().bulk_response_timeout;
        let mut conn: Conn = cache.conn();
        let endpoint = cache.endpoint().clone();
        let urls = client::primaries(&mut conn, &endpoint).await?;
        let mut nodes = Vec::new();
        for url in &urls {
            nodes.push(client::node(url, timeout).await?);
        }
        let slot_owner = if cache.is_cluster() {
            Some(slots::owners(&mut conn, &urls).await?)
        } else {
            None
        };
        Ok(Writer { nodes, slot_owner })
    }

    fn node_of(&self, key: &str) -> usize {
        match &self.slot_owner {
            Some(owners) => owners[slots::slot(key.as_bytes()) as usize],
            None => 0,
        }
    }

    async fn set_all(&self, kind: Kind, page: &[Entry]) -> Result<()> {
        let mut pipes: Vec<redis::Pipeline> = (0..self.nodes.len()).map(|_| redis::pipe()).collect();
        for entry in page {
            let key = kind.key(&entry.id);
            pipes[self.node_of(&key)]
                .cmd("SET")
                .arg(&key)
                .arg(&entry.payload)
                .arg("PX")
                .arg(entry.ttl.as_millis() as u64)
                .ignore();
        }
        self.run(pipes).await
    }

    async fn delete(&self, keys: &[String]) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let mut pipes: Vec<redis::Pipeline> = (0..self.nodes.len()).map(|_| redis::pipe()).collect();
        for key in keys {
            pipes[self.node_of(key)].cmd("DEL").arg(key).ignore();
        }
        self.run(pipes).await
    }

    async fn run(&self, pipes: Vec<redis::Pipeline>) -> Result<()> {
        let mut tasks = tokio::task::JoinSet::new();
        for (pipe, node) in pipes.into_iter().zip(&self.nodes) {
            if pipe.is_empty() {
                continue;
            }
            let mut node = node.clone();
            tasks.spawn(async move { pipe.query_async::<()>(&mut node).await });
        }
        while let Some(done) = tasks.join_next().await {
            done.map_err(|e| Error::Internal(format!("a Redis writer stopped: {e}")))?
                .map_err(|e| Error::Redis {
                    context: "cannot write warmed keys".to_owned(),
                    source: e,
                })?;
        }
        Ok(())
    }
}
