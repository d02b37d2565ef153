//! Roles and their grants. The built-in roles (admin, user, readonly) and
//! their permissions come from the identity migration; `users.role` is a
//! user's primary role, `user_roles` the roles granted on top of it.

use serde::Serialize;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RoleInfo {
    pub name: String,
    pub description: String,
    pub built_in: bool,
    pub permissions: Vec<String>,
    /// Users holding it as their primary role or by a grant.
    pub users: i64,
}

pub async fn list(conn: &mut PgConnection) -> Result<Vec<RoleInfo>> {
    sqlx::query_as(
        "SELECT r.name, r.description, r.built_in,
                coalesce(array_agg(p.name ORDER BY p.name) FILTER (WHERE p.name IS NOT NULL), '{}') AS permissions,
                (SELECT count(*) FROM users u
                 WHERE u.deleted_at IS NULL
                   AND (u.role = r.name OR EXISTS (SELECT 1 FROM user_roles ur
                                                   WHERE ur.user_id = u.id AND ur.role_id = r.id))) AS users
         FROM roles r
         LEFT JOIN role_permissions rp ON rp.role_id = r.id
         LEFT JOIN permissions p ON p.id = rp.permission_id
         GROUP BY r.id ORDER BY r.name",
    )
    .fetch_all(conn)
    .await
    .map_err(Error::db("cannot list roles"))
}

async fn role_id(conn: &mut PgConnection, name: &str) -> Result<Uuid> {
    sqlx::query_scalar("SELECT id FROM roles WHERE name = $1")
        .bind(name)
        .fetch_optional(conn)
        .await
        .map_err(Error::db("cannot read roles"))?
        .ok_or_else(|| Error::NotFound {
            entity: "role",
            key: format!("{name} (`platformctl role list` shows them)"),
        })
}

/// Grants a role; false when the user already had it.
pub async fn grant(conn: &mut PgConnection, user: Uuid, role: &str, by: &str) -> Result<bool> {
    let role_id = role_id(conn, role).await?;
    let inserted = sqlx::query(
        "INSERT INTO user_roles (user_id, role_id, granted_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(user)
    .bind(role_id)
    .bind(by)
    .execute(conn)
    .await
    .map_err(Error::db("cannot grant a role"))?;
    Ok(inserted.rows_affected() == 1)
}

/// Revokes a granted role; false when the user did not have it.
pub async fn revoke(conn: &mut PgConnection, user: Uuid, role: &str) -> Result<bool> {
    let role_id = role_id(conn, role).await?;
    let deleted = sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role_id = $2")
        .bind(user)
        .bind(role_id)
        .execute(conn)
        .await
        .map_err(Error::db("cannot revoke a role"))?;
    Ok(deleted.rows_affected() == 1)
}
