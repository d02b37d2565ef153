//! Sample data: seed files (`seed run`) and bulk generated data
//! (`seed generate`).
//!
//! - `document`: the shape of a seed file.
//! - `load`: reading files and their includes; errors with file, line,
//!   column and record path.
//! - `locate`: the record path of a line and column, for serde's errors.
//! - `record`: one row found by natural key, then inserted, updated or left
//!   alone; what makes a second run change nothing.
//! - `apply`: the walk over a loaded set, in one transaction.
//! - `generate`: deterministic bulk data through COPY.

mod apply;
mod document;
pub mod generate;
mod load;
mod locate;
mod record;

use std::path::PathBuf;

pub use apply::{EntityCounts, SeedReport};
pub use load::{MAX_FILE_BYTES, SeedError};

use crate::config::Settings;
use crate::crypto::{ENV_MASTER_KEY, ENV_MASTER_KEY_FILE, Keyring};
use crate::error::Result;

/// Which seed files to load.
#[derive(Debug, Clone)]
pub enum Selection {
    /// `seeds/<env>.yaml`, or the built-in copy when it is not on disk.
    Environment(String),
    Files(Vec<PathBuf>),
}

/// Loads the selected files (all of them, before touching the database: a
/// bad file writes nothing) and applies them in one transaction. A dry run
/// does everything, then rolls back.
pub async fn run(
    settings: &Settings,
    selection: &Selection,
    keyring: Option<&Keyring>,
    dry_run: bool,
) -> Result<SeedReport> {
    let (roots, origin) = match selection {
        Selection::Environment(env) => {
            let (path, origin) = load::environment_file(env)?;
            (vec![path], origin)
        }
        Selection::Files(files) => (files.clone(), load::Origin::Disk),
    };
    let files = load::load(&roots, &origin)?;
    let target = settings.target()?;
    let mut conn = target.connect("platformctl seed").await?;
    let entities = apply::apply(&mut conn, &files, keyring, dry_run).await?;
    Ok(SeedReport {
        files: files.iter().map(|f| f.name.clone()).collect(),
        source: match origin {
            load::Origin::Disk => "disk",
            load::Origin::BuiltIn => "built-in",
        },
        dry_run,
        changed: entities.iter().any(|e| e.created + e.updated > 0),
        entities,
    })
}

/// The master key if one is configured; a configured but invalid key is an
/// error, an absent one is not (seed files without secrets need none).
pub fn configured_master_key() -> Result<Option<Keyring>> {
    let configured = [ENV_MASTER_KEY, ENV_MASTER_KEY_FILE]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    configured.then(Keyring::from_env).transpose()
}
