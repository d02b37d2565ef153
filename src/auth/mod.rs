//! Authentication: Ed25519 signing keys ([`keys`]) and the JWTs they sign
//! ([`jwt`]): issue, verify, revoke, and refresh-token rotation; what admins
//! do to accounts ([`accounts`]); sign-in throttling ([`throttle`]); what a
//! long-running process keeps in memory to verify tokens ([`watch`]).
//! Passwords are in [`crate::password`].

pub mod accounts;
pub mod jwt;
pub mod keys;
pub mod roles;
pub mod throttle;
pub mod watch;
