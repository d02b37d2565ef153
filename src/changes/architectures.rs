//! Changes to architectures: create, update, delete, and changes proposed
//! to them, each with its audit row in the same transaction.

use serde_json::json;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Action, Caller, begin, commit, finish, record};
use crate::error::{Error, Result};
use crate::model::architecture::{Architecture, ArchitectureChange};
use crate::repo;

pub const CREATE: Action = Action::new("architecture.create", "architecture").emits("architecture.created");
pub const UPDATE: Action = Action::new("architecture.update", "architecture").emits("architecture.updated");
pub const DELETE: Action = Action::new("architecture.delete", "architecture").emits("architecture.deleted");
pub const PROPOSE: Action =
    Action::new("architecture.change_proposed", "architecture").emits("architecture.change_proposed");

/// An architecture to create in a workspace.
pub struct NewArchitecture {
    pub workspace_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub definition: serde_json::Value,
    pub created_by: Option<Uuid>,
}

/// What may change (None leaves it), at the version the caller read.
#[derive(Debug, Clone, Default)]
pub struct ArchitectureUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    /// draft, active or deprecated.
    pub status: Option<String>,
    pub expected_version: Option<i64>,
}

pub async fn create(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    new: &NewArchitecture,
) -> Result<Architecture> {
    let outcome = async {
        if new.name.trim().is_empty() {
            return Err(Error::InvalidValue {
                entity: "architecture",
                constraint: None,
                message: "the name is empty".into(),
            });
        }
        let mut tx = begin(conn).await?;
        let architecture = repo::architectures::create(
            &mut tx,
            new.workspace_id,
            &new.name,
            new.description.as_deref(),
            &new.definition,
            new.created_by,
        )
        .await?;
        let details = json!({ "workspace": new.workspace_id, "name": architecture.name });
        record(&mut tx, caller, CREATE, architecture.id, details).await?;
        commit(tx).await?;
        Ok(architecture)
    }
    .await;
    finish(conn, caller, CREATE, outcome).await
}

pub async fn update(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    id: Uuid,
    update: &ArchitectureUpdate,
) -> Result<Architecture> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let current = repo::architectures::get(&mut tx, id).await?;
        let updated = repo::architectures::update(
            &mut tx,
            id,
            update.expected_version.unwrap_or(current.version),
            update.name.as_deref(),
            update.description.as_deref(),
            update.status.as_deref(),
        )
        .await?;
        let details = json!({ "name": update.name, "status": update.status, "description_changed": update.description.is_some() });
        record(&mut tx, caller, UPDATE, id, details).await?;
        commit(tx).await?;
        Ok(updated)
    }
    .await;
    finish(conn, caller, UPDATE, outcome).await
}

/// Deletes (soft) an architecture, at the version the caller read when given.
pub async fn delete(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    id: Uuid,
    expected_version: Option<i64>,
) -> Result<()> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let current = repo::architectures::get(&mut tx, id).await?;
        repo::architectures::soft_delete(&mut tx, id, expected_version.unwrap_or(current.version)).await?;
        record(&mut tx, caller, DELETE, id, json!({ "name": current.name })).await?;
        commit(tx).await?;
        Ok(())
    }
    .await;
    finish(conn, caller, DELETE, outcome).await
}

/// Proposes a change (a diff merged into the definition once applied).
pub async fn propose_change(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    architecture: Uuid,
    title: &str,
    diff: &serde_json::Value,
    author: Option<Uuid>,
) -> Result<ArchitectureChange> {
    let outcome = async {
        if title.trim().is_empty() {
            return Err(Error::InvalidValue {
                entity: "architecture change",
                constraint: None,
                message: "the title is empty".into(),
            });
        }
        let mut tx = begin(conn).await?;
        repo::architectures::get(&mut tx, architecture).await?;
        let change = repo::architectures::propose_change(&mut tx, architecture, title, diff, author).await?;
        record(
            &mut tx,
            caller,
            PROPOSE,
            architecture,
            json!({ "change": change.id, "title": title }),
        )
        .await?;
        commit(tx).await?;
        Ok(change)
    }
    .await;
    finish(conn, caller, PROPOSE, outcome).await
}
