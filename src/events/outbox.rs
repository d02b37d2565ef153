//! Writing events: one row per event in `outbox_events`, on the transaction
//! of the change it describes, so both commit or neither does.
//!
//! Before inserting, the writer takes a transaction-scoped advisory lock on
//! the event's aggregate. Two transactions writing events of one aggregate
//! therefore commit one after the other, and the later one's event gets the
//! later position: within an aggregate, position order is commit order,
//! which the relay keeps (src/events/queue.rs).

use serde_json::Value;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::audit::NewAuditEntry;

/// The first key of the aggregates' advisory locks (the second is a hash of
/// the aggregate): a namespace of its own, apart from the tool's
/// single-key locks.
const AGGREGATE_LOCK_CLASS: i32 = 0x6f75_7462; // "outb"

/// An event to write.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    /// A dotted past-tense name: `user.created`, `architecture.change_proposed`.
    pub event_type: &'a str,
    pub aggregate_type: &'a str,
    pub aggregate_id: &'a str,
    pub actor: &'a str,
    pub request_id: Option<&'a str>,
    /// What happened, never a secret: no password, hash, token or credential.
    pub data: Value,
}

/// The insert of an event ($1-$7), which first takes its aggregate's lock
/// ($8 is the lock class). The WHERE clause is a one-time filter evaluated
/// before the row is built, so the lock is held before the position is
/// drawn.
const INSERT_EVENT: &str = "INSERT INTO outbox_events \
        (id, event_type, aggregate_type, aggregate_id, actor, request_id, data) \
    SELECT $1, $2, $3, $4, $5, $6, $7 \
    WHERE pg_advisory_xact_lock($8, hashtext($3 || ':' || $4)) IS NOT NULL";

/// Appends `event` on the change's transaction and returns its id (a uuid
/// v7, time-ordered).
pub async fn append(tx: &mut PgConnection, event: &NewEvent<'_>) -> Result<Uuid> {
    let id = Uuid::now_v7();
    bind_event(sqlx::query(INSERT_EVENT), id, event)
        .execute(tx)
        .await
        .map_err(Error::db("cannot write the change's event to the outbox"))?;
    Ok(id)
}

/// Appends `event` and the audit row of its change in one statement: a
/// change that writes an event then costs no round trip to PostgreSQL more
/// than one that does not (a round trip is most of what a small change
/// costs). Returns the event's id.
pub async fn append_with_audit(
    tx: &mut PgConnection,
    event: &NewEvent<'_>,
    audit: &NewAuditEntry,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let sql = format!(
        "WITH event AS ({INSERT_EVENT}) \
         INSERT INTO audit_logs (id, actor, action, entity_type, entity_id, outcome, details, request_id) \
         VALUES ($9, $10, $11, $12, $13, $14, $15, $16)"
    );
    bind_event(sqlx::query(sqlx::AssertSqlSafe(sql)), id, event)
        .bind(Uuid::now_v7())
        .bind(&audit.actor)
        .bind(&audit.action)
        .bind(&audit.entity_type)
        .bind(&audit.entity_id)
        .bind(&audit.outcome)
        .bind(&audit.details)
        .bind(&audit.request_id)
        .execute(tx)
        .await
        .map_err(|e| crate::repo::classify("audit entry and event", e))?;
    Ok(id)
}

fn bind_event<'q>(
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    id: Uuid,
    event: &'q NewEvent<'_>,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query
        .bind(id)
        .bind(event.event_type)
        .bind(event.aggregate_type)
        .bind(event.aggregate_id)
        .bind(event.actor)
        .bind(event.request_id)
        .bind(&event.data)
        .bind(AGGREGATE_LOCK_CLASS)
}

/// Strips the earlier events of an aggregate whose personal data is being
/// erased (GDPR) down to its id, on the erasing transaction: kept events
/// (pending, dead, or published and waiting for retention) would otherwise
/// still hold the email and name the erasure removed everywhere else.
pub async fn erase_data(tx: &mut PgConnection, aggregate_type: &str, aggregate_id: &str) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE outbox_events \
         SET data = jsonb_build_object($1 || '_id', data -> ($1 || '_id'), 'erased', true) \
         WHERE aggregate_type = $1 AND aggregate_id = $2",
    )
    .bind(aggregate_type)
    .bind(aggregate_id)
    .execute(tx)
    .await
    .map_err(Error::db("cannot erase personal data from the outbox"))?;
    Ok(done.rows_affected())
}
