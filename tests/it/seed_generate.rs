//! `seed generate` through the binary: the same seed gives the same rows
//! whatever --jobs, the data is realistic and consistent, and a second load of
//! one seed is refused until --remove.

use crate::support::TestDb;

const END: &str = "2026-06-01T00:00:00Z";

/// The tables `seed generate` writes.
const TABLES: &[&str] = &[
    "users",
    "organizations",
    "user_profiles",
    "repositories",
    "workspaces",
    "workspace_members",
    "workspace_settings",
    "agents",
    "external_connections",
    "activities",
    "audit_logs",
    "conversations",
    "artifacts",
    "workspace_integrations",
    "messages",
    "artifact_versions",
    "sync_logs",
];

fn small(seed: &str, jobs: &str) -> Vec<String> {
    [
        "seed",
        "generate",
        "--users",
        "60",
        "--workspaces",
        "7",
        "--messages",
        "3000",
        "--artifacts",
        "40",
        "--rng-seed",
        seed,
        "--jobs",
        jobs,
        "--end",
        END,
        "--json",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn run(db: &TestDb, args: &[String]) -> crate::support::Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    db.run(&args)
}

/// The generated rows of a table: all of them, but in audit_logs, where the
/// run's own audit row ("seed.generate", with its arguments) is not data.
fn generated(table: &str) -> String {
    if table == "audit_logs" {
        "audit_logs t WHERE t.action <> 'seed.generate'".to_owned()
    } else {
        format!("{table} t")
    }
}

/// One digest per table of every column of every row, in a stable order.
async fn digests(db: &TestDb) -> Vec<(String, String)> {
    let mut conn = db.connect().await;
    let mut out = Vec::new();
    for table in TABLES {
        let digest: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) FROM {}",
            generated(table)
        )))
        .fetch_one(&mut conn)
        .await
        .unwrap();
        out.push((table.to_string(), digest.unwrap_or_default()));
    }
    out
}

#[tokio::test]
async fn the_same_seed_gives_the_same_rows_whatever_the_jobs() {
    let one = TestDb::migrated().await;
    let two = TestDb::migrated().await;
    let other = TestDb::migrated().await;
    run(&one, &small("11", "1")).expect_code(0);
    run(&two, &small("11", "3")).expect_code(0);
    run(&other, &small("12", "2")).expect_code(0);
    let (a, b, c) = (digests(&one).await, digests(&two).await, digests(&other).await);
    assert_eq!(a, b, "seed 11 with 1 job and with 3 jobs");
    for ((table, x), (_, y)) in a.iter().zip(&c) {
        assert_ne!(x, y, "{table}: seeds 11 and 12 gave the same rows");
    }
}

#[tokio::test]
async fn generated_data_is_consistent_and_spread_over_months() {
    let db = TestDb::migrated().await;
    let report = run(&db, &small("5", "2"));
    report.expect_code(0);
    let report = report.json();
    assert_eq!(db.scalar_i64("SELECT count(*) FROM messages").await, 3000);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 60);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM workspaces").await, 7);
    assert_eq!(db.scalar_i64("SELECT count(*) FROM artifacts").await, 40);
    let mut total = 0;
    for table in TABLES {
        let rows = report["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["table"] == *table)
            .unwrap_or_else(|| panic!("{table} in the report"))["rows"]
            .as_i64()
            .unwrap();
        let mut conn = db.connect().await;
        let counted: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM {}",
            generated(table)
        )))
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(rows, counted, "{table}");
        assert!(counted > 0, "{table} is empty");
        total += counted;
    }
    assert_eq!(report["rows"].as_i64().unwrap(), total);

    // Realistic: times over months, none after --end; lengths that vary;
    // each artifact's current version is its newest.
    let days = db
        .scalar_i64("SELECT extract(day FROM max(created_at) - min(created_at))::bigint FROM messages")
        .await;
    assert!(days > 200, "messages span {days} days");
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM messages WHERE created_at > '2026-06-01T00:00:00Z'")
            .await,
        0
    );
    assert!(
        db.scalar_i64("SELECT (max(length(content)) / min(length(content)))::bigint FROM messages")
            .await
            > 10
    );
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM artifacts a
             WHERE current_version <> (SELECT max(version_number) FROM artifact_versions v WHERE v.artifact_id = a.id)"
        )
        .await,
        0
    );
    // Messages follow their conversation's order, and its last_message_at.
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM conversations c
             WHERE last_message_at IS DISTINCT FROM (SELECT max(created_at) FROM messages m WHERE m.conversation_id = c.id)"
        )
        .await,
        0
    );
    // Authors are members of the conversation's workspace.
    assert_eq!(
        db.scalar_i64(
            "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
             WHERE m.author_id IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM workspace_members wm WHERE wm.workspace_id = c.workspace_id AND wm.user_id = m.author_id)"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_seed_loads_once_until_removed_and_leaves_other_data_alone() {
    let db = TestDb::migrated().await;
    db.cmd()
        .env(
            "PLATFORMCTL_MASTER_KEY",
            "XlheXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl4=",
        )
        .args(["seed", "run", "--env", "test"])
        .status()
        .unwrap();
    let seeded_users = db.scalar_i64("SELECT count(*) FROM users").await;
    assert!(seeded_users > 0);
    run(&db, &small("3", "2")).expect_code(0);
    run(&db, &small("3", "2"))
        .expect_code(77)
        .stderr_has("--rng-seed 3 is already in the database")
        .stderr_has("--remove");
    // Another seed coexists.
    run(&db, &small("4", "2")).expect_code(0);
    db.run(&["seed", "generate", "--rng-seed", "3", "--remove"])
        .expect_code(0)
        .stderr_has("60 user(s), 7 workspace(s)");
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM users").await,
        seeded_users + 60,
        "only seed 3's users went"
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM messages").await, 3000 + 2);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM audit_logs WHERE request_id LIKE 'gen3-%'")
            .await,
        0
    );
    run(&db, &small("3", "2")).expect_code(0);
}

#[tokio::test]
async fn bad_arguments_are_refused_before_anything_is_written() {
    let db = TestDb::migrated().await;
    db.run(&["seed", "generate", "--users", "0"]).expect_code(2);
    db.run(&["seed", "generate", "--end", "yesterday"])
        .expect_code(65)
        .stderr_has("RFC 3339");
    let production = crate::support::Run(
        db.cmd()
            .env("PLATFORMCTL_ENV", "production")
            .args(["seed", "generate"])
            .output()
            .unwrap(),
    );
    production.expect_code(77).stderr_has("--allow-production");
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 0);
}
