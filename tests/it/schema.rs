//! The platform schema embedded in the binary: reversible, and holding the
//! rules migrations/README.md states, checked on the real catalog.

use crate::support::TestDb;

async fn migrated() -> TestDb {
    TestDb::migrated().await
}

async fn strings(db: &TestDb, sql: &'static str) -> Vec<String> {
    let mut conn = db.connect().await;
    sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap()
}

#[tokio::test]
async fn every_embedded_migration_is_reversible() {
    let db = TestDb::unborn();
    let count = platformctl::migrate::MigrationSet::embedded()
        .unwrap()
        .migrations
        .len();
    assert!(count >= 10, "the embedded set has {count} migrations");
    db.run(&[
        "migrate",
        "verify",
        "--database-url",
        &crate::support::server_url(),
    ])
    .expect_code(0)
    .stderr_has(&format!("{count} of {count} migration(s) reverse cleanly"));
}

#[tokio::test]
async fn up_then_down_all_leaves_an_empty_schema() {
    let db = migrated().await;
    db.run(&["migrate", "status", "--check"]).expect_code(0);
    db.run(&["migrate", "down", "--all", "--yes"]).expect_code(0);
    let left = strings(
        &db,
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relname !~ '^_(sqlx_migrations|platformctl_migration_log)' \
         UNION ALL SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' \
         UNION ALL SELECT t.typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
                   WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0",
    )
    .await;
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[tokio::test]
async fn every_foreign_key_has_an_explicit_on_delete_and_an_index() {
    let db = migrated().await;
    let implicit = strings(
        &db,
        "SELECT conrelid::regclass || '.' || conname FROM pg_constraint \
         WHERE contype = 'f' AND confdeltype = 'a' AND connamespace = 'public'::regnamespace",
    )
    .await;
    assert!(
        implicit.is_empty(),
        "foreign keys without ON DELETE: {implicit:?}"
    );

    // An index whose leading columns are the key's columns; a partial one only
    // when its predicate is "<key column> IS NOT NULL", which every lookup by
    // value (the ON DELETE action's) satisfies.
    let unindexed = strings(
        &db,
        "SELECT c.conrelid::regclass || '.' || c.conname FROM pg_constraint c \
         WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND NOT EXISTS ( \
             SELECT 1 FROM pg_index i \
             WHERE i.indrelid = c.conrelid \
               AND (i.indpred IS NULL OR (cardinality(c.conkey) = 1 AND pg_get_expr(i.indpred, i.indrelid) = \
                    '(' || (SELECT quote_ident(attname) FROM pg_attribute \
                            WHERE attrelid = c.conrelid AND attnum = c.conkey[1]) || ' IS NOT NULL)')) \
               AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey \
               AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey)",
    )
    .await;
    assert!(
        unindexed.is_empty(),
        "foreign keys without an index: {unindexed:?}"
    );
}

#[tokio::test]
async fn times_are_timestamptz_and_keys_are_uuid() {
    let db = migrated().await;
    let naive = strings(
        &db,
        "SELECT table_name || '.' || column_name FROM information_schema.columns \
         WHERE table_schema = 'public' AND data_type = 'timestamp without time zone'",
    )
    .await;
    assert!(naive.is_empty(), "timestamp without time zone: {naive:?}");

    // Single-column primary keys are uuid (join tables have composite keys).
    let other_keys = strings(
        &db,
        "SELECT c.conrelid::regclass::text FROM pg_constraint c \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
         WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace \
           AND cardinality(c.conkey) = 1 AND a.atttypid <> 'uuid'::regtype \
           AND c.conrelid::regclass::text !~ '^_(sqlx|platformctl)'",
    )
    .await;
    assert!(other_keys.is_empty(), "non-uuid primary keys: {other_keys:?}");
}

#[tokio::test]
async fn emails_are_unique_case_insensitively_among_live_users() {
    let db = migrated().await;
    let mut conn = db.connect().await;
    let insert = "INSERT INTO users (email, display_name) VALUES ($1, 'Ann')";
    sqlx::query(insert)
        .bind("ann@example.com")
        .execute(&mut conn)
        .await
        .unwrap();
    let err = sqlx::query(insert)
        .bind("ANN@example.com")
        .execute(&mut conn)
        .await
        .unwrap_err();
    let db_err = err.as_database_error().unwrap();
    assert_eq!(db_err.code().as_deref(), Some("23505"));
    assert_eq!(db_err.constraint(), Some("users_email_live_key"));

    // A deleted user's address can be used again.
    sqlx::query("UPDATE users SET deleted_at = now() WHERE email = 'ann@example.com'")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query(insert)
        .bind("Ann@Example.com")
        .execute(&mut conn)
        .await
        .unwrap();

    for (email, role) in [("not-an-email", "user"), ("bob@example.com", "superuser")] {
        let err = sqlx::query("INSERT INTO users (email, display_name, role) VALUES ($1, 'B', $2)")
            .bind(email)
            .bind(role)
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert_eq!(
            err.as_database_error().unwrap().code().as_deref(),
            Some("23514"),
            "{email} {role}"
        );
    }
}

#[tokio::test]
async fn updates_bump_the_version_and_updated_at() {
    let db = migrated().await;
    let mut conn = db.connect().await;
    let (id, version): (String, i64) = sqlx::query_as(
        "INSERT INTO users (email, display_name) VALUES ('v@example.com', 'V') RETURNING id::text, version",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(version, 1);
    // A guarded update with the right version wins; a second with the stale one changes nothing.
    let guarded = "UPDATE users SET display_name = $3 WHERE id = $1::uuid AND version = $2";
    let first = sqlx::query(guarded)
        .bind(&id)
        .bind(1i64)
        .bind("V2")
        .execute(&mut conn)
        .await
        .unwrap();
    let stale = sqlx::query(guarded)
        .bind(&id)
        .bind(1i64)
        .bind("V3")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!((first.rows_affected(), stale.rows_affected()), (1, 0));
    let (name, version): (String, i64) =
        sqlx::query_as("SELECT display_name, version FROM users WHERE id = $1::uuid")
            .bind(&id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!((name.as_str(), version), ("V2", 2));
}

#[tokio::test]
async fn the_audit_trail_is_append_only_except_for_an_announced_purge() {
    let db = migrated().await;
    let mut conn = db.connect().await;
    sqlx::raw_sql("INSERT INTO audit_logs (actor, action, entity_type, entity_id) VALUES ('os:test', 'user.create', 'user', 'x')")
        .execute(&mut conn)
        .await
        .unwrap();
    for statement in [
        "UPDATE audit_logs SET actor = 'someone else'",
        "DELETE FROM audit_logs",
        "TRUNCATE audit_logs",
    ] {
        let err = sqlx::raw_sql(statement).execute(&mut conn).await.unwrap_err();
        let db_err = err.as_database_error().unwrap();
        assert_eq!(db_err.code().as_deref(), Some("42501"), "{statement}");
        assert!(
            db_err.message().contains("append-only"),
            "{statement}: {}",
            db_err.message()
        );
    }
    assert_eq!(db.scalar_i64("SELECT count(*) FROM audit_logs").await, 1);

    sqlx::raw_sql("BEGIN; SET LOCAL platform.audit_purge = 'on'; DELETE FROM audit_logs; COMMIT;")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(db.scalar_i64("SELECT count(*) FROM audit_logs").await, 0);
}

#[tokio::test]
async fn built_in_roles_and_their_permissions_are_seeded() {
    let db = migrated().await;
    let roles = strings(&db, "SELECT name FROM roles WHERE built_in ORDER BY name").await;
    assert_eq!(roles, ["admin", "readonly", "user"]);
    let readonly = strings(
        &db,
        "SELECT p.name FROM role_permissions rp JOIN roles r ON r.id = rp.role_id \
         JOIN permissions p ON p.id = rp.permission_id WHERE r.name = 'readonly'",
    )
    .await;
    assert_eq!(readonly, ["workspace:read"]);
}

#[tokio::test]
async fn only_one_signing_key_is_active_at_a_time() {
    let db = migrated().await;
    let mut conn = db.connect().await;
    let insert = "INSERT INTO signing_keys (kid, public_key, private_key_encrypted, encryption_key_id, status, activated_at) \
                  VALUES ($1, decode(repeat('00', 32), 'hex'), '\\x01', 'k1', 'active', now())";
    sqlx::query(insert)
        .bind("key-00000001")
        .execute(&mut conn)
        .await
        .unwrap();
    let err = sqlx::query(insert)
        .bind("key-00000002")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert_eq!(
        err.as_database_error().unwrap().constraint(),
        Some("signing_keys_one_active")
    );
}
