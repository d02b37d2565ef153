//! The migration runner: sqlx-compatible files and history, with what sqlx
//! lacks: a bounded lock that names its holder, per-migration lock and
//! statement timeouts, status that sees changed and missing files, dry runs,
//! down/redo/to-version, a run log, and `verify` (each down really reverses
//! its up).
//!
//! Modules, in the order a run uses them: `source` (reading and validating
//! files), `plan` (deciding what a run does, refusing bad states up front),
//! `lock` (the advisory lock shared with sqlx's `Migrator`), `history`
//! (`_sqlx_migrations` and our run log), `sql` (splitting scripts into
//! statements, mapping error positions), `runner` (executing plans), and
//! `status`, `verify` with its `catalog` snapshots.

pub mod catalog;
pub mod history;
pub mod lock;
pub mod plan;
pub mod runner;
pub mod source;
pub mod status;
pub mod verify;

pub use crate::db::lock::LockHolder;
pub use history::Direction;
pub use lock::MigrationLock;
pub use plan::DownTarget;
pub use runner::{Event, MigrationFailure, Options, PlannedScript, Runner, Step};
pub use source::{Migration, MigrationSet, NewMigration, create_migration};
pub use status::{State, Status, pending, status};
pub use verify::{Outcome, VerifiedMigration, VerifyReport, verify};
