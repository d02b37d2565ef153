//! Deleted rows as JSON, built here from the binary values the server
//! returns (in a binary COPY), in the shape `row_to_json` gives.
//!
//! Why not `RETURNING row_to_json(t)`: building the JSON costs the server
//! more than the delete itself, on the one core of its backend, where this
//! process has the other. Types we do not decode travel as text
//! (`col::text`) and are written as JSON strings.

use std::io::Write;

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;

use crate::db::quote_ident;
use crate::error::{Error, Result};
use crate::json;
use crate::pgcopy;

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

    /// How many columns a row of the table has.
    pub fn count(&self) -> usize {
        self.columns.len()
    }

    /// Appends a row, its fields in the binary send format of their types
    /// (as a binary COPY carries them; None for NULL), as one JSON object.
    pub fn write_json(&self, fields: &[Option<&[u8]>], out: &mut Vec<u8>) -> Result<(), String> {
        if fields.len() != self.columns.len() {
            return Err(format!(
                "{} fields for {} columns",
                fields.len(),
                self.columns.len()
            ));
        }
        out.push(b'{');
        for (i, ((name, kind), field)) in self.columns.iter().zip(fields).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json::write_string(out, name);
            out.push(b':');
            match field {
                None => out.extend_from_slice(b"null"),
                Some(value) => write_value(out, *kind, value).map_err(|e| format!("column {name}: {e}"))?,
            }
        }
        out.push(b'}');
        Ok(())
    }
}

/// One non-NULL value, from its type's send format.
fn write_value(out: &mut Vec<u8>, kind: Kind, value: &[u8]) -> Result<(), String> {
    match kind {
        Kind::Uuid => {
            let id = pgcopy::uuid(Some(value))?;
            out.push(b'"');
            out.extend_from_slice(
                id.hyphenated()
                    .encode_lower(&mut uuid::Uuid::encode_buffer())
                    .as_bytes(),
            );
            out.push(b'"');
        }
        Kind::Text | Kind::AsText => json::write_string(out, text(value)?),
        Kind::Int4 => write_number(out, i64::from(i32::from_be_bytes(fixed(value)?))),
        Kind::Int8 => write_number(out, i64::from_be_bytes(fixed(value)?)),
        Kind::Bool => out.extend_from_slice(if fixed::<1>(value)?[0] != 0 {
            b"true"
        } else {
            b"false"
        }),
        Kind::Timestamptz => write_timestamp(out, i64::from_be_bytes(fixed(value)?))?,
        Kind::Jsonb => {
            // A version byte, then the JSON text.
            match value.split_first() {
                Some((1, json)) => out.extend_from_slice(json),
                _ => return Err("unknown jsonb binary format version".to_owned()),
            }
        }
        Kind::Bytea => {
            out.extend_from_slice(b"\"\\\\x");
            for b in value {
                out.extend_from_slice(&HEX[usize::from(*b)]);
            }
            out.push(b'"');
        }
        Kind::TextArray => write_text_array(out, value)?,
    }
    Ok(())
}

/// The lowercase hex of every byte, as bytea's output writes it.
const HEX: [[u8; 2]; 256] = {
    let digits = b"0123456789abcdef";
    let mut table = [[0; 2]; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = [digits[b >> 4], digits[b & 15]];
        b += 1;
    }
    table
};

fn fixed<const N: usize>(value: &[u8]) -> Result<[u8; N], String> {
    <[u8; N]>::try_from(value)
        .map_err(|_| format!("a value of {} bytes where {N} were expected", value.len()))
}

fn text(value: &[u8]) -> Result<&str, String> {
    pgcopy::text(Some(value)).map(|t| t.unwrap_or_default())
}

fn write_number(out: &mut Vec<u8>, n: i64) {
    write!(out, "{n}").expect("writing to a Vec cannot fail");
}

/// A `text[]` as row_to_json writes it: nested JSON arrays, one level per
/// dimension. The send format: the dimension count, a has-NULLs flag, the
/// element type, each dimension's length and lower bound, then the
/// elements as length and bytes (-1 for NULL).
fn write_text_array(out: &mut Vec<u8>, value: &[u8]) -> Result<(), String> {
    let int = |at: usize| pgcopy::read_i32(value, at).ok_or_else(|| "a text[] value is cut short".to_owned());
    let dimensions = usize::try_from(int(0)?).map_err(|_| "a negative dimension count")?;
    if dimensions == 0 {
        out.extend_from_slice(b"[]");
        return Ok(());
    }
    let mut lengths = Vec::with_capacity(dimensions);
    for d in 0..dimensions {
        lengths.push(usize::try_from(int(12 + 8 * d)?).map_err(|_| "a negative dimension length")?);
    }
    let mut at = 12 + 8 * dimensions;
    write_elements(out, value, &lengths, &mut at)?;
    if at != value.len() {
        return Err("a text[] value has bytes after its elements".to_owned());
    }
    Ok(())
}

fn write_elements(out: &mut Vec<u8>, value: &[u8], lengths: &[usize], at: &mut usize) -> Result<(), String> {
    out.push(b'[');
    for i in 0..lengths[0] {
        if i > 0 {
            out.push(b',');
        }
        if lengths.len() > 1 {
            write_elements(out, value, &lengths[1..], at)?;
            continue;
        }
        let len = pgcopy::read_i32(value, *at).ok_or("a text[] value is cut short")?;
        *at += 4;
        if len < 0 {
            out.extend_from_slice(b"null");
            continue;
        }
        let element = value
            .get(*at..*at + len as usize)
            .ok_or("a text[] value is cut short")?;
        *at += len as usize;
        json::write_string(out, text(element)?);
    }
    out.push(b']');
    Ok(())
}

/// As `row_to_json` writes a timestamptz in a UTC session:
/// `"2026-01-02T03:04:05.123456+00:00"`, trailing zeros of the fraction
/// dropped. The send format counts microseconds from 2000-01-01 UTC, with
/// the extremes standing for the infinities.
fn write_timestamp(out: &mut Vec<u8>, micros: i64) -> Result<(), String> {
    match micros {
        i64::MAX => out.extend_from_slice(b"\"infinity\""),
        i64::MIN => out.extend_from_slice(b"\"-infinity\""),
        _ => {
            out.push(b'"');
            write_instant(out, micros)?;
            out.push(b'"');
        }
    }
    Ok(())
}

fn write_instant(out: &mut Vec<u8>, micros: i64) -> Result<(), String> {
    let at = PG_EPOCH
        .checked_add(time::Duration::microseconds(micros))
        .ok_or_else(|| format!("a timestamp out of range ({micros} µs)"))?;
    write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
    .expect("writing to a Vec cannot fail");
    let fraction = at.microsecond();
    if fraction > 0 {
        let digits = format!("{fraction:06}");
        write!(out, ".{}", digits.trim_end_matches('0')).expect("writing to a Vec cannot fail");
    }
    out.extend_from_slice(b"+00:00");
    Ok(())
}

/// `at` as a timestamptz literal, in whole microseconds (truncated, as
/// sqlx binds one), so that a statement given it as text selects what the
/// same statement given it bound does.
pub fn timestamp_literal(at: OffsetDateTime) -> Result<String> {
    let micros = i64::try_from((at - PG_EPOCH).whole_microseconds())
        .map_err(|_| Error::Internal(format!("{at} is out of a timestamp's range")))?;
    let mut out = b"'".to_vec();
    write_instant(&mut out, micros).map_err(Error::Internal)?;
    out.extend_from_slice(b"'::timestamptz");
    Ok(String::from_utf8(out).expect("the instant is ASCII"))
}

const PG_EPOCH: OffsetDateTime = time::macros::datetime!(2000-01-01 0:00 UTC);

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(kinds: &[(&str, Kind)]) -> Columns {
        Columns {
            columns: kinds.iter().map(|(n, k)| (n.to_string(), *k)).collect(),
        }
    }

    fn json(columns: &Columns, fields: &[Option<&[u8]>]) -> serde_json::Value {
        let mut out = Vec::new();
        columns.write_json(fields, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    /// A one-dimensional or two-dimensional `text[]` in its send format.
    fn text_array(dimensions: &[i32], elements: &[Option<&str>]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(dimensions.len() as i32).to_be_bytes());
        out.extend_from_slice(&i32::from(elements.contains(&None)).to_be_bytes());
        out.extend_from_slice(&25i32.to_be_bytes());
        for d in dimensions {
            out.extend_from_slice(&d.to_be_bytes());
            out.extend_from_slice(&1i32.to_be_bytes());
        }
        for e in elements {
            match e {
                Some(t) => {
                    out.extend_from_slice(&(t.len() as i32).to_be_bytes());
                    out.extend_from_slice(t.as_bytes());
                }
                None => out.extend_from_slice(&(-1i32).to_be_bytes()),
            }
        }
        out
    }

    #[test]
    fn every_kind_is_written_as_row_to_json_writes_it() {
        let columns = columns(&[
            ("id", Kind::Uuid),
            ("name", Kind::Text),
            ("n4", Kind::Int4),
            ("n8", Kind::Int8),
            ("flag", Kind::Bool),
            ("at", Kind::Timestamptz),
            ("data", Kind::Jsonb),
            ("raw", Kind::Bytea),
            ("tags", Kind::TextArray),
            ("other", Kind::AsText),
            ("missing", Kind::Text),
        ]);
        let id = uuid::Uuid::parse_str("0192f1a4-7b3c-7d2e-8f00-aabbccddeeff").unwrap();
        // 2026-01-02T03:04:05.1234Z, in microseconds from 2000-01-01.
        let at =
            (time::macros::datetime!(2026-01-02 3:04:05.1234 UTC) - PG_EPOCH).whole_microseconds() as i64;
        let tags = text_array(&[2], &[Some("a\"b"), None]);
        let fields: [Option<&[u8]>; 11] = [
            Some(id.as_bytes()),
            Some("quote \" backslash \\ newline \n tab \t é".as_bytes()),
            Some(&(-7i32).to_be_bytes()),
            Some(&9_007_199_254_740_993i64.to_be_bytes()),
            Some(&[1]),
            Some(&at.to_be_bytes()),
            Some(b"\x01{\"k\": [1, 2]}"),
            Some(&[0x00, 0xab, 0xff]),
            Some(&tags),
            Some(b"(1,2)"),
            None,
        ];
        assert_eq!(
            json(&columns, &fields),
            serde_json::json!({
                "id": "0192f1a4-7b3c-7d2e-8f00-aabbccddeeff",
                "name": "quote \" backslash \\ newline \n tab \t é",
                "n4": -7,
                "n8": 9_007_199_254_740_993i64,
                "flag": true,
                "at": "2026-01-02T03:04:05.1234+00:00",
                "data": {"k": [1, 2]},
                "raw": "\\x00abff",
                "tags": ["a\"b", null],
                "other": "(1,2)",
                "missing": null,
            })
        );
    }

    #[test]
    fn timestamps_keep_their_infinities_and_drop_trailing_zeros() {
        let columns = columns(&[("at", Kind::Timestamptz)]);
        let write = |micros: i64| json(&columns, &[Some(&micros.to_be_bytes())])["at"].clone();
        assert_eq!(write(i64::MAX), "infinity");
        assert_eq!(write(i64::MIN), "-infinity");
        assert_eq!(write(0), "2000-01-01T00:00:00+00:00");
        assert_eq!(write(-1), "1999-12-31T23:59:59.999999+00:00");
        assert_eq!(write(500_000), "2000-01-01T00:00:00.5+00:00");
    }

    #[test]
    fn arrays_nest_by_dimension_and_may_be_empty() {
        let columns = columns(&[("tags", Kind::TextArray)]);
        let empty = text_array(&[], &[]);
        assert_eq!(json(&columns, &[Some(&empty)])["tags"], serde_json::json!([]));
        let square = text_array(&[2, 2], &[Some("a"), Some("b"), None, Some("d")]);
        assert_eq!(
            json(&columns, &[Some(&square)])["tags"],
            serde_json::json!([["a", "b"], [null, "d"]])
        );
        let cut = &square[..square.len() - 1];
        assert!(columns.write_json(&[Some(cut)], &mut Vec::new()).is_err());
    }

    #[test]
    fn damaged_values_are_errors() {
        let columns = columns(&[("n", Kind::Int8), ("j", Kind::Jsonb)]);
        let error = columns
            .write_json(&[Some(&[1, 2, 3]), Some(b"\x01{}")], &mut Vec::new())
            .unwrap_err();
        assert!(error.contains("column n"), "{error}");
        assert!(
            columns.write_json(&[None], &mut Vec::new()).is_err(),
            "a field missing"
        );
        assert!(
            columns
                .write_json(&[None, Some(b"\x02{}")], &mut Vec::new())
                .is_err(),
            "an unknown jsonb version"
        );
    }

    #[test]
    fn a_literal_instant_is_truncated_to_microseconds_as_a_bound_one() {
        assert_eq!(
            timestamp_literal(time::macros::datetime!(2026-12-01 9:15:00.123456789 UTC)).unwrap(),
            "'2026-12-01T09:15:00.123456+00:00'::timestamptz"
        );
        assert_eq!(
            timestamp_literal(time::macros::datetime!(2026-12-01 10:15:00 +01:00)).unwrap(),
            "'2026-12-01T09:15:00+00:00'::timestamptz"
        );
    }
}
