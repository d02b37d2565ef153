//! The users repository.

use sqlx::postgres::PgConnection;
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::{Cursor, KeysetPage, Page, PageRequest, classify, like_pattern, new_id};
use crate::error::{Error, Result};
use crate::model::{NewUser, Role, User, UserChanges, UserStatus};

const ENTITY: &str = "user";

/// Filters of `list`; None means any.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    /// Part of the email or display name, matched literally, case-insensitively.
    pub search: Option<String>,
    pub include_deleted: bool,
}

/// The columns a list may be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserSort {
    #[default]
    CreatedAt,
    Email,
    DisplayName,
}

impl UserSort {
    fn column(self) -> &'static str {
        match self {
            UserSort::CreatedAt => "created_at",
            UserSort::Email => "lower(email)",
            UserSort::DisplayName => "lower(display_name)",
        }
    }
}

/// The columns of [`User`], in the order `query_as!` and `list` read them.
const COLUMNS: &str = "id, email, display_name, role, status, preferences, password_hash IS NOT NULL AS has_password, \
                       last_login_at, created_at, updated_at, deleted_at, version";

pub async fn create(conn: &mut PgConnection, new: &NewUser) -> Result<User> {
    sqlx::query_as!(
        User,
        r#"INSERT INTO users (id, email, display_name, role, password_hash, preferences)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                     preferences, password_hash IS NOT NULL AS "has_password!",
                     last_login_at, created_at, updated_at, deleted_at, version"#,
        new_id(),
        new.email,
        new.display_name,
        new.role as Role,
        new.password_hash,
        new.preferences,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// A live (not deleted) user.
pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<User> {
    find(conn, id)
        .await?
        .filter(|u| u.deleted_at.is_none())
        .ok_or_else(|| not_found(id))
}

/// A user, deleted or not.
pub async fn find(conn: &mut PgConnection, id: Uuid) -> Result<Option<User>> {
    sqlx::query_as!(
        User,
        r#"SELECT id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                  preferences, password_hash IS NOT NULL AS "has_password!",
                  last_login_at, created_at, updated_at, deleted_at, version
           FROM users WHERE id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// The live user with this email, compared case-insensitively.
pub async fn find_by_email(conn: &mut PgConnection, email: &str) -> Result<Option<User>> {
    sqlx::query_as!(
        User,
        r#"SELECT id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                  preferences, password_hash IS NOT NULL AS "has_password!",
                  last_login_at, created_at, updated_at, deleted_at, version
           FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL"#,
        email
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// Applies `changes` if the user is still at `expected_version`.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i64,
    changes: &UserChanges,
) -> Result<User> {
    let updated = sqlx::query_as!(
        User,
        r#"UPDATE users SET
               display_name = COALESCE($3, display_name),
               role = COALESCE($4, role),
               status = COALESCE($5, status),
               preferences = COALESCE($6, preferences)
           WHERE id = $1 AND version = $2 AND deleted_at IS NULL
           RETURNING id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                     preferences, password_hash IS NOT NULL AS "has_password!",
                     last_login_at, created_at, updated_at, deleted_at, version"#,
        id,
        expected_version,
        changes.display_name,
        changes.role as Option<Role>,
        changes.status as Option<UserStatus>,
        changes.preferences,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match updated {
        Some(user) => Ok(user),
        None => Err(missed_update(conn, id, expected_version).await),
    }
}

/// Marks the user deleted (at `expected_version`); their email can then be reused.
pub async fn soft_delete(conn: &mut PgConnection, id: Uuid, expected_version: i64) -> Result<User> {
    let deleted = sqlx::query_as!(
        User,
        r#"UPDATE users SET deleted_at = now()
           WHERE id = $1 AND version = $2 AND deleted_at IS NULL
           RETURNING id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                     preferences, password_hash IS NOT NULL AS "has_password!",
                     last_login_at, created_at, updated_at, deleted_at, version"#,
        id,
        expected_version,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match deleted {
        Some(user) => Ok(user),
        None => Err(missed_update(conn, id, expected_version).await),
    }
}

/// Brings a deleted user back; a conflict when a live user took the email meanwhile.
pub async fn restore(conn: &mut PgConnection, id: Uuid) -> Result<User> {
    sqlx::query_as!(
        User,
        r#"UPDATE users SET deleted_at = NULL
           WHERE id = $1 AND deleted_at IS NOT NULL
           RETURNING id, email, display_name, role AS "role: Role", status AS "status: UserStatus",
                     preferences, password_hash IS NOT NULL AS "has_password!",
                     last_login_at, created_at, updated_at, deleted_at, version"#,
        id,
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| Error::NotFound {
        entity: "deleted user",
        key: id.to_string(),
    })
}

/// The stored password hash (PHC string) of a live user, for checking a password.
pub async fn password_hash(conn: &mut PgConnection, id: Uuid) -> Result<Option<String>> {
    let row = sqlx::query_scalar!(
        "SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    row.ok_or_else(|| not_found(id))
}

/// A page of users, sorted by a known column (ties broken by id).
pub async fn list(
    conn: &mut PgConnection,
    filter: &UserFilter,
    sort: UserSort,
    descending: bool,
    page: PageRequest,
) -> Result<Page<User>> {
    LISTING
        .page(
            conn,
            |q| push_filter(q, filter),
            &super::order_by(sort.column(), descending),
            page,
        )
        .await
}

/// Users in creation order after `after`, for walking large lists.
pub async fn list_after(
    conn: &mut PgConnection,
    filter: &UserFilter,
    after: Option<Cursor>,
    limit: u32,
) -> Result<KeysetPage<User>> {
    let limit = limit.clamp(1, super::MAX_PAGE_SIZE);
    let mut rows = QueryBuilder::<Postgres>::new(format!("SELECT {COLUMNS} FROM users WHERE true"));
    push_filter(&mut rows, filter);
    if let Some(c) = after {
        rows.push(" AND (created_at, id) > (")
            .push_bind(c.at)
            .push(", ")
            .push_bind(c.id)
            .push(")");
    }
    rows.push(" ORDER BY created_at, id LIMIT ")
        .push_bind(i64::from(limit));
    let data: Vec<User> = rows
        .build_query_as::<User>()
        .fetch_all(conn)
        .await
        .map_err(|e| classify(ENTITY, e))?;
    let next_cursor = (data.len() == limit as usize)
        .then(|| {
            data.last().map(|u| {
                Cursor {
                    at: u.created_at,
                    id: u.id,
                }
                .to_string()
            })
        })
        .flatten();
    Ok(KeysetPage { data, next_cursor })
}

fn push_filter(q: &mut QueryBuilder<Postgres>, filter: &UserFilter) {
    if !filter.include_deleted {
        q.push(" AND deleted_at IS NULL");
    }
    if let Some(role) = filter.role {
        q.push(" AND role = ").push_bind(role);
    }
    if let Some(status) = filter.status {
        q.push(" AND status = ").push_bind(status);
    }
    if let Some(search) = filter.search.as_deref().filter(|s| !s.is_empty()) {
        let pattern = like_pattern(search);
        q.push(" AND (email ILIKE ").push_bind(pattern.clone());
        q.push(" OR display_name ILIKE ").push_bind(pattern).push(")");
    }
}

fn not_found(id: Uuid) -> Error {
    Error::NotFound {
        entity: ENTITY,
        key: id.to_string(),
    }
}

/// Why a guarded update matched no row: gone, or changed since it was read.
async fn missed_update(conn: &mut PgConnection, id: Uuid, expected_version: i64) -> Error {
    match find(conn, id).await {
        Ok(Some(u)) if u.deleted_at.is_none() => Error::StaleVersion {
            entity: ENTITY,
            id: id.to_string(),
            expected: expected_version,
        },
        Ok(_) => not_found(id),
        Err(e) => e,
    }
}

const LISTING: super::Listing = super::Listing {
    entity: ENTITY,
    columns: COLUMNS,
    from: "users",
};
