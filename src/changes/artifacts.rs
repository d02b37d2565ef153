//! Changes to artifacts: create, save a new version, delete; each with its
//! audit row and its `artifact.*` event in the same transaction. A
//! version's event says what was saved (number, size, digest), never the
//! content, which consumers read from the API.

use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Action, Caller, begin, commit, finish, record};
use crate::error::Result;
use crate::model::artifact::{Artifact, ArtifactVersion, NewArtifact};
use crate::repo;

pub const CREATE: Action = Action::new("artifact.create", "artifact").emits("artifact.created");
pub const ADD_VERSION: Action =
    Action::new("artifact.version_add", "artifact").emits("artifact.version_added");
pub const DELETE: Action = Action::new("artifact.delete", "artifact").emits("artifact.deleted");

pub async fn create(conn: &mut PgConnection, caller: &Caller<'_>, new: &NewArtifact) -> Result<Artifact> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        repo::workspaces::get(&mut tx, new.workspace_id).await?;
        let artifact = repo::artifacts::create(&mut tx, new).await?;
        let details = json!({
            "workspace": artifact.workspace_id,
            "name": artifact.name,
            "type": artifact.artifact_type,
            "file_path": artifact.file_path,
        });
        record(&mut tx, caller, CREATE, artifact.id, details).await?;
        commit(tx).await?;
        Ok(artifact)
    }
    .await;
    finish(conn, caller, CREATE, outcome).await
}

/// Saves `content` as the artifact's next version and makes it current, at
/// the artifact version the caller read when given.
pub async fn add_version(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    artifact: Uuid,
    content: &str,
    change_summary: Option<&str>,
    expected_version: Option<i64>,
    created_by: Option<Uuid>,
) -> Result<ArtifactVersion> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let current = repo::artifacts::get(&mut tx, artifact).await?;
        let added = repo::artifacts::add_version(
            &mut tx,
            artifact,
            expected_version.unwrap_or(current.version),
            content,
            change_summary,
            created_by,
        )
        .await?;
        let details = json!({
            "workspace": current.workspace_id,
            "version_number": added.version_number,
            "size_bytes": content.len(),
            "sha256": crate::hex::encode(&Sha256::digest(content.as_bytes())),
            "change_summary": change_summary,
        });
        record(&mut tx, caller, ADD_VERSION, artifact, details).await?;
        commit(tx).await?;
        Ok(added)
    }
    .await;
    finish(conn, caller, ADD_VERSION, outcome).await
}

/// Deletes (soft) an artifact, at the version the caller read when given.
pub async fn delete(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    id: Uuid,
    expected_version: Option<i64>,
) -> Result<()> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let current = repo::artifacts::get(&mut tx, id).await?;
        repo::artifacts::soft_delete(&mut tx, id, expected_version.unwrap_or(current.version)).await?;
        let details = json!({ "workspace": current.workspace_id, "name": current.name });
        record(&mut tx, caller, DELETE, id, details).await?;
        commit(tx).await?;
        Ok(())
    }
    .await;
    finish(conn, caller, DELETE, outcome).await
}
