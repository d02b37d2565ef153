//! A snapshot of a database's schema, as text, for `migrate verify` to check
//! that a down script puts back exactly what its up script changed.
//!
//! Each object becomes (kind, qualified name, definition), with definitions
//! from PostgreSQL's own `pg_get_*def` functions, so what is compared is what
//! the server would dump, not OIDs that change on every re-creation. Column
//! order is not compared: a column dropped and re-added cannot return to its
//! place without rebuilding the table.

use std::collections::BTreeMap;

use sqlx::postgres::PgConnection;

use super::history::{LOG_TABLE, SQLX_TABLE};
use crate::error::{Error, Result};

/// Our bookkeeping, which up and down scripts do not touch.
const BOOKKEEPING: &[&str] = &[
    SQLX_TABLE,
    "_sqlx_migrations_pkey",
    LOG_TABLE,
    "_platformctl_migration_log_pkey",
    "_platformctl_migration_log_id_seq",
    "_platformctl_migration_log_direction_check",
    "_platformctl_migration_log_outcome_check",
];

const SNAPSHOT_SQL: &str = r#"
WITH ns AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND nspname NOT LIKE 'pg\_temp\_%' AND nspname NOT LIKE 'pg\_toast\_temp\_%'
),
rel AS (
    SELECT c.*, ns.nspname FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE NOT (c.relname = ANY($1))
)
SELECT 'schema', nspname, '' FROM ns
UNION ALL
SELECT 'extension', extname, extversion FROM pg_extension
UNION ALL
SELECT 'relation', nspname || '.' || relname,
       'kind=' || relkind::text || ' persistence=' || relpersistence::text || ' rls=' || relrowsecurity::text
       || coalesce(' partition_key=' || pg_get_partkeydef(oid), '')
       || coalesce(' bound=' || pg_get_expr(relpartbound, oid), '')
       || coalesce(' acl=' || relacl::text, '')
FROM rel WHERE relkind IN ('r', 'p', 'v', 'm', 'f', 'c', 'S')
UNION ALL
SELECT 'column', r.nspname || '.' || r.relname || '.' || a.attname,
       format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
       || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
       || CASE WHEN a.attgenerated <> '' THEN ' generated ' || a.attgenerated::text ELSE '' END
       || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
               THEN ' collate ' || a.attcollation::regcollation::text ELSE '' END
FROM rel r
JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
UNION ALL
SELECT 'constraint', ns.nspname || '.' || coalesce(c.relname, t.typname, '') || '.' || con.conname,
       pg_get_constraintdef(con.oid, true)
FROM pg_constraint con
JOIN ns ON ns.oid = con.connamespace
LEFT JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_type t ON t.oid = con.contypid
WHERE NOT (coalesce(c.relname, '') = ANY($1)) AND NOT (con.conname = ANY($1))
UNION ALL
SELECT 'index', r.nspname || '.' || r.relname,
       pg_get_indexdef(i.indexrelid) || CASE WHEN NOT i.indisvalid THEN ' INVALID' ELSE '' END
FROM pg_index i JOIN rel r ON r.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid
WHERE NOT (tc.relname = ANY($1))
UNION ALL
SELECT 'trigger', r.nspname || '.' || r.relname || '.' || tg.tgname,
       pg_get_triggerdef(tg.oid, true) || ' enabled=' || tg.tgenabled::text
FROM pg_trigger tg JOIN rel r ON r.oid = tg.tgrelid
WHERE NOT tg.tgisinternal
UNION ALL
SELECT 'view', nspname || '.' || relname, pg_get_viewdef(oid, true)
FROM rel WHERE relkind IN ('v', 'm')
UNION ALL
SELECT 'sequence', r.nspname || '.' || r.relname,
       format_type(s.seqtypid, NULL) || ' start ' || s.seqstart::text || ' increment ' || s.seqincrement::text
       || ' min ' || s.seqmin::text || ' max ' || s.seqmax::text || ' cache ' || s.seqcache::text || ' cycle ' || s.seqcycle::text
FROM pg_sequence s JOIN rel r ON r.oid = s.seqrelid
UNION ALL
SELECT 'function', ns.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) ELSE 'kind=' || p.prokind::text END
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
UNION ALL
SELECT 'type', ns.nspname || '.' || t.typname,
       'kind=' || t.typtype::text
       || coalesce(' labels=' || (SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)
                                  FROM pg_enum e WHERE e.enumtypid = t.oid), '')
       || CASE WHEN t.typtype = 'd'
               THEN ' base=' || format_type(t.typbasetype, t.typtypmod)
                    || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END
                    || coalesce(' default ' || t.typdefault, '')
               ELSE '' END
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd', 'r', 'm')
   OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
UNION ALL
SELECT 'policy', schemaname || '.' || tablename || '.' || policyname,
       permissive || ' ' || cmd || ' to ' || array_to_string(roles, ',')
       || ' using ' || coalesce(qual, '') || ' check ' || coalesce(with_check, '')
FROM pg_policies
"#;

/// The schema of one database: (kind, name) -> definition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot(BTreeMap<(String, String), String>);

/// One object that differs between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    pub kind: String,
    pub name: String,
    /// None: the object did not exist before.
    pub before: Option<String>,
    /// None: the object no longer exists.
    pub after: Option<String>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.before, &self.after) {
            (None, Some(_)) => write!(f, "{} {} was left behind", self.kind, self.name),
            (Some(_), None) => write!(f, "{} {} is missing", self.kind, self.name),
            (Some(before), Some(after)) => write!(
                f,
                "{} {} changed: was `{}`, now `{}`",
                self.kind,
                self.name,
                one_line(before),
                one_line(after)
            ),
            (None, None) => write!(f, "{} {}", self.kind, self.name),
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Snapshot {
    pub async fn take(conn: &mut PgConnection) -> Result<Snapshot> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(SNAPSHOT_SQL)
            .bind(BOOKKEEPING)
            .fetch_all(conn)
            .await
            .map_err(Error::db("reading the schema catalog"))?;
        Ok(Snapshot(
            rows.into_iter()
                .map(|(kind, name, definition)| ((kind, name), definition))
                .collect(),
        ))
    }

    /// Objects besides what every new database has (the `public` schema and
    /// `plpgsql`).
    pub fn user_objects(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .keys()
            .filter(|(kind, name)| {
                !((kind == "schema" && name == "public") || (kind == "extension" && name == "plpgsql"))
            })
            .map(|(kind, name)| (kind.as_str(), name.as_str()))
    }

    pub fn diff(&self, after: &Snapshot) -> Vec<Difference> {
        let mut out = Vec::new();
        for (key, before) in &self.0 {
            match after.0.get(key) {
                None => out.push(Difference {
                    kind: key.0.clone(),
                    name: key.1.clone(),
                    before: Some(before.clone()),
                    after: None,
                }),
                Some(now) if now != before => out.push(Difference {
                    kind: key.0.clone(),
                    name: key.1.clone(),
                    before: Some(before.clone()),
                    after: Some(now.clone()),
                }),
                Some(_) => {}
            }
        }
        for (key, now) in &after.0 {
            if !self.0.contains_key(key) {
                out.push(Difference {
                    kind: key.0.clone(),
                    name: key.1.clone(),
                    before: None,
                    after: Some(now.clone()),
                });
            }
        }
        out
    }
}
