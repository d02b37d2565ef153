//! Every change made to accounts, tokens, keys, stored secrets,
//! workspaces and their members, artifacts and architectures, each as
//! one function that does the whole unit of work: the change, its audit
//! row and its domain event (src/events/) in one transaction, then Redis
//! (the cache, the token denylist) after the commit. A change that is refused or fails leaves a `denied` or
//! `failure` audit row of its own, written after the rollback.
//!
//! The tool and the HTTP service call these same functions with a
//! [`Caller`], so they cannot drift apart.
//!
//! Redis down is handled one way by every change: the change commits in
//! PostgreSQL, the cache warns once and replays its deletes when Redis is
//! back, and token checks read PostgreSQL when the denylist says nothing.

pub mod access;
pub mod architectures;
pub mod artifacts;
pub mod keys;
pub mod logins;
pub mod secrets;
pub mod users;
pub mod workspaces;

use serde_json::Value;
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Postgres, Transaction};

use crate::audit::Actor;
use crate::auth::watch::Watch;
use crate::cache::Cache;
use crate::error::{Error, ErrorKind, Result};
use crate::model::audit::NewAuditEntry;
use crate::repo;

/// Who asks for a change, and the cache its commit must tell.
#[derive(Clone, Copy)]
pub struct Caller<'a> {
    pub actor: &'a Actor,
    /// The HTTP request the change serves, kept in its audit row.
    pub request_id: Option<&'a str>,
    pub cache: &'a Cache,
    /// The process's token watch (the service has one): revocations this
    /// change commits are known to it at once.
    pub watch: Option<&'a Watch>,
    /// Whether changes write their domain events (`[events] enabled`).
    pub events: bool,
}

impl<'a> Caller<'a> {
    pub fn new(actor: &'a Actor, cache: &'a Cache) -> Caller<'a> {
        Caller {
            actor,
            request_id: None,
            cache,
            watch: None,
            events: true,
        }
    }

    /// The same caller, writing domain events or not (`[events] enabled`).
    pub fn with_events(self, events: bool) -> Caller<'a> {
        Caller { events, ..self }
    }

    /// The same caller, in a process that verifies tokens from memory.
    pub fn with_watch(self, watch: &'a Watch) -> Caller<'a> {
        Caller {
            watch: Some(watch),
            ..self
        }
    }

    /// The same caller, for an HTTP request.
    pub fn with_request_id(self, request_id: &'a str) -> Caller<'a> {
        Caller {
            request_id: Some(request_id),
            ..self
        }
    }
}

/// What a change is, for its audit rows: a dotted action and the type of
/// what it acts on; and the domain event its success announces, if any.
#[derive(Debug, Clone, Copy)]
pub struct Action {
    pub name: &'static str,
    pub entity_type: &'static str,
    /// The event type (`user.created`); its aggregate is the entity acted on.
    pub event: Option<&'static str>,
}

impl Action {
    pub const fn new(name: &'static str, entity_type: &'static str) -> Action {
        Action {
            name,
            entity_type,
            event: None,
        }
    }

    /// The same action, announcing `event` when it succeeds.
    pub const fn emits(self, event: &'static str) -> Action {
        Action {
            event: Some(event),
            ..self
        }
    }
}

/// Starts the transaction of a change and its audit row.
pub(crate) async fn begin(conn: &mut PgConnection) -> Result<Transaction<'_, Postgres>> {
    conn.begin()
        .await
        .map_err(Error::db("cannot start a transaction"))
}

pub(crate) async fn commit(tx: Transaction<'_, Postgres>) -> Result<()> {
    tx.commit().await.map_err(Error::db("cannot commit"))
}

/// Appends the success row of `action` on the change's transaction, and
/// its event (`details`, which never hold a secret, with the entity's id
/// as `<entity type>_id`), unless the caller writes none.
pub(crate) async fn record(
    tx: &mut PgConnection,
    caller: &Caller<'_>,
    action: Action,
    entity_id: impl ToString,
    details: Value,
) -> Result<()> {
    let entity_id = entity_id.to_string();
    let Some(event_type) = action.event.filter(|_| caller.events) else {
        return append(tx, caller, action, Some(entity_id), "success", details).await;
    };
    let entry = audit_entry(caller, action, Some(entity_id), "success", details);
    crate::events::outbox::append_with_audit(tx, event_type, &entry).await?;
    Ok(())
}

/// Passes on the outcome of a change, after writing the `denied` or
/// `failure` row of one that did not commit. The change's transaction is
/// gone by then (dropped, so rolled back), and the row is written on its
/// own. Best effort: when the database is what failed there is nowhere to
/// write it, and the error already says so.
///
/// The tool calls it too, for a step it takes before the change (loading
/// the master key): a change that could not start was still attempted.
pub async fn finish<T>(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    action: Action,
    outcome: Result<T>,
) -> Result<T> {
    if let Err(error) = &outcome {
        record_failure(conn, caller, action, error).await;
    }
    outcome
}

/// Writes the `denied` (a guard refused) or `failure` row of a change that
/// did not happen.
pub async fn record_failure(conn: &mut PgConnection, caller: &Caller<'_>, action: Action, error: &Error) {
    if error.kind() == ErrorKind::Unavailable {
        return;
    }
    let outcome = if error.kind() == ErrorKind::Refused {
        "denied"
    } else {
        "failure"
    };
    let details = serde_json::json!({ "error": error.to_string() });
    if let Err(e) = append(conn, caller, action, None, outcome, details).await {
        tracing::debug!("cannot write to the audit trail: {e}");
    }
}

async fn append(
    conn: &mut PgConnection,
    caller: &Caller<'_>,
    action: Action,
    entity_id: Option<String>,
    outcome: &str,
    details: Value,
) -> Result<()> {
    repo::audit::append(conn, &audit_entry(caller, action, entity_id, outcome, details)).await?;
    Ok(())
}

fn audit_entry(
    caller: &Caller<'_>,
    action: Action,
    entity_id: Option<String>,
    outcome: &str,
    details: Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor: caller.actor.as_str().to_owned(),
        action: action.name.to_owned(),
        entity_type: action.entity_type.to_owned(),
        entity_id,
        outcome: outcome.to_owned(),
        details,
        request_id: caller.request_id.map(str::to_owned),
    }
}
