//! Ed25519 signing keys: made here, private halves sealed under the master
//! key, public halves published as a JWKS.
//!
//! A key's life: `pending` (published, not signing yet, so that verifiers
//! that cache the JWKS learn it before its first token), `active` (signs; one
//! at a time, enforced by a unique index), `verifying` (rotated out: still
//! verifies the tokens it signed until they expire), `retired` (verifies
//! nothing). `rotate` moves the active key to `verifying` and the newest
//! pending key (or a new one) to `active` in one transaction.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{DecodingKey, EncodingKey};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::crypto::Keyring;
use crate::error::{Error, Result};

/// The only algorithm our keys sign with; a token naming another is refused
/// before its key is even looked up.
pub const ALGORITHM: &str = "EdDSA";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    Pending,
    Active,
    Verifying,
    Retired,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Pending => "pending",
            KeyStatus::Active => "active",
            KeyStatus::Verifying => "verifying",
            KeyStatus::Retired => "retired",
        }
    }

    /// Whether tokens signed by a key in this status are accepted.
    pub fn verifies(self) -> bool {
        matches!(self, KeyStatus::Active | KeyStatus::Verifying)
    }
}

/// A signing key as listed: never its private half.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct KeyInfo {
    pub kid: String,
    pub algorithm: String,
    pub status: KeyStatus,
    #[serde(skip)]
    pub public_key: Vec<u8>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub activated_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub retired_at: Option<OffsetDateTime>,
    /// Tokens it signed that are neither expired nor revoked.
    pub live_tokens: i64,
}

const COLUMNS: &str = "kid, algorithm, status, public_key, created_at, activated_at, retired_at,
     (SELECT count(*) FROM auth_tokens t
      WHERE t.key_id = k.kid AND t.revoked_at IS NULL AND t.expires_at > now()) AS live_tokens";

/// The encryption context of a key's private half (its row), as
/// `secrets rotate-key` re-seals it: a sealed value moved to another row
/// does not open.
fn context(row: Uuid) -> String {
    crate::secrets::context("signing_keys.private_key", row)
}

/// The key id: the RFC 7638 thumbprint of the public key, so the same key
/// always has the same id, and any verifier can recompute it.
pub fn thumbprint(public_key: &[u8]) -> String {
    let x = URL_SAFE_NO_PAD.encode(public_key);
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// Lists every key, newest first.
pub async fn list(conn: &mut PgConnection) -> Result<Vec<KeyInfo>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM signing_keys k ORDER BY created_at DESC, kid"
    )))
    .fetch_all(conn)
    .await
    .map_err(Error::db("cannot list signing keys"))
}

async fn get(conn: &mut PgConnection, kid: &str) -> Result<KeyInfo> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM signing_keys k WHERE kid = $1"
    )))
    .bind(kid)
    .fetch_optional(conn)
    .await
    .map_err(Error::db("cannot read a signing key"))?
    .ok_or_else(|| Error::NotFound {
        entity: "signing key",
        key: format!("{kid} (`platformctl keys list` shows them)"),
    })
}

/// Makes a key: active when no key is, else pending (the next `rotate`
/// activates it). Call it in a transaction.
pub async fn generate(conn: &mut PgConnection, keyring: &Keyring) -> Result<KeyInfo> {
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .map_err(|_| Error::Internal("cannot generate an Ed25519 key".into()))?;
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref())
        .map_err(|_| Error::Internal("cannot read back a generated Ed25519 key".into()))?;
    let public_key = pair.public_key().as_ref().to_vec();
    let kid = thumbprint(&public_key);
    let id = Uuid::now_v7();
    let sealed = keyring.seal(pkcs8.as_ref(), &context(id))?;
    let active: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM signing_keys WHERE status = 'active')")
            .fetch_one(&mut *conn)
            .await
            .map_err(Error::db("cannot read signing keys"))?;
    sqlx::query(
        "INSERT INTO signing_keys (id, kid, algorithm, public_key, private_key_encrypted, encryption_key_id,
                                   status, activated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 = 'active' THEN now() END)",
    )
    .bind(id)
    .bind(&kid)
    .bind(ALGORITHM)
    .bind(&public_key)
    .bind(&sealed.bytes)
    .bind(&sealed.key_id)
    .bind(if active { "pending" } else { "active" })
    .execute(&mut *conn)
    .await
    .map_err(Error::db("cannot save a signing key"))?;
    get(conn, &kid).await
}

/// What `rotate` did.
#[derive(Debug, Clone, Serialize)]
pub struct Rotation {
    pub active: KeyInfo,
    /// The key that signed before, now only verifying.
    pub previous: Option<KeyInfo>,
    /// Whether the new key was made by this rotation (no pending key existed).
    pub generated: bool,
}

/// Activates the newest pending key (made now if there is none); the
/// previous active key keeps verifying. Call it in a transaction.
pub async fn rotate(conn: &mut PgConnection, keyring: &Keyring) -> Result<Rotation> {
    // Serialises concurrent rotations: the second waits, then sees the first's result.
    sqlx::query("LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *conn)
        .await
        .map_err(Error::db("cannot lock signing keys"))?;
    let pending: Option<String> = sqlx::query_scalar(
        "SELECT kid FROM signing_keys WHERE status = 'pending' ORDER BY created_at DESC, kid LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(Error::db("cannot read signing keys"))?;
    let previous: Option<String> = sqlx::query_scalar(
        "UPDATE signing_keys SET status = 'verifying' WHERE status = 'active' RETURNING kid",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(Error::db("cannot rotate signing keys"))?;
    let (kid, generated) = match pending {
        Some(kid) => (kid, false),
        // With the old key demoted, a new one is made active directly.
        None => (generate(conn, keyring).await?.kid, true),
    };
    sqlx::query(
        "UPDATE signing_keys SET status = 'active', activated_at = coalesce(activated_at, now())
         WHERE kid = $1",
    )
    .bind(&kid)
    .execute(&mut *conn)
    .await
    .map_err(Error::db("cannot activate a signing key"))?;
    let active = get(conn, &kid).await?;
    let previous = match previous {
        Some(kid) => Some(get(conn, &kid).await?),
        None => None,
    };
    Ok(Rotation {
        active,
        previous,
        generated,
    })
}

/// Retires a key: tokens it signed stop verifying. The active key cannot be
/// retired (rotate first); retiring a retired key changes nothing.
pub async fn retire(conn: &mut PgConnection, kid: &str) -> Result<KeyInfo> {
    let key = get(conn, kid).await?;
    match key.status {
        KeyStatus::Active => Err(Error::Refused(format!(
            "key {kid} is the active signing key; run `platformctl keys rotate` first, then retire it"
        ))),
        KeyStatus::Retired => Ok(key),
        KeyStatus::Pending | KeyStatus::Verifying => {
            sqlx::query("UPDATE signing_keys SET status = 'retired', retired_at = now() WHERE kid = $1")
                .bind(kid)
                .execute(&mut *conn)
                .await
                .map_err(Error::db("cannot retire a signing key"))?;
            get(conn, kid).await
        }
    }
}

/// The JWKS (RFC 7517) of the keys a verifier should know: pending (soon
/// signing), active and verifying.
pub fn jwks(keys: &[KeyInfo]) -> serde_json::Value {
    let keys: Vec<serde_json::Value> = keys
        .iter()
        .filter(|k| k.status != KeyStatus::Retired)
        .map(|k| {
            serde_json::json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "x": URL_SAFE_NO_PAD.encode(&k.public_key),
                "kid": k.kid,
                "alg": ALGORITHM,
                "use": "sig",
            })
        })
        .collect();
    serde_json::json!({ "keys": keys })
}

/// The active key, able to sign.
pub struct Signer {
    pub kid: String,
    pub key: EncodingKey,
}

/// Opens the active key's private half.
pub async fn signer(conn: &mut PgConnection, keyring: &Keyring) -> Result<Signer> {
    let row: Option<(Uuid, String, Vec<u8>, String)> = sqlx::query_as(
        "SELECT id, kid, private_key_encrypted, encryption_key_id FROM signing_keys WHERE status = 'active'",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(Error::db("cannot read the active signing key"))?;
    let Some((id, kid, sealed, key_id)) = row else {
        return Err(Error::Config {
            setting: "signing keys",
            message: "no active signing key; create one with `platformctl keys generate`".into(),
        });
    };
    let pkcs8 = keyring.open(&key_id, &sealed, &context(id))?;
    Ok(Signer {
        kid,
        key: EncodingKey::from_ed_der(&pkcs8),
    })
}

/// A key that may verify, by kid.
pub struct Verifier {
    pub status: KeyStatus,
    pub algorithm: String,
    pub key: DecodingKey,
}

pub async fn verifier(conn: &mut PgConnection, kid: &str) -> Result<Option<Verifier>> {
    let row: Option<(KeyStatus, String, Vec<u8>)> =
        sqlx::query_as("SELECT status, algorithm, public_key FROM signing_keys WHERE kid = $1")
            .bind(kid)
            .fetch_optional(conn)
            .await
            .map_err(Error::db("cannot read a signing key"))?;
    Ok(row.map(|(status, algorithm, public_key)| Verifier {
        status,
        algorithm,
        key: DecodingKey::from_ed_der(&public_key),
    }))
}
