//! The audit trail as commands write it: who (the actor), what (a dotted
//! action), on what, with which arguments (secrets never included), and
//! whether it succeeded. Append it on the transaction of the change, so both
//! commit or neither does.

use crate::error::Result;
use crate::model::audit::NewAuditEntry;
use crate::repo;

/// Who acts: `os:<login>` for a person at a terminal, or what `--actor` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    /// The operating-system user running the process.
    pub fn from_os() -> Actor {
        let login = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "unknown".to_owned());
        Actor(format!("os:{login}"))
    }

    /// A name given explicitly (`--actor`), kept as written (at most 255 characters).
    pub fn named(name: &str) -> Actor {
        Actor(name.chars().take(255).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Appends one successful action on `conn` (the change's transaction).
pub async fn record(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    entity_id: Option<String>,
    details: serde_json::Value,
) -> Result<()> {
    repo::audit::append(
        conn,
        &NewAuditEntry {
            actor: actor.0.clone(),
            action: action.to_owned(),
            entity_type: entity_type.to_owned(),
            entity_id,
            outcome: "success".to_owned(),
            details,
            request_id: None,
        },
    )
    .await?;
    Ok(())
}
