//! The shape of a seed file, as serde reads it. `seeds/README.md` documents it
//! for people; this is the same thing for the compiler.
//!
//! Records name each other by natural keys (emails, slugs, names), never by
//! uuid. Every key and reference is `Spanned`, so a dangling reference or a
//! duplicate can be reported at its line and column. Unknown fields are errors:
//! a misspelt field must not be silently dropped.

use serde::Deserialize;
use serde_json::Value as Json;
use serde_saphyr::Spanned;

use crate::model::architecture::ChangeStatus;
use crate::model::artifact::ArtifactType;
use crate::model::integration::Service;
use crate::model::user::{Provider, Role, UserStatus};
use crate::model::workflow::{AgentKind, PhaseStatus};

/// A key or reference with where it was written.
pub type Key = Spanned<String>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Other seed files, relative to this one; loaded before it.
    #[serde(default)]
    pub include: Vec<Key>,
    #[serde(default)]
    pub users: Vec<Spanned<User>>,
    #[serde(default)]
    pub organizations: Vec<Spanned<Organization>>,
    /// Platform-wide settings of an external service.
    #[serde(default)]
    pub integrations: Vec<Spanned<IntegrationConfig>>,
    #[serde(default)]
    pub workspaces: Vec<Spanned<Workspace>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub email: Key,
    pub name: String,
    #[serde(default = "default_role")]
    pub role: Role,
    #[serde(default = "default_status")]
    pub status: UserStatus,
    /// Plain text in the file; only its Argon2id hash reaches the database.
    pub password: Option<String>,
    /// RBAC roles granted besides `role` (names of rows in `roles`).
    #[serde(default)]
    pub grants: Vec<Key>,
    #[serde(default = "empty_object")]
    pub preferences: Json,
    pub profile: Option<Profile>,
    #[serde(default)]
    pub identities: Vec<Spanned<Identity>>,
}

fn default_role() -> Role {
    Role::User
}

fn default_status() -> UserStatus {
    UserStatus::Active
}

fn empty_object() -> Json {
    Json::Object(Default::default())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub job_title: Option<String>,
    pub company: Option<String>,
    pub timezone: Option<String>,
    pub locale: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub provider: Provider,
    pub provider_user_id: Key,
    pub username: Option<String>,
    /// Sealed under the master key on load.
    pub access_token: Option<String>,
    /// Sealed under the master key on load.
    pub refresh_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub name: Key,
    pub github_id: Option<i64>,
    pub description: Option<String>,
    #[serde(default)]
    pub member_count: i32,
    #[serde(default)]
    pub repositories: Vec<Spanned<Repository>>,
    /// Settings of an external service for this organization.
    #[serde(default)]
    pub integrations: Vec<Spanned<IntegrationConfig>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub name: Key,
    pub github_id: Option<i64>,
    pub description: Option<String>,
    pub language: Option<String>,
    #[serde(default)]
    pub stars: i32,
    #[serde(default)]
    pub forks: i32,
    #[serde(default)]
    pub open_issues: i32,
    #[serde(default)]
    pub activities: Vec<Spanned<Activity>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub user: Key,
    #[serde(rename = "type")]
    pub activity_type: String,
    /// RFC 3339; with the user, repository and type, what identifies it.
    pub at: Key,
    #[serde(default = "empty_object")]
    pub data: Json,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntegrationConfig {
    pub service: Spanned<Service>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "empty_object")]
    pub settings: Json,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    pub slug: Key,
    pub name: String,
    pub description: Option<String>,
    pub owner: Key,
    pub organization: Option<Key>,
    pub github_repo_url: Option<String>,
    #[serde(default)]
    pub members: Vec<Spanned<Member>>,
    pub settings: Option<WorkspaceSettings>,
    pub config: Option<Json>,
    #[serde(default)]
    pub agents: Vec<Spanned<Agent>>,
    #[serde(default)]
    pub workflows: Vec<Spanned<Workflow>>,
    #[serde(default)]
    pub conversations: Vec<Spanned<Conversation>>,
    #[serde(default)]
    pub artifacts: Vec<Spanned<Artifact>>,
    #[serde(default)]
    pub connections: Vec<Spanned<Connection>>,
    #[serde(default)]
    pub architectures: Vec<Spanned<Architecture>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub user: Key,
    #[serde(default = "default_member_role")]
    pub role: String,
    pub invited_by: Option<Key>,
}

fn default_member_role() -> String {
    "member".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceSettings {
    /// Absent: the platform's default from platformctl.toml.
    pub chat_retention_days: Option<i32>,
    pub artifact_versions_to_keep: Option<i32>,
    #[serde(default = "default_branch")]
    pub default_branch: String,
    #[serde(default = "default_visibility")]
    pub visibility: String,
}

fn default_branch() -> String {
    "main".to_owned()
}

fn default_visibility() -> String {
    "private".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    pub name: Key,
    pub kind: AgentKind,
    pub model: Option<String>,
    pub instructions: Option<String>,
    #[serde(default = "empty_object")]
    pub config: Json,
    #[serde(default = "yes")]
    pub enabled: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    pub name: Key,
    pub description: Option<String>,
    #[serde(default = "default_workflow_status")]
    pub status: String,
    #[serde(default = "empty_object")]
    pub definition: Json,
    pub created_by: Option<Key>,
    /// In order: a phase's position is its index.
    #[serde(default)]
    pub phases: Vec<Spanned<Phase>>,
}

fn default_workflow_status() -> String {
    "draft".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub name: String,
    pub agent: Option<Key>,
    #[serde(default = "default_phase_status")]
    pub status: PhaseStatus,
}

fn default_phase_status() -> PhaseStatus {
    PhaseStatus::Pending
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversation {
    /// Unique within its workspace in the seed files: what identifies it.
    pub title: Key,
    pub agent: Option<Key>,
    pub created_by: Option<Key>,
    /// In order: a message is identified by its conversation and position.
    #[serde(default)]
    pub messages: Vec<Spanned<Message>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub role: String,
    /// A user's email, for messages written by a person.
    pub author: Option<Key>,
    /// An agent's name, for messages written by an agent.
    pub agent: Option<Key>,
    pub content: String,
    /// RFC 3339; absent: when it was first seeded.
    pub at: Option<Key>,
    #[serde(default = "empty_object")]
    pub metadata: Json,
    pub token_count: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    /// Relative to the repository root; with the workspace, what identifies it.
    pub path: Key,
    pub name: String,
    #[serde(rename = "type")]
    pub artifact_type: ArtifactType,
    #[serde(default = "default_artifact_status")]
    pub status: String,
    pub created_by: Option<Key>,
    /// Oldest first: version numbers are 1, 2, 3... and the last is current.
    #[serde(default)]
    pub versions: Vec<Spanned<ArtifactVersion>>,
}

fn default_artifact_status() -> String {
    "draft".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArtifactVersion {
    pub content: String,
    pub commit_sha: Option<String>,
    pub change_summary: Option<String>,
    pub created_by: Option<Key>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    pub service: Service,
    pub name: Key,
    #[serde(default = "empty_object")]
    pub config: Json,
    /// Secret values (tokens, client secrets); sealed under the master key on load.
    pub credentials: Option<Json>,
    #[serde(default = "default_connection_status")]
    pub status: String,
    pub created_by: Option<Key>,
    /// Also link the connection to its workspace (`workspace_integrations`).
    #[serde(default = "yes")]
    pub attached: bool,
}

fn default_connection_status() -> String {
    "active".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Architecture {
    pub name: Key,
    pub description: Option<String>,
    #[serde(default = "default_architecture_status")]
    pub status: String,
    #[serde(default = "empty_object")]
    pub definition: Json,
    pub created_by: Option<Key>,
    #[serde(default)]
    pub changes: Vec<Spanned<ArchitectureChange>>,
}

fn default_architecture_status() -> String {
    "draft".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchitectureChange {
    /// Unique within its architecture: what identifies it.
    pub title: Key,
    pub description: Option<String>,
    #[serde(default = "default_change_status")]
    pub status: ChangeStatus,
    pub diff: Json,
    pub author: Option<Key>,
    pub reviewed_by: Option<Key>,
}

fn default_change_status() -> ChangeStatus {
    ChangeStatus::Proposed
}
