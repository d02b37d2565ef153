//! platformctl: the data layer of the workspace platform (PostgreSQL and
//! Redis) and the library behind the `platformctl` administrative tool.
//!
//! Services depend on this crate with `default-features = false`; it never
//! prints, prompts or exits. Errors are [`Error`]s whose [`ErrorKind`] the tool
//! maps to an exit code.
//!
//! Modules: `config` (settings, with one precedence: flag > env > file >
//! default), `db` (connecting with a bounded retry; creating and dropping the
//! database), `migrate` (the migration runner), `model` and `repo` (entities
//! and their repositories), `cache` (Redis), `crypto` (the envelope of stored secrets) and `secrets` (its key
//! rotation), `doctor` and
//! `setup` (health checks and one-command set-ups), `auth` (signing keys and
//! tokens), `audit` (who did what, written with the change), `backup`
//! (consistent parallel backups, verified restores), `retention` (archived,
//! batched purges), `files` (the owner-only, synced files both write),
//! `pgcopy` (binary COPY streams, read in place) and `json` (JSON strings
//! written fast, as serde_json writes them).

#![deny(clippy::print_stdout, clippy::print_stderr)]

#[cfg(feature = "server")]
pub mod api;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod cache;
pub mod changes;
pub mod config;
pub mod crypto;
pub mod db;
pub mod doctor;
pub mod error;
pub mod events;
pub mod files;
pub mod hex;
pub mod json;
pub mod migrate;
pub mod model;
pub mod password;
pub mod pgcopy;
pub mod progress;
pub mod repo;
pub mod retention;
pub mod secrets;
pub mod seed;
pub mod setup;
pub mod sql;

pub use config::Settings;
pub use error::{Error, ErrorKind, Result};
