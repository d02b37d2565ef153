//! Test support: each test gets its own PostgreSQL database, created on the
//! machine's server and dropped when the test ends (even when it fails), and
//! runs the real binary in an empty working directory so no `.env` or
//! `platformctl.toml` of the checkout leaks in.

#![allow(dead_code)] // each test file uses a different part

pub mod bench;

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
        apply_schema(db.target()).await;
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

    /// A run of the binary on this database, to build up.
    pub fn bin(&self) -> Invocation {
        Invocation::new(self.cmd())
    }

    /// Runs the binary with these arguments.
    pub fn run(&self, args: &[&str]) -> Run {
        self.bin().args(args).run()
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

/// Applies the platform schema (the embedded migrations) to `target`.
pub async fn apply_schema(target: &Target) {
    let set = platformctl::migrate::MigrationSet::embedded().unwrap();
    let options = platformctl::migrate::Options::from(&platformctl::config::MigrateSettings::default());
    platformctl::migrate::Runner::new(target, &set, options)
        .up(None, &platformctl::progress::Silent)
        .await
        .expect("apply the platform schema");
}

/// The binary with a clean environment: none of the machine's platformctl
/// settings, the test process's own Redis, no colours, run in `dir`.
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
        "PLATFORMCTL_MASTER_KEY",
        "PLATFORMCTL_MASTER_KEY_FILE",
        "PLATFORMCTL_OLD_MASTER_KEYS",
        "PLATFORMCTL_ACTOR",
        "PLATFORMCTL_BACKUP_DIR",
        // As under cron or a service manager: the OS user comes from the uid.
        "USER",
        "LOGNAME",
    ] {
        cmd.env_remove(var);
    }
    // Never the machine's shared Redis: tests name another one when they need it.
    cmd.env("NO_COLOR", "1")
        .env("REDIS_URL", test_redis_url())
        .current_dir(dir);
    cmd
}

/// One run of the binary, built up: arguments, environment, stdin; `run`
/// waits for it and returns its outcome to assert on.
pub struct Invocation {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

impl Invocation {
    pub fn new(cmd: Command) -> Invocation {
        Invocation { cmd, stdin: None }
    }

    pub fn args<I, S>(mut self, args: I) -> Invocation
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Invocation {
        self.cmd.env(name, value);
        self
    }

    pub fn env_remove(mut self, name: &str) -> Invocation {
        self.cmd.env_remove(name);
        self
    }

    /// What the run reads on stdin (else nothing: stdin is closed).
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Invocation {
        self.stdin = Some(input.into());
        self
    }

    pub fn run(mut self) -> Run {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = self
            .cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start platformctl");
        let mut stdin = child.stdin.take().expect("piped stdin");
        if let Some(input) = &self.stdin {
            // The binary may exit before reading it all (a refusal): not an error.
            let _ = stdin.write_all(input);
        }
        drop(stdin);
        Run(child.wait_with_output().expect("wait for platformctl"))
    }
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
    pub fn stderr_lacks(&self, needle: &str) -> &Run {
        assert!(
            !self.stderr().contains(needle),
            "stderr has {needle:?}:\n{}",
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

/// The Redis that runs of the binary use unless a test starts its own: a
/// private server for this test process, started on first use, so that no
/// test writes to the machine's shared Redis. Tests that look at Redis's
/// contents start a [`RedisServer`] of their own, since `backup restore`
/// and `cache flush` runs may flush this one. A watchdog shell stops it
/// (and removes its directory) once this process has exited.
pub fn test_redis_url() -> &'static str {
    static URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    URL.get_or_init(|| {
        let port = free_port();
        let dir = tempfile::tempdir().unwrap().keep();
        let script = format!(
            "redis-server --port {port} --bind 127.0.0.1 --save '' --appendonly no --dir '{dir}' >/dev/null 2>&1 & \
             server=$!; \
             while kill -0 {parent} 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done; \
             kill $server 2>/dev/null; rm -rf '{dir}'",
            dir = dir.display(),
            parent = std::process::id(),
        );
        // Never waited for: it outlives this process on purpose, and init reaps it.
        #[allow(clippy::zombie_processes)]
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(std::process::Stdio::null())
            .spawn()
            .expect("sh and redis-server on the PATH");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let pong = || {
            Command::new("redis-cli")
                .args(["-p", &port.to_string(), "PING"])
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "PONG")
        };
        while !pong() {
            assert!(std::time::Instant::now() < deadline, "the tests' redis-server did not start on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        format!("redis://127.0.0.1:{port}")
    })
}

/// A port that is free now, and whose cluster bus port (+10000) is too.
pub fn free_port() -> u16 {
    loop {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        if port < 55_000 && std::net::TcpListener::bind(("127.0.0.1", port + 10_000)).is_ok() {
            return port;
        }
    }
}

/// A private redis-server on a free port, for tests that stop and restart
/// Redis (never the machine's shared one). Its data survives a restart
/// (`SHUTDOWN SAVE` to a dump file in its own directory), as a production
/// Redis with persistence would keep it. Killed when dropped.
pub struct RedisServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<std::process::Child>,
    cluster: bool,
    /// Speaks only TLS, with the certificates in this directory (see
    /// `make_certificates`).
    tls: Option<PathBuf>,
    /// The certificates a `start_tls` server made for itself, removed with it.
    _own_certificates: Option<tempfile::TempDir>,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        Self::start_with(false, None)
    }

    /// A server that speaks only TLS (`rediss://`), its certificate (for
    /// 127.0.0.1) signed by a CA made for it: `ca_file()`.
    pub fn start_tls() -> RedisServer {
        let dir = tempfile::tempdir().unwrap();
        make_certificates(dir.path());
        let mut server = Self::start_with(false, Some(dir.path().to_owned()));
        server._own_certificates = Some(dir);
        server
    }

    fn start_with(cluster: bool, tls: Option<PathBuf>) -> RedisServer {
        let mut server = RedisServer {
            port: free_port(),
            dir: tempfile::tempdir().unwrap(),
            child: None,
            cluster,
            tls,
            _own_certificates: None,
        };
        server.spawn();
        server
    }

    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "rediss" } else { "redis" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// The CA that signed a TLS server's certificate (PEM).
    pub fn ca_file(&self) -> PathBuf {
        self.tls.as_ref().expect("a TLS server").join("ca.crt")
    }

    fn spawn(&mut self) {
        let mut cmd = Command::new("redis-server");
        cmd.args([
            "--port",
            &self.port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
        ])
        .args(["--appendonly", "no", "--dbfilename", "dump.rdb"])
        .arg("--dir")
        .arg(self.dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
        if self.cluster {
            cmd.args(["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"])
                .args(["--cluster-node-timeout", "2000"]);
        }
        if let Some(certificates) = &self.tls {
            // The port given is TLS only; the plain one is closed.
            let port = self.port.to_string();
            let file = |name: &str| certificates.join(name);
            cmd.args(["--port", "0", "--tls-port", &port, "--tls-auth-clients", "no"])
                .args(["--tls-cluster", if self.cluster { "yes" } else { "no" }])
                .arg("--tls-cert-file")
                .arg(file("server.crt"))
                .arg("--tls-key-file")
                .arg(file("server.key"))
                .arg("--tls-ca-cert-file")
                .arg(file("ca.crt"));
        }
        self.child = Some(cmd.spawn().expect("redis-server on the PATH"));
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while self.cli(&["PING"]).is_none_or(|o| o.trim() != "PONG") {
            assert!(
                std::time::Instant::now() < deadline,
                "redis-server did not start on {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs redis-cli against this server; None when it cannot connect.
    pub fn cli(&self, args: &[&str]) -> Option<String> {
        let mut cmd = Command::new("redis-cli");
        cmd.args(["-p", &self.port.to_string()]);
        if self.tls.is_some() {
            cmd.arg("--tls").arg("--cacert").arg(self.ca_file());
        }
        let output = cmd.args(args).output().ok()?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        (output.status.success() && !text.starts_with("Could not connect")).then_some(text)
    }

    /// Stops the server, saving its data first.
    pub fn stop(&mut self) {
        let _ = self.cli(&["SHUTDOWN", "SAVE"]);
        if let Some(mut child) = self.child.take() {
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port, with the saved data.
    pub fn restart(&mut self) {
        self.spawn();
    }
}

/// A CA (`ca.crt`) and a certificate it signed for 127.0.0.1 and localhost
/// (`server.crt`, `server.key`), made with the openssl command.
fn make_certificates(dir: &Path) {
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the openssl command on the PATH");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=platformctl test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n").unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "server.crt",
    ]);
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A local Redis Cluster of three masters (no replicas), on free ports,
/// torn down when dropped. Every cluster test uses this one helper.
pub struct RedisCluster {
    pub nodes: Vec<RedisServer>,
    /// The certificates of a TLS cluster, shared by its nodes.
    _certificates: Option<tempfile::TempDir>,
}

impl RedisCluster {
    pub fn start() -> RedisCluster {
        Self::start_with(None)
    }

    /// A cluster whose nodes speak only TLS, to clients and to each other,
    /// with one certificate from one CA (`nodes[0].ca_file()`).
    pub fn start_tls() -> RedisCluster {
        let dir = tempfile::tempdir().unwrap();
        make_certificates(dir.path());
        Self::start_with(Some(dir))
    }

    fn start_with(certificates: Option<tempfile::TempDir>) -> RedisCluster {
        let tls = certificates.as_ref().map(|d| d.path().to_owned());
        let nodes: Vec<RedisServer> = (0..3)
            .map(|_| RedisServer::start_with(true, tls.clone()))
            .collect();
        let addresses: Vec<String> = nodes.iter().map(|n| format!("127.0.0.1:{}", n.port)).collect();
        let mut create = Command::new("redis-cli");
        if tls.is_some() {
            create.arg("--tls").arg("--cacert").arg(nodes[0].ca_file());
        }
        let output = create
            .args(["--cluster", "create"])
            .args(&addresses)
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .output()
            .expect("redis-cli on the PATH");
        assert!(
            output.status.success(),
            "redis-cli --cluster create failed: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let ok = nodes.iter().all(|n| {
                n.cli(&["CLUSTER", "INFO"])
                    .is_some_and(|i| i.contains("cluster_state:ok"))
            });
            if ok {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the cluster did not become ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        RedisCluster {
            nodes,
            _certificates: certificates,
        }
    }

    /// One seed URL (the client discovers the rest).
    pub fn seed_url(&self) -> String {
        self.nodes[0].url()
    }

    /// Keys on all nodes matching `pattern` (redis-cli --scan per node).
    pub fn keys(&self, pattern: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .nodes
            .iter()
            .flat_map(|n| {
                n.cli(&["--scan", "--pattern", pattern])
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        keys.sort();
        keys
    }
}

/// The master key the tests seal secrets with.
pub const MASTER_KEY: &str = "XlheXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl4=";

/// A migrated database, a private Redis, and the binary pointed at both with
/// a master key and an actor (`test:admin`), as an admin would run it.
pub struct Platform {
    pub db: TestDb,
    pub redis: RedisServer,
}

impl Platform {
    pub async fn start() -> Platform {
        Platform {
            db: TestDb::migrated().await,
            redis: RedisServer::start(),
        }
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = self.db.cmd();
        cmd.env("PLATFORMCTL_MASTER_KEY", MASTER_KEY)
            .env("REDIS_URL", self.redis.url())
            .env("PLATFORMCTL_ACTOR", "test:admin");
        cmd
    }

    /// A run of the binary as the admin, to build up.
    pub fn bin(&self) -> Invocation {
        Invocation::new(self.cmd())
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.bin().args(args).run()
    }

    /// Runs with `input` on stdin.
    pub fn run_with(&self, args: &[&str], input: &str) -> Run {
        self.bin().args(args).stdin(input).run()
    }
}

/// A number from the environment (a benchmark's size), else `default`.
pub fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Fails unless `path` and everything under it can be read by its owner
/// only (no group or other permission bits): backups and archives hold
/// password hashes and personal data.
pub fn assert_owner_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "{} is mode {:o}", path.display(), mode & 0o777);
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            assert_owner_only(&entry.unwrap().path());
        }
    }
}

/// An HTTP client that returns every status as an answer (not an error),
/// with a 30 s deadline per request: for the service's tests and benchmark.
pub fn http_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into()
}

/// A private RabbitMQ node (its own node name, ports and data directory)
/// for tests that crash and restart the broker, never the machine's shared
/// one. Its durable queues and persistent messages survive a restart, as
/// they would in production. Killed when dropped.
pub struct RabbitNode {
    pub port: u16,
    /// The AMQPS port of a `start_tls` node.
    pub tls_port: Option<u16>,
    dist_port: u16,
    name: String,
    dir: tempfile::TempDir,
    child: Option<std::process::Child>,
}

impl RabbitNode {
    pub fn start() -> RabbitNode {
        Self::start_with(false)
    }

    /// A node that also speaks AMQPS (`tls_url`), with a certificate for
    /// 127.0.0.1 signed by a CA made for it (`ca_file`).
    pub fn start_tls() -> RabbitNode {
        Self::start_with(true)
    }

    fn start_with(tls: bool) -> RabbitNode {
        let dir = tempfile::tempdir().unwrap();
        let mut ports = Vec::new();
        while ports.len() < 3 {
            let candidate = free_port();
            if !ports.contains(&candidate) {
                ports.push(candidate);
            }
        }
        let (port, dist_port, tls_port) = (ports[0], ports[1], tls.then_some(ports[2]));
        std::fs::write(dir.path().join("enabled_plugins"), "[].\n").unwrap();
        // Reachable only on the loopback, where `guest` may log in.
        let mut conf = format!("listeners.tcp.default = 127.0.0.1:{port}\n");
        if let Some(tls_port) = tls_port {
            make_certificates(dir.path());
            let file = |name: &str| dir.path().join(name).display().to_string();
            conf += &format!(
                "listeners.ssl.default = 127.0.0.1:{tls_port}\n\
                 ssl_options.cacertfile = {}\nssl_options.certfile = {}\nssl_options.keyfile = {}\n\
                 ssl_options.verify = verify_none\nssl_options.fail_if_no_peer_cert = false\n",
                file("ca.crt"),
                file("server.crt"),
                file("server.key"),
            );
        }
        std::fs::write(dir.path().join("rabbitmq.conf"), conf).unwrap();
        let mut node = RabbitNode {
            port,
            tls_port,
            dist_port,
            name: format!("platformctl-test-{}-{port}@localhost", std::process::id()),
            dir,
            child: None,
        };
        node.spawn();
        node
    }

    pub fn url(&self) -> String {
        format!("amqp://guest:guest@127.0.0.1:{}/%2f", self.port)
    }

    pub fn tls_url(&self) -> String {
        let port = self.tls_port.expect("a node started with start_tls");
        format!("amqps://guest:guest@127.0.0.1:{port}/%2f")
    }

    /// The CA that signed a TLS node's certificate (PEM).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.crt")
    }

    fn spawn(&mut self) {
        use std::os::unix::process::CommandExt;
        let path = |name: &str| self.dir.path().join(name);
        let child = Command::new("/usr/lib/rabbitmq/bin/rabbitmq-server")
            .env("RABBITMQ_NODENAME", &self.name)
            .env("RABBITMQ_NODE_PORT", self.port.to_string())
            .env("RABBITMQ_DIST_PORT", self.dist_port.to_string())
            .env("RABBITMQ_MNESIA_BASE", path("mnesia"))
            .env("RABBITMQ_LOG_BASE", path("log"))
            .env("RABBITMQ_CONFIG_FILE", path("rabbitmq.conf"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", path("enabled_plugins"))
            // Its own Erlang cookie, apart from the shared node's.
            .env("HOME", self.dir.path())
            // One scheduler that sleeps when idle: the tests running beside
            // it keep their CPU (Erlang's schedulers spin by default).
            .env(
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
                "+S 1:1 +sbwt none +sbwtdcpu none +sbwtdio none",
            )
            .stdin(std::process::Stdio::null())
            .stdout(std::fs::File::create(path("server.log")).unwrap())
            .stderr(std::process::Stdio::null())
            // A group of its own: the start script, the Erlang VM and its
            // helpers are killed together.
            .process_group(0)
            .spawn()
            .expect("rabbitmq-server in /usr/lib/rabbitmq/bin");
        self.child = Some(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(90);
        let listening = |port: u16| std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        while !listening(self.port) || self.tls_port.is_some_and(|port| !listening(port)) {
            assert!(
                std::time::Instant::now() < deadline,
                "the private RabbitMQ node did not start on {}: {}",
                self.port,
                std::fs::read_to_string(path("server.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills the node outright (SIGKILL, as a crash or an OOM kill would):
    /// only what it had written to disk survives.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
        }
    }

    /// Starts it again, on the same ports and data.
    pub fn restart(&mut self) {
        self.spawn();
    }
}

impl Drop for RabbitNode {
    fn drop(&mut self) {
        self.kill();
    }
}
