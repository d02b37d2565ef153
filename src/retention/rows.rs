//! Deleted rows as JSON, built here from the binary values the server
//! returns, in the shape `row_to_json` gives.
//!
//! Why not `RETURNING row_to_json(t)`: measured on 5M messages, the server
//! spent about 12 µs a row building the JSON, more than twice the delete
//! itself (about 5 µs); it is one backend's single core, where this process
//! has the other. Types we do not decode travel as text (`col::text`) and
//! are written as JSON strings.

use std::io::Write;

use sqlx::postgres::{PgConnection, PgRow};
use sqlx::{Row, ValueRef};
use time::OffsetDateTime;

use crate::db::quote_ident;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy)]
enum Kind {
    Uuid,
    Text,
    Int4,
    Int8,
    Bool,
    Timestamptz,
    Jsonb,
    Bytea,
    TextArray,
    /// Sent as text by the server; written as a string.
    AsText,
}

/// A table's columns, and how each is read and written.
#[derive(Debug, Clone)]
pub struct Columns {
    columns: Vec<(String, Kind)>,
}

pub async fn columns(conn: &mut PgConnection, table: &str) -> Result<Columns> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT attname::text, atttypid::regtype::text FROM pg_attribute \
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
    )
    .bind(table)
    .fetch_all(conn)
    .await
    .map_err(Error::db(format!("cannot read the columns of {table}")))?;
    let mut columns = Vec::new();
    for (name, type_name) in rows {
        let kind = match type_name.as_str() {
            "uuid" => Kind::Uuid,
            "text" => Kind::Text,
            "integer" => Kind::Int4,
            "bigint" => Kind::Int8,
            "boolean" => Kind::Bool,
            "timestamp with time zone" => Kind::Timestamptz,
            "jsonb" => Kind::Jsonb,
            "bytea" => Kind::Bytea,
            "text[]" => Kind::TextArray,
            _ => Kind::AsText,
        };
        columns.push((name, kind));
    }
    Ok(Columns { columns })
}

impl Columns {
    /// The `RETURNING` list that reads them from `alias`:
    /// `d."id", d."note"::text, ...`
    pub fn select_list(&self, alias: &str) -> String {
        let list: Vec<String> = self
            .columns
            .iter()
            .map(|(name, kind)| match kind {
                Kind::AsText => format!("{alias}.{}::text", quote_ident(name)),
                _ => format!("{alias}.{}", quote_ident(name)),
            })
            .collect();
        list.join(", ")
    }

    /// Appends the row (its columns from index `first` on) as one JSON object.
    pub fn write_json(&self, row: &PgRow, first: usize, out: &mut Vec<u8>) -> Result<()> {
        out.push(b'{');
        for (i, (name, kind)) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_string(out, name);
            out.push(b':');
            let index = first + i;
            let raw = row.try_get_raw(index).map_err(decode)?;
            if raw.is_null() {
                out.extend_from_slice(b"null");
                continue;
            }
            match kind {
                Kind::Uuid => {
                    let id: uuid::Uuid = row.try_get(index).map_err(decode)?;
                    out.push(b'"');
                    out.extend_from_slice(
                        id.hyphenated()
                            .encode_lower(&mut uuid::Uuid::encode_buffer())
                            .as_bytes(),
                    );
                    out.push(b'"');
                }
                Kind::Text | Kind::AsText => {
                    write_string(out, row.try_get::<&str, _>(index).map_err(decode)?)
                }
                Kind::Int4 => write!(out, "{}", row.try_get::<i32, _>(index).map_err(decode)?).map_err(io)?,
                Kind::Int8 => write!(out, "{}", row.try_get::<i64, _>(index).map_err(decode)?).map_err(io)?,
                Kind::Bool => {
                    let value: bool = row.try_get(index).map_err(decode)?;
                    out.extend_from_slice(if value { b"true" } else { b"false" });
                }
                Kind::Timestamptz => write_timestamp(out, row.try_get(index).map_err(decode)?)?,
                Kind::Jsonb => {
                    // The binary form is a version byte, then the JSON text.
                    let bytes = raw.as_bytes().map_err(decode)?;
                    match bytes.split_first() {
                        Some((1, text)) => out.extend_from_slice(text),
                        _ => return Err(Error::Internal("unknown jsonb binary format version".to_owned())),
                    }
                }
                Kind::Bytea => {
                    let bytes: &[u8] = row.try_get(index).map_err(decode)?;
                    out.extend_from_slice(b"\"\\\\x");
                    for b in bytes {
                        write!(out, "{b:02x}").map_err(io)?;
                    }
                    out.push(b'"');
                }
                Kind::TextArray => {
                    let values: Vec<Option<String>> = row.try_get(index).map_err(decode)?;
                    out.push(b'[');
                    for (j, value) in values.iter().enumerate() {
                        if j > 0 {
                            out.push(b',');
                        }
                        match value {
                            Some(v) => write_string(out, v),
                            None => out.extend_from_slice(b"null"),
                        }
                    }
                    out.push(b']');
                }
            }
        }
        out.push(b'}');
        Ok(())
    }
}

fn write_string(out: &mut Vec<u8>, text: &str) {
    serde_json::to_writer(&mut *out, text).expect("writing to a Vec cannot fail");
}

/// As `row_to_json` writes a timestamptz in a UTC session:
/// `2026-01-02T03:04:05.123456+00:00`, trailing zeros of the fraction dropped.
fn write_timestamp(out: &mut Vec<u8>, at: OffsetDateTime) -> Result<()> {
    let at = at.to_offset(time::UtcOffset::UTC);
    write!(
        out,
        "\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
    .map_err(io)?;
    let micros = at.microsecond();
    if micros > 0 {
        let fraction = format!("{micros:06}");
        write!(out, ".{}", fraction.trim_end_matches('0')).map_err(io)?;
    }
    out.extend_from_slice(b"+00:00\"");
    Ok(())
}

fn decode(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("cannot decode a deleted row: {e}"))
}

fn io(e: std::io::Error) -> Error {
    Error::Internal(e.to_string())
}
