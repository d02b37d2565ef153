//! Argument groups shared by several commands, each with the methods that
//! turn it into what the library needs.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use platformctl::config::{MigrateOverrides, Settings};
use platformctl::migrate::MigrationSet;

use super::output::Printer;

/// clap value parser for human durations (`90s`, `15m`, `1h`, `30d`).
pub fn duration(value: &str) -> Result<Duration, String> {
    humantime::parse_duration(value).map_err(|e| format!("{e}; use a duration like 90s, 15m, 1h or 30d"))
}

/// Where migrations come from.
#[derive(Debug, Clone, clap::Args)]
pub struct SourceArgs {
    /// Read migrations from this directory instead of those embedded in the binary
    #[arg(long, value_name = "DIR", global = true)]
    pub source: Option<PathBuf>,
}

impl SourceArgs {
    pub fn load(&self) -> Result<MigrationSet> {
        Ok(match &self.source {
            Some(dir) => MigrationSet::from_dir(dir)?,
            None => MigrationSet::embedded()?,
        })
    }
}

/// Timeouts of a migration run.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TimeoutArgs {
    /// How long to wait for the migration lock held by another run, then exit 75 [default: 30s]
    #[arg(long, value_name = "DUR", value_parser = duration)]
    pub lock_timeout: Option<Duration>,

    /// PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]
    #[arg(long, value_name = "DUR", value_parser = duration)]
    pub ddl_lock_timeout: Option<Duration>,

    /// PostgreSQL statement_timeout for each statement of a migration [default: 30m]
    #[arg(long, value_name = "DUR", value_parser = duration)]
    pub statement_timeout: Option<Duration>,
}

impl TimeoutArgs {
    pub fn apply(&self, migrate: &mut MigrateOverrides) {
        migrate.lock_wait = self.lock_timeout.or(migrate.lock_wait);
        migrate.lock_timeout = self.ddl_lock_timeout.or(migrate.lock_timeout);
        migrate.statement_timeout = self.statement_timeout.or(migrate.statement_timeout);
    }
}

/// Refuses `what` when the settings mark the environment as production,
/// unless the user passed --allow-production (exit 77).
pub fn refuse_in_production(settings: &Settings, allowed: bool, what: &str) -> Result<()> {
    if settings.is_production() && !allowed {
        return Err(platformctl::Error::Refused(format!(
            "the environment is production ({}); pass --allow-production to do {what} anyway",
            settings
                .config_file
                .as_ref()
                .map_or("PLATFORMCTL_ENV".to_owned(), |f| format!(
                    "PLATFORMCTL_ENV or {}",
                    f.display()
                ))
        ))
        .into());
    }
    Ok(())
}

/// Confirmation of a destructive action.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfirmArgs {
    /// Do not ask for confirmation (required when not on a terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Allow this even when the settings mark the environment as production
    #[arg(long)]
    pub allow_production: bool,
}

impl ConfirmArgs {
    /// Refuses in production without --allow-production, then asks on a
    /// terminal unless --yes; without a terminal, --yes is required.
    pub fn confirm(&self, printer: &Printer, settings: &Settings, question: &str) -> Result<()> {
        refuse_in_production(settings, self.allow_production, "this")?;
        if self.yes {
            return Ok(());
        }
        match printer.confirm(question)? {
            Some(true) => Ok(()),
            Some(false) => {
                Err(platformctl::Error::Refused("cancelled; nothing was changed".to_owned()).into())
            }
            None => Err(platformctl::Error::Refused(format!(
                "{question} Not on a terminal to ask: pass --yes to confirm"
            ))
            .into()),
        }
    }
}

/// The user named by `USER` on the command line: an email address (any
/// case; live users only) or a user id.
pub async fn find_user(conn: &mut sqlx::PgConnection, spec: &str) -> Result<platformctl::model::user::User> {
    let found = match spec.parse::<uuid::Uuid>() {
        Ok(id) => platformctl::repo::users::find(conn, id).await?,
        Err(_) => platformctl::repo::users::find_by_email(conn, spec).await?,
    };
    found.ok_or_else(|| {
        platformctl::Error::NotFound {
            entity: "user",
            key: format!("{spec} (give an email address or a user id; `platformctl user list` shows them)"),
        }
        .into()
    })
}

/// Like [`find_user`], but a deleted user counts too (the live one with the
/// email first, else the last one deleted), for commands that must say
/// "deleted" rather than "no such user".
pub async fn find_user_any(
    conn: &mut sqlx::PgConnection,
    spec: &str,
) -> Result<platformctl::model::user::User> {
    if let Ok(id) = spec.parse::<uuid::Uuid>()
        && let Some(user) = platformctl::repo::users::find(conn, id).await?
    {
        return Ok(user);
    }
    if let Some(user) = platformctl::repo::users::find_by_email(conn, spec).await? {
        return Ok(user);
    }
    match platformctl::repo::users::find_deleted_by_email(conn, spec).await? {
        Some(user) => Ok(user),
        None => find_user(conn, spec).await,
    }
}

/// Starts the transaction of a change (and of its audit row).
pub async fn begin(conn: &mut sqlx::PgConnection) -> Result<sqlx::Transaction<'_, sqlx::Postgres>> {
    use sqlx::Connection;
    Ok(conn
        .begin()
        .await
        .map_err(platformctl::Error::db("cannot start a transaction"))?)
}

/// Commits a change with its audit row.
pub async fn commit(tx: sqlx::Transaction<'_, sqlx::Postgres>) -> Result<()> {
    Ok(tx
        .commit()
        .await
        .map_err(platformctl::Error::db("cannot commit"))?)
}

/// `--limit N --page P` of the listing commands.
#[derive(Debug, Clone, clap::Args)]
pub struct PageArgs {
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    limit: u32,
    #[arg(long, value_name = "P", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    page: u32,
}

impl PageArgs {
    pub fn request(&self) -> Result<platformctl::repo::PageRequest> {
        Ok(platformctl::repo::PageRequest::new(self.page, self.limit)?)
    }
}

/// After a revocation committed: the denylist and the cache learn it. Redis
/// being unreachable only warns; PostgreSQL already says revoked.
pub async fn publish_revocation(
    settings: &platformctl::Settings,
    revoked: &platformctl::auth::accounts::Revoked,
    user: Option<uuid::Uuid>,
) {
    match platformctl::cache::Cache::connect(settings).await {
        Ok(cache) => revoked.publish(&cache, user).await,
        Err(e) => tracing::warn!("revoked in PostgreSQL; Redis not told: {e}"),
    }
}
