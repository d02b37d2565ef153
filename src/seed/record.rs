//! One seeded row: find it by its natural key, then insert it, update it, or
//! leave it alone when it already holds what the file says.
//!
//! Updating only when `(columns) IS DISTINCT FROM (values)` is what makes a
//! second `seed run` change nothing: no UPDATE runs, so the touch trigger
//! bumps no version and no updated_at.
//!
//! The tables and columns come from `apply.rs`, never from a seed file, so the
//! SQL is built at run time from our own identifiers; every value is bound.

use sqlx::postgres::PgConnection;
use sqlx::{Postgres, QueryBuilder, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::Result;
use crate::repo::classify;

/// A column value, typed so that NULLs bind with the right type.
#[derive(Debug, Clone)]
pub enum Value {
    Text(Option<String>),
    Int(Option<i32>),
    BigInt(Option<i64>),
    Bool(bool),
    Json(serde_json::Value),
    Uuid(Option<Uuid>),
    Time(Option<OffsetDateTime>),
    Bytes(Option<Vec<u8>>),
}

impl Value {
    fn is_null(&self) -> bool {
        matches!(
            self,
            Value::Text(None)
                | Value::Int(None)
                | Value::BigInt(None)
                | Value::Uuid(None)
                | Value::Time(None)
                | Value::Bytes(None)
        )
    }

    fn bind(&self, query: &mut QueryBuilder<Postgres>) {
        match self.clone() {
            Value::Text(v) => query.push_bind(v),
            Value::Int(v) => query.push_bind(v),
            Value::BigInt(v) => query.push_bind(v),
            Value::Bool(v) => query.push_bind(v),
            Value::Json(v) => query.push_bind(v),
            Value::Uuid(v) => query.push_bind(v),
            Value::Time(v) => query.push_bind(v),
            Value::Bytes(v) => query.push_bind(v),
        };
    }
}

pub fn text(value: impl Into<String>) -> Value {
    Value::Text(Some(value.into()))
}

pub fn opt_text(value: Option<impl Into<String>>) -> Value {
    Value::Text(value.map(Into::into))
}

/// How a column takes the file's value on update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The file's value wins; a difference counts as a change.
    Set,
    /// Keeps the stored value once set (a timestamp first written by the
    /// seed, say), but follows the file between NULL and not NULL.
    Sticky,
    /// Written on insert only (a hash whose salt differs every time: the
    /// caller has already decided whether it must change).
    InsertOnly,
}

/// What `save` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

pub struct Record {
    table: &'static str,
    /// Whether the table has an `id uuid` key to return.
    has_id: bool,
    /// (column, value, case-insensitive): what identifies the row.
    key: Vec<(&'static str, Value, bool)>,
    /// A fixed extra condition on the key, e.g. `deleted_at IS NULL`.
    live: Option<&'static str>,
    columns: Vec<(&'static str, Value, Mode)>,
}

impl Record {
    /// A row of a table whose primary key is `id uuid`.
    pub fn new(table: &'static str) -> Record {
        Record {
            table,
            has_id: true,
            key: Vec::new(),
            live: None,
            columns: Vec::new(),
        }
    }

    /// A row of a table keyed by other columns only (memberships, settings).
    pub fn without_id(table: &'static str) -> Record {
        Record {
            has_id: false,
            ..Record::new(table)
        }
    }

    pub fn key(mut self, column: &'static str, value: Value) -> Record {
        self.key.push((column, value, false));
        self
    }

    /// A key compared with `lower()` on both sides (emails, GitHub logins).
    pub fn key_ci(mut self, column: &'static str, value: Value) -> Record {
        self.key.push((column, value, true));
        self
    }

    /// Only rows matching `condition` (e.g. `deleted_at IS NULL`) count.
    pub fn live(mut self, condition: &'static str) -> Record {
        self.live = Some(condition);
        self
    }

    pub fn set(mut self, column: &'static str, value: Value) -> Record {
        self.columns.push((column, value, Mode::Set));
        self
    }

    pub fn sticky(mut self, column: &'static str, value: Value) -> Record {
        self.columns.push((column, value, Mode::Sticky));
        self
    }

    pub fn insert_only(mut self, column: &'static str, value: Value) -> Record {
        self.columns.push((column, value, Mode::InsertOnly));
        self
    }

    /// The id of the existing row, if any (`Uuid::nil()` for tables without id).
    pub async fn find(&self, conn: &mut PgConnection) -> Result<Option<Uuid>> {
        let mut query = QueryBuilder::<Postgres>::new("SELECT ");
        query.push(if self.has_id {
            "id"
        } else {
            "'00000000-0000-0000-0000-000000000000'::uuid"
        });
        query.push(" FROM ").push(self.table).push(" WHERE ");
        self.push_key(&mut query);
        let row = query
            .build()
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| classify(self.table, e))?;
        Ok(row.map(|row| row.get::<Uuid, _>(0)))
    }

    /// Inserts the row with `id` (ignored for tables without id), or updates
    /// the existing row `existing` when it differs.
    pub async fn save(&self, conn: &mut PgConnection, existing: Option<Uuid>, id: Uuid) -> Result<Outcome> {
        match existing {
            None => self.insert(conn, id).await.map(|()| Outcome::Created),
            Some(_) => self.update(conn).await,
        }
    }

    async fn insert(&self, conn: &mut PgConnection, id: Uuid) -> Result<()> {
        let mut query = QueryBuilder::<Postgres>::new("INSERT INTO ");
        query.push(self.table).push(" (");
        let mut names = query.separated(", ");
        if self.has_id {
            names.push("id");
        }
        for (column, ..) in &self.key {
            names.push(*column);
        }
        for (column, ..) in &self.columns {
            names.push(*column);
        }
        query.push(") VALUES (");
        let mut first = true;
        let mut comma = |query: &mut QueryBuilder<Postgres>| {
            if !std::mem::take(&mut first) {
                query.push(", ");
            }
        };
        if self.has_id {
            comma(&mut query);
            query.push_bind(id);
        }
        for value in self
            .key
            .iter()
            .map(|(_, v, _)| v)
            .chain(self.columns.iter().map(|(_, v, _)| v))
        {
            comma(&mut query);
            value.bind(&mut query);
        }
        query.push(")");
        query
            .build()
            .execute(&mut *conn)
            .await
            .map_err(|e| classify(self.table, e))?;
        Ok(())
    }

    async fn update(&self, conn: &mut PgConnection) -> Result<Outcome> {
        let updatable: Vec<_> = self
            .columns
            .iter()
            .filter(|(_, _, mode)| *mode != Mode::InsertOnly)
            .collect();
        if updatable.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        let mut query = QueryBuilder::<Postgres>::new("UPDATE ");
        query.push(self.table).push(" SET ");
        for (i, (column, value, mode)) in updatable.iter().enumerate() {
            if i > 0 {
                query.push(", ");
            }
            query.push(*column).push(" = ");
            match mode {
                Mode::Set | Mode::InsertOnly => value.bind(&mut query),
                Mode::Sticky => {
                    query.push("CASE WHEN ");
                    value.bind(&mut query);
                    query
                        .push(" IS NULL THEN NULL ELSE COALESCE(")
                        .push(*column)
                        .push(", ");
                    value.bind(&mut query);
                    query.push(") END");
                }
            }
        }
        query.push(" WHERE ");
        self.push_key(&mut query);
        query.push(" AND (");
        for (i, (column, value, mode)) in updatable.iter().enumerate() {
            if i > 0 {
                query.push(" OR ");
            }
            match mode {
                Mode::Set | Mode::InsertOnly => {
                    query.push(*column).push(" IS DISTINCT FROM ");
                    value.bind(&mut query);
                }
                Mode::Sticky => {
                    query.push("(").push(*column).push(" IS NULL) <> (");
                    value.bind(&mut query);
                    query.push(" IS NULL)");
                }
            }
        }
        query.push(")");
        let done = query
            .build()
            .execute(&mut *conn)
            .await
            .map_err(|e| classify(self.table, e))?;
        Ok(if done.rows_affected() > 0 {
            Outcome::Updated
        } else {
            Outcome::Unchanged
        })
    }

    fn push_key(&self, query: &mut QueryBuilder<Postgres>) {
        for (i, (column, value, insensitive)) in self.key.iter().enumerate() {
            if i > 0 {
                query.push(" AND ");
            }
            if value.is_null() {
                // `= NULL` matches nothing: a NULL key (a platform-wide
                // setting has no organization) is matched with IS NULL.
                query.push(*column).push(" IS NULL");
            } else if *insensitive {
                query.push("lower(").push(*column).push(") = lower(");
                value.bind(query);
                query.push(")");
            } else {
                query.push(*column).push(" = ");
                value.bind(query);
            }
        }
        if let Some(live) = self.live {
            query.push(" AND ").push(live);
        }
    }
}
