//! Tables partitioned by time: a partition that ends before the policy's
//! whole cutoff holds only due rows, so it is archived, detached and
//! dropped in one transaction instead of deleted row by row. The other
//! partitions are purged like plain tables, one after the other.
//!
//! The platform's schema partitions nothing today (migrations/README.md says
//! why messages is not); this is for the day it does.

use sqlx::AssertSqlSafe;
use sqlx::postgres::PgConnection;
use time::OffsetDateTime;

use super::batch::{Done, Sink, add_line};
use super::policy::Policy;
use crate::error::{Error, Result};

/// A leaf partition, and whether it lies wholly past the cutoff.
#[derive(Debug)]
pub struct Partition {
    pub name: String,
    pub wholly_due: bool,
}

/// The partitions of the policy's table, or None when it is not partitioned.
pub async fn of(
    conn: &mut PgConnection,
    policy: &Policy,
    as_of: OffsetDateTime,
    limit: i32,
) -> Result<Option<Vec<Partition>>> {
    let strategy: Option<(String, Option<String>, i32)> = sqlx::query_as(
        "SELECT pt.partstrat::text, a.attname::text, cardinality(pt.partattrs::int2[]) \
         FROM pg_partitioned_table pt \
         LEFT JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0] \
         WHERE pt.partrelid = $1::regclass",
    )
    .bind(policy.table)
    .fetch_optional(&mut *conn)
    .await
    .map_err(Error::db(format!(
        "cannot read how {} is partitioned",
        policy.table
    )))?;
    let Some((strategy, column, columns)) = strategy else {
        return Ok(None);
    };
    // Only a range on the age column says which partitions are old.
    let by_age = strategy == "r" && columns == 1 && column.as_deref() == Some(policy.age_column);
    let leaves: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.oid::regclass::text, coalesce(pg_get_expr(c.relpartbound, c.oid), ''), c.relkind::text \
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
         WHERE i.inhparent = $1::regclass ORDER BY 1",
    )
    .bind(policy.table)
    .fetch_all(&mut *conn)
    .await
    .map_err(Error::db(format!(
        "cannot list the partitions of {}",
        policy.table
    )))?;
    let mut partitions = Vec::new();
    for (name, bound, kind) in leaves {
        if kind != "r" {
            return Err(Error::Internal(format!(
                "{name} is itself partitioned; retention purges one level of partitions"
            )));
        }
        let wholly_due = match (by_age, policy.whole_cutoff, upper_bound(&bound)) {
            (true, Some(cutoff), Some(upper)) => {
                let sql = format!("SELECT $3::timestamptz <= ({cutoff})");
                sqlx::query_scalar(AssertSqlSafe(sql))
                    .bind(as_of)
                    .bind(limit)
                    .bind(upper)
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(Error::db(format!(
                        "cannot compare the bound of {name} with the cutoff"
                    )))?
            }
            _ => false,
        };
        partitions.push(Partition { name, wholly_due });
    }
    Ok(Some(partitions))
}

/// The upper bound of a range partition (`... TO ('2025-01-01 00:00:00+00')`),
/// None for MAXVALUE, a default partition, or another strategy.
fn upper_bound(bound: &str) -> Option<String> {
    let to = bound.rsplit_once(" TO (")?.1.strip_suffix(')')?;
    let value = to.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(value.replace("''", "'"))
}

/// Archives every row of `partition`, then detaches and drops it, with the
/// audit row, in one transaction. Writers of that partition wait (SHARE
/// lock) while it is read; the parent is locked only for the detach, and no
/// longer than `lock_timeout` is waited for it.
pub async fn drop_whole(
    conn: &mut PgConnection,
    policy: &Policy,
    partition: &str,
    sink: Sink<'_>,
) -> Result<Done> {
    let mut sink = sink;
    let started = std::time::Instant::now();
    let mut done = Done::default();
    let result = drop_in_transaction(conn, policy, partition, &mut sink, &mut done).await;
    if let Err(e) = result {
        super::batch::rollback(conn).await;
        return Err(e);
    }
    done.elapsed = started.elapsed();
    Ok(done)
}

async fn drop_in_transaction(
    conn: &mut PgConnection,
    policy: &Policy,
    partition: &str,
    sink: &mut Sink<'_>,
    done: &mut Done,
) -> Result<()> {
    let mut setup = format!(
        "BEGIN; SET LOCAL lock_timeout = '{}ms'; SET LOCAL idle_in_transaction_session_timeout = '5min'; \
         LOCK TABLE {partition} IN SHARE MODE; \
         DECLARE retention_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text FROM {partition} t;",
        sink.lock_timeout.as_millis().max(1)
    );
    if let Some(name) = policy.allow_setting {
        setup.push_str(&format!(" SET LOCAL {name} = 'on';"));
    }
    sqlx::raw_sql(AssertSqlSafe(setup))
        .execute(&mut *conn)
        .await
        .map_err(Error::db(format!("cannot lock partition {partition}")))?;
    let archive_start = sink.archive.len();
    loop {
        let rows: Vec<String> = sqlx::query_scalar("FETCH 5000 FROM retention_rows")
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::db(format!("cannot read partition {partition}")))?;
        if rows.is_empty() {
            break;
        }
        let mut lines = Vec::new();
        for row in rows {
            add_line(&mut lines, done, policy.table, row);
        }
        sink.archive.append(&lines)?;
    }
    done.selected = done.deleted();
    let sql = format!(
        "CLOSE retention_rows; ALTER TABLE {} DETACH PARTITION {partition}; DROP TABLE {partition};",
        policy.table
    );
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(&mut *conn)
        .await
        .map_err(Error::db(format!("cannot detach and drop partition {partition}")))?;
    let dropped = serde_json::json!({ "partition_dropped": partition });
    super::batch::commit(conn, sink, policy.name, done, archive_start, dropped).await
}

#[cfg(test)]
mod tests {
    use super::upper_bound;

    #[test]
    fn the_upper_bound_is_read_from_the_partition_bound() {
        assert_eq!(
            upper_bound("FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')")
                .as_deref(),
            Some("2025-01-01 00:00:00+00")
        );
        assert_eq!(
            upper_bound("FOR VALUES FROM ('2024-01-01 00:00:00+00') TO (MAXVALUE)"),
            None
        );
        assert_eq!(upper_bound("DEFAULT"), None);
    }
}
