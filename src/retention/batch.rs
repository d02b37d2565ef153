//! One batch of a purge, in its own short transaction: lock up to `limit`
//! due rows (skipping rows another transaction holds), delete what cascades
//! from them leaves first, delete them, append every deleted row to the
//! archive and sync it, write the batch's audit row, commit.
//!
//! Rows are chosen by `ctid`. A walk over a table's blocks takes every due
//! row of a block range without a row lock (the delete, by `ctid`, finds a
//! row a writer changed meanwhile no longer there, and leaves it); a fixed
//! batch size, a lock timeout, or rows that others cascade from take at most
//! N rows with `FOR UPDATE ... SKIP LOCKED`, which leaves a row some writer
//! holds for the next run instead of waiting for it. `lock_timeout` bounds
//! any wait for a lock (a row, or a table behind a schema change), so a
//! purge never queues traffic.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnection, PgRow};
use sqlx::{AssertSqlSafe, Row};
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
    /// At most `rows` rows, locked first and passing over those another
    /// transaction holds (`FOR UPDATE SKIP LOCKED`). Otherwise every due row
    /// of the block range, unlocked: a row another transaction holds is
    /// waited for (no longer than `lock_timeout`), but each row is written
    /// once, by its delete, instead of twice (its lock, then its delete, each
    /// with its own WAL record). A walk over a table's blocks goes unlimited
    /// unless its batch size is fixed, after a lock timeout, or when others
    /// cascade from the table (what cascades is deleted by the rows chosen
    /// first, so they must not change in between).
    pub limited: bool,
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

/// Runs one batch on `conn`: [`delete`], then [`archive_and_commit`].
pub async fn run(conn: &mut PgConnection, scope: &Scope, bounds: &Bounds, sink: Sink<'_>) -> Result<Done> {
    let deleted = delete(conn, scope, bounds, sink.lock_timeout).await?;
    archive_and_commit(conn, scope, deleted, sink).await
}

/// A batch whose rows are deleted in a transaction still open on its
/// connection: nothing is archived or committed yet.
pub struct Deleted {
    /// The deleted rows, each with the table it came from and the index of
    /// its columns (0: the scope's table, i + 1: descendant i).
    rows: Vec<(usize, PgRow)>,
    pub selected: u64,
    pub last_block: Option<i64>,
    started: Instant,
    delete_time: Duration,
}

/// Begins the batch's transaction and deletes its rows (what cascades from
/// them first), keeping them to archive. On an error the transaction is
/// rolled back.
pub async fn delete(
    conn: &mut PgConnection,
    scope: &Scope,
    bounds: &Bounds,
    lock_timeout: Duration,
) -> Result<Deleted> {
    let started = Instant::now();
    let result = delete_in_transaction(conn, scope, bounds, lock_timeout).await;
    match result {
        Ok((rows, selected, last_block)) => Ok(Deleted {
            rows,
            selected,
            last_block,
            started,
            delete_time: started.elapsed(),
        }),
        Err(e) => {
            rollback(conn).await;
            Err(e)
        }
    }
}

pub(super) async fn rollback(conn: &mut PgConnection) {
    if let Err(e) = sqlx::raw_sql("ROLLBACK").execute(conn).await {
        tracing::debug!("cannot roll a purge batch back (the connection closes instead): {e}");
    }
}

type Rows = (Vec<(usize, PgRow)>, u64, Option<i64>);

async fn delete_in_transaction(
    conn: &mut PgConnection,
    scope: &Scope,
    bounds: &Bounds,
    lock_timeout: Duration,
) -> Result<Rows> {
    // synchronous_commit off: the commit does not wait for its WAL to reach
    // disk. Safe here: if the server crashed before the flush, the delete
    // and its audit row are lost together, so the next run cuts the
    // batch's frame from the archive and the rows, back in the table, are
    // archived once, later.
    let mut settings = format!(
        "BEGIN; SET LOCAL lock_timeout = '{}ms'; SET LOCAL statement_timeout = '5min'; \
         SET LOCAL idle_in_transaction_session_timeout = '5min'; SET LOCAL synchronous_commit = off;",
        lock_timeout.as_millis().max(1)
    );
    if let Some(name) = scope.allow_setting {
        settings.push_str(&format!(" SET LOCAL {name} = 'on';"));
    }
    sqlx::raw_sql(AssertSqlSafe(settings))
        .execute(&mut *conn)
        .await
        .map_err(Error::db("cannot begin a purge batch"))?;

    let lo = format!("({},0)", bounds.blocks.0);
    let hi = format!("({},0)", bounds.blocks.1);
    let select = if bounds.limited {
        format!(
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
        )
    } else {
        // $5, the limit, is bound but unused (as $3 and $4 are by scopes
        // that do not walk blocks): its type is declared with it.
        format!("SELECT t.ctid FROM {} WHERE {}", scope.from, scope.condition)
    };
    let returning = format!(
        "RETURNING (d.ctid::text::point)[0]::bigint, {}",
        scope.columns.select_list("d")
    );
    let mut rows: Vec<(usize, PgRow)> = Vec::new();
    let selected: Vec<PgRow> = if scope.descendants.is_empty() {
        let sql = format!(
            "DELETE FROM {} d WHERE d.ctid = ANY(ARRAY({select})) {returning}",
            scope.table
        );
        bind(sqlx::query(AssertSqlSafe(sql)), bounds, &lo, &hi)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(format!("cannot delete a batch of {}", scope.table)))?
    } else {
        let sql = format!("SELECT array_agg(ctid::text) FROM ({select}) s");
        let row = bind(sqlx::query(AssertSqlSafe(sql)), bounds, &lo, &hi)
            .fetch_one(&mut *conn)
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
            for (i, (descendant, columns)) in scope
                .descendants
                .iter()
                .zip(&scope.descendant_columns)
                .enumerate()
            {
                let sql = format!(
                    "DELETE FROM {} t WHERE {} RETURNING {}",
                    descendant.table,
                    descendant.belongs_to(&anchor),
                    columns.select_list("t")
                );
                let deleted = sqlx::query(AssertSqlSafe(sql))
                    .bind(&ctids)
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(Error::db(format!(
                        "cannot delete the {} rows of a batch of {}",
                        descendant.table, scope.table
                    )))?;
                rows.extend(deleted.into_iter().map(|row| (i + 1, row)));
            }
            let sql = format!(
                "DELETE FROM {} d WHERE d.ctid = ANY($1::text[]::tid[]) {returning}",
                scope.table
            );
            sqlx::query(AssertSqlSafe(sql))
                .bind(&ctids)
                .fetch_all(&mut *conn)
                .await
                .map_err(Error::db(format!("cannot delete a batch of {}", scope.table)))?
        }
    };
    let mut last_block = None;
    for row in &selected {
        let block: i64 = row
            .try_get(0)
            .map_err(Error::db("cannot read a deleted row's block"))?;
        last_block = Some(last_block.map_or(block, |b: i64| b.max(block)));
    }
    let count = selected.len() as u64;
    rows.extend(selected.into_iter().map(|row| (0, row)));
    Ok((rows, count, last_block))
}

/// Appends the deleted rows to the archive and syncs it, then writes the
/// batch's audit row and commits, on the connection the delete ran on. An
/// empty batch is rolled back.
pub async fn archive_and_commit(
    conn: &mut PgConnection,
    scope: &Scope,
    deleted: Deleted,
    mut sink: Sink<'_>,
) -> Result<Done> {
    let mut done = Done {
        selected: deleted.selected,
        last_block: deleted.last_block,
        ..Done::default()
    };
    let result = async {
        let mut lines = Vec::new();
        for (columns, row) in &deleted.rows {
            let (table, columns, first) = match columns {
                0 => (&scope.label, &scope.columns, 1),
                i => (
                    &scope.descendants[i - 1].table,
                    &scope.descendant_columns[i - 1],
                    0,
                ),
            };
            add_row(&mut lines, &mut done, table, columns, row, first)?;
        }
        if done.deleted() == 0 {
            rollback(conn).await;
            return Ok(());
        }
        let encoded = deleted.started.elapsed();
        let archive_start = sink.archive.len();
        sink.archive.append(&lines)?;
        let archived = deleted.started.elapsed();
        commit(
            conn,
            &mut sink,
            scope.policy,
            &done,
            archive_start,
            serde_json::json!({}),
        )
        .await?;
        tracing::debug!(
            table = %scope.table,
            rows = done.deleted(),
            bytes = lines.len(),
            delete_ms = deleted.delete_time.as_millis() as u64,
            encode_ms = (encoded - deleted.delete_time).as_millis() as u64,
            archive_ms = (archived - encoded).as_millis() as u64,
            commit_ms = (deleted.started.elapsed() - archived).as_millis() as u64,
            "purge batch"
        );
        Ok(())
    }
    .await;
    if let Err(e) = result {
        rollback(conn).await;
        return Err(e);
    }
    done.elapsed = deleted.started.elapsed();
    Ok(done)
}

/// Writes the batch's audit row (its counts, where its rows are archived,
/// and `extra`) and commits; the archive's last frame is then committed too.
pub(super) async fn commit(
    conn: &mut PgConnection,
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
        &mut *conn,
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
    sqlx::raw_sql("COMMIT")
        .execute(&mut *conn)
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
