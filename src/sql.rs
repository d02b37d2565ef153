//! SQL text as the tool reads it: splits a migration file into statements,
//! maps server error positions back to lines of the file, and writes
//! parameters into a statement that cannot bind them (a retention batch's
//! `COPY (DELETE ...)`).
//!
//! We run statements one at a time rather than the whole file as one string
//! (as sqlx does) for two reasons: a failure then names the exact statement,
//! and a `-- no-transaction` file may hold several `CREATE INDEX CONCURRENTLY`
//! statements, which PostgreSQL refuses inside a multi-statement string.
//!
//! The lexer knows what can hide a semicolon: quoted strings (`'..'`, `E'..'`
//! with backslash escapes), quoted identifiers, dollar-quoted bodies, line and
//! nested block comments, and SQL-standard function bodies
//! (`BEGIN ATOMIC ... END`), tracked as psql does.

/// One statement of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement<'a> {
    /// From the statement's first token to its `;` (included, when present).
    pub text: &'a str,
    /// Byte offset of `text` in the file.
    pub offset: usize,
}

/// Splits `sql` into statements; comments and blank space between statements
/// are dropped.
pub fn split(sql: &str) -> Vec<Statement<'_>> {
    let bytes = sql.as_bytes();
    let mut statements = Vec::new();
    let mut start: Option<usize> = None; // first significant byte of the current statement
    let mut words: Vec<String> = Vec::new(); // first words, to recognise CREATE FUNCTION
    let mut body_depth = 0usize; // BEGIN ... END nesting inside a function body
    let mut i = 0;

    while i < bytes.len() {
        let c = bytes[i];
        let prev_is_ident = i > 0 && is_ident_byte(bytes[i - 1]);
        match c {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = find_from(bytes, i, b"\n").map_or(bytes.len(), |p| p + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            _ if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let here = i;
        start.get_or_insert(here);
        match c {
            b';' if body_depth == 0 => {
                let from = start.take().expect("set above");
                if from < i {
                    statements.push(Statement {
                        text: &sql[from..=i],
                        offset: from,
                    });
                }
                words.clear();
                i += 1;
            }
            b'\'' => i = skip_quoted(bytes, i, b'\'', false),
            b'"' => i = skip_quoted(bytes, i, b'"', false),
            b'E' | b'e' if !prev_is_ident && bytes.get(i + 1) == Some(&b'\'') => {
                i = skip_quoted(bytes, i + 1, b'\'', true)
            }
            b'$' if !prev_is_ident => match dollar_tag(bytes, i) {
                Some(tag_end) => {
                    let tag = &bytes[i..=tag_end];
                    i = find_from(bytes, tag_end + 1, tag).map_or(bytes.len(), |p| p + tag.len());
                }
                None => i += 1,
            },
            _ if is_ident_start(c) && !prev_is_ident => {
                let end = (i..bytes.len())
                    .find(|&j| !is_ident_byte(bytes[j]))
                    .unwrap_or(bytes.len());
                let word = sql[i..end].to_ascii_lowercase();
                if in_routine_definition(&words) {
                    match word.as_str() {
                        "begin" | "case" => body_depth += 1,
                        "end" => body_depth = body_depth.saturating_sub(1),
                        _ => {}
                    }
                }
                if words.len() < 4 {
                    words.push(word);
                }
                i = end;
            }
            _ => i += 1,
        }
        if start.is_none() {
            body_depth = 0;
        }
    }
    if let Some(from) = start {
        statements.push(Statement {
            text: sql[from..].trim_end(),
            offset: from,
        });
    }
    statements
}

/// `sql` with each parameter `$n` replaced by `literals[n - 1]`; parameters
/// inside quotes, quoted identifiers, dollar-quoted bodies and comments are
/// left as they are. An `$n` with no literal is an error naming it.
pub fn inline_parameters(sql: &str, literals: &[String]) -> Result<String, String> {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 128);
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        let c = bytes[i];
        let prev_is_ident = i > 0 && is_ident_byte(bytes[i - 1]);
        i = match c {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                find_from(bytes, i, b"\n").map_or(bytes.len(), |p| p + 1)
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => skip_block_comment(bytes, i),
            b'\'' => skip_quoted(bytes, i, b'\'', false),
            b'"' => skip_quoted(bytes, i, b'"', false),
            b'E' | b'e' if !prev_is_ident && bytes.get(i + 1) == Some(&b'\'') => {
                skip_quoted(bytes, i + 1, b'\'', true)
            }
            b'$' if !prev_is_ident => match dollar_tag(bytes, i) {
                Some(tag_end) => {
                    let tag = &bytes[i..=tag_end];
                    find_from(bytes, tag_end + 1, tag).map_or(bytes.len(), |p| p + tag.len())
                }
                None => {
                    let digits = bytes[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    if digits == 0 {
                        i + 1
                    } else {
                        let name = &sql[i..i + 1 + digits];
                        let literal = name[1..]
                            .parse::<usize>()
                            .ok()
                            .and_then(|n| literals.get(n.checked_sub(1)?))
                            .ok_or_else(|| {
                                format!("the statement names parameter {name} of {}", literals.len())
                            })?;
                        out.push_str(&sql[copied..i]);
                        out.push_str(literal);
                        copied = i + 1 + digits;
                        copied
                    }
                }
            },
            _ if is_ident_start(c) => (i..bytes.len())
                .find(|&j| !is_ident_byte(bytes[j]))
                .unwrap_or(bytes.len()),
            _ => i + 1,
        };
    }
    out.push_str(&sql[copied..]);
    Ok(out)
}

/// `CREATE [OR REPLACE] FUNCTION|PROCEDURE`: only there can `BEGIN ATOMIC`
/// open a body that contains semicolons.
fn in_routine_definition(words: &[String]) -> bool {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    matches!(
        w.as_slice(),
        ["create", "function" | "procedure", ..] | ["create", "or", "replace", "function" | "procedure", ..]
    )
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Skips a quoted string or identifier starting at `bytes[open] == quote`;
/// returns the index after the closing quote.
fn skip_quoted(bytes: &[u8], open: usize, quote: u8, backslash_escapes: bool) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if backslash_escapes => i += 2,
            c if c == quote => {
                if bytes.get(i + 1) == Some(&quote) {
                    i += 2; // doubled quote stands for itself
                } else {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_block_comment(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// At `bytes[at] == '$'`: the index of the closing `$` of a dollar-quote tag
/// (`$$` or `$tag$`), or None for a parameter like `$1` or a lone `$`.
fn dollar_tag(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    if bytes.get(i).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    while let Some(&c) = bytes.get(i) {
        if c == b'$' {
            return Some(i);
        }
        if !(c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80) {
            return None;
        }
        i += 1;
    }
    None
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, byte_offset: usize) -> (usize, usize) {
    let before = &text[..byte_offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Byte offset of a 1-based character position (as PostgreSQL reports them).
pub fn char_position_to_byte(text: &str, position: usize) -> usize {
    text.char_indices()
        .nth(position.saturating_sub(1))
        .map_or(text.len(), |(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_inlined_outside_quotes_comments_and_bodies_only() {
        let literals = ["'x'::text".to_owned(), "(2)".to_owned()];
        assert_eq!(
            inline_parameters(
                "SELECT $1, $2 + $1, '$1 it''s', \"col$1\", a$1, E'\\'$1', $$ $1 $$ -- $1\n FROM t /* $2 */ WHERE b = $2",
                &literals
            )
            .unwrap(),
            "SELECT 'x'::text, (2) + 'x'::text, '$1 it''s', \"col$1\", a$1, E'\\'$1', $$ $1 $$ -- $1\n FROM t /* $2 */ WHERE b = (2)"
        );
        assert!(
            inline_parameters("SELECT $3", &literals)
                .unwrap_err()
                .contains("$3")
        );
        assert!(inline_parameters("SELECT $0", &literals).is_err());
    }

    fn texts(sql: &str) -> Vec<&str> {
        split(sql).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let sql = "-- header; not a statement\ncreate table \"a;b\" (x text default 'it''s; fine');\n\
                   /* block /* nested; */ still; */ insert into t values (E'\\'; x');\nselect 1";
        assert_eq!(
            texts(sql),
            [
                "create table \"a;b\" (x text default 'it''s; fine');",
                "insert into t values (E'\\'; x');",
                "select 1"
            ]
        );
    }

    #[test]
    fn dollar_quotes_and_parameters() {
        let sql = "create function f() returns int language plpgsql as $body$ begin return 1; end $body$;\n\
                   do $$ begin perform 1; end $$;\nprepare p as select $1;";
        let t = texts(sql);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(t[0].ends_with("$body$;"));
        assert_eq!(t[2], "prepare p as select $1;");
    }

    #[test]
    fn sql_standard_function_bodies() {
        let sql = "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\n\
                   BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT a;\nEND;\nselect 2;";
        let t = texts(sql);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].ends_with("END;"));
        // BEGIN outside a routine is an ordinary word.
        assert_eq!(texts("begin; select 1; commit;").len(), 3);
    }

    #[test]
    fn identifiers_containing_e_or_dollar_are_not_quotes() {
        assert_eq!(texts("select name'x' from t; select a$b from t;").len(), 2);
        assert_eq!(texts("select 1 -- trailing; comment\n;").len(), 1);
        assert!(texts("  -- only a comment\n").is_empty());
        assert_eq!(texts("select 1;;  ; select 2;"), ["select 1;", "select 2;"]);
    }

    #[test]
    fn offsets_map_back_to_lines() {
        let sql = "select 1;\n\n  select bad_col from t;";
        let s = split(sql);
        assert_eq!(line_col(sql, s[1].offset), (3, 3));
        // PostgreSQL's position 8 within the second statement is "bad_col".
        let byte = s[1].offset + char_position_to_byte(s[1].text, 8);
        assert_eq!(line_col(sql, byte), (3, 10));
        assert_eq!(char_position_to_byte("é;x", 3), 3);
    }
}
