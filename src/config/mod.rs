//! Settings, resolved in one place with one precedence:
//! command-line flag > environment (a `.env` file included) > `platformctl.toml` > default.
//!
//! The library reads the environment itself, so a service that embeds it gets
//! the same settings as the tool. `Debug` never shows a password.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

mod file;
mod sections;
mod values;

use file::{
    FileConfig, file_duration, flag_or_file, read_config_file, resolve_auth, resolve_cache, resolve_events,
    resolve_retention, resolve_server,
};
pub use sections::{
    AuthSettings, BackupSettings, CacheSettings, CacheTtls, EventSettings, MigrateSettings,
    RetentionSettings, ServerSettings,
};
use values::check_url;
pub use values::{parse_duration, redact_url};

pub const ENV_DATABASE_URL: &str = "DATABASE_URL";
pub const ENV_REDIS_URL: &str = "REDIS_URL";
pub const ENV_CONFIG: &str = "PLATFORMCTL_CONFIG";
pub const ENV_ENVIRONMENT: &str = "PLATFORMCTL_ENV";
pub const ENV_CONNECT_TIMEOUT: &str = "PLATFORMCTL_CONNECT_TIMEOUT";
pub const ENV_BACKUP_DIR: &str = "PLATFORMCTL_BACKUP_DIR";
pub const ENV_ARCHIVE_DIR: &str = "PLATFORMCTL_ARCHIVE_DIR";
pub const ENV_LISTEN: &str = "PLATFORMCTL_LISTEN";
pub const ENV_ADMIN_LISTEN: &str = "PLATFORMCTL_ADMIN_LISTEN";
pub const ENV_AMQP_URL: &str = "PLATFORMCTL_AMQP_URL";

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/platform";
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379/0";
pub const DEFAULT_CONFIG_FILE: &str = "platformctl.toml";

/// Values given on the command line; `None` means "not given".
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub database_url: Option<String>,
    pub redis_url: Option<String>,
    pub environment: Option<String>,
    pub connect_timeout: Option<Duration>,
    pub migrate: MigrateOverrides,
    /// `backup create|list|prune --dir/--out`'s directory of backups.
    pub backup_dir: Option<PathBuf>,
    /// `backup restore --target-url`: the database a restore writes.
    pub restore_target_url: Option<String>,
    /// `retention purge --archive-dir`.
    pub archive_dir: Option<PathBuf>,
    /// `seed run --env` / `setup --env`: the seed set to load.
    pub seed_set: Option<String>,
    /// `serve --listen` / `--admin-listen`.
    pub listen: Option<String>,
    pub admin_listen: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct MigrateOverrides {
    pub lock_wait: Option<Duration>,
    pub lock_timeout: Option<Duration>,
    pub statement_timeout: Option<Duration>,
}

/// The resolved settings.
#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    /// The database a restore writes: `--target-url`, else `database_url`.
    pub restore_target_url: String,
    /// The seed set `setup` and `seed run` load: `--env`, else the environment.
    pub seed_set: String,
    /// One URL for a standalone server, several for a Redis Cluster.
    pub redis_urls: Vec<String>,
    pub environment: String,
    /// How long connecting may retry transient errors before giving up.
    pub connect_timeout: Duration,
    pub migrate: MigrateSettings,
    pub cache: CacheSettings,
    pub auth: AuthSettings,
    pub backup: BackupSettings,
    pub retention: RetentionSettings,
    pub server: ServerSettings,
    pub events: EventSettings,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
}

impl Settings {
    /// Resolves settings from the process environment.
    pub fn load(flags: Overrides) -> Result<Settings> {
        Self::resolve(flags, |name| std::env::var(name).ok())
    }

    /// Resolves settings with an explicit environment (tests use this).
    pub fn resolve(flags: Overrides, env: impl Fn(&str) -> Option<String>) -> Result<Settings> {
        let env = |name: &str| env(name).filter(|v| !v.is_empty());

        let (config_file, file) = match flags.config_file.clone().or(env(ENV_CONFIG).map(PathBuf::from)) {
            Some(path) => {
                let file = read_config_file(&path)?;
                (Some(path), file)
            }
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                let path = PathBuf::from(DEFAULT_CONFIG_FILE);
                let file = read_config_file(&path)?;
                (Some(path), file)
            }
            None => (None, FileConfig::default()),
        };

        let database_url = flags
            .database_url
            .or(env(ENV_DATABASE_URL))
            .or(file.database_url)
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        check_url(
            "--database-url / DATABASE_URL",
            &database_url,
            &["postgres", "postgresql"],
        )?;

        let redis_url = flags
            .redis_url
            .or(env(ENV_REDIS_URL))
            .or(file.redis_url)
            .unwrap_or_else(|| DEFAULT_REDIS_URL.to_owned());
        let redis_urls: Vec<String> = redis_url
            .split(',')
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty())
            .collect();
        for url in &redis_urls {
            check_url("--redis-url / REDIS_URL", url, &["redis", "rediss"])?;
        }

        let environment = flags
            .environment
            .or(env(ENV_ENVIRONMENT))
            .or(file.environment)
            .unwrap_or_else(|| "development".to_owned());
        let seed_set = flags.seed_set.unwrap_or_else(|| environment.clone());
        let restore_target_url = flags.restore_target_url.unwrap_or_else(|| database_url.clone());
        check_url("--target-url", &restore_target_url, &["postgres", "postgresql"])?;

        let connect_timeout = match flags.connect_timeout {
            Some(d) => d,
            None => match env(ENV_CONNECT_TIMEOUT) {
                Some(v) => parse_duration(ENV_CONNECT_TIMEOUT, &v)?,
                None => {
                    file_duration("connect_timeout", file.connect_timeout)?.unwrap_or(Duration::from_secs(10))
                }
            },
        };

        let defaults = MigrateSettings::default();
        let migrate = MigrateSettings {
            lock_wait: flag_or_file(
                flags.migrate.lock_wait,
                "migrate.lock_wait",
                file.migrate.lock_wait,
            )?
            .unwrap_or(defaults.lock_wait),
            lock_timeout: flag_or_file(
                flags.migrate.lock_timeout,
                "migrate.lock_timeout",
                file.migrate.lock_timeout,
            )?
            .unwrap_or(defaults.lock_timeout),
            statement_timeout: flag_or_file(
                flags.migrate.statement_timeout,
                "migrate.statement_timeout",
                file.migrate.statement_timeout,
            )?
            .unwrap_or(defaults.statement_timeout),
        };

        let cache = resolve_cache(file.cache)?;
        if let Some(ca) = &cache.tls_ca_file
            && let Some(plain) = redis_urls.iter().find(|u| !u.starts_with("rediss://"))
        {
            return Err(Error::Config {
                setting: "cache.tls_ca_file",
                message: format!(
                    "{} is set, but {} is not a TLS URL: use rediss:// to connect with TLS, or remove the setting",
                    ca.display(),
                    redact_url(plain)
                ),
            });
        }
        let auth = resolve_auth(file.auth)?;
        let backup = BackupSettings {
            dir: flags
                .backup_dir
                .or(env(ENV_BACKUP_DIR).map(PathBuf::from))
                .or(file.backup.dir)
                .unwrap_or_else(|| PathBuf::from("backups")),
        };

        let archive_dir = flags.archive_dir.or(env(ENV_ARCHIVE_DIR).map(PathBuf::from));
        let retention = resolve_retention(file.retention, archive_dir)?;
        let server = resolve_server(
            file.server,
            flags.listen.or(env(ENV_LISTEN)),
            flags.admin_listen.or(env(ENV_ADMIN_LISTEN)),
        )?;

        let events = resolve_events(file.events, env(ENV_AMQP_URL))?;

        Ok(Settings {
            database_url,
            restore_target_url,
            seed_set,
            redis_urls,
            environment,
            connect_timeout,
            migrate,
            cache,
            auth,
            backup,
            retention,
            server,
            events,
            config_file,
        })
    }

    /// The database a restore writes (`--target-url`, else the configured one).
    pub fn restore_target(&self) -> Result<crate::db::Target> {
        crate::db::Target::new(&self.restore_target_url, self.connect_timeout)
    }

    /// The database these settings name, connected with their timeout.
    pub fn target(&self) -> Result<crate::db::Target> {
        crate::db::Target::new(&self.database_url, self.connect_timeout)
    }

    /// True when the settings mark this environment as production: guards
    /// refuse destructive actions there unless explicitly allowed.
    pub fn is_production(&self) -> bool {
        self.environment.eq_ignore_ascii_case("production") || self.environment.eq_ignore_ascii_case("prod")
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("restore_target_url", &redact_url(&self.restore_target_url))
            .field("seed_set", &self.seed_set)
            .field(
                "redis_urls",
                &self.redis_urls.iter().map(|u| redact_url(u)).collect::<Vec<_>>(),
            )
            .field("environment", &self.environment)
            .field("connect_timeout", &self.connect_timeout)
            .field("migrate", &self.migrate)
            .field("cache", &self.cache)
            .field("auth", &self.auth)
            .field("backup", &self.backup)
            .field("retention", &self.retention)
            .field("server", &self.server)
            .field("events", &"(amqp URL redacted)")
            .field("config_file", &self.config_file)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn flag_beats_env_beats_default() {
        let env = |name: &str| (name == ENV_DATABASE_URL).then(|| "postgres://env@h/db".to_owned());
        let from_env = Settings::resolve(Overrides::default(), env).unwrap();
        assert_eq!(from_env.database_url, "postgres://env@h/db");

        let flags = Overrides {
            database_url: Some("postgres://flag@h/db".into()),
            ..Default::default()
        };
        assert_eq!(
            Settings::resolve(flags, env).unwrap().database_url,
            "postgres://flag@h/db"
        );

        let defaults = Settings::resolve(Overrides::default(), no_env).unwrap();
        assert_eq!(defaults.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(defaults.migrate, MigrateSettings::default());
    }

    #[test]
    fn command_flags_follow_the_same_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(
            &path,
            "environment = \"staging\"\n[backup]\ndir = \"file-backups\"\n[retention]\narchive_dir = \"file-archive\"\n",
        )
        .unwrap();
        let file_only = || Overrides {
            config_file: Some(path.clone()),
            ..Default::default()
        };
        let from_file = Settings::resolve(file_only(), no_env).unwrap();
        assert_eq!(from_file.backup.dir, Path::new("file-backups"));
        assert_eq!(from_file.retention.archive_dir, Path::new("file-archive"));
        assert_eq!(
            from_file.seed_set, "staging",
            "the seed set follows the environment"
        );
        assert_eq!(from_file.restore_target_url, from_file.database_url);

        let env = |name: &str| match name {
            ENV_BACKUP_DIR => Some("env-backups".to_owned()),
            ENV_ARCHIVE_DIR => Some("env-archive".to_owned()),
            _ => None,
        };
        let from_env = Settings::resolve(file_only(), env).unwrap();
        assert_eq!(from_env.backup.dir, Path::new("env-backups"));
        assert_eq!(from_env.retention.archive_dir, Path::new("env-archive"));

        let flags = Overrides {
            backup_dir: Some("flag-backups".into()),
            archive_dir: Some("flag-archive".into()),
            seed_set: Some("demo".into()),
            restore_target_url: Some("postgres://u@h/other".into()),
            ..file_only()
        };
        let from_flags = Settings::resolve(flags, env).unwrap();
        assert_eq!(from_flags.backup.dir, Path::new("flag-backups"));
        assert_eq!(from_flags.retention.archive_dir, Path::new("flag-archive"));
        assert_eq!(from_flags.seed_set, "demo");
        assert_eq!(from_flags.restore_target_url, "postgres://u@h/other");

        let bad = Overrides {
            restore_target_url: Some("mysql://h/db".into()),
            ..Default::default()
        };
        assert!(
            Settings::resolve(bad, no_env)
                .unwrap_err()
                .to_string()
                .contains("--target-url")
        );
    }

    #[test]
    fn file_sits_between_env_and_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(
            &path,
            "database_url = \"postgres://file@h/db\"\nenvironment = \"production\"\n[migrate]\nlock_timeout = \"2s\"\n",
        )
        .unwrap();
        let flags = Overrides {
            config_file: Some(path),
            ..Default::default()
        };
        let s = Settings::resolve(flags.clone(), no_env).unwrap();
        assert_eq!(s.database_url, "postgres://file@h/db");
        assert!(s.is_production());
        assert_eq!(s.migrate.lock_timeout, Duration::from_secs(2));
        assert_eq!(s.migrate.lock_wait, Duration::from_secs(30));

        let env = |name: &str| (name == ENV_DATABASE_URL).then(|| "postgres://env@h/db".to_owned());
        assert_eq!(
            Settings::resolve(flags, env).unwrap().database_url,
            "postgres://env@h/db"
        );
    }

    #[test]
    fn cache_tiers_come_from_the_file_and_typos_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(
            &path,
            "[cache]\nadmit_on_second_miss = true\n[cache.ttl]\nuser_profile = \"12h\"\nactivity_feed = \"2m\"\n",
        )
        .unwrap();
        let flags = Overrides {
            config_file: Some(path.clone()),
            ..Default::default()
        };
        let s = Settings::resolve(flags.clone(), no_env).unwrap();
        assert_eq!(s.cache.ttl.user_profile, Duration::from_secs(12 * 3600));
        assert_eq!(s.cache.ttl.activity_feed, Duration::from_secs(120));
        assert_eq!(
            s.cache.ttl.repository,
            Duration::from_secs(3600),
            "the rest keep their defaults"
        );
        assert!(s.cache.admit_on_second_miss);
        std::fs::write(&path, "[cache.ttl]\nuser_profiles = \"1h\"\n").unwrap();
        let err = Settings::resolve(flags.clone(), no_env).unwrap_err();
        assert!(err.to_string().contains("user_profiles"), "{err}");
        std::fs::write(&path, "[cache.ttl]\nuser_profile = \"soon\"\n").unwrap();
        let err = Settings::resolve(flags, no_env).unwrap_err();
        assert!(err.to_string().contains("cache.ttl.user_profile"), "{err}");
    }

    #[test]
    fn unknown_key_in_file_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, "databse_url = \"x\"\n").unwrap();
        let err = Settings::resolve(
            Overrides {
                config_file: Some(path.clone()),
                ..Default::default()
            },
            no_env,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("p.toml") && text.contains("databse_url"), "{text}");
        assert_eq!(err.kind(), crate::ErrorKind::Config);
    }

    #[test]
    fn debug_and_redact_hide_passwords() {
        let flags = Overrides {
            database_url: Some("postgres://app:s3cret@db:5432/x?sslpassword=hunter2".into()),
            redis_url: Some("redis://:r3dis@cache:6379/0".into()),
            ..Default::default()
        };
        let s = Settings::resolve(flags, no_env).unwrap();
        let debug = format!("{s:?}");
        assert!(
            !debug.contains("s3cret") && !debug.contains("hunter2") && !debug.contains("r3dis"),
            "{debug}"
        );
        assert!(debug.contains("app:***@db"), "{debug}");
    }

    #[test]
    fn bad_urls_and_durations_name_the_setting() {
        let flags = Overrides {
            database_url: Some("mysql://x@h/db".into()),
            ..Default::default()
        };
        let err = Settings::resolve(flags, no_env).unwrap_err().to_string();
        assert!(err.contains("DATABASE_URL") && err.contains("mysql"), "{err}");

        let env = |name: &str| (name == ENV_CONNECT_TIMEOUT).then(|| "soon".to_owned());
        let err = Settings::resolve(Overrides::default(), env)
            .unwrap_err()
            .to_string();
        assert!(err.contains(ENV_CONNECT_TIMEOUT) && err.contains("soon"), "{err}");
    }
}
