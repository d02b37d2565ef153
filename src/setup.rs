//! One-command set-ups: `setup` (create the database if missing, migrate up,
//! seed, give a development machine a signing key, warm the cache) and `db
//! reset` (drop, create, migrate up). Both are idempotent where they can be:
//! `setup` on a ready database changes nothing.

use crate::audit::Actor;
use crate::cache::refresh::{self, Refresh};
use crate::cache::{Cache, warm};
use crate::changes::{self, Caller};
use crate::config::Settings;
use crate::crypto::Keyring;
use crate::error::Result;
use crate::migrate::{Event, MigrationSet, Options, Runner, Step};
use crate::progress::Progress;
use crate::seed::{SeedReport, Selection};

#[derive(Debug, Clone, serde::Serialize)]
pub struct SetupReport {
    pub database: String,
    pub database_created: bool,
    pub migrations_applied: Vec<Step>,
    /// None when seeding was skipped.
    pub seed: Option<SeedReport>,
    /// The signing key made because none was active (development only).
    pub signing_key: Option<String>,
    pub cache: Refresh,
}

/// What `setup` does beyond creating the database and migrating it.
pub struct Plan<'a> {
    pub migrations: &'a MigrationSet,
    pub options: Options,
    /// The seed set to load; None skips seeding.
    pub seed: Option<Selection>,
    /// The master key that seals seeded credentials and signing keys; with
    /// none, no signing key is made.
    pub keyring: Option<&'a Keyring>,
    /// Who runs it, for the audit row of a signing key it makes.
    pub actor: &'a Actor,
}

/// Creates the database when missing, applies pending migrations, loads
/// the seed set (one transaction; a no-op when already loaded), makes an
/// active signing key outside production when none is (so `token issue`
/// works straight away), and warms the cache (reported, never a failure,
/// when Redis is down).
pub async fn setup(
    settings: &Settings,
    plan: Plan<'_>,
    events: &dyn for<'e> Progress<Event<'e>>,
    warm_events: &dyn Progress<warm::Event>,
) -> Result<SetupReport> {
    let target = settings.target()?;
    let database_created = if target.database_exists().await? {
        false
    } else {
        target.create_database().await?
    };
    let migrations_applied = Runner::new(&target, plan.migrations, plan.options)
        .up(None, events)
        .await?;
    let seed = match &plan.seed {
        Some(selection) => Some(crate::seed::run(settings, selection, plan.keyring, false).await?),
        None => None,
    };
    let signing_key = match plan.keyring {
        Some(keyring) if !settings.is_production() => {
            let cache = Cache::connect(settings).await?;
            let mut conn = target.connect("platformctl setup").await?;
            let caller = Caller::new(plan.actor, &cache).with_events(settings.events.enabled);
            let made = changes::keys::ensure_active(&mut conn, &caller, keyring).await?;
            made.map(|key| key.kid)
        }
        _ => None,
    };
    let cache = refresh::refresh(settings, &target, false, warm_events).await;
    Ok(SetupReport {
        database: target.display_url().to_owned(),
        database_created,
        migrations_applied,
        seed,
        signing_key,
        cache,
    })
}

/// Drops the database (terminating other sessions when `force`), creates it
/// again, and applies every migration.
pub async fn reset(
    settings: &Settings,
    set: &MigrationSet,
    options: Options,
    force: bool,
    events: &dyn for<'e> Progress<Event<'e>>,
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
        signing_key: None,
        cache: Refresh::skipped("db reset does not warm the cache"),
    })
}
