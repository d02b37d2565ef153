//! Changes to the Ed25519 keys that sign tokens: generate, rotate, retire.

use serde_json::json;
use sqlx::postgres::PgConnection;

use super::{Action, Caller, begin, commit, finish, record};
use crate::auth::keys::{self, KeyInfo, Rotation};
use crate::crypto::Keyring;
use crate::error::Result;

pub const GENERATE: Action = Action::new("key.generate", "signing_key").emits("key.generated");
pub const ROTATE: Action = Action::new("key.rotate", "signing_key").emits("key.rotated");
pub const RETIRE: Action = Action::new("key.retire", "signing_key").emits("key.retired");

/// Makes a key: active when none is, else pending until the next rotation
/// (verifiers learn it from the JWKS before it signs).
pub async fn generate(conn: &mut PgConnection, caller: &Caller<'_>, keyring: &Keyring) -> Result<KeyInfo> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let key = keys::generate(&mut tx, keyring).await?;
        record(
            &mut tx,
            caller,
            GENERATE,
            &key.kid,
            json!({ "status": key.status }),
        )
        .await?;
        commit(tx).await?;
        Ok(key)
    }
    .await;
    finish(conn, caller, GENERATE, outcome).await
}

/// Makes the newest pending key (or a new one) sign; the previous key keeps
/// verifying the tokens it signed.
pub async fn rotate(conn: &mut PgConnection, caller: &Caller<'_>, keyring: &Keyring) -> Result<Rotation> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let rotation = keys::rotate(&mut tx, keyring).await?;
        let details = json!({
            "previous": rotation.previous.as_ref().map(|k| &k.kid),
            "generated": rotation.generated,
        });
        record(&mut tx, caller, ROTATE, &rotation.active.kid, details).await?;
        commit(tx).await?;
        Ok(rotation)
    }
    .await;
    finish(conn, caller, ROTATE, outcome).await
}

/// Retires a key that no longer signs: the tokens it signed stop verifying.
pub async fn retire(conn: &mut PgConnection, caller: &Caller<'_>, kid: &str) -> Result<KeyInfo> {
    let outcome = async {
        let mut tx = begin(conn).await?;
        let key = keys::retire(&mut tx, kid).await?;
        record(
            &mut tx,
            caller,
            RETIRE,
            &key.kid,
            json!({ "live_tokens": key.live_tokens }),
        )
        .await?;
        commit(tx).await?;
        Ok(key)
    }
    .await;
    finish(conn, caller, RETIRE, outcome).await
}

/// The active key, generated when there is none: a development set-up can
/// issue tokens straight away. None when a key was already active.
pub async fn ensure_active(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    keyring: &Keyring,
) -> Result<Option<KeyInfo>> {
    let has_active = keys::list(conn)
        .await?
        .iter()
        .any(|k| k.status == keys::KeyStatus::Active);
    if has_active {
        return Ok(None);
    }
    generate(conn, caller, keyring).await.map(Some)
}
