//! Reaching one Redis server and reading what it is: for `doctor`, and to
//! tell a cluster node from a standalone server.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::config::redact_url;
use crate::error::{Error, Result};

/// What `INFO` says about a Redis server.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ServerInfo {
    /// Redacted.
    pub url: String,
    pub version: String,
    pub cluster_enabled: bool,
    /// The memory limit (0: none) and what is evicted when it is reached.
    pub maxmemory: u64,
    pub maxmemory_policy: String,
}

impl ServerInfo {
    /// Whether the server is set up as a cache: a memory limit, and a policy
    /// that evicts our keys (they all expire, so `volatile-*` does too)
    /// rather than refusing writes. Err says what to change.
    pub fn evicts(&self) -> std::result::Result<(), String> {
        const ADVICE: &str =
            "set maxmemory and maxmemory-policy allkeys-lfu with lfu-log-factor 0 (see docs/cache.md)";
        if self.maxmemory == 0 {
            Err(format!(
                "no maxmemory: Redis grows until the machine runs out; {ADVICE}"
            ))
        } else if self.maxmemory_policy == "noeviction" {
            Err(format!(
                "maxmemory-policy noeviction: a full Redis refuses new entries; {ADVICE}"
            ))
        } else {
            Ok(())
        }
    }
}

/// The value of `name` in the text of `INFO` (`name:value` lines).
pub(super) fn info_field<'a>(info: &'a str, name: &str) -> Option<&'a str> {
    info.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
}

/// Connects to one node and reads its version and mode, within `timeout`.
pub async fn probe(url: &str, ca_file: Option<&Path>, timeout: Duration) -> Result<ServerInfo> {
    let display = redact_url(url);
    let started = Instant::now();
    let unreachable = |message: String| Error::Unreachable {
        service: "Redis",
        url: display.clone(),
        waited: Duration::from_millis(started.elapsed().as_millis() as u64),
        message: format!("{message} (set the URL with --redis-url or REDIS_URL)"),
    };
    let client = super::client::client(url, ca_file)?;
    let info: String = tokio::time::timeout(timeout, async {
        let mut conn = client.get_multiplexed_async_connection().await?;
        redis::cmd("INFO")
            .arg("server")
            .arg("cluster")
            .arg("memory")
            .query_async::<String>(&mut conn)
            .await
    })
    .await
    .map_err(|_| unreachable("timed out".to_owned()))?
    .map_err(|e| {
        if e.kind() == redis::ErrorKind::AuthenticationFailed {
            Error::Authentication {
                service: "Redis",
                url: display.clone(),
                setting: "--redis-url / REDIS_URL",
                message: e.to_string(),
            }
        } else {
            unreachable(format!("{e}{}", super::client::tls_hint(&e)))
        }
    })?;
    let field = |name: &str| info_field(&info, name).map(str::to_owned);
    Ok(ServerInfo {
        url: display.clone(),
        version: field("redis_version").unwrap_or_else(|| "unknown".to_owned()),
        cluster_enabled: field("cluster_enabled").as_deref() == Some("1"),
        maxmemory: field("maxmemory").and_then(|v| v.parse().ok()).unwrap_or(0),
        maxmemory_policy: field("maxmemory_policy").unwrap_or_else(|| "unknown".to_owned()),
    })
}
