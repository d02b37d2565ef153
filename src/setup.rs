//! One-command set-ups: `setup` (create the database if missing, migrate up,
//! seed) and `db reset` (drop, create, migrate up). Both are idempotent where
//! they can be: `setup` on a ready database changes nothing.

use crate::config::Settings;
use crate::crypto::Keyring;
use crate::error::Result;
use crate::migrate::{Event, MigrationSet, Options, Runner, Step};
use crate::seed::{SeedReport, Selection};

#[derive(Debug, Clone, serde::Serialize)]
pub struct SetupReport {
    pub database: String,
    pub database_created: bool,
    pub migrations_applied: Vec<Step>,
    /// None when seeding was skipped.
    pub seed: Option<SeedReport>,
}

/// What `setup` seeds after migrating: a seed set and the master key its
/// credentials are sealed with.
pub struct SeedStep<'a> {
    pub selection: Selection,
    pub keyring: Option<&'a Keyring>,
}

/// Creates the database when missing, applies pending migrations, then
/// loads the seed set (one transaction; a no-op when already loaded).
pub async fn setup(
    settings: &Settings,
    set: &MigrationSet,
    options: Options,
    seed: Option<SeedStep<'_>>,
    events: &mut dyn FnMut(Event<'_>),
) -> Result<SetupReport> {
    let target = settings.target()?;
    let database_created = if target.database_exists().await? {
        false
    } else {
        target.create_database().await?
    };
    let migrations_applied = Runner::new(&target, set, options).up(None, events).await?;
    let seed = match seed {
        Some(step) => Some(crate::seed::run(settings, &step.selection, step.keyring, false).await?),
        None => None,
    };
    Ok(SetupReport {
        database: target.display_url().to_owned(),
        database_created,
        migrations_applied,
        seed,
    })
}

/// Drops the database (terminating other sessions when `force`), creates it
/// again, and applies every migration.
pub async fn reset(
    settings: &Settings,
    set: &MigrationSet,
    options: Options,
    force: bool,
    events: &mut dyn FnMut(Event<'_>),
) -> Result<SetupReport> {
    let target = settings.target()?;
    target.drop_database(force).await?;
    target.create_database().await?;
    let migrations_applied = Runner::new(&target, set, options).up(None, events).await?;
    Ok(SetupReport {
        database: target.display_url().to_owned(),
        database_created: true,
        migrations_applied,
        seed: None,
    })
}
