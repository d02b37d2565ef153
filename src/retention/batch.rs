//! One batch of a purge, in its own short transaction: lock up to `limit`
//! due rows (skipping rows another transaction holds), delete what cascades
//! from them leaves first, delete them, append every deleted row to the
//! archive and sync it, write the batch's audit row, commit.
//!
//! Rows are chosen by `ctid` with `FOR UPDATE ... SKIP LOCKED`: locked rows
//! cannot move before the commit, and a row some writer holds is left for
//! the next run instead of waited for. `lock_timeout` bounds any wait for a
//! table lock (behind a schema change), so a purge never queues traffic.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnection, PgRow};
use sqlx::{AssertSqlSafe, Connection, Row};
use time::OffsetDateTime;

use super::archive::ArchiveFile;
use super::cascade::Descendant;
use super::rows::Columns;
use crate::audit::Actor;
use crate::error::{Error, Result};
use crate::model::audit::NewAuditEntry;

/// Which rows of which table a series of batches removes.
pub struct Scope {
    pub policy: &'static str,
    /// The table rows are deleted from (a partition, for partitioned tables).
    pub table: String,
    /// The table the archive names for them (the partitioned parent).
    pub label: String,
    /// `FROM` items naming the table `t` (and whatever the condition reads).
    pub from: String,
    /// Whether `t` is due: `$1` the instant, `$2` the limit, `$3`/`$4` the
    /// block range as tids (text).
    pub condition: String,
    /// What cascades from `table`, leaves first.
    pub descendants: Vec<Descendant>,
    /// The columns of `table`, and of each descendant.
    pub columns: Columns,
    pub descendant_columns: Vec<Columns>,
    /// Take the first rows in physical order (a walk over block ranges:
    /// the next batch starts at the last block this one took from).
    pub in_block_order: bool,
    pub allow_setting: Option<&'static str>,
}

/// The parameters of one batch.
pub struct Bounds {
    pub as_of: OffsetDateTime,
    pub limit: i32,
    /// Block range `[from, to)`, for scopes that walk the table.
    pub blocks: (i64, i64),
    pub rows: i64,
}

/// Where the batch's rows go and who is acting.
pub struct Sink<'a> {
    pub run: &'a str,
    pub batch: u64,
    pub archive: &'a mut ArchiveFile,
    pub actor: &'a Actor,
    pub lock_timeout: Duration,
}

#[derive(Debug, Default)]
pub struct Done {
    /// Rows the policy's own selection matched (the batch limit counts these).
    pub selected: u64,
    /// Every row deleted, by table (cascaded ones included).
    pub tables: BTreeMap<String, u64>,
    /// The highest block a selected row was in.
    pub last_block: Option<i64>,
    /// Cache keys of what was deleted, to invalidate after the commit.
    pub rows: Vec<(String, String)>,
    pub elapsed: Duration,
}

impl Done {
    pub fn deleted(&self) -> u64 {
        self.tables.values().sum()
    }
}

pub async fn run(
    conn: &mut PgConnection,
    scope: &Scope,
    bounds: &Bounds,
    mut sink: Sink<'_>,
) -> Result<Done> {
    let started = Instant::now();
    let mut tx = conn
        .begin()
        .await
        .map_err(Error::db("cannot begin a purge batch"))?;
    let mut settings = format!(
        "SET LOCAL lock_timeout = '{}ms'; SET LOCAL statement_timeout = '5min'; \
         SET LOCAL idle_in_transaction_session_timeout = '5min';",
        sink.lock_timeout.as_millis().max(1)
    );
    if let Some(name) = scope.allow_setting {
        settings.push_str(&format!(" SET LOCAL {name} = 'on';"));
    }
    sqlx::raw_sql(AssertSqlSafe(settings))
        .execute(&mut *tx)
        .await
        .map_err(Error::db("cannot set the purge batch's timeouts"))?;

    let lo = format!("({},0)", bounds.blocks.0);
    let hi = format!("({},0)", bounds.blocks.1);
    let select = format!(
        "SELECT t.ctid FROM {} WHERE {}{} LIMIT $5 FOR UPDATE OF t SKIP LOCKED",
        scope.from,
        scope.condition,
        // Without it, a join may hand rows over in another order, and the
        // rows LIMIT left out before the last block taken would be skipped.
        if scope.in_block_order {
            " ORDER BY t.ctid"
        } else {
            ""
        }
    );
    let returning = format!(
        "RETURNING (d.ctid::text::point)[0]::bigint, {}",
        scope.columns.select_list("d")
    );
    let mut done = Done::default();
    let mut lines = Vec::new();

    let selected: Vec<PgRow> = if scope.descendants.is_empty() {
        let sql = format!(
            "DELETE FROM {} d WHERE d.ctid = ANY(ARRAY({select})) {returning}",
            scope.table
        );
        bind(sqlx::query(AssertSqlSafe(sql)), bounds, &lo, &hi)
            .fetch_all(&mut *tx)
            .await
            .map_err(Error::db(format!("cannot delete a batch of {}", scope.table)))?
    } else {
        let sql = format!("SELECT array_agg(ctid::text) FROM ({select}) s");
        let row = bind(sqlx::query(AssertSqlSafe(sql)), bounds, &lo, &hi)
            .fetch_one(&mut *tx)
            .await
            .map_err(Error::db(format!("cannot lock a batch of {}", scope.table)))?;
        let ctids: Vec<String> = row
            .try_get::<Option<Vec<String>>, _>(0)
            .map_err(Error::db("cannot read the locked rows"))?
            .unwrap_or_default();
        if ctids.is_empty() {
            Vec::new()
        } else {
            let anchor = |column: &str| {
                format!(
                    "SELECT r.{} FROM {} r WHERE r.ctid = ANY($1::text[]::tid[])",
                    crate::db::quote_ident(column),
                    scope.table
                )
            };
            for (descendant, columns) in scope.descendants.iter().zip(&scope.descendant_columns) {
                let sql = format!(
                    "DELETE FROM {} t WHERE {} RETURNING {}",
                    descendant.table,
                    descendant.belongs_to(&anchor),
                    columns.select_list("t")
                );
                let rows = sqlx::query(AssertSqlSafe(sql))
                    .bind(&ctids)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(Error::db(format!(
                        "cannot delete the {} rows of a batch of {}",
                        descendant.table, scope.table
                    )))?;
                for row in rows {
                    add_row(&mut lines, &mut done, &descendant.table, columns, &row, 0)?;
                }
            }
            let sql = format!(
                "DELETE FROM {} d WHERE d.ctid = ANY($1::text[]::tid[]) {returning}",
                scope.table
            );
            sqlx::query(AssertSqlSafe(sql))
                .bind(&ctids)
                .fetch_all(&mut *tx)
                .await
                .map_err(Error::db(format!("cannot delete a batch of {}", scope.table)))?
        }
    };

    done.selected = selected.len() as u64;
    for row in &selected {
        let block: i64 = row
            .try_get(0)
            .map_err(Error::db("cannot read a deleted row's block"))?;
        done.last_block = Some(done.last_block.map_or(block, |b| b.max(block)));
        add_row(&mut lines, &mut done, &scope.label, &scope.columns, row, 1)?;
    }
    if done.deleted() == 0 {
        tx.rollback()
            .await
            .map_err(Error::db("cannot end an empty purge batch"))?;
        done.elapsed = started.elapsed();
        return Ok(done);
    }

    let archive_start = sink.archive.len();
    sink.archive.append(&lines)?;
    commit(
        tx,
        &mut sink,
        scope.policy,
        &done,
        archive_start,
        serde_json::json!({}),
    )
    .await?;
    done.elapsed = started.elapsed();
    Ok(done)
}

/// Writes the batch's audit row (its counts, where its rows are archived,
/// and `extra`) and commits; the archive's last frame is then committed too.
pub(super) async fn commit(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    sink: &mut Sink<'_>,
    policy: &str,
    done: &Done,
    archive_start: u64,
    extra: serde_json::Value,
) -> Result<()> {
    let mut details = serde_json::json!({
        "run": sink.run,
        "policy": policy,
        "batch": sink.batch,
        "rows": done.deleted(),
        "tables": done.tables,
        "archive": sink.archive.path.file_name().map(|n| n.to_string_lossy()),
        "archive_start": archive_start,
        "archive_end": sink.archive.len(),
    });
    if let (Some(details), serde_json::Value::Object(extra)) = (details.as_object_mut(), extra) {
        details.extend(extra);
    }
    crate::repo::audit::append(
        &mut tx,
        &NewAuditEntry {
            actor: sink.actor.to_string(),
            action: "retention.batch".to_owned(),
            entity_type: "retention".to_owned(),
            entity_id: Some(policy.to_owned()),
            outcome: "success".to_owned(),
            details,
            request_id: None,
        },
    )
    .await?;
    tx.commit()
        .await
        .map_err(Error::db("cannot commit a purge batch"))?;
    sink.archive.committed();
    Ok(())
}

fn bind<'q>(
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    bounds: &Bounds,
    lo: &str,
    hi: &str,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query
        .bind(bounds.as_of)
        .bind(bounds.limit)
        .bind(lo.to_owned())
        .bind(hi.to_owned())
        .bind(bounds.rows)
}

/// Appends one archive line for a row given as JSON text.
pub(super) fn add_line(lines: &mut Vec<u8>, done: &mut Done, table: &str, row: String) {
    let start = begin_line(lines, table);
    lines.extend_from_slice(row.as_bytes());
    end_line(lines, done, table, start);
}

/// Appends one archive line for a deleted row, its columns from `first` on.
fn add_row(
    lines: &mut Vec<u8>,
    done: &mut Done,
    table: &str,
    columns: &Columns,
    row: &PgRow,
    first: usize,
) -> Result<()> {
    let start = begin_line(lines, table);
    columns.write_json(row, first, lines)?;
    end_line(lines, done, table, start);
    Ok(())
}

fn begin_line(lines: &mut Vec<u8>, table: &str) -> usize {
    lines.extend_from_slice(b"{\"table\":\"");
    lines.extend_from_slice(table.as_bytes());
    lines.extend_from_slice(b"\",\"row\":");
    lines.len()
}

fn end_line(lines: &mut Vec<u8>, done: &mut Done, table: &str, row_start: usize) {
    if super::invalidation::caches(table) {
        let row = String::from_utf8_lossy(&lines[row_start..]).into_owned();
        done.rows.push((table.to_owned(), row));
    }
    lines.extend_from_slice(b"}\n");
    *done.tables.entry(table.to_owned()).or_default() += 1;
}
