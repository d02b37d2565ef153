//! `platformctl.toml`: its shape (unknown keys are errors, so a typo does
//! not silently fall back to a default) and how its sections become settings.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, Result};

use super::ENV_CONFIG;
use super::sections::{
    AuthSettings, CacheSettings, CacheTtls, EventSettings, RetentionSettings, ServerSettings,
};
use super::values::parse_duration;

/// The shape of `platformctl.toml`. Unknown keys are errors, so a typo does
/// not silently fall back to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileConfig {
    pub(super) database_url: Option<String>,
    pub(super) redis_url: Option<String>,
    pub(super) environment: Option<String>,
    pub(super) connect_timeout: Option<String>,
    #[serde(default)]
    pub(super) migrate: FileMigrate,
    #[serde(default)]
    pub(super) server: FileServer,
    #[serde(default)]
    pub(super) cache: FileCache,
    #[serde(default)]
    pub(super) auth: FileAuth,
    #[serde(default)]
    pub(super) backup: FileBackup,
    #[serde(default)]
    pub(super) retention: FileRetention,
    #[serde(default)]
    pub(super) events: FileEvents,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileEvents {
    pub(super) enabled: Option<bool>,
    pub(super) amqp_url: Option<String>,
    pub(super) exchange: Option<String>,
    pub(super) batch_size: Option<usize>,
    pub(super) max_attempts: Option<i32>,
    pub(super) poll_interval: Option<String>,
    pub(super) broker_timeout: Option<String>,
    pub(super) retain_published: Option<String>,
    pub(super) tls_ca_file: Option<PathBuf>,
}

/// `[events]`, with the broker's URL given by the environment winning over the file's.
pub(super) fn resolve_events(file: FileEvents, amqp_url: Option<String>) -> Result<EventSettings> {
    let d = EventSettings::default();
    let amqp_url = amqp_url.or(file.amqp_url).unwrap_or(d.amqp_url);
    let tls = amqp_url.starts_with("amqps://");
    if !tls && !amqp_url.starts_with("amqp://") {
        return Err(Error::Config {
            setting: "PLATFORMCTL_AMQP_URL / [events] amqp_url",
            message: "the broker URL must start with amqp:// or, for TLS, amqps://".into(),
        });
    }
    if let (Some(ca), false) = (&file.tls_ca_file, tls) {
        return Err(Error::Config {
            setting: "[events] tls_ca_file",
            message: format!(
                "{} is set, but the broker URL is not a TLS URL: use amqps:// to connect with TLS, or remove the setting",
                ca.display()
            ),
        });
    }
    let settings = EventSettings {
        enabled: file.enabled.unwrap_or(d.enabled),
        amqp_url,
        exchange: file.exchange.unwrap_or(d.exchange),
        batch_size: file.batch_size.unwrap_or(d.batch_size).clamp(1, 65_535),
        max_attempts: file.max_attempts.unwrap_or(d.max_attempts).max(1),
        poll_interval: file_duration("events.poll_interval", file.poll_interval)?.unwrap_or(d.poll_interval),
        broker_timeout: file_duration("events.broker_timeout", file.broker_timeout)?
            .unwrap_or(d.broker_timeout),
        retain_published: file_duration("events.retain_published", file.retain_published)?
            .unwrap_or(d.retain_published),
        tls_ca_file: file.tls_ca_file,
    };
    if settings.exchange.is_empty() || settings.exchange.len() > 255 {
        return Err(Error::Config {
            setting: "[events] exchange",
            message: "give the exchange a name of 1 to 255 characters".into(),
        });
    }
    Ok(settings)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileRetention {
    pub(super) archive_dir: Option<PathBuf>,
    pub(super) batch_time: Option<String>,
    pub(super) lock_timeout: Option<String>,
    #[serde(default)]
    pub(super) policy: std::collections::BTreeMap<String, i32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileBackup {
    pub(super) dir: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileAuth {
    pub(super) issuer: Option<String>,
    pub(super) default_audience: Option<String>,
    pub(super) audiences: Option<Vec<String>>,
    pub(super) access_ttl: Option<String>,
    pub(super) refresh_ttl: Option<String>,
    pub(super) leeway: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileCache {
    pub(super) negative_ttl: Option<String>,
    pub(super) response_timeout: Option<String>,
    pub(super) bulk_response_timeout: Option<String>,
    pub(super) admit_on_second_miss: Option<bool>,
    pub(super) tls_ca_file: Option<PathBuf>,
    #[serde(default)]
    pub(super) ttl: FileCacheTtl,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileCacheTtl {
    pub(super) user_profile: Option<String>,
    pub(super) repository: Option<String>,
    pub(super) activity_feed: Option<String>,
    pub(super) workspace_config: Option<String>,
    pub(super) workspace_settings: Option<String>,
    pub(super) service_config: Option<String>,
    pub(super) artifact: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileServer {
    pub(super) listen: Option<String>,
    pub(super) admin_listen: Option<String>,
    pub(super) drain_timeout: Option<String>,
    pub(super) request_timeout: Option<String>,
    pub(super) header_read_timeout: Option<String>,
    pub(super) max_connections: Option<usize>,
    pub(super) body_limit: Option<usize>,
    pub(super) max_in_flight: Option<usize>,
    pub(super) pool_min_connections: Option<u32>,
    pub(super) pool_max_connections: Option<u32>,
}

/// `[server]`, with `listen` and `admin_listen` given by a flag or the
/// environment winning over the file's.
pub(super) fn resolve_server(
    file: FileServer,
    listen: Option<String>,
    admin_listen: Option<String>,
) -> Result<ServerSettings> {
    let d = ServerSettings::default();
    let address = |setting: &'static str, value: Option<String>, default| -> Result<std::net::SocketAddr> {
        match value {
            None => Ok(default),
            Some(text) => text.parse().map_err(|e| Error::Config {
                setting,
                message: format!("{text:?} is not an address such as 127.0.0.1:8000 ({e})"),
            }),
        }
    };
    let settings = ServerSettings {
        listen: address("--listen / [server] listen", listen.or(file.listen), d.listen)?,
        admin_listen: address(
            "--admin-listen / [server] admin_listen",
            admin_listen.or(file.admin_listen),
            d.admin_listen,
        )?,
        drain_timeout: file_duration("server.drain_timeout", file.drain_timeout)?.unwrap_or(d.drain_timeout),
        request_timeout: file_duration("server.request_timeout", file.request_timeout)?
            .unwrap_or(d.request_timeout),
        header_read_timeout: file_duration("server.header_read_timeout", file.header_read_timeout)?
            .unwrap_or(d.header_read_timeout),
        max_connections: file.max_connections.unwrap_or(d.max_connections).max(1),
        body_limit: file.body_limit.unwrap_or(d.body_limit),
        max_in_flight: file.max_in_flight.unwrap_or(d.max_in_flight).max(1),
        pool_min_connections: file.pool_min_connections.unwrap_or(d.pool_min_connections),
        pool_max_connections: file.pool_max_connections.unwrap_or(d.pool_max_connections),
    };
    if settings.pool_max_connections == 0 || settings.pool_min_connections > settings.pool_max_connections {
        return Err(Error::Config {
            setting: "[server] pool_min_connections / pool_max_connections",
            message: format!(
                "{} to {} is not a range: the maximum must be at least 1 and the minimum",
                settings.pool_min_connections, settings.pool_max_connections
            ),
        });
    }
    if settings.listen == settings.admin_listen {
        return Err(Error::Config {
            setting: "--admin-listen / [server] admin_listen",
            message: format!(
                "{} is the public listener's address too; give each its own",
                settings.listen
            ),
        });
    }
    Ok(settings)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileMigrate {
    pub(super) lock_wait: Option<String>,
    pub(super) lock_timeout: Option<String>,
    pub(super) statement_timeout: Option<String>,
}

/// `archive_dir` is the flag's or the environment's, which win over the file.
pub(super) fn resolve_retention(
    file: FileRetention,
    archive_dir: Option<PathBuf>,
) -> Result<RetentionSettings> {
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

pub(super) fn resolve_cache(file: FileCache) -> Result<CacheSettings> {
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

pub(super) fn resolve_auth(file: FileAuth) -> Result<AuthSettings> {
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

pub(super) fn read_config_file(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::ConfigFile {
        path: path.to_owned(),
        message: format!("{e} (set by --config or {ENV_CONFIG})"),
    })?;
    toml::from_str(&text).map_err(|e| Error::ConfigFile {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

pub(super) fn file_duration(key: &'static str, value: Option<String>) -> Result<Option<Duration>> {
    value.map(|v| parse_duration(key, &v)).transpose()
}

pub(super) fn flag_or_file(
    flag: Option<Duration>,
    key: &'static str,
    file: Option<String>,
) -> Result<Option<Duration>> {
    match flag {
        Some(d) => Ok(Some(d)),
        None => file_duration(key, file),
    }
}
