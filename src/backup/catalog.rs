//! What a backup reads from the catalog: the tables with their columns and
//! sizes, the sequences, and how a table is cut into chunks.
//!
//! Chunks are ranges of the table's physical blocks (`ctid` ranges, read with
//! a TID Range Scan since PostgreSQL 14): each chunk reads only its own
//! blocks, sequentially, so two workers share a large table without either
//! scanning the whole of it, and without the random heap visits that ranges
//! of a uuid primary key cost. The last range is open-ended: within one
//! snapshot a table's rows cannot move (VACUUM FULL and CLUSTER need a lock
//! the backup's ACCESS SHARE lock excludes), so every visible row is in
//! exactly one range.

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Row};

use super::manifest::ManifestColumn;
use crate::db::quote_ident;
use crate::error::{Error, Result};
use crate::migrate::history::{LOG_TABLE, SQLX_TABLE};

/// The lowest server on which `ctid` ranges are read with a TID Range Scan;
/// older servers read each table in one chunk.
const TID_RANGE_SCAN_VERSION: i32 = 140000;

/// A table with data to back up.
#[derive(Debug, Clone)]
pub struct Table {
    /// Schema-qualified and quoted where needed (`regclass` text).
    pub name: String,
    /// Stored columns in order (generated columns are recomputed on load).
    pub columns: Vec<ManifestColumn>,
    /// Size of the heap in bytes, at the time it was read.
    pub heap_bytes: u64,
}

impl Table {
    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|c| quote_ident(&c.name))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A part of a table: blocks `[first, end)`, or to the table's end when
/// `end` is `None`. The whole table is `{ first: 0, end: None }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocks {
    pub first: u64,
    pub end: Option<u64>,
}

impl Blocks {
    pub const ALL: Blocks = Blocks { first: 0, end: None };
}

/// The `COPY ... TO STDOUT` that reads `blocks` of `table`, in binary format.
pub fn copy_out(table: &Table, blocks: Blocks) -> String {
    let columns = table.column_list();
    match blocks {
        Blocks::ALL => format!("COPY {} ({columns}) TO STDOUT (FORMAT binary)", table.name),
        Blocks { first, end } => {
            let mut filter = format!("ctid >= '({first},0)'::tid");
            if let Some(end) = end {
                filter.push_str(&format!(" AND ctid < '({end},0)'::tid"));
            }
            format!(
                "COPY (SELECT {columns} FROM {} WHERE {filter}) TO STDOUT (FORMAT binary)",
                table.name
            )
        }
    }
}

/// Cuts a table of `heap_bytes` into ranges of about `chunk_bytes`.
pub fn split(heap_bytes: u64, chunk_bytes: u64, block_size: u64, server_version_num: i32) -> Vec<Blocks> {
    if server_version_num < TID_RANGE_SCAN_VERSION || heap_bytes <= chunk_bytes {
        return vec![Blocks::ALL];
    }
    let blocks = heap_bytes.div_ceil(block_size);
    let per_chunk = (chunk_bytes / block_size).max(1);
    let mut ranges = Vec::new();
    let mut first = 0;
    while first + per_chunk < blocks {
        ranges.push(Blocks {
            first,
            end: Some(first + per_chunk),
        });
        first += per_chunk;
    }
    ranges.push(Blocks { first, end: None });
    ranges
}

/// The ordinary tables of the database outside the system schemas, but for
/// the migration bookkeeping (a restore recreates it from the migrations),
/// ordered by name.
pub async fn tables(conn: &mut PgConnection) -> Result<Vec<Table>> {
    let rows = sqlx::query(
        "SELECT c.oid::regclass::text AS name, pg_relation_size(c.oid) AS heap_bytes,
                coalesce(array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attnum IS NOT NULL), '{}') AS names,
                coalesce(array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
                         FILTER (WHERE a.attnum IS NOT NULL), '{}') AS types
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
         WHERE c.relkind = 'r' AND c.relpersistence IN ('p', 'u')
           AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
           AND NOT (n.nspname = 'public' AND c.relname = ANY($1))
         GROUP BY c.oid
         ORDER BY 1",
    )
    .bind([SQLX_TABLE, LOG_TABLE])
    .fetch_all(&mut *conn)
    .await
    .map_err(Error::db("reading the list of tables"))?;
    rows.into_iter()
        .map(|row| {
            let names: Vec<String> = row.try_get("names")?;
            let types: Vec<String> = row.try_get("types")?;
            Ok(Table {
                name: row.try_get("name")?,
                columns: names
                    .into_iter()
                    .zip(types)
                    .map(|(name, type_name)| ManifestColumn { name, type_name })
                    .collect(),
                heap_bytes: row.try_get::<i64, _>("heap_bytes")?.max(0) as u64,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Error::db("reading the list of tables"))
}

/// The sequences outside the system schemas (but for the bookkeeping's),
/// with their current values.
pub async fn sequences(conn: &mut PgConnection) -> Result<Vec<super::manifest::ManifestSequence>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname NOT LIKE 'pg\\_%' AND c.relname NOT LIKE '\\_platformctl\\_%' AND c.relname NOT LIKE '\\_sqlx\\_%'
         ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(Error::db("reading the list of sequences"))?;
    let mut sequences = Vec::new();
    for name in names {
        // The name is regclass text, quoted by the server.
        let (last_value, is_called): (i64, bool) =
            sqlx::query_as(AssertSqlSafe(format!("SELECT last_value, is_called FROM {name}")))
                .fetch_one(&mut *conn)
                .await
                .map_err(Error::db(format!("reading sequence {name}")))?;
        sequences.push(super::manifest::ManifestSequence {
            name,
            last_value,
            is_called,
        });
    }
    Ok(sequences)
}

/// The encoding of the connected database.
pub async fn encoding(conn: &mut PgConnection) -> Result<String> {
    sqlx::query_scalar(
        "SELECT pg_encoding_to_char(encoding)::text FROM pg_database WHERE datname = current_database()",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(Error::db("reading the database encoding"))
}

/// The server's block size in bytes.
pub async fn block_size(conn: &mut PgConnection) -> Result<u64> {
    let size: String = sqlx::query_scalar("SELECT current_setting('block_size')")
        .fetch_one(&mut *conn)
        .await
        .map_err(Error::db("reading the block size"))?;
    size.parse()
        .map_err(|_| Error::Internal(format!("block_size {size:?} is not a number")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_tables_and_old_servers_are_one_chunk() {
        assert_eq!(split(1000, 8192 * 100, 8192, 150000), vec![Blocks::ALL]);
        assert_eq!(split(8192 * 1000, 8192 * 100, 8192, 130000), vec![Blocks::ALL]);
    }

    #[test]
    fn large_tables_are_cut_into_ranges_that_cover_every_block_once() {
        let ranges = split(8192 * 1000, 8192 * 300, 8192, 150000);
        assert_eq!(
            ranges,
            vec![
                Blocks {
                    first: 0,
                    end: Some(300)
                },
                Blocks {
                    first: 300,
                    end: Some(600)
                },
                Blocks {
                    first: 600,
                    end: Some(900)
                },
                Blocks {
                    first: 900,
                    end: None
                },
            ]
        );
        // An exact multiple does not leave an empty range at the end.
        let ranges = split(8192 * 600, 8192 * 300, 8192, 150000);
        assert_eq!(
            ranges.last(),
            Some(&Blocks {
                first: 300,
                end: None
            })
        );
    }

    #[test]
    fn copy_statements_name_their_blocks() {
        let table = Table {
            name: "messages".into(),
            columns: vec![
                ManifestColumn {
                    name: "id".into(),
                    type_name: "uuid".into(),
                },
                ManifestColumn {
                    name: "body".into(),
                    type_name: "text".into(),
                },
            ],
            heap_bytes: 0,
        };
        assert_eq!(
            copy_out(&table, Blocks::ALL),
            "COPY messages (\"id\", \"body\") TO STDOUT (FORMAT binary)"
        );
        assert_eq!(
            copy_out(
                &table,
                Blocks {
                    first: 10,
                    end: Some(20)
                }
            ),
            "COPY (SELECT \"id\", \"body\" FROM messages WHERE ctid >= '(10,0)'::tid AND ctid < '(20,0)'::tid) TO STDOUT (FORMAT binary)"
        );
        assert!(
            copy_out(&table, Blocks { first: 20, end: None })
                .ends_with("WHERE ctid >= '(20,0)'::tid) TO STDOUT (FORMAT binary)")
        );
    }
}
