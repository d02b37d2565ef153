//! The audit repository: append and read. There is no update or delete here;
//! the table refuses them too (only a retention purge may delete).

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;

use super::{Page, PageRequest, classify, new_id};
use crate::error::Result;
use crate::model::audit::{AuditEntry, NewAuditEntry};

const ENTITY: &str = "audit entry";

/// Appends an entry; call it on the connection or transaction of the change
/// it records, so both commit or neither does.
pub async fn append(conn: &mut PgConnection, new: &NewAuditEntry) -> Result<AuditEntry> {
    sqlx::query_as!(
        AuditEntry,
        "INSERT INTO audit_logs (id, actor, action, entity_type, entity_id, outcome, details, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, occurred_at, actor, action, entity_type, entity_id, outcome, details, request_id",
        new_id(),
        new.actor,
        new.action,
        new.entity_type,
        new.entity_id,
        new.outcome,
        new.details,
        new.request_id,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify(ENTITY, e))
}

/// Filters of `list`; None means any.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    pub actor: Option<String>,
    /// An action, or a prefix ending in `.` ("user." matches every user action).
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
}

/// A page of entries, newest first.
pub async fn list(
    conn: &mut PgConnection,
    filter: &AuditFilter,
    page: PageRequest,
) -> Result<Page<AuditEntry>> {
    LISTING
        .page(
            conn,
            |q| {
                if let Some(since) = filter.since {
                    q.push(" AND occurred_at >= ").push_bind(since);
                }
                if let Some(until) = filter.until {
                    q.push(" AND occurred_at < ").push_bind(until);
                }
                if let Some(actor) = &filter.actor {
                    q.push(" AND actor = ").push_bind(actor.clone());
                }
                match filter.action.as_deref() {
                    Some(prefix) if prefix.ends_with('.') => {
                        q.push(" AND action LIKE ")
                            .push_bind(format!("{}%", super::like_escape(prefix)));
                    }
                    Some(action) => {
                        q.push(" AND action = ").push_bind(action.to_owned());
                    }
                    None => {}
                }
                if let Some(t) = &filter.entity_type {
                    q.push(" AND entity_type = ").push_bind(t.clone());
                }
                if let Some(id) = &filter.entity_id {
                    q.push(" AND entity_id = ").push_bind(id.clone());
                }
            },
            "occurred_at DESC, id DESC",
            page,
        )
        .await
}

const LISTING: super::Listing = super::Listing {
    entity: ENTITY,
    columns: "id, occurred_at, actor, action, entity_type, entity_id, outcome, details, request_id",
    from: "audit_logs",
};
