//! Writing events: one row per event in `outbox_events`, on the transaction
//! of the change it describes, so both commit or neither does.
//!
//! Before inserting, the writer takes a transaction-scoped advisory lock on
//! the event's aggregate. Two transactions writing events of one aggregate
//! therefore commit one after the other, and the later one's event gets the
//! later position: within an aggregate, position order is commit order,
//! which the relay keeps (src/events/queue.rs).
//!
//! The same insert wakes a sleeping relay at commit. A relay that found
//! nothing to do holds the wake lock while it sleeps; a writer that cannot
//! take that lock's shared side sends a notification on [`CHANNEL`], which
//! PostgreSQL delivers at commit. A writer that can holds the shared side to
//! its commit and sends nothing: a NOTIFY serialises the commits of every
//! notifying transaction in the cluster, which would cost writers under
//! load (while the relay is busy draining, awake) a third of their
//! throughput. The relay looks for due events once more after taking the
//! lock, so it cannot fall asleep past an event whose writer skipped the
//! notification (src/events/relay.rs).

use serde_json::Value;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::audit::NewAuditEntry;

/// The first key of the aggregates' advisory locks (the second is a hash of
/// the aggregate): a namespace of its own, apart from the tool's
/// single-key locks.
const AGGREGATE_LOCK_CLASS: i32 = 0x6f75_7462; // "outb"

/// The advisory lock (`class`, 0) a relay holds while it sleeps.
pub const WAKE_LOCK_CLASS: i32 = 0x7761_6b65; // "wake"

/// The channel that wakes a sleeping relay.
pub const CHANNEL: &str = "platformctl_events";

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

/// The insert of an event ($1-$6, and `$data`, an expression of the
/// parameters), which first takes its aggregate's lock ($8 is the lock
/// class) and wakes a sleeping relay ($9, the wake lock's class; $10, the
/// channel). The WHERE clause is evaluated before the row is built, so the
/// lock is held before the position is drawn; CASE makes the notification
/// depend on the check.
macro_rules! insert_event {
    ($data:literal) => {
        concat!(
            "INSERT INTO outbox_events \
                 (id, event_type, aggregate_type, aggregate_id, actor, request_id, data) \
             SELECT $1, $2, $3, $4, $5, $6, ",
            $data,
            " WHERE pg_advisory_xact_lock($8, hashtext($3 || ':' || $4)) IS NOT NULL \
               AND CASE WHEN pg_try_advisory_xact_lock_shared($9, 0) THEN true \
                        ELSE pg_notify($10, '') IS NOT NULL END"
        )
    };
}

/// Appends `event` on the change's transaction and returns its id (a uuid
/// v7, time-ordered).
pub async fn append(tx: &mut PgConnection, event: &NewEvent<'_>) -> Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(insert_event!("$7"))
        .bind(id)
        .bind(event.event_type)
        .bind(event.aggregate_type)
        .bind(event.aggregate_id)
        .bind(event.actor)
        .bind(event.request_id)
        .bind(&event.data)
        .bind(AGGREGATE_LOCK_CLASS)
        .bind(WAKE_LOCK_CLASS)
        .bind(CHANNEL)
        .execute(tx)
        .await
        .map_err(Error::db("cannot write the change's event to the outbox"))?;
    Ok(id)
}

/// Appends the audit row of a change and its event of type `event_type`,
/// made of that row: the entity is the aggregate, the actor and request are
/// the row's, and the data is the row's details with the entity's id added
/// as `<entity type>_id`. One statement, and the details sent once: a
/// change that writes an event then costs no round trip to PostgreSQL more
/// than one that does not (a round trip is most of what a small change
/// costs). Returns the event's id.
pub async fn append_with_audit(
    tx: &mut PgConnection,
    event_type: &str,
    audit: &NewAuditEntry,
) -> Result<Uuid> {
    let Some(entity_id) = &audit.entity_id else {
        return Err(Error::Internal(format!(
            "the event {event_type} needs the id of the entity its change names"
        )));
    };
    let id = Uuid::now_v7();
    sqlx::query(concat!(
        "WITH event AS (",
        insert_event!("$7 || jsonb_build_object($3 || '_id', $4)"),
        ") INSERT INTO audit_logs (id, actor, action, entity_type, entity_id, outcome, details, request_id) \
           VALUES ($11, $5, $12, $3, $4, $13, $7, $6)"
    ))
    .bind(id)
    .bind(event_type)
    .bind(&audit.entity_type)
    .bind(entity_id)
    .bind(&audit.actor)
    .bind(&audit.request_id)
    .bind(&audit.details)
    .bind(AGGREGATE_LOCK_CLASS)
    .bind(WAKE_LOCK_CLASS)
    .bind(CHANNEL)
    .bind(Uuid::now_v7())
    .bind(&audit.action)
    .bind(&audit.outcome)
    .execute(tx)
    .await
    .map_err(|e| crate::repo::classify("audit entry and event", e))?;
    Ok(id)
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
