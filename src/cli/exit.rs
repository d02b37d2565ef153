//! Exit codes: one enum, mapped from the library's error kinds in one place.
//! The numbers are the contract of CLI.md; scripts depend on them.

use platformctl::ErrorKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    /// A check ran and failed (`migrate status --check`, `migrate verify`, `doctor`).
    CheckFailed,
    /// Bad input data: malformed migration, changed checksum, failed migration.
    DataError,
    /// An input file or directory does not exist.
    NoInput,
    /// No such entity.
    NotFound,
    /// PostgreSQL or Redis unreachable.
    Unavailable,
    Internal,
    CannotCreate,
    /// A lock is held by another run, or a lock timeout hit: retry later.
    TryAgain,
    /// Refused by a guard.
    Refused,
    Config,
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::CheckFailed => 1,
            // 2 is clap's, for usage errors.
            ExitStatus::DataError => 65,
            ExitStatus::NoInput => 66,
            ExitStatus::NotFound => 67,
            ExitStatus::Unavailable => 69,
            ExitStatus::Internal => 70,
            ExitStatus::CannotCreate => 73,
            ExitStatus::TryAgain => 75,
            ExitStatus::Refused => 77,
            ExitStatus::Config => 78,
            ExitStatus::Interrupted => 130,
        }
    }

    /// The status for an error: the first library error in its cause chain
    /// decides; anything else is internal.
    pub fn for_error(error: &anyhow::Error) -> ExitStatus {
        let kind = error
            .chain()
            .find_map(|cause| cause.downcast_ref::<platformctl::Error>())
            .map(platformctl::Error::kind);
        kind.map_or(ExitStatus::Internal, ExitStatus::for_kind)
    }

    /// The status for a kind of library error.
    pub fn for_kind(kind: ErrorKind) -> ExitStatus {
        match kind {
            ErrorKind::BadInput => ExitStatus::DataError,
            ErrorKind::InputMissing => ExitStatus::NoInput,
            ErrorKind::NotFound => ExitStatus::NotFound,
            ErrorKind::Unavailable => ExitStatus::Unavailable,
            ErrorKind::Internal => ExitStatus::Internal,
            ErrorKind::CannotCreate => ExitStatus::CannotCreate,
            ErrorKind::Temporary => ExitStatus::TryAgain,
            ErrorKind::Refused => ExitStatus::Refused,
            ErrorKind::Config => ExitStatus::Config,
            ErrorKind::Interrupted => ExitStatus::Interrupted,
        }
    }
}
