//! AES-256-GCM envelopes for secrets stored in the database: provider tokens,
//! integration credentials, private signing keys.
//!
//! A sealed value is `0x01 || nonce (12 bytes) || ciphertext || tag (16)`,
//! with a fresh random nonce per value, stored with the id of the master key
//! that sealed it in a column beside it. Each value is bound to where it lives
//! (`context`, e.g. `external_connections.credentials:<row id>`) as associated
//! data, so a ciphertext copied onto another row or column does not open.
//!
//! The master key comes from `PLATFORMCTL_MASTER_KEY` (base64 of 32 bytes) or
//! the file named by `PLATFORMCTL_MASTER_KEY_FILE`; during a rotation, the
//! previous keys from `PLATFORMCTL_OLD_MASTER_KEYS` (comma-separated) still open
//! what they sealed. A key's id is derived from the key (a hash prefix), so
//! nothing else has to be configured.

use std::fmt;

use aes_gcm::aead::{Aead, Generate, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub const ENV_MASTER_KEY: &str = "PLATFORMCTL_MASTER_KEY";
pub const ENV_MASTER_KEY_FILE: &str = "PLATFORMCTL_MASTER_KEY_FILE";
pub const ENV_OLD_MASTER_KEYS: &str = "PLATFORMCTL_OLD_MASTER_KEYS";

const FORMAT_V1: u8 = 1;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

struct MasterKey {
    id: String,
    cipher: Aes256Gcm,
}

impl MasterKey {
    fn new(bytes: &[u8; 32]) -> MasterKey {
        let digest = Sha256::new_with_prefix(b"platformctl master key id\0")
            .chain_update(bytes)
            .finalize();
        let id = format!("mk_{}", crate::hex::encode(&digest[..8]));
        MasterKey {
            id,
            cipher: Aes256Gcm::new_from_slice(bytes).expect("32-byte key"),
        }
    }
}

/// The current master key and the previous ones still accepted for opening.
pub struct Keyring {
    current: MasterKey,
    previous: Vec<MasterKey>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current.id)
            .field(
                "previous",
                &self.previous.iter().map(|k| &k.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A sealed value and the id of the key that sealed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub bytes: Vec<u8>,
}

impl Keyring {
    /// The keyring configured in the process environment.
    pub fn from_env() -> Result<Keyring> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The keyring configured by `env` (tests pass their own).
    pub fn from_lookup(env: impl Fn(&str) -> Option<String>) -> Result<Keyring> {
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let current = match (env(ENV_MASTER_KEY), env(ENV_MASTER_KEY_FILE)) {
            (Some(value), _) => decode_key(ENV_MASTER_KEY, &value)?,
            (None, Some(path)) => {
                let value = Zeroizing::new(std::fs::read_to_string(&path).map_err(|e| Error::Config {
                    setting: ENV_MASTER_KEY_FILE,
                    message: format!("cannot read {path}: {e}"),
                })?);
                decode_key(ENV_MASTER_KEY_FILE, &value)?
            }
            (None, None) => {
                return Err(Error::Config {
                    setting: ENV_MASTER_KEY,
                    message: format!(
                        "no master key to encrypt and decrypt stored secrets; set {ENV_MASTER_KEY} to the base64 \
                         of 32 random bytes (`openssl rand -base64 32`) or {ENV_MASTER_KEY_FILE} to a file holding it"
                    ),
                });
            }
        };
        let mut previous = Vec::new();
        for value in env(ENV_OLD_MASTER_KEYS).iter().flat_map(|v| v.split(',')) {
            if !value.trim().is_empty() {
                previous.push(MasterKey::new(&decode_key(ENV_OLD_MASTER_KEYS, value)?));
            }
        }
        Ok(Keyring {
            current: MasterKey::new(&current),
            previous,
        })
    }

    /// A keyring from raw keys.
    pub fn from_keys(current: &[u8; 32], previous: &[[u8; 32]]) -> Keyring {
        Keyring {
            current: MasterKey::new(current),
            previous: previous.iter().map(MasterKey::new).collect(),
        }
    }

    pub fn current_key_id(&self) -> &str {
        &self.current.id
    }

    /// Seals `plaintext` under the current key, bound to `context`.
    pub fn seal(&self, plaintext: &[u8], context: &str) -> Result<Sealed> {
        let nonce = Nonce::generate();
        let ciphertext = self
            .current
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Error::Corrupt(format!("cannot encrypt a value for {context}")))?;
        let mut bytes = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        bytes.push(FORMAT_V1);
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&ciphertext);
        Ok(Sealed {
            key_id: self.current.id.clone(),
            bytes,
        })
    }

    /// Opens a value sealed under `key_id` for `context`.
    pub fn open(&self, key_id: &str, bytes: &[u8], context: &str) -> Result<Zeroizing<Vec<u8>>> {
        let key = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id == key_id)
            .ok_or_else(|| Error::Config {
                setting: ENV_OLD_MASTER_KEYS,
                message: format!(
                    "{context} is sealed under master key {key_id}, which is neither {ENV_MASTER_KEY} ({}) \
                     nor one of {ENV_OLD_MASTER_KEYS}; add the key it was sealed with",
                    self.current.id
                ),
            })?;
        if bytes.len() < 1 + NONCE_LEN + TAG_LEN || bytes[0] != FORMAT_V1 {
            return Err(Error::Corrupt(format!(
                "{context}: not a sealed value (wrong format or length)"
            )));
        }
        let nonce = Nonce::try_from(&bytes[1..1 + NONCE_LEN]).expect("12 bytes");
        key.cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: &bytes[1 + NONCE_LEN..],
                    aad: context.as_bytes(),
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| {
                Error::Corrupt(format!(
                    "{context}: the value does not open under key {key_id} (altered, or moved from another row)"
                ))
            })
    }
}

/// A new random master key, as the base64 text `PLATFORMCTL_MASTER_KEY`
/// takes, and the keyring holding it.
pub fn generate_master_key() -> Result<(Keyring, Zeroizing<String>)> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom::fill(bytes.as_mut_slice())
        .map_err(|e| Error::Internal(format!("the operating system gave no random bytes: {e}")))?;
    let text = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(bytes.as_slice()));
    Ok((Keyring::from_keys(&bytes, &[]), text))
}

fn decode_key(setting: &'static str, value: &str) -> Result<[u8; 32]> {
    let bytes = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|_| Error::Config {
                setting,
                message: "is not base64; expected the base64 of 32 random bytes (`openssl rand -base64 32`)"
                    .to_owned(),
            })?,
    );
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| Error::Config {
        setting,
        message: format!(
            "decodes to {} bytes; expected 32 (`openssl rand -base64 32`)",
            bytes.len()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(key: &[u8; 32]) -> String {
        base64::engine::general_purpose::STANDARD.encode(key)
    }

    #[test]
    fn seal_and_open_bound_to_the_context() {
        let ring = Keyring::from_keys(&[7; 32], &[]);
        let sealed = ring
            .seal(b"ghp_secret", "external_connections.credentials:1")
            .unwrap();
        assert_eq!(sealed.key_id, ring.current_key_id());
        assert!(!sealed.bytes.windows(10).any(|w| w == b"ghp_secret"));
        let opened = ring
            .open(
                &sealed.key_id,
                &sealed.bytes,
                "external_connections.credentials:1",
            )
            .unwrap();
        assert_eq!(opened.as_slice(), b"ghp_secret");
        // Same plaintext, fresh nonce: different bytes.
        assert_ne!(
            ring.seal(b"ghp_secret", "x").unwrap().bytes,
            ring.seal(b"ghp_secret", "x").unwrap().bytes
        );

        let moved = ring.open(
            &sealed.key_id,
            &sealed.bytes,
            "external_connections.credentials:2",
        );
        assert!(matches!(moved, Err(Error::Corrupt(_))));
        let mut altered = sealed.bytes.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert!(matches!(
            ring.open(&sealed.key_id, &altered, "external_connections.credentials:1"),
            Err(Error::Corrupt(_))
        ));
    }

    #[test]
    fn old_keys_still_open_what_they_sealed() {
        let old = Keyring::from_keys(&[1; 32], &[]);
        let sealed = old.seal(b"v", "c").unwrap();
        let rotated = Keyring::from_keys(&[2; 32], &[[1; 32]]);
        assert_ne!(rotated.current_key_id(), sealed.key_id);
        assert_eq!(
            rotated
                .open(&sealed.key_id, &sealed.bytes, "c")
                .unwrap()
                .as_slice(),
            b"v"
        );
        let forgot = Keyring::from_keys(&[2; 32], &[]);
        let err = forgot.open(&sealed.key_id, &sealed.bytes, "c").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Config);
        assert!(err.to_string().contains(ENV_OLD_MASTER_KEYS), "{err}");
    }

    #[test]
    fn settings_errors_name_the_variable() {
        let none = Keyring::from_lookup(|_| None).unwrap_err();
        assert!(none.to_string().contains(ENV_MASTER_KEY), "{none}");
        let short = Keyring::from_lookup(|n| (n == ENV_MASTER_KEY).then(|| b64(&[1; 32])[..20].to_owned()));
        assert_eq!(short.unwrap_err().kind(), crate::ErrorKind::Config);
        let env = |n: &str| match n {
            ENV_MASTER_KEY => Some(b64(&[3; 32])),
            ENV_OLD_MASTER_KEYS => Some(format!("{},{}", b64(&[1; 32]), b64(&[2; 32]))),
            _ => None,
        };
        let ring = Keyring::from_lookup(env).unwrap();
        assert_eq!(ring.previous.len(), 2);
        assert_eq!(
            ring.current_key_id(),
            Keyring::from_keys(&[3; 32], &[]).current_key_id()
        );
        assert!(!format!("{ring:?}").contains(&b64(&[3; 32])));
    }

    #[test]
    fn the_key_file_is_read_when_the_variable_is_absent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        std::fs::write(&path, format!("{}\n", b64(&[9; 32]))).unwrap();
        let path = path.display().to_string();
        let ring = Keyring::from_lookup(|n| (n == ENV_MASTER_KEY_FILE).then(|| path.clone())).unwrap();
        assert_eq!(
            ring.current_key_id(),
            Keyring::from_keys(&[9; 32], &[]).current_key_id()
        );
    }
}
