//! The main indexed reads of the repositories on generated data: user by
//! email, a workspace's artifacts by type, the last 50 messages of a
//! conversation, a user's activity feed. Prints p50/p99 per read.
//!
//! The seeds ask for indexed queries under 100 ms; the aim is under 1 ms.
//! Run with `cargo bench --bench reads` (BENCH_MESSAGES, default 1,000,000;
//! BENCH_ITERATIONS per read, default 2,000; PLATFORMCTL_TEST_DATABASE_URL
//! picks the server). The data is generated inside PostgreSQL, so the load
//! itself takes a minute or so; the timings are of the reads alone.

use std::time::{Duration, Instant};

use platformctl::config::MigrateSettings;
use platformctl::db::Target;
use platformctl::migrate::{MigrationSet, Options, Runner};
use platformctl::model::artifact::ArtifactType;
use platformctl::repo::{activities, artifacts, conversations, users};
use uuid::Uuid;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Generates the data set in SQL. Ids are uuid v7 built from each row's
/// timestamp, as the library would have made them.
fn generation_sql(messages: usize) -> String {
    let users = 10_000;
    let workspaces = 2_000;
    let conversations = (messages / 50).max(1);
    let artifacts = 50_000;
    let activities = 500_000;
    format!(
        r#"
CREATE FUNCTION pg_temp.v7(at timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
         substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
SELECT setseed(0.42);
INSERT INTO users (id, email, display_name, created_at)
SELECT pg_temp.v7(t), 'user' || g || '@example.com', 'User ' || g, t
FROM generate_series(1, {users}) g, LATERAL (SELECT now() - (g || ' minutes')::interval AS t) x;

INSERT INTO workspaces (id, slug, name, owner_id, created_at)
SELECT pg_temp.v7(now()), 'ws-' || g, 'Workspace ' || g,
       (SELECT id FROM users ORDER BY id OFFSET (g * 7919) % {users} LIMIT 1), now()
FROM generate_series(1, {workspaces}) g;
CREATE TEMP TABLE ws AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM workspaces;
CREATE TEMP TABLE us AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM users;

INSERT INTO conversations (id, workspace_id, title, created_at, last_message_at)
SELECT pg_temp.v7(now() - interval '200 days'), ws.id, 'Conversation ' || g, now() - interval '200 days', now()
FROM generate_series(1, {conversations}) g JOIN ws ON ws.n = 1 + g % {workspaces};
CREATE TEMP TABLE cs AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM conversations;

INSERT INTO messages (id, conversation_id, role, author_id, content, created_at)
SELECT pg_temp.v7(t), cs.id, CASE WHEN g % 2 = 0 THEN 'user' ELSE 'assistant' END,
       CASE WHEN g % 2 = 0 THEN us.id END,
       repeat('lorem ipsum dolor sit amet ', 1 + g % 20), t
FROM generate_series(1, {messages}) g
JOIN cs ON cs.n = 1 + g % {conversations}
JOIN us ON us.n = 1 + g % {users},
LATERAL (SELECT now() - ((g * 17) % 15552000 || ' seconds')::interval AS t) x;

INSERT INTO artifacts (id, workspace_id, name, type, file_path, updated_at)
SELECT pg_temp.v7(t), ws.id, 'Artifact ' || g,
       (ARRAY['prd','architecture','user_story','epic','tech_spec','test_plan','design','other'])[1 + g % 8],
       'docs/a' || g || '.md', t
FROM generate_series(1, {artifacts}) g JOIN ws ON ws.n = 1 + g % {workspaces},
LATERAL (SELECT now() - (g || ' minutes')::interval AS t) x;

INSERT INTO activities (id, user_id, type, occurred_at, data)
SELECT pg_temp.v7(t), us.id, (ARRAY['push','commit','pull_request','review','issue'])[1 + g % 5], t, '{{}}'
FROM generate_series(1, {activities}) g JOIN us ON us.n = 1 + g % {users},
LATERAL (SELECT now() - ((g * 13) % 7776000 || ' seconds')::interval AS t) x;
"#
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "  {name:<34} p50 {:>7.3} ms   p99 {:>7.3} ms   max {:>7.3} ms   ({} reads)",
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap()),
        samples.len()
    );
}

#[tokio::main]
async fn main() {
    let server = std::env::var("PLATFORMCTL_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let messages = env_usize("BENCH_MESSAGES", 1_000_000);
    let iterations = env_usize("BENCH_ITERATIONS", 2_000);

    let mut url = url::Url::parse(&server).unwrap();
    url.set_path(&format!("/platformctl_bench_reads_{}", std::process::id()));
    let target = Target::new(url.as_str(), Duration::from_secs(10)).unwrap();
    target.create_database().await.unwrap();
    let set = MigrationSet::embedded().unwrap();
    Runner::new(&target, &set, Options::from(&MigrateSettings::default()))
        .up(None, &platformctl::progress::Silent)
        .await
        .unwrap();

    let mut conn = target.connect("platformctl bench").await.unwrap();
    let started = Instant::now();
    sqlx::raw_sql(sqlx::AssertSqlSafe(generation_sql(messages)))
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::raw_sql("ANALYZE").execute(&mut conn).await.unwrap();
    let counts: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM conversations),
                (SELECT count(*) FROM artifacts), (SELECT count(*) FROM activities)",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    println!(
        "generated {} messages in {} conversations, {} artifacts, {} activities in {:.1} s",
        counts.0,
        counts.1,
        counts.2,
        counts.3,
        started.elapsed().as_secs_f64()
    );

    let sample = |sql: &'static str| {
        let sql = sqlx::AssertSqlSafe(format!("{sql} ORDER BY random() LIMIT {iterations}"));
        sqlx::query_scalar::<_, String>(sql)
    };
    let emails = sample("SELECT email FROM users")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let ids = |rows: Vec<String>| {
        rows.iter()
            .map(|s| Uuid::parse_str(s).unwrap())
            .collect::<Vec<_>>()
    };
    let workspaces = ids(sample("SELECT id::text FROM workspaces")
        .fetch_all(&mut conn)
        .await
        .unwrap());
    let convs = ids(sample("SELECT id::text FROM conversations")
        .fetch_all(&mut conn)
        .await
        .unwrap());
    let feed_users = ids(sample("SELECT id::text FROM users")
        .fetch_all(&mut conn)
        .await
        .unwrap());

    println!("reads through the repositories, one connection, warm cache:");
    let mut timed = Vec::new();
    for email in &emails {
        let t = Instant::now();
        users::find_by_email(&mut conn, email).await.unwrap().unwrap();
        timed.push(t.elapsed());
    }
    report("user by email", std::mem::take(&mut timed));
    let types = [
        ArtifactType::Prd,
        ArtifactType::Architecture,
        ArtifactType::UserStory,
    ];
    for (i, w) in workspaces.iter().cycle().take(iterations).enumerate() {
        let t = Instant::now();
        artifacts::list_by_type(&mut conn, *w, types[i % 3], None, 50)
            .await
            .unwrap();
        timed.push(t.elapsed());
    }
    report("workspace artifacts by type (50)", std::mem::take(&mut timed));
    for c in convs.iter().cycle().take(iterations) {
        let t = Instant::now();
        let page = conversations::recent_messages(&mut conn, *c, None, 50)
            .await
            .unwrap();
        assert!(!page.data.is_empty());
        timed.push(t.elapsed());
    }
    report("last 50 messages of a conversation", std::mem::take(&mut timed));
    for u in feed_users.iter().cycle().take(iterations) {
        let t = Instant::now();
        activities::feed(&mut conn, *u, None, 50).await.unwrap();
        timed.push(t.elapsed());
    }
    report("activity feed of a user (50)", std::mem::take(&mut timed));
    println!("goal: p99 under 100 ms (the seeds); aim: under 1 ms");

    drop(conn);
    target.drop_database(true).await.unwrap();
}
