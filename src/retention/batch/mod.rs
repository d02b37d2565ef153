//! One batch of a purge, in its own short transaction: lock up to `limit`
//! due rows (skipping rows another transaction holds), delete what cascades
//! from them leaves first, delete them, append every deleted row to the
//! archive and sync it, write the batch's audit row, commit.
//!
//! Rows are chosen by `ctid`. A walk over a table's blocks deletes every due
//! row of a block range without a row lock first (a row a writer changed
//! meanwhile is checked again as the writer left it: deleted if still due
//! and in the range, else left); a fixed
//! batch size, a lock timeout, or rows that others cascade from take at most
//! N rows with `FOR UPDATE ... SKIP LOCKED`, which leaves a row some writer
//! holds for the next run instead of waiting for it. `lock_timeout` bounds
//! any wait for a lock (a row, or a table behind a schema change), so a
//! purge never queues traffic.
//!
//! The deleted rows come back as binary COPY and are encoded, compressed and
//! written to the archive as they arrive, while the server still deletes the
//! rest; the archive is synced once the last row is in, then the batch
//! commits. A batch that fails before its commit cuts its frames off again.

mod archiving;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use crate::audit::Actor;
use crate::error::{Error, Result};
use crate::model::audit::NewAuditEntry;
use crate::retention::archive::ArchiveFile;
use crate::retention::cascade::Descendant;
use crate::retention::rows::Columns;
pub(super) use archiving::add_line;
use archiving::{Archiving, stream};

/// Which rows of which table a series of batches removes.
pub struct Scope {
    pub policy: &'static str,
    /// The table rows are deleted from (a partition, for partitioned tables).
    pub table: String,
    /// The table the archive names for them (the partitioned parent).
    pub label: String,
    /// `FROM` items naming the table `t` (and whatever the condition reads).
    pub from: String,
    /// Whether `from` names `t` alone, without a join: an unlimited batch
    /// then deletes by the condition directly.
    pub alone: bool,
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

impl Bounds {
    /// `$1` to `$5` as SQL literals, for the statements that cannot bind
    /// them (a COPY). Each is written here from an instant or a number,
    /// never from text that came from elsewhere.
    fn literals(&self) -> Result<[String; 5]> {
        Ok([
            super::rows::timestamp_literal(self.as_of)?,
            format!("({})", self.limit),
            format!("'({},0)'::text", self.blocks.0),
            format!("'({},0)'::text", self.blocks.1),
            format!("({})::bigint", self.rows),
        ])
    }
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

/// Runs one batch on `conn`, in its own transaction: deletes its rows (what
/// cascades from them first), appends every deleted row to the archive and
/// syncs it, writes the batch's audit row, commits. A batch that found no
/// rows is rolled back, and so is one that fails anywhere.
pub async fn run(
    conn: &mut PgConnection,
    scope: &Scope,
    bounds: &Bounds,
    mut sink: Sink<'_>,
) -> Result<Done> {
    let started = Instant::now();
    let mark = sink.archive.mark();
    let archive_start = mark.offset();
    let result = async {
        // Until the commit begins, a failure leaves nothing of the batch.
        let before_commit = async {
            begin(conn, scope, sink.lock_timeout).await?;
            let mut archiving = Archiving::new(scope, &mut *sink.archive)?;
            delete(conn, scope, bounds, &mut archiving).await?;
            let Archiving { done, bytes, .. } = archiving;
            let delete_time = started.elapsed();
            if done.deleted() > 0 {
                sink.archive.sync()?;
            }
            Ok::<_, Error>((done, bytes, delete_time))
        };
        let (mut done, bytes, delete_time) = match before_commit.await {
            Ok(batch) => batch,
            Err(e) => {
                sink.archive.cut_back(mark)?;
                return Err(e);
            }
        };
        if done.deleted() == 0 {
            rollback(conn).await;
            return Ok(done);
        }
        let archived = started.elapsed();
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
            bytes,
            delete_ms = delete_time.as_millis() as u64,
            archive_ms = (archived - delete_time).as_millis() as u64,
            commit_ms = (started.elapsed() - archived).as_millis() as u64,
            "purge batch"
        );
        done.elapsed = started.elapsed();
        Ok(done)
    }
    .await;
    if result.is_err() {
        rollback(conn).await;
    }
    result
}

pub(super) async fn rollback(conn: &mut PgConnection) {
    if let Err(e) = sqlx::raw_sql("ROLLBACK").execute(conn).await {
        tracing::debug!("cannot roll a purge batch back (the connection closes instead): {e}");
    }
}

async fn begin(conn: &mut PgConnection, scope: &Scope, lock_timeout: Duration) -> Result<()> {
    // synchronous_commit off: the commit does not wait for its WAL to reach
    // disk. Safe here: if the server crashed before the flush, the delete
    // and its audit row are lost together, so the next run cuts the
    // batch's frames from the archive and the rows, back in the table, are
    // archived once, later.
    //
    // jit off: each batch's statement is planned for its own literals, and
    // the planner prices the per-row subplan of chat_messages above
    // jit_above_cost (and the inlining and optimizing thresholds). Measured
    // on 5M messages, compiling took 90-130 ms of a batch whose scan took
    // 35: without it the purge took 2.6 times as long.
    let mut settings = format!(
        "BEGIN; SET LOCAL lock_timeout = '{}ms'; SET LOCAL statement_timeout = '5min'; \
         SET LOCAL idle_in_transaction_session_timeout = '5min'; SET LOCAL synchronous_commit = off; \
         SET LOCAL jit = off;",
        lock_timeout.as_millis().max(1)
    );
    if let Some(name) = scope.allow_setting {
        settings.push_str(&format!(" SET LOCAL {name} = 'on';"));
    }
    sqlx::raw_sql(AssertSqlSafe(settings))
        .execute(&mut *conn)
        .await
        .map_err(Error::db("cannot begin a purge batch"))?;
    Ok(())
}

/// Deletes the batch's rows, what cascades from them first, archiving each
/// as it comes back.
///
/// Rows come back as binary COPY, read in place as they arrive
/// ([`stream`]). COPY cannot bind parameters, so the batch's are written
/// into the statement ([`Bounds::literals`]).
async fn delete(
    conn: &mut PgConnection,
    scope: &Scope,
    bounds: &Bounds,
    archiving: &mut Archiving<'_>,
) -> Result<()> {
    let returning = |alias: &str| format!("RETURNING {alias}.ctid, {}", scope.columns.select_list(alias));
    let delete_batch = || format!("cannot delete a batch of {}", scope.table);
    if !bounds.limited && scope.descendants.is_empty() && scope.alone {
        // The condition in the delete itself: cheaper for the server than
        // a list of ctids (`ANY(ARRAY(SELECT ctid ...))`).
        let sql = format!(
            "DELETE FROM {} WHERE {} {}",
            scope.from,
            scope.condition,
            returning("t")
        );
        let sql = with_parameters(&sql, &bounds.literals()?)?;
        return stream(conn, &sql, None, archiving, delete_batch).await;
    }
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
        format!("SELECT t.ctid FROM {} WHERE {}", scope.from, scope.condition)
    };
    if scope.descendants.is_empty() {
        let sql = format!(
            "DELETE FROM {} d WHERE d.ctid = ANY(ARRAY({select})) {}",
            scope.table,
            returning("d")
        );
        let sql = with_parameters(&sql, &bounds.literals()?)?;
        return stream(conn, &sql, None, archiving, delete_batch).await;
    }

    // What cascades is deleted by the rows chosen first: they are locked,
    // and every delete names them by ctid.
    let sql = format!("SELECT array_agg(ctid::text) FROM ({select}) s");
    let row = sqlx::query(AssertSqlSafe(with_parameters(&sql, &bounds.literals()?)?))
        .fetch_one(&mut *conn)
        .await
        .map_err(Error::db(format!("cannot lock a batch of {}", scope.table)))?;
    let ctids: Vec<String> = row
        .try_get::<Option<Vec<String>>, _>(0)
        .map_err(Error::db("cannot read the locked rows"))?
        .unwrap_or_default();
    if ctids.is_empty() {
        return Ok(());
    }
    let tids = tid_array(&ctids)?;
    let anchor = |column: &str| {
        format!(
            "SELECT r.{} FROM {} r WHERE r.ctid = ANY({tids})",
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
        stream(conn, &sql, Some(i), archiving, || {
            format!(
                "cannot delete the {} rows of a batch of {}",
                descendant.table, scope.table
            )
        })
        .await?;
    }
    let sql = format!(
        "DELETE FROM {} d WHERE d.ctid = ANY({tids}) {}",
        scope.table,
        returning("d")
    );
    stream(conn, &sql, None, archiving, delete_batch).await
}

/// A `tid[]` literal of the ctids the server gave as text (`(block,offset)`),
/// each read back into its numbers first.
fn tid_array(ctids: &[String]) -> Result<String> {
    let mut literal = String::from("'{");
    for (i, ctid) in ctids.iter().enumerate() {
        let (block, offset) = ctid
            .strip_prefix('(')
            .and_then(|c| c.strip_suffix(')'))
            .and_then(|c| c.split_once(','))
            .and_then(|(b, o)| Some((b.parse::<u32>().ok()?, o.parse::<u16>().ok()?)))
            .ok_or_else(|| Error::Internal(format!("the server gave {ctid:?} as a ctid")))?;
        if i > 0 {
            literal.push(',');
        }
        literal.push_str(&format!("\"({block},{offset})\""));
    }
    literal.push_str("}'::tid[]");
    Ok(literal)
}

/// `sql` with its parameters written in as `literals` (COPY cannot bind).
fn with_parameters(sql: &str, literals: &[String]) -> Result<String> {
    crate::sql::inline_parameters(sql, literals)
        .map_err(|e| Error::Internal(format!("a purge statement: {e}")))
}

/// Writes the batch's audit row (its counts, where its rows are archived,
/// and `extra`) and commits; the archive's last frames are then committed too.
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

#[cfg(test)]
mod tests {
    use super::archiving::tid_block;
    use super::*;

    #[test]
    fn the_bounds_become_literals_of_their_types() {
        let bounds = Bounds {
            as_of: time::macros::datetime!(2026-12-01 9:15:00.5 UTC),
            limit: 30,
            blocks: (128, 384),
            rows: 5000,
            limited: false,
        };
        assert_eq!(
            with_parameters("$1 $2 $3 $4 $5", &bounds.literals().unwrap()).unwrap(),
            "'2026-12-01T09:15:00.5+00:00'::timestamptz (30) '(128,0)'::text '(384,0)'::text (5000)::bigint"
        );
    }

    #[test]
    fn ctids_are_read_back_into_numbers_before_they_are_written() {
        assert_eq!(
            tid_array(&["(0,1)".to_owned(), "(4294967295,65535)".to_owned()]).unwrap(),
            "'{\"(0,1)\",\"(4294967295,65535)\"}'::tid[]"
        );
        assert!(tid_array(&["(1,2)'); DROP TABLE t; --".to_owned()]).is_err());
        assert!(tid_array(&["(1,-2)".to_owned()]).is_err());
        assert_eq!(tid_block(Some(&[0, 0, 1, 0, 0, 7])), Ok(256));
        assert!(tid_block(Some(&[0, 1])).is_err());
    }
}
