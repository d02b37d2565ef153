//! Password hashing: Argon2id with the argon2 crate's defaults (m=19456 KiB,
//! t=2, p=1, OWASP's minimum), stored as a standard PHC string
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) that any other Argon2
//! library verifies.
//!
//! Hashing costs tens of milliseconds on purpose; callers on an async runtime
//! run it with `spawn_blocking` when they hash many.

use argon2::{Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier};

use crate::error::{Error, Result};

/// Hashes a password with a fresh random salt.
pub fn hash(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Internal(format!("cannot hash a password: {e}")))
}

/// Whether `password` matches the PHC string `hash`. A malformed hash (or
/// one of an algorithm we do not know) matches nothing.
pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// Passwords people pick that are long enough to pass the length rule.
const COMMON: &str = include_str!("common_passwords.txt");

/// Why a password is refused, in words for the person choosing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Weakness {
    #[error("it is shorter than {MIN_LENGTH} characters")]
    TooShort,
    #[error("it contains the email address's name ({0:?})")]
    ContainsEmailName(String),
    #[error("it is one of the most common passwords")]
    Common,
}

/// Refuses a password that is too short, contains the local part of the
/// user's email (or equals it), or is in the built-in list of common ones.
pub fn check_strength(password: &str, email: &str) -> std::result::Result<(), Weakness> {
    if password.chars().count() < MIN_LENGTH {
        return Err(Weakness::TooShort);
    }
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    // Very short names ("al") would refuse too much to mean anything.
    if local.chars().count() >= 3 && lower.contains(&local) {
        return Err(Weakness::ContainsEmailName(local));
    }
    if COMMON.lines().any(|common| common.trim() == lower) {
        return Err(Weakness::Common);
    }
    Ok(())
}

/// Whether a stored hash is weaker than what [`hash`] makes now: another
/// algorithm than Argon2id, or lower memory, time or parallelism.
pub fn is_outdated(hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return true;
    };
    if parsed.algorithm.as_str() != "argon2id" {
        return true;
    }
    let current = Params::default();
    let param = |name: &str| parsed.params.get_decimal(name).unwrap_or(0);
    param("m") < current.m_cost() || param("t") < current.t_cost() || param("p") < current.p_cost()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_salted_phc_strings_that_verify() {
        let first = hash("a long enough passphrase").unwrap();
        let second = hash("a long enough passphrase").unwrap();
        assert!(first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{first}");
        assert_ne!(first, second, "each hash has its own salt");
        assert!(verify("a long enough passphrase", &first));
        assert!(!verify("a long enough passphrasE", &first));
        assert!(!verify("anything", "$argon2id$not-a-hash"));
        assert!(!is_outdated(&first));
    }

    #[test]
    fn weak_passwords_are_refused_with_the_reason() {
        let email = "marie.curie@example.com";
        assert_eq!(check_strength("short1!", email), Err(Weakness::TooShort));
        assert_eq!(
            check_strength("xxMARIE.CURIExx", email),
            Err(Weakness::ContainsEmailName("marie.curie".into()))
        );
        assert_eq!(check_strength("Password1234", email), Err(Weakness::Common));
        assert_eq!(check_strength("radium and polonium, 1898", email), Ok(()));
    }

    #[test]
    fn weaker_parameters_are_outdated() {
        let weak = Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            Params::new(4096, 1, 1, None).unwrap(),
        )
        .hash_password(b"a long enough passphrase")
        .unwrap()
        .to_string();
        assert!(verify("a long enough passphrase", &weak));
        assert!(is_outdated(&weak));
        let argon2i = Argon2::new(
            argon2::Algorithm::Argon2i,
            argon2::Version::V0x13,
            Params::default(),
        )
        .hash_password(b"a long enough passphrase")
        .unwrap()
        .to_string();
        assert!(is_outdated(&argon2i));
    }
}
