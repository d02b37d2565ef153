//! Test support: each test gets its own PostgreSQL database, created on the
//! machine's server and dropped when the test ends (even when it fails), and
//! runs the real binary in an empty working directory so no `.env` or
//! `platformctl.toml` of the checkout leaks in.

#![allow(dead_code)] // each test file uses a different part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use platformctl::db::Target;
use sqlx::postgres::PgConnection;

/// The server tests create their databases on.
pub fn server_url() -> String {
    std::env::var("PLATFORMCTL_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

pub fn fixture(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/migrations")
        .join(set)
}

/// A database that exists for one test.
pub struct TestDb {
    pub name: String,
    pub url: String,
    target: Option<Target>,
    /// Working directory for the binary.
    pub dir: tempfile::TempDir,
}

impl TestDb {
    /// Creates a fresh, empty database.
    pub async fn new() -> TestDb {
        let db = TestDb::unborn();
        db.target().create_database().await.expect("create test database");
        db
    }

    /// A fresh database with the platform schema (the embedded migrations).
    pub async fn migrated() -> TestDb {
        let db = TestDb::new().await;
        let set = platformctl::migrate::MigrationSet::embedded().unwrap();
        let options = platformctl::migrate::Options::from(&platformctl::config::MigrateSettings::default());
        platformctl::migrate::Runner::new(db.target(), &set, options)
            .up(None, &mut |_| {})
            .await
            .expect("apply the platform schema");
        db
    }

    /// A unique name, not created: for tests of `db create` and `setup`.
    pub fn unborn() -> TestDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "pctl_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let mut url = url::Url::parse(&server_url()).unwrap();
        url.set_path(&format!("/{name}"));
        let url = url.to_string();
        let target = Target::new(&url, Duration::from_secs(10)).unwrap();
        TestDb {
            name,
            url,
            target: Some(target),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn target(&self) -> &Target {
        self.target.as_ref().unwrap()
    }

    pub async fn connect(&self) -> PgConnection {
        self.target()
            .connect("platformctl tests")
            .await
            .expect("connect to test database")
    }

    /// The binary, pointed at this database, in an empty directory.
    pub fn cmd(&self) -> Command {
        let mut cmd = platformctl_cmd(self.dir.path());
        cmd.env("DATABASE_URL", &self.url);
        cmd
    }

    /// Runs the binary with these arguments.
    pub fn run(&self, args: &[&str]) -> Run {
        Run(self.cmd().args(args).output().expect("run platformctl"))
    }

    pub async fn scalar_i64(&self, sql: &'static str) -> i64 {
        let mut conn = self.connect().await;
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
    }

    pub async fn scalar_text(&self, sql: &'static str) -> String {
        let mut conn = self.connect().await;
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
    }

    pub async fn table_exists(&self, name: &str) -> bool {
        let mut conn = self.connect().await;
        sqlx::query_scalar::<_, bool>("SELECT to_regclass($1) IS NOT NULL")
            .bind(name)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }

    /// Versions recorded in `_sqlx_migrations`, in order.
    pub async fn applied_versions(&self) -> Vec<i64> {
        if !self.table_exists("_sqlx_migrations").await {
            return Vec::new();
        }
        let mut conn = self.connect().await;
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut conn)
            .await
            .unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(target) = self.target.take() else { return };
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let _ = rt.block_on(target.drop_database(true));
        })
        .join()
        .unwrap();
    }
}

/// The binary with a clean environment: none of the machine's platformctl
/// settings, no colours, run in `dir`.
pub fn platformctl_cmd(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_platformctl"));
    for var in [
        "DATABASE_URL",
        "REDIS_URL",
        "PLATFORMCTL_CONFIG",
        "PLATFORMCTL_ENV",
        "PLATFORMCTL_FORMAT",
        "PLATFORMCTL_LOG_FORMAT",
        "PLATFORMCTL_CONNECT_TIMEOUT",
        "RUST_LOG",
        // As under cron or a service manager: the OS user comes from the uid.
        "USER",
        "LOGNAME",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1").current_dir(dir);
    cmd
}

/// A finished run of the binary, with readable assertions.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().expect("exited normally")
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            code,
            "expected exit {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout().contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout()
        );
        self
    }

    /// stdout parsed as the one JSON document it must be.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout())
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", self.stdout()))
    }
}

/// Copies a fixture set to a temporary directory the test may change.
pub fn copy_fixture(set: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture(set)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}
