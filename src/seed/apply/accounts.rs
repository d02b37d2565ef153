//! Seeding users: their rows, linked provider accounts, and the
//! credentials sealed under the master key.

use serde_saphyr::Spanned;
use uuid::Uuid;

use crate::crypto::ENV_MASTER_KEY;
use crate::error::{Error, Result};
use crate::repo::new_id;
use crate::secrets::context;
use crate::seed::document::{self as doc};
use crate::seed::record::{Record, Value, opt_text, text};

use super::{Place, SealedRow, Seeder, enum_name};

impl Seeder<'_, '_> {
    pub(super) async fn user(&mut self, place: &Place<'_>, user: &doc::User) -> Result<()> {
        let email = user.email.value.trim();
        self.define(place, "user", Uuid::nil(), &user.email)?;
        let record = Record::new("users")
            .key_ci("email", text(email))
            .live("deleted_at IS NULL")
            .set("display_name", text(&user.name))
            .set("role", text(enum_name(&user.role)))
            .set("status", text(enum_name(&user.status)))
            .set("preferences", Value::Json(user.preferences.clone()));
        let existing = record.find(self.conn).await.map_err(|e| place.wrap(e))?;
        // Only a password that no longer verifies is hashed again: a new salt
        // each run would make every run an update.
        let record = match &user.password {
            None => record,
            Some(password) => {
                let stored = match existing {
                    Some(id) => sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", id)
                        .fetch_one(&mut *self.conn)
                        .await
                        .map_err(Error::db("cannot read a password hash"))?,
                    None => None,
                };
                let hash = match stored {
                    Some(stored) if crate::password::verify(password, &stored) => stored,
                    _ => crate::password::hash(password)?,
                };
                record.set("password_hash", text(hash))
            }
        };
        let id = existing.unwrap_or_else(new_id);
        self.save_found(place, "users", &record, existing, id).await?;
        self.users.insert(email.to_lowercase(), id);

        if let Some(profile) = &user.profile {
            let record = Record::without_id("user_profiles")
                .key("user_id", Value::Uuid(Some(id)))
                .set("avatar_url", opt_text(profile.avatar_url.clone()))
                .set("bio", opt_text(profile.bio.clone()))
                .set("job_title", opt_text(profile.job_title.clone()))
                .set("company", opt_text(profile.company.clone()))
                .set("timezone", opt_text(profile.timezone.clone()))
                .set("locale", opt_text(profile.locale.clone()));
            self.save(place, "user profiles", record).await?;
        }
        for (i, role) in user.grants.iter().enumerate() {
            let role_id = sqlx::query_scalar!("SELECT id FROM roles WHERE name = $1", role.value)
                .fetch_optional(&mut *self.conn)
                .await
                .map_err(Error::db("cannot look up a role"))?
                .ok_or_else(|| {
                    place
                        .field(&format!("grants[{i}]"), role.referenced)
                        .error(format!("no role '{}'", role.value))
                })?;
            let record = Record::without_id("user_roles")
                .key("user_id", Value::Uuid(Some(id)))
                .key("role_id", Value::Uuid(Some(role_id)))
                .insert_only("granted_by", text("seed"));
            self.save(place, "role grants", record).await?;
        }
        for (i, identity) in user.identities.iter().enumerate() {
            let place = place.child("identities", i, identity.referenced);
            self.identity(&place, id, &identity.value).await?;
        }
        Ok(())
    }

    pub(super) async fn identity(
        &mut self,
        place: &Place<'_>,
        user_id: Uuid,
        identity: &doc::Identity,
    ) -> Result<()> {
        let provider = enum_name(&identity.provider);
        self.define(
            place,
            "identity",
            Uuid::nil(),
            &Spanned {
                value: format!("{provider}:{}", identity.provider_user_id.value),
                referenced: identity.provider_user_id.referenced,
                defined: identity.provider_user_id.defined,
            },
        )?;
        let record = Record::new("user_identities")
            .key("provider", text(provider))
            .key("provider_user_id", text(&identity.provider_user_id.value))
            .set("user_id", Value::Uuid(Some(user_id)))
            .set("username", opt_text(identity.username.clone()));
        let existing = record.find(self.conn).await.map_err(|e| place.wrap(e))?;
        let id = existing.unwrap_or_else(new_id);
        let stored = match existing {
            Some(id) => sqlx::query!(
                "SELECT access_token_encrypted, refresh_token_encrypted, token_key_id
                 FROM user_identities WHERE id = $1",
                id
            )
            .fetch_one(&mut *self.conn)
            .await
            .map_err(Error::db("cannot read an identity"))
            .map(|row| SealedRow {
                values: vec![row.access_token_encrypted, row.refresh_token_encrypted],
                key_id: row.token_key_id,
            })?,
            None => SealedRow::empty(2),
        };
        let plain = [
            identity.access_token.as_deref().map(str::as_bytes),
            identity.refresh_token.as_deref().map(str::as_bytes),
        ];
        let contexts = [
            context("user_identities.access_token", id),
            context("user_identities.refresh_token", id),
        ];
        let sealed = self.seal_all(place, &plain, &contexts, stored)?;
        let record = record
            .set("access_token_encrypted", Value::Bytes(sealed.values[0].clone()))
            .set("refresh_token_encrypted", Value::Bytes(sealed.values[1].clone()))
            .set("token_key_id", opt_text(sealed.key_id));
        self.save_found(place, "identities", &record, existing, id)
            .await?;
        Ok(())
    }

    /// Seals the values of one row under the current master key, unless the
    /// stored ones open to the same plain text (then they are kept, bytes and
    /// key id, so the row does not change).
    pub(super) fn seal_all(
        &self,
        place: &Place<'_>,
        plain: &[Option<&[u8]>],
        contexts: &[String],
        stored: SealedRow,
    ) -> Result<SealedRow> {
        if plain.iter().all(Option::is_none) {
            return Ok(SealedRow::empty(plain.len()));
        }
        let Some(keyring) = self.keyring else {
            return Err(Error::Config {
                setting: ENV_MASTER_KEY,
                message: format!(
                    "{}:{}:{}: {} has secrets to encrypt, and no master key is set; set {ENV_MASTER_KEY} \
                     to the base64 of 32 random bytes (`openssl rand -base64 32`)",
                    place.file,
                    place.location.line(),
                    place.location.column(),
                    place.path
                ),
            });
        };
        if let Some(key_id) = &stored.key_id {
            let same = plain
                .iter()
                .zip(&stored.values)
                .zip(contexts)
                .all(|((plain, stored), ctx)| match (plain, stored) {
                    (None, None) => true,
                    (Some(plain), Some(stored)) => keyring
                        .open(key_id, stored, ctx)
                        .is_ok_and(|opened| opened.as_slice() == *plain),
                    _ => false,
                });
            if same {
                return Ok(stored);
            }
        }
        let mut sealed = Vec::with_capacity(plain.len());
        for (value, ctx) in plain.iter().zip(contexts) {
            sealed.push(value.map(|v| keyring.seal(v, ctx)).transpose()?.map(|s| s.bytes));
        }
        Ok(SealedRow {
            values: sealed,
            key_id: Some(keyring.current_key_id().to_owned()),
        })
    }
}
