//! PostgreSQL's binary COPY format, read from this side: a `COPY ... TO
//! STDOUT (FORMAT binary)` in buffers ([`CopyOut`]), its rows read in place
//! ([`CopyRows`]), and the send format of the field types we decode.
//!
//! Three modules read COPY: the backup (its chunks, which it hashes tuple by
//! tuple), the cache warm (its largest kind) and the retention purge (the
//! rows its deletes return). Through a query, each row became a `PgRow` whose
//! every column was type-checked and decoded through sqlx's generic
//! machinery: in the cluster warm benchmark a quarter of the warm's own CPU,
//! and most of a purge's. Binary, because it unloads about twice as fast as
//! text: no timestamps, uuids or numbers to print and parse.

use sqlx::AssertSqlSafe;
use sqlx::postgres::PgConnection;

/// The start of every binary COPY stream.
pub const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";

/// The size [`CopyOut`] gathers its buffers to (the server sends one message
/// per row).
pub const BUFFER_BYTES: usize = 1 << 20;

/// The data of a `COPY ... TO STDOUT` in buffers of about [`BUFFER_BYTES`].
pub struct CopyOut<'c> {
    stream: futures_core::stream::BoxStream<'c, Result<bytes::Bytes, sqlx::Error>>,
    done: bool,
}

impl<'c> CopyOut<'c> {
    pub async fn start(conn: &'c mut PgConnection, statement: &str) -> Result<CopyOut<'c>, sqlx::Error> {
        Ok(CopyOut {
            stream: conn.copy_out_raw(statement).await?,
            done: false,
        })
    }

    /// A COPY of the rows `query` returns (a SELECT, or an INSERT, UPDATE or
    /// DELETE with RETURNING); run inside a transaction.
    ///
    /// The query is planned by a plain `EXPLAIN` first, so that the locks it
    /// needs are taken there (and kept to the end of the transaction), where
    /// a lock timeout, or any mistake in the query, is an ordinary error. In
    /// the COPY, nothing may fail before its data begins: sqlx 0.9 then
    /// leaves the server's ReadyForQuery unread, and every later statement
    /// on the connection would read the reply meant for the one before it.
    pub async fn returning(conn: &'c mut PgConnection, query: &str) -> Result<CopyOut<'c>, sqlx::Error> {
        sqlx::raw_sql(AssertSqlSafe(format!("EXPLAIN (COSTS OFF) {query}")))
            .execute(&mut *conn)
            .await?;
        CopyOut::start(conn, &format!("COPY ({query}) TO STDOUT (FORMAT binary)")).await
    }

    /// The next buffer; `None` at the end of the data.
    pub async fn next(&mut self) -> Option<Result<Vec<u8>, sqlx::Error>> {
        if self.done {
            return None;
        }
        let mut buffer = Vec::with_capacity(BUFFER_BYTES);
        while buffer.len() < BUFFER_BYTES {
            match std::future::poll_fn(|cx| self.stream.as_mut().poll_next(cx)).await {
                Some(Ok(piece)) => buffer.extend_from_slice(&piece),
                Some(Err(e)) => return Some(Err(e)),
                None => {
                    self.done = true;
                    break;
                }
            }
        }
        (!buffer.is_empty()).then_some(Ok(buffer))
    }
}

/// Runs `statement` and gathers all of its data in `data` (emptied first),
/// for results that are read whole (a page of a warm). The caller keeps
/// `data` for its next statement: a page is megabytes, and a fresh buffer
/// each time cost the kernel's zeroing of its pages again.
pub async fn read_all(
    conn: &mut PgConnection,
    statement: &str,
    data: &mut Vec<u8>,
) -> Result<(), sqlx::Error> {
    data.clear();
    let mut stream = conn.copy_out_raw(statement).await?;
    while let Some(piece) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        data.extend_from_slice(&piece?);
    }
    Ok(())
}

/// The big-endian integers of the format, at `at` in `buf`.
pub fn read_i16(buf: &[u8], at: usize) -> Option<i16> {
    buf.get(at..at + 2).map(|b| i16::from_be_bytes([b[0], b[1]]))
}

pub fn read_i32(buf: &[u8], at: usize) -> Option<i32> {
    buf.get(at..at + 4)
        .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reads the rows of one whole binary COPY stream.
pub struct CopyRows<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> CopyRows<'a> {
    /// Checks the stream's header; the rows follow.
    pub fn new(data: &'a [u8]) -> Result<CopyRows<'a>, String> {
        if !data.starts_with(SIGNATURE) {
            return Err("the data does not start with the binary COPY signature".to_owned());
        }
        let extension = read_i32(data, SIGNATURE.len() + 4).ok_or("the header is cut short")?;
        let at =
            SIGNATURE.len() + 8 + usize::try_from(extension).map_err(|_| "a negative header extension")?;
        if at > data.len() {
            return Err("the header is cut short".to_owned());
        }
        Ok(CopyRows { data, at })
    }

    /// Fills `fields` with the next row's fields (None for NULL), which must
    /// be exactly as many; false at the end-of-data marker.
    pub fn next_row(&mut self, fields: &mut [Option<&'a [u8]>]) -> Result<bool, String> {
        match read_row(self.data, self.at, fields)? {
            Some((at, row)) => {
                self.at = at;
                Ok(row)
            }
            None => Err("the data stops before its end-of-data marker".to_owned()),
        }
    }
}

/// The tuple at `at` into `fields`: the offset after it and whether it was
/// a row (false: the end-of-data marker), or None when `data` stops inside it.
fn read_row<'a>(
    data: &'a [u8],
    mut at: usize,
    fields: &mut [Option<&'a [u8]>],
) -> Result<Option<(usize, bool)>, String> {
    let Some(count) = read_i16(data, at) else {
        return Ok(None);
    };
    at += 2;
    if count == -1 {
        return Ok(Some((at, false)));
    }
    if usize::try_from(count).ok() != Some(fields.len()) {
        return Err(format!("a row has {count} fields, {} expected", fields.len()));
    }
    for field in fields.iter_mut() {
        let Some(len) = read_i32(data, at) else {
            return Ok(None);
        };
        at += 4;
        *field = if len == -1 {
            None
        } else {
            let len = usize::try_from(len).map_err(|_| format!("a field has length {len}"))?;
            let Some(value) = data.get(at..at + len) else {
                return Ok(None);
            };
            at += len;
            Some(value)
        };
    }
    Ok(Some((at, true)))
}

/// The rows of a binary COPY read as it arrives, a piece at a time, so that
/// they are worked on while the server still sends (and, for a DELETE,
/// still deletes) the rest. A row cut between pieces waits for the next.
#[derive(Default)]
pub struct CopyStream {
    pending: Vec<u8>,
    header_read: bool,
    ended: bool,
}

impl CopyStream {
    /// Calls `row` with the fields of each whole row that `piece` completes
    /// (each row must have `width` fields).
    pub fn feed<E>(
        &mut self,
        piece: Vec<u8>,
        width: usize,
        mut row: impl FnMut(&[Option<&[u8]>]) -> Result<(), E>,
    ) -> Result<(), StreamError<E>> {
        if self.pending.is_empty() {
            self.pending = piece;
        } else {
            self.pending.extend_from_slice(&piece);
        }
        let data = &self.pending[..];
        let mut at = 0;
        if !self.header_read {
            if data.len() < SIGNATURE.len() + 8 {
                return Ok(());
            }
            let rows = CopyRows::new(data).map_err(StreamError::Malformed)?;
            at = rows.at;
            self.header_read = true;
        }
        let mut fields = vec![None; width];
        while !self.ended {
            match read_row(data, at, &mut fields).map_err(StreamError::Malformed)? {
                None => break,
                Some((next, is_row)) => {
                    at = next;
                    if is_row {
                        row(&fields).map_err(StreamError::Row)?;
                    } else {
                        self.ended = true;
                    }
                }
            }
        }
        if self.ended && at != data.len() {
            return Err(StreamError::Malformed(
                "data after the end-of-data marker".to_owned(),
            ));
        }
        self.pending.drain(..at);
        Ok(())
    }

    /// Checks that the data ended with its end-of-data marker.
    pub fn finish(self) -> Result<(), String> {
        if self.ended {
            Ok(())
        } else {
            Err("the data stops before its end-of-data marker".to_owned())
        }
    }
}

/// Why [`CopyStream::feed`] stopped: the data, or the caller's `row`.
#[derive(Debug)]
pub enum StreamError<E> {
    Malformed(String),
    Row(E),
}

/// A non-NULL `uuid` field.
pub fn uuid(field: Option<&[u8]>) -> Result<uuid::Uuid, String> {
    field
        .and_then(|b| uuid::Uuid::from_slice(b).ok())
        .ok_or_else(|| "a uuid field is not 16 bytes".to_owned())
}

/// A non-NULL `bigint` field.
pub fn int8(field: Option<&[u8]>) -> Result<i64, String> {
    field
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(i64::from_be_bytes)
        .ok_or_else(|| "a bigint field is not 8 bytes".to_owned())
}

/// A `text` field, None for NULL.
pub fn text(field: Option<&[u8]>) -> Result<Option<&str>, String> {
    field
        .map(|b| std::str::from_utf8(b).map_err(|e| format!("a text field is not UTF-8: {e}")))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(rows: &[&[Option<&[u8]>]]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend_from_slice(&0i32.to_be_bytes());
        out.extend_from_slice(&0i32.to_be_bytes());
        for row in rows {
            out.extend_from_slice(&(row.len() as i16).to_be_bytes());
            for field in *row {
                match field {
                    Some(v) => {
                        out.extend_from_slice(&(v.len() as i32).to_be_bytes());
                        out.extend_from_slice(v);
                    }
                    None => out.extend_from_slice(&(-1i32).to_be_bytes()),
                }
            }
        }
        out.extend_from_slice(&(-1i16).to_be_bytes());
        out
    }

    #[test]
    fn rows_are_read_in_place_with_their_nulls() {
        let data = stream(&[&[Some(b"ab"), None], &[Some(b""), Some(b"xyz")]]);
        let mut rows = CopyRows::new(&data).unwrap();
        let mut fields = [None; 2];
        assert!(rows.next_row(&mut fields).unwrap());
        assert_eq!(fields, [Some(&b"ab"[..]), None]);
        assert!(rows.next_row(&mut fields).unwrap());
        assert_eq!(fields, [Some(&b""[..]), Some(&b"xyz"[..])]);
        assert!(!rows.next_row(&mut fields).unwrap());
    }

    #[test]
    fn a_stream_cut_anywhere_gives_the_same_rows() {
        let data = stream(&[
            &[Some(b"ab"), None],
            &[Some(b""), Some(b"xyz")],
            &[None, Some(b"q")],
        ]);
        let whole = |pieces: &[&[u8]]| {
            let mut copy = CopyStream::default();
            let mut rows = Vec::new();
            for piece in pieces {
                copy.feed::<()>(piece.to_vec(), 2, |fields| {
                    rows.push(fields.iter().map(|f| f.map(<[u8]>::to_vec)).collect::<Vec<_>>());
                    Ok(())
                })
                .unwrap();
            }
            copy.finish().map(|()| rows)
        };
        let expected = whole(&[&data]).unwrap();
        assert_eq!(expected.len(), 3);
        for cut in 1..data.len() {
            assert_eq!(
                whole(&[&data[..cut], &data[cut..]]).unwrap(),
                expected,
                "cut at {cut}"
            );
        }
        assert!(
            whole(&[&data[..data.len() - 2]]).is_err(),
            "no end-of-data marker"
        );
        let mut copy = CopyStream::default();
        let error = copy.feed(data.clone(), 2, |_| Err("refused")).unwrap_err();
        assert!(matches!(error, StreamError::Row("refused")));
    }

    #[test]
    fn damaged_streams_are_errors_not_rows() {
        let data = stream(&[&[Some(b"ab"), None]]);
        assert!(CopyRows::new(b"not copy data").is_err());
        let mut fields = [None; 3];
        assert!(
            CopyRows::new(&data).unwrap().next_row(&mut fields).is_err(),
            "wrong field count"
        );
        let cut = &data[..data.len() - 4];
        let mut fields = [None; 2];
        let mut rows = CopyRows::new(cut).unwrap();
        assert!(rows.next_row(&mut fields).is_err(), "a row cut short");
    }
}
