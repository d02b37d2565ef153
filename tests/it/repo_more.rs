//! Organizations, architectures, tokens, sessions, the audit trail, and the
//! filtered lists of workspaces, conversations and artifacts.

use crate::support::TestDb;
use platformctl::Error;
use platformctl::model::NewUser;
use platformctl::model::architecture::ChangeStatus;
use platformctl::model::artifact::{ArtifactType, NewArtifact};
use platformctl::model::audit::NewAuditEntry;
use platformctl::model::auth::{NewToken, TokenKind};
use platformctl::model::organization::{NewOrganization, NewRepository};
use platformctl::model::workspace::NewWorkspace;
use platformctl::repo::architectures;
use platformctl::repo::artifacts::{self, ArtifactFilter, ArtifactSort};
use platformctl::repo::audit::{self, AuditFilter};
use platformctl::repo::conversations::{self, ConversationFilter, ConversationSort};
use platformctl::repo::organizations::{self, OrganizationSort, RepositorySort};
use platformctl::repo::tokens::{self, TokenFilter};
use platformctl::repo::workspaces::{self, WorkspaceFilter, WorkspaceSort};
use platformctl::repo::{PageRequest, sessions, users};
use sqlx::postgres::PgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

async fn owner_and_workspace(conn: &mut PgConnection) -> (Uuid, Uuid) {
    let owner = users::create(conn, &NewUser::new("o@example.com", "O"))
        .await
        .unwrap();
    let ws = workspaces::create(
        conn,
        &NewWorkspace {
            slug: "main".into(),
            name: "Main".into(),
            description: None,
            owner_id: owner.id,
            organization_id: None,
            github_repo_url: None,
        },
    )
    .await
    .unwrap();
    (owner.id, ws.id)
}

#[tokio::test]
async fn organizations_and_their_repositories() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let new = |name: &str, members| NewOrganization {
        github_id: None,
        name: name.to_owned(),
        description: None,
        member_count: members,
    };
    let acme = organizations::create(&mut conn, &new("Acme", 12)).await.unwrap();
    organizations::create(&mut conn, &new("Globex", 40))
        .await
        .unwrap();
    let dup = organizations::create(&mut conn, &new("ACME", 1))
        .await
        .unwrap_err();
    assert!(
        matches!(&dup, Error::Conflict { constraint, .. } if constraint == "organizations_name_key"),
        "{dup}"
    );
    let negative = organizations::create(&mut conn, &new("Neg", -1))
        .await
        .unwrap_err();
    assert!(matches!(negative, Error::InvalidValue { .. }));

    let by_members = organizations::list(
        &mut conn,
        None,
        OrganizationSort::MemberCount,
        true,
        PageRequest::default(),
    )
    .await
    .unwrap();
    let names: Vec<&str> = by_members.data.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Globex", "Acme"]);
    let searched = organizations::list(
        &mut conn,
        Some("glo"),
        OrganizationSort::Name,
        false,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(searched.meta.total_count, 1);

    let updated = organizations::update(&mut conn, acme.id, acme.version, Some("Rockets"), None)
        .await
        .unwrap();
    assert_eq!(
        (updated.description.as_deref(), updated.member_count),
        (Some("Rockets"), 12)
    );
    assert!(matches!(
        organizations::update(&mut conn, acme.id, acme.version, None, Some(1)).await,
        Err(Error::StaleVersion { .. })
    ));

    let repo = |name: &str| NewRepository {
        organization_id: acme.id,
        name: name.to_owned(),
        language: Some("Rust".into()),
        ..Default::default()
    };
    let rocket = organizations::add_repository(&mut conn, &repo("rocket"))
        .await
        .unwrap();
    organizations::add_repository(&mut conn, &repo("engine"))
        .await
        .unwrap();
    assert!(matches!(
        organizations::add_repository(&mut conn, &repo("Rocket")).await,
        Err(Error::Conflict { .. })
    ));
    let starred = organizations::update_repository_stats(&mut conn, rocket.id, rocket.version, 99, 3, 7)
        .await
        .unwrap();
    assert_eq!((starred.stars, starred.open_issues), (99, 7));
    let by_stars = organizations::list_repositories(
        &mut conn,
        acme.id,
        RepositorySort::Stars,
        true,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(by_stars.data[0].name, "rocket");

    organizations::delete(&mut conn, acme.id).await.unwrap();
    assert!(matches!(
        organizations::get_repository(&mut conn, rocket.id).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        organizations::delete(&mut conn, acme.id).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn architecture_changes_follow_their_lifecycle() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let (owner, ws) = owner_and_workspace(&mut conn).await;
    let arch = architectures::create(
        &mut conn,
        ws,
        "Core",
        None,
        &serde_json::json!({"services": 2}),
        Some(owner),
    )
    .await
    .unwrap();
    assert!(matches!(
        architectures::create(&mut conn, ws, "core", None, &serde_json::json!({}), None).await,
        Err(Error::Conflict { .. })
    ));

    let change = architectures::propose_change(
        &mut conn,
        arch.id,
        "Add a cache",
        &serde_json::json!({"cache": "redis"}),
        Some(owner),
    )
    .await
    .unwrap();
    assert_eq!(change.status, ChangeStatus::Proposed);
    // Applying before approval is refused, naming the state.
    let early = architectures::apply_change(&mut conn, change.id, change.version)
        .await
        .unwrap_err();
    assert!(
        early.to_string().contains("only a approved change") || early.to_string().contains("approved"),
        "{early}"
    );
    let approved = architectures::review_change(&mut conn, change.id, change.version, true, Some(owner))
        .await
        .unwrap();
    assert_eq!(approved.status, ChangeStatus::Approved);
    assert!(approved.reviewed_at.is_some());
    let again = architectures::review_change(&mut conn, change.id, approved.version, false, None).await;
    assert!(matches!(again, Err(Error::InvalidValue { .. })), "{again:?}");
    let stale = architectures::apply_change(&mut conn, change.id, change.version).await;
    assert!(matches!(stale, Err(Error::StaleVersion { .. })), "{stale:?}");

    let applied = architectures::apply_change(&mut conn, change.id, approved.version)
        .await
        .unwrap();
    assert_eq!(applied.status, ChangeStatus::Applied);
    let merged = architectures::get(&mut conn, arch.id).await.unwrap();
    assert_eq!(
        merged.definition,
        serde_json::json!({"services": 2, "cache": "redis"})
    );
    assert_eq!(architectures::changes(&mut conn, arch.id).await.unwrap().len(), 1);

    architectures::soft_delete(&mut conn, merged.id, merged.version)
        .await
        .unwrap();
    let page = architectures::list(
        &mut conn,
        ws,
        None,
        architectures::ArchitectureSort::Name,
        false,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(page.meta.total_count, 0);
    architectures::restore(&mut conn, arch.id).await.unwrap();
}

async fn signing_key(conn: &mut PgConnection) -> String {
    sqlx::query(
        "INSERT INTO signing_keys (kid, public_key, private_key_encrypted, encryption_key_id) \
         VALUES ('kid-test-0001', decode(repeat('00', 32), 'hex'), '\\x01', 'mk_test')",
    )
    .execute(conn)
    .await
    .unwrap();
    "kid-test-0001".to_owned()
}

fn token(
    user: Uuid,
    session: Option<Uuid>,
    kind: TokenKind,
    family: Uuid,
    kid: &str,
    ttl: Duration,
) -> NewToken {
    let now = OffsetDateTime::now_utc();
    NewToken {
        jti: Uuid::now_v7(),
        user_id: user,
        session_id: session,
        kind,
        family_id: family,
        parent_jti: None,
        audience: "platform".into(),
        scopes: vec!["workspace:read".into()],
        key_id: kid.to_owned(),
        issued_at: now - Duration::seconds(1),
        expires_at: now + ttl,
        issued_by: "os:test".into(),
    }
}

#[tokio::test]
async fn tokens_revoke_once_and_feed_the_denylist() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let user = users::create(&mut conn, &NewUser::new("t@example.com", "T"))
        .await
        .unwrap()
        .id;
    let kid = signing_key(&mut conn).await;
    let family = Uuid::now_v7();
    let a = tokens::record(
        &mut conn,
        &token(user, None, TokenKind::Access, family, &kid, Duration::hours(1)),
    )
    .await
    .unwrap();
    let r = tokens::record(
        &mut conn,
        &token(user, None, TokenKind::Refresh, family, &kid, Duration::days(30)),
    )
    .await
    .unwrap();
    tokens::record(
        &mut conn,
        &token(
            user,
            None,
            TokenKind::Access,
            Uuid::now_v7(),
            &kid,
            Duration::hours(2),
        ),
    )
    .await
    .unwrap();
    let unknown_key = tokens::record(
        &mut conn,
        &token(
            user,
            None,
            TokenKind::Access,
            family,
            "kid-missing-1",
            Duration::hours(1),
        ),
    )
    .await;
    assert!(matches!(unknown_key, Err(Error::InvalidReference { .. })));

    let revoked = tokens::revoke(&mut conn, a.jti, "os:admin", Some("leaked"))
        .await
        .unwrap();
    assert_eq!(
        (revoked.revoked_by.as_deref(), revoked.revoked_reason.as_deref()),
        (Some("os:admin"), Some("leaked"))
    );
    let twice = tokens::revoke(&mut conn, a.jti, "os:other", Some("again"))
        .await
        .unwrap();
    assert_eq!(
        twice.revoked_at, revoked.revoked_at,
        "the first revocation stands"
    );
    assert_eq!(twice.revoked_by.as_deref(), Some("os:admin"));
    assert!(matches!(
        tokens::revoke(&mut conn, Uuid::now_v7(), "x", None).await,
        Err(Error::NotFound { .. })
    ));

    let family_revoked = tokens::revoke_family(&mut conn, family, "os:admin", Some("reuse"))
        .await
        .unwrap();
    assert_eq!(family_revoked.iter().map(|t| t.jti).collect::<Vec<_>>(), [r.jti]);

    let active = tokens::list(
        &mut conn,
        &TokenFilter {
            user_id: Some(user),
            active_only: true,
            ..Default::default()
        },
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(active.meta.total_count, 1);

    let mut deny = Vec::new();
    let mut cursor = None;
    loop {
        let page = tokens::revoked_unexpired(&mut conn, cursor, 1).await.unwrap();
        deny.extend(page.data.iter().map(|t| t.jti));
        match page.next_cursor {
            Some(c) => cursor = Some(c.parse().unwrap()),
            None => break,
        }
    }
    assert_eq!(
        deny,
        [a.jti, r.jti],
        "revoked and unexpired, soonest expiry first"
    );
    let rest = tokens::revoke_for_user(&mut conn, user, "os:admin", None)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
}

#[tokio::test]
async fn revoking_a_session_revokes_its_tokens() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let user = users::create(&mut conn, &NewUser::new("s@example.com", "S"))
        .await
        .unwrap()
        .id;
    let kid = signing_key(&mut conn).await;
    let expires = OffsetDateTime::now_utc() + Duration::hours(8);
    let session = sessions::create(&mut conn, user, expires, Some("192.0.2.7"), Some("curl/8"))
        .await
        .unwrap();
    assert_eq!(session.ip_address.as_deref(), Some("192.0.2.7"));
    assert!(matches!(
        sessions::create(&mut conn, user, expires, Some("not an ip"), None).await,
        Err(Error::InvalidValue { .. })
    ));
    let t1 = tokens::record(
        &mut conn,
        &token(
            user,
            Some(session.id),
            TokenKind::Access,
            Uuid::now_v7(),
            &kid,
            Duration::hours(1),
        ),
    )
    .await
    .unwrap();
    let t2 = tokens::record(
        &mut conn,
        &token(
            user,
            Some(session.id),
            TokenKind::Refresh,
            Uuid::now_v7(),
            &kid,
            Duration::days(1),
        ),
    )
    .await
    .unwrap();
    assert!(sessions::touch(&mut conn, session.id).await.unwrap());

    let mut revoked = sessions::revoke(&mut conn, session.id, "os:admin", Some("stolen laptop"))
        .await
        .unwrap();
    revoked.sort();
    let mut expected = vec![t1.jti, t2.jti];
    expected.sort();
    assert_eq!(revoked, expected);
    assert!(tokens::get(&mut conn, t1.jti).await.unwrap().revoked_at.is_some());
    assert!(
        !sessions::touch(&mut conn, session.id).await.unwrap(),
        "a revoked session is not touched"
    );
    assert!(
        sessions::revoke(&mut conn, session.id, "os:admin", None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        sessions::revoke(&mut conn, Uuid::now_v7(), "x", None).await,
        Err(Error::NotFound { .. })
    ));
    assert!(
        sessions::list_for_user(&mut conn, user, true)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        sessions::list_for_user(&mut conn, user, false)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn audit_entries_append_and_filter() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let entry = |actor: &str, action: &str| NewAuditEntry {
        actor: actor.to_owned(),
        action: action.to_owned(),
        entity_type: "user".into(),
        entity_id: Some("u1".into()),
        outcome: "success".into(),
        details: serde_json::json!({"password": "[redacted]"}),
        request_id: None,
    };
    audit::append(&mut conn, &entry("os:alice", "user.create"))
        .await
        .unwrap();
    audit::append(&mut conn, &entry("os:alice", "user.disable"))
        .await
        .unwrap();
    audit::append(&mut conn, &entry("os:bob", "token.revoke"))
        .await
        .unwrap();
    let bad = audit::append(&mut conn, &entry("os:bob", "Not An Action")).await;
    assert!(matches!(bad, Err(Error::InvalidValue { .. })));

    async fn count(conn: &mut PgConnection, filter: AuditFilter) -> i64 {
        audit::list(conn, &filter, PageRequest::default())
            .await
            .unwrap()
            .meta
            .total_count
    }
    let alice = AuditFilter {
        actor: Some("os:alice".into()),
        ..Default::default()
    };
    assert_eq!(count(&mut conn, alice).await, 2);
    let user_actions = AuditFilter {
        action: Some("user.".into()),
        ..Default::default()
    };
    assert_eq!(count(&mut conn, user_actions).await, 2);
    let revokes = AuditFilter {
        action: Some("token.revoke".into()),
        ..Default::default()
    };
    assert_eq!(count(&mut conn, revokes).await, 1);
    let future = AuditFilter {
        since: Some(OffsetDateTime::now_utc() + Duration::hours(1)),
        ..Default::default()
    };
    assert_eq!(count(&mut conn, future).await, 0);
    let newest = audit::list(&mut conn, &AuditFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(newest.data[0].action, "token.revoke");
}

#[tokio::test]
async fn lists_filter_sort_and_hide_deleted_rows() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let (owner, ws) = owner_and_workspace(&mut conn).await;
    let other = workspaces::create(
        &mut conn,
        &NewWorkspace {
            slug: "zeta".into(),
            name: "Zeta 100%".into(),
            description: None,
            owner_id: owner,
            organization_id: None,
            github_repo_url: None,
        },
    )
    .await
    .unwrap();
    let by_name = workspaces::list(
        &mut conn,
        &WorkspaceFilter::default(),
        WorkspaceSort::Name,
        true,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        by_name.data.iter().map(|w| w.slug.as_str()).collect::<Vec<_>>(),
        ["zeta", "main"]
    );
    let pct = WorkspaceFilter {
        search: Some("100%".into()),
        ..Default::default()
    };
    assert_eq!(
        workspaces::list(
            &mut conn,
            &pct,
            WorkspaceSort::Slug,
            false,
            PageRequest::default()
        )
        .await
        .unwrap()
        .meta
        .total_count,
        1
    );
    workspaces::soft_delete(&mut conn, other.id, other.version)
        .await
        .unwrap();
    let mine = WorkspaceFilter {
        member_id: Some(owner),
        ..Default::default()
    };
    assert_eq!(
        workspaces::list(
            &mut conn,
            &mine,
            WorkspaceSort::Slug,
            false,
            PageRequest::default()
        )
        .await
        .unwrap()
        .meta
        .total_count,
        1
    );

    for title in ["Beta plan", "alpha plan", "Gamma"] {
        conversations::create(&mut conn, ws, title, Some(owner), None)
            .await
            .unwrap();
    }
    let plans = ConversationFilter {
        workspace_id: Some(ws),
        search: Some("plan".into()),
        ..Default::default()
    };
    let page = conversations::list(
        &mut conn,
        &plans,
        ConversationSort::Title,
        false,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        page.data.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(),
        ["alpha plan", "Beta plan"]
    );

    for (name, t) in [
        ("Spec", ArtifactType::TechSpec),
        ("PRD", ArtifactType::Prd),
        ("Plan", ArtifactType::TestPlan),
    ] {
        artifacts::create(
            &mut conn,
            &NewArtifact {
                workspace_id: ws,
                name: name.into(),
                artifact_type: t,
                file_path: None,
                created_by: None,
            },
        )
        .await
        .unwrap();
    }
    let prds = ArtifactFilter {
        workspace_id: Some(ws),
        artifact_type: Some(ArtifactType::Prd),
        ..Default::default()
    };
    let page = artifacts::list(
        &mut conn,
        &prds,
        ArtifactSort::Name,
        false,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!((page.meta.total_count, page.data[0].name.as_str()), (1, "PRD"));
    let all = ArtifactFilter {
        workspace_id: Some(ws),
        ..Default::default()
    };
    let sorted = artifacts::list(
        &mut conn,
        &all,
        ArtifactSort::Name,
        false,
        PageRequest::new(2, 2).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            sorted.data.len(),
            sorted.data[0].name.as_str(),
            sorted.meta.total_pages
        ),
        (1, "Spec", 2)
    );
}

/// The same edges for every offset-paginated list: empty, a partial last
/// page, a page past the end; and names full of SQL stored literally.
#[tokio::test]
async fn every_list_handles_pagination_edges_and_literal_strings() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let (owner, ws) = owner_and_workspace(&mut conn).await;
    let org = organizations::create(
        &mut conn,
        &NewOrganization {
            name: "Org".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let tricky = |i: usize| format!("it's {i}'; DROP TABLE users; -- \"x\" %_");
    let two = PageRequest::new(2, 2).unwrap();
    let three = PageRequest::new(3, 2).unwrap();

    // Empty lists first.
    let empty = ConversationFilter {
        workspace_id: Some(ws),
        ..Default::default()
    };
    let page = conversations::list(
        &mut conn,
        &empty,
        ConversationSort::Title,
        false,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        (page.data.len(), page.meta.total_count, page.meta.total_pages),
        (0, 0, 0)
    );
    let page = organizations::list_repositories(
        &mut conn,
        org.id,
        RepositorySort::Name,
        false,
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(page.meta.total_pages, 0);

    for i in 0..3 {
        conversations::create(&mut conn, ws, &tricky(i), Some(owner), None)
            .await
            .unwrap();
        artifacts::create(
            &mut conn,
            &NewArtifact {
                workspace_id: ws,
                name: tricky(i),
                artifact_type: ArtifactType::Other,
                file_path: None,
                created_by: None,
            },
        )
        .await
        .unwrap();
        organizations::add_repository(
            &mut conn,
            &NewRepository {
                organization_id: org.id,
                name: format!("repo-{i}"),
                description: Some(tricky(i)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        architectures::create(
            &mut conn,
            ws,
            &tricky(i),
            None,
            &serde_json::json!({"q": tricky(i)}),
            None,
        )
        .await
        .unwrap();
        audit::append(
            &mut conn,
            &NewAuditEntry {
                actor: tricky(i),
                action: "test.edge".into(),
                entity_type: "edge".into(),
                entity_id: None,
                outcome: "success".into(),
                details: serde_json::json!({"note": tricky(i)}),
                request_id: None,
            },
        )
        .await
        .unwrap();
    }

    let conv = conversations::list(&mut conn, &empty, ConversationSort::Title, false, two)
        .await
        .unwrap();
    let arts = artifacts::list(
        &mut conn,
        &ArtifactFilter {
            workspace_id: Some(ws),
            ..Default::default()
        },
        ArtifactSort::Name,
        false,
        two,
    )
    .await
    .unwrap();
    let repos = organizations::list_repositories(&mut conn, org.id, RepositorySort::Name, false, two)
        .await
        .unwrap();
    let archs = architectures::list(
        &mut conn,
        ws,
        None,
        architectures::ArchitectureSort::Name,
        false,
        two,
    )
    .await
    .unwrap();
    let audits = audit::list(
        &mut conn,
        &AuditFilter {
            action: Some("test.edge".into()),
            ..Default::default()
        },
        two,
    )
    .await
    .unwrap();
    for (name, len, total, pages) in [
        (
            "conversations",
            conv.data.len(),
            conv.meta.total_count,
            conv.meta.total_pages,
        ),
        (
            "artifacts",
            arts.data.len(),
            arts.meta.total_count,
            arts.meta.total_pages,
        ),
        (
            "repositories",
            repos.data.len(),
            repos.meta.total_count,
            repos.meta.total_pages,
        ),
        (
            "architectures",
            archs.data.len(),
            archs.meta.total_count,
            archs.meta.total_pages,
        ),
        (
            "audit",
            audits.data.len(),
            audits.meta.total_count,
            audits.meta.total_pages,
        ),
    ] {
        assert_eq!(
            (len, total, pages),
            (1, 3, 2),
            "{name}: the last page holds the one left"
        );
    }
    // Stored literally, sorted last by name.
    assert_eq!(conv.data[0].title, tricky(2));
    assert_eq!(arts.data[0].name, tricky(2));
    assert_eq!(repos.data[0].description.as_deref(), Some(tricky(2).as_str()));
    assert_eq!(archs.data[0].definition["q"], tricky(2));
    assert_eq!(
        audits.data[0].actor,
        tricky(0),
        "audit is newest first; the oldest is last"
    );

    let past = conversations::list(&mut conn, &empty, ConversationSort::Title, false, three)
        .await
        .unwrap();
    assert!(past.data.is_empty());
    assert_eq!(past.meta.total_count, 3);
    // A search for the SQL fragment matches it literally.
    let found = ConversationFilter {
        workspace_id: Some(ws),
        search: Some("'; DROP TABLE".into()),
        ..Default::default()
    };
    assert_eq!(
        conversations::list(
            &mut conn,
            &found,
            ConversationSort::Title,
            false,
            PageRequest::default()
        )
        .await
        .unwrap()
        .meta
        .total_count,
        3
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM users").await, 1);
}
