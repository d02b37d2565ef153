//! Re-encrypting every stored secret under the current master key: many
//! transactions (a batch each, resumable), then one audit row for the run.

use sqlx::postgres::PgConnection;

use super::{Action, Caller, finish, record};
use crate::crypto::Keyring;
use crate::error::Result;
use crate::progress::Progress;
use crate::secrets::{self, Rotated, RotationReport};

pub const ROTATE_KEY: Action = Action::new("secrets.rotate_key", "secrets");

/// Re-encrypts `batch_size` rows per transaction, reporting each batch. A dry run counts and changes nothing (and is not audited).
pub async fn rotate_key(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    keyring: &Keyring,
    batch_size: u32,
    dry_run: bool,
    progress: &dyn Progress<Rotated>,
) -> Result<RotationReport> {
    let outcome = secrets::rotate(conn, keyring, batch_size, dry_run, progress).await;
    if let Ok(report) = &outcome
        && !dry_run
    {
        record(
            conn,
            caller,
            ROTATE_KEY,
            &report.current_key_id,
            serde_json::to_value(report)?,
        )
        .await?;
    }
    finish(conn, caller, ROTATE_KEY, outcome).await
}
