//! The conversations repository: conversations and their messages.

use sqlx::postgres::PgConnection;
use uuid::Uuid;

use super::{Cursor, KeysetPage, classify, new_id};
use crate::error::{Error, Result};
use crate::model::chat::{Conversation, Message, MessageRole, NewMessage};
use crate::model::workspace::MemberRole;

pub async fn create(
    conn: &mut PgConnection,
    workspace_id: Uuid,
    title: &str,
    created_by: Option<Uuid>,
    agent_id: Option<Uuid>,
) -> Result<Conversation> {
    sqlx::query_as!(
        Conversation,
        "INSERT INTO conversations (id, workspace_id, title, created_by, agent_id) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, workspace_id, title, agent_id, created_by, last_message_at, created_at, deleted_at, version",
        new_id(),
        workspace_id,
        title,
        created_by,
        agent_id,
    )
    .fetch_one(conn)
    .await
    .map_err(|e| classify("conversation", e))
}

/// A live conversation.
/// The role `user` has in the live workspace of the live conversation `id`
/// (an admin's is `Owner`), in one round trip; None when either is gone or
/// `user` is not a member.
pub async fn member_role(
    conn: &mut PgConnection,
    id: Uuid,
    user: Uuid,
    admin: bool,
) -> Result<Option<MemberRole>> {
    let role: Option<Option<MemberRole>> = sqlx::query_scalar(
        "SELECT CASE WHEN $3 THEN 'owner' ELSE m.role END
         FROM conversations c
         JOIN workspaces w ON w.id = c.workspace_id AND w.deleted_at IS NULL
         LEFT JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = $2
         WHERE c.id = $1 AND c.deleted_at IS NULL",
    )
    .bind(id)
    .bind(user)
    .bind(admin)
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("conversation", e))?;
    Ok(role.flatten())
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Conversation> {
    sqlx::query_as!(
        Conversation,
        "SELECT id, workspace_id, title, agent_id, created_by, last_message_at, created_at, deleted_at, version
         FROM conversations WHERE id = $1 AND deleted_at IS NULL",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("conversation", e))?
    .ok_or_else(|| Error::NotFound {
        entity: "conversation",
        key: id.to_string(),
    })
}

pub async fn soft_delete(conn: &mut PgConnection, id: Uuid) -> Result<()> {
    let done = sqlx::query!(
        "UPDATE conversations SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
        id
    )
    .execute(conn)
    .await
    .map_err(|e| classify("conversation", e))?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound {
            entity: "conversation",
            key: id.to_string(),
        });
    }
    Ok(())
}

/// Appends a message and moves the conversation's `last_message_at`, in one
/// statement. Appending to a deleted conversation is refused as not found.
pub async fn append(conn: &mut PgConnection, new: &NewMessage) -> Result<Message> {
    sqlx::query_as!(
        Message,
        r#"WITH conversation AS (
               UPDATE conversations SET last_message_at = now()
               WHERE id = $2 AND deleted_at IS NULL
               RETURNING id
           )
           INSERT INTO messages (id, conversation_id, role, author_id, agent_id, content, metadata, token_count)
           SELECT $1, id, $3, $4, $5, $6, $7, $8 FROM conversation
           RETURNING id, conversation_id, role AS "role: MessageRole", author_id, agent_id, content,
                     metadata, token_count, created_at"#,
        new_id(),
        new.conversation_id,
        new.role as MessageRole,
        new.author_id,
        new.agent_id,
        new.content,
        new.metadata,
        new.token_count,
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("message", e))?
    .ok_or_else(|| Error::NotFound {
        entity: "conversation",
        key: new.conversation_id.to_string(),
    })
}

/// The newest messages of a conversation, newest first; pass the cursor back
/// to page further into the past.
pub async fn recent_messages(
    conn: &mut PgConnection,
    conversation_id: Uuid,
    before: Option<Cursor>,
    limit: u32,
) -> Result<KeysetPage<Message>> {
    let limit = i64::from(limit.clamp(1, super::MAX_PAGE_SIZE));
    let (at, id) = before.map_or((None, None), |c| (Some(c.at), Some(c.id)));
    let data = sqlx::query_as!(
        Message,
        r#"SELECT id, conversation_id, role AS "role: MessageRole", author_id, agent_id, content,
                  metadata, token_count, created_at
           FROM messages
           WHERE conversation_id = $1
             AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
           ORDER BY created_at DESC, id DESC
           LIMIT $4"#,
        conversation_id,
        at,
        id,
        limit,
    )
    .fetch_all(conn)
    .await
    .map_err(|e| classify("message", e))?;
    let next_cursor = super::next_cursor(&data, limit, |m| Cursor {
        at: m.created_at,
        id: m.id,
    });
    Ok(KeysetPage { data, next_cursor })
}

/// As [`recent_messages`], for `user` (an admin when `admin`): None when the
/// conversation or its workspace is gone or `user` is not a member, and
/// the caller's role with the page otherwise, in one round trip.
pub async fn recent_messages_as(
    conn: &mut PgConnection,
    conversation_id: Uuid,
    user: Uuid,
    admin: bool,
    before: Option<Cursor>,
    limit: u32,
) -> Result<Option<(MemberRole, KeysetPage<Message>)>> {
    /// The caller's role on every row, the message's columns null when
    /// the page is empty or the caller may not read it.
    #[derive(sqlx::FromRow)]
    struct Row {
        member_role: Option<MemberRole>,
        id: Option<Uuid>,
        conversation_id: Option<Uuid>,
        role: Option<MessageRole>,
        author_id: Option<Uuid>,
        agent_id: Option<Uuid>,
        content: Option<String>,
        metadata: Option<serde_json::Value>,
        token_count: Option<i32>,
        created_at: Option<time::OffsetDateTime>,
    }
    let limit = i64::from(limit.clamp(1, super::MAX_PAGE_SIZE));
    let (at, id) = before.map_or((None, None), |c| (Some(c.at), Some(c.id)));
    let rows: Vec<Row> = sqlx::query_as(
        "WITH access AS (
             SELECT CASE WHEN $5 THEN 'owner' ELSE m.role END AS member_role
             FROM conversations c
             JOIN workspaces w ON w.id = c.workspace_id AND w.deleted_at IS NULL
             LEFT JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = $6
             WHERE c.id = $1 AND c.deleted_at IS NULL)
         SELECT a.member_role, g.id, g.conversation_id, g.role, g.author_id, g.agent_id, g.content,
                g.metadata, g.token_count, g.created_at
         FROM access a
         LEFT JOIN LATERAL (
             SELECT * FROM messages
             WHERE conversation_id = $1
               AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
             ORDER BY created_at DESC, id DESC
             LIMIT $4) g ON a.member_role IS NOT NULL
         ORDER BY g.created_at DESC, g.id DESC",
    )
    .bind(conversation_id)
    .bind(at)
    .bind(id)
    .bind(limit)
    .bind(admin)
    .bind(user)
    .fetch_all(conn)
    .await
    .map_err(|e| classify("message", e))?;
    let Some(member_role) = rows.first().and_then(|r| r.member_role) else {
        return Ok(None);
    };
    let data: Vec<Message> = rows
        .into_iter()
        .filter_map(|r| {
            Some(Message {
                id: r.id?,
                conversation_id: r.conversation_id?,
                role: r.role?,
                author_id: r.author_id,
                agent_id: r.agent_id,
                content: r.content?,
                metadata: r.metadata?,
                token_count: r.token_count,
                created_at: r.created_at?,
            })
        })
        .collect();
    let next_cursor = super::next_cursor(&data, limit, |m| Cursor {
        at: m.created_at,
        id: m.id,
    });
    Ok(Some((member_role, KeysetPage { data, next_cursor })))
}

/// Filters of `list`; None means any.
#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub workspace_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    /// Part of the title, matched literally, case-insensitively.
    pub search: Option<String>,
    pub include_deleted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConversationSort {
    #[default]
    LastMessageAt,
    CreatedAt,
    Title,
}

/// A page of conversations, sorted by a known column (ties broken by id).
pub async fn list(
    conn: &mut PgConnection,
    filter: &ConversationFilter,
    sort: ConversationSort,
    descending: bool,
    page: super::PageRequest,
) -> Result<super::Page<Conversation>> {
    let order = match sort {
        ConversationSort::LastMessageAt => "coalesce(last_message_at, created_at)",
        ConversationSort::CreatedAt => "created_at",
        ConversationSort::Title => "lower(title)",
    };
    LISTING
        .page(
            conn,
            |q| {
                super::push_live(q, filter.include_deleted);
                if let Some(w) = filter.workspace_id {
                    q.push(" AND workspace_id = ").push_bind(w);
                }
                if let Some(u) = filter.created_by {
                    q.push(" AND created_by = ").push_bind(u);
                }
                super::push_search(q, &["title"], filter.search.as_deref());
            },
            &super::order_by(order, descending),
            page,
        )
        .await
}

/// Brings a deleted conversation back.
pub async fn restore(conn: &mut PgConnection, id: Uuid) -> Result<Conversation> {
    sqlx::query_as!(
        Conversation,
        "UPDATE conversations SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL
         RETURNING id, workspace_id, title, agent_id, created_by, last_message_at, created_at, deleted_at, version",
        id
    )
    .fetch_optional(conn)
    .await
    .map_err(|e| classify("conversation", e))?
    .ok_or_else(|| Error::NotFound {
        entity: "deleted conversation",
        key: id.to_string(),
    })
}

const LISTING: super::Listing = super::Listing {
    entity: "conversation",
    columns: "id, workspace_id, title, agent_id, created_by, last_message_at, created_at, deleted_at, version",
    from: "conversations",
};
