//! Repositories: one module per aggregate, each a set of functions taking
//! `&mut PgConnection`, so that a caller can run several of them in one
//! transaction (`&mut *tx`) or on a pooled connection.
//!
//! Conventions every repository follows:
//! - database errors become typed [`Error`]s ([`classify`]): not found,
//!   conflict (naming the unique constraint), invalid reference, invalid value;
//!   never a raw driver error;
//! - updates are guarded by the row's `version` (bumped by a trigger), and a
//!   lost update is refused with [`Error::StaleVersion`];
//! - lists page by offset ([`PageRequest`] -> [`Page`], at most
//!   [`MAX_PAGE_SIZE`] rows) or by keyset ([`Cursor`] -> [`KeysetPage`]);
//!   sorting is limited to known columns;
//! - queries are checked at compile time (`query!`/`query_as!`, data in
//!   `.sqlx/`), except lists whose filters are dynamic.

pub mod activities;
pub mod architectures;
pub mod artifacts;
pub mod audit;
pub mod conversations;
pub mod integrations;
pub mod organizations;
pub mod sessions;
pub mod tokens;
pub mod users;
pub mod workflows;
pub mod workspaces;

use serde::Serialize;
use sqlx::postgres::PgConnection;
use sqlx::{Postgres, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{Error, Result};

pub const MAX_PAGE_SIZE: u32 = 100;

/// Turns a driver error into a typed error about `entity`.
pub fn classify(entity: &'static str, error: sqlx::Error) -> Error {
    let Some(db) = error.as_database_error() else {
        return Error::Database {
            context: format!("reading or writing {entity}"),
            source: error,
        };
    };
    let constraint = db.constraint().map(str::to_owned);
    let message = db.message().to_owned();
    match db.code().as_deref() {
        Some("23505") => Error::Conflict {
            entity,
            constraint: constraint.unwrap_or_default(),
            message,
        },
        Some("23503") => Error::InvalidReference {
            entity,
            constraint: constraint.unwrap_or_default(),
            message,
        },
        // check_violation, not_null_violation, string_data_right_truncation,
        // invalid_text_representation, numeric_value_out_of_range, invalid JSON
        Some("23514" | "23502" | "22001" | "22P02" | "22003" | "22P05" | "22023") => Error::InvalidValue {
            entity,
            constraint,
            message,
        },
        _ => Error::Database {
            context: format!("reading or writing {entity}"),
            source: error,
        },
    }
}

/// A table whose updates are guarded by its `version` column.
pub(crate) struct Guarded {
    pub entity: &'static str,
    pub table: &'static str,
    /// The key column (`id`, or `workspace_id` for a workspace's 1:1 rows).
    pub key: &'static str,
    /// A row with `deleted_at` set counts as gone.
    pub soft_delete: bool,
}

impl Guarded {
    /// Why a guarded write (`... WHERE key = $1 AND version = $2`) matched no
    /// row: the row is gone (NotFound), or it changed since it was read
    /// (StaleVersion). One existence check, asked only on that path.
    pub async fn missed(&self, conn: &mut PgConnection, id: Uuid, expected: i64) -> Error {
        let live = if self.soft_delete {
            " AND deleted_at IS NULL"
        } else {
            ""
        };
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE {} = $1{live})",
            self.table, self.key
        );
        match sqlx::query_scalar::<_, bool>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_one(conn)
            .await
        {
            Ok(true) => Error::StaleVersion {
                entity: self.entity,
                id: id.to_string(),
                expected,
            },
            Ok(false) => self.not_found(id),
            Err(e) => classify(self.entity, e),
        }
    }

    pub fn not_found(&self, id: Uuid) -> Error {
        not_found(self.entity, id)
    }
}

pub(crate) fn not_found(entity: &'static str, key: impl ToString) -> Error {
    Error::NotFound {
        entity,
        key: key.to_string(),
    }
}

/// A new id: uuid v7, time-ordered, so inserts append at the right edge of
/// the primary key's index.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Offset pagination: 1-based page, at most [`MAX_PAGE_SIZE`] rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    page: u32,
    page_size: u32,
}

impl PageRequest {
    pub fn new(page: u32, page_size: u32) -> Result<PageRequest> {
        if page == 0 {
            return Err(Error::InvalidValue {
                entity: "page",
                constraint: None,
                message: "pages are numbered from 1".to_owned(),
            });
        }
        if page_size == 0 || page_size > MAX_PAGE_SIZE {
            return Err(Error::InvalidValue {
                entity: "page",
                constraint: None,
                message: format!("page_size {page_size} is outside 1 to {MAX_PAGE_SIZE}"),
            });
        }
        Ok(PageRequest { page, page_size })
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.page_size)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.page_size)
    }

    fn meta(&self, total_count: i64) -> PageMeta {
        PageMeta {
            page: self.page,
            page_size: self.page_size,
            total_count,
            total_pages: (total_count + self.limit() - 1) / self.limit(),
        }
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            page: 1,
            page_size: 20,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub meta: PageMeta,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageMeta {
    pub page: u32,
    pub page_size: u32,
    pub total_count: i64,
    pub total_pages: i64,
}

impl<T> Page<T> {
    pub fn new(data: Vec<T>, request: PageRequest, total_count: i64) -> Page<T> {
        Page {
            data,
            meta: request.meta(total_count),
        }
    }
}

/// Keyset pagination position: the (timestamp, id) of the last row seen.
/// Opaque to callers; `to_string`/`parse` carry it through an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: OffsetDateTime,
    pub id: Uuid,
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.at.unix_timestamp_nanos(), self.id.simple())
    }
}

impl std::str::FromStr for Cursor {
    type Err = Error;

    fn from_str(s: &str) -> Result<Cursor> {
        let bad = || Error::InvalidValue {
            entity: "cursor",
            constraint: None,
            message: format!("{s:?} is not a cursor this API returned"),
        };
        let (nanos, id) = s.split_once('.').ok_or_else(bad)?;
        let nanos: i128 = nanos.parse().map_err(|_| bad())?;
        Ok(Cursor {
            at: OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| bad())?,
            id: Uuid::parse_str(id).map_err(|_| bad())?,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct KeysetPage<T> {
    pub data: Vec<T>,
    /// Pass back to get the next rows; None on the last page.
    pub next_cursor: Option<String>,
}

/// The cursor after the last row when the page is full (there may be more).
pub fn next_cursor<T>(rows: &[T], limit: i64, key: impl Fn(&T) -> Cursor) -> Option<String> {
    (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| key(r).to_string()))
        .flatten()
}

/// What an offset-paginated list reads: `SELECT {columns} FROM {from}`.
/// Each repository has one per list, as a constant.
pub(crate) struct Listing {
    pub entity: &'static str,
    pub columns: &'static str,
    pub from: &'static str,
}

impl Listing {
    /// One page, with the WHERE conditions `filter` pushes (each starting with
    /// " AND"; it is called twice, for the count and for the rows) and
    /// `ORDER BY {order_by}`, which must end in a unique key and come from the
    /// repository's own sort enum, never from input.
    pub async fn page<T>(
        &self,
        conn: &mut PgConnection,
        filter: impl Fn(&mut QueryBuilder<Postgres>),
        order_by: &str,
        page: PageRequest,
    ) -> Result<Page<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
    {
        let mut count =
            QueryBuilder::<Postgres>::new(format!("SELECT count(*) FROM {} WHERE true", self.from));
        filter(&mut count);
        let total: i64 = count
            .build_query_scalar()
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| classify(self.entity, e))?;

        let mut rows =
            QueryBuilder::<Postgres>::new(format!("SELECT {} FROM {} WHERE true", self.columns, self.from));
        filter(&mut rows);
        rows.push(format!(" ORDER BY {order_by} LIMIT "));
        rows.push_bind(page.limit())
            .push(" OFFSET ")
            .push_bind(page.offset());
        let data = rows
            .build_query_as::<T>()
            .fetch_all(conn)
            .await
            .map_err(|e| classify(self.entity, e))?;
        Ok(Page::new(data, page, total))
    }
}

/// Filters to live rows unless deleted ones are asked for.
pub(crate) fn push_live(q: &mut QueryBuilder<Postgres>, include_deleted: bool) {
    if !include_deleted {
        q.push(" AND deleted_at IS NULL");
    }
}

/// Filters to rows where any of `columns` contains `search` literally,
/// case-insensitively; an absent or empty search filters nothing.
pub(crate) fn push_search(q: &mut QueryBuilder<Postgres>, columns: &[&str], search: Option<&str>) {
    let Some(search) = search.filter(|s| !s.is_empty()) else {
        return;
    };
    let pattern = like_pattern(search);
    for (i, column) in columns.iter().enumerate() {
        q.push(if i == 0 { " AND (" } else { " OR " });
        q.push(format!("{column} ILIKE ")).push_bind(pattern.clone());
    }
    q.push(")");
}

/// `{column} ASC|DESC, id ASC|DESC`: a sort column with the key as tie-breaker.
pub(crate) fn order_by(column: &str, descending: bool) -> String {
    let direction = if descending { "DESC" } else { "ASC" };
    format!("{column} {direction}, id {direction}")
}

/// `%` and `_` are wildcards in LIKE patterns: a search for "50%" must find
/// the text "50%", not everything starting with "50".
pub fn like_pattern(search: &str) -> String {
    format!("%{}%", like_escape(search))
}

/// Escapes LIKE's wildcards (and its escape character) in a literal.
pub fn like_escape(literal: &str) -> String {
    literal
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_requests_are_bounded() {
        assert!(PageRequest::new(0, 10).is_err());
        assert!(PageRequest::new(1, 0).is_err());
        assert!(
            PageRequest::new(1, 101)
                .unwrap_err()
                .to_string()
                .contains("1 to 100")
        );
        let last = PageRequest::new(3, 10).unwrap();
        assert_eq!((last.offset(), last.limit()), (20, 10));
        assert_eq!(last.meta(21).total_pages, 3);
        assert_eq!(last.meta(0).total_pages, 0);
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor {
            at: OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_456_000).unwrap(),
            id: new_id(),
        };
        assert_eq!(c.to_string().parse::<Cursor>().unwrap(), c);
        assert!("x.y".parse::<Cursor>().is_err());
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
