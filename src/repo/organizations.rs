//! The organizations repository: organizations and their repositories.

use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Page, PageRequest, classify, new_id};
use crate::error::Result;
use crate::model::organization::{NewOrganization, NewRepository, Organization, Repository};

const ENTITY: &str = "organization";

pub async fn create(conn: &mut PgConnection, new: &NewOrganization) -> Result<Organization> {
    sqlx::query_as!(
        Organization,
        "INSERT INTO organizations (id, github_id, name, description, member_count) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, github_id, name, description, member_count, created_at, updated_at, version",
        new_id(),
        new.github_id,
        new.name,
        new.description,
        new.member_count,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Organization> {
    sqlx::query_as!(
        Organization,
        "SELECT id, github_id, name, description, member_count, created_at, updated_at, version
         FROM organizations WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| super::not_found(ENTITY, id))
}

/// Changes the description and member count, guarded by version.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    description: Option<&str>,
    member_count: Option<i32>,
) -> Result<Organization> {
    let updated = sqlx::query_as!(
        Organization,
        "UPDATE organizations SET description = COALESCE($3, description), member_count = COALESCE($4, member_count)
         WHERE id = $1 AND version = $2
         RETURNING id, github_id, name, description, member_count, created_at, updated_at, version",
        id,
        expected_version,
        description,
        member_count,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match updated {
        Some(o) => Ok(o),
        None => Err(ORGANIZATION.missed(conn, id, expected_version).await),
    }
}

/// Deletes the organization and (cascading) its repositories and their activity.
pub async fn delete(conn: &mut PgConnection, id: Uuid) -> Result<()> {
    let done = sqlx::query!("DELETE FROM organizations WHERE id = $1", id)
        .execute(conn)
        .await
        .map_err(|e| classify(ENTITY, e))?;
    if done.rows_affected() == 0 {
        return Err(super::not_found(ENTITY, id));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrganizationSort {
    #[default]
    Name,
    MemberCount,
    CreatedAt,
}

/// A page of organizations whose name contains `search` (any when None).
pub async fn list(
    conn: &mut PgConnection,
    search: Option<&str>,
    sort: OrganizationSort,
    descending: bool,
    page: PageRequest,
) -> Result<Page<Organization>> {
    let order = match sort {
        OrganizationSort::Name => "lower(name)",
        OrganizationSort::MemberCount => "member_count",
        OrganizationSort::CreatedAt => "created_at",
    };
    ORGANIZATIONS
        .page(
            conn,
            |q| {
                super::push_search(q, &["name"], search);
            },
            &super::order_by(order, descending),
            page,
        )
        .await
}

pub async fn add_repository(conn: &mut PgConnection, new: &NewRepository) -> Result<Repository> {
    sqlx::query_as!(
        Repository,
        "INSERT INTO repositories (id, github_id, organization_id, name, description, language)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, github_id, organization_id, name, description, language, stars, forks, open_issues,
                   updated_at, version",
        new_id(),
        new.github_id,
        new.organization_id,
        new.name,
        new.description,
        new.language,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("repository", e))
}

pub async fn get_repository(conn: &mut PgConnection, id: Uuid) -> Result<Repository> {
    sqlx::query_as!(
        Repository,
        "SELECT id, github_id, organization_id, name, description, language, stars, forks, open_issues,
                updated_at, version
         FROM repositories WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("repository", e))?
    .ok_or_else(|| super::not_found("repository", id))
}

/// Records the counters read from GitHub, guarded by version.
pub async fn update_repository_stats(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    stars: i32,
    forks: i32,
    open_issues: i32,
) -> Result<Repository> {
    let updated = sqlx::query_as!(
        Repository,
        "UPDATE repositories SET stars = $3, forks = $4, open_issues = $5 WHERE id = $1 AND version = $2
         RETURNING id, github_id, organization_id, name, description, language, stars, forks, open_issues,
                   updated_at, version",
        id,
        expected_version,
        stars,
        forks,
        open_issues,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify("repository", e))?;
    match updated {
        Some(r) => Ok(r),
        None => Err(REPOSITORY.missed(conn, id, expected_version).await),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RepositorySort {
    #[default]
    Name,
    Stars,
    UpdatedAt,
}

/// A page of an organization's repositories.
pub async fn list_repositories(
    conn: &mut PgConnection,
    organization_id: Uuid,
    sort: RepositorySort,
    descending: bool,
    page: PageRequest,
) -> Result<Page<Repository>> {
    let order = match sort {
        RepositorySort::Name => "lower(name)",
        RepositorySort::Stars => "stars",
        RepositorySort::UpdatedAt => "updated_at",
    };
    REPOSITORIES
        .page(
            conn,
            |q| {
                q.push(" AND organization_id = ").push_bind(organization_id);
            },
            &super::order_by(order, descending),
            page,
        )
        .await
}

const ORGANIZATIONS: super::Listing = super::Listing {
    entity: ENTITY,
    columns: "id, github_id, name, description, member_count, created_at, updated_at, version",
    from: "organizations",
};

const REPOSITORIES: super::Listing = super::Listing {
    entity: "repository",
    columns: "id, github_id, organization_id, name, description, language, stars, forks, open_issues, updated_at, version",
    from: "repositories",
};

const ORGANIZATION: super::Guarded = super::Guarded {
    entity: ENTITY,
    table: "organizations",
    key: "id",
    soft_delete: false,
};

const REPOSITORY: super::Guarded = super::Guarded {
    entity: "repository",
    table: "repositories",
    key: "id",
    soft_delete: false,
};
