//! The retention policies: what each removes, from which table, and its limit.
//!
//! A policy is data: a table, an optional join that brings in what its rule
//! reads (a workspace's own retention, an artifact's current version), and a
//! SQL condition over the row `t`. The condition gets `$1`, the instant the
//! run evaluates retention at, and `$2`, the policy's limit. Adding a policy
//! is adding an entry to [`POLICIES`]; batching, archiving, cascades, audit
//! and cache invalidation are the purge's, the same for every policy.

use std::ops::RangeInclusive;

/// What a policy's limit counts, its default, and the values it accepts.
#[derive(Debug, Clone)]
pub struct Limit {
    /// "days" or "versions", for messages.
    pub unit: &'static str,
    pub default: i32,
    pub range: RangeInclusive<i32>,
}

/// Tables joined to the policy's table: `using` lists them (with their own
/// joins), `on` ties them to `t`. Used as `JOIN (using) ON on` in reads and
/// as `USING using WHERE on` in deletes.
#[derive(Debug, Clone)]
pub struct Join {
    pub using: &'static str,
    pub on: &'static str,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub name: &'static str,
    pub description: &'static str,
    pub table: &'static str,
    /// The time the rule looks at, for "oldest row due".
    pub age_column: &'static str,
    pub join: Option<Join>,
    /// Whether the row `t` is due, with `$1` the run's instant and `$2` the limit.
    pub due: &'static str,
    pub limit: Limit,
    /// The instant before which every row is due whatever its workspace
    /// says (same parameters as `due`), when there is one: a partition of
    /// the table by `age_column` that ends before it is dropped whole.
    pub whole_cutoff: Option<&'static str>,
    /// A setting the batch's transaction needs (`SET LOCAL name = 'on'`):
    /// audit_logs refuses deletes without it.
    pub allow_setting: Option<&'static str>,
}

const DAYS_RANGE: RangeInclusive<i32> = 1..=36500;

const fn days(default: i32) -> Limit {
    Limit {
        unit: "days",
        default,
        range: DAYS_RANGE,
    }
}

/// Every policy, in the order a purge runs them: workspaces go before users,
/// since a user who still owns a workspace cannot be removed, and the audit
/// trail goes last.
pub const POLICIES: &[Policy] = &[
    Policy {
        name: "chat_messages",
        description: "chat messages older than their workspace's chat_retention_days",
        table: "messages",
        age_column: "created_at",
        // No join: a batch would hash every conversation to read a few
        // thousand messages. A row older than the earliest cutoff any
        // workspace has is due, one newer than the latest is not; only those
        // in between look up their workspace's limit, by primary keys.
        join: None,
        due: "t.created_at < $1 - make_interval(days => least($2, (SELECT min(chat_retention_days) FROM workspace_settings))) \
              AND (t.created_at < $1 - make_interval(days => greatest($2, (SELECT max(chat_retention_days) FROM workspace_settings))) \
                   OR t.created_at < $1 - make_interval(days => coalesce( \
                      (SELECT s.chat_retention_days FROM conversations c JOIN workspace_settings s ON s.workspace_id = c.workspace_id \
                       WHERE c.id = t.conversation_id), $2)))",
        limit: days(365),
        whole_cutoff: Some(
            "$1 - make_interval(days => greatest($2, (SELECT max(chat_retention_days) FROM workspace_settings)))",
        ),
        allow_setting: None,
    },
    Policy {
        name: "artifact_versions",
        description: "artifact versions beyond the newest artifact_versions_to_keep of each artifact, never its current version",
        table: "artifact_versions",
        age_column: "created_at",
        join: Some(Join {
            using: "artifacts a LEFT JOIN workspace_settings s ON s.workspace_id = a.workspace_id",
            on: "a.id = t.artifact_id",
        }),
        due: "$1 IS NOT NULL AND t.version_number <> a.current_version \
              AND (SELECT count(*) FROM artifact_versions n \
                   WHERE n.artifact_id = t.artifact_id AND n.version_number > t.version_number) \
                  >= coalesce(s.artifact_versions_to_keep, $2)",
        limit: Limit {
            unit: "versions",
            default: 20,
            range: 1..=10000,
        },
        whole_cutoff: None,
        allow_setting: None,
    },
    Policy {
        name: "deleted_workspaces",
        description: "workspaces soft-deleted longer ago than the limit, with everything they own",
        table: "workspaces",
        age_column: "deleted_at",
        join: None,
        due: "t.deleted_at < $1 - make_interval(days => $2)",
        limit: days(30),
        whole_cutoff: Some("$1 - make_interval(days => $2)"),
        allow_setting: None,
    },
    Policy {
        name: "deleted_users",
        description: "users soft-deleted longer ago than the limit, with their personal data (not while they own a workspace)",
        table: "users",
        age_column: "deleted_at",
        join: None,
        due: "t.deleted_at < $1 - make_interval(days => $2) \
              AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.owner_id = t.id)",
        limit: days(730),
        whole_cutoff: None,
        allow_setting: None,
    },
    Policy {
        name: "expired_sessions",
        description: "sessions that expired longer ago than the limit, with their tokens",
        table: "user_sessions",
        age_column: "expires_at",
        join: None,
        due: "t.expires_at < $1 - make_interval(days => $2)",
        limit: days(30),
        whole_cutoff: Some("$1 - make_interval(days => $2)"),
        allow_setting: None,
    },
    Policy {
        name: "expired_tokens",
        description: "tokens that expired longer ago than the limit",
        table: "auth_tokens",
        age_column: "expires_at",
        join: None,
        due: "t.expires_at < $1 - make_interval(days => $2)",
        limit: days(30),
        whole_cutoff: Some("$1 - make_interval(days => $2)"),
        allow_setting: None,
    },
    Policy {
        name: "sync_logs",
        description: "sync log entries older than the limit",
        table: "sync_logs",
        age_column: "created_at",
        join: None,
        due: "t.created_at < $1 - make_interval(days => $2)",
        limit: days(90),
        whole_cutoff: Some("$1 - make_interval(days => $2)"),
        allow_setting: None,
    },
    Policy {
        name: "activities",
        description: "repository activities older than the limit",
        table: "activities",
        age_column: "occurred_at",
        join: None,
        due: "t.occurred_at < $1 - make_interval(days => $2)",
        limit: days(365),
        whole_cutoff: Some("$1 - make_interval(days => $2)"),
        allow_setting: None,
    },
    Policy {
        name: "audit_logs",
        description: "audit entries older than the limit (a purge's own entries are newer)",
        table: "audit_logs",
        age_column: "occurred_at",
        join: None,
        due: "t.occurred_at < $1 - make_interval(days => $2)",
        limit: days(365),
        whole_cutoff: Some("$1 - make_interval(days => $2)"),
        allow_setting: Some("platform.audit_purge"),
    },
];

pub fn find(name: &str) -> Option<&'static Policy> {
    POLICIES.iter().find(|p| p.name == name)
}

pub fn names() -> Vec<&'static str> {
    POLICIES.iter().map(|p| p.name).collect()
}

impl Policy {
    /// The limit in force: `[retention.policy]` of the config, else the default.
    pub fn limit_from(&self, settings: &crate::config::RetentionSettings) -> i32 {
        settings
            .limits
            .get(self.name)
            .copied()
            .unwrap_or(self.limit.default)
    }

    /// `FROM` items of a read of due rows: the table as `t`, and its join.
    pub fn from_clause(&self) -> String {
        self.from_clause_for(self.table)
    }

    /// A subquery of `column` of every due row: what the rows that cascade
    /// from due rows hang from.
    pub fn due_rows(&self, column: &str) -> String {
        format!(
            "SELECT t.{} FROM {} WHERE {}",
            crate::db::quote_ident(column),
            self.from_clause(),
            self.due
        )
    }

    /// The same, reading `table` (one of the table's partitions) as `t`.
    pub fn from_clause_for(&self, table: &str) -> String {
        match &self.join {
            Some(join) => format!("{table} t JOIN ({}) ON {}", join.using, join.on),
            None => format!("{table} t"),
        }
    }
}

/// The policies a run covers: those named (each once, in the run order), or
/// all; refused when a name, or a limit of `[retention.policy]`, is not one
/// of the policies'.
pub fn select(
    names: &[String],
    settings: &crate::config::RetentionSettings,
) -> crate::Result<Vec<&'static Policy>> {
    check_limits(settings)?;
    for name in names {
        if find(name).is_none() {
            return Err(crate::Error::Config {
                setting: "--policy",
                message: format!(
                    "no retention policy {name:?}; the policies are {}",
                    self::names().join(", ")
                ),
            });
        }
    }
    Ok(POLICIES
        .iter()
        .filter(|p| names.is_empty() || names.iter().any(|n| n == p.name))
        .collect())
}

/// `[retention.policy]` of the config: every name a policy's, every limit in its range.
fn check_limits(settings: &crate::config::RetentionSettings) -> crate::Result<()> {
    for (name, limit) in &settings.limits {
        let Some(policy) = find(name) else {
            return Err(crate::Error::Config {
                setting: "[retention.policy] in the config file",
                message: format!(
                    "no retention policy {name:?}; the policies are {}",
                    names().join(", ")
                ),
            });
        };
        if !policy.limit.range.contains(limit) {
            return Err(crate::Error::Config {
                setting: "[retention.policy] in the config file",
                message: format!(
                    "{name} = {limit} is out of range: {} must be from {} to {}",
                    policy.limit.unit,
                    policy.limit.range.start(),
                    policy.limit.range.end()
                ),
            });
        }
    }
    Ok(())
}
