//! The outbox as a queue: the batch the relay may publish now, recording
//! what the broker confirmed or refused, and what operators ask of it
//! (status, listing, retrying dead events, replaying, deleting old ones).
//!
//! Which events are due, and in what order:
//! * an aggregate's events in position order, which is the order their
//!   transactions committed: the writer holds the aggregate's lock until
//!   its commit (src/events/outbox.rs), so while a transaction that wrote
//!   an event is open, no later event of that aggregate can commit, and an
//!   event committed late with an early position is still pending, never
//!   skipped (the relay keeps no cursor, only each event's state);
//! * none after an event of its aggregate that failed before and waits
//!   out its back-off, and such an event leaves alone, as the first of its
//!   aggregate, so a retried event is never overtaken;
//! * oldest position first.
//!
//! There is no order between aggregates, so a transaction left open
//! holds back nothing but the aggregates it wrote.

use serde::Serialize;
use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{Error, Result};

/// An event the relay may publish now, with its envelope (seed 003's
/// `event_type`, `event_id`, `timestamp`, `data`, plus where it comes from)
/// already serialised by PostgreSQL.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    pub id: Uuid,
    pub event_type: String,
    pub occurred_at: OffsetDateTime,
    pub attempts: i32,
    pub envelope: String,
}

/// The envelope as JSON text, from an `outbox_events` row `e`.
const ENVELOPE: &str = "json_build_object(\
        'event_type', e.event_type, 'event_id', e.id, \
        'timestamp', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), \
        'aggregate_type', e.aggregate_type, 'aggregate_id', e.aggregate_id, \
        'actor', e.actor, 'request_id', e.request_id, 'data', e.data)::text";

/// Up to `limit` due events, in the order they must leave, leaving out
/// `in_flight`: events published and not yet confirmed (still pending, so
/// they still hold back what follows them when they were retried).
pub async fn due(conn: &mut PgConnection, limit: usize, in_flight: &[Uuid]) -> Result<Vec<Due>> {
    // `held` is small (events retried after a failure) and read through a
    // partial index, so a round costs the same with a million events
    // pending as with ten. PostgreSQL hashes the `<> ALL` array when it is
    // planned as a constant (the relay's session plans every statement
    // afresh), so leaving out thousands of ids costs a lookup per row.
    let sql = format!(
        "WITH held AS (SELECT aggregate_type, aggregate_id, min(position) AS position \
                       FROM outbox_events WHERE state = 'pending' AND attempts > 0 \
                       GROUP BY aggregate_type, aggregate_id) \
         SELECT e.id, e.event_type, e.occurred_at, e.attempts, {ENVELOPE} AS envelope \
         FROM outbox_events e \
         WHERE e.state = 'pending' AND e.next_attempt_at <= now() AND e.id <> ALL($2) \
           AND NOT EXISTS (SELECT 1 FROM held b \
                           WHERE b.aggregate_type = e.aggregate_type \
                             AND b.aggregate_id = e.aggregate_id AND b.position < e.position) \
           AND (e.attempts = 0 OR NOT EXISTS (SELECT 1 FROM outbox_events p \
                           WHERE p.state = 'pending' AND p.aggregate_type = e.aggregate_type \
                             AND p.aggregate_id = e.aggregate_id AND p.position < e.position)) \
         ORDER BY e.position LIMIT $1"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(limit as i64)
        .bind(in_flight)
        .fetch_all(conn)
        .await
        .map_err(Error::db("cannot read the outbox"))
}

/// Records events the broker confirmed.
pub async fn mark_published(conn: &mut PgConnection, ids: &[Uuid]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE outbox_events SET state = 'published', published_at = now(), \
                attempts = attempts + 1, last_error = NULL \
         WHERE id = ANY($1) AND state = 'pending'",
    )
    .bind(ids)
    .execute(conn)
    .await
    .map_err(Error::db("cannot record published events"))?;
    Ok(())
}

/// Records a failed publication of `id`: it waits out an exponential
/// back-off (1 s doubling, at most an hour), and is dead after
/// `max_attempts` failures.
pub async fn mark_failed(conn: &mut PgConnection, id: Uuid, error: &str, max_attempts: i32) -> Result<()> {
    sqlx::query(
        "UPDATE outbox_events SET attempts = attempts + 1, last_error = $2, \
                state = CASE WHEN attempts + 1 >= $3 THEN 'dead' ELSE 'pending' END, \
                next_attempt_at = now() + least(interval '1 hour', interval '1 second' * power(2, least(attempts, 12))) \
         WHERE id = $1 AND state = 'pending'",
    )
    .bind(id)
    .bind(error)
    .bind(max_attempts)
    .execute(conn)
    .await
    .map_err(Error::db("cannot record a failed publication"))?;
    Ok(())
}

/// The outbox at a glance, for `events status` and `doctor`.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Status {
    pub pending: i64,
    /// Seconds since the oldest pending event was written.
    pub oldest_pending_age_secs: Option<f64>,
    pub dead: i64,
    pub published: i64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_published_at: Option<OffsetDateTime>,
}

/// Each figure is read through its state's partial index, so a monitor
/// polling it pays for the backlog, not for the whole kept history.
pub async fn status(conn: &mut PgConnection) -> Result<Status> {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM outbox_events WHERE state = 'pending') AS pending, \
                (SELECT extract(epoch FROM now() - min(occurred_at))::float8 \
                 FROM outbox_events WHERE state = 'pending') AS oldest_pending_age_secs, \
                (SELECT count(*) FROM outbox_events WHERE state = 'dead') AS dead, \
                (SELECT count(*) FROM outbox_events WHERE state = 'published') AS published, \
                (SELECT max(published_at) FROM outbox_events WHERE state = 'published') \
                    AS last_published_at",
    )
    .fetch_one(conn)
    .await
    .map_err(Error::db("cannot read the outbox"))
}

/// One event as `events list` shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Listed {
    pub id: Uuid,
    pub position: i64,
    pub event_type: String,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub actor: String,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
    pub data: serde_json::Value,
}

/// What `events list` selects: None is any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub event_type: Option<String>,
    pub state: Option<String>,
    pub aggregate_id: Option<String>,
    pub limit: i64,
}

/// The newest events matching `filter`, newest first.
pub async fn list(conn: &mut PgConnection, filter: &Filter) -> Result<Vec<Listed>> {
    sqlx::query_as(
        "SELECT id, position, event_type, aggregate_type, aggregate_id, actor, occurred_at, state, \
                attempts, last_error, published_at, data \
         FROM outbox_events \
         WHERE ($1::text IS NULL OR event_type = $1) AND ($2::text IS NULL OR state = $2) \
           AND ($3::text IS NULL OR aggregate_id = $3) \
         ORDER BY id DESC LIMIT $4",
    )
    .bind(&filter.event_type)
    .bind(&filter.state)
    .bind(&filter.aggregate_id)
    .bind(filter.limit)
    .fetch_all(conn)
    .await
    .map_err(Error::db("cannot read the outbox"))
}

/// Makes dead events pending again, due at once with their attempts
/// reset: `ids`, or every dead one when `ids` is None. Returns how many.
pub async fn retry(conn: &mut PgConnection, ids: Option<&[Uuid]>) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE outbox_events SET state = 'pending', attempts = 0, next_attempt_at = '-infinity' \
         WHERE state = 'dead' AND ($1::uuid[] IS NULL OR id = ANY($1))",
    )
    .bind(ids)
    .execute(conn)
    .await
    .map_err(Error::db("cannot retry dead events"))?;
    Ok(done.rows_affected())
}

/// How far the clock of a host writing events (which sets the time in the
/// event's uuid v7 id) may lag the database's (which sets `occurred_at`)
/// without a replay missing an event.
const REPLAY_CLOCK_MARGIN: time::Duration = time::Duration::HOUR;

/// The smallest uuid v7 of an event written at `at`: replays walk the
/// primary key from there instead of an index on time.
fn first_id_written_at(at: OffsetDateTime) -> Uuid {
    let millis = (at.unix_timestamp_nanos() / 1_000_000).max(0) as u64;
    uuid::Builder::from_unix_timestamp_millis(millis, &[0; 10]).into_uuid()
}

/// Marks published events written since `since` (of `event_type`, if
/// given) pending again, so the relay publishes them once more, in their
/// order. Returns how many.
pub async fn replay(conn: &mut PgConnection, since: OffsetDateTime, event_type: Option<&str>) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE outbox_events SET state = 'pending', published_at = NULL, attempts = 0, \
                next_attempt_at = '-infinity', last_error = NULL \
         WHERE id >= $3 AND state = 'published' AND occurred_at >= $1 \
           AND ($2::text IS NULL OR event_type = $2)",
    )
    .bind(since)
    .bind(event_type)
    .bind(first_id_written_at(since - REPLAY_CLOCK_MARGIN))
    .execute(conn)
    .await
    .map_err(Error::db("cannot replay events"))?;
    Ok(done.rows_affected())
}

/// Deletes published events published more than `retain` ago, in batches
/// so no long lock is held. Returns how many.
pub async fn delete_published(conn: &mut PgConnection, retain: std::time::Duration) -> Result<u64> {
    let mut deleted = 0;
    loop {
        let done = sqlx::query(
            "DELETE FROM outbox_events WHERE id IN ( \
                 SELECT id FROM outbox_events \
                 WHERE state = 'published' AND published_at < now() - make_interval(secs => $1) \
                 LIMIT 10000)",
        )
        .bind(retain.as_secs_f64())
        .execute(&mut *conn)
        .await
        .map_err(Error::db("cannot delete old published events"))?;
        deleted += done.rows_affected();
        if done.rows_affected() < 10000 {
            return Ok(deleted);
        }
    }
}
