//! The users repository against the real PostgreSQL: CRUD, soft delete,
//! optimistic concurrency, typed errors, pagination edges, literal strings.

use crate::support::TestDb;
use platformctl::Error;
use platformctl::model::{NewUser, Role, UserChanges, UserStatus};
use platformctl::repo::users::{self, UserFilter, UserSort};
use platformctl::repo::{PageRequest, classify};
use sqlx::Connection;

#[tokio::test]
async fn create_read_update_and_soft_delete() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let mut new = NewUser::new("Ann@Example.com", "Ann");
    new.role = Role::Admin;
    new.preferences = serde_json::json!({"theme": "dark"});
    let ann = users::create(&mut conn, &new).await.unwrap();
    assert_eq!(
        (ann.role, ann.status, ann.version),
        (Role::Admin, UserStatus::Active, 1)
    );
    assert!(!ann.has_password);
    assert_eq!(ann.id.get_version_num(), 7, "ids are uuid v7");

    assert_eq!(users::get(&mut conn, ann.id).await.unwrap(), ann);
    let by_email = users::find_by_email(&mut conn, "ann@EXAMPLE.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_email.id, ann.id);

    let changes = UserChanges {
        display_name: Some("Ann B.".into()),
        status: Some(UserStatus::Disabled),
        ..Default::default()
    };
    let updated = users::update(&mut conn, ann.id, ann.version, &changes)
        .await
        .unwrap();
    assert_eq!(
        (updated.display_name.as_str(), updated.status, updated.version),
        ("Ann B.", UserStatus::Disabled, 2)
    );
    assert_eq!(updated.role, Role::Admin, "untouched fields stay");
    assert!(updated.updated_at >= ann.updated_at);

    let deleted = users::soft_delete(&mut conn, ann.id, updated.version)
        .await
        .unwrap();
    assert!(deleted.deleted_at.is_some());
    assert!(matches!(
        users::get(&mut conn, ann.id).await,
        Err(Error::NotFound { .. })
    ));
    assert!(
        users::find_by_email(&mut conn, "ann@example.com")
            .await
            .unwrap()
            .is_none()
    );
    let hidden = users::list(
        &mut conn,
        &UserFilter::default(),
        UserSort::default(),
        false,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(hidden.meta.total_count, 0, "soft-deleted users are hidden");
    let all = UserFilter {
        include_deleted: true,
        ..Default::default()
    };
    let shown = users::list(
        &mut conn,
        &all,
        UserSort::default(),
        false,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(shown.meta.total_count, 1);

    let restored = users::restore(&mut conn, ann.id).await.unwrap();
    assert!(restored.deleted_at.is_none());
}

#[tokio::test]
async fn a_lost_update_is_refused() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let user = users::create(&mut conn, &NewUser::new("race@example.com", "Race"))
        .await
        .unwrap();
    let rename = |name: &str| UserChanges {
        display_name: Some(name.to_owned()),
        ..Default::default()
    };
    // Two writers read version 1; the first wins, the second is told.
    users::update(&mut conn, user.id, user.version, &rename("First"))
        .await
        .unwrap();
    let err = users::update(&mut conn, user.id, user.version, &rename("Second"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::StaleVersion { expected: 1, .. }), "{err}");
    assert_eq!(err.kind(), platformctl::ErrorKind::Temporary);
    assert_eq!(
        users::get(&mut conn, user.id).await.unwrap().display_name,
        "First"
    );

    let missing = users::update(&mut conn, uuid::Uuid::now_v7(), 1, &rename("x"))
        .await
        .unwrap_err();
    assert!(
        matches!(missing, Error::NotFound { entity: "user", .. }),
        "{missing}"
    );
}

#[tokio::test]
async fn database_errors_become_typed_errors_naming_the_constraint() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    users::create(&mut conn, &NewUser::new("dup@example.com", "One"))
        .await
        .unwrap();
    let dup = users::create(&mut conn, &NewUser::new("DUP@example.com", "Two"))
        .await
        .unwrap_err();
    match &dup {
        Error::Conflict { constraint, .. } => assert_eq!(constraint, "users_email_live_key"),
        other => panic!("expected a conflict, got {other:?}"),
    }

    let too_long = users::create(&mut conn, &NewUser::new("long@example.com", "x".repeat(201)))
        .await
        .unwrap_err();
    match &too_long {
        Error::InvalidValue { constraint, .. } => {
            assert_eq!(constraint.as_deref(), Some("users_display_name_check"))
        }
        other => panic!("expected an invalid value, got {other:?}"),
    }
    assert!(too_long.to_string().contains("users_display_name_check"));
    let bad_email = users::create(&mut conn, &NewUser::new("no-at-sign", "X"))
        .await
        .unwrap_err();
    assert!(matches!(bad_email, Error::InvalidValue { .. }), "{bad_email}");

    // A foreign key violation, classified the same way for every repository.
    let fk = sqlx::query("INSERT INTO user_profiles (user_id) VALUES ($1)")
        .bind(uuid::Uuid::now_v7())
        .execute(&mut conn)
        .await
        .unwrap_err();
    match classify("user profile", fk) {
        Error::InvalidReference { constraint, .. } => assert_eq!(constraint, "user_profiles_user_id_fkey"),
        other => panic!("expected an invalid reference, got {other:?}"),
    }
    assert_eq!(
        db.scalar_i64("SELECT count(*) FROM users").await,
        1,
        "failed creates wrote nothing"
    );
}

#[tokio::test]
async fn quotes_and_sql_fragments_are_stored_literally() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let name = "Robert'); DROP TABLE users; -- \"quoted\" 100% _x_";
    let user = users::create(&mut conn, &NewUser::new("bobby@example.com", name))
        .await
        .unwrap();
    assert_eq!(users::get(&mut conn, user.id).await.unwrap().display_name, name);
    users::create(&mut conn, &NewUser::new("other@example.com", "100 apples"))
        .await
        .unwrap();

    // LIKE wildcards in a search match themselves only.
    let search = |s: &str| UserFilter {
        search: Some(s.to_owned()),
        ..Default::default()
    };
    for (term, expected) in [("100%", 1), ("_x_", 1), ("DROP TABLE", 1), ("100", 2), ("%", 1)] {
        let page = users::list(
            &mut conn,
            &search(term),
            UserSort::Email,
            false,
            PageRequest::default(),
        )
        .await
        .unwrap();
        assert_eq!(page.meta.total_count, expected, "search {term:?}");
    }
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 2);
}

#[tokio::test]
async fn pagination_edges() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let none = UserFilter::default();
    let empty = users::list(
        &mut conn,
        &none,
        UserSort::Email,
        false,
        PageRequest::new(1, 10).unwrap(),
    )
    .await
    .unwrap();
    assert!(empty.data.is_empty());
    assert_eq!((empty.meta.total_count, empty.meta.total_pages), (0, 0));

    for i in 0..25 {
        users::create(
            &mut conn,
            &NewUser::new(format!("u{i:02}@example.com"), format!("User {i}")),
        )
        .await
        .unwrap();
    }
    let last = users::list(
        &mut conn,
        &none,
        UserSort::Email,
        false,
        PageRequest::new(3, 10).unwrap(),
    )
    .await
    .unwrap();
    let emails: Vec<&str> = last.data.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "u20@example.com",
            "u21@example.com",
            "u22@example.com",
            "u23@example.com",
            "u24@example.com"
        ]
    );
    assert_eq!(
        (last.meta.page, last.meta.total_count, last.meta.total_pages),
        (3, 25, 3)
    );

    let beyond = users::list(
        &mut conn,
        &none,
        UserSort::Email,
        true,
        PageRequest::new(4, 10).unwrap(),
    )
    .await
    .unwrap();
    assert!(beyond.data.is_empty());
    assert_eq!(beyond.meta.total_count, 25);

    let first_desc = users::list(
        &mut conn,
        &none,
        UserSort::Email,
        true,
        PageRequest::new(1, 2).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(first_desc.data[0].email, "u24@example.com");

    assert!(matches!(
        PageRequest::new(1, 101),
        Err(Error::InvalidValue { .. })
    ));

    // Keyset: every user exactly once, in creation order, then no cursor.
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = users::list_after(&mut conn, &none, cursor, 7).await.unwrap();
        seen.extend(page.data.iter().map(|u| u.email.clone()));
        match page.next_cursor {
            Some(c) => cursor = Some(c.parse().unwrap()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..25).map(|i| format!("u{i:02}@example.com")).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn repositories_share_a_transaction() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let mut tx = conn.begin().await.unwrap();
    let a = users::create(&mut tx, &NewUser::new("a@example.com", "A"))
        .await
        .unwrap();
    users::update(
        &mut tx,
        a.id,
        a.version,
        &UserChanges {
            role: Some(Role::Readonly),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 0);
}
