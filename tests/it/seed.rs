//! `seed run` and `setup`'s seeding, through the binary: every bad input
//! exits 65 naming file, line, column and record, and writes nothing; a
//! second run changes nothing; a dry run changes nothing.

use std::path::{Path, PathBuf};

use crate::support::{Run, TestDb};
use base64::Engine as _;
use platformctl::crypto::Keyring;

const KEY: [u8; 32] = [0x5E; 32];

fn key_b64() -> String {
    base64::engine::general_purpose::STANDARD.encode(KEY)
}

fn seed_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/seeds")
        .join(name)
        .display()
        .to_string()
}

/// Runs the binary with the test master key set.
fn run_with_key(db: &TestDb, args: &[&str]) -> Run {
    Run(db
        .cmd()
        .env("PLATFORMCTL_MASTER_KEY", key_b64())
        .args(args)
        .output()
        .unwrap())
}

/// Rows in every table a seed file can write (the migrations' own rows,
/// roles and permissions, excluded).
async fn seeded_rows(db: &TestDb) -> i64 {
    db.scalar_i64(
        "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM user_profiles)
              + (SELECT count(*) FROM user_roles) + (SELECT count(*) FROM user_identities)
              + (SELECT count(*) FROM organizations) + (SELECT count(*) FROM repositories)
              + (SELECT count(*) FROM activities) + (SELECT count(*) FROM integration_configs)
              + (SELECT count(*) FROM workspaces) + (SELECT count(*) FROM workspace_members)
              + (SELECT count(*) FROM agents) + (SELECT count(*) FROM conversations)
              + (SELECT count(*) FROM messages) + (SELECT count(*) FROM artifacts)
              + (SELECT count(*) FROM external_connections) + (SELECT count(*) FROM architectures)",
    )
    .await
}

/// Sum of every row version: any UPDATE, even one that sets the same
/// values, bumps it through the touch trigger.
async fn version_sum(db: &TestDb) -> i64 {
    db.scalar_i64(
        "SELECT ((SELECT sum(version) FROM users) + (SELECT sum(version) FROM workspaces)
              + (SELECT sum(version) FROM workspace_members) + (SELECT sum(version) FROM external_connections)
              + (SELECT sum(version) FROM user_identities) + (SELECT sum(version) FROM artifacts))::bigint",
    )
    .await
}

#[tokio::test]
async fn bad_seed_files_exit_65_name_the_place_and_write_nothing() {
    let db = TestDb::migrated().await;
    let cases = [
        (
            "syntax_error.yaml",
            "syntax_error.yaml:4:3: invalid indentation in multiline quoted scalar",
        ),
        (
            "unknown_field.yaml",
            "unknown_field.yaml:4:5: users[0].passwrd: unknown field `passwrd`, expected one of",
        ),
        (
            "wrong_type.yaml",
            "wrong_type.yaml:6:19: organizations[0].member_count: expected a whole number",
        ),
        (
            "dangling_reference.yaml",
            "dangling_reference.yaml:12:16: workspaces[1].members[0].user: no user 'alice-typo@fixture.example'",
        ),
        (
            "duplicate_key.yaml",
            "duplicate_key.yaml:4:5: users[0].name: duplicate key `name`: each field may appear once",
        ),
        (
            "duplicate_record.yaml",
            "duplicate_record.yaml:6:12: users[2]: duplicate user 'ALICE@fixture.example': already defined at",
        ),
        (
            "bad_value.yaml",
            "bad_value.yaml:5:5: workspaces[0]: invalid workspaces",
        ),
        (
            "bad_time.yaml",
            "bad_time.yaml:9:59: organizations[0].repositories[0].activities[0].at: 'yesterday' is not an RFC 3339 time",
        ),
        (
            "alias_bomb.yaml",
            "the document is too large once its aliases are expanded",
        ),
        ("include_cycle.yaml", "include[0]: include cycle:"),
        ("include_missing.yaml", "include_missing.yaml:2:5: include[0]:"),
    ];
    for (file, expected) in cases {
        let run = run_with_key(&db, &["seed", "run", "--file", &seed_fixture(file)]);
        run.expect_code(65).stderr_has(expected);
        assert_eq!(seeded_rows(&db).await, 0, "{file} wrote rows");
    }
}

#[tokio::test]
async fn a_file_over_the_size_limit_is_refused_before_it_is_parsed() {
    let db = TestDb::migrated().await;
    let path = db.dir.path().join("huge.yaml");
    let mut text = String::from("users:\n");
    let mut i = 0;
    while text.len() as u64 <= platformctl::seed::MAX_FILE_BYTES {
        text.push_str(&format!("  - {{email: user{i}@huge.example, name: User {i}}}\n"));
        i += 1;
    }
    std::fs::write(&path, text).unwrap();
    db.run(&["seed", "run", "--file", path.to_str().unwrap()])
        .expect_code(65)
        .stderr_has("huge.yaml: the file is")
        .stderr_has("seed generate");
    assert_eq!(seeded_rows(&db).await, 0);
}

#[tokio::test]
async fn missing_files_and_unknown_environments_exit_66() {
    let db = TestDb::migrated().await;
    db.run(&["seed", "run", "--file", "nope.yaml"])
        .expect_code(66)
        .stderr_has("nope.yaml");
    db.run(&["seed", "run", "--env", "staging"])
        .expect_code(66)
        .stderr_has("seeds/staging.yaml")
        .stderr_has("development, demo, test");
}

#[tokio::test]
async fn secrets_without_a_master_key_exit_78_and_write_nothing() {
    let db = TestDb::migrated().await;
    db.run(&["seed", "run", "--env", "test"])
        .expect_code(78)
        .stderr_has("users[0].identities[0] has secrets to encrypt")
        .stderr_has("PLATFORMCTL_MASTER_KEY");
    assert_eq!(seeded_rows(&db).await, 0);
}

#[tokio::test]
async fn production_is_refused_unless_allowed() {
    let db = TestDb::migrated().await;
    let valid = seed_fixture("valid.yaml");
    let refused = Run(db
        .cmd()
        .env("PLATFORMCTL_ENV", "production")
        .args(["seed", "run", "--file", &valid])
        .output()
        .unwrap());
    refused.expect_code(77).stderr_has("--allow-production");
    assert_eq!(seeded_rows(&db).await, 0);
    let allowed = Run(db
        .cmd()
        .env("PLATFORMCTL_ENV", "production")
        .args(["seed", "run", "--allow-production", "--file", &valid])
        .output()
        .unwrap());
    allowed.expect_code(0);
    assert!(seeded_rows(&db).await > 0);
}

#[tokio::test]
async fn a_second_run_changes_nothing_and_says_so() {
    let db = TestDb::migrated().await;
    let first = run_with_key(&db, &["seed", "run", "--env", "test", "--json"]);
    first.expect_code(0);
    let report = first.json();
    assert_eq!(report["changed"], true);
    assert_eq!(report["source"], "built-in", "the test runs outside the checkout");
    let users = report["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entity"] == "users")
        .unwrap();
    assert_eq!(users["created"], 4, "3 test users and the admin of common.yaml");
    let rows = seeded_rows(&db).await;
    let versions = version_sum(&db).await;

    let second = run_with_key(&db, &["seed", "run", "--env", "test"]);
    second.expect_code(0).stderr_has("Up to date");
    let again = run_with_key(&db, &["seed", "run", "--env", "test", "--json"]).json();
    assert_eq!(again["changed"], false);
    for entity in again["entities"].as_array().unwrap() {
        assert_eq!(entity["created"], 0, "{entity}");
        assert_eq!(entity["updated"], 0, "{entity}");
    }
    assert_eq!(seeded_rows(&db).await, rows);
    assert_eq!(version_sum(&db).await, versions, "no row was rewritten");
}

#[tokio::test]
async fn passwords_are_hashed_and_credentials_sealed_on_load() {
    let db = TestDb::migrated().await;
    run_with_key(&db, &["seed", "run", "--env", "test"]).expect_code(0);
    let mut conn = db.connect().await;
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'owner@test.example'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(platformctl::password::verify("test-owner-passphrase-2026", &hash));
    let (id, sealed, key_id): (uuid::Uuid, Vec<u8>, String) = sqlx::query_as(
        "SELECT id, credentials_encrypted, credentials_key_id FROM external_connections WHERE name = 'test-repo'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert!(!String::from_utf8_lossy(&sealed).contains("ghs_test_installation_token"));
    let keyring = Keyring::from_keys(&KEY, &[]);
    let opened = keyring
        .open(
            &key_id,
            &sealed,
            &platformctl::secrets::context("external_connections.credentials", id),
        )
        .unwrap();
    let credentials: serde_json::Value = serde_json::from_slice(&opened).unwrap();
    assert_eq!(credentials["token"], "ghs_test_installation_token");
}

#[tokio::test]
async fn dry_run_reports_changes_and_writes_nothing() {
    let db = TestDb::migrated().await;
    let valid = seed_fixture("valid.yaml");
    let dry = db.run(&["seed", "run", "--file", &valid, "--dry-run", "--json"]);
    dry.expect_code(0);
    assert_eq!(dry.json()["dry_run"], true);
    assert_eq!(dry.json()["changed"], true);
    assert_eq!(seeded_rows(&db).await, 0);

    db.run(&["seed", "run", "--file", &valid]).expect_code(0);
    // The same set with one name changed: the dry run sees one update.
    let changed = db.dir.path().join("changed.yaml");
    let text = std::fs::read_to_string(&valid)
        .unwrap()
        .replace("name: Bob", "name: Robert");
    std::fs::write(&changed, text).unwrap();
    let dry = db.run(&["seed", "run", "--file", changed.to_str().unwrap(), "--dry-run"]);
    dry.expect_code(0)
        .stderr_has("would create 0 and update 1 record(s)");
    let name = db
        .scalar_text("SELECT display_name FROM users WHERE email = 'bob@fixture.example'")
        .await;
    assert_eq!(name, "Bob", "the dry run changed nothing");
    db.run(&["seed", "run", "--file", changed.to_str().unwrap()])
        .expect_code(0)
        .stderr_has("created 0, updated 1");
    let name = db
        .scalar_text("SELECT display_name FROM users WHERE email = 'bob@fixture.example'")
        .await;
    assert_eq!(name, "Robert");
}

#[tokio::test]
async fn includes_load_first_and_once() {
    let db = TestDb::migrated().await;
    let dir = db.dir.path();
    // Two files include the same base: it loads once, before both.
    std::fs::write(
        dir.join("base.yaml"),
        "users:\n  - {email: base@x.example, name: Base}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("left.yaml"),
        "include: [base.yaml]\nworkspaces:\n  - {slug: left, name: Left, owner: base@x.example}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("right.yaml"),
        "include: [./base.yaml]\nworkspaces:\n  - {slug: right, name: Right, owner: base@x.example}\n",
    )
    .unwrap();
    let run = db.run(&[
        "seed",
        "run",
        "--file",
        "left.yaml",
        "--file",
        "right.yaml",
        "--json",
    ]);
    run.expect_code(0);
    let files: Vec<PathBuf> = run.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| PathBuf::from(f.as_str().unwrap()))
        .collect();
    assert_eq!(files, ["base.yaml", "left.yaml", "right.yaml"].map(PathBuf::from));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM workspaces").await, 2);
}

#[tokio::test]
async fn setup_seeds_the_development_set_and_generates_a_development_key() {
    let db = TestDb::unborn();
    // No master key anywhere: outside production, setup makes one in ./.env.
    let first = db.run(&["setup", "--json"]);
    first.expect_code(0);
    let report = first.json();
    assert_eq!(report["database_created"], true);
    assert_eq!(report["seed"]["changed"], true);
    assert_eq!(
        report["cache"]["refreshed"], true,
        "setup warms the cache at its end: {report}"
    );
    assert!(
        report["signing_key"].is_string(),
        "setup makes a signing key in development: {report}"
    );
    let env_file = db.dir.path().join(".env");
    let env = std::fs::read_to_string(&env_file).unwrap();
    assert!(env.contains("PLATFORMCTL_MASTER_KEY="), "{env}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&env_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner may read the key file");
    }
    assert!(
        db.scalar_i64("SELECT count(*) FROM users WHERE email = 'maya.okafor@northwind.example'")
            .await
            == 1
    );

    // The second run finds the key in .env: the sealed credentials open to
    // the same values, so nothing changes and no second key is written.
    let again = db.run(&["setup", "--json"]);
    again.expect_code(0);
    assert_eq!(again.json()["seed"]["changed"], false);
    assert_eq!(std::fs::read_to_string(&env_file).unwrap(), env);
}

#[tokio::test]
async fn setup_in_production_refuses_to_seed_without_a_flag() {
    let db = TestDb::unborn();
    let run = Run(db
        .cmd()
        .env("PLATFORMCTL_ENV", "production")
        .args(["setup"])
        .output()
        .unwrap());
    run.expect_code(77).stderr_has("--no-seed");
    assert!(
        !db.target().database_exists().await.unwrap(),
        "refused before doing anything"
    );
    assert!(!db.dir.path().join(".env").exists());
}
