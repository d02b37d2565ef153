//! GitHub organizations and their repositories.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Organization {
    pub id: Uuid,
    pub github_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub member_count: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NewOrganization {
    pub github_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub member_count: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Repository {
    pub id: Uuid,
    pub github_id: Option<i64>,
    pub organization_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub language: Option<String>,
    pub stars: i32,
    pub forks: i32,
    pub open_issues: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NewRepository {
    pub github_id: Option<i64>,
    pub organization_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub language: Option<String>,
}
