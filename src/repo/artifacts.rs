//! The artifacts repository: artifacts and their versions.

use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Cursor, KeysetPage, classify, new_id};
use crate::error::{Error, Result};
use crate::model::artifact::{Artifact, ArtifactType, ArtifactVersion, NewArtifact};

const ENTITY: &str = "artifact";

pub async fn create(conn: &mut PgConnection, new: &NewArtifact) -> Result<Artifact> {
    sqlx::query_as!(
        Artifact,
        r#"INSERT INTO artifacts (id, workspace_id, name, type, file_path, created_by)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, workspace_id, name, type AS "artifact_type: ArtifactType", file_path, status,
                     github_sync_status, sharepoint_sync_status, current_version, created_by,
                     created_at, updated_at, deleted_at, version"#,
        new_id(),
        new.workspace_id,
        new.name,
        new.artifact_type as ArtifactType,
        new.file_path,
        new.created_by,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// A live artifact.
pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Artifact> {
    sqlx::query_as!(
        Artifact,
        r#"SELECT id, workspace_id, name, type AS "artifact_type: ArtifactType", file_path, status,
                  github_sync_status, sharepoint_sync_status, current_version, created_by,
                  created_at, updated_at, deleted_at, version
           FROM artifacts WHERE id = $1 AND deleted_at IS NULL"#,
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| Error::NotFound {
        entity: ENTITY,
        key: id.to_string(),
    })
}

/// A workspace's live artifacts of one type, most recently changed first.
pub async fn list_by_type(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    artifact_type: ArtifactType,
    before: Option<Cursor>,
    limit: u32,
) -> Result<KeysetPage<Artifact>> {
    let limit = i64::from(limit.clamp(1, super::MAX_PAGE_SIZE));
    let (at, id) = before.map_or((None, None), |c| (Some(c.at), Some(c.id)));
    let data = sqlx::query_as!(
        Artifact,
        r#"SELECT id, workspace_id, name, type AS "artifact_type: ArtifactType", file_path, status,
                  github_sync_status, sharepoint_sync_status, current_version, created_by,
                  created_at, updated_at, deleted_at, version
           FROM artifacts
           WHERE workspace_id = $1 AND type = $2 AND deleted_at IS NULL
             AND ($3::timestamptz IS NULL OR (updated_at, id) < ($3, $4::uuid))
           ORDER BY updated_at DESC, id DESC
           LIMIT $5"#,
        workspace_id,
        artifact_type as ArtifactType,
        at,
        id,
        limit,
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    let next_cursor = super::next_cursor(&data, limit, |a| Cursor {
        at: a.updated_at,
        id: a.id,
    });
    Ok(KeysetPage { data, next_cursor })
}

/// Adds the next version and makes it current, guarded by the artifact's
/// version: two writers saving at once cannot both become version N.
pub async fn add_version(
    conn: &mut PgConnection,
    artifact_id: Uuid,
    expected_version: i64,
    content: &str,
    change_summary: Option<&str>,
    created_by: Option<Uuid>,
) -> Result<ArtifactVersion> {
    let added = sqlx::query_as!(
        ArtifactVersion,
        r#"WITH artifact AS (
               UPDATE artifacts SET current_version = current_version + 1
               WHERE id = $2 AND version = $3 AND deleted_at IS NULL
               RETURNING id, current_version
           )
           INSERT INTO artifact_versions (id, artifact_id, version_number, content, content_sha256, size_bytes,
                                          change_summary, created_by)
           SELECT $1, id, current_version, $4, sha256(convert_to($4, 'UTF8')), octet_length($4), $5, $6
           FROM artifact
           RETURNING id, artifact_id, version_number, content, change_summary, created_by, created_at"#,
        new_id(),
        artifact_id,
        expected_version,
        content,
        change_summary,
        created_by,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("artifact version", e))?;
    match added {
        Some(v) => Ok(v),
        None => Err(GUARD.missed(conn, artifact_id, expected_version).await),
    }
}

pub async fn soft_delete(conn: &mut PgConnection, id: Uuid, expected_version: i64) -> Result<()> {
    let done = sqlx::query!(
        "UPDATE artifacts SET deleted_at = now() WHERE id = $1 AND version = $2 AND deleted_at IS NULL",
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

/// Filters of `list`; None means any.
#[derive(Debug, Clone, Default)]
pub struct ArtifactFilter {
    pub workspace_id: Option<Uuid>,
    pub artifact_type: Option<ArtifactType>,
    pub status: Option<String>,
    /// Part of the name or path, matched literally, case-insensitively.
    pub search: Option<String>,
    pub include_deleted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArtifactSort {
    #[default]
    UpdatedAt,
    CreatedAt,
    Name,
}

/// A page of artifacts, sorted by a known column (ties broken by id).
pub async fn list(
    conn: &mut PgConnection,
    filter: &ArtifactFilter,
    sort: ArtifactSort,
    descending: bool,
    page: super::PageRequest,
) -> Result<super::Page<Artifact>> {
    let order = match sort {
        ArtifactSort::UpdatedAt => "updated_at",
        ArtifactSort::CreatedAt => "created_at",
        ArtifactSort::Name => "lower(name)",
    };
    LISTING
        .page(
            conn,
            |q| {
                super::push_live(q, filter.include_deleted);
                if let Some(w) = filter.workspace_id {
                    q.push(" AND workspace_id = ").push_bind(w);
                }
                if let Some(t) = filter.artifact_type {
                    q.push(" AND type = ").push_bind(t);
                }
                if let Some(status) = &filter.status {
                    q.push(" AND status = ").push_bind(status.clone());
                }
                super::push_search(q, &["name", "file_path"], filter.search.as_deref());
            },
            &super::order_by(order, descending),
            page,
        )
        .await
}

/// Brings a deleted artifact back; a conflict when its path was taken meanwhile.
pub async fn restore(conn: &mut PgConnection, id: Uuid) -> Result<Artifact> {
    sqlx::query_as!(
        Artifact,
        r#"UPDATE artifacts SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL
           RETURNING id, workspace_id, name, type AS "artifact_type: ArtifactType", file_path, status,
                     github_sync_status, sharepoint_sync_status, current_version, created_by,
                     created_at, updated_at, deleted_at, version"#,
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| Error::NotFound {
        entity: "deleted artifact",
        key: id.to_string(),
    })
}

/// The versions of an artifact, newest first.
pub async fn versions(conn: &mut PgConnection, artifact_id: Uuid) -> Result<Vec<ArtifactVersion>> {
    sqlx::query_as!(
        ArtifactVersion,
        "SELECT id, artifact_id, version_number, content, change_summary, created_by, created_at
         FROM artifact_versions WHERE artifact_id = $1 ORDER BY version_number DESC",
        artifact_id
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("artifact version", e))
}

const LISTING: super::Listing = super::Listing {
    entity: ENTITY,
    columns: "id, workspace_id, name, type AS artifact_type, file_path, status, github_sync_status, \
         sharepoint_sync_status, current_version, created_by, created_at, updated_at, deleted_at, version",
    from: "artifacts",
};

const GUARD: super::Guarded = super::Guarded {
    entity: ENTITY,
    table: "artifacts",
    key: "id",
    soft_delete: true,
};
