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

use std::collections::HashMap;

use serde_saphyr::{Location, Spanned};
use sha2::{Digest, Sha256};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::document::{self as doc, Key};
use super::load::{SeedError, SeedFile};
use super::record::{Outcome, Record, Value, opt_text, text};
use crate::crypto::{ENV_MASTER_KEY, Keyring};
use crate::error::{Error, ErrorKind, Result};
use crate::model::architecture::ChangeStatus;
use crate::repo::new_id;
use crate::secrets::context;

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

    async fn user(&mut self, place: &Place<'_>, user: &doc::User) -> Result<()> {
        let email = user.email.value.trim();
        self.define(place, "user", Uuid::nil(), &user.email)?;
        let record = Record::new("users")
            .key_ci("email", text(email))
            .live("deleted_at IS NULL")
            .set("display_name", text(&user.name))
            .set("role", text(enum_name(&user.role)))
            .set("status", text(enum_name(&user.status)))
            .set("preferences", Value::Json(user.preferences.clone()));
        let existing = record.find(self.conn).await.map_err(|e| place.wrap(e))?;
        // Only a password that no longer verifies is hashed again: a new salt
        // each run would make every run an update.
        let record = match &user.password {
            None => record,
            Some(password) => {
                let stored = match existing {
                    Some(id) => sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", id)
                        .fetch_one(&mut *self.conn)
                        .await
                        .map_err(Error::db("cannot read a password hash"))?,
                    None => None,
                };
                let hash = match stored {
                    Some(stored) if crate::password::verify(password, &stored) => stored,
                    _ => crate::password::hash(password)?,
                };
                record.set("password_hash", text(hash))
            }
        };
        let id = existing.unwrap_or_else(new_id);
        self.save_found(place, "users", &record, existing, id).await?;
        self.users.insert(email.to_lowercase(), id);

        if let Some(profile) = &user.profile {
            let record = Record::without_id("user_profiles")
                .key("user_id", Value::Uuid(Some(id)))
                .set("avatar_url", opt_text(profile.avatar_url.clone()))
                .set("bio", opt_text(profile.bio.clone()))
                .set("job_title", opt_text(profile.job_title.clone()))
                .set("company", opt_text(profile.company.clone()))
                .set("timezone", opt_text(profile.timezone.clone()))
                .set("locale", opt_text(profile.locale.clone()));
            self.save(place, "user profiles", record).await?;
        }
        for (i, role) in user.grants.iter().enumerate() {
            let role_id = sqlx::query_scalar!("SELECT id FROM roles WHERE name = $1", role.value)
                .fetch_optional(&mut *self.conn)
                .await
                .map_err(Error::db("cannot look up a role"))?
                .ok_or_else(|| {
                    place
                        .field(&format!("grants[{i}]"), role.referenced)
                        .error(format!("no role '{}'", role.value))
                })?;
            let record = Record::without_id("user_roles")
                .key("user_id", Value::Uuid(Some(id)))
                .key("role_id", Value::Uuid(Some(role_id)))
                .insert_only("granted_by", text("seed"));
            self.save(place, "role grants", record).await?;
        }
        for (i, identity) in user.identities.iter().enumerate() {
            let place = place.child("identities", i, identity.referenced);
            self.identity(&place, id, &identity.value).await?;
        }
        Ok(())
    }

    async fn identity(&mut self, place: &Place<'_>, user_id: Uuid, identity: &doc::Identity) -> Result<()> {
        let provider = enum_name(&identity.provider);
        self.define(
            place,
            "identity",
            Uuid::nil(),
            &Spanned {
                value: format!("{provider}:{}", identity.provider_user_id.value),
                referenced: identity.provider_user_id.referenced,
                defined: identity.provider_user_id.defined,
            },
        )?;
        let record = Record::new("user_identities")
            .key("provider", text(provider))
            .key("provider_user_id", text(&identity.provider_user_id.value))
            .set("user_id", Value::Uuid(Some(user_id)))
            .set("username", opt_text(identity.username.clone()));
        let existing = record.find(self.conn).await.map_err(|e| place.wrap(e))?;
        let id = existing.unwrap_or_else(new_id);
        let stored = match existing {
            Some(id) => sqlx::query!(
                "SELECT access_token_encrypted, refresh_token_encrypted, token_key_id
                 FROM user_identities WHERE id = $1",
                id
            )
            .fetch_one(&mut *self.conn)
            .await
            .map_err(Error::db("cannot read an identity"))
            .map(|row| SealedRow {
                values: vec![row.access_token_encrypted, row.refresh_token_encrypted],
                key_id: row.token_key_id,
            })?,
            None => SealedRow::empty(2),
        };
        let plain = [
            identity.access_token.as_deref().map(str::as_bytes),
            identity.refresh_token.as_deref().map(str::as_bytes),
        ];
        let contexts = [
            context("user_identities.access_token", id),
            context("user_identities.refresh_token", id),
        ];
        let sealed = self.seal_all(place, &plain, &contexts, stored)?;
        let record = record
            .set("access_token_encrypted", Value::Bytes(sealed.values[0].clone()))
            .set("refresh_token_encrypted", Value::Bytes(sealed.values[1].clone()))
            .set("token_key_id", opt_text(sealed.key_id));
        self.save_found(place, "identities", &record, existing, id)
            .await?;
        Ok(())
    }

    /// Seals the values of one row under the current master key, unless the
    /// stored ones open to the same plain text (then they are kept, bytes and
    /// key id, so the row does not change).
    fn seal_all(
        &self,
        place: &Place<'_>,
        plain: &[Option<&[u8]>],
        contexts: &[String],
        stored: SealedRow,
    ) -> Result<SealedRow> {
        if plain.iter().all(Option::is_none) {
            return Ok(SealedRow::empty(plain.len()));
        }
        let Some(keyring) = self.keyring else {
            return Err(Error::Config {
                setting: ENV_MASTER_KEY,
                message: format!(
                    "{}:{}:{}: {} has secrets to encrypt, and no master key is set; set {ENV_MASTER_KEY} \
                     to the base64 of 32 random bytes (`openssl rand -base64 32`)",
                    place.file,
                    place.location.line(),
                    place.location.column(),
                    place.path
                ),
            });
        };
        if let Some(key_id) = &stored.key_id {
            let same = plain
                .iter()
                .zip(&stored.values)
                .zip(contexts)
                .all(|((plain, stored), ctx)| match (plain, stored) {
                    (None, None) => true,
                    (Some(plain), Some(stored)) => keyring
                        .open(key_id, stored, ctx)
                        .is_ok_and(|opened| opened.as_slice() == *plain),
                    _ => false,
                });
            if same {
                return Ok(stored);
            }
        }
        let mut sealed = Vec::with_capacity(plain.len());
        for (value, ctx) in plain.iter().zip(contexts) {
            sealed.push(value.map(|v| keyring.seal(v, ctx)).transpose()?.map(|s| s.bytes));
        }
        Ok(SealedRow {
            values: sealed,
            key_id: Some(keyring.current_key_id().to_owned()),
        })
    }

    async fn organization(&mut self, place: &Place<'_>, org: &doc::Organization) -> Result<()> {
        self.define(place, "organization", Uuid::nil(), &org.name)?;
        let record = Record::new("organizations")
            .key_ci("name", text(org.name.value.trim()))
            .set("github_id", Value::BigInt(org.github_id))
            .set("description", opt_text(org.description.clone()))
            .set("member_count", Value::Int(Some(org.member_count)));
        let id = self.save(place, "organizations", record).await?;
        self.organizations
            .insert(org.name.value.trim().to_lowercase(), id);
        for (i, repo) in org.repositories.iter().enumerate() {
            let place = place.child("repositories", i, repo.referenced);
            self.repository(&place, id, &repo.value).await?;
        }
        for (i, config) in org.integrations.iter().enumerate() {
            let place = place.child("integrations", i, config.referenced);
            self.integration_config(&place, Some(id), &config.value).await?;
        }
        Ok(())
    }

    async fn repository(&mut self, place: &Place<'_>, org_id: Uuid, repo: &doc::Repository) -> Result<()> {
        self.define(place, "repository", org_id, &repo.name)?;
        let record = Record::new("repositories")
            .key("organization_id", Value::Uuid(Some(org_id)))
            .key_ci("name", text(repo.name.value.trim()))
            .set("github_id", Value::BigInt(repo.github_id))
            .set("description", opt_text(repo.description.clone()))
            .set("language", opt_text(repo.language.clone()))
            .set("stars", Value::Int(Some(repo.stars)))
            .set("forks", Value::Int(Some(repo.forks)))
            .set("open_issues", Value::Int(Some(repo.open_issues)));
        let id = self.save(place, "repositories", record).await?;
        for (i, activity) in repo.activities.iter().enumerate() {
            let place = place.child("activities", i, activity.referenced);
            let activity = &activity.value;
            let user = self.user_ref(&place, "user", &activity.user).await?;
            let at = timestamp(&place, "at", &activity.at)?;
            let record = Record::new("activities")
                .key("user_id", Value::Uuid(Some(user)))
                .key("repository_id", Value::Uuid(Some(id)))
                .key("type", text(&activity.activity_type))
                .key("occurred_at", Value::Time(Some(at)))
                .set("data", Value::Json(activity.data.clone()));
            self.save(&place, "activities", record).await?;
        }
        Ok(())
    }

    async fn integration_config(
        &mut self,
        place: &Place<'_>,
        org_id: Option<Uuid>,
        config: &doc::IntegrationConfig,
    ) -> Result<()> {
        let service = enum_name(&config.service.value);
        let key = Spanned {
            value: service.clone(),
            referenced: config.service.referenced,
            defined: config.service.defined,
        };
        self.define(place, "integration config", org_id.unwrap_or_default(), &key)?;
        let record = Record::new("integration_configs")
            .key("organization_id", Value::Uuid(org_id))
            .key("service", text(service))
            .set("enabled", Value::Bool(config.enabled))
            .set("settings", Value::Json(config.settings.clone()));
        self.save(place, "integration configs", record).await?;
        Ok(())
    }

    async fn workspace(&mut self, place: &Place<'_>, ws: &doc::Workspace) -> Result<()> {
        self.define(place, "workspace", Uuid::nil(), &ws.slug)?;
        let owner = self.user_ref(place, "owner", &ws.owner).await?;
        let organization = match &ws.organization {
            Some(name) => Some(self.organization_ref(place, name).await?),
            None => None,
        };
        let record = Record::new("workspaces")
            .key("slug", text(ws.slug.value.trim()))
            .live("deleted_at IS NULL")
            .set("name", text(&ws.name))
            .set("description", opt_text(ws.description.clone()))
            .set("owner_id", Value::Uuid(Some(owner)))
            .set("organization_id", Value::Uuid(organization))
            .set("github_repo_url", opt_text(ws.github_repo_url.clone()));
        let id = self.save(place, "workspaces", record).await?;

        // As the repository does: the owner is a member with the owner role.
        let owner_member = Record::without_id("workspace_members")
            .key("workspace_id", Value::Uuid(Some(id)))
            .key("user_id", Value::Uuid(Some(owner)))
            .set("role", text("owner"));
        self.save(place, "members", owner_member).await?;
        for (i, member) in ws.members.iter().enumerate() {
            let place = place.child("members", i, member.referenced);
            let member = &member.value;
            let user = self.user_ref(&place, "user", &member.user).await?;
            if user == owner {
                return Err(
                    place.error("the owner is already a member with the owner role; remove this entry")
                );
            }
            self.define(&place, "member", id, &member.user)?;
            let invited_by = self
                .opt_user_ref(&place, "invited_by", member.invited_by.as_ref())
                .await?;
            let record = Record::without_id("workspace_members")
                .key("workspace_id", Value::Uuid(Some(id)))
                .key("user_id", Value::Uuid(Some(user)))
                .set("role", text(&member.role))
                .set("invited_by", invited_by);
            self.save(&place, "members", record).await?;
        }
        if let Some(settings) = &ws.settings {
            let record = Record::without_id("workspace_settings")
                .key("workspace_id", Value::Uuid(Some(id)))
                .set("chat_retention_days", Value::Int(settings.chat_retention_days))
                .set(
                    "artifact_versions_to_keep",
                    Value::Int(settings.artifact_versions_to_keep),
                )
                .set("default_branch", text(&settings.default_branch))
                .set("visibility", text(&settings.visibility));
            self.save(place, "workspace settings", record).await?;
        }
        if let Some(config) = &ws.config {
            let record = Record::without_id("workspace_configs")
                .key("workspace_id", Value::Uuid(Some(id)))
                .set("config", Value::Json(config.clone()));
            self.save(place, "workspace configs", record).await?;
        }
        let mut agents = HashMap::new();
        for (i, agent) in ws.agents.iter().enumerate() {
            let place = place.child("agents", i, agent.referenced);
            let agent = &agent.value;
            self.define(&place, "agent", id, &agent.name)?;
            let record = Record::new("agents")
                .key("workspace_id", Value::Uuid(Some(id)))
                .key("name", text(agent.name.value.trim()))
                .set("kind", text(enum_name(&agent.kind)))
                .set("model", opt_text(agent.model.clone()))
                .set("instructions", opt_text(agent.instructions.clone()))
                .set("config", Value::Json(agent.config.clone()))
                .set("enabled", Value::Bool(agent.enabled));
            let agent_id = self.save(&place, "agents", record).await?;
            agents.insert(agent.name.value.trim().to_owned(), agent_id);
        }
        let agents = Agents(agents);
        for (i, workflow) in ws.workflows.iter().enumerate() {
            let place = place.child("workflows", i, workflow.referenced);
            let workflow = &workflow.value;
            self.define(&place, "workflow", id, &workflow.name)?;
            let created_by = self
                .opt_user_ref(&place, "created_by", workflow.created_by.as_ref())
                .await?;
            let record = Record::new("workflows")
                .key("workspace_id", Value::Uuid(Some(id)))
                .key("name", text(workflow.name.value.trim()))
                .set("description", opt_text(workflow.description.clone()))
                .set("status", text(&workflow.status))
                .set("definition", Value::Json(workflow.definition.clone()))
                .set("created_by", created_by);
            let workflow_id = self.save(&place, "workflows", record).await?;
            for (position, phase) in workflow.phases.iter().enumerate() {
                let place = place.child("phases", position, phase.referenced);
                let phase = &phase.value;
                let record = Record::new("phases")
                    .key("workflow_id", Value::Uuid(Some(workflow_id)))
                    .key("position", Value::Int(Some(position as i32)))
                    .set("name", text(&phase.name))
                    .set("agent_id", agents.resolve(&place, "agent", phase.agent.as_ref())?)
                    .set("status", text(enum_name(&phase.status)));
                self.save(&place, "phases", record).await?;
            }
        }
        for (i, conversation) in ws.conversations.iter().enumerate() {
            let place = place.child("conversations", i, conversation.referenced);
            let agent = agents.resolve(&place, "agent", conversation.value.agent.as_ref())?;
            self.conversation(&place, id, &conversation.value, agent, &agents)
                .await?;
        }
        for (i, artifact) in ws.artifacts.iter().enumerate() {
            let place = place.child("artifacts", i, artifact.referenced);
            self.artifact(&place, id, &artifact.value).await?;
        }
        for (i, connection) in ws.connections.iter().enumerate() {
            let place = place.child("connections", i, connection.referenced);
            self.connection(&place, id, &connection.value).await?;
        }
        for (i, architecture) in ws.architectures.iter().enumerate() {
            let place = place.child("architectures", i, architecture.referenced);
            self.architecture(&place, id, &architecture.value).await?;
        }
        Ok(())
    }

    async fn organization_ref(&mut self, place: &Place<'_>, name: &Key) -> Result<Uuid> {
        let wanted = name.value.trim().to_lowercase();
        if let Some(id) = self.organizations.get(&wanted) {
            return Ok(*id);
        }
        sqlx::query_scalar!("SELECT id FROM organizations WHERE lower(name) = $1", wanted)
            .fetch_optional(&mut *self.conn)
            .await
            .map_err(Error::db("cannot look up an organization"))?
            .ok_or_else(|| {
                place
                    .field("organization", name.referenced)
                    .error(format!("no organization '{}'", name.value))
            })
    }

    async fn conversation(
        &mut self,
        place: &Place<'_>,
        workspace_id: Uuid,
        conversation: &doc::Conversation,
        agent: Value,
        agents: &Agents,
    ) -> Result<()> {
        self.define(place, "conversation", workspace_id, &conversation.title)?;
        let created_by = self
            .opt_user_ref(place, "created_by", conversation.created_by.as_ref())
            .await?;
        // Messages without a time are spaced a millisecond apart from the
        // run's start, so they keep the file's order.
        let mut times = Vec::with_capacity(conversation.messages.len());
        for (i, message) in conversation.messages.iter().enumerate() {
            let place = place.child("messages", i, message.referenced);
            times.push(match &message.value.at {
                Some(at) => (timestamp(&place, "at", at)?, true),
                None => (self.now + time::Duration::milliseconds(i as i64), false),
            });
        }
        let last = times.iter().map(|(t, _)| *t).max();
        let record = Record::new("conversations")
            .key("workspace_id", Value::Uuid(Some(workspace_id)))
            .key("title", text(conversation.title.value.trim()))
            .live("deleted_at IS NULL")
            .set("agent_id", agent)
            .set("created_by", created_by);
        let record = if times.iter().all(|(_, explicit)| *explicit) {
            record.set("last_message_at", Value::Time(last))
        } else {
            record.sticky("last_message_at", Value::Time(last))
        };
        let id = self.save(place, "conversations", record).await?;
        for (i, (message, (at, explicit))) in conversation.messages.iter().zip(times).enumerate() {
            let place = place.child("messages", i, message.referenced);
            let message = &message.value;
            let author = self
                .opt_user_ref(&place, "author", message.author.as_ref())
                .await?;
            let record = Record::without_id("messages")
                .key("id", Value::Uuid(Some(derived_id("message", id, i))))
                .set("conversation_id", Value::Uuid(Some(id)))
                .set("role", text(&message.role))
                .set("author_id", author)
                .set(
                    "agent_id",
                    agents.resolve(&place, "agent", message.agent.as_ref())?,
                )
                .set("content", text(&message.content))
                .set("metadata", Value::Json(message.metadata.clone()))
                .set("token_count", Value::Int(message.token_count));
            let record = if explicit {
                record.set("created_at", Value::Time(Some(at)))
            } else {
                record.insert_only("created_at", Value::Time(Some(at)))
            };
            self.save(&place, "messages", record).await?;
        }
        Ok(())
    }

    async fn artifact(
        &mut self,
        place: &Place<'_>,
        workspace_id: Uuid,
        artifact: &doc::Artifact,
    ) -> Result<()> {
        self.define(place, "artifact", workspace_id, &artifact.path)?;
        let created_by = self
            .opt_user_ref(place, "created_by", artifact.created_by.as_ref())
            .await?;
        let record = Record::new("artifacts")
            .key("workspace_id", Value::Uuid(Some(workspace_id)))
            .key("file_path", text(artifact.path.value.trim()))
            .live("deleted_at IS NULL")
            .set("name", text(&artifact.name))
            .set("type", text(enum_name(&artifact.artifact_type)))
            .set("status", text(&artifact.status))
            .set("created_by", created_by)
            .set(
                "current_version",
                Value::Int(Some(artifact.versions.len() as i32)),
            );
        let id = self.save(place, "artifacts", record).await?;
        for (i, version) in artifact.versions.iter().enumerate() {
            let place = place.child("versions", i, version.referenced);
            let version = &version.value;
            let created_by = self
                .opt_user_ref(&place, "created_by", version.created_by.as_ref())
                .await?;
            let record = Record::new("artifact_versions")
                .key("artifact_id", Value::Uuid(Some(id)))
                .key("version_number", Value::Int(Some(i as i32 + 1)))
                .set("content", text(&version.content))
                .set(
                    "content_sha256",
                    Value::Bytes(Some(Sha256::digest(&version.content).to_vec())),
                )
                .set("size_bytes", Value::BigInt(Some(version.content.len() as i64)))
                .set("commit_sha", opt_text(version.commit_sha.clone()))
                .set("change_summary", opt_text(version.change_summary.clone()))
                .set("created_by", created_by);
            self.save(&place, "artifact versions", record).await?;
        }
        Ok(())
    }

    async fn connection(
        &mut self,
        place: &Place<'_>,
        workspace_id: Uuid,
        connection: &doc::Connection,
    ) -> Result<()> {
        let service = enum_name(&connection.service);
        let key = Spanned {
            value: format!("{service}/{}", connection.name.value.trim()),
            referenced: connection.name.referenced,
            defined: connection.name.defined,
        };
        self.define(place, "connection", workspace_id, &key)?;
        let created_by = self
            .opt_user_ref(place, "created_by", connection.created_by.as_ref())
            .await?;
        let record = Record::new("external_connections")
            .key("workspace_id", Value::Uuid(Some(workspace_id)))
            .key("service", text(&service))
            .key("name", text(connection.name.value.trim()))
            .set("config", Value::Json(connection.config.clone()))
            .set("status", text(&connection.status))
            .set("created_by", created_by);
        let existing = record.find(self.conn).await.map_err(|e| place.wrap(e))?;
        let id = existing.unwrap_or_else(new_id);
        let stored = match existing {
            Some(id) => sqlx::query!(
                "SELECT credentials_encrypted, credentials_key_id FROM external_connections WHERE id = $1",
                id
            )
            .fetch_one(&mut *self.conn)
            .await
            .map_err(Error::db("cannot read a connection"))
            .map(|row| SealedRow {
                values: vec![row.credentials_encrypted],
                key_id: row.credentials_key_id,
            })?,
            None => SealedRow::empty(1),
        };
        let plain = connection
            .credentials
            .as_ref()
            .map(|c| c.to_string().into_bytes());
        let sealed = self.seal_all(
            place,
            &[plain.as_deref()],
            &[context("external_connections.credentials", id)],
            stored,
        )?;
        let record = record
            .set(
                "credentials_encrypted",
                Value::Bytes(sealed.values.into_iter().next().flatten()),
            )
            .set("credentials_key_id", opt_text(sealed.key_id));
        self.save_found(place, "connections", &record, existing, id)
            .await?;
        if connection.attached {
            let link = Record::new("workspace_integrations")
                .key("workspace_id", Value::Uuid(Some(workspace_id)))
                .key("connection_id", Value::Uuid(Some(id)));
            self.save(place, "workspace integrations", link).await?;
        }
        Ok(())
    }

    async fn architecture(
        &mut self,
        place: &Place<'_>,
        workspace_id: Uuid,
        architecture: &doc::Architecture,
    ) -> Result<()> {
        self.define(place, "architecture", workspace_id, &architecture.name)?;
        let created_by = self
            .opt_user_ref(place, "created_by", architecture.created_by.as_ref())
            .await?;
        let record = Record::new("architectures")
            .key("workspace_id", Value::Uuid(Some(workspace_id)))
            .key_ci("name", text(architecture.name.value.trim()))
            .live("deleted_at IS NULL")
            .set("description", opt_text(architecture.description.clone()))
            .set("status", text(&architecture.status))
            .set("definition", Value::Json(architecture.definition.clone()))
            .set("created_by", created_by);
        let id = self.save(place, "architectures", record).await?;
        for (i, change) in architecture.changes.iter().enumerate() {
            let place = place.child("changes", i, change.referenced);
            let change = &change.value;
            self.define(&place, "architecture change", id, &change.title)?;
            let author = self
                .opt_user_ref(&place, "author", change.author.as_ref())
                .await?;
            let reviewer = self
                .opt_user_ref(&place, "reviewed_by", change.reviewed_by.as_ref())
                .await?;
            let reviewed = change.status != ChangeStatus::Proposed;
            let applied = change.status == ChangeStatus::Applied;
            let record = Record::new("architecture_changes")
                .key("architecture_id", Value::Uuid(Some(id)))
                .key("title", text(change.title.value.trim()))
                .set("description", opt_text(change.description.clone()))
                .set("status", text(enum_name(&change.status)))
                .set("diff", Value::Json(change.diff.clone()))
                .set("author_id", author)
                .set("reviewed_by", reviewer)
                .sticky("reviewed_at", Value::Time(reviewed.then_some(self.now)))
                .sticky("applied_at", Value::Time(applied.then_some(self.now)));
            self.save(&place, "architecture changes", record).await?;
        }
        Ok(())
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
