//! The integrations repository: external connections and their sealed credentials.

use sqlx::postgres::PgConnection;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{classify, new_id};
use crate::crypto::Keyring;
use crate::error::{Error, Result};
use crate::model::integration::{ExternalConnection, NewConnection, Service};
use crate::secrets::context;

const ENTITY: &str = "external connection";
const CREDENTIALS: &str = "external_connections.credentials";

/// Creates a connection; its credentials are sealed for this row before they
/// reach the database.
pub async fn create(
    conn: &mut PgConnection,
    keyring: &Keyring,
    new: &NewConnection,
) -> Result<ExternalConnection> {
    let id = new_id();
    let sealed = new
        .credentials
        .as_deref()
        .map(|c| keyring.seal(c, &context(CREDENTIALS, id)))
        .transpose()?;
    let (bytes, key_id) = sealed.map_or((None, None), |s| (Some(s.bytes), Some(s.key_id)));
    sqlx::query_as!(
        ExternalConnection,
        r#"INSERT INTO external_connections
               (id, workspace_id, service, name, config, credentials_encrypted, credentials_key_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           RETURNING id, workspace_id, service AS "service: Service", name, config,
                     credentials_encrypted IS NOT NULL AS "has_credentials!", credentials_key_id, status,
                     created_by, created_at, updated_at, version"#,
        id,
        new.workspace_id,
        new.service as Service,
        new.name,
        new.config,
        bytes,
        key_id,
        new.created_by,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<ExternalConnection> {
    sqlx::query_as!(
        ExternalConnection,
        r#"SELECT id, workspace_id, service AS "service: Service", name, config,
                  credentials_encrypted IS NOT NULL AS "has_credentials!", credentials_key_id, status,
                  created_by, created_at, updated_at, version
           FROM external_connections WHERE id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| not_found(id))
}

pub async fn list_for_workspace(
    conn: &mut PgConnection,
    workspace_id: Uuid,
) -> Result<Vec<ExternalConnection>> {
    sqlx::query_as!(
        ExternalConnection,
        r#"SELECT id, workspace_id, service AS "service: Service", name, config,
                  credentials_encrypted IS NOT NULL AS "has_credentials!", credentials_key_id, status,
                  created_by, created_at, updated_at, version
           FROM external_connections WHERE workspace_id = $1 ORDER BY service, name"#,
        workspace_id
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// The decrypted credentials of a connection, if it has any. The bytes are
/// wiped from memory when dropped.
pub async fn credentials(
    conn: &mut PgConnection,
    keyring: &Keyring,
    id: Uuid,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let row = sqlx::query!(
        "SELECT credentials_encrypted, credentials_key_id FROM external_connections WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify(ENTITY, e))?
    .ok_or_else(|| not_found(id))?;
    match (row.credentials_encrypted, row.credentials_key_id) {
        (Some(bytes), Some(key_id)) => Ok(Some(keyring.open(&key_id, &bytes, &context(CREDENTIALS, id))?)),
        _ => Ok(None),
    }
}

/// Replaces (or, with None, removes) the credentials, guarded by version.
pub async fn set_credentials(
    conn: &mut PgConnection,
    keyring: &Keyring,
    id: Uuid,
    expected_version: i64,
    credentials: Option<&[u8]>,
) -> Result<ExternalConnection> {
    let sealed = credentials
        .map(|c| keyring.seal(c, &context(CREDENTIALS, id)))
        .transpose()?;
    let (bytes, key_id) = sealed.map_or((None, None), |s| (Some(s.bytes), Some(s.key_id)));
    let updated = sqlx::query_as!(
        ExternalConnection,
        r#"UPDATE external_connections SET credentials_encrypted = $3, credentials_key_id = $4
           WHERE id = $1 AND version = $2
           RETURNING id, workspace_id, service AS "service: Service", name, config,
                     credentials_encrypted IS NOT NULL AS "has_credentials!", credentials_key_id, status,
                     created_by, created_at, updated_at, version"#,
        id,
        expected_version,
        bytes,
        key_id,
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| classify(ENTITY, e))?;
    match updated {
        Some(c) => Ok(c),
        None => {
            get(conn, id).await?;
            Err(Error::StaleVersion {
                entity: ENTITY,
                id: id.to_string(),
                expected: expected_version,
            })
        }
    }
}

fn not_found(id: Uuid) -> Error {
    Error::NotFound {
        entity: ENTITY,
        key: id.to_string(),
    }
}
