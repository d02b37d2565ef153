//! The workspaces repository: workspaces, their members and their settings.

use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Cursor, KeysetPage, classify, new_id};
use crate::error::{Error, Result};
use crate::model::workspace::{
    Member, MemberRole, NewWorkspace, Workspace, WorkspaceChanges, WorkspaceSettings,
};

const ENTITY: &str = "workspace";

/// Creates the workspace, its owner's membership, and its default settings
/// and config, in one statement (so, atomically, without a transaction).
pub async fn create(conn: &mut PgConnection, new: &NewWorkspace) -> Result<Workspace> {
    sqlx::query_as!(
        Workspace,
        r#"WITH w AS (
               INSERT INTO workspaces (id, slug, name, description, owner_id, organization_id, github_repo_url)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               RETURNING *
           ), owner AS (
               INSERT INTO workspace_members (workspace_id, user_id, role) SELECT id, owner_id, 'owner' FROM w
           ), settings AS (
               INSERT INTO workspace_settings (workspace_id) SELECT id FROM w
           ), config AS (
               INSERT INTO workspace_configs (workspace_id) SELECT id FROM w
           )
           SELECT id AS "id!", slug AS "slug!", name AS "name!", description, owner_id AS "owner_id!",
                  organization_id, github_repo_url, created_at AS "created_at!", updated_at AS "updated_at!",
                  deleted_at, version AS "version!"
           FROM w"#,
        new_id(),
        new.slug,
        new.name,
        new.description,
        new.owner_id,
        new.organization_id,
        new.github_repo_url,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// A live workspace.
pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Workspace> {
    sqlx::query_as!(
        Workspace,
        "SELECT id, slug, name, description, owner_id, organization_id, github_repo_url,
                created_at, updated_at, deleted_at, version
         FROM workspaces WHERE id = $1 AND deleted_at IS NULL",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| GUARD.not_found(id))
}

/// The live workspace `id` and the role `user` has in it (an admin's is
/// `Owner`), in one round trip; None when it is gone or `user` is not a
/// member.
pub async fn get_as(
    conn: &mut PgConnection,
    id: Uuid,
    user: Uuid,
    admin: bool,
) -> Result<Option<(Workspace, MemberRole)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        workspace: Workspace,
        member_role: Option<MemberRole>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT w.id, w.slug, w.name, w.description, w.owner_id, w.organization_id, w.github_repo_url,
                w.created_at, w.updated_at, w.deleted_at, w.version,
                CASE WHEN $3 THEN 'owner' ELSE m.role END AS member_role
         FROM workspaces w
         LEFT JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = $2
         WHERE w.id = $1 AND w.deleted_at IS NULL",
    )
    .bind(id)
    .bind(user)
    .bind(admin)
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    Ok(row.and_then(|r| r.member_role.map(|role| (r.workspace, role))))
}

/// The live workspace with this slug.
pub async fn find_by_slug(conn: &mut PgConnection, slug: &str) -> Result<Option<Workspace>> {
    sqlx::query_as!(
        Workspace,
        "SELECT id, slug, name, description, owner_id, organization_id, github_repo_url,
                created_at, updated_at, deleted_at, version
         FROM workspaces WHERE slug = $1 AND deleted_at IS NULL",
        slug
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    changes: &WorkspaceChanges,
) -> Result<Workspace> {
    let updated = sqlx::query_as!(
        Workspace,
        "UPDATE workspaces SET
             name = COALESCE($3, name),
             description = COALESCE($4, description),
             github_repo_url = COALESCE($5, github_repo_url)
         WHERE id = $1 AND version = $2 AND deleted_at IS NULL
         RETURNING id, slug, name, description, owner_id, organization_id, github_repo_url,
                   created_at, updated_at, deleted_at, version",
        id,
        expected_version,
        changes.name,
        changes.description,
        changes.github_repo_url,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match updated {
        Some(w) => Ok(w),
        None => Err(GUARD.missed(conn, id, expected_version).await),
    }
}

pub async fn soft_delete(conn: &mut PgConnection, id: Uuid, expected_version: i64) -> Result<Workspace> {
    let deleted = sqlx::query_as!(
        Workspace,
        "UPDATE workspaces SET deleted_at = now()
         WHERE id = $1 AND version = $2 AND deleted_at IS NULL
         RETURNING id, slug, name, description, owner_id, organization_id, github_repo_url,
                   created_at, updated_at, deleted_at, version",
        id,
        expected_version,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match deleted {
        Some(w) => Ok(w),
        None => Err(GUARD.missed(conn, id, expected_version).await),
    }
}

/// Brings a deleted workspace back; a conflict when its slug was taken meanwhile.
pub async fn restore(conn: &mut PgConnection, id: Uuid) -> Result<Workspace> {
    sqlx::query_as!(
        Workspace,
        "UPDATE workspaces SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL
         RETURNING id, slug, name, description, owner_id, organization_id, github_repo_url,
                   created_at, updated_at, deleted_at, version",
        id,
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| Error::NotFound {
        entity: "deleted workspace",
        key: id.to_string(),
    })
}

/// A user's role in a live workspace; None when they are not a member (or
/// the workspace is deleted).
pub async fn member_role(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    user_id: Uuid,
) -> Result<Option<MemberRole>> {
    sqlx::query_scalar(
        "SELECT m.role FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.workspace_id = $1 AND m.user_id = $2 AND w.deleted_at IS NULL",
    )
    .bind(workspace_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// The live workspaces a user belongs to, newest first, by keyset.
pub async fn list_for_member(
    conn: &mut PgConnection,
    user_id: Uuid,
    before: Option<Cursor>,
    limit: u32,
) -> Result<KeysetPage<Workspace>> {
    let limit = i64::from(limit.clamp(1, super::MAX_PAGE_SIZE));
    let (at, id) = before.map_or((None, None), |c| (Some(c.at), Some(c.id)));
    let data = sqlx::query_as!(
        Workspace,
        "SELECT w.id, w.slug, w.name, w.description, w.owner_id, w.organization_id, w.github_repo_url,
                w.created_at, w.updated_at, w.deleted_at, w.version
         FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id
         WHERE m.user_id = $1 AND w.deleted_at IS NULL
           AND ($2::timestamptz IS NULL OR (w.created_at, w.id) < ($2, $3::uuid))
         ORDER BY w.created_at DESC, w.id DESC
         LIMIT $4",
        user_id,
        at,
        id,
        limit,
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    let next_cursor = super::next_cursor(&data, limit, |w| Cursor {
        at: w.created_at,
        id: w.id,
    });
    Ok(KeysetPage { data, next_cursor })
}

/// Adds a member, or changes the role of an existing one.
pub async fn put_member(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    user_id: Uuid,
    role: MemberRole,
    invited_by: Option<Uuid>,
) -> Result<Member> {
    sqlx::query_as!(
        Member,
        r#"INSERT INTO workspace_members (workspace_id, user_id, role, invited_by)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role
           RETURNING workspace_id, user_id, role AS "role: MemberRole", joined_at, invited_by, version"#,
        workspace_id,
        user_id,
        role as MemberRole,
        invited_by,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("workspace member", e))
}

pub async fn remove_member(conn: &mut PgConnection, workspace_id: Uuid, user_id: Uuid) -> Result<()> {
    let done = sqlx::query!(
        "DELETE FROM workspace_members WHERE workspace_id = $1 AND user_id = $2 AND role <> 'owner'",
        workspace_id,
        user_id
    )
    .execute(conn)
    .await
    .map_err(|e| classify("workspace member", e))?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound {
            entity: "removable workspace member (the owner stays)",
            key: format!("{workspace_id}/{user_id}"),
        });
    }
    Ok(())
}

pub async fn members(conn: &mut PgConnection, workspace_id: Uuid) -> Result<Vec<Member>> {
    sqlx::query_as!(
        Member,
        r#"SELECT workspace_id, user_id, role AS "role: MemberRole", joined_at, invited_by, version
           FROM workspace_members WHERE workspace_id = $1 ORDER BY joined_at, user_id"#,
        workspace_id
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("workspace member", e))
}

pub async fn settings(conn: &mut PgConnection, workspace_id: Uuid) -> Result<WorkspaceSettings> {
    sqlx::query_as!(
        WorkspaceSettings,
        "SELECT workspace_id, chat_retention_days, artifact_versions_to_keep, default_branch, visibility, version
         FROM workspace_settings WHERE workspace_id = $1",
        workspace_id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("workspace settings", e))?
    .ok_or_else(|| GUARD.not_found(workspace_id))
}

/// Sets the retention settings (None: the platform default), guarded by version.
pub async fn set_retention(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    expected_version: i64,
    chat_retention_days: Option<i32>,
    artifact_versions_to_keep: Option<i32>,
) -> Result<WorkspaceSettings> {
    let updated = sqlx::query_as!(
        WorkspaceSettings,
        "UPDATE workspace_settings SET chat_retention_days = $3, artifact_versions_to_keep = $4
         WHERE workspace_id = $1 AND version = $2
         RETURNING workspace_id, chat_retention_days, artifact_versions_to_keep, default_branch, visibility, version",
        workspace_id,
        expected_version,
        chat_retention_days,
        artifact_versions_to_keep,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("workspace settings", e))?;
    match updated {
        Some(s) => Ok(s),
        None => Err(SETTINGS.missed(conn, workspace_id, expected_version).await),
    }
}

/// The workspace's free-form configuration.
pub async fn config(conn: &mut PgConnection, workspace_id: Uuid) -> Result<(serde_json::Value, i64)> {
    let row = sqlx::query!(
        "SELECT config, version FROM workspace_configs WHERE workspace_id = $1",
        workspace_id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("workspace config", e))?
    .ok_or_else(|| GUARD.not_found(workspace_id))?;
    Ok((row.config, row.version))
}

/// Replaces the configuration (a JSON object), guarded by version; returns the new version.
pub async fn put_config(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    expected_version: i64,
    config: &serde_json::Value,
) -> Result<i64> {
    let version = sqlx::query_scalar!(
        "UPDATE workspace_configs SET config = $3 WHERE workspace_id = $1 AND version = $2 RETURNING version",
        workspace_id,
        expected_version,
        config
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("workspace config", e))?;
    match version {
        Some(v) => Ok(v),
        None => Err(CONFIG.missed(conn, workspace_id, expected_version).await),
    }
}

/// Filters of `list`; None means any.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceFilter {
    pub owner_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    /// Only workspaces this user is a member of.
    pub member_id: Option<Uuid>,
    /// Part of the name or slug, matched literally, case-insensitively.
    pub search: Option<String>,
    pub include_deleted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WorkspaceSort {
    #[default]
    CreatedAt,
    Name,
    Slug,
}

const COLUMNS: &str = "id, slug, name, description, owner_id, organization_id, github_repo_url, \
                       created_at, updated_at, deleted_at, version";

/// A page of workspaces, sorted by a known column (ties broken by id).
pub async fn list(
    conn: &mut PgConnection,
    filter: &WorkspaceFilter,
    sort: WorkspaceSort,
    descending: bool,
    page: super::PageRequest,
) -> Result<super::Page<Workspace>> {
    let order = match sort {
        WorkspaceSort::CreatedAt => "created_at",
        WorkspaceSort::Name => "lower(name)",
        WorkspaceSort::Slug => "slug",
    };
    LISTING
        .page(
            conn,
            |q| {
                super::push_live(q, filter.include_deleted);
                if let Some(owner) = filter.owner_id {
                    q.push(" AND owner_id = ").push_bind(owner);
                }
                if let Some(org) = filter.organization_id {
                    q.push(" AND organization_id = ").push_bind(org);
                }
                if let Some(member) = filter.member_id {
                    q.push(" AND id IN (SELECT workspace_id FROM workspace_members WHERE user_id = ")
                        .push_bind(member)
                        .push(")");
                }
                super::push_search(q, &["name", "slug"], filter.search.as_deref());
            },
            &super::order_by(order, descending),
            page,
        )
        .await
}

const LISTING: super::Listing = super::Listing {
    entity: ENTITY,
    columns: COLUMNS,
    from: "workspaces",
};

const GUARD: super::Guarded = super::Guarded {
    entity: ENTITY,
    table: "workspaces",
    key: "id",
    soft_delete: true,
};

const SETTINGS: super::Guarded = super::Guarded {
    entity: "workspace settings",
    table: "workspace_settings",
    key: "workspace_id",
    soft_delete: false,
};

const CONFIG: super::Guarded = super::Guarded {
    entity: "workspace config",
    table: "workspace_configs",
    key: "workspace_id",
    soft_delete: false,
};
