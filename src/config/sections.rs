//! The resolved settings of each capability: the cache, tokens, backups,
//! retention and migrations, with their defaults.

use std::path::PathBuf;
use std::time::Duration;

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

/// `platformctl serve`: where it listens and the limits it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSettings {
    /// The public API (`/api/v1`, the JWKS).
    pub listen: std::net::SocketAddr,
    /// Health, readiness, metrics and version; keep it off the internet.
    pub admin_listen: std::net::SocketAddr,
    /// How long requests in flight may finish after SIGTERM or Ctrl-C.
    pub drain_timeout: Duration,
    /// How long one request may take before it is answered 503.
    pub request_timeout: Duration,
    /// How long a client may take to send a request's headers before its
    /// connection is closed (slow clients holding connections open).
    pub header_read_timeout: Duration,
    /// Connections held at once on each listener; beyond, new ones are
    /// closed at once.
    pub max_connections: usize,
    /// The largest request body accepted (413 beyond).
    pub body_limit: usize,
    /// Requests served at once; beyond, 503 with Retry-After.
    pub max_in_flight: usize,
    /// The database pool's connections kept open, and at most.
    pub pool_min_connections: u32,
    pub pool_max_connections: u32,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            listen: ([127, 0, 0, 1], 8000).into(),
            admin_listen: ([127, 0, 0, 1], 8001).into(),
            drain_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
            header_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
            body_limit: 1024 * 1024,
            max_in_flight: 512,
            pool_min_connections: 5,
            pool_max_connections: 20,
        }
    }
}

/// Domain events: whether changes write them, and how the relay publishes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSettings {
    /// False for a deployment without a broker: changes then write no event.
    pub enabled: bool,
    /// The broker, `amqp://user:password@host:port/vhost`.
    pub amqp_url: String,
    /// The durable topic exchange events are published to (routing key = event type).
    pub exchange: String,
    /// Events published per batch (and per round of publisher confirms).
    pub batch_size: usize,
    /// Failed publications before an event is dead (kept, retryable).
    pub max_attempts: i32,
    /// How long the relay sleeps when no notification wakes it.
    pub poll_interval: Duration,
    /// The longest any broker call may take before it counts as failed.
    pub broker_timeout: Duration,
    /// Published events older than this are deleted by the relay.
    pub retain_published: Duration,
    /// The CA certificates (PEM) an `amqps://` broker must chain to, besides
    /// the system's roots (a private CA, or a self-signed broker).
    pub tls_ca_file: Option<PathBuf>,
}

impl Default for EventSettings {
    fn default() -> Self {
        EventSettings {
            enabled: true,
            amqp_url: "amqp://guest:guest@127.0.0.1:5672/%2f".to_owned(),
            exchange: "platform.events".to_owned(),
            batch_size: 1000,
            max_attempts: 10,
            poll_interval: Duration::from_secs(1),
            broker_timeout: Duration::from_secs(10),
            retain_published: Duration::from_secs(7 * 24 * 3600),
            tls_ca_file: None,
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
