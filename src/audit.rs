//! The audit trail as commands write it: who (the actor), what (a dotted
//! action), on what, with which arguments (secrets never included), and
//! whether it succeeded. Append it on the transaction of the change, so both
//! commit or neither does.

use crate::db::Target;
use crate::error::{Error, ErrorKind};
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

/// How a command that ran outside one change's transaction ended, for its
/// audit row (migrations, seeding, backups: each commits many times).
pub enum RunOutcome {
    Success,
    /// What failed, and the kind of the library error behind it, if one is.
    Failed {
        kind: Option<ErrorKind>,
        message: String,
    },
}

/// Appends the audit row of a whole command run on its own connection:
/// `args` are its arguments as JSON, secrets already redacted. Nothing is
/// written when the database or its audit table does not exist yet (`db
/// create` or a first `migrate up` may have made neither), nor when the
/// database is what failed. Best effort: the command's own outcome stands.
pub async fn record_run(
    target: &Target,
    actor: &Actor,
    action: &str,
    args: serde_json::Value,
    outcome: RunOutcome,
) {
    let (outcome, details) = match outcome {
        RunOutcome::Success => ("success", serde_json::json!({ "args": args })),
        RunOutcome::Failed {
            kind: Some(ErrorKind::Unavailable),
            ..
        } => return,
        RunOutcome::Failed { kind, message } => (
            if kind == Some(ErrorKind::Refused) {
                "denied"
            } else {
                "failure"
            },
            serde_json::json!({ "args": args, "error": message }),
        ),
    };
    let written = async {
        let mut conn = target.connect("platformctl audit").await?;
        let exists: bool = sqlx::query_scalar("SELECT to_regclass('audit_logs') IS NOT NULL")
            .fetch_one(&mut conn)
            .await
            .map_err(Error::db("cannot look for the audit table"))?;
        if exists {
            repo::audit::append(
                &mut conn,
                &NewAuditEntry {
                    actor: actor.0.clone(),
                    action: action.to_owned(),
                    entity_type: action.split('.').next().unwrap_or(action).to_owned(),
                    entity_id: None,
                    outcome: outcome.to_owned(),
                    details,
                    request_id: None,
                },
            )
            .await?;
        }
        Ok::<_, Error>(())
    };
    if let Err(e) = written.await {
        tracing::debug!("cannot write to the audit trail: {e}");
    }
}
