//! The re-check after a page is written: the rows whose version changed
//! since the read lose the entry just written (see the module above).

use std::collections::HashMap;

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Row};

use super::page::{Blocks, Page};
use crate::cache::keys::Kind;
use crate::cache::kinds::Versions;
use crate::cache::pipe::Pipe;
use crate::error::{Error, Result};

/// Re-reads the page's blocks; deletes the keys whose row is no longer
/// there with the version read. Cheap when nothing changed: one hash of the
/// blocks' (id, version) pairs, compared with the hash taken with the read.
pub(super) async fn check(kind: Kind, conn: &mut PgConnection, writer: &Pipe, read: &Page) -> Result<u64> {
    let Some(versions) = &kind.describe().versions else {
        return Ok(0);
    };
    if current_snapshot(&mut *conn).await? == read.snapshot
        || page_hash(kind, conn, read.range).await? == read.hash
    {
        return Ok(0);
    }
    let (from, to) = read.range.bounds();
    let rows = sqlx::query(AssertSqlSafe(versions_sql(kind, versions)))
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
pub(super) async fn current_snapshot(conn: &mut PgConnection) -> Result<String> {
    sqlx::query_scalar("SELECT pg_current_snapshot()::text")
        .fetch_one(conn)
        .await
        .map_err(Error::db("cannot read the database's snapshot"))
}

/// The hash of the (id, version) pairs in a page's blocks (None for a kind
/// without versions, or blocks without rows).
pub(super) async fn page_hash(kind: Kind, conn: &mut PgConnection, range: Blocks) -> Result<Option<i64>> {
    let Some(versions) = &kind.describe().versions else {
        return Ok(None);
    };
    let (from, to) = range.bounds();
    sqlx::query_scalar(AssertSqlSafe(hash_sql(kind, versions)))
        .bind(from)
        .bind(to)
        .fetch_one(&mut *conn)
        .await
        .map_err(Error::db(format!("cannot hash {} versions", kind.name())))
}

/// `SELECT id, fingerprint` of every row of `kind` in the blocks $1 to $2.
pub(super) fn versions_sql(kind: Kind, versions: &Versions) -> String {
    format!(
        "SELECT {}::text, {} FROM {} WHERE {IN_BLOCKS} {}",
        versions.id,
        versions.fingerprint,
        kind.describe().table,
        versions.filter
    )
}

/// `SELECT` the XOR of the hashes of every row of `kind` in the blocks $1 to $2.
pub(super) fn hash_sql(kind: Kind, versions: &Versions) -> String {
    let hash = versions
        .hash
        .replace("{fingerprint}", versions.fingerprint)
        .replace("{id}", versions.id);
    format!(
        "SELECT bit_xor({hash}) FROM {} WHERE {IN_BLOCKS} {}",
        kind.describe().table,
        versions.filter
    )
}

/// The rows of a page: the blocks $1 to $2 (`tid`s).
pub(super) const IN_BLOCKS: &str = "ctid >= $1::text::tid AND ctid < $2::text::tid";
