//! Domain events through a transactional outbox: a change writes its events
//! in its own transaction ([`outbox`]), and the relay publishes them to
//! RabbitMQ afterwards ([`relay`]), so an event is never lost when a process
//! dies after a commit, nor announced for a change that rolled back.
//!
//! [`queue`] is the outbox as the relay and the operator see it: what is
//! due, what is dead, status, retries and replays. The catalogue of event
//! types and the delivery guarantees are in docs/events.md.

pub mod outbox;
pub mod queue;
#[cfg(feature = "relay")]
pub mod relay;

/// The key of the session lock the active relay holds on `database`, so
/// that `events status` and `doctor` can tell whether one is running.
pub fn leader_key(database: &str) -> i64 {
    crate::db::lock::key(0x6576_6e74, database) // "evnt"
}
