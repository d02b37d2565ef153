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
    /// The operating-system user running the process: the login the
    /// environment names, else the name of the process's uid in /etc/passwd
    /// (cron and containers often set no USER), else the uid.
    pub fn from_os() -> Actor {
        let login = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .or_else(login_of_uid)
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

#[cfg(unix)]
fn login_of_uid() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    // The owner of /proc/self is the process's uid (no libc call needed).
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let name = passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)?.parse::<u32>().ok()? == uid).then(|| name.to_owned())
    });
    Some(name.unwrap_or_else(|| format!("uid:{uid}")))
}

#[cfg(not(unix))]
fn login_of_uid() -> Option<String> {
    None
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
