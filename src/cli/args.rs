//! Argument groups shared by several commands, each with the methods that
//! turn it into what the library needs.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use platformctl::config::{MigrateOverrides, Settings};
use platformctl::migrate::MigrationSet;

use super::output::Printer;

/// clap value parser for human durations (`90s`, `15m`, `1h`, `30d`).
pub fn duration(value: &str) -> Result<Duration, String> {
    humantime::parse_duration(value).map_err(|e| format!("{e}; use a duration like 90s, 15m, 1h or 30d"))
}

/// Where migrations come from.
#[derive(Debug, Clone, clap::Args)]
pub struct SourceArgs {
    /// Read migrations from this directory instead of those embedded in the binary
    #[arg(long, value_name = "DIR", global = true)]
    pub source: Option<PathBuf>,
}

impl SourceArgs {
    pub fn load(&self) -> Result<MigrationSet> {
        Ok(match &self.source {
            Some(dir) => MigrationSet::from_dir(dir)?,
            None => MigrationSet::embedded()?,
        })
    }
}

/// Timeouts of a migration run.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TimeoutArgs {
    /// How long to wait for the migration lock held by another run, then exit 75 [default: 30s]
    #[arg(long, value_name = "DUR", value_parser = duration)]
    pub lock_timeout: Option<Duration>,

    /// PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]
    #[arg(long, value_name = "DUR", value_parser = duration)]
    pub ddl_lock_timeout: Option<Duration>,

    /// PostgreSQL statement_timeout for each statement of a migration [default: 30m]
    #[arg(long, value_name = "DUR", value_parser = duration)]
    pub statement_timeout: Option<Duration>,
}

impl TimeoutArgs {
    pub fn apply(&self, migrate: &mut MigrateOverrides) {
        migrate.lock_wait = self.lock_timeout.or(migrate.lock_wait);
        migrate.lock_timeout = self.ddl_lock_timeout.or(migrate.lock_timeout);
        migrate.statement_timeout = self.statement_timeout.or(migrate.statement_timeout);
    }
}

/// Refuses `what` when the settings mark the environment as production,
/// unless the user passed --allow-production (exit 77).
pub fn refuse_in_production(settings: &Settings, allowed: bool, what: &str) -> Result<()> {
    if settings.is_production() && !allowed {
        return Err(platformctl::Error::Refused(format!(
            "the environment is production ({}); pass --allow-production to do {what} anyway",
            settings
                .config_file
                .as_ref()
                .map_or("PLATFORMCTL_ENV".to_owned(), |f| format!(
                    "PLATFORMCTL_ENV or {}",
                    f.display()
                ))
        ))
        .into());
    }
    Ok(())
}

/// Confirmation of a destructive action.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfirmArgs {
    /// Do not ask for confirmation (required when not on a terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Allow this even when the settings mark the environment as production
    #[arg(long)]
    pub allow_production: bool,
}

impl ConfirmArgs {
    /// Refuses in production without --allow-production, then asks on a
    /// terminal unless --yes; without a terminal, --yes is required.
    pub fn confirm(&self, printer: &Printer, settings: &Settings, question: &str) -> Result<()> {
        refuse_in_production(settings, self.allow_production, "this")?;
        if self.yes {
            return Ok(());
        }
        match printer.confirm(question)? {
            Some(true) => Ok(()),
            Some(false) => {
                Err(platformctl::Error::Refused("cancelled; nothing was changed".to_owned()).into())
            }
            None => Err(platformctl::Error::Refused(format!(
                "{question} Not on a terminal to ask: pass --yes to confirm"
            ))
            .into()),
        }
    }
}

/// `--limit N --page P` of the listing commands.
#[derive(Debug, Clone, clap::Args)]
pub struct PageArgs {
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    limit: u32,
    #[arg(long, value_name = "P", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    page: u32,
}

impl PageArgs {
    pub fn request(&self) -> Result<platformctl::repo::PageRequest> {
        Ok(platformctl::repo::PageRequest::new(self.page, self.limit)?)
    }
}

/// The command and the arguments the user gave (not defaults), as JSON for
/// the audit trail: `{"command": "migrate up", "args": {"to": "..."}}`.
/// Secrets are never recorded, and URLs lose their passwords.
pub fn given(matches: &clap::ArgMatches) -> serde_json::Value {
    let mut command = Vec::new();
    let mut args = serde_json::Map::new();
    let mut level = Some(matches);
    while let Some(m) = level {
        for id in m.ids() {
            let id = id.as_str();
            // A global argument is listed at every level but known at one.
            let Ok(raw) = m.try_get_raw(id) else { continue };
            let given = matches!(
                m.value_source(id),
                Some(clap::parser::ValueSource::CommandLine | clap::parser::ValueSource::EnvVariable)
            );
            if !given || args.contains_key(id) {
                continue;
            }
            let values: Vec<String> = raw
                .map(|raw| raw.map(|v| v.to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            let value = |v: &String| -> serde_json::Value {
                if ["password", "secret", "jwt", "master_key"]
                    .iter()
                    .any(|s| id.contains(s))
                {
                    "(redacted)".into()
                } else if id.ends_with("url") {
                    platformctl::config::redact_url(v).into()
                } else {
                    v.clone().into()
                }
            };
            let value = match values.as_slice() {
                [] => serde_json::Value::Bool(true),
                [one] => value(one),
                many => many.iter().map(value).collect(),
            };
            args.insert(id.to_owned(), value);
        }
        level = m.subcommand().map(|(name, sub)| {
            command.push(name.to_owned());
            sub
        });
    }
    serde_json::json!({ "command": command.join(" "), "args": args })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    fn given(args: &[&str]) -> serde_json::Value {
        super::given(&crate::cli::Cli::command().get_matches_from(args))
    }

    #[test]
    fn the_audit_trail_gets_the_command_and_what_was_given_with_secrets_redacted() {
        let doc = given(&[
            "platformctl",
            "--database-url",
            "postgres://u:secret@h/db",
            "migrate",
            "--source",
            "dir",
            "up",
            "--to",
            "5",
        ]);
        assert_eq!(doc["command"], "migrate up");
        assert_eq!(doc["args"]["source"], "dir");
        assert_eq!(doc["args"]["to"], "5");
        let url = doc["args"]["database_url"].as_str().unwrap();
        assert!(!url.contains("secret"), "{url}");
        assert!(
            doc["args"].get("format").is_none(),
            "defaults are not recorded: {doc}"
        );
        let doc = given(&[
            "platformctl",
            "user",
            "create",
            "--email",
            "a@b.c",
            "--name",
            "A",
            "--password-stdin",
        ]);
        assert_eq!(doc["args"]["password_stdin"], "(redacted)");
    }
}
