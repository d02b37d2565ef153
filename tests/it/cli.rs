//! The rest of the command line through the binary: `db`, `setup`, `doctor`,
//! settings and their errors, unreachable servers, and JSON output.

use crate::support::{TestDb, fixture, platformctl_cmd};

#[tokio::test]
async fn db_create_is_idempotent_and_drop_needs_confirmation() {
    let db = TestDb::unborn();
    db.run(&["db", "create"])
        .expect_code(0)
        .stderr_has("Created database");
    db.run(&["db", "create"])
        .expect_code(0)
        .stderr_has("already exists");
    assert!(db.target().database_exists().await.unwrap());

    db.run(&["db", "drop"]).expect_code(77).stderr_has("pass --yes");
    assert!(
        db.target().database_exists().await.unwrap(),
        "refused drop must not drop"
    );

    // The production guard wins even over --yes.
    let mut prod = db.cmd();
    let run = crate::support::Run(
        prod.env("PLATFORMCTL_ENV", "production")
            .args(["db", "drop", "--yes"])
            .output()
            .unwrap(),
    );
    run.expect_code(77).stderr_has("--allow-production");
    assert!(db.target().database_exists().await.unwrap());

    let run = db.run(&["db", "drop", "--yes", "--json"]);
    run.expect_code(0);
    assert_eq!(run.json()["dropped"], true);
    assert!(!db.target().database_exists().await.unwrap());
}

#[tokio::test]
async fn drop_refuses_while_others_are_connected_unless_forced() {
    let db = TestDb::new().await;
    let _other = db.connect().await;
    db.run(&["db", "drop", "--yes"])
        .expect_code(77)
        .stderr_has("--force");
    db.run(&["db", "drop", "--yes", "--force"]).expect_code(0);
    assert!(!db.target().database_exists().await.unwrap());
}

#[tokio::test]
async fn setup_creates_and_migrates_then_changes_nothing() {
    let db = TestDb::unborn();
    let good = fixture("good").display().to_string();
    let first = db.run(&["setup", "--source", &good, "--no-seed", "--json"]);
    first.expect_code(0);
    let doc = first.json();
    assert_eq!(doc["database_created"], true);
    assert_eq!(doc["migrations_applied"].as_array().unwrap().len(), 4);

    let again = db.run(&["setup", "--source", &good, "--no-seed", "--json"]);
    again.expect_code(0);
    assert_eq!(again.json()["database_created"], false);
    assert_eq!(again.json()["migrations_applied"].as_array().unwrap().len(), 0);
    assert_eq!(db.applied_versions().await.len(), 4);
}

#[tokio::test]
async fn db_reset_rebuilds_from_the_migrations() {
    let db = TestDb::new().await;
    let good = fixture("good").display().to_string();
    db.run(&["migrate", "--source", &good, "up"]).expect_code(0);
    let mut conn = db.connect().await;
    sqlx::raw_sql("INSERT INTO accounts (email) VALUES ('x@example.com')")
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    db.run(&["db", "reset", "--source", &good, "--yes"])
        .expect_code(0)
        .stderr_has("applied 4");
    assert_eq!(db.scalar_i64("SELECT count(*) FROM accounts").await, 0);
}

#[tokio::test]
async fn doctor_reports_every_check_and_fails_on_pending_migrations() {
    let db = TestDb::new().await;
    let good = fixture("good").display().to_string();
    let run = db.run(&["doctor", "--source", &good, "--json"]);
    run.expect_code(1);
    let doc = run.json();
    // The machine's Redis: how it evicts is its own setting (tests/cache_cli.rs
    // checks that check on a private server).
    let checks: Vec<(&str, &str)> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .filter(|(name, _)| *name != "redis eviction")
        .collect();
    assert_eq!(
        checks,
        [
            ("postgres", "ok"),
            ("migrations", "fail"),
            ("clock", "ok"),
            ("redis", "ok"),
            ("rabbitmq", "ok")
        ]
    );
    assert!(doc["checks"][1]["detail"].as_str().unwrap().contains("4 pending"));

    db.run(&["migrate", "--source", &good, "up"]).expect_code(0);
    db.run(&["doctor", "--source", &good])
        .expect_code(0)
        .stdout_has("all 4 applied");
}

#[test]
fn doctor_exits_1_when_postgres_and_redis_are_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let out = platformctl_cmd(dir.path())
        .args([
            "doctor",
            "--database-url",
            "postgres://app:hunter2@127.0.0.1:1/platform",
            "--redis-url",
            "redis://127.0.0.1:1/0",
            "--connect-timeout",
            "300ms",
        ])
        .output()
        .unwrap();
    let run = crate::support::Run(out);
    run.expect_code(1).stdout_has("FAIL");
    assert!(
        !run.stdout().contains("hunter2"),
        "password leaked:\n{}",
        run.stdout()
    );
}

#[test]
fn an_unreachable_database_exits_69_naming_the_url_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let out = platformctl_cmd(dir.path())
        .args(["migrate", "status", "--connect-timeout", "1s"])
        .env("DATABASE_URL", "postgres://app:hunter2@127.0.0.1:1/platform")
        .output()
        .unwrap();
    let run = crate::support::Run(out);
    run.expect_code(69)
        .stderr_has("cannot reach PostgreSQL at postgres://app:***@127.0.0.1:1/platform")
        .stderr_has("DATABASE_URL");
    assert!(!run.stderr().contains("hunter2"));
}

#[test]
fn a_missing_database_says_how_to_create_it() {
    let db = TestDb::unborn();
    db.run(&["migrate", "status"])
        .expect_code(69)
        .stderr_has("platformctl db create");
}

#[test]
fn settings_errors_exit_78_and_name_what_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = platformctl_cmd(dir.path());
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        crate::support::Run(cmd.output().unwrap())
    };
    run(&["migrate", "status"], &[("DATABASE_URL", "mysql://x@h/db")])
        .expect_code(78)
        .stderr_has("DATABASE_URL");
    run(&["migrate", "status", "--config", "/no/such.toml"], &[])
        .expect_code(78)
        .stderr_has("/no/such.toml");

    std::fs::write(dir.path().join("platformctl.toml"), "databse_url = \"x\"\n").unwrap();
    run(&["migrate", "status"], &[])
        .expect_code(78)
        .stderr_has("platformctl.toml")
        .stderr_has("databse_url");
    std::fs::remove_file(dir.path().join("platformctl.toml")).unwrap();

    run(&["migrate", "up", "--lock-timeout", "soon"], &[])
        .expect_code(2)
        .stderr_has("90s");
}

#[tokio::test]
async fn settings_come_from_dotenv_and_the_config_file_with_flags_winning() {
    let db = TestDb::new().await;
    let good = fixture("good").display().to_string();
    // .env points at our database; the config file at a wrong one.
    std::fs::write(db.dir.path().join(".env"), format!("DATABASE_URL={}\n", db.url)).unwrap();
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        "database_url = \"postgres://postgres@127.0.0.1:5432/no_such_db_here\"\n",
    )
    .unwrap();
    let mut cmd = platformctl_cmd(db.dir.path());
    let run = crate::support::Run(cmd.args(["migrate", "--source", &good, "up"]).output().unwrap());
    run.expect_code(0);
    assert_eq!(db.applied_versions().await.len(), 4, ".env beats the config file");

    // A flag beats .env.
    let mut cmd = platformctl_cmd(db.dir.path());
    let run = crate::support::Run(
        cmd.args([
            "migrate",
            "status",
            "--database-url",
            "postgres://postgres@127.0.0.1:5432/no_such_db_here",
        ])
        .output()
        .unwrap(),
    );
    run.expect_code(69).stderr_has("no_such_db_here");
}

#[test]
fn help_teaches_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let help = crate::support::Run(
        platformctl_cmd(dir.path())
            .args(["migrate", "--help"])
            .output()
            .unwrap(),
    );
    help.expect_code(0)
        .stdout_has("no-transaction")
        .stdout_has("verify");
    let run = crate::support::Run(
        platformctl_cmd(dir.path())
            .args(["migrate", "sideways"])
            .output()
            .unwrap(),
    );
    run.expect_code(2);
}

#[test]
fn output_that_cannot_be_written_exits_73_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "keep me").unwrap();
    let inside = file.join("sub");
    for args in [
        vec!["man", "--out", inside.to_str().unwrap()],
        vec!["completions", "--out", inside.to_str().unwrap()],
        vec![
            "migrate",
            "--source",
            inside.to_str().unwrap(),
            "new",
            "add_thing",
        ],
    ] {
        let run = crate::support::Run(platformctl_cmd(dir.path()).args(&args).output().unwrap());
        run.expect_code(73).stderr_has("not-a-dir");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing else was created"
    );
}
