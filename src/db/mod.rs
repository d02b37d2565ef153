//! PostgreSQL connections: connecting with a bounded retry on transient
//! errors, and creating or dropping the database itself.

pub mod lease;
pub mod lock;

use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

use crate::config::redact_url;
use crate::error::{Error, Result};

/// A pooled connection idle longer than this is pinged before it is used.
const POOL_PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// Where to connect and how long connecting may keep retrying.
#[derive(Clone)]
pub struct Target {
    options: PgConnectOptions,
    /// Redacted, for messages.
    display_url: String,
    connect_timeout: Duration,
}

impl Target {
    pub fn new(url: &str, connect_timeout: Duration) -> Result<Target> {
        let options = PgConnectOptions::from_str(url).map_err(|e| Error::Config {
            setting: "--database-url / DATABASE_URL",
            message: format!("{} is not a PostgreSQL URL ({e})", redact_url(url)),
        })?;
        Ok(Target {
            options,
            display_url: redact_url(url),
            connect_timeout,
        })
    }

    /// A pool of connections to the database, for a service: `min` kept
    /// open, at most `max`, each waited for at most the connect timeout.
    pub async fn pool(&self, application_name: &str, min: u32, max: u32) -> Result<sqlx::PgPool> {
        let options = self.options.clone().application_name(application_name);
        let pool = sqlx::postgres::PgPoolOptions::new()
            .min_connections(min)
            .max_connections(max)
            .acquire_timeout(self.connect_timeout)
            // sqlx pings every connection it hands out, a round trip per
            // request as long as the query's own; only one idle for a while
            // is pinged here (a broken busy one fails its query, and is
            // dropped).
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > POOL_PING_AFTER_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_lazy_with(options);
        // One connection now, so that a service refuses to start on a
        // database it cannot reach, with the retrying connect's message.
        drop(self.connect(application_name).await?);
        Ok(pool)
    }

    /// Connections for a request-serving process, handed back without
    /// sqlx's ping (see [`lease`]): at most `max`, each waited for at most
    /// the connect timeout.
    pub fn leases(&self, application_name: &str, max: u32) -> lease::Leases {
        lease::Leases::new(
            self.options.clone().application_name(application_name),
            max,
            self.connect_timeout,
        )
    }

    /// The database name the URL points to (the user name when the URL has none,
    /// as libpq does).
    pub fn database(&self) -> &str {
        self.options
            .get_database()
            .unwrap_or_else(|| self.options.get_username())
    }

    pub fn display_url(&self) -> &str {
        &self.display_url
    }

    /// The same server and credentials, another database.
    pub fn with_database(&self, database: &str) -> Target {
        let mut display =
            url::Url::parse(&self.display_url).expect("display URL was built from a parsed URL");
        display.set_path(&format!("/{database}"));
        Target {
            options: self.options.clone().database(database),
            display_url: display.to_string(),
            connect_timeout: self.connect_timeout,
        }
    }

    /// The server's maintenance database, from which databases are created and
    /// dropped (`postgres`, or `template1` when the target is `postgres`, as
    /// `createdb` does).
    pub fn maintenance(&self) -> Target {
        let name = if self.database() == "postgres" {
            "template1"
        } else {
            "postgres"
        };
        self.with_database(name)
    }

    /// Opens one connection, retrying refused connections and a server that is
    /// starting up until the connect timeout; other errors fail at once.
    pub async fn connect(&self, application_name: &str) -> Result<PgConnection> {
        let options = self.options.clone().application_name(application_name);
        let started = Instant::now();
        let mut pause = Duration::from_millis(100);
        loop {
            let remaining = self.connect_timeout.saturating_sub(started.elapsed());
            let attempt =
                tokio::time::timeout(remaining.max(Duration::from_millis(1)), options.connect()).await;
            let error = match attempt {
                Ok(Ok(conn)) => return Ok(conn),
                Ok(Err(e)) => e,
                Err(_elapsed) => return Err(self.unreachable(started, "timed out".to_owned())),
            };
            if !is_transient(&error) {
                return Err(self.classify(error, started));
            }
            if started.elapsed() + pause >= self.connect_timeout {
                return Err(self.classify(error, started));
            }
            tracing::debug!(url = %self.display_url, error = %error, "PostgreSQL not ready; retrying");
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(1));
        }
    }

    fn unreachable(&self, started: Instant, message: String) -> Error {
        Error::Unreachable {
            service: "PostgreSQL",
            url: self.display_url.clone(),
            waited: round_to_millis(started.elapsed()),
            message: format!("{message} (set the URL with --database-url or DATABASE_URL)"),
        }
    }

    fn classify(&self, error: sqlx::Error, started: Instant) -> Error {
        if let Some(db) = error.as_database_error() {
            match db.code().as_deref() {
                Some("3D000") => {
                    return Error::DatabaseMissing {
                        database: self.database().to_owned(),
                        url: self.display_url.clone(),
                    };
                }
                Some("28P01") | Some("28000") => {
                    return Error::Authentication {
                        service: "PostgreSQL",
                        url: self.display_url.clone(),
                        setting: "--database-url / DATABASE_URL",
                        message: db.message().to_owned(),
                    };
                }
                _ => {}
            }
        }
        self.unreachable(started, error.to_string())
    }

    /// Whether the target database exists.
    pub async fn database_exists(&self) -> Result<bool> {
        let mut conn = self.maintenance().connect("platformctl").await?;
        self.database_exists_on(&mut conn).await
    }

    /// Creates the target database; `Ok(false)` when it already existed.
    pub async fn create_database(&self) -> Result<bool> {
        let mut conn = self.maintenance().connect("platformctl").await?;
        let sql = format!("CREATE DATABASE {}", quote_ident(self.database()));
        match sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut conn).await {
            Ok(_) => Ok(true),
            // duplicate_database, or a concurrent creator won the race on the catalog
            Err(e) if matches!(db_code(&e).as_deref(), Some("42P04") | Some("23505")) => Ok(false),
            Err(e) => Err(Error::db(format!("creating database {}", self.database()))(e)),
        }
    }

    /// Drops the target database; `Ok(false)` when it did not exist. With
    /// `force`, other sessions connected to it are terminated first.
    pub async fn drop_database(&self, force: bool) -> Result<bool> {
        let mut conn = self.maintenance().connect("platformctl").await?;
        let mut sql = format!("DROP DATABASE IF EXISTS {}", quote_ident(self.database()));
        if force {
            sql.push_str(" WITH (FORCE)");
        }
        let existed = self.database_exists_on(&mut conn).await?;
        sqlx::raw_sql(AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .map_err(|e| match db_code(&e).as_deref() {
                Some("55006") => Error::Refused(format!(
                    "database {} is being used by other sessions; close them or pass --force to terminate them",
                    self.database()
                )),
                _ => Error::db(format!("dropping database {}", self.database()))(e),
            })?;
        Ok(existed)
    }

    async fn database_exists_on(&self, conn: &mut PgConnection) -> Result<bool> {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(self.database())
            .fetch_one(conn)
            .await
            .map_err(Error::db("checking whether the database exists"))
    }
}

/// Refused connections, resets, and a server starting up or out of
/// connection slots are worth retrying; anything else is not.
fn is_transient(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => matches!(
            db.code().as_deref(),
            Some("57P03") | Some("53300") | Some("08006") | Some("08001")
        ),
        _ => false,
    }
}

pub(crate) fn db_code(error: &sqlx::Error) -> Option<String> {
    error
        .as_database_error()
        .and_then(|d| d.code().map(|c| c.into_owned()))
}

/// Quotes an identifier for PostgreSQL: doubles inner quotes.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn round_to_millis(d: Duration) -> Duration {
    Duration::from_millis(d.as_millis() as u64)
}

/// Closes a connection politely, ignoring errors: used on paths that are
/// already reporting another error.
pub async fn close_quietly(conn: PgConnection) {
    let _ = conn.close().await;
}

/// Server facts for `doctor` and the migration log.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ServerInfo {
    pub version: String,
    pub version_num: i32,
    pub database: String,
}

pub async fn server_info(conn: &mut PgConnection) -> Result<ServerInfo> {
    let (version, version_num, database): (String, String, String) = sqlx::query_as(
        "SELECT current_setting('server_version'), current_setting('server_version_num'), current_database()",
    )
    .fetch_one(conn)
    .await
    .map_err(Error::db("reading the server version"))?;
    Ok(ServerInfo {
        version,
        version_num: version_num.parse().unwrap_or(0),
        database,
    })
}
