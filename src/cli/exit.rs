//! Exit codes: one enum, mapped from the library's error kinds in one place.
//! The numbers are a contract: scripts depend on them (docs/configuration.md lists them).

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
    /// Every status, in the order `--help` lists them.
    pub const ALL: [ExitStatus; 12] = [
        ExitStatus::Success,
        ExitStatus::CheckFailed,
        ExitStatus::DataError,
        ExitStatus::NoInput,
        ExitStatus::NotFound,
        ExitStatus::Unavailable,
        ExitStatus::Internal,
        ExitStatus::CannotCreate,
        ExitStatus::TryAgain,
        ExitStatus::Refused,
        ExitStatus::Config,
        ExitStatus::Interrupted,
    ];

    /// What the status means, in a few words (`--help`, the man page).
    pub fn meaning(self) -> &'static str {
        match self {
            ExitStatus::Success => "ok",
            ExitStatus::CheckFailed => "a check failed",
            ExitStatus::DataError => "bad input",
            ExitStatus::NoInput => "missing input",
            ExitStatus::NotFound => "not found",
            ExitStatus::Unavailable => "PostgreSQL/Redis unreachable",
            ExitStatus::Internal => "internal",
            ExitStatus::CannotCreate => "cannot write",
            ExitStatus::TryAgain => "locked (retry later)",
            ExitStatus::Refused => "refused by a guard",
            ExitStatus::Config => "configuration",
            ExitStatus::Interrupted => "interrupted",
        }
    }

    /// "Exit codes: 0 ok, 1 a check failed, 2 usage, ...", from the table above.
    pub fn summary() -> String {
        let mut parts: Vec<String> = Self::ALL
            .iter()
            .map(|s| format!("{} {}", s.code(), s.meaning()))
            .collect();
        // 2 is clap's, for usage errors.
        parts.insert(2, "2 usage".to_owned());
        format!("Exit codes: {}.", parts.join(", "))
    }

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

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn every_status_is_listed_once_with_a_distinct_code() {
        let mut codes: Vec<u8> = ExitStatus::ALL.iter().map(|s| s.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ExitStatus::ALL.len());
        assert!(
            ExitStatus::summary().starts_with("Exit codes: 0 ok, 1 a check failed, 2 usage, 65 bad input")
        );
    }
}
