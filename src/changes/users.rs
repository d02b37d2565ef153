//! Changes to user accounts: create, update, disable, enable, set a
//! password, delete or erase. Disabling and deleting revoke the user's
//! tokens and sessions in the same transaction.

use serde::Serialize;
use serde_json::json;
use sqlx::postgres::PgConnection;
use zeroize::Zeroizing;

use super::{Action, Caller, begin, commit, finish, record};
use crate::auth::accounts::{self, Revoked};
use crate::error::{Error, Result};
use crate::model::user::{NewUser, Role, User, UserChanges};
use crate::repo;

pub const CREATE: Action = Action::new("user.create", "user").emits("user.created");
pub const UPDATE: Action = Action::new("user.update", "user").emits("user.updated");
pub const DISABLE: Action = Action::new("user.disable", "user").emits("user.disabled");
pub const ENABLE: Action = Action::new("user.enable", "user").emits("user.enabled");
pub const SET_PASSWORD: Action = Action::new("user.set_password", "user").emits("user.password_changed");
pub const DELETE: Action = Action::new("user.delete", "user").emits("user.deleted");
pub const ERASE: Action = Action::new("user.erase", "user").emits("user.erased");

/// Where a new password comes from. The tool reads it (stdin, a file, a
/// prompt) inside the change, so a password that cannot be had is audited
/// like any other refusal.
pub enum NewPassword<'a> {
    /// No password: the user signs in only through an identity provider.
    None,
    Given(Zeroizing<String>),
    Read(&'a (dyn Fn() -> Result<Zeroizing<String>> + Send + Sync)),
}

/// A user to create.
pub struct NewAccount<'a> {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: NewPassword<'a>,
}

/// What may change of a user (None leaves it), and at which version the
/// caller saw them (an HTTP `If-Match`), when it matters.
#[derive(Debug, Clone, Default)]
pub struct Update {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub expected_version: Option<i64>,
}

/// A user after a change that revoked their tokens and sessions.
#[derive(Debug, Serialize)]
pub struct Revocation {
    pub user: User,
    /// The email before the change (an erase replaces it), for messages.
    #[serde(skip)]
    pub email: String,
    pub revoked: Revoked,
}

pub async fn create(conn: &mut PgConnection, caller: &Caller<'_>, account: NewAccount<'_>) -> Result<User> {
    let outcome = async {
        let hash = match &account.password {
            NewPassword::None => None,
            source => Some(hash(checked(source, &account.email)?).await?),
        };
        let mut tx = begin(conn).await?;
        let user = repo::users::create(
            &mut tx,
            &NewUser {
                role: account.role,
                password_hash: hash,
                ..NewUser::new(&account.email, &account.name)
            },
        )
        .await?;
        let details = json!({
            "email": user.email, "name": user.display_name, "role": user.role,
            "password": if user.has_password { "set (redacted)" } else { "none" },
        });
        record(&mut tx, caller, CREATE, user.id, details).await?;
        commit(tx).await?;
        // A read before the insert may have cached "not found".
        forget(caller, user.id).await;
        Ok(user)
    }
    .await;
    finish(conn, caller, CREATE, outcome).await
}

/// Changes a live user's name or role; `Update::expected_version` makes a
/// concurrent change a conflict instead of a lost update.
pub async fn update(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    user: &str,
    update: &Update,
) -> Result<User> {
    let outcome = async {
        if update.name.is_none() && update.role.is_none() {
            return Err(Error::InvalidValue {
                entity: "user update",
                constraint: None,
                message: "nothing to change: give a name and/or a role".into(),
            });
        }
        let mut tx = begin(conn).await?;
        let before = repo::users::lookup(&mut tx, user).await?;
        let updated = repo::users::update(
            &mut tx,
            before.id,
            update.expected_version.unwrap_or(before.version),
            &UserChanges {
                display_name: update.name.clone(),
                role: update.role,
                ..UserChanges::default()
            },
        )
        .await?;
        let mut changes = serde_json::Map::new();
        if let Some(name) = &update.name {
            changes.insert("name".into(), json!(name));
        }
        if let Some(role) = update.role {
            changes.insert("role".into(), json!(role));
        }
        let details = json!({
            "changes": changes,
            "previous": { "name": before.display_name, "role": before.role },
        });
        record(&mut tx, caller, UPDATE, updated.id, details).await?;
        commit(tx).await?;
        forget(caller, updated.id).await;
        Ok(updated)
    }
    .await;
    finish(conn, caller, UPDATE, outcome).await
}

/// Disables a user and revokes their tokens and sessions (a disabled user
/// stays as they are).
pub async fn disable(conn: &mut PgConnection, caller: &Caller<'_>, user: &str) -> Result<Revocation> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let found = repo::users::lookup(&mut tx, user).await?;
        let (user, revoked) = accounts::disable(&mut tx, &found, caller.actor.as_str()).await?;
        record(&mut tx, caller, DISABLE, user.id, serde_json::to_value(&revoked)?).await?;
        commit(tx).await?;
        revoked.publish(caller.cache, caller.watch, Some(user.id)).await;
        Ok(Revocation {
            email: user.email.clone(),
            user,
            revoked,
        })
    }
    .await;
    finish(conn, caller, DISABLE, outcome).await
}

/// Enables a disabled user; the tokens revoked when they were disabled stay revoked.
pub async fn enable(conn: &mut PgConnection, caller: &Caller<'_>, user: &str) -> Result<User> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let found = repo::users::lookup(&mut tx, user).await?;
        let user = accounts::enable(&mut tx, &found).await?;
        record(&mut tx, caller, ENABLE, user.id, json!({})).await?;
        commit(tx).await?;
        forget(caller, user.id).await;
        Ok(user)
    }
    .await;
    finish(conn, caller, ENABLE, outcome).await
}

/// Replaces a live user's password, refused when weak.
pub async fn set_password(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    user: &str,
    password: NewPassword<'_>,
) -> Result<User> {
    let outcome = async {
        let found = repo::users::lookup(conn, user).await?;
        let hash = match &password {
            NewPassword::None => {
                return Err(Error::InvalidValue {
                    entity: "password",
                    constraint: None,
                    message: "no password given".into(),
                });
            }
            source => hash(checked(source, &found.email)?).await?,
        };
        let mut tx = begin(conn).await?;
        accounts::set_password(&mut tx, found.id, &hash).await?;
        record(
            &mut tx,
            caller,
            SET_PASSWORD,
            found.id,
            json!({ "password": "set (redacted)" }),
        )
        .await?;
        commit(tx).await?;
        forget(caller, found.id).await;
        Ok(found)
    }
    .await;
    finish(conn, caller, SET_PASSWORD, outcome).await
}

/// Deletes a user (soft: the row stays, the email can be reused) or, with
/// `erase`, also erases their personal data for good. Both revoke every
/// token and session. A deleted user can be named by their old email.
pub async fn delete(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    user: &str,
    erase: bool,
) -> Result<Revocation> {
    let action = if erase { ERASE } else { DELETE };
    let outcome = async {
        let mut tx = begin(conn).await?;
        let found = repo::users::lookup_any(&mut tx, user).await?;
        let (user, revoked) = accounts::delete(&mut tx, &found, caller.actor.as_str(), erase).await?;
        if erase {
            crate::events::outbox::erase_data(&mut tx, ERASE.entity_type, &user.id.to_string()).await?;
        }
        record(&mut tx, caller, action, user.id, serde_json::to_value(&revoked)?).await?;
        commit(tx).await?;
        revoked.publish(caller.cache, caller.watch, Some(user.id)).await;
        Ok(Revocation {
            user,
            email: found.email,
            revoked,
        })
    }
    .await;
    finish(conn, caller, action, outcome).await
}

/// Drops a changed user's cached account, after the commit. (A change that
/// revokes tokens does it through [`Revoked::publish`].)
pub(crate) async fn forget(caller: &Caller<'_>, user: uuid::Uuid) {
    caller
        .cache
        .invalidate(&[crate::cache::entities::key(crate::cache::Kind::User, user)])
        .await;
}

/// The password of `source`, refused when weak for this email.
fn checked(source: &NewPassword<'_>, email: &str) -> Result<Zeroizing<String>> {
    let password = match source {
        NewPassword::None => unreachable!("callers handle a missing password"),
        NewPassword::Given(password) => password.clone(),
        NewPassword::Read(read) => read()?,
    };
    crate::password::check_strength(&password, email).map_err(|weakness| Error::InvalidValue {
        entity: "password",
        constraint: None,
        message: format!("refused because {weakness}"),
    })?;
    Ok(password)
}

/// Argon2id takes tens of milliseconds of CPU: off the async threads.
async fn hash(password: Zeroizing<String>) -> Result<String> {
    tokio::task::spawn_blocking(move || crate::password::hash(&password))
        .await
        .map_err(|e| Error::Internal(format!("the password hashing task failed: {e}")))?
}
