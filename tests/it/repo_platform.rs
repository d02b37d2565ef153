//! Workspaces, conversations and messages, artifacts and versions, and the
//! activity feed, against the real PostgreSQL.

use crate::support::TestDb;
use platformctl::Error;
use platformctl::model::artifact::{ArtifactType, NewArtifact};
use platformctl::model::chat::{MessageRole, NewMessage};
use platformctl::model::workspace::{MemberRole, NewWorkspace, WorkspaceChanges};
use platformctl::model::{NewUser, User};
use platformctl::repo::{activities, artifacts, conversations, users, workspaces};
use sqlx::postgres::PgConnection;
use uuid::Uuid;

async fn user(conn: &mut PgConnection, email: &str) -> User {
    users::create(conn, &NewUser::new(email, email)).await.unwrap()
}

fn workspace(slug: &str, owner: Uuid) -> NewWorkspace {
    NewWorkspace {
        slug: slug.to_owned(),
        name: format!("Workspace {slug}"),
        description: None,
        owner_id: owner,
        organization_id: None,
        github_repo_url: Some(format!("https://github.com/acme/{slug}")),
    }
}

#[tokio::test]
async fn a_workspace_comes_with_its_owner_settings_and_config() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let owner = user(&mut conn, "owner@example.com").await;
    let w = workspaces::create(&mut conn, &workspace("alpha", owner.id))
        .await
        .unwrap();

    let members = workspaces::members(&mut conn, w.id).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(
        (members[0].user_id, members[0].role),
        (owner.id, MemberRole::Owner)
    );
    let settings = workspaces::settings(&mut conn, w.id).await.unwrap();
    assert_eq!(
        (settings.chat_retention_days, settings.default_branch.as_str()),
        (None, "main")
    );
    assert_eq!(db.scalar_i64("SELECT count(*) FROM workspace_configs").await, 1);

    let renamed = workspaces::update(
        &mut conn,
        w.id,
        w.version,
        &WorkspaceChanges {
            name: Some("Alpha".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.version), ("Alpha", 2));
    let stale = workspaces::update(&mut conn, w.id, w.version, &WorkspaceChanges::default()).await;
    assert!(matches!(stale, Err(Error::StaleVersion { .. })));

    // Settings are guarded by their own version.
    let set = workspaces::set_retention(&mut conn, w.id, settings.version, Some(30), Some(5))
        .await
        .unwrap();
    assert_eq!(set.chat_retention_days, Some(30));
    let stale = workspaces::set_retention(&mut conn, w.id, settings.version, Some(1), None).await;
    assert!(matches!(stale, Err(Error::StaleVersion { .. })));
    let invalid = workspaces::set_retention(&mut conn, w.id, set.version, Some(0), None).await;
    assert!(matches!(invalid, Err(Error::InvalidValue { .. })), "{invalid:?}");
}

#[tokio::test]
async fn slugs_are_unique_among_live_workspaces_and_typed_errors_name_constraints() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let owner = user(&mut conn, "o@example.com").await;
    let w = workspaces::create(&mut conn, &workspace("beta", owner.id))
        .await
        .unwrap();
    match workspaces::create(&mut conn, &workspace("beta", owner.id)).await {
        Err(Error::Conflict { constraint, .. }) => assert_eq!(constraint, "workspaces_slug_live_key"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    match workspaces::create(&mut conn, &workspace("gamma", Uuid::now_v7())).await {
        Err(Error::InvalidReference { constraint, .. }) => assert_eq!(constraint, "workspaces_owner_id_fkey"),
        other => panic!("expected an invalid reference, got {other:?}"),
    }
    let bad_slug = NewWorkspace {
        github_repo_url: None,
        ..workspace("Not A Slug", owner.id)
    };
    match workspaces::create(&mut conn, &bad_slug).await {
        Err(Error::InvalidValue { constraint, .. }) => {
            assert_eq!(constraint.as_deref(), Some("workspaces_slug_check"))
        }
        other => panic!("expected an invalid value, got {other:?}"),
    }

    // Deleting hides it and frees the slug; restoring then conflicts.
    workspaces::soft_delete(&mut conn, w.id, w.version).await.unwrap();
    assert!(matches!(
        workspaces::get(&mut conn, w.id).await,
        Err(Error::NotFound { .. })
    ));
    assert!(
        workspaces::find_by_slug(&mut conn, "beta")
            .await
            .unwrap()
            .is_none()
    );
    workspaces::create(&mut conn, &workspace("beta", owner.id))
        .await
        .unwrap();
    assert!(matches!(
        workspaces::restore(&mut conn, w.id).await,
        Err(Error::Conflict { .. })
    ));

    // An owner cannot be erased while owning workspaces (ON DELETE RESTRICT).
    let erase = sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(owner.id)
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert!(matches!(
        platformctl::repo::classify("user", erase),
        Error::InvalidReference { .. }
    ));
}

#[tokio::test]
async fn members_join_change_role_and_leave_but_the_owner_stays() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let owner = user(&mut conn, "owner@example.com").await;
    let bob = user(&mut conn, "bob@example.com").await;
    let w = workspaces::create(&mut conn, &workspace("team", owner.id))
        .await
        .unwrap();

    workspaces::put_member(&mut conn, w.id, bob.id, MemberRole::Viewer, Some(owner.id))
        .await
        .unwrap();
    let promoted = workspaces::put_member(&mut conn, w.id, bob.id, MemberRole::Admin, None)
        .await
        .unwrap();
    assert_eq!(promoted.role, MemberRole::Admin);
    assert_eq!(workspaces::members(&mut conn, w.id).await.unwrap().len(), 2);

    let bobs = workspaces::list_for_member(&mut conn, bob.id, None, 10)
        .await
        .unwrap();
    assert_eq!(bobs.data.len(), 1);

    workspaces::remove_member(&mut conn, w.id, bob.id).await.unwrap();
    assert!(matches!(
        workspaces::remove_member(&mut conn, w.id, owner.id).await,
        Err(Error::NotFound { .. })
    ));
    assert_eq!(workspaces::members(&mut conn, w.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn messages_page_backwards_from_the_newest() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let owner = user(&mut conn, "chat@example.com").await;
    let w = workspaces::create(&mut conn, &workspace("chat", owner.id))
        .await
        .unwrap();
    let c = conversations::create(&mut conn, w.id, "Planning", Some(owner.id), None)
        .await
        .unwrap();
    for i in 0..12 {
        let new = NewMessage {
            conversation_id: c.id,
            role: if i % 2 == 0 {
                MessageRole::User
            } else {
                MessageRole::Assistant
            },
            author_id: (i % 2 == 0).then_some(owner.id),
            agent_id: None,
            content: format!("message {i}: it's \"quoted\"; DROP TABLE messages;"),
            metadata: serde_json::json!({"i": i}),
            token_count: Some(i),
        };
        conversations::append(&mut conn, &new).await.unwrap();
    }
    assert!(
        conversations::get(&mut conn, c.id)
            .await
            .unwrap()
            .last_message_at
            .is_some()
    );

    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = conversations::recent_messages(&mut conn, c.id, cursor, 5)
            .await
            .unwrap();
        seen.extend(page.data.iter().map(|m| m.token_count.unwrap()));
        match page.next_cursor {
            Some(next) => cursor = Some(next.parse().unwrap()),
            None => break,
        }
    }
    assert_eq!(seen, (0..12).rev().collect::<Vec<_>>(), "newest first, each once");
    let newest = conversations::recent_messages(&mut conn, c.id, None, 1)
        .await
        .unwrap();
    assert_eq!(
        newest.data[0].content,
        "message 11: it's \"quoted\"; DROP TABLE messages;"
    );

    conversations::soft_delete(&mut conn, c.id).await.unwrap();
    let refused = conversations::append(
        &mut conn,
        &NewMessage {
            conversation_id: c.id,
            role: MessageRole::User,
            author_id: None,
            agent_id: None,
            content: "late".into(),
            metadata: serde_json::json!({}),
            token_count: None,
        },
    )
    .await;
    assert!(matches!(
        refused,
        Err(Error::NotFound {
            entity: "conversation",
            ..
        })
    ));
    assert_eq!(db.scalar_i64("SELECT count(*) FROM messages").await, 12);
}

#[tokio::test]
async fn artifacts_by_type_and_guarded_versions() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let owner = user(&mut conn, "docs@example.com").await;
    let w = workspaces::create(&mut conn, &workspace("docs", owner.id))
        .await
        .unwrap();
    let new = |name: &str, t: ArtifactType, path: &str| NewArtifact {
        workspace_id: w.id,
        name: name.to_owned(),
        artifact_type: t,
        file_path: Some(path.to_owned()),
        created_by: Some(owner.id),
    };
    let prd = artifacts::create(&mut conn, &new("PRD", ArtifactType::Prd, "docs/prd.md"))
        .await
        .unwrap();
    artifacts::create(
        &mut conn,
        &new("Stories", ArtifactType::UserStory, "docs/stories.md"),
    )
    .await
    .unwrap();
    artifacts::create(&mut conn, &new("PRD 2", ArtifactType::Prd, "docs/prd2.md"))
        .await
        .unwrap();

    let prds = artifacts::list_by_type(&mut conn, w.id, ArtifactType::Prd, None, 10)
        .await
        .unwrap();
    assert_eq!(prds.data.len(), 2);
    assert!(prds.data.iter().all(|a| a.artifact_type == ArtifactType::Prd));

    let v1 = artifacts::add_version(
        &mut conn,
        prd.id,
        prd.version,
        "# PRD v1",
        Some("first"),
        Some(owner.id),
    )
    .await
    .unwrap();
    assert_eq!(v1.version_number, 1);
    let after = artifacts::get(&mut conn, prd.id).await.unwrap();
    assert_eq!(after.current_version, 1);
    // A second writer who read the artifact before v1 is refused.
    let stale = artifacts::add_version(&mut conn, prd.id, prd.version, "# other", None, None).await;
    assert!(matches!(stale, Err(Error::StaleVersion { .. })), "{stale:?}");
    let v2 = artifacts::add_version(&mut conn, prd.id, after.version, "# PRD v2", None, None)
        .await
        .unwrap();
    assert_eq!(v2.version_number, 2);

    for path in ["/etc/passwd", "docs/../../secret"] {
        let bad = artifacts::create(&mut conn, &new("Bad", ArtifactType::Other, path)).await;
        assert!(matches!(bad, Err(Error::InvalidValue { .. })), "{path}: {bad:?}");
    }
    let dup = artifacts::create(&mut conn, &new("Again", ArtifactType::Prd, "docs/prd.md")).await;
    assert!(matches!(dup, Err(Error::Conflict { .. })));
}

#[tokio::test]
async fn the_activity_feed_is_newest_first() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let u = user(&mut conn, "dev@example.com").await;
    let base = time::OffsetDateTime::now_utc() - time::Duration::days(10);
    for day in [3, 1, 7, 5] {
        activities::record(
            &mut conn,
            u.id,
            None,
            "push",
            base + time::Duration::days(day),
            &serde_json::json!({"day": day}),
        )
        .await
        .unwrap();
    }
    let first = activities::feed(&mut conn, u.id, None, 3).await.unwrap();
    let days: Vec<i64> = first
        .data
        .iter()
        .map(|a| a.data["day"].as_i64().unwrap())
        .collect();
    assert_eq!(days, [7, 5, 3]);
    let rest = activities::feed(
        &mut conn,
        u.id,
        Some(first.next_cursor.unwrap().parse().unwrap()),
        3,
    )
    .await
    .unwrap();
    assert_eq!(rest.data.len(), 1);
    assert!(rest.next_cursor.is_none());

    let bad = activities::record(&mut conn, u.id, None, "teleport", base, &serde_json::json!({})).await;
    assert!(matches!(bad, Err(Error::InvalidValue { .. })));
}

#[tokio::test]
async fn profiles_and_workspace_configs() {
    use platformctl::model::user::Profile;
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let owner = user(&mut conn, "p@example.com").await;
    assert_eq!(
        users::profile(&mut conn, owner.id).await.unwrap(),
        Profile::default()
    );
    let saved = users::save_profile(
        &mut conn,
        owner.id,
        &Profile {
            bio: Some("Builds things; says \"hi\"".into()),
            timezone: Some("Europe/Paris".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(users::profile(&mut conn, owner.id).await.unwrap(), saved);
    let too_long = Profile {
        bio: Some("x".repeat(5001)),
        ..Default::default()
    };
    assert!(matches!(
        users::save_profile(&mut conn, owner.id, &too_long).await,
        Err(Error::InvalidValue { .. })
    ));

    let w = workspaces::create(&mut conn, &workspace("cfg", owner.id))
        .await
        .unwrap();
    let (config, version) = workspaces::config(&mut conn, w.id).await.unwrap();
    assert_eq!(config, serde_json::json!({}));
    let next = workspaces::put_config(&mut conn, w.id, version, &serde_json::json!({"model": "large"}))
        .await
        .unwrap();
    assert_eq!(next, version + 1);
    let stale = workspaces::put_config(&mut conn, w.id, version, &serde_json::json!({})).await;
    assert!(matches!(stale, Err(Error::StaleVersion { .. })));
    let not_object = workspaces::put_config(&mut conn, w.id, next, &serde_json::json!([1, 2])).await;
    assert!(
        matches!(not_object, Err(Error::InvalidValue { .. })),
        "{not_object:?}"
    );
}

#[tokio::test]
async fn workflows_of_ordered_phases_and_their_agents() {
    use platformctl::model::workflow::{AgentKind, PhaseStatus};
    use platformctl::repo::workflows;
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let owner = user(&mut conn, "flow@example.com").await;
    let w = workspaces::create(&mut conn, &workspace("flow", owner.id))
        .await
        .unwrap();
    let analyst = workflows::create_agent(&mut conn, w.id, "Mary", AgentKind::Analyst, Some("large"), None)
        .await
        .unwrap();
    assert!(matches!(
        workflows::create_agent(&mut conn, w.id, "Mary", AgentKind::Qa, None, None).await,
        Err(Error::Conflict { .. })
    ));
    let off = workflows::update_agent(&mut conn, analyst.id, analyst.version, Some(false), None)
        .await
        .unwrap();
    assert!(!off.enabled);
    assert!(matches!(
        workflows::update_agent(&mut conn, analyst.id, analyst.version, Some(true), None).await,
        Err(Error::StaleVersion { .. })
    ));
    assert!(matches!(
        workflows::update_agent(&mut conn, Uuid::now_v7(), 1, None, None).await,
        Err(Error::NotFound { .. })
    ));

    let flow = workflows::create_workflow(&mut conn, w.id, "Greenfield", None, Some(owner.id))
        .await
        .unwrap();
    let brief = workflows::add_phase(&mut conn, flow.id, "Brief", Some(analyst.id))
        .await
        .unwrap();
    let prd = workflows::add_phase(&mut conn, flow.id, "PRD", None)
        .await
        .unwrap();
    let arch = workflows::add_phase(&mut conn, flow.id, "Architecture", None)
        .await
        .unwrap();
    assert_eq!((brief.position, prd.position, arch.position), (0, 1, 2));

    // Swapping positions in one statement works thanks to the deferrable constraint.
    let reordered = workflows::reorder_phases(&mut conn, flow.id, &[arch.id, brief.id, prd.id])
        .await
        .unwrap();
    let names: Vec<&str> = reordered.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Architecture", "Brief", "PRD"]);
    let incomplete = workflows::reorder_phases(&mut conn, flow.id, &[arch.id, brief.id]).await;
    assert!(
        matches!(incomplete, Err(Error::InvalidValue { .. })),
        "{incomplete:?}"
    );

    let brief = &reordered[1];
    let started = workflows::set_phase_status(&mut conn, brief.id, brief.version, PhaseStatus::InProgress)
        .await
        .unwrap();
    assert!(started.started_at.is_some() && started.completed_at.is_none());
    let done = workflows::set_phase_status(&mut conn, brief.id, started.version, PhaseStatus::Completed)
        .await
        .unwrap();
    assert!(done.completed_at.unwrap() >= done.started_at.unwrap());

    let active = workflows::set_workflow_status(&mut conn, flow.id, flow.version, "active")
        .await
        .unwrap();
    assert_eq!(active.status, "active");
    assert!(matches!(
        workflows::set_workflow_status(&mut conn, flow.id, active.version, "finished").await,
        Err(Error::InvalidValue { .. })
    ));

    // Deleting the agent keeps the phase, without its agent.
    workflows::delete_agent(&mut conn, analyst.id).await.unwrap();
    let kept = workflows::phases(&mut conn, flow.id).await.unwrap();
    assert_eq!(kept.len(), 3);
    assert!(kept.iter().all(|p| p.agent_id.is_none()));
    workflows::delete_workflow(&mut conn, flow.id).await.unwrap();
    assert!(workflows::phases(&mut conn, flow.id).await.unwrap().is_empty());
    assert_eq!(workflows::workflows(&mut conn, w.id).await.unwrap().len(), 0);
}
