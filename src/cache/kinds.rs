//! Each kind of cached entry, described once: its name (in keys, on the
//! command line, in metrics), the table its entries come from, its TTL
//! tier, how large a warm's pages of it are, what tells a warm that a row
//! changed, and which deleted rows leave it stale. Adding a kind is adding
//! its description here, plus the two reads that are code of its own
//! types: `entities` (what the services read) and `warm::read` (a page).

use std::time::Duration;

use super::keys::Kind;
use crate::config::CacheTtls;

pub struct Description {
    pub kind: Kind,
    pub name: &'static str,
    /// The table `cache warm` walks page by page.
    pub table: &'static str,
    /// The TTL tier; None for entries that live as long as what they
    /// describe (sessions, denylist entries), whose TTL comes with them.
    pub ttl: fn(&CacheTtls) -> Option<Duration>,
    /// A warm page's rows as a share of the usual page: a user's activity
    /// feed carries up to `FEED_LENGTH` activities.
    pub page_share: f64,
    /// What says a row changed since a warm read it; None for entries whose
    /// rows never change back (a token is never un-revoked).
    pub versions: Option<Versions>,
    /// The tables whose deleted rows leave an entry stale, each with the
    /// column that holds the entry's id (a purge invalidates by these).
    pub invalidated_by: &'static [(&'static str, &'static str)],
    /// What of its rows is announced at commit (a trigger's NOTIFY,
    /// migration `change_notify`): only such kinds are kept in a process's
    /// own tier (`cache::near`).
    pub announced: Announced,
}

/// What a kind's rows announce at commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announced {
    Nothing,
    /// Changes and deletions: a value may be kept in memory.
    Changes,
    /// Inserts too: "no such row" may be kept in memory as well.
    ChangesAndInserts,
}

/// What says a kind's row changed: its id and fingerprint, a 64-bit hash of
/// both (`{id}` and `{fingerprint}` stand for them), and the read's filter.
pub struct Versions {
    pub id: &'static str,
    pub fingerprint: &'static str,
    pub hash: &'static str,
    pub filter: &'static str,
}

/// Rows whose version column says when they change.
const fn versioned(id: &'static str, filter: &'static str) -> Option<Versions> {
    Some(Versions {
        id,
        fingerprint: "version::text",
        hash: "uuid_hash_extended({id}, version)",
        filter,
    })
}

/// In the order of [`Kind::ALL`].
pub static DESCRIPTIONS: [Description; 10] = [
    Description {
        kind: Kind::UserProfile,
        name: "user_profile",
        table: "user_profiles",
        ttl: |t| Some(t.user_profile),
        page_share: 1.0,
        versions: versioned("user_id", ""),
        invalidated_by: &[("users", "id"), ("user_profiles", "user_id")],
        announced: Announced::Nothing,
    },
    Description {
        kind: Kind::Repository,
        name: "repository",
        table: "repositories",
        ttl: |t| Some(t.repository),
        page_share: 1.0,
        versions: versioned("id", ""),
        invalidated_by: &[],
        announced: Announced::Nothing,
    },
    Description {
        kind: Kind::ActivityFeed,
        name: "activity_feed",
        table: "users",
        ttl: |t| Some(t.activity_feed),
        page_share: 0.1,
        // A feed changes with its newest activity.
        versions: Some(Versions {
            id: "id",
            fingerprint: "coalesce((SELECT a.id::text FROM activities a WHERE a.user_id = users.id
                                    ORDER BY a.occurred_at DESC, a.id DESC LIMIT 1), '')",
            hash: "hashtextextended({fingerprint}, 0) # uuid_hash_extended({id}, 0)",
            filter: "AND deleted_at IS NULL",
        }),
        invalidated_by: &[("users", "id"), ("activities", "user_id")],
        announced: Announced::Nothing,
    },
    Description {
        kind: Kind::WorkspaceConfig,
        name: "workspace_config",
        table: "workspace_configs",
        ttl: |t| Some(t.workspace_config),
        page_share: 1.0,
        versions: versioned("workspace_id", ""),
        invalidated_by: &[("workspaces", "id"), ("workspace_configs", "workspace_id")],
        announced: Announced::ChangesAndInserts,
    },
    Description {
        kind: Kind::WorkspaceSettings,
        name: "workspace_settings",
        table: "workspace_settings",
        ttl: |t| Some(t.workspace_settings),
        page_share: 1.0,
        versions: versioned("workspace_id", ""),
        invalidated_by: &[("workspaces", "id"), ("workspace_settings", "workspace_id")],
        announced: Announced::ChangesAndInserts,
    },
    Description {
        kind: Kind::ServiceConfig,
        name: "service_config",
        table: "integration_configs",
        ttl: |t| Some(t.service_config),
        page_share: 1.0,
        versions: Some(Versions {
            id: "coalesce(organization_id::text, 'platform') || ':' || service",
            fingerprint: "version::text",
            hash: "hashtextextended({id}, version)",
            filter: "",
        }),
        invalidated_by: &[],
        announced: Announced::Nothing,
    },
    Description {
        kind: Kind::Artifact,
        name: "artifact",
        table: "artifacts",
        ttl: |t| Some(t.artifact),
        page_share: 1.0,
        versions: versioned("id", "AND deleted_at IS NULL"),
        invalidated_by: &[("artifacts", "id"), ("artifact_versions", "artifact_id")],
        announced: Announced::Nothing,
    },
    Description {
        kind: Kind::Session,
        name: "session",
        table: "user_sessions",
        ttl: |_| None,
        page_share: 1.0,
        versions: Some(Versions {
            id: "id",
            fingerprint: "(revoked_at IS NOT NULL)::text",
            hash: "uuid_hash_extended(id, (revoked_at IS NOT NULL)::int)",
            filter: "AND expires_at > now()",
        }),
        invalidated_by: &[("user_sessions", "id")],
        announced: Announced::Nothing,
    },
    Description {
        kind: Kind::Denylist,
        name: "denylist",
        table: "auth_tokens",
        ttl: |_| None,
        page_share: 1.0,
        versions: None,
        invalidated_by: &[("auth_tokens", "jti")],
        announced: Announced::Nothing,
    },
    Description {
        kind: Kind::User,
        name: "user",
        table: "users",
        // The tier of the user's other data.
        ttl: |t| Some(t.user_profile),
        page_share: 1.0,
        versions: versioned("id", "AND deleted_at IS NULL"),
        invalidated_by: &[("users", "id")],
        announced: Announced::Changes,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_described_once_in_order() {
        for (description, kind) in DESCRIPTIONS.iter().zip(Kind::ALL) {
            assert_eq!(description.kind, kind);
            assert_eq!(kind.describe().name, description.name);
        }
        assert_eq!(DESCRIPTIONS.len(), Kind::ALL.len());
    }
}
