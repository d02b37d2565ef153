//! Seeding organizations, their repositories and activities, and
//! integration settings.

use serde_saphyr::Spanned;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::seed::document::{self as doc, Key};
use crate::seed::record::{Record, Value, opt_text, text};

use super::{Place, Seeder, enum_name, timestamp};

impl Seeder<'_, '_> {
    pub(super) async fn organization(&mut self, place: &Place<'_>, org: &doc::Organization) -> Result<()> {
        self.define(place, "organization", Uuid::nil(), &org.name)?;
        let record = Record::new("organizations")
            .key_ci("name", text(org.name.value.trim()))
            .set("github_id", Value::BigInt(org.github_id))
            .set("description", opt_text(org.description.clone()))
            .set("member_count", Value::Int(Some(org.member_count)));
        let id = self.save(place, "organizations", record).await?;
        self.organizations
            .insert(org.name.value.trim().to_lowercase(), id);
        for (i, repo) in org.repositories.iter().enumerate() {
            let place = place.child("repositories", i, repo.referenced);
            self.repository(&place, id, &repo.value).await?;
        }
        for (i, config) in org.integrations.iter().enumerate() {
            let place = place.child("integrations", i, config.referenced);
            self.integration_config(&place, Some(id), &config.value).await?;
        }
        Ok(())
    }

    pub(super) async fn repository(
        &mut self,
        place: &Place<'_>,
        org_id: Uuid,
        repo: &doc::Repository,
    ) -> Result<()> {
        self.define(place, "repository", org_id, &repo.name)?;
        let record = Record::new("repositories")
            .key("organization_id", Value::Uuid(Some(org_id)))
            .key_ci("name", text(repo.name.value.trim()))
            .set("github_id", Value::BigInt(repo.github_id))
            .set("description", opt_text(repo.description.clone()))
            .set("language", opt_text(repo.language.clone()))
            .set("stars", Value::Int(Some(repo.stars)))
            .set("forks", Value::Int(Some(repo.forks)))
            .set("open_issues", Value::Int(Some(repo.open_issues)));
        let id = self.save(place, "repositories", record).await?;
        for (i, activity) in repo.activities.iter().enumerate() {
            let place = place.child("activities", i, activity.referenced);
            let activity = &activity.value;
            let user = self.user_ref(&place, "user", &activity.user).await?;
            let at = timestamp(&place, "at", &activity.at)?;
            let record = Record::new("activities")
                .key("user_id", Value::Uuid(Some(user)))
                .key("repository_id", Value::Uuid(Some(id)))
                .key("type", text(&activity.activity_type))
                .key("occurred_at", Value::Time(Some(at)))
                .set("data", Value::Json(activity.data.clone()));
            self.save(&place, "activities", record).await?;
        }
        Ok(())
    }

    pub(super) async fn integration_config(
        &mut self,
        place: &Place<'_>,
        org_id: Option<Uuid>,
        config: &doc::IntegrationConfig,
    ) -> Result<()> {
        let service = enum_name(&config.service.value);
        let key = Spanned {
            value: service.clone(),
            referenced: config.service.referenced,
            defined: config.service.defined,
        };
        self.define(place, "integration config", org_id.unwrap_or_default(), &key)?;
        let record = Record::new("integration_configs")
            .key("organization_id", Value::Uuid(org_id))
            .key("service", text(service))
            .set("enabled", Value::Bool(config.enabled))
            .set("settings", Value::Json(config.settings.clone()));
        self.save(place, "integration configs", record).await?;
        Ok(())
    }

    pub(super) async fn organization_ref(&mut self, place: &Place<'_>, name: &Key) -> Result<Uuid> {
        let wanted = name.value.trim().to_lowercase();
        if let Some(id) = self.organizations.get(&wanted) {
            return Ok(*id);
        }
        sqlx::query_scalar!("SELECT id FROM organizations WHERE lower(name) = $1", wanted)
            .fetch_optional(&mut *self.conn)
            .await
            .map_err(Error::db("cannot look up an organization"))?
            .ok_or_else(|| {
                place
                    .field("organization", name.referenced)
                    .error(format!("no organization '{}'", name.value))
            })
    }
}
