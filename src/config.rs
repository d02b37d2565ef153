//! Settings, resolved in one place with one precedence:
//! command-line flag > environment (a `.env` file included) > `platformctl.toml` > default.
//!
//! The library reads the environment itself, so a service that embeds it gets
//! the same settings as the tool. `Debug` never shows a password.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, Result};

pub const ENV_DATABASE_URL: &str = "DATABASE_URL";
pub const ENV_REDIS_URL: &str = "REDIS_URL";
pub const ENV_CONFIG: &str = "PLATFORMCTL_CONFIG";
pub const ENV_ENVIRONMENT: &str = "PLATFORMCTL_ENV";
pub const ENV_CONNECT_TIMEOUT: &str = "PLATFORMCTL_CONNECT_TIMEOUT";
pub const ENV_BACKUP_DIR: &str = "PLATFORMCTL_BACKUP_DIR";
pub const ENV_ARCHIVE_DIR: &str = "PLATFORMCTL_ARCHIVE_DIR";

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
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
}

/// The Redis cache: time-to-live of each tier, and timeouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheSettings {
    pub ttl: CacheTtls,
    /// How long a "no such row" answer is cached.
    pub negative_ttl: Duration,
    /// How long a cache read may take before PostgreSQL is read instead.
    pub response_timeout: Duration,
    /// The response timeout of bulk work (`cache warm`, `cache flush`).
    pub bulk_response_timeout: Duration,
    /// Cache a key only on its second miss (a doorkeeper, as in TinyLFU):
    /// keys read once never push popular ones out. Raises the hit ratio of
    /// a skewed workload on a full cache; costs one more database read for
    /// every key's first two reads.
    pub admit_on_second_miss: bool,
    /// The CA certificates (PEM) a `rediss://` server must chain to, instead
    /// of the system's roots (a private CA, or a self-signed server).
    pub tls_ca_file: Option<PathBuf>,
}

/// TTL tiers, from the seeds: static data long, fast-changing data short.
/// Sessions and denylist entries live as long as what they describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheTtls {
    pub user_profile: Duration,
    pub repository: Duration,
    pub activity_feed: Duration,
    pub workspace_config: Duration,
    pub workspace_settings: Duration,
    pub service_config: Duration,
    pub artifact: Duration,
}

impl Default for CacheSettings {
    fn default() -> Self {
        let hour = Duration::from_secs(3600);
        CacheSettings {
            ttl: CacheTtls {
                user_profile: 24 * hour,
                repository: hour,
                activity_feed: Duration::from_secs(300),
                workspace_config: hour,
                workspace_settings: hour,
                service_config: hour,
                artifact: hour,
            },
            negative_ttl: Duration::from_secs(30),
            response_timeout: Duration::from_millis(500),
            bulk_response_timeout: Duration::from_secs(30),
            admit_on_second_miss: false,
            tls_ca_file: None,
        }
    }
}

/// Tokens: who issues them, for whom, and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// The `iss` claim of issued tokens, and the only one accepted.
    pub issuer: String,
    /// The `aud` claim when `token issue` is given none.
    pub default_audience: String,
    /// Audiences `token verify` accepts (the default audience when empty).
    pub audiences: Vec<String>,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`.
    pub leeway: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            issuer: "platformctl".to_owned(),
            default_audience: "platform".to_owned(),
            audiences: Vec::new(),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            leeway: Duration::from_secs(30),
        }
    }
}

impl AuthSettings {
    /// The audiences a token may carry to be accepted.
    pub fn accepted_audiences(&self) -> Vec<String> {
        if self.audiences.is_empty() {
            vec![self.default_audience.clone()]
        } else {
            self.audiences.clone()
        }
    }
}

/// Where backups go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSettings {
    /// The directory `backup create` writes into and `list`/`prune` read.
    pub dir: PathBuf,
}

impl BackupSettings {
    /// Where `backup create` writes when not told: `<dir>/<database>-<UTC time>`.
    pub fn new_backup_path(&self, database: &str) -> PathBuf {
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .expect("a UTC time formats");
        self.dir.join(format!("{database}-{stamp}"))
    }
}

/// Retention purges: where rows go before they are deleted, how long a
/// batch may hold its locks, and each policy's limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionSettings {
    /// Where `retention purge` archives rows before deleting them.
    pub archive_dir: PathBuf,
    /// The time a batch aims at; its size adapts to stay near it.
    pub batch_time: Duration,
    /// PostgreSQL `lock_timeout` of each batch: a purge never queues behind
    /// a schema change (and the traffic queued behind that) for longer.
    pub lock_timeout: Duration,
    /// `[retention.policy]`: a policy's limit (days, or versions for
    /// `artifact_versions`), overriding its default. The retention module
    /// checks them against its policies (a misspelt name is an error).
    pub limits: std::collections::BTreeMap<String, i32>,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings {
            archive_dir: PathBuf::from("archive"),
            batch_time: Duration::from_millis(200),
            lock_timeout: Duration::from_secs(1),
            limits: Default::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateSettings {
    /// How long to wait for another run's migration lock.
    pub lock_wait: Duration,
    /// PostgreSQL `lock_timeout` for each migration: DDL never queues behind a
    /// long transaction (and blocks the traffic queued behind it) for longer.
    pub lock_timeout: Duration,
    /// PostgreSQL `statement_timeout` for each statement of a migration.
    pub statement_timeout: Duration,
}

impl Default for MigrateSettings {
    fn default() -> Self {
        MigrateSettings {
            lock_wait: Duration::from_secs(30),
            lock_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30 * 60),
        }
    }
}

/// The shape of `platformctl.toml`. Unknown keys are errors, so a typo does
/// not silently fall back to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    redis_url: Option<String>,
    environment: Option<String>,
    connect_timeout: Option<String>,
    #[serde(default)]
    migrate: FileMigrate,
    #[serde(default)]
    cache: FileCache,
    #[serde(default)]
    auth: FileAuth,
    #[serde(default)]
    backup: FileBackup,
    #[serde(default)]
    retention: FileRetention,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRetention {
    archive_dir: Option<PathBuf>,
    batch_time: Option<String>,
    lock_timeout: Option<String>,
    #[serde(default)]
    policy: std::collections::BTreeMap<String, i32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBackup {
    dir: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAuth {
    issuer: Option<String>,
    default_audience: Option<String>,
    audiences: Option<Vec<String>>,
    access_ttl: Option<String>,
    refresh_ttl: Option<String>,
    leeway: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCache {
    negative_ttl: Option<String>,
    response_timeout: Option<String>,
    bulk_response_timeout: Option<String>,
    admit_on_second_miss: Option<bool>,
    tls_ca_file: Option<PathBuf>,
    #[serde(default)]
    ttl: FileCacheTtl,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCacheTtl {
    user_profile: Option<String>,
    repository: Option<String>,
    activity_feed: Option<String>,
    workspace_config: Option<String>,
    workspace_settings: Option<String>,
    service_config: Option<String>,
    artifact: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMigrate {
    lock_wait: Option<String>,
    lock_timeout: Option<String>,
    statement_timeout: Option<String>,
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
            .field("config_file", &self.config_file)
            .finish()
    }
}

/// `archive_dir` is the flag's or the environment's, which win over the file.
fn resolve_retention(file: FileRetention, archive_dir: Option<PathBuf>) -> Result<RetentionSettings> {
    let d = RetentionSettings::default();
    let batch_time = file_duration("retention.batch_time", file.batch_time)?.unwrap_or(d.batch_time);
    if batch_time.is_zero() {
        return Err(Error::Config {
            setting: "retention.batch_time in the config file",
            message: "must be more than zero".to_owned(),
        });
    }
    Ok(RetentionSettings {
        archive_dir: archive_dir.or(file.archive_dir).unwrap_or(d.archive_dir),
        batch_time,
        lock_timeout: file_duration("retention.lock_timeout", file.lock_timeout)?.unwrap_or(d.lock_timeout),
        limits: file.policy,
    })
}

fn resolve_cache(file: FileCache) -> Result<CacheSettings> {
    let d = CacheSettings::default();
    let t = file.ttl;
    let or = |key: &'static str, value: Option<String>, default: Duration| {
        file_duration(key, value).map(|v| v.unwrap_or(default))
    };
    Ok(CacheSettings {
        ttl: CacheTtls {
            user_profile: or("cache.ttl.user_profile", t.user_profile, d.ttl.user_profile)?,
            repository: or("cache.ttl.repository", t.repository, d.ttl.repository)?,
            activity_feed: or("cache.ttl.activity_feed", t.activity_feed, d.ttl.activity_feed)?,
            workspace_config: or(
                "cache.ttl.workspace_config",
                t.workspace_config,
                d.ttl.workspace_config,
            )?,
            workspace_settings: or(
                "cache.ttl.workspace_settings",
                t.workspace_settings,
                d.ttl.workspace_settings,
            )?,
            service_config: or("cache.ttl.service_config", t.service_config, d.ttl.service_config)?,
            artifact: or("cache.ttl.artifact", t.artifact, d.ttl.artifact)?,
        },
        negative_ttl: or("cache.negative_ttl", file.negative_ttl, d.negative_ttl)?,
        response_timeout: or(
            "cache.response_timeout",
            file.response_timeout,
            d.response_timeout,
        )?,
        bulk_response_timeout: or(
            "cache.bulk_response_timeout",
            file.bulk_response_timeout,
            d.bulk_response_timeout,
        )?,
        admit_on_second_miss: file.admit_on_second_miss.unwrap_or(d.admit_on_second_miss),
        tls_ca_file: file.tls_ca_file,
    })
}

fn resolve_auth(file: FileAuth) -> Result<AuthSettings> {
    let d = AuthSettings::default();
    let or = |key: &'static str, value: Option<String>, default: Duration| {
        file_duration(key, value).map(|v| v.unwrap_or(default))
    };
    Ok(AuthSettings {
        issuer: file.issuer.unwrap_or(d.issuer),
        default_audience: file.default_audience.unwrap_or(d.default_audience),
        audiences: file.audiences.unwrap_or(d.audiences),
        access_ttl: or("auth.access_ttl", file.access_ttl, d.access_ttl)?,
        refresh_ttl: or("auth.refresh_ttl", file.refresh_ttl, d.refresh_ttl)?,
        leeway: or("auth.leeway", file.leeway, d.leeway)?,
    })
}

fn read_config_file(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::ConfigFile {
        path: path.to_owned(),
        message: format!("{e} (set by --config or {ENV_CONFIG})"),
    })?;
    toml::from_str(&text).map_err(|e| Error::ConfigFile {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

fn file_duration(key: &'static str, value: Option<String>) -> Result<Option<Duration>> {
    value.map(|v| parse_duration(key, &v)).transpose()
}

fn flag_or_file(flag: Option<Duration>, key: &'static str, file: Option<String>) -> Result<Option<Duration>> {
    match flag {
        Some(d) => Ok(Some(d)),
        None => file_duration(key, file),
    }
}

/// Parses a human duration such as `90s`, `15m`, `1h` or `30d`.
pub fn parse_duration(setting: &'static str, value: &str) -> Result<Duration> {
    humantime::parse_duration(value.trim()).map_err(|e| Error::Config {
        setting,
        message: format!("{value:?} is not a duration like 90s, 15m, 1h or 30d ({e})"),
    })
}

fn check_url(setting: &'static str, url: &str, schemes: &[&str]) -> Result<()> {
    let parsed = url::Url::parse(url).map_err(|e| Error::Config {
        setting,
        message: format!("{} is not a URL ({e})", redact_url(url)),
    })?;
    if !schemes.contains(&parsed.scheme()) {
        return Err(Error::Config {
            setting,
            message: format!(
                "{} has scheme {:?}; expected {}",
                redact_url(url),
                parsed.scheme(),
                schemes.join(" or ")
            ),
        });
    }
    Ok(())
}

/// A URL fit for messages and logs: the password (in the authority or in a
/// `password=` query parameter) is replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        // Not parseable: show nothing that might be a secret.
        return "<unparseable URL>".to_owned();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("***"));
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let secret = k.to_ascii_lowercase().contains("password");
                (
                    k.into_owned(),
                    if secret { "***".to_owned() } else { v.into_owned() },
                )
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
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
