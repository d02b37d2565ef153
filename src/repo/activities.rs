//! The activities repository: recording activity and reading a user's feed.

use sqlx::postgres::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Cursor, KeysetPage, classify, new_id};
use crate::error::Result;
use crate::model::activity::Activity;

pub async fn record(
    conn: &mut PgConnection,
    user_id: Uuid,
    repository_id: Option<Uuid>,
    activity_type: &str,
    occurred_at: OffsetDateTime,
    data: &serde_json::Value,
) -> Result<Activity> {
    sqlx::query_as!(
        Activity,
        r#"INSERT INTO activities (id, user_id, repository_id, type, occurred_at, data)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, user_id, repository_id, type AS activity_type, occurred_at, data"#,
        new_id(),
        user_id,
        repository_id,
        activity_type,
        occurred_at,
        data,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("activity", e))
}

/// A user's activity, newest first; pass the cursor back for older entries.
pub async fn feed(
    conn: &mut PgConnection,
    user_id: Uuid,
    before: Option<Cursor>,
    limit: u32,
) -> Result<KeysetPage<Activity>> {
    let limit = i64::from(limit.clamp(1, super::MAX_PAGE_SIZE));
    let (at, id) = before.map_or((None, None), |c| (Some(c.at), Some(c.id)));
    let data = sqlx::query_as!(
        Activity,
        r#"SELECT id, user_id, repository_id, type AS activity_type, occurred_at, data
           FROM activities
           WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (occurred_at, id) < ($2, $3::uuid))
           ORDER BY occurred_at DESC, id DESC
           LIMIT $4"#,
        user_id,
        at,
        id,
        limit,
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("activity", e))?;
    let next_cursor = super::next_cursor(&data, limit, |a| Cursor {
        at: a.occurred_at,
        id: a.id,
    });
    Ok(KeysetPage { data, next_cursor })
}
