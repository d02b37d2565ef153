//! Re-encrypting every stored secret under the current master key
//! (`platformctl secrets rotate-key`).
//!
//! Rows are taken in small batches, each in its own transaction: a row's
//! values and its key id change in one UPDATE, so at every moment a row is
//! readable under exactly one key (the old one until its batch commits, the
//! new one after). A run that stops (error, Ctrl-C, crash) loses at most its
//! open batch, and running again continues with the rows still under an old
//! key; rows already under the current key are never touched, so a second run
//! does nothing.
//!
//! The tables and columns are fixed here, so these queries are built at run
//! time from our own identifiers rather than checked by `query!`.

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Connection, Row};
use uuid::Uuid;

use crate::crypto::Keyring;
use crate::error::{Error, Result};
use crate::progress::Progress;

/// A table whose rows hold sealed values under one key-id column.
struct SealedColumns {
    table: &'static str,
    key_column: &'static str,
    /// (column, context name): the context binds each value to its place.
    values: &'static [(&'static str, &'static str)],
}

const SEALED: &[SealedColumns] = &[
    SealedColumns {
        table: "external_connections",
        key_column: "credentials_key_id",
        values: &[("credentials_encrypted", "external_connections.credentials")],
    },
    SealedColumns {
        table: "user_identities",
        key_column: "token_key_id",
        values: &[
            ("access_token_encrypted", "user_identities.access_token"),
            ("refresh_token_encrypted", "user_identities.refresh_token"),
        ],
    },
    SealedColumns {
        table: "signing_keys",
        key_column: "encryption_key_id",
        values: &[("private_key_encrypted", "signing_keys.private_key")],
    },
];

/// The context a value is sealed for: its table, column and row.
pub fn context(name: &str, row: Uuid) -> String {
    format!("{name}:{row}")
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TableRotation {
    pub table: &'static str,
    /// Rows re-encrypted by this run (or, in a dry run, that would be).
    pub rotated: u64,
    /// Rows that were already under the current key.
    pub already_current: u64,
    pub batches: u64,
}

/// A batch re-encrypted: `rows` rows of `table`.
#[derive(Debug, Clone, Copy)]
pub struct Rotated {
    pub table: &'static str,
    pub rows: u64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RotationReport {
    pub current_key_id: String,
    pub dry_run: bool,
    pub tables: Vec<TableRotation>,
}

/// Re-encrypts every sealed value not under the current key, `batch_size`
/// rows per transaction, reporting each batch.
pub async fn rotate(
    conn: &mut PgConnection,
    keyring: &Keyring,
    batch_size: u32,
    dry_run: bool,
    progress: &dyn Progress<Rotated>,
) -> Result<RotationReport> {
    let current = keyring.current_key_id().to_owned();
    let mut tables = Vec::with_capacity(SEALED.len());
    for sealed in SEALED {
        let (stale, fresh) = count(conn, sealed, &current).await?;
        let mut report = TableRotation {
            table: sealed.table,
            already_current: fresh,
            ..Default::default()
        };
        if dry_run {
            report.rotated = stale;
        } else {
            loop {
                let rows = rotate_batch(conn, keyring, sealed, batch_size).await?;
                if rows == 0 {
                    break;
                }
                report.rotated += rows;
                report.batches += 1;
                progress.report(Rotated {
                    table: sealed.table,
                    rows,
                });
            }
        }
        tables.push(report);
    }
    Ok(RotationReport {
        current_key_id: current,
        dry_run,
        tables,
    })
}

/// (rows under another key, rows under the current key).
async fn count(conn: &mut PgConnection, sealed: &SealedColumns, current: &str) -> Result<(u64, u64)> {
    let sql = format!(
        "SELECT count(*) FILTER (WHERE {k} <> $1), count(*) FILTER (WHERE {k} = $1) FROM {t} WHERE {k} IS NOT NULL",
        k = sealed.key_column,
        t = sealed.table
    );
    let (stale, fresh): (i64, i64) = sqlx::query_as(AssertSqlSafe(sql))
        .bind(current)
        .fetch_one(conn)
        .await
        .map_err(Error::db(format!("counting sealed values in {}", sealed.table)))?;
    Ok((stale as u64, fresh as u64))
}

async fn rotate_batch(
    conn: &mut PgConnection,
    keyring: &Keyring,
    sealed: &SealedColumns,
    batch_size: u32,
) -> Result<u64> {
    let columns: Vec<&str> = sealed.values.iter().map(|(c, _)| *c).collect();
    let select = format!(
        "SELECT id, {k}, {cols} FROM {t} WHERE {k} IS NOT NULL AND {k} <> $1 ORDER BY id LIMIT $2 FOR UPDATE",
        k = sealed.key_column,
        cols = columns.join(", "),
        t = sealed.table
    );
    let assignments: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 3))
        .collect();
    let update = format!(
        "UPDATE {t} SET {k} = $2, {sets} WHERE id = $1",
        t = sealed.table,
        k = sealed.key_column,
        sets = assignments.join(", ")
    );
    let what = format!("re-encrypting {}", sealed.table);

    let mut tx = conn.begin().await.map_err(Error::db(what.clone()))?;
    let rows = sqlx::query(AssertSqlSafe(select))
        .bind(keyring.current_key_id())
        .bind(i64::from(batch_size.max(1)))
        .fetch_all(&mut *tx)
        .await
        .map_err(Error::db(what.clone()))?;
    for row in &rows {
        let id: Uuid = row.get(0);
        let key_id: String = row.get(1);
        let mut update_row = sqlx::query(AssertSqlSafe(update.clone()))
            .bind(id)
            .bind(keyring.current_key_id());
        for (i, (_, name)) in sealed.values.iter().enumerate() {
            let value: Option<Vec<u8>> = row.get(i + 2);
            let resealed = match value {
                Some(bytes) => {
                    let place = context(name, id);
                    let plain = keyring.open(&key_id, &bytes, &place)?;
                    Some(keyring.seal(&plain, &place)?.bytes)
                }
                None => None,
            };
            update_row = update_row.bind(resealed);
        }
        update_row
            .execute(&mut *tx)
            .await
            .map_err(Error::db(what.clone()))?;
    }
    tx.commit().await.map_err(Error::db(what))?;
    Ok(rows.len() as u64)
}
