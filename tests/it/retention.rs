//! `retention plan` and `retention purge` through the binary, against a real
//! PostgreSQL: exact boundaries of every policy, dry runs, one run at a time,
//! lock timeouts, the time budget, and SIGKILL at random moments.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{Run, TestDb};
use platformctl::retention::archive;

/// The instant the boundary tests evaluate retention at: a fixed second an
/// hour ago, so rows can sit exactly at each cutoff.
async fn as_of(db: &TestDb) -> String {
    db.scalar_text("SELECT to_char(date_trunc('second', now() - interval '1 hour') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
        .await
}

/// `id` of a fixture row: readable, and valid uuids.
fn id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// Rows at, just past and just within each policy's cutoff, relative to
/// `t` (the run's instant). Returns what must remain afterwards:
/// (table, key column, id, expected to remain).
async fn boundary_fixture(db: &TestDb, t: &str) -> Vec<(&'static str, &'static str, String, bool)> {
    // The instant `days` before `t`, shifted by `micros`.
    let at = |days: i32, micros: i64| {
        format!("('{t}'::timestamptz - make_interval(days => {days}) + interval '{micros} microseconds')")
    };
    let sql = format!(
        "
        INSERT INTO users (id, email, display_name) VALUES ('{owner}', 'owner@example.com', 'Owner');
        INSERT INTO users (id, email, display_name, deleted_at) VALUES
            ('{u_old}', 'old@example.com', 'Old', {user_due}),
            ('{u_edge}', 'edge@example.com', 'Edge', {user_edge}),
            ('{u_owner}', 'deleted-owner@example.com', 'Deleted owner', {user_long_ago});
        INSERT INTO workspaces (id, slug, name, owner_id) VALUES
            ('{w_short}', 'short', 'Short retention', '{owner}'),
            ('{w_default}', 'default', 'Default retention', '{owner}'),
            ('{w_owned}', 'owned', 'Owned by a deleted user', '{u_owner}');
        INSERT INTO workspaces (id, slug, name, owner_id, deleted_at) VALUES
            ('{w_old}', 'gone', 'Deleted long ago', '{owner}', {ws_due}),
            ('{w_edge}', 'edge', 'Deleted at the cutoff', '{owner}', {ws_edge});
        INSERT INTO workspace_settings (workspace_id, chat_retention_days, artifact_versions_to_keep)
            VALUES ('{w_short}', 10, 2), ('{w_old}', 10, NULL);
        INSERT INTO conversations (id, workspace_id) VALUES
            ('{c_short}', '{w_short}'), ('{c_default}', '{w_default}'), ('{c_old}', '{w_old}');
        INSERT INTO messages (id, conversation_id, role, content, created_at) VALUES
            ('{m_short_due}', '{c_short}', 'user', 'due', {short_due}),
            ('{m_short_edge}', '{c_short}', 'user', 'at the cutoff', {short_edge}),
            ('{m_short_new}', '{c_short}', 'user', 'newer', {short_new}),
            ('{m_default_due}', '{c_default}', 'user', 'due', {default_due}),
            ('{m_default_edge}', '{c_default}', 'user', 'at the cutoff', {default_edge}),
            ('{m_old_ws}', '{c_old}', 'user', 'recent, but its workspace is gone', now());
        INSERT INTO artifacts (id, workspace_id, name, type, current_version) VALUES
            ('{a_default}', '{w_default}', 'Spec', 'prd', 3),
            ('{a_short}', '{w_short}', 'Plan', 'prd', 5),
            ('{a_old}', '{w_old}', 'Lost', 'prd', 1);
        INSERT INTO artifact_versions (id, artifact_id, version_number)
            SELECT ('00000000-0000-4000-8001-' || lpad(v::text, 12, '0'))::uuid, '{a_default}', v FROM generate_series(1, 25) v;
        INSERT INTO artifact_versions (id, artifact_id, version_number)
            SELECT ('00000000-0000-4000-8002-' || lpad(v::text, 12, '0'))::uuid, '{a_short}', v FROM generate_series(1, 5) v;
        INSERT INTO artifact_versions (id, artifact_id, version_number) VALUES ('{av_old}', '{a_old}', 1);
        INSERT INTO signing_keys (kid, public_key, private_key_encrypted, encryption_key_id)
            VALUES ('fixture-key', decode(repeat('00', 32), 'hex'), '\\x00', 'k');
        INSERT INTO user_sessions (id, user_id, created_at, expires_at) VALUES
            ('{s_due}', '{owner}', {session_due} - interval '1 day', {session_due}),
            ('{s_edge}', '{owner}', {session_edge} - interval '1 day', {session_edge}),
            ('{s_user_old}', '{u_old}', now() - interval '1 day', now() + interval '1 day');
        INSERT INTO auth_tokens (jti, user_id, session_id, kind, family_id, audience, key_id, issued_at, expires_at, issued_by) VALUES
            ('{k_session}', '{owner}', '{s_due}', 'access', '{k_session}', 'api', 'fixture-key', now() - interval '1 hour', now() + interval '1 hour', 'test'),
            ('{k_due}', '{owner}', NULL, 'access', '{k_due}', 'api', 'fixture-key', {token_due} - interval '1 hour', {token_due}, 'test'),
            ('{k_edge}', '{owner}', NULL, 'access', '{k_edge}', 'api', 'fixture-key', {token_edge} - interval '1 hour', {token_edge}, 'test');
        INSERT INTO sync_logs (id, workspace_id, operation, service, status, created_at) VALUES
            ('{l_due}', '{w_default}', 'save', 'github', 'success', {log_due}),
            ('{l_edge}', '{w_default}', 'save', 'github', 'success', {log_edge});
        -- Goes with its workspace; archived with the artifact it names, not
        -- with the NULL the artifact's delete would set.
        INSERT INTO sync_logs (workspace_id, artifact_id, operation, service, status)
            VALUES ('{w_old}', '{a_old}', 'save', 'github', 'success');
        INSERT INTO organizations (id, name) VALUES ('{org}', 'org');
        INSERT INTO repositories (id, organization_id, name) VALUES ('{repo}', '{org}', 'repo');
        INSERT INTO activities (id, user_id, repository_id, type, occurred_at) VALUES
            ('{act_due}', '{owner}', '{repo}', 'push', {activity_due}),
            ('{act_edge}', '{owner}', '{repo}', 'push', {activity_edge}),
            ('{act_user_old}', '{u_old}', '{repo}', 'push', now());
        INSERT INTO audit_logs (id, occurred_at, actor, action, entity_type) VALUES
            ('{au_due}', {audit_due}, 'test', 'fixture.old', 'fixture'),
            ('{au_edge}', {audit_edge}, 'test', 'fixture.edge', 'fixture');
        ",
        owner = id(1),
        u_old = id(2),
        u_edge = id(3),
        u_owner = id(4),
        user_due = at(730, -1),
        user_edge = at(730, 0),
        user_long_ago = at(3000, 0),
        w_short = id(10),
        w_default = id(11),
        w_owned = id(12),
        w_old = id(13),
        w_edge = id(14),
        ws_due = at(30, -1),
        ws_edge = at(30, 0),
        c_short = id(20),
        c_default = id(21),
        c_old = id(22),
        m_short_due = id(30),
        m_short_edge = id(31),
        m_short_new = id(32),
        m_default_due = id(33),
        m_default_edge = id(34),
        m_old_ws = id(35),
        short_due = at(10, -1),
        short_edge = at(10, 0),
        short_new = at(10, 1),
        // The platform default comes from platformctl.toml: 100 days.
        default_due = at(100, -1),
        default_edge = at(100, 0),
        a_default = id(40),
        a_short = id(41),
        a_old = id(42),
        av_old = id(43),
        s_due = id(50),
        s_edge = id(51),
        s_user_old = id(52),
        session_due = at(30, -1),
        session_edge = at(30, 0),
        k_session = id(60),
        k_due = id(61),
        k_edge = id(62),
        token_due = at(30, -1),
        token_edge = at(30, 0),
        l_due = id(63),
        l_edge = id(64),
        log_due = at(90, -1),
        log_edge = at(90, 0),
        org = id(70),
        repo = id(71),
        act_due = id(72),
        act_edge = id(73),
        act_user_old = id(74),
        activity_due = at(365, -1),
        activity_edge = at(365, 0),
        au_due = id(75),
        au_edge = id(76),
        audit_due = at(365, -1),
        audit_edge = at(365, 0),
    );
    let mut conn = db.connect().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("load the boundary fixture");

    let mut expect = vec![
        ("users", "id", id(1), true),
        ("users", "id", id(2), false),
        ("users", "id", id(3), true),
        // Deleted long ago, but still owns a workspace.
        ("users", "id", id(4), true),
        ("workspaces", "id", id(13), false),
        ("workspaces", "id", id(14), true),
        ("workspaces", "id", id(12), true),
        ("workspace_settings", "workspace_id", id(13), false),
        ("conversations", "id", id(22), false),
        ("messages", "id", id(30), false),
        ("messages", "id", id(31), true),
        ("messages", "id", id(32), true),
        ("messages", "id", id(33), false),
        ("messages", "id", id(34), true),
        ("messages", "id", id(35), false),
        ("artifacts", "id", id(42), false),
        ("artifact_versions", "id", id(43), false),
        ("user_sessions", "id", id(50), false),
        ("user_sessions", "id", id(51), true),
        ("user_sessions", "id", id(52), false),
        ("auth_tokens", "jti", id(60), false),
        ("auth_tokens", "jti", id(61), false),
        ("auth_tokens", "jti", id(62), true),
        ("sync_logs", "id", id(63), false),
        ("sync_logs", "id", id(64), true),
        ("activities", "id", id(72), false),
        ("activities", "id", id(73), true),
        ("activities", "id", id(74), false),
        ("audit_logs", "id", id(75), false),
        ("audit_logs", "id", id(76), true),
    ];
    // Spec (current version 3, the default keeps 20): 1, 2, 4 and 5 go.
    for v in 1..=25 {
        let kept = v == 3 || v >= 6;
        expect.push((
            "artifact_versions",
            "id",
            format!("00000000-0000-4000-8001-{v:012}"),
            kept,
        ));
    }
    // Plan (its workspace keeps 2, current version 5): 1 to 3 go.
    for v in 1..=5 {
        expect.push((
            "artifact_versions",
            "id",
            format!("00000000-0000-4000-8002-{v:012}"),
            v >= 4,
        ));
    }
    expect
}

const CONFIG: &str = "[retention.policy]\nchat_messages = 100\n";

async fn exists(conn: &mut sqlx::PgConnection, table: &str, column: &str, id: &str) -> bool {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT EXISTS (SELECT 1 FROM {table} WHERE {column} = '{id}')"
    )))
    .fetch_one(conn)
    .await
    .unwrap()
}

/// Every row of the tables a purge touches, as JSON, by table.
async fn snapshot(conn: &mut sqlx::PgConnection) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut all = BTreeMap::new();
    for table in TABLES {
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT row_to_json(t)::text FROM {table} t WHERE {}",
            if *table == "audit_logs" {
                "action NOT LIKE 'retention.%'"
            } else {
                "true"
            }
        )))
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let mut rows: Vec<serde_json::Value> =
            rows.iter().map(|r| serde_json::from_str(r).unwrap()).collect();
        rows.sort_by_key(|r| r.to_string());
        all.insert(table.to_string(), rows);
    }
    all
}

const TABLES: &[&str] = &[
    "users",
    "user_sessions",
    "auth_tokens",
    "workspaces",
    "workspace_settings",
    "conversations",
    "messages",
    "artifacts",
    "artifact_versions",
    "sync_logs",
    "activities",
    "audit_logs",
];

/// Every archived row under `dir` (all runs), by table.
fn archived(dir: &Path) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut all: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for run in std::fs::read_dir(dir).unwrap() {
        for file in std::fs::read_dir(run.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.to_string_lossy().ends_with(archive::EXTENSION) {
                for (table, row) in archive::read_rows(&path).unwrap() {
                    all.entry(table).or_default().push(row);
                }
            }
        }
    }
    all
}

fn purge_cmd(db: &TestDb, archive_dir: &Path, extra: &[&str]) -> std::process::Command {
    let mut cmd = db.cmd();
    cmd.args(["retention", "purge", "--archive-dir"])
        .arg(archive_dir)
        .args(extra);
    cmd
}

#[tokio::test]
async fn every_policy_removes_exactly_what_is_past_its_cutoff() {
    let db = TestDb::migrated().await;
    std::fs::write(db.dir.path().join("platformctl.toml"), CONFIG).unwrap();
    let t = as_of(&db).await;
    let expect = boundary_fixture(&db, &t).await;
    let mut conn = db.connect().await;
    let before = snapshot(&mut conn).await;

    // The plan counts what the purge will remove, and changes nothing.
    let plan = db.run(&["retention", "plan", "--as-of", &t, "--json"]);
    plan.expect_code(0);
    let due: HashMap<String, i64> = plan.json()["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["policy"].as_str().unwrap().to_owned(),
                p["rows_due"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected_due = [
        ("chat_messages", 2),
        ("artifact_versions", 7),
        ("deleted_workspaces", 1),
        ("deleted_users", 1),
        ("expired_sessions", 1),
        ("expired_tokens", 1),
        ("sync_logs", 1),
        ("activities", 1),
        ("audit_logs", 1),
    ];
    for (policy, n) in expected_due {
        assert_eq!(due[policy], n, "rows due under {policy}");
    }
    let dry = Run(purge_cmd(
        &db,
        &db.dir.path().join("archive"),
        &["--as-of", &t, "--dry-run", "--json"],
    )
    .output()
    .unwrap());
    dry.expect_code(0);
    assert_eq!(dry.json()["dry_run"], true);
    assert_eq!(
        snapshot(&mut conn).await,
        before,
        "plan and --dry-run changed nothing"
    );
    assert!(
        !db.dir.path().join("archive").exists(),
        "a dry run archives nothing"
    );

    let archive_dir = db.dir.path().join("archive");
    let purge = Run(purge_cmd(&db, &archive_dir, &["--as-of", &t, "--json"])
        .output()
        .unwrap());
    purge.expect_code(0);
    let summary = purge.json();
    assert_eq!(summary["completed"], true);
    for (table, column, id, kept) in &expect {
        assert_eq!(
            exists(&mut conn, table, column, id).await,
            *kept,
            "{table} {id} should {}",
            if *kept { "remain" } else { "be purged" }
        );
    }

    // What is gone is in the archive, exactly once; what stayed is not.
    let after = snapshot(&mut conn).await;
    let archive = archived(&archive_dir);
    crate::support::assert_owner_only(&archive_dir);
    for table in TABLES {
        let mut union: Vec<serde_json::Value> = after[*table].clone();
        union.extend(archive.get(*table).cloned().unwrap_or_default());
        union.sort_by_key(|r| r.to_string());
        assert_eq!(
            union, before[*table],
            "{table}: archive plus remaining rows are the original rows"
        );
    }
    let deleted: u64 = summary["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rows_deleted"].as_u64().unwrap())
        .sum();
    assert_eq!(deleted, archive.values().map(|v| v.len() as u64).sum::<u64>());
    assert_eq!(
        audited_rows(&mut conn).await,
        deleted as i64,
        "audit rows count every deleted row"
    );

    // A second run finds nothing due.
    let again = Run(purge_cmd(&db, &archive_dir, &["--as-of", &t, "--json"])
        .output()
        .unwrap());
    again.expect_code(0);
    assert!(
        again.json()["policies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["rows_deleted"] == 0)
    );
}

async fn audited_batches(conn: &mut sqlx::PgConnection) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM audit_logs WHERE action = 'retention.batch'")
        .fetch_one(conn)
        .await
        .unwrap()
}

async fn audited_rows(conn: &mut sqlx::PgConnection) -> i64 {
    sqlx::query_scalar(
        "SELECT coalesce(sum((details->>'rows')::bigint), 0)::bigint FROM audit_logs WHERE action = 'retention.batch'",
    )
    .fetch_one(conn)
    .await
    .unwrap()
}

/// Many due rows under several policies, among rows that stay: a deleted
/// workspace with conversations, old messages, activities and audit rows.
async fn bulk_fixture(db: &TestDb) {
    let sql = "
        INSERT INTO users (id, email, display_name) VALUES ('00000000-0000-4000-8000-000000000001', 'owner@example.com', 'Owner');
        INSERT INTO workspaces (id, slug, name, owner_id, deleted_at)
            SELECT ('00000000-0000-4000-8003-' || lpad(w::text, 12, '0'))::uuid, 'w' || w, 'W', '00000000-0000-4000-8000-000000000001',
                   CASE WHEN w = 1 THEN now() - interval '90 days' END
            FROM generate_series(1, 3) w;
        INSERT INTO conversations (id, workspace_id)
            SELECT gen_random_uuid(), ('00000000-0000-4000-8003-' || lpad((1 + c % 3)::text, 12, '0'))::uuid FROM generate_series(1, 30) c;
        INSERT INTO messages (conversation_id, role, content, created_at)
            SELECT c.id, 'user', repeat('message ', 1 + m % 20), now() - make_interval(days => (m * 7) % 700)
            FROM conversations c, generate_series(1, 200) m;
        INSERT INTO organizations (id, name) VALUES ('00000000-0000-4000-8000-000000000070', 'org');
        INSERT INTO activities (user_id, type, occurred_at)
            SELECT '00000000-0000-4000-8000-000000000001', 'push', now() - make_interval(days => a % 800) FROM generate_series(1, 2000) a;
        INSERT INTO audit_logs (occurred_at, actor, action, entity_type)
            SELECT now() - make_interval(days => a % 800), 'test', 'fixture.bulk', 'fixture' FROM generate_series(1, 1500) a;
        INSERT INTO sync_logs (workspace_id, operation, service, status, created_at)
            SELECT '00000000-0000-4000-8003-000000000002', 'save', 'github', 'success', now() - make_interval(days => a % 200) FROM generate_series(1, 600) a;
    ";
    let mut conn = db.connect().await;
    sqlx::raw_sql(sql)
        .execute(&mut conn)
        .await
        .expect("load the bulk fixture");
}

#[tokio::test]
async fn a_purge_killed_at_random_moments_loses_nothing_and_archives_nothing_twice() {
    let db = TestDb::migrated().await;
    bulk_fixture(&db).await;
    let mut conn = db.connect().await;
    let before = snapshot(&mut conn).await;
    let archive_dir = db.dir.path().join("archive");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill moments from seed {seed}");
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    // Kill moments are counted in committed batches (plus up to 20 ms), so
    // they spread over the purge whatever the machine's speed: each run is
    // killed after 1/40 to 2/40 of the estimated batches, and the last run
    // does what is left.
    let plan = db.run(&["retention", "plan", "--batch-size", "4", "--json"]);
    let batches: i64 = plan.json()["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["estimated_batches"].as_i64().unwrap())
        .sum();
    let mut killed_mid_run = 0;
    for _ in 0..20 {
        let batch_size = (1 + next() % 8).to_string();
        let committed = audited_batches(&mut conn).await;
        let kill_after = committed + (batches / 40).max(1) + (next() % (batches as u64 / 40).max(1)) as i64;
        let mut child = purge_cmd(&db, &archive_dir, &["--batch-size", &batch_size])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none()
            && audited_batches(&mut conn).await < kill_after
            && started.elapsed() < Duration::from_secs(60)
        {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        tokio::time::sleep(Duration::from_micros(next() % 20_000)).await;
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
    }
    assert!(
        killed_mid_run >= 10,
        "most kills should land mid-run ({killed_mid_run} of 20 did)"
    );
    let policies_reached = db
        .scalar_i64("SELECT count(DISTINCT entity_id) FROM audit_logs WHERE action = 'retention.batch'")
        .await;
    eprintln!(
        "{killed_mid_run} of 20 kills landed mid-run; the killed runs reached {policies_reached} policies"
    );
    assert!(
        policies_reached >= 2,
        "the kills reached more than one policy ({policies_reached})"
    );

    let last = Run(purge_cmd(&db, &archive_dir, &["--json"]).output().unwrap());
    last.expect_code(0);
    assert_eq!(last.json()["completed"], true);
    let plan = db.run(&["retention", "plan", "--json"]);
    assert!(
        plan.json()["policies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["rows_due"] == 0),
        "nothing is left due: {}",
        plan.stdout()
    );

    let deleted = assert_nothing_lost_or_archived_twice(&mut conn, &before, &archive_dir).await;
    assert!(
        deleted > 3000,
        "the fixture has thousands of due rows ({deleted} archived)"
    );
}

/// Every table's archived rows plus its remaining rows are its rows in
/// `before`, no row is archived twice, the audit rows count every archived
/// row, and every archive file has its checksum (interrupted runs were
/// recovered). Returns the rows archived.
async fn assert_nothing_lost_or_archived_twice(
    conn: &mut sqlx::PgConnection,
    before: &BTreeMap<String, Vec<serde_json::Value>>,
    archive_dir: &Path,
) -> i64 {
    let after = snapshot(&mut *conn).await;
    let archive = archived(archive_dir);
    let mut deleted = 0;
    for table in TABLES {
        let rows = archive.get(*table).cloned().unwrap_or_default();
        let mut unique: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), rows.len(), "{table}: no row archived twice");
        deleted += rows.len() as i64;
        let mut union = after[*table].clone();
        union.extend(rows);
        union.sort_by_key(|r| r.to_string());
        assert_eq!(
            union, before[*table],
            "{table}: archive plus remaining rows are the original rows"
        );
    }
    assert_eq!(
        audited_rows(&mut *conn).await,
        deleted,
        "audit rows count every deleted row"
    );
    for run in std::fs::read_dir(archive_dir).unwrap() {
        for file in std::fs::read_dir(run.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.to_string_lossy().ends_with(archive::EXTENSION) {
                assert!(
                    archive::checksum_path(&path).exists(),
                    "{} has no checksum",
                    path.display()
                );
            }
        }
    }
    deleted
}

#[tokio::test]
async fn a_batch_whose_commit_fails_after_its_rows_were_archived_is_cut_from_the_archive() {
    let db = TestDb::migrated().await;
    bulk_fixture(&db).await;
    let mut conn = db.connect().await;
    let before = snapshot(&mut conn).await;
    let archive_dir = db.dir.path().join("archive");
    // The third batch's commit fails, after its rows are in the archive
    // (its audit row is checked at commit, by a deferred trigger).
    sqlx::raw_sql(
        "CREATE FUNCTION fail_third_batch() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF (SELECT count(*) FROM audit_logs WHERE action = 'retention.batch') >= 3 THEN
             RAISE EXCEPTION 'injected commit failure';
           END IF;
           RETURN NULL;
         END $$;
         CREATE CONSTRAINT TRIGGER fail_third_batch AFTER INSERT ON audit_logs
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
           WHEN (NEW.action = 'retention.batch') EXECUTE FUNCTION fail_third_batch();",
    )
    .execute(&mut conn)
    .await
    .unwrap();

    let failed = Run(purge_cmd(
        &db,
        &archive_dir,
        &["--policy", "chat_messages", "--batch-size", "5", "--json"],
    )
    .output()
    .unwrap());
    // A statement the server refused for no reason of ours is an internal
    // error (70): cron must see it.
    failed.expect_code(70).stderr_has("injected commit failure");
    assert_eq!(audited_batches(&mut conn).await, 2, "two batches committed");
    // The same run settled its archive: the two committed batches' rows,
    // not the third's, with a checksum.
    let archive = archived(&archive_dir);
    assert_eq!(archive["messages"].len(), 10, "{:?}", archive.keys());
    assert_nothing_lost_or_archived_twice(&mut conn, &before, &archive_dir).await;

    sqlx::raw_sql("DROP TRIGGER fail_third_batch ON audit_logs")
        .execute(&mut conn)
        .await
        .unwrap();
    let again = Run(purge_cmd(&db, &archive_dir, &["--json"]).output().unwrap());
    again.expect_code(0);
    let deleted = assert_nothing_lost_or_archived_twice(&mut conn, &before, &archive_dir).await;
    assert!(deleted > 3000, "{deleted} rows archived in all");
}

#[tokio::test]
async fn one_purge_at_a_time_and_a_held_lock_fails_fast() {
    let db = TestDb::migrated().await;
    bulk_fixture(&db).await;
    let archive_dir = db.dir.path().join("archive");

    // Another session holds the purge lock: exit 75 at once, naming it.
    let mut holder = db.connect().await;
    let key = platformctl::retention::lock::key(&db.name);
    let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(&mut holder)
        .await
        .unwrap();
    assert!(taken);
    let started = Instant::now();
    Run(purge_cmd(&db, &archive_dir, &[]).output().unwrap())
        .expect_code(75)
        .stderr_has("another retention purge is running")
        .stderr_has("platformctl tests");
    assert!(started.elapsed() < Duration::from_secs(5), "it does not wait");
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(key)
        .execute(&mut holder)
        .await
        .unwrap();

    // Two real runs: the second, started while the first works, exits 75.
    let mut first = purge_cmd(&db, &archive_dir, &["--batch-size", "5"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_rows(
        &db,
        "SELECT count(*) FROM audit_logs WHERE action = 'retention.batch'",
        "the first purge never started",
    )
    .await;
    Run(purge_cmd(&db, &archive_dir, &[]).output().unwrap())
        .expect_code(75)
        .stderr_has("another retention purge is running");
    assert!(first.wait().unwrap().success(), "the first purge completes");
}

/// Waits, 30 s at most, until `count` (a count, while a purge runs) is not 0.
async fn wait_for_rows(db: &TestDb, count: &'static str, never: &str) {
    let started = Instant::now();
    while db.scalar_i64(count).await == 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "{never}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The bulk fixture, with purges waiting at most 100 ms for a lock.
async fn bulk_fixture_timing_out_fast(db: &TestDb) {
    bulk_fixture(db).await;
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        "[retention]\nlock_timeout = \"100ms\"\n",
    )
    .unwrap();
}

/// The bulk fixture, chat messages due after 100 days, and lock waits that
/// time out after 100 ms.
async fn messages_fixture_timing_out_fast(db: &TestDb) {
    bulk_fixture(db).await;
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        format!("{CONFIG}[retention]\nlock_timeout = \"100ms\"\n"),
    )
    .unwrap();
}

/// How many messages the archives under `dir` hold, each of them once.
fn messages_archived_once(dir: &Path) -> i64 {
    let archived = archived(dir);
    let ids: Vec<&str> = archived["messages"]
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no message archived twice");
    ids.len() as i64
}

/// A connection holding a lock of `mode` on sync_logs until it rolls back.
async fn lock_sync_logs(db: &TestDb, mode: &str) -> sqlx::PgConnection {
    let mut locker = db.connect().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "BEGIN; LOCK TABLE sync_logs IN {mode} MODE"
    )))
    .execute(&mut locker)
    .await
    .unwrap();
    locker
}

#[tokio::test]
async fn a_table_lock_held_elsewhere_times_the_batch_out_with_exit_75_and_changes_nothing() {
    let db = TestDb::migrated().await;
    bulk_fixture_timing_out_fast(&db).await;
    let mut conn = db.connect().await;
    let before = snapshot(&mut conn).await;
    let mut locker = lock_sync_logs(&db, "ACCESS EXCLUSIVE").await;
    let run = Run(purge_cmd(
        &db,
        &db.dir.path().join("archive"),
        &["--policy", "sync_logs", "--json"],
    )
    .output()
    .unwrap());
    run.expect_code(75).stderr_has("sync_logs");
    let summary = run.json();
    assert_eq!(summary["completed"], false);
    assert!(summary["policies"][0]["error"].as_str().unwrap().contains("lock"));
    sqlx::raw_sql("ROLLBACK").execute(&mut locker).await.unwrap();
    assert_eq!(snapshot(&mut conn).await, before);
}

#[tokio::test]
async fn a_batch_that_timed_out_on_a_table_lock_is_tried_again_on_the_same_connection() {
    let db = TestDb::migrated().await;
    bulk_fixture_timing_out_fast(&db).await;
    let archive_dir = db.dir.path().join("archive");
    let mut conn = db.connect().await;
    let before = snapshot(&mut conn).await;
    // SHARE lets the purge read sync_logs but not delete from it: its first
    // batch times out while its statement is planned, before any row comes
    // back. The lock is let go once the purge says it is retrying.
    let mut locker = lock_sync_logs(&db, "SHARE").await;
    let mut child = purge_cmd(&db, &archive_dir, &["--policy", "sync_logs", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    while !seen.contains("retrying") {
        let mut line = String::new();
        let read = std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
        assert!(read > 0, "the purge ended without retrying: {seen}");
        seen.push_str(&line);
    }
    sqlx::raw_sql("ROLLBACK").execute(&mut locker).await.unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{seen}{rest}");
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["completed"], true);
    assert!(
        summary["policies"][0]["rows_deleted"].as_u64().unwrap() > 0,
        "{summary}"
    );
    let due: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sync_logs WHERE created_at < now() - interval '90 days'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(due, 0, "the retried batches removed every due row");
    assert_nothing_lost_or_archived_twice(&mut conn, &before, &archive_dir).await;
}

#[tokio::test]
async fn a_row_a_writer_holds_is_left_for_the_next_run_and_the_rest_is_purged() {
    let db = TestDb::migrated().await;
    messages_fixture_timing_out_fast(&db).await;
    let archive_dir = db.dir.path().join("archive");
    // The oldest message, due under any limit, held by a writer: the walk's
    // unlocked delete waits for it, times out, and takes its range again
    // passing over locked rows.
    let mut locker = db.connect().await;
    sqlx::raw_sql("BEGIN").execute(&mut locker).await.unwrap();
    let held: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM messages ORDER BY created_at LIMIT 1 FOR UPDATE")
            .fetch_one(&mut locker)
            .await
            .unwrap();
    let run = Run(
        purge_cmd(&db, &archive_dir, &["--policy", "chat_messages", "--json"])
            .output()
            .unwrap(),
    );
    run.expect_code(0);
    let first = run.json();
    assert_eq!(first["completed"], true);
    assert!(
        first["policies"][0]["rows_deleted"].as_u64().unwrap() > 0,
        "{first}"
    );
    let mut conn = db.connect().await;
    assert!(exists(&mut conn, "messages", "id", &held.to_string()).await);
    sqlx::raw_sql("ROLLBACK").execute(&mut locker).await.unwrap();

    // Released, it is the only due row left.
    let run = Run(
        purge_cmd(&db, &archive_dir, &["--policy", "chat_messages", "--json"])
            .output()
            .unwrap(),
    );
    run.expect_code(0);
    assert_eq!(run.json()["policies"][0]["rows_deleted"], 1);
    assert!(!exists(&mut conn, "messages", "id", &held.to_string()).await);
    let archived = messages_archived_once(&archive_dir);
    assert_eq!(audited_rows(&mut conn).await, archived);
}

#[tokio::test]
async fn a_batch_that_times_out_on_a_row_after_archiving_part_of_it_is_cut_back_and_taken_again() {
    let db = TestDb::migrated().await;
    messages_fixture_timing_out_fast(&db).await;
    let archive_dir = db.dir.path().join("archive");
    let mut conn = db.connect().await;
    // Long messages, so that a batch's rows take several pieces of COPY.
    sqlx::raw_sql("UPDATE messages SET content = repeat(content, 12)")
        .execute(&mut conn)
        .await
        .unwrap();
    let due: i64 =
        sqlx::query_scalar("SELECT count(*) FROM messages WHERE created_at < now() - interval '100 days'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    // The last due message in physical order, held by a writer: the batch
    // has streamed (and written to the archive) megabytes of the rows before
    // it when it times out waiting, and those frames must go before the
    // batch is taken again.
    let mut locker = db.connect().await;
    sqlx::raw_sql("BEGIN").execute(&mut locker).await.unwrap();
    let held: uuid::Uuid = sqlx::query_scalar(
        "SELECT id FROM messages WHERE created_at < now() - interval '100 days' ORDER BY ctid DESC LIMIT 1 FOR UPDATE",
    )
    .fetch_one(&mut locker)
    .await
    .unwrap();
    let run = Run(
        purge_cmd(&db, &archive_dir, &["--policy", "chat_messages", "--json"])
            .output()
            .unwrap(),
    );
    run.expect_code(0);
    sqlx::raw_sql("ROLLBACK").execute(&mut locker).await.unwrap();
    assert_eq!(
        run.json()["policies"][0]["rows_deleted"].as_i64().unwrap(),
        due - 1,
        "{}",
        run.stdout()
    );
    assert!(exists(&mut conn, "messages", "id", &held.to_string()).await);
    let archived = messages_archived_once(&archive_dir);
    assert_eq!(archived, due - 1);
    assert_eq!(audited_rows(&mut conn).await, due - 1);
}

#[tokio::test]
async fn max_duration_stops_between_batches_and_the_next_run_finishes() {
    let db = TestDb::migrated().await;
    bulk_fixture(&db).await;
    let archive_dir = db.dir.path().join("archive");
    let run = Run(purge_cmd(
        &db,
        &archive_dir,
        &["--batch-size", "2", "--max-duration", "1s", "--json"],
    )
    .output()
    .unwrap());
    run.expect_code(0);
    let summary = run.json();
    assert_eq!(summary["completed"], false);
    let policies = summary["policies"].as_array().unwrap();
    assert_eq!(policies.last().unwrap()["completed"], false);
    assert!(
        policies
            .iter()
            .map(|p| p["rows_deleted"].as_u64().unwrap())
            .sum::<u64>()
            > 0
    );
    let mut conn = db.connect().await;
    let stopped_at = audited_rows(&mut conn).await;

    let rest = Run(purge_cmd(&db, &archive_dir, &["--json"]).output().unwrap());
    rest.expect_code(0);
    assert_eq!(rest.json()["completed"], true);
    let total: i64 = archived(&archive_dir).values().map(|v| v.len() as i64).sum();
    assert_eq!(audited_rows(&mut conn).await, total);
    assert!(total > stopped_at);
}

#[tokio::test]
async fn bad_settings_are_named_and_change_nothing() {
    let db = TestDb::migrated().await;
    db.run(&["retention", "purge", "--policy", "chat_mesages"])
        .expect_code(78)
        .stderr_has("chat_messages");
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        "[retention.policy]\nmessages = 30\n",
    )
    .unwrap();
    db.run(&["retention", "plan"])
        .expect_code(78)
        .stderr_has("no retention policy \"messages\"");
    std::fs::write(
        db.dir.path().join("platformctl.toml"),
        "[retention.policy]\nchat_messages = 0\n",
    )
    .unwrap();
    db.run(&["retention", "plan"])
        .expect_code(78)
        .stderr_has("out of range");
    std::fs::remove_file(db.dir.path().join("platformctl.toml")).unwrap();
    db.run(&["retention", "purge", "--as-of", "2999-01-01T00:00:00Z"])
        .expect_code(78)
        .stderr_has("later than the database's clock");
    db.run(&["retention", "purge", "--as-of", "yesterday"])
        .expect_code(2);
    assert!(!db.dir.path().join("archive").exists());
    let file = db.dir.path().join("not-a-dir");
    std::fs::write(&file, "").unwrap();
    bulk_fixture(&db).await;
    Run(purge_cmd(&db, &file, &[]).output().unwrap()).expect_code(73);
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM audit_logs WHERE action = 'retention.batch'")
            .await,
        0
    );
}

#[tokio::test]
async fn purged_entities_leave_the_cache_and_others_stay() {
    let db = TestDb::migrated().await;
    let redis = crate::support::RedisServer::start();
    std::fs::write(db.dir.path().join("platformctl.toml"), CONFIG).unwrap();
    let t = as_of(&db).await;
    boundary_fixture(&db, &t).await;
    let purged = [
        format!("platform:v1:workspace_settings:{}", id(13)),
        format!("platform:v1:workspace_config:{}", id(13)),
        format!("platform:v1:user_profile:{}", id(2)),
        format!("platform:v1:session:{}", id(50)),
        format!("platform:v1:denylist:{}", id(61)),
        format!("platform:v1:artifact:{}", id(42)),
        format!("platform:v1:activity_feed:{}", id(1)),
    ];
    let kept = [
        format!("platform:v1:workspace_settings:{}", id(14)),
        format!("platform:v1:user_profile:{}", id(3)),
        format!("platform:v1:session:{}", id(51)),
    ];
    for key in purged.iter().chain(&kept) {
        redis.cli(&["SET", key, "{}"]).unwrap();
    }
    let mut cmd = purge_cmd(&db, &db.dir.path().join("archive"), &["--as-of", &t]);
    cmd.env("REDIS_URL", redis.url());
    Run(cmd.output().unwrap()).expect_code(0);
    for key in &purged {
        assert_eq!(
            redis.cli(&["EXISTS", key]).unwrap().trim(),
            "0",
            "{key} was invalidated"
        );
    }
    for key in &kept {
        assert_eq!(redis.cli(&["EXISTS", key]).unwrap().trim(), "1", "{key} stays");
    }
}

#[tokio::test]
async fn a_partition_wholly_past_retention_is_archived_and_dropped_the_rest_row_by_row() {
    let db = TestDb::migrated().await;
    // The schema partitions nothing yet; this database partitions its audit
    // trail by month-like ranges to show what a purge does then.
    let sql = "
        ALTER TABLE audit_logs RENAME TO audit_logs_flat;
        CREATE TABLE audit_logs (LIKE audit_logs_flat INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
            PARTITION BY RANGE (occurred_at);
        DO $$
        DECLARE t timestamptz := date_trunc('day', now());
        BEGIN
            EXECUTE format('CREATE TABLE audit_logs_old PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)', t - interval '800 days', t - interval '400 days');
            EXECUTE format('CREATE TABLE audit_logs_mid PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)', t - interval '400 days', t - interval '300 days');
            EXECUTE format('CREATE TABLE audit_logs_new PARTITION OF audit_logs FOR VALUES FROM (%L) TO (MAXVALUE)', t - interval '300 days');
        END $$;
        INSERT INTO audit_logs (occurred_at, actor, action, entity_type)
            SELECT now() - make_interval(days => 401 + d % 390), 'test', 'fixture.old', 'fixture' FROM generate_series(1, 700) d;
        INSERT INTO audit_logs (occurred_at, actor, action, entity_type)
            SELECT now() - make_interval(days => 301 + d % 98), 'test', 'fixture.mid', 'fixture' FROM generate_series(1, 490) d;
        INSERT INTO audit_logs (occurred_at, actor, action, entity_type)
            SELECT now() - make_interval(days => d % 290), 'test', 'fixture.new', 'fixture' FROM generate_series(1, 300) d;
    ";
    let mut conn = db.connect().await;
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    let mid_due = db
        .scalar_i64("SELECT count(*) FROM audit_logs_mid WHERE occurred_at < now() - interval '365 days'")
        .await;
    assert!(mid_due > 0 && mid_due < 490);
    let before = snapshot(&mut conn).await;

    let archive_dir = db.dir.path().join("archive");
    let run = Run(
        purge_cmd(&db, &archive_dir, &["--policy", "audit_logs", "--json"])
            .output()
            .unwrap(),
    );
    run.expect_code(0);
    assert_eq!(run.json()["policies"][0]["rows_deleted"], 700 + mid_due);
    assert!(
        !db.table_exists("audit_logs_old").await,
        "the old partition is dropped"
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM audit_logs_mid").await,
        490 - mid_due
    );
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM audit_logs_new WHERE action LIKE 'fixture.%'")
            .await,
        300
    );
    let dropped: i64 = db
        .scalar_i64("SELECT count(*) FROM audit_logs WHERE action = 'retention.batch' AND details->>'partition_dropped' = 'audit_logs_old' AND (details->>'rows')::int = 700")
        .await;
    assert_eq!(dropped, 1, "the drop has its audit row");

    let after = snapshot(&mut conn).await;
    let mut union = after["audit_logs"].clone();
    union.extend(archived(&archive_dir).remove("audit_logs").unwrap());
    union.sort_by_key(|r| r.to_string());
    assert_eq!(union, before["audit_logs"]);
}

/// The scheduling policy of each thread of process `pid` (Linux's
/// `/proc/<pid>/task/<tid>/stat`, field 41: 0 normal, 5 idle).
#[cfg(target_os = "linux")]
fn thread_policies(pid: u32) -> Vec<u32> {
    let mut policies = Vec::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let stat = std::fs::read_to_string(task.unwrap().path().join("stat")).unwrap();
        // Fields after the command name, which is in parentheses: the state is field 3.
        let after_name = &stat[stat.rfind(')').unwrap() + 1..];
        policies.push(
            after_name
                .split_whitespace()
                .nth(41 - 3)
                .unwrap()
                .parse()
                .unwrap(),
        );
    }
    policies
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_purge_runs_every_thread_at_idle_cpu_priority_unless_told_normal() {
    let db = TestDb::migrated().await;
    bulk_fixture(&db).await;
    db.run(&["retention", "purge", "--cpu-priority", "high"])
        .expect_code(2)
        .stderr_has("idle");
    assert!(
        !db.dir.path().join("archive").exists(),
        "a bad value archives nothing"
    );
    for (flag, policy) in [(None, 5), (Some("normal"), 0)] {
        // The purge waits on a table lock held here, long enough to look at its threads.
        let mut locker = lock_sync_logs(&db, "ACCESS EXCLUSIVE").await;
        let mut args = vec!["--policy", "sync_logs"];
        args.extend(flag.map(|f| ["--cpu-priority", f]).into_iter().flatten());
        let mut purge = purge_cmd(&db, &db.dir.path().join("archive"), &args)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_rows(
            &db,
            "SELECT count(*) FROM pg_locks WHERE relation = 'sync_logs'::regclass AND NOT granted",
            "the purge never waited",
        )
        .await;
        let policies = thread_policies(purge.id());
        assert!(policies.len() > 1, "the runtime's threads are there too");
        assert!(
            policies.iter().all(|p| *p == policy),
            "{flag:?}: policies {policies:?}"
        );
        sqlx::raw_sql("ROLLBACK").execute(&mut locker).await.unwrap();
        assert!(purge.wait().unwrap().success(), "{flag:?}: the purge completes");
    }
}
