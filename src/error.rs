//! The library's error type. Every variant belongs to one [`ErrorKind`], which
//! the command-line tool maps to an exit code in exactly one place.
//!
//! Messages name what to fix (the flag, environment variable, file or
//! migration), and never contain a password: URLs are stored redacted.

use std::path::PathBuf;
use std::time::Duration;

use crate::db::lock::LockHolder;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an error is, independent of its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input data: a malformed migration set, a changed checksum, a failed migration.
    BadInput,
    /// An input file or directory does not exist.
    InputMissing,
    /// No such entity (a migration version, a user, a token...).
    NotFound,
    /// PostgreSQL or Redis cannot be reached.
    Unavailable,
    /// A bug or an unexpected server answer.
    Internal,
    /// An output file or directory cannot be written.
    CannotCreate,
    /// Try again later: a lock is held by another run, or a lock timeout hit.
    Temporary,
    /// A guard refused the action.
    Refused,
    /// A setting or key is missing or invalid.
    Config,
    /// The run was interrupted (Ctrl-C).
    Interrupted,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid setting {setting}: {message}")]
    Config { setting: &'static str, message: String },

    #[error("cannot read config file {}: {message}", path.display())]
    ConfigFile { path: PathBuf, message: String },

    #[error(
        "cannot reach {service} at {url} (gave up after {}): {message}",
        humantime::format_duration(*waited)
    )]
    Unreachable {
        service: &'static str,
        /// Already redacted.
        url: String,
        waited: Duration,
        message: String,
    },

    #[error("{service} at {url} refused the credentials: {message} (fix the user or password in {setting})")]
    Authentication {
        service: &'static str,
        url: String,
        setting: &'static str,
        message: String,
    },

    #[error(
        "database \"{database}\" does not exist at {url}; create it with `platformctl db create` (or `platformctl setup`)"
    )]
    DatabaseMissing { database: String, url: String },

    #[error("{0}")]
    MigrationSource(String),

    #[error("migration directory {} does not exist", .0.display())]
    SourceMissing(PathBuf),

    #[error("{}", checksum_message(.0))]
    ChecksumChanged(Vec<ChangedChecksum>),

    #[error(
        "migration {version} ({description}) is applied but its file is missing from the source; \
         restore the file or use the binary that applied it"
    )]
    AppliedMigrationMissing { version: i64, description: String },

    #[error(
        "migration {version} ({description}) is recorded as failed (success = false in _sqlx_migrations); \
         repair the database by hand, then delete that row"
    )]
    DirtyMigration { version: i64, description: String },

    #[error(
        "migration {version} ({description}) is pending but older than the newest applied migration {latest}; \
         renumber it, or pass --allow-out-of-order to apply it anyway"
    )]
    OutOfOrder {
        version: i64,
        description: String,
        latest: i64,
    },

    #[error(
        "cannot revert, nothing was run:\n  {}\nadd the missing down scripts, or choose a target above them with --to",
        .0.join("\n  ")
    )]
    Irreversible(Vec<String>),

    #[error("no migration with version {0} in the source; `platformctl migrate status` lists them")]
    UnknownVersion(i64),

    #[error("{}", lock_message(*waited, holder.as_deref()))]
    LockHeld {
        waited: Duration,
        holder: Option<Box<LockHolder>>,
    },

    #[error(
        "lost the connection holding the migration lock; another run may now start. Re-run `platformctl migrate status` to see what was applied"
    )]
    LockLost,

    #[error("{0}")]
    Refused(String),

    /// Who asks could not be established: bad credentials, or a token
    /// refused. `code` says which (`INVALID_CREDENTIALS`, `TOKEN_EXPIRED`,
    /// `TOKEN_REVOKED`, `UNAUTHORIZED`).
    #[error("{message}")]
    Unauthenticated { code: &'static str, message: String },

    /// Too many failed sign-ins for an account: try again after `retry_after`.
    #[error("too many failed attempts; try again in {}s", retry_after.as_secs().max(1))]
    TooManyAttempts { retry_after: Duration },

    /// Something else is in the way for now; the same run later may succeed.
    #[error("{0}")]
    Retry(String),

    #[error("no {entity} {key}")]
    NotFound { entity: &'static str, key: String },

    #[error("{entity} conflicts with an existing one: {message} (constraint {constraint})")]
    Conflict {
        entity: &'static str,
        constraint: String,
        message: String,
    },

    #[error("{entity} refers to something that does not exist: {message} (constraint {constraint})")]
    InvalidReference {
        entity: &'static str,
        constraint: String,
        message: String,
    },

    #[error("invalid {entity}: {message}{}", constraint.as_ref().map(|c| format!(" (constraint {c})")).unwrap_or_default())]
    InvalidValue {
        entity: &'static str,
        constraint: Option<String>,
        message: String,
    },

    #[error(
        "{entity} {id} was changed by someone else since version {expected} was read; read it again and retry"
    )]
    StaleVersion {
        entity: &'static str,
        id: String,
        expected: i64,
    },

    #[error("{message}: {}", path.display())]
    Io {
        message: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
        kind: ErrorKind,
    },

    #[error("interrupted")]
    Interrupted,

    /// A capability's error with details of its own (a failed migration:
    /// its file, line and SQLSTATE; a seed record: its file, line and
    /// path), of the kind given. [`Error::detail`] reads them.
    #[error("{detail}")]
    Detailed {
        kind: ErrorKind,
        detail: Box<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// A bug or an unexpected answer from a library we use.
    #[error("{0}")]
    Internal(String),

    /// Stored data that cannot be what it claims to be (a sealed value that
    /// does not open, a malformed envelope).
    #[error("{0}")]
    Corrupt(String),

    #[error("{context}")]
    Database {
        context: String,
        #[source]
        source: sqlx::Error,
    },

    #[error("{context}")]
    Redis {
        context: String,
        #[source]
        source: redis::RedisError,
    },
}

/// An applied migration whose file no longer matches what was applied.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChangedChecksum {
    pub version: i64,
    pub description: String,
    /// Hex SHA-384 recorded in `_sqlx_migrations`.
    pub applied: String,
    /// Hex SHA-384 of the file now.
    pub file: String,
}

fn checksum_message(changed: &[ChangedChecksum]) -> String {
    let mut message = String::from(
        "applied migrations were changed after they ran; nothing was run. \
         Restore the original files (a new migration is the way to change the schema):",
    );
    for c in changed {
        message.push_str(&format!(
            "\n  {} ({})\n      applied:  {}\n      file now: {}",
            c.version, c.description, c.applied, c.file
        ));
    }
    message
}

fn lock_message(waited: Duration, holder: Option<&LockHolder>) -> String {
    let waited = humantime::format_duration(waited);
    match holder {
        Some(h) => format!(
            "another migration run holds the migration lock ({}); gave up after {waited}. \
             Retry later, or raise --lock-timeout",
            h.describe()
        ),
        None => format!(
            "another migration run holds the migration lock; gave up after {waited}. Retry later, or raise --lock-timeout"
        ),
    }
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Config { .. } | Error::ConfigFile { .. } | Error::Authentication { .. } => {
                ErrorKind::Config
            }
            Error::Unreachable { .. } | Error::DatabaseMissing { .. } | Error::LockLost => {
                ErrorKind::Unavailable
            }
            Error::MigrationSource(_)
            | Error::ChecksumChanged(_)
            | Error::DirtyMigration { .. }
            | Error::OutOfOrder { .. }
            | Error::Irreversible(_) => ErrorKind::BadInput,
            Error::SourceMissing(_) | Error::AppliedMigrationMissing { .. } => ErrorKind::InputMissing,
            Error::UnknownVersion(_) => ErrorKind::NotFound,
            Error::Detailed { kind, .. } => *kind,
            Error::LockHeld { .. } => ErrorKind::Temporary,
            Error::Refused(_) | Error::Unauthenticated { .. } => ErrorKind::Refused,
            Error::TooManyAttempts { .. } => ErrorKind::Temporary,
            Error::Retry(_) => ErrorKind::Temporary,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Conflict { .. } | Error::InvalidReference { .. } | Error::InvalidValue { .. } => {
                ErrorKind::BadInput
            }
            Error::StaleVersion { .. } => ErrorKind::Temporary,
            Error::Io { kind, .. } => *kind,
            Error::Interrupted => ErrorKind::Interrupted,
            Error::Corrupt(_) => ErrorKind::BadInput,
            Error::Internal(_) => ErrorKind::Internal,
            Error::Database { source, .. } => sqlx_kind(source),
            Error::Redis { source, .. } => {
                if source.is_io_error() || source.is_connection_refusal() || source.is_timeout() {
                    ErrorKind::Unavailable
                } else {
                    ErrorKind::Internal
                }
            }
        }
    }

    /// A capability's detailed error, of `kind`.
    pub fn detailed(kind: ErrorKind, detail: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::Detailed {
            kind,
            detail: Box::new(detail),
        }
    }

    /// The details of a [`Error::Detailed`] of type `T`.
    pub fn detail<T: std::error::Error + 'static>(&self) -> Option<&T> {
        match self {
            Error::Detailed { detail, .. } => detail.downcast_ref(),
            _ => None,
        }
    }

    /// Wraps a driver error with what we were doing.
    pub fn db(context: impl Into<String>) -> impl FnOnce(sqlx::Error) -> Error {
        let context = context.into();
        move |source| Error::Database { context, source }
    }

    pub fn io(
        message: &'static str,
        path: impl Into<PathBuf>,
        kind: ErrorKind,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| {
            let kind = if kind == ErrorKind::InputMissing && source.kind() != std::io::ErrorKind::NotFound {
                ErrorKind::BadInput
            } else {
                kind
            };
            Error::Io {
                message,
                path,
                source,
                kind,
            }
        }
    }
}

/// A value that cannot be written as JSON is a bug of ours.
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Internal(format!("cannot write JSON: {e}"))
    }
}

/// Classifies a driver error: lost connections are "unavailable", lock and
/// statement timeouts are "temporary", anything else is internal.
pub(crate) fn sqlx_kind(error: &sqlx::Error) -> ErrorKind {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => ErrorKind::Unavailable,
        sqlx::Error::Database(db) => match db.code().as_deref() {
            // lock_not_available (lock_timeout), query_canceled (statement_timeout)
            Some("55P03") | Some("57014") => ErrorKind::Temporary,
            // admin_shutdown, crash_shutdown, cannot_connect_now
            Some("57P01") | Some("57P02") | Some("57P03") => ErrorKind::Unavailable,
            _ => ErrorKind::Internal,
        },
        _ => ErrorKind::Internal,
    }
}
