//! Password hashing: Argon2id with the argon2 crate's defaults (m=19456 KiB,
//! t=2, p=1, OWASP's minimum), stored as a standard PHC string
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) that any other Argon2
//! library verifies.
//!
//! Hashing costs tens of milliseconds on purpose; callers on an async runtime
//! run it with `spawn_blocking` when they hash many.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

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
    }
}
