//! Seeding workspaces and what is in them: members, settings, agents,
//! conversations, artifacts, connections and architectures.

use std::collections::HashMap;

use serde_saphyr::Spanned;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::architecture::ChangeStatus;
use crate::repo::new_id;
use crate::secrets::context;
use crate::seed::document::{self as doc};
use crate::seed::record::{Record, Value, opt_text, text};

use super::{Agents, Place, SealedRow, Seeder, derived_id, enum_name, timestamp};

impl Seeder<'_, '_> {
    pub(super) async fn workspace(&mut self, place: &Place<'_>, ws: &doc::Workspace) -> Result<()> {
        self.define(place, "workspace", Uuid::nil(), &ws.slug)?;
        let owner = self.user_ref(place, "owner", &ws.owner).await?;
        let organization = match &ws.organization {
            Some(name) => Some(self.organization_ref(place, name).await?),
            None => None,
        };
        let record = Record::new("workspaces")
            .key("slug", text(ws.slug.value.trim()))
            .live("deleted_at IS NULL")
            .set("name", text(&ws.name))
            .set("description", opt_text(ws.description.clone()))
            .set("owner_id", Value::Uuid(Some(owner)))
            .set("organization_id", Value::Uuid(organization))
            .set("github_repo_url", opt_text(ws.github_repo_url.clone()));
        let id = self.save(place, "workspaces", record).await?;

        // As the repository does: the owner is a member with the owner role.
        let owner_member = Record::without_id("workspace_members")
            .key("workspace_id", Value::Uuid(Some(id)))
            .key("user_id", Value::Uuid(Some(owner)))
            .set("role", text("owner"));
        self.save(place, "members", owner_member).await?;
        for (i, member) in ws.members.iter().enumerate() {
            let place = place.child("members", i, member.referenced);
            let member = &member.value;
            let user = self.user_ref(&place, "user", &member.user).await?;
            if user == owner {
                return Err(
                    place.error("the owner is already a member with the owner role; remove this entry")
                );
            }
            self.define(&place, "member", id, &member.user)?;
            let invited_by = self
                .opt_user_ref(&place, "invited_by", member.invited_by.as_ref())
                .await?;
            let record = Record::without_id("workspace_members")
                .key("workspace_id", Value::Uuid(Some(id)))
                .key("user_id", Value::Uuid(Some(user)))
                .set("role", text(&member.role))
                .set("invited_by", invited_by);
            self.save(&place, "members", record).await?;
        }
        if let Some(settings) = &ws.settings {
            let record = Record::without_id("workspace_settings")
                .key("workspace_id", Value::Uuid(Some(id)))
                .set("chat_retention_days", Value::Int(settings.chat_retention_days))
                .set(
                    "artifact_versions_to_keep",
                    Value::Int(settings.artifact_versions_to_keep),
                )
                .set("default_branch", text(&settings.default_branch))
                .set("visibility", text(&settings.visibility));
            self.save(place, "workspace settings", record).await?;
        }
        if let Some(config) = &ws.config {
            let record = Record::without_id("workspace_configs")
                .key("workspace_id", Value::Uuid(Some(id)))
                .set("config", Value::Json(config.clone()));
            self.save(place, "workspace configs", record).await?;
        }
        let mut agents = HashMap::new();
        for (i, agent) in ws.agents.iter().enumerate() {
            let place = place.child("agents", i, agent.referenced);
            let agent = &agent.value;
            self.define(&place, "agent", id, &agent.name)?;
            let record = Record::new("agents")
                .key("workspace_id", Value::Uuid(Some(id)))
                .key("name", text(agent.name.value.trim()))
                .set("kind", text(enum_name(&agent.kind)))
                .set("model", opt_text(agent.model.clone()))
                .set("instructions", opt_text(agent.instructions.clone()))
                .set("config", Value::Json(agent.config.clone()))
                .set("enabled", Value::Bool(agent.enabled));
            let agent_id = self.save(&place, "agents", record).await?;
            agents.insert(agent.name.value.trim().to_owned(), agent_id);
        }
        let agents = Agents(agents);
        for (i, workflow) in ws.workflows.iter().enumerate() {
            let place = place.child("workflows", i, workflow.referenced);
            let workflow = &workflow.value;
            self.define(&place, "workflow", id, &workflow.name)?;
            let created_by = self
                .opt_user_ref(&place, "created_by", workflow.created_by.as_ref())
                .await?;
            let record = Record::new("workflows")
                .key("workspace_id", Value::Uuid(Some(id)))
                .key("name", text(workflow.name.value.trim()))
                .set("description", opt_text(workflow.description.clone()))
                .set("status", text(&workflow.status))
                .set("definition", Value::Json(workflow.definition.clone()))
                .set("created_by", created_by);
            let workflow_id = self.save(&place, "workflows", record).await?;
            for (position, phase) in workflow.phases.iter().enumerate() {
                let place = place.child("phases", position, phase.referenced);
                let phase = &phase.value;
                let record = Record::new("phases")
                    .key("workflow_id", Value::Uuid(Some(workflow_id)))
                    .key("position", Value::Int(Some(position as i32)))
                    .set("name", text(&phase.name))
                    .set("agent_id", agents.resolve(&place, "agent", phase.agent.as_ref())?)
                    .set("status", text(enum_name(&phase.status)));
                self.save(&place, "phases", record).await?;
            }
        }
        for (i, conversation) in ws.conversations.iter().enumerate() {
            let place = place.child("conversations", i, conversation.referenced);
            let agent = agents.resolve(&place, "agent", conversation.value.agent.as_ref())?;
            self.conversation(&place, id, &conversation.value, agent, &agents)
                .await?;
        }
        for (i, artifact) in ws.artifacts.iter().enumerate() {
            let place = place.child("artifacts", i, artifact.referenced);
            self.artifact(&place, id, &artifact.value).await?;
        }
        for (i, connection) in ws.connections.iter().enumerate() {
            let place = place.child("connections", i, connection.referenced);
            self.connection(&place, id, &connection.value).await?;
        }
        for (i, architecture) in ws.architectures.iter().enumerate() {
            let place = place.child("architectures", i, architecture.referenced);
            self.architecture(&place, id, &architecture.value).await?;
        }
        Ok(())
    }

    pub(super) async fn conversation(
        &mut self,
        place: &Place<'_>,
        workspace_id: Uuid,
        conversation: &doc::Conversation,
        agent: Value,
        agents: &Agents,
    ) -> Result<()> {
        self.define(place, "conversation", workspace_id, &conversation.title)?;
        let created_by = self
            .opt_user_ref(place, "created_by", conversation.created_by.as_ref())
            .await?;
        // Messages without a time are spaced a millisecond apart from the
        // run's start, so they keep the file's order.
        let mut times = Vec::with_capacity(conversation.messages.len());
        for (i, message) in conversation.messages.iter().enumerate() {
            let place = place.child("messages", i, message.referenced);
            times.push(match &message.value.at {
                Some(at) => (timestamp(&place, "at", at)?, true),
                None => (self.now + time::Duration::milliseconds(i as i64), false),
            });
        }
        let last = times.iter().map(|(t, _)| *t).max();
        let record = Record::new("conversations")
            .key("workspace_id", Value::Uuid(Some(workspace_id)))
            .key("title", text(conversation.title.value.trim()))
            .live("deleted_at IS NULL")
            .set("agent_id", agent)
            .set("created_by", created_by);
        let record = if times.iter().all(|(_, explicit)| *explicit) {
            record.set("last_message_at", Value::Time(last))
        } else {
            record.sticky("last_message_at", Value::Time(last))
        };
        let id = self.save(place, "conversations", record).await?;
        for (i, (message, (at, explicit))) in conversation.messages.iter().zip(times).enumerate() {
            let place = place.child("messages", i, message.referenced);
            let message = &message.value;
            let author = self
                .opt_user_ref(&place, "author", message.author.as_ref())
                .await?;
            let record = Record::without_id("messages")
                .key("id", Value::Uuid(Some(derived_id("message", id, i))))
                .set("conversation_id", Value::Uuid(Some(id)))
                .set("role", text(&message.role))
                .set("author_id", author)
                .set(
                    "agent_id",
                    agents.resolve(&place, "agent", message.agent.as_ref())?,
                )
                .set("content", text(&message.content))
                .set("metadata", Value::Json(message.metadata.clone()))
                .set("token_count", Value::Int(message.token_count));
            let record = if explicit {
                record.set("created_at", Value::Time(Some(at)))
            } else {
                record.insert_only("created_at", Value::Time(Some(at)))
            };
            self.save(&place, "messages", record).await?;
        }
        Ok(())
    }

    pub(super) async fn artifact(
        &mut self,
        place: &Place<'_>,
        workspace_id: Uuid,
        artifact: &doc::Artifact,
    ) -> Result<()> {
        self.define(place, "artifact", workspace_id, &artifact.path)?;
        let created_by = self
            .opt_user_ref(place, "created_by", artifact.created_by.as_ref())
            .await?;
        let record = Record::new("artifacts")
            .key("workspace_id", Value::Uuid(Some(workspace_id)))
            .key("file_path", text(artifact.path.value.trim()))
            .live("deleted_at IS NULL")
            .set("name", text(&artifact.name))
            .set("type", text(enum_name(&artifact.artifact_type)))
            .set("status", text(&artifact.status))
            .set("created_by", created_by)
            .set(
                "current_version",
                Value::Int(Some(artifact.versions.len() as i32)),
            );
        let id = self.save(place, "artifacts", record).await?;
        for (i, version) in artifact.versions.iter().enumerate() {
            let place = place.child("versions", i, version.referenced);
            let version = &version.value;
            let created_by = self
                .opt_user_ref(&place, "created_by", version.created_by.as_ref())
                .await?;
            let record = Record::new("artifact_versions")
                .key("artifact_id", Value::Uuid(Some(id)))
                .key("version_number", Value::Int(Some(i as i32 + 1)))
                .set("content", text(&version.content))
                .set(
                    "content_sha256",
                    Value::Bytes(Some(Sha256::digest(&version.content).to_vec())),
                )
                .set("size_bytes", Value::BigInt(Some(version.content.len() as i64)))
                .set("commit_sha", opt_text(version.commit_sha.clone()))
                .set("change_summary", opt_text(version.change_summary.clone()))
                .set("created_by", created_by);
            self.save(&place, "artifact versions", record).await?;
        }
        Ok(())
    }

    pub(super) async fn connection(
        &mut self,
        place: &Place<'_>,
        workspace_id: Uuid,
        connection: &doc::Connection,
    ) -> Result<()> {
        let service = enum_name(&connection.service);
        let key = Spanned {
            value: format!("{service}/{}", connection.name.value.trim()),
            referenced: connection.name.referenced,
            defined: connection.name.defined,
        };
        self.define(place, "connection", workspace_id, &key)?;
        let created_by = self
            .opt_user_ref(place, "created_by", connection.created_by.as_ref())
            .await?;
        let record = Record::new("external_connections")
            .key("workspace_id", Value::Uuid(Some(workspace_id)))
            .key("service", text(&service))
            .key("name", text(connection.name.value.trim()))
            .set("config", Value::Json(connection.config.clone()))
            .set("status", text(&connection.status))
            .set("created_by", created_by);
        let existing = record.find(self.conn).await.map_err(|e| place.wrap(e))?;
        let id = existing.unwrap_or_else(new_id);
        let stored = match existing {
            Some(id) => sqlx::query!(
                "SELECT credentials_encrypted, credentials_key_id FROM external_connections WHERE id = $1",
                id
            )
            .fetch_one(&mut *self.conn)
            .await
            .map_err(Error::db("cannot read a connection"))
            .map(|row| SealedRow {
                values: vec![row.credentials_encrypted],
                key_id: row.credentials_key_id,
            })?,
            None => SealedRow::empty(1),
        };
        let plain = connection
            .credentials
            .as_ref()
            .map(|c| c.to_string().into_bytes());
        let sealed = self.seal_all(
            place,
            &[plain.as_deref()],
            &[context("external_connections.credentials", id)],
            stored,
        )?;
        let record = record
            .set(
                "credentials_encrypted",
                Value::Bytes(sealed.values.into_iter().next().flatten()),
            )
            .set("credentials_key_id", opt_text(sealed.key_id));
        self.save_found(place, "connections", &record, existing, id)
            .await?;
        if connection.attached {
            let link = Record::new("workspace_integrations")
                .key("workspace_id", Value::Uuid(Some(workspace_id)))
                .key("connection_id", Value::Uuid(Some(id)));
            self.save(place, "workspace integrations", link).await?;
        }
        Ok(())
    }

    pub(super) async fn architecture(
        &mut self,
        place: &Place<'_>,
        workspace_id: Uuid,
        architecture: &doc::Architecture,
    ) -> Result<()> {
        self.define(place, "architecture", workspace_id, &architecture.name)?;
        let created_by = self
            .opt_user_ref(place, "created_by", architecture.created_by.as_ref())
            .await?;
        let record = Record::new("architectures")
            .key("workspace_id", Value::Uuid(Some(workspace_id)))
            .key_ci("name", text(architecture.name.value.trim()))
            .live("deleted_at IS NULL")
            .set("description", opt_text(architecture.description.clone()))
            .set("status", text(&architecture.status))
            .set("definition", Value::Json(architecture.definition.clone()))
            .set("created_by", created_by);
        let id = self.save(place, "architectures", record).await?;
        for (i, change) in architecture.changes.iter().enumerate() {
            let place = place.child("changes", i, change.referenced);
            let change = &change.value;
            self.define(&place, "architecture change", id, &change.title)?;
            let author = self
                .opt_user_ref(&place, "author", change.author.as_ref())
                .await?;
            let reviewer = self
                .opt_user_ref(&place, "reviewed_by", change.reviewed_by.as_ref())
                .await?;
            let reviewed = change.status != ChangeStatus::Proposed;
            let applied = change.status == ChangeStatus::Applied;
            let record = Record::new("architecture_changes")
                .key("architecture_id", Value::Uuid(Some(id)))
                .key("title", text(change.title.value.trim()))
                .set("description", opt_text(change.description.clone()))
                .set("status", text(enum_name(&change.status)))
                .set("diff", Value::Json(change.diff.clone()))
                .set("author_id", author)
                .set("reviewed_by", reviewer)
                .sticky("reviewed_at", Value::Time(reviewed.then_some(self.now)))
                .sticky("applied_at", Value::Time(applied.then_some(self.now)));
            self.save(&place, "architecture changes", record).await?;
        }
        Ok(())
    }
}
