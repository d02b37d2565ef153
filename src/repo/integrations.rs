//! The integrations repository: service settings, external connections and
//! their sealed credentials, workspace links, sync state and the sync log.

use sqlx::postgres::PgConnection;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{classify, new_id};
use crate::crypto::Keyring;
use crate::error::Result;
use crate::model::integration::{
    ExternalConnection, NewConnection, NewSyncLog, Service, SyncLog, SyncState, WorkspaceIntegration,
};
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
    .ok_or_else(|| GUARD.not_found(id))
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
    .ok_or_else(|| GUARD.not_found(id))?;
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
        None => Err(GUARD.missed(conn, id, expected_version).await),
    }
}

/// A service's settings, platform-wide (`organization_id` None) or for one organization.
pub async fn service_settings(
    conn: &mut PgConnection,
    service: Service,
    organization_id: Option<Uuid>,
) -> Result<Option<(bool, serde_json::Value)>> {
    let row = sqlx::query!(
        "SELECT enabled, settings FROM integration_configs
         WHERE service = $1 AND organization_id IS NOT DISTINCT FROM $2",
        service as Service,
        organization_id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("integration config", e))?;
    Ok(row.map(|r| (r.enabled, r.settings)))
}

/// Sets a service's settings (never secrets: those go in a connection's credentials).
pub async fn put_service_settings(
    conn: &mut PgConnection,
    service: Service,
    organization_id: Option<Uuid>,
    enabled: bool,
    settings: &serde_json::Value,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO integration_configs (id, organization_id, service, enabled, settings) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT integration_configs_scope_key
         DO UPDATE SET enabled = EXCLUDED.enabled, settings = EXCLUDED.settings",
        new_id(),
        organization_id,
        service as Service,
        enabled,
        settings
    )
    .execute(conn)
    .await
    .map_err(|e| classify("integration config", e))?;
    Ok(())
}

/// Attaches a connection to a workspace (idempotent).
pub async fn attach(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    connection_id: Uuid,
) -> Result<WorkspaceIntegration> {
    sqlx::query_as!(
        WorkspaceIntegration,
        "INSERT INTO workspace_integrations (id, workspace_id, connection_id) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, connection_id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id
         RETURNING id, workspace_id, connection_id, status, last_sync_at, sync_metadata, version",
        new_id(),
        workspace_id,
        connection_id
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("workspace integration", e))
}

/// Records the outcome of a sync attempt of an artifact (or, with None, of the
/// whole integration): success resets the attempts, failure counts them and
/// schedules the next try with exponential backoff (capped at a day).
pub async fn record_sync(
    conn: &mut PgConnection,
    workspace_integration_id: Uuid,
    artifact_id: Option<Uuid>,
    outcome: std::result::Result<Option<&str>, &str>,
) -> Result<SyncState> {
    let (succeeded, remote_ref, error) = match outcome {
        Ok(remote_ref) => (true, remote_ref, None),
        Err(error) => (false, None, Some(error)),
    };
    sqlx::query_as!(
        SyncState,
        "INSERT INTO sync_status AS s (id, workspace_integration_id, artifact_id, state, attempts, remote_ref,
                                      last_error, last_synced_at, next_attempt_at)
         VALUES ($1, $2, $3, CASE WHEN $4 THEN 'synced' ELSE 'failed' END, CASE WHEN $4 THEN 0 ELSE 1 END, $5, $6,
                 CASE WHEN $4 THEN now() END, CASE WHEN $4 THEN NULL ELSE now() + interval '1 minute' END)
         ON CONFLICT ON CONSTRAINT sync_status_target_key DO UPDATE SET
             state = EXCLUDED.state,
             attempts = CASE WHEN $4 THEN 0 ELSE s.attempts + 1 END,
             remote_ref = COALESCE(EXCLUDED.remote_ref, s.remote_ref),
             last_error = EXCLUDED.last_error,
             last_synced_at = COALESCE(EXCLUDED.last_synced_at, s.last_synced_at),
             next_attempt_at = CASE WHEN $4 THEN NULL
                                    ELSE now() + least(interval '1 minute' * power(2, s.attempts), interval '1 day') END
         RETURNING workspace_integration_id, artifact_id, state, attempts, remote_ref, last_error, last_synced_at,
                   next_attempt_at",
        new_id(),
        workspace_integration_id,
        artifact_id,
        succeeded,
        remote_ref,
        error,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("sync status", e))
}

/// Appends to the sync log.
pub async fn log_sync(conn: &mut PgConnection, new: &NewSyncLog) -> Result<SyncLog> {
    sqlx::query_as!(
        SyncLog,
        r#"INSERT INTO sync_logs (id, workspace_id, connection_id, artifact_id, operation, service, status, details,
                                 error_message, finished_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7 <> 'pending' THEN now() END)
           RETURNING id, workspace_id, connection_id, artifact_id, operation, service AS "service: Service", status,
                     details, error_message, created_at"#,
        new_id(),
        new.workspace_id,
        new.connection_id,
        new.artifact_id,
        new.operation,
        new.service as Service,
        new.status,
        new.details,
        new.error_message,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("sync log", e))
}

/// A workspace's sync log, newest first; pass the cursor back for older entries.
pub async fn sync_log(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    before: Option<super::Cursor>,
    limit: u32,
) -> Result<super::KeysetPage<SyncLog>> {
    let limit = i64::from(limit.clamp(1, super::MAX_PAGE_SIZE));
    let (at, id) = before.map_or((None, None), |c| (Some(c.at), Some(c.id)));
    let data = sqlx::query_as!(
        SyncLog,
        r#"SELECT id, workspace_id, connection_id, artifact_id, operation, service AS "service: Service", status,
                  details, error_message, created_at
           FROM sync_logs
           WHERE workspace_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
           ORDER BY created_at DESC, id DESC
           LIMIT $4"#,
        workspace_id,
        at,
        id,
        limit,
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("sync log", e))?;
    let next_cursor = super::next_cursor(&data, limit, |l| super::Cursor {
        at: l.created_at,
        id: l.id,
    });
    Ok(super::KeysetPage { data, next_cursor })
}

const GUARD: super::Guarded = super::Guarded {
    entity: ENTITY,
    table: "external_connections",
    key: "id",
    soft_delete: false,
};
