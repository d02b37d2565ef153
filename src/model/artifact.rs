//! Artifacts (PRDs, architecture documents, user stories...) and their versions.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub enum ArtifactType {
    Prd,
    Architecture,
    UserStory,
    Epic,
    TechSpec,
    TestPlan,
    Design,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Artifact {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub name: String,
    #[serde(rename = "type")]
    pub artifact_type: ArtifactType,
    pub file_path: Option<String>,
    pub status: String,
    pub github_sync_status: String,
    pub sharepoint_sync_status: String,
    pub current_version: i32,
    pub created_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
    pub version: i64,
}

#[derive(Debug, Clone)]
pub struct NewArtifact {
    pub workspace_id: Uuid,
    pub name: String,
    pub artifact_type: ArtifactType,
    pub file_path: Option<String>,
    pub created_by: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ArtifactVersion {
    pub id: Uuid,
    pub artifact_id: Uuid,
    pub version_number: i32,
    pub content: Option<String>,
    pub change_summary: Option<String>,
    pub created_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}
