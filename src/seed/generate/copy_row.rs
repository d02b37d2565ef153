//! Rows in PostgreSQL's COPY text format, written straight into a byte
//! buffer: generating tens of millions of rows must not go through
//! `format!` and `time`'s formatter for every field.

use uuid::Uuid;

/// One row being written: fields separated by tabs, NULL as `\N`.
pub struct Row<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Row<'a> {
    pub fn new(buf: &'a mut Vec<u8>) -> Row<'a> {
        Row { buf, first: true }
    }

    fn sep(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.buf.push(b'\t');
        }
    }

    pub fn uuid(&mut self, id: Uuid) -> &mut Self {
        self.sep();
        let mut out = [0u8; 36];
        self.buf
            .extend_from_slice(id.hyphenated().encode_lower(&mut out).as_bytes());
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self.buf.extend_from_slice(b"\\N");
        self
    }

    /// Text, escaped for COPY (backslash, tab, newline, carriage return).
    pub fn text(&mut self, value: &str) -> &mut Self {
        self.sep();
        for &b in value.as_bytes() {
            match b {
                b'\\' => self.buf.extend_from_slice(b"\\\\"),
                b'\t' => self.buf.extend_from_slice(b"\\t"),
                b'\n' => self.buf.extend_from_slice(b"\\n"),
                b'\r' => self.buf.extend_from_slice(b"\\r"),
                _ => self.buf.push(b),
            }
        }
        self
    }

    pub fn opt_text(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.text(v),
            None => self.null(),
        }
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        self.sep();
        let mut digits = [0u8; 20];
        let mut n = value.unsigned_abs();
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if value < 0 {
            self.buf.push(b'-');
        }
        self.buf.extend_from_slice(&digits[i..]);
        self
    }

    /// A timestamptz from microseconds since the Unix epoch, in UTC.
    pub fn timestamp(&mut self, micros: i64) -> &mut Self {
        self.sep();
        write_timestamp(self.buf, micros);
        self
    }

    pub fn opt_timestamp(&mut self, micros: Option<i64>) -> &mut Self {
        match micros {
            Some(m) => self.timestamp(m),
            None => self.null(),
        }
    }

    /// bytea in hex (`\x...`; the backslash itself escaped for COPY).
    pub fn bytes(&mut self, value: &[u8]) -> &mut Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.sep();
        self.buf.extend_from_slice(b"\\\\x");
        for &b in value {
            self.buf.push(HEX[(b >> 4) as usize]);
            self.buf.push(HEX[(b & 15) as usize]);
        }
        self
    }

    pub fn end(&mut self) {
        self.buf.push(b'\n');
    }
}

/// `YYYY-MM-DD HH:MM:SS.ffffff+00`.
fn write_timestamp(buf: &mut Vec<u8>, micros: i64) {
    let secs = micros.div_euclid(1_000_000);
    let frac = micros.rem_euclid(1_000_000);
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let two = |buf: &mut Vec<u8>, v: i64| {
        buf.push(b'0' + (v / 10) as u8);
        buf.push(b'0' + (v % 10) as u8);
    };
    two(buf, y / 100);
    two(buf, y % 100);
    buf.push(b'-');
    two(buf, m);
    buf.push(b'-');
    two(buf, d);
    buf.push(b' ');
    two(buf, of_day / 3600);
    buf.push(b':');
    two(buf, of_day / 60 % 60);
    buf.push(b':');
    two(buf, of_day % 60);
    buf.push(b'.');
    let mut f = [0u8; 6];
    let mut n = frac;
    for slot in f.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
    buf.extend_from_slice(&f);
    buf.extend_from_slice(b"+00");
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_escaped_and_formatted_as_copy_expects() {
        let mut buf = Vec::new();
        Row::new(&mut buf)
            .text("a\tb\\c\nd")
            .null()
            .int(-1234)
            .int(0)
            .bytes(&[0x0f, 0xa0])
            .end();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "a\\tb\\\\c\\nd\t\\N\t-1234\t0\t\\\\x0fa0\n"
        );
    }

    #[test]
    fn timestamps_match_the_time_crate() {
        for micros in [0i64, 951_782_400_123_456, 1_795_000_000_000_001, -86_400_000_000] {
            let mut buf = Vec::new();
            write_timestamp(&mut buf, micros);
            let expected = time::OffsetDateTime::from_unix_timestamp_nanos(micros as i128 * 1000).unwrap();
            let format = time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:6]+00"
            );
            assert_eq!(String::from_utf8(buf).unwrap(), expected.format(&format).unwrap());
        }
    }
}
