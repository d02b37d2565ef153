//! Changes to workspaces and their members: create, update, delete, add a
//! member or change their role, remove one; each with its audit row and
//! its `workspace.*` event in the same transaction. A member's events
//! belong to the workspace's aggregate, so a consumer sees a workspace's
//! story in one order.

use serde_json::json;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Action, Caller, begin, commit, finish, record};
use crate::error::{Error, Result};
use crate::model::workspace::{Member, MemberRole, NewWorkspace, Workspace, WorkspaceChanges};
use crate::repo;

pub const CREATE: Action = Action::new("workspace.create", "workspace").emits("workspace.created");
pub const UPDATE: Action = Action::new("workspace.update", "workspace").emits("workspace.updated");
pub const DELETE: Action = Action::new("workspace.delete", "workspace").emits("workspace.deleted");
pub const ADD_MEMBER: Action =
    Action::new("workspace.member_add", "workspace").emits("workspace.member_added");
pub const CHANGE_MEMBER_ROLE: Action =
    Action::new("workspace.member_role_change", "workspace").emits("workspace.member_role_changed");
pub const REMOVE_MEMBER: Action =
    Action::new("workspace.member_remove", "workspace").emits("workspace.member_removed");

/// Creates the workspace with its owner as its first member.
pub async fn create(conn: &mut PgConnection, caller: &Caller<'_>, new: &NewWorkspace) -> Result<Workspace> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let workspace = repo::workspaces::create(&mut tx, new).await?;
        let details = json!({
            "slug": workspace.slug,
            "name": workspace.name,
            "owner": workspace.owner_id,
            "organization": workspace.organization_id,
        });
        record(&mut tx, caller, CREATE, workspace.id, details).await?;
        commit(tx).await?;
        Ok(workspace)
    }
    .await;
    finish(conn, caller, CREATE, outcome).await
}

/// Changes a workspace's name, description or repository, at the version
/// the caller read when given.
pub async fn update(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    id: Uuid,
    changes: &WorkspaceChanges,
    expected_version: Option<i64>,
) -> Result<Workspace> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let current = repo::workspaces::get(&mut tx, id).await?;
        let updated =
            repo::workspaces::update(&mut tx, id, expected_version.unwrap_or(current.version), changes)
                .await?;
        let details = json!({
            "name": changes.name,
            "description_changed": changes.description.is_some(),
            "github_repo_url": changes.github_repo_url,
        });
        record(&mut tx, caller, UPDATE, id, details).await?;
        commit(tx).await?;
        Ok(updated)
    }
    .await;
    finish(conn, caller, UPDATE, outcome).await
}

/// Deletes (soft) a workspace, at the version the caller read when given.
pub async fn delete(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    id: Uuid,
    expected_version: Option<i64>,
) -> Result<()> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let current = repo::workspaces::get(&mut tx, id).await?;
        repo::workspaces::soft_delete(&mut tx, id, expected_version.unwrap_or(current.version)).await?;
        record(&mut tx, caller, DELETE, id, json!({ "slug": current.slug })).await?;
        commit(tx).await?;
        Ok(())
    }
    .await;
    finish(conn, caller, DELETE, outcome).await
}

/// Makes `user` a member of the workspace with `role`, or gives a member
/// that role: `workspace.member_added` or `workspace.member_role_changed`.
pub async fn put_member(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    workspace: Uuid,
    user: Uuid,
    role: MemberRole,
    invited_by: Option<Uuid>,
) -> Result<Member> {
    // Which of the two it is is known only inside the transaction; a
    // failure is audited as an addition.
    let mut action = ADD_MEMBER;
    let outcome = async {
        let mut tx = begin(conn).await?;
        let current = repo::workspaces::get(&mut tx, workspace).await?;
        // A workspace has one owner, its `owner_id`, who is its member with
        // that role; neither changes here.
        if role == MemberRole::Owner || user == current.owner_id {
            return Err(Error::InvalidValue {
                entity: "workspace member",
                constraint: None,
                message: "the owner's membership cannot be given or changed: the owner stays the owner"
                    .into(),
            });
        }
        let previous = repo::workspaces::member_role(&mut tx, workspace, user).await?;
        let member = repo::workspaces::put_member(&mut tx, workspace, user, role, invited_by).await?;
        if previous.is_some() {
            action = CHANGE_MEMBER_ROLE;
        }
        let details =
            json!({ "user": user, "role": role, "previous_role": previous, "invited_by": invited_by });
        record(&mut tx, caller, action, workspace, details).await?;
        commit(tx).await?;
        Ok(member)
    }
    .await;
    finish(conn, caller, action, outcome).await
}

/// Removes a member (never the owner: hand the workspace over first).
pub async fn remove_member(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    workspace: Uuid,
    user: Uuid,
) -> Result<()> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let previous = repo::workspaces::member_role(&mut tx, workspace, user).await?;
        repo::workspaces::remove_member(&mut tx, workspace, user).await?;
        record(
            &mut tx,
            caller,
            REMOVE_MEMBER,
            workspace,
            json!({ "user": user, "previous_role": previous }),
        )
        .await?;
        commit(tx).await?;
        Ok(())
    }
    .await;
    finish(conn, caller, REMOVE_MEMBER, outcome).await
}
