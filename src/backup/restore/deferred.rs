//! What a restore drops before loading and rebuilds after: primary keys,
//! unique and exclusion constraints, indexes and foreign keys (with their
//! comments), and the user triggers it disables meanwhile. Definitions come
//! from the staging database's own catalog (`pg_get_constraintdef`,
//! `pg_get_indexdef`) after the migrations ran, so what is rebuilt is
//! exactly what the migrations made.
//!
//! A primary key or unique constraint is rebuilt as its index first
//! (`CREATE UNIQUE INDEX`), then made a constraint again (`ADD CONSTRAINT
//! ... USING INDEX`, which only renames and marks it) once every index is
//! built. `ADD CONSTRAINT ... PRIMARY KEY` would lock its table against the
//! table's other index builds for as long as it builds, leaving the second
//! worker waiting; `CREATE INDEX` locks never conflict with each other.

use std::collections::BTreeMap;

use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Row};

use super::staging::quote_literal;
use crate::backup::catalog::Table;
use crate::backup::manifest::Manifest;
use crate::db::quote_ident;
use crate::error::{Error, Result};

/// A primary key, unique or exclusion constraint.
struct Key {
    table: String,
    name: String,
    /// As `pg_get_constraintdef` gives it: `PRIMARY KEY (id)`.
    definition: String,
    comment: Option<String>,
    /// For a primary key or unique constraint: its index's `CREATE UNIQUE
    /// INDEX` statement, and the constraint as `ADD CONSTRAINT <name>`
    /// takes it from its index (`UNIQUE USING INDEX "x_key" DEFERRABLE
    /// INITIALLY DEFERRED`). An exclusion constraint has no such form, nor
    /// has a key of a partitioned table or of a partition: they are added
    /// whole.
    index: Option<(String, String)>,
}

impl Key {
    fn comment_statement(&self) -> Option<String> {
        self.comment.as_ref().map(|comment| {
            format!(
                "COMMENT ON CONSTRAINT {} ON {} IS {}",
                quote_ident(&self.name),
                self.table,
                quote_literal(comment)
            )
        })
    }
}

/// What is dropped before the load and rebuilt after it.
pub struct Deferred {
    /// Primary keys, unique and exclusion constraints.
    keys: Vec<Key>,
    /// (table, name, definition) of foreign keys.
    foreign_keys: Vec<(String, String, String)>,
    /// (table, qualified name, CREATE INDEX statement, comment) of the other indexes.
    indexes: Vec<(String, String, String, Option<String>)>,
    /// (table, trigger) of the enabled user triggers.
    triggers: Vec<(String, String)>,
}

impl Deferred {
    pub async fn read(conn: &mut PgConnection, tables: &[Table]) -> Result<Deferred> {
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        let context = "reading the indexes and constraints";
        let constraints = sqlx::query(
            "SELECT con.conrelid::regclass::text, con.conname::text, con.contype::text,
                    pg_get_constraintdef(con.oid), obj_description(con.oid, 'pg_constraint'),
                    pg_get_indexdef(con.conindid), con.condeferrable, con.condeferred,
                    rel.relkind = 'r' AND NOT rel.relispartition
             FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
             WHERE con.conrelid IN (SELECT unnest($1::text[])::regclass) AND con.contype IN ('p', 'u', 'x', 'f')
             ORDER BY con.conrelid::regclass::text, con.conname",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db(context))?;
        let mut deferred = Deferred {
            keys: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            triggers: Vec::new(),
        };
        for row in constraints {
            let (table, name, kind, definition, comment): (String, String, String, String, Option<String>) =
                (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
            let (index_definition, deferrable, deferred_initially, plain_table): (
                Option<String>,
                bool,
                bool,
                bool,
            ) = (row.get(5), row.get(6), row.get(7), row.get(8));
            let kind_using_index = match kind.as_str() {
                "f" => {
                    deferred.foreign_keys.push((table, name, definition));
                    continue;
                }
                // `USING INDEX` is refused on partitioned tables and their
                // partitions: theirs are added whole.
                "p" if plain_table => Some("PRIMARY KEY"),
                "u" if plain_table => Some("UNIQUE"),
                _ => None,
            };
            let index = kind_using_index.zip(index_definition).map(|(kind, index)| {
                let timing = match (deferrable, deferred_initially) {
                    (false, _) => "NOT DEFERRABLE",
                    (true, false) => "DEFERRABLE INITIALLY IMMEDIATE",
                    (true, true) => "DEFERRABLE INITIALLY DEFERRED",
                };
                (
                    index,
                    format!("{kind} USING INDEX {} {timing}", quote_ident(&name)),
                )
            });
            deferred.keys.push(Key {
                table,
                name,
                definition,
                comment,
                index,
            });
        }
        let indexes: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
                    obj_description(i.indexrelid, 'pg_class')
             FROM pg_index i
             WHERE i.indrelid IN (SELECT unnest($1::text[])::regclass)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                               WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
             ORDER BY 1, 2",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db(context))?;
        deferred.indexes = indexes;
        deferred.triggers = sqlx::query_as(
            "SELECT tgrelid::regclass::text, tgname::text FROM pg_trigger
             WHERE tgrelid IN (SELECT unnest($1::text[])::regclass) AND NOT tgisinternal AND tgenabled = 'O'
             ORDER BY 1, 2",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await
        .map_err(Error::db(context))?;
        Ok(deferred)
    }

    /// Empties the tables (of the rows the migrations inserted) and drops
    /// what slows a load, in one transaction.
    pub async fn set_aside(&self, conn: &mut PgConnection, tables: &[Table]) -> Result<()> {
        let mut sql = String::from("BEGIN;\n");
        for (table, trigger) in &self.triggers {
            sql.push_str(&format!(
                "ALTER TABLE {table} DISABLE TRIGGER {};\n",
                quote_ident(trigger)
            ));
        }
        if !tables.is_empty() {
            let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
            sql.push_str(&format!("TRUNCATE {};\n", names.join(", ")));
        }
        for (table, name, _) in &self.foreign_keys {
            sql.push_str(&format!(
                "ALTER TABLE {table} DROP CONSTRAINT {};\n",
                quote_ident(name)
            ));
        }
        for key in &self.keys {
            sql.push_str(&format!(
                "ALTER TABLE {} DROP CONSTRAINT {};\n",
                key.table,
                quote_ident(&key.name)
            ));
        }
        for (_, name, _, _) in &self.indexes {
            sql.push_str(&format!("DROP INDEX {name};\n"));
        }
        sql.push_str("COMMIT;");
        sqlx::raw_sql(AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await
            .map_err(Error::db("preparing the tables for loading"))?;
        Ok(())
    }

    /// The statements building each index (with its comment) and each
    /// exclusion constraint, by table: they may run side by side.
    pub fn build_statements(&self) -> Vec<(&str, Vec<String>)> {
        let mut jobs = Vec::new();
        for key in &self.keys {
            // A key built as its index gets its comment once attached.
            let statements = match &key.index {
                Some((index, _)) => vec![index.clone()],
                None => std::iter::once(format!(
                    "ALTER TABLE {} ADD CONSTRAINT {} {}",
                    key.table,
                    quote_ident(&key.name),
                    key.definition
                ))
                .chain(key.comment_statement())
                .collect(),
            };
            jobs.push((key.table.as_str(), statements));
        }
        for (table, name, definition, comment) in &self.indexes {
            let mut statements = vec![definition.clone()];
            if let Some(comment) = comment {
                statements.push(format!("COMMENT ON INDEX {name} IS {}", quote_literal(comment)));
            }
            jobs.push((table.as_str(), statements));
        }
        jobs
    }

    /// Makes the primary keys' and unique constraints' indexes constraints
    /// again (instant: the index is built and its columns are NOT NULL),
    /// in one transaction, once every index is built.
    pub fn attach_keys(&self) -> String {
        let mut sql = String::from("BEGIN;\n");
        for key in &self.keys {
            if let Some((_, constraint)) = &key.index {
                sql.push_str(&format!(
                    "ALTER TABLE {} ADD CONSTRAINT {} {constraint};\n",
                    key.table,
                    quote_ident(&key.name)
                ));
                if let Some(comment) = key.comment_statement() {
                    sql.push_str(&comment);
                    sql.push_str(";\n");
                }
            }
        }
        sql.push_str("COMMIT;");
        sql
    }

    /// Adds every foreign key without checking it (instant), in one
    /// transaction.
    pub fn add_foreign_keys(&self) -> String {
        let mut sql = String::from("BEGIN;\n");
        for (table, name, definition) in &self.foreign_keys {
            let definition = if definition.ends_with("NOT VALID") {
                definition.clone()
            } else {
                format!("{definition} NOT VALID")
            };
            sql.push_str(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} {definition};\n",
                quote_ident(name)
            ));
        }
        sql.push_str("COMMIT;");
        sql
    }

    /// For each table with foreign keys, the statements validating them in
    /// turn: VALIDATE locks its table against itself, so one job per table
    /// means two workers never wait on each other. A key that was NOT VALID
    /// in the source stays so.
    pub fn validate_foreign_keys(&self) -> BTreeMap<&str, Vec<String>> {
        let mut per_table: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (table, name, definition) in &self.foreign_keys {
            if !definition.ends_with("NOT VALID") {
                per_table.entry(table).or_default().push(format!(
                    "ALTER TABLE {table} VALIDATE CONSTRAINT {}",
                    quote_ident(name)
                ));
            }
        }
        per_table
    }

    /// Enables the triggers again and sets the sequences.
    pub fn finish(&self, manifest: &Manifest) -> String {
        let mut sql = String::from("BEGIN;\n");
        for (table, trigger) in &self.triggers {
            sql.push_str(&format!(
                "ALTER TABLE {table} ENABLE TRIGGER {};\n",
                quote_ident(trigger)
            ));
        }
        for sequence in &manifest.sequences {
            sql.push_str(&format!(
                "SELECT setval({}, {}, {});\n",
                quote_literal(&sequence.name),
                sequence.last_value,
                sequence.is_called
            ));
        }
        sql.push_str("COMMIT;");
        sql
    }
}
