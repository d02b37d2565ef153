//! Writing a loaded seed set, in one transaction: all of it or nothing.
//!
//! The walk goes by dependency, across all files: users, then organizations
//! (with their repositories and activities), then platform-wide integration
//! settings, then workspaces and everything in them. A reference resolves to a
//! record of the seed files first, then to a row already in the database.
//!
//! Every row is found by its natural key and written only when it differs from
//! the file (see `record.rs`), so a second run changes nothing. Secrets are
//! compared in plain text: a password that still verifies against the stored
//! hash, or credentials that open to the same value, are left as they are.

mod accounts;
mod organizations;
mod workspaces;

use std::collections::HashMap;

use serde_saphyr::Location;
use sha2::{Digest, Sha256};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::crypto::Keyring;
use crate::error::{Error, ErrorKind, Result};
use crate::repo::new_id;
use crate::seed::document::Key;
use crate::seed::load::{SeedError, SeedFile};
use crate::seed::record::{Outcome, Record, Value};

/// Rows created, updated and left unchanged, for one kind of entity.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EntityCounts {
    pub entity: &'static str,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SeedReport {
    pub files: Vec<String>,
    /// `disk` or `built-in`.
    pub source: &'static str,
    pub dry_run: bool,
    /// Whether anything was (or, in a dry run, would be) created or updated.
    pub changed: bool,
    pub entities: Vec<EntityCounts>,
}

/// Key of the transaction-scoped advisory lock that serialises seed runs (two
/// runs at once would otherwise race on the same natural keys).
const SEED_LOCK_KEY: i64 = 0x706c_6174_7365_6564; // "platseed"

/// Applies `files` in one transaction; a dry run rolls it back, so it reports
/// exactly what a real run would do.
pub async fn apply(
    conn: &mut PgConnection,
    files: &[SeedFile],
    keyring: Option<&Keyring>,
    dry_run: bool,
) -> Result<Vec<EntityCounts>> {
    let mut tx = conn
        .begin()
        .await
        .map_err(Error::db("cannot start the seed transaction"))?;
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", SEED_LOCK_KEY)
        .execute(&mut *tx)
        .await
        .map_err(Error::db("cannot take the seed lock"))?;
    let mut seeder = Seeder {
        conn: &mut tx,
        keyring,
        now: OffsetDateTime::now_utc(),
        counts: Vec::new(),
        users: HashMap::new(),
        organizations: HashMap::new(),
        defined: HashMap::new(),
    };
    for file in files {
        for (i, user) in file.document.users.iter().enumerate() {
            seeder
                .user(&Place::new(&file.name, "users", i, user.referenced), &user.value)
                .await?;
        }
    }
    for file in files {
        for (i, org) in file.document.organizations.iter().enumerate() {
            seeder
                .organization(
                    &Place::new(&file.name, "organizations", i, org.referenced),
                    &org.value,
                )
                .await?;
        }
    }
    for file in files {
        for (i, config) in file.document.integrations.iter().enumerate() {
            let place = Place::new(&file.name, "integrations", i, config.referenced);
            seeder.integration_config(&place, None, &config.value).await?;
        }
    }
    for file in files {
        for (i, workspace) in file.document.workspaces.iter().enumerate() {
            seeder
                .workspace(
                    &Place::new(&file.name, "workspaces", i, workspace.referenced),
                    &workspace.value,
                )
                .await?;
        }
    }
    let counts = seeder.counts;
    if dry_run {
        tx.rollback()
            .await
            .map_err(Error::db("cannot roll back the dry run"))?;
    } else {
        tx.commit()
            .await
            .map_err(Error::db("cannot commit the seed transaction"))?;
    }
    Ok(counts)
}

/// Where a record is: its file, its path (`workspaces[2].members[0]`) and
/// its line and column.
#[derive(Clone)]
struct Place<'a> {
    file: &'a str,
    path: String,
    location: Location,
}

impl<'a> Place<'a> {
    fn new(file: &'a str, list: &str, index: usize, location: Location) -> Place<'a> {
        Place {
            file,
            path: format!("{list}[{index}]"),
            location,
        }
    }

    /// A record inside this one.
    fn child(&self, list: &str, index: usize, location: Location) -> Place<'a> {
        Place {
            file: self.file,
            path: format!("{}.{list}[{index}]", self.path),
            location,
        }
    }

    /// A field of this record, at the field's own location.
    fn field(&self, name: &str, location: Location) -> Place<'a> {
        Place {
            file: self.file,
            path: format!("{}.{name}", self.path),
            location,
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        SeedError::at(self.file, self.location, self.path.clone(), message)
    }

    /// Puts a bad-input error from the database (a CHECK, a unique key) at
    /// this record; anything else (a lost connection) stays what it is.
    fn wrap(&self, error: Error) -> Error {
        match error.kind() {
            ErrorKind::BadInput => self.error(error.to_string()),
            _ => error,
        }
    }
}

/// The sealed values of one row and the id of the key that sealed them all.
struct SealedRow {
    values: Vec<Option<Vec<u8>>>,
    key_id: Option<String>,
}

impl SealedRow {
    fn empty(columns: usize) -> SealedRow {
        SealedRow {
            values: vec![None; columns],
            key_id: None,
        }
    }
}

/// A workspace's agents by name, for the phases, conversations and messages
/// that name them.
struct Agents(HashMap<String, Uuid>);

impl Agents {
    fn resolve(&self, place: &Place<'_>, field: &str, name: Option<&Key>) -> Result<Value> {
        match name {
            None => Ok(Value::Uuid(None)),
            Some(name) => self
                .0
                .get(name.value.trim())
                .map(|id| Value::Uuid(Some(*id)))
                .ok_or_else(|| {
                    place
                        .field(field, name.referenced)
                        .error(format!("no agent '{}' in this workspace", name.value))
                }),
        }
    }
}

/// Where a key was first defined, to report a duplicate.
struct Definition {
    file: String,
    location: Location,
    path: String,
}

struct Seeder<'c, 'k> {
    conn: &'c mut PgConnection,
    keyring: Option<&'k Keyring>,
    /// One timestamp for the run: what "when first seeded" means.
    now: OffsetDateTime,
    counts: Vec<EntityCounts>,
    /// Users of the seed files by lower-case email.
    users: HashMap<String, Uuid>,
    organizations: HashMap<String, Uuid>,
    /// (kind, scope, key) -> first definition, for duplicate keys.
    defined: HashMap<(&'static str, Uuid, String), Definition>,
}

impl Seeder<'_, '_> {
    fn count(&mut self, entity: &'static str, outcome: Outcome) {
        let index = match self.counts.iter().position(|c| c.entity == entity) {
            Some(i) => i,
            None => {
                self.counts.push(EntityCounts {
                    entity,
                    ..Default::default()
                });
                self.counts.len() - 1
            }
        };
        let counts = &mut self.counts[index];
        match outcome {
            Outcome::Created => counts.created += 1,
            Outcome::Updated => counts.updated += 1,
            Outcome::Unchanged => counts.unchanged += 1,
        }
    }

    /// Finds and saves `record`, counting the outcome; returns the row's id.
    async fn save(&mut self, place: &Place<'_>, entity: &'static str, record: Record) -> Result<Uuid> {
        let existing = record.find(self.conn).await.map_err(|e| place.wrap(e))?;
        let id = existing.unwrap_or_else(new_id);
        self.save_found(place, entity, &record, existing, id).await?;
        Ok(id)
    }

    /// Saves a record its caller has already looked up, because the row's id
    /// had to be known before the write (to seal a secret for it, or to keep
    /// a password hash that still verifies); counts the outcome.
    async fn save_found(
        &mut self,
        place: &Place<'_>,
        entity: &'static str,
        record: &Record,
        existing: Option<Uuid>,
        id: Uuid,
    ) -> Result<()> {
        let outcome = record
            .save(self.conn, existing, id)
            .await
            .map_err(|e| place.wrap(e))?;
        self.count(entity, outcome);
        Ok(())
    }

    /// Records `key` of `kind` within `scope`, or fails naming the first
    /// definition.
    fn define(&mut self, place: &Place<'_>, kind: &'static str, scope: Uuid, key: &Key) -> Result<()> {
        let normalized = key.value.trim().to_lowercase();
        if let Some(first) = self.defined.get(&(kind, scope, normalized.clone())) {
            return Err(SeedError::at(
                place.file,
                key.referenced,
                place.path.clone(),
                format!(
                    "duplicate {kind} '{}': already defined at {}:{}:{} ({})",
                    key.value,
                    first.file,
                    first.location.line(),
                    first.location.column(),
                    first.path
                ),
            ));
        }
        self.defined.insert(
            (kind, scope, normalized),
            Definition {
                file: place.file.to_owned(),
                location: key.referenced,
                path: place.path.clone(),
            },
        );
        Ok(())
    }

    /// A user named by email: one of the seed files', or one already stored.
    async fn user_ref(&mut self, place: &Place<'_>, field: &str, email: &Key) -> Result<Uuid> {
        let wanted = email.value.trim().to_lowercase();
        if let Some(id) = self.users.get(&wanted) {
            return Ok(*id);
        }
        let stored = sqlx::query_scalar!(
            "SELECT id FROM users WHERE lower(email) = $1 AND deleted_at IS NULL",
            wanted
        )
        .fetch_optional(&mut *self.conn)
        .await
        .map_err(Error::db("cannot look up a user"))?;
        stored.ok_or_else(|| {
            place
                .field(field, email.referenced)
                .error(format!("no user '{}'", email.value))
        })
    }

    async fn opt_user_ref(&mut self, place: &Place<'_>, field: &str, email: Option<&Key>) -> Result<Value> {
        Ok(Value::Uuid(match email {
            Some(email) => Some(self.user_ref(place, field, email).await?),
            None => None,
        }))
    }
}

/// The serde name of an enum value (`ProductManager` -> `product_manager`),
/// which is also its database spelling.
fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        other => unreachable!("model enums serialize to strings, got {other:?}"),
    }
}

fn timestamp(place: &Place<'_>, field: &str, value: &Key) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(value.value.trim(), &Rfc3339).map_err(|e| {
        place.field(field, value.referenced).error(format!(
            "'{}' is not an RFC 3339 time such as 2026-03-01T09:30:00Z ({e})",
            value.value
        ))
    })
}

/// A stable id for a record that has no natural key of its own (a message is
/// its conversation and position): a UUID version 8 from a SHA-256, so a
/// second run finds the row it wrote the first time.
fn derived_id(kind: &str, parent: Uuid, index: usize) -> Uuid {
    let digest = Sha256::new()
        .chain_update(b"platformctl seed ")
        .chain_update(kind.as_bytes())
        .chain_update(parent.as_bytes())
        .chain_update((index as u64).to_be_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}
