//! `cache warm | stats | invalidate | flush` through the binary, on a
//! private Redis and on a local three-master Redis Cluster.

use crate::support::{RedisCluster, RedisServer, Run, TestDb};

/// A migrated database with the test seed set and a little generated data.
async fn platform() -> TestDb {
    let db = TestDb::migrated().await;
    db.cmd()
        .env(
            "PLATFORMCTL_MASTER_KEY",
            "XlheXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl4=",
        )
        .args(["seed", "run", "--env", "test"])
        .status()
        .unwrap();
    db.run(&[
        "seed",
        "generate",
        "--users",
        "300",
        "--workspaces",
        "20",
        "--messages",
        "500",
        "--artifacts",
        "200",
        "--end",
        "2026-06-01T00:00:00Z",
    ])
    .expect_code(0);
    db
}

fn run(db: &TestDb, redis: &str, args: &[&str]) -> Run {
    Run(db.cmd().env("REDIS_URL", redis).args(args).output().unwrap())
}

/// As `run`, with the config file `config`.
fn run_with(db: &TestDb, redis: &str, config: &tempfile::NamedTempFile, args: &[&str]) -> Run {
    Run(db
        .cmd()
        .env("REDIS_URL", redis)
        .env("PLATFORMCTL_CONFIG", config.path())
        .args(args)
        .output()
        .unwrap())
}

fn keys_of(report: &serde_json::Value, kind: &str) -> u64 {
    report["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind} in {report}"))["keys"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn warm_fills_every_kind_and_flush_removes_only_ours() {
    let db = platform().await;
    let redis = RedisServer::start();
    redis.cli(&["SET", "someone:else", "keep me"]).unwrap();
    redis.cli(&["SET", "platformish", "not ours either"]).unwrap();

    let warm = run(&db, &redis.url(), &["cache", "warm", "--json"]);
    warm.expect_code(0);
    let report = warm.json();
    let profiles = db.scalar_i64("SELECT count(*) FROM user_profiles").await as u64;
    assert_eq!(keys_of(&report, "user_profile"), profiles);
    assert_eq!(
        keys_of(&report, "artifact"),
        db.scalar_i64("SELECT count(*) FROM artifacts WHERE deleted_at IS NULL")
            .await as u64
    );
    assert_eq!(
        keys_of(&report, "workspace_settings"),
        db.scalar_i64("SELECT count(*) FROM workspace_settings").await as u64
    );
    let ours: u64 = redis.cli(&["DBSIZE"]).unwrap().trim().parse::<u64>().unwrap() - 2;
    assert_eq!(ours, report["keys"].as_u64().unwrap());
    let sample = redis
        .cli(&["--scan", "--pattern", "platform:v1:user_profile:*"])
        .unwrap();
    let key = sample.lines().next().unwrap();
    let ttl: i64 = redis.cli(&["TTL", key]).unwrap().trim().parse().unwrap();
    assert!(
        ttl > 24 * 3600 * 9 / 10 - 10 && ttl <= 24 * 3600 * 11 / 10,
        "{ttl}"
    );

    redis
        .cli(&["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"])
        .unwrap();
    let stats = run(&db, &redis.url(), &["cache", "stats", "--json"]);
    stats.expect_code(0);
    assert_eq!(stats.json()["nodes"][0]["our_keys"].as_u64().unwrap(), ours);
    assert_eq!(stats.json()["nodes"][0]["maxmemory_policy"], "allkeys-lfu");

    // Only with --yes (or a terminal).
    run(&db, &redis.url(), &["cache", "flush"])
        .expect_code(77)
        .stderr_has("--yes");
    let flush = run(&db, &redis.url(), &["cache", "flush", "--yes", "--json"]);
    flush.expect_code(0);
    assert_eq!(flush.json()["removed"].as_u64().unwrap(), ours);
    assert_eq!(redis.cli(&["DBSIZE"]).unwrap().trim(), "2");
    assert_eq!(redis.cli(&["GET", "someone:else"]).unwrap().trim(), "keep me");
    assert_eq!(
        redis.cli(&["GET", "platformish"]).unwrap().trim(),
        "not ours either"
    );
}

#[tokio::test]
async fn warm_only_some_kinds_and_invalidate_one_entry() {
    let db = platform().await;
    let redis = RedisServer::start();
    let warm = run(
        &db,
        &redis.url(),
        &["cache", "warm", "--only", "artifact,denylist", "--json"],
    );
    warm.expect_code(0);
    let kinds: Vec<String> = warm.json()["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["artifact", "denylist"]);
    assert!(
        redis
            .cli(&["--scan", "--pattern", "platform:v1:user_profile:*"])
            .unwrap()
            .is_empty()
    );

    let id = db
        .scalar_text("SELECT id::text FROM artifacts WHERE deleted_at IS NULL LIMIT 1")
        .await;
    let key = format!("platform:v1:artifact:{id}");
    assert_eq!(redis.cli(&["EXISTS", &key]).unwrap().trim(), "1");
    run(&db, &redis.url(), &["cache", "invalidate", "artifact", &id])
        .expect_code(0)
        .stderr_has(&key);
    assert_eq!(redis.cli(&["EXISTS", &key]).unwrap().trim(), "0");
    run(&db, &redis.url(), &["cache", "invalidate", "artifact", &id])
        .expect_code(0)
        .stderr_has("was not cached");
    run(&db, &redis.url(), &["cache", "invalidate", "widget", &id])
        .expect_code(2)
        .stderr_has("unknown kind 'widget'");
}

/// `doctor` warns (exit 0) while Redis has no memory limit or refuses
/// writes when full, and is satisfied once it evicts.
#[tokio::test]
async fn doctor_warns_until_redis_is_set_up_to_evict() {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    let eviction = |redis: &RedisServer| {
        let run = run(&db, &redis.url(), &["doctor", "--json"]);
        run.expect_code(0);
        let doc = run.json();
        let check = doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "redis eviction")
            .unwrap_or_else(|| panic!("a redis eviction check in {doc}"))
            .clone();
        (
            check["status"].as_str().unwrap().to_owned(),
            check["detail"].as_str().unwrap().to_owned(),
        )
    };
    let (status, detail) = eviction(&redis);
    assert_eq!(status, "warn");
    assert!(detail.contains("no maxmemory"), "{detail}");
    redis.cli(&["CONFIG", "SET", "maxmemory", "64mb"]).unwrap();
    let (status, detail) = eviction(&redis);
    assert_eq!(status, "warn");
    assert!(
        detail.contains("noeviction") && detail.contains("allkeys-lfu"),
        "{detail}"
    );
    redis
        .cli(&["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"])
        .unwrap();
    let (status, detail) = eviction(&redis);
    assert_eq!(status, "ok");
    assert!(
        detail.contains("64 MiB") && detail.contains("allkeys-lfu"),
        "{detail}"
    );
}

/// A Redis that is full and set not to evict refuses the warm's writes: the
/// warm says so and what to change (78), rather than an internal error.
#[tokio::test]
async fn warm_into_a_full_redis_that_refuses_writes_exits_78_naming_the_policy() {
    let db = platform().await;
    let redis = RedisServer::start();
    // Any limit below what it already uses, with the default noeviction.
    redis.cli(&["CONFIG", "SET", "maxmemory", "1"]).unwrap();
    run(&db, &redis.url(), &["cache", "warm"])
        .expect_code(78)
        .stderr_has("is full and refuses writes")
        .stderr_has("maxmemory-policy allkeys-lfu");
    redis.cli(&["CONFIG", "SET", "maxmemory", "0"]).unwrap();
    assert_eq!(redis.cli(&["DBSIZE"]).unwrap().trim(), "0");
}

#[tokio::test]
async fn cache_commands_exit_69_when_redis_is_unreachable() {
    let db = TestDb::migrated().await;
    let port = crate::support::free_port();
    let url = format!("redis://127.0.0.1:{port}");
    run(&db, &url, &["cache", "warm"]).expect_code(69);
    run(&db, &url, &["cache", "stats"]).expect_code(69);
}

/// A config file whose `cache.tls_ca_file` is `ca`.
fn trusting(ca: &std::path::Path) -> tempfile::NamedTempFile {
    let config = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        config.path(),
        format!("[cache]\ntls_ca_file = {:?}\n", ca.display().to_string()),
    )
    .unwrap();
    config
}

/// `rediss://`: a server with a certificate from a private CA is used when
/// `cache.tls_ca_file` names that CA, and refused (69, naming the
/// certificate) when only the system's roots are trusted.
#[tokio::test]
async fn rediss_works_with_its_ca_file_and_an_untrusted_certificate_is_refused() {
    let db = platform().await;
    let redis = RedisServer::start_tls();
    let config = trusting(&redis.ca_file());
    let with_ca = |args: &[&str]| run_with(&db, &redis.url(), &config, args);

    let warm = with_ca(&["cache", "warm", "--only", "user_profile", "--json"]);
    warm.expect_code(0);
    let profiles = db.scalar_i64("SELECT count(*) FROM user_profiles").await;
    assert_eq!(keys_of(&warm.json(), "user_profile"), profiles as u64);
    // Written over TLS: the server holds them.
    let held: i64 = redis.cli(&["DBSIZE"]).unwrap().trim().parse().unwrap();
    assert_eq!(held, profiles);
    let stats = with_ca(&["cache", "stats", "--json"]);
    stats.expect_code(0);
    assert_eq!(stats.json()["nodes"][0]["our_keys"], profiles);

    // The system's roots do not include the test CA.
    run(&db, &redis.url(), &["cache", "stats"])
        .expect_code(69)
        .stderr_has("certificate");
    // A CA file with a plain URL is a mistake, said before connecting.
    let plain = format!("redis://127.0.0.1:{}", redis.port);
    run_with(&db, &plain, &config, &["cache", "stats"])
        .expect_code(78)
        .stderr_has("cache.tls_ca_file")
        .stderr_has("rediss://");
    // A CA file that cannot be read is named, and nothing is written.
    let missing = trusting(&redis.ca_file().with_file_name("no-such-ca.crt"));
    redis.cli(&["FLUSHALL"]).unwrap();
    run_with(&db, &redis.url(), &missing, &["cache", "warm"])
        .expect_code(78)
        .stderr_has("cache.tls_ca_file")
        .stderr_has("no-such-ca.crt");
    assert_eq!(redis.cli(&["DBSIZE"]).unwrap().trim(), "0");
}

/// A cluster over TLS: the seed is `rediss://`, and the nodes the warm and
/// stats reach directly are too.
#[tokio::test]
async fn rediss_on_a_cluster_warms_every_primary() {
    let db = platform().await;
    let cluster = RedisCluster::start_tls();
    let config = trusting(&cluster.nodes[0].ca_file());
    let with_ca = |args: &[&str]| run_with(&db, &cluster.seed_url(), &config, args);
    let warm = with_ca(&["cache", "warm", "--only", "user_profile", "--json"]);
    warm.expect_code(0);
    let profiles = db.scalar_i64("SELECT count(*) FROM user_profiles").await as usize;
    assert_eq!(cluster.keys("platform:v1:user_profile:*").len(), profiles);
    let stats = with_ca(&["cache", "stats", "--json"]).json();
    assert_eq!(stats["cluster"], true);
    let nodes = stats["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3);
    assert!(
        nodes
            .iter()
            .all(|n| n["node"].as_str().unwrap().starts_with("rediss://"))
    );
    let ours: u64 = nodes.iter().map(|n| n["our_keys"].as_u64().unwrap()).sum();
    assert_eq!(ours as usize, profiles);
}

#[tokio::test]
async fn warm_and_flush_on_a_cluster_group_keys_by_primary() {
    let db = platform().await;
    let cluster = RedisCluster::start();
    cluster.nodes[0].cli(&["-c", "SET", "foreign{a}", "1"]).unwrap();
    assert_eq!(cluster.keys("foreign*").len(), 1);
    let warm = run(&db, &cluster.seed_url(), &["cache", "warm", "--json"]);
    warm.expect_code(0);
    let report = warm.json();
    let ours = cluster.keys("platform:*");
    assert_eq!(ours.len() as u64, report["keys"].as_u64().unwrap());
    assert!(ours.len() > 500, "{}", ours.len());
    for node in &cluster.nodes {
        let on_node = node
            .cli(&["--scan", "--pattern", "platform:*"])
            .unwrap()
            .lines()
            .count();
        assert!(on_node > 0, "every primary got its share");
    }
    let stats = run(&db, &cluster.seed_url(), &["cache", "stats", "--json"]);
    stats.expect_code(0);
    let stats = stats.json();
    assert_eq!(stats["cluster"], true);
    assert_eq!(stats["nodes"].as_array().unwrap().len(), 3);
    let flush = run(&db, &cluster.seed_url(), &["cache", "flush", "--yes", "--json"]);
    flush.expect_code(0);
    assert_eq!(flush.json()["removed"].as_u64().unwrap(), ours.len() as u64);
    assert!(cluster.keys("platform:*").is_empty());
    assert_eq!(
        cluster.keys("foreign*").len(),
        1,
        "a key outside our prefix is untouched"
    );
}
