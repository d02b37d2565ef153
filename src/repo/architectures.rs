//! The architectures repository: architectures and the changes proposed to them.
//! A change goes proposed -> approved | rejected, and approved -> applied;
//! applying merges its diff into the architecture's definition in the same
//! statement.

use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Page, PageRequest, classify, new_id};
use crate::error::{Error, Result};
use crate::model::architecture::{Architecture, ArchitectureChange, ChangeStatus};

const ENTITY: &str = "architecture";
const COLUMNS: &str = "id, workspace_id, name, description, status, definition, created_by, created_at, updated_at, \
                       deleted_at, version";

pub async fn create(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    name: &str,
    description: Option<&str>,
    definition: &serde_json::Value,
    created_by: Option<Uuid>,
) -> Result<Architecture> {
    sqlx::query_as!(
        Architecture,
        "INSERT INTO architectures (id, workspace_id, name, description, definition, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, workspace_id, name, description, status, definition, created_by, created_at, updated_at,
                   deleted_at, version",
        new_id(),
        workspace_id,
        name,
        description,
        definition,
        created_by,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// A live architecture.
pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Architecture> {
    sqlx::query_as!(
        Architecture,
        "SELECT id, workspace_id, name, description, status, definition, created_by, created_at, updated_at,
                deleted_at, version
         FROM architectures WHERE id = $1 AND deleted_at IS NULL",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| super::not_found(ENTITY, id))
}

/// Changes name, description and status (draft, active, deprecated), guarded by version.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    name: Option<&str>,
    description: Option<&str>,
    status: Option<&str>,
) -> Result<Architecture> {
    let updated = sqlx::query_as!(
        Architecture,
        "UPDATE architectures SET name = COALESCE($3, name), description = COALESCE($4, description),
                                  status = COALESCE($5, status)
         WHERE id = $1 AND version = $2 AND deleted_at IS NULL
         RETURNING id, workspace_id, name, description, status, definition, created_by, created_at, updated_at,
                   deleted_at, version",
        id,
        expected_version,
        name,
        description,
        status,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match updated {
        Some(a) => Ok(a),
        None => Err(GUARD.missed(conn, id, expected_version).await),
    }
}

pub async fn soft_delete(conn: &mut PgConnection, id: Uuid, expected_version: i64) -> Result<()> {
    let done = sqlx::query!(
        "UPDATE architectures SET deleted_at = now() WHERE id = $1 AND version = $2 AND deleted_at IS NULL",
        id,
        expected_version
    )
    .execute(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    if done.rows_affected() == 0 {
        return Err(GUARD.missed(conn, id, expected_version).await);
    }
    Ok(())
}

/// Brings a deleted architecture back; a conflict when its name was taken meanwhile.
pub async fn restore(conn: &mut PgConnection, id: Uuid) -> Result<Architecture> {
    sqlx::query_as!(
        Architecture,
        "UPDATE architectures SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL
         RETURNING id, workspace_id, name, description, status, definition, created_by, created_at, updated_at,
                   deleted_at, version",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| super::not_found("deleted architecture", id))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArchitectureSort {
    #[default]
    CreatedAt,
    Name,
    UpdatedAt,
}

/// A page of the live architectures of every workspace `user` is a member
/// of, optionally of one status, newest first.
pub async fn list_for_member(
    conn: &mut PgConnection,
    user: Uuid,
    status: Option<&str>,
    page: PageRequest,
) -> Result<Page<Architecture>> {
    LISTING
        .page(
            conn,
            |q| {
                q.push(
                    " AND deleted_at IS NULL AND workspace_id IN \
                     (SELECT m.workspace_id FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id \
                      WHERE w.deleted_at IS NULL AND m.user_id = ",
                )
                .push_bind(user)
                .push(")");
                if let Some(status) = status {
                    q.push(" AND status = ").push_bind(status.to_owned());
                }
            },
            &super::order_by("created_at", true),
            page,
        )
        .await
}

/// A page of a workspace's live architectures, optionally of one status.
pub async fn list(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    status: Option<&str>,
    sort: ArchitectureSort,
    descending: bool,
    page: PageRequest,
) -> Result<Page<Architecture>> {
    let order = match sort {
        ArchitectureSort::CreatedAt => "created_at",
        ArchitectureSort::Name => "lower(name)",
        ArchitectureSort::UpdatedAt => "updated_at",
    };
    LISTING
        .page(
            conn,
            |q| {
                q.push(" AND deleted_at IS NULL AND workspace_id = ")
                    .push_bind(workspace_id);
                if let Some(status) = status {
                    q.push(" AND status = ").push_bind(status.to_owned());
                }
            },
            &super::order_by(order, descending),
            page,
        )
        .await
}

pub async fn propose_change(
    conn: &mut PgConnection,
    architecture_id: Uuid,
    title: &str,
    diff: &serde_json::Value,
    author_id: Option<Uuid>,
) -> Result<ArchitectureChange> {
    sqlx::query_as!(
        ArchitectureChange,
        r#"INSERT INTO architecture_changes (id, architecture_id, title, diff, author_id)
           SELECT $1, id, $3, $4, $5 FROM architectures WHERE id = $2 AND deleted_at IS NULL
           RETURNING id, architecture_id, title, status AS "status: ChangeStatus", diff, author_id, reviewed_by,
                     reviewed_at, applied_at, version"#,
        new_id(),
        architecture_id,
        title,
        diff,
        author_id,
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("architecture change", e))?
    .ok_or_else(|| super::not_found(ENTITY, architecture_id))
}

pub async fn get_change(conn: &mut PgConnection, id: Uuid) -> Result<ArchitectureChange> {
    sqlx::query_as!(
        ArchitectureChange,
        r#"SELECT id, architecture_id, title, status AS "status: ChangeStatus", diff, author_id, reviewed_by,
                  reviewed_at, applied_at, version
           FROM architecture_changes WHERE id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("architecture change", e))?
    .ok_or_else(|| super::not_found("architecture change", id))
}

/// Approves or rejects a proposed change.
pub async fn review_change(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    approve: bool,
    reviewer: Option<Uuid>,
) -> Result<ArchitectureChange> {
    let outcome = if approve {
        ChangeStatus::Approved
    } else {
        ChangeStatus::Rejected
    };
    let reviewed = sqlx::query_as!(
        ArchitectureChange,
        r#"UPDATE architecture_changes SET status = $3, reviewed_by = $4, reviewed_at = now()
           WHERE id = $1 AND version = $2 AND status = 'proposed'
           RETURNING id, architecture_id, title, status AS "status: ChangeStatus", diff, author_id, reviewed_by,
                     reviewed_at, applied_at, version"#,
        id,
        expected_version,
        outcome as ChangeStatus,
        reviewer,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("architecture change", e))?;
    match reviewed {
        Some(c) => Ok(c),
        None => Err(refused_transition(conn, id, expected_version, ChangeStatus::Proposed, "reviewed").await),
    }
}

/// Applies an approved change: marks it applied and merges its diff (an
/// object) into the architecture's definition, in one statement.
pub async fn apply_change(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
) -> Result<ArchitectureChange> {
    let applied = sqlx::query_as!(
        ArchitectureChange,
        r#"WITH change AS (
               UPDATE architecture_changes SET status = 'applied', applied_at = now()
               WHERE id = $1 AND version = $2 AND status = 'approved'
               RETURNING *
           ), merged AS (
               UPDATE architectures a SET definition = a.definition || change.diff
               FROM change WHERE a.id = change.architecture_id AND jsonb_typeof(change.diff) = 'object'
           )
           SELECT id AS "id!", architecture_id AS "architecture_id!", title AS "title!",
                  status AS "status!: ChangeStatus", diff AS "diff!", author_id, reviewed_by, reviewed_at,
                  applied_at, version AS "version!"
           FROM change"#,
        id,
        expected_version,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("architecture change", e))?;
    match applied {
        Some(c) => Ok(c),
        None => Err(refused_transition(conn, id, expected_version, ChangeStatus::Approved, "applied").await),
    }
}

/// The changes of an architecture, newest first.
pub async fn changes(conn: &mut PgConnection, architecture_id: Uuid) -> Result<Vec<ArchitectureChange>> {
    sqlx::query_as!(
        ArchitectureChange,
        r#"SELECT id, architecture_id, title, status AS "status: ChangeStatus", diff, author_id, reviewed_by,
                  reviewed_at, applied_at, version
           FROM architecture_changes WHERE architecture_id = $1 ORDER BY created_at DESC, id DESC"#,
        architecture_id
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("architecture change", e))
}

/// Why a status transition matched no row: gone, stale, or in the wrong state.
async fn refused_transition(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    required: ChangeStatus,
    verb: &str,
) -> Error {
    match get_change(conn, id).await {
        Err(e) => e,
        Ok(c) if c.version != expected_version => Error::StaleVersion {
            entity: "architecture change",
            id: id.to_string(),
            expected: expected_version,
        },
        Ok(c) => Error::InvalidValue {
            entity: "architecture change",
            constraint: None,
            message: format!(
                "change {id} is {}; it must be {} to be {verb}",
                format!("{:?}", c.status).to_lowercase(),
                format!("{required:?}").to_lowercase()
            ),
        },
    }
}

const LISTING: super::Listing = super::Listing {
    entity: ENTITY,
    columns: COLUMNS,
    from: "architectures",
};

const GUARD: super::Guarded = super::Guarded {
    entity: ENTITY,
    table: "architectures",
    key: "id",
    soft_delete: true,
};
