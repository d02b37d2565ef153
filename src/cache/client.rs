//! One Redis connection type for a standalone server and a Redis Cluster.
//!
//! Standalone: a `ConnectionManager`, created lazily (so a Redis that is down
//! at start-up delays nothing) and reconnecting on its own. Cluster: redis-rs'
//! async cluster connection, which follows the slot map and MOVED/ASK
//! redirections. Both answer the same `ConnectionLike` calls, so the cache is
//! written once.
//!
//! Which one: several URLs mean a cluster (they are its seed nodes); one URL
//! is asked (`INFO cluster`) and a node with `cluster_enabled:1` is used as a
//! cluster seed.
//!
//! `rediss://` URLs speak TLS (rustls), trusting the system's roots, or only
//! the PEM file of `cache.tls_ca_file` when it is set.

use std::path::{Path, PathBuf};
use std::time::Duration;

use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster_async::ClusterConnection;
use redis::{Cmd, Pipeline, RedisFuture, Value};

use crate::config::redact_url;
use crate::error::{Error, Result};

#[derive(Clone)]
pub enum Conn {
    Single(ConnectionManager),
    Cluster(ClusterConnection),
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}

impl Conn {
    pub fn is_cluster(&self) -> bool {
        matches!(self, Conn::Cluster(_))
    }
}

/// Where the cache lives and how long a response may take.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub urls: Vec<String>,
    pub response_timeout: Duration,
    pub connect_timeout: Duration,
    /// The CA certificates (PEM) that `rediss://` servers must chain to;
    /// None: the system's roots.
    pub ca_file: Option<PathBuf>,
}

/// The certificates to trust for TLS: the CA file's, or None for the
/// system's roots.
fn trusted(ca_file: Option<&Path>) -> Result<Option<redis::TlsCertificates>> {
    let Some(path) = ca_file else {
        return Ok(None);
    };
    let pem = std::fs::read(path).map_err(|e| Error::Config {
        setting: "cache.tls_ca_file",
        message: format!("cannot read {}: {e}", path.display()),
    })?;
    Ok(Some(redis::TlsCertificates {
        client_tls: None,
        root_cert: Some(pem),
    }))
}

/// What to do about a TLS failure, to follow its message ("" for others).
pub fn tls_hint(e: &redis::RedisError) -> &'static str {
    if e.to_string().contains("certificate") {
        "; if the server's certificate comes from a private CA, name that CA's PEM file in cache.tls_ca_file"
    } else {
        ""
    }
}

fn is_tls(url: &str) -> bool {
    url.starts_with("rediss://")
}

/// A client for one server, with TLS set up for a `rediss://` URL.
pub fn client(url: &str, ca_file: Option<&Path>) -> Result<redis::Client> {
    let bad_url = |e: redis::RedisError| Error::Config {
        setting: "--redis-url / REDIS_URL",
        message: format!("{} is not a usable Redis URL ({e})", redact_url(url)),
    };
    match trusted(ca_file)? {
        Some(certificates) if is_tls(url) => {
            redis::Client::build_with_tls(url, certificates).map_err(bad_url)
        }
        _ => redis::Client::open(url).map_err(bad_url),
    }
}

/// Whether `urls` name a cluster: several seeds do; one URL is asked.
pub async fn is_cluster(endpoint: &Endpoint) -> Result<bool> {
    if endpoint.urls.len() > 1 {
        return Ok(true);
    }
    let url = endpoint.urls.first().ok_or_else(|| Error::Config {
        setting: "--redis-url / REDIS_URL",
        message: "no Redis URL".to_owned(),
    })?;
    Ok(
        super::probe(url, endpoint.ca_file.as_deref(), endpoint.connect_timeout)
            .await?
            .cluster_enabled,
    )
}

/// Opens the connection. A standalone connection is lazy: it connects on
/// first use, so this fails only on a malformed URL. A cluster connection
/// must read the slot map, so it fails when no seed answers.
pub async fn connect(endpoint: &Endpoint, cluster: bool) -> Result<Conn> {
    let bad_url = |e: redis::RedisError| Error::Config {
        setting: "--redis-url / REDIS_URL",
        message: format!(
            "{} is not a usable Redis URL ({e})",
            endpoint
                .urls
                .iter()
                .map(|u| redact_url(u))
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    if cluster {
        let mut builder = redis::cluster::ClusterClientBuilder::new(endpoint.urls.clone())
            .response_timeout(endpoint.response_timeout)
            .connection_timeout(endpoint.connect_timeout)
            .retries(2);
        if let Some(certificates) = trusted(endpoint.ca_file.as_deref())?
            && endpoint.urls.iter().all(|u| is_tls(u))
        {
            builder = builder.certs(certificates);
        }
        let client = builder.build().map_err(bad_url)?;
        let conn = client.get_async_connection().await.map_err(|e| Error::Redis {
            context: format!(
                "cannot reach the Redis Cluster at {}",
                endpoint
                    .urls
                    .iter()
                    .map(|u| redact_url(u))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            source: e,
        })?;
        Ok(Conn::Cluster(conn))
    } else {
        let client = client(&endpoint.urls[0], endpoint.ca_file.as_deref())?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(endpoint.response_timeout))
            .set_connection_timeout(Some(endpoint.connect_timeout.min(Duration::from_secs(2))))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let conn = ConnectionManager::new_lazy_with_config(client, config).map_err(bad_url)?;
        Ok(Conn::Single(conn))
    }
}

/// The primaries of a cluster (`host:port`), or the one server; bulk work
/// pipelines to each directly, since a cluster pipeline may not span slots.
pub async fn primaries(conn: &mut Conn, endpoint: &Endpoint) -> Result<Vec<String>> {
    match conn {
        Conn::Single(_) => Ok(vec![endpoint.urls[0].clone()]),
        Conn::Cluster(c) => {
            let slots: Value = redis::cmd("CLUSTER")
                .arg("SLOTS")
                .query_async(c)
                .await
                .map_err(|e| Error::Redis {
                    context: "cannot read the cluster's slot map".to_owned(),
                    source: e,
                })?;
            let scheme_and_auth = seed_prefix(&endpoint.urls[0]);
            let mut nodes = Vec::new();
            if let Value::Array(ranges) = slots {
                for range in ranges {
                    if let Value::Array(fields) = range
                        && let Some(Value::Array(primary)) = fields.get(2)
                        && let (Some(host), Some(Value::Int(port))) = (primary.first(), primary.get(1))
                    {
                        let host = match host {
                            Value::BulkString(b) => String::from_utf8_lossy(b).into_owned(),
                            Value::SimpleString(s) => s.clone(),
                            _ => continue,
                        };
                        let node = format!("{scheme_and_auth}{host}:{port}");
                        if !nodes.contains(&node) {
                            nodes.push(node);
                        }
                    }
                }
            }
            Ok(nodes)
        }
    }
}

/// `redis://user:pass@` of a seed URL, to reach the other nodes the same way.
fn seed_prefix(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => {
            let auth = match (parsed.username(), parsed.password()) {
                ("", None) => String::new(),
                (user, Some(pass)) => format!("{user}:{pass}@"),
                (user, None) => format!("{user}@"),
            };
            format!("{}://{auth}", parsed.scheme())
        }
        Err(_) => "redis://".to_owned(),
    }
}

/// A plain connection to one node, for bulk pipelines and per-node commands.
pub async fn node(
    endpoint: &Endpoint,
    url: &str,
    response_timeout: Duration,
) -> Result<redis::aio::MultiplexedConnection> {
    let client = client(url, endpoint.ca_file.as_deref())?;
    let config = redis::AsyncConnectionConfig::new().set_response_timeout(Some(response_timeout));
    client
        .get_multiplexed_async_connection_with_config(&config)
        .await
        .map_err(|e| Error::Redis {
            context: format!("cannot reach Redis node {}{}", redact_url(url), tls_hint(&e)),
            source: e,
        })
}
