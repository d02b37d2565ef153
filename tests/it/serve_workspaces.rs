//! The workspace routes end to end on the development seed set: a member
//! sees their workspaces and what is in them; a workspace they are not a
//! member of is a 404 exactly like one that does not exist; messages page
//! newest first by cursor; a member posts a message.

use crate::serve::{Answer, Server, request, seeded, sign_in as token};

fn call(server: &Server, method: &str, path: &str, token: &str, body: Option<&str>) -> Answer {
    let auth = format!("Bearer {token}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    request(method, &format!("{}{path}", server.public), &headers, body).unwrap()
}

#[tokio::test]
async fn members_see_their_workspaces_and_others_get_a_404() {
    let (db, _redis, server) = seeded().await;
    let maya = token(
        &server,
        "maya.okafor@northwind.example",
        "maya-sample-passphrase-2026",
    );
    let ids: Vec<(String, uuid::Uuid)> = sqlx::query_as("SELECT slug, id FROM workspaces")
        .fetch_all(&mut db.connect().await)
        .await
        .unwrap();
    let id_of = |slug: &str| ids.iter().find(|(s, _)| s == slug).unwrap().1;
    let (ledger, console) = (id_of("ledger-modernisation"), id_of("console-exports"));

    let mine = call(&server, "GET", "/api/v1/workspaces", &maya, None);
    assert_eq!(mine.status, 200, "{}", mine.body);
    let slugs: Vec<String> = mine.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["slug"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(slugs, ["ledger-modernisation"]);

    let workspace = call(
        &server,
        "GET",
        &format!("/api/v1/workspaces/{ledger}"),
        &maya,
        None,
    );
    assert_eq!(workspace.status, 200, "{}", workspace.body);
    let workspace = workspace.json();
    assert_eq!(workspace["role"], "owner");
    assert!(
        workspace["settings"].is_object() && workspace["config"].is_object(),
        "{workspace}"
    );

    let other = call(
        &server,
        "GET",
        &format!("/api/v1/workspaces/{console}"),
        &maya,
        None,
    );
    let missing = call(
        &server,
        "GET",
        &format!("/api/v1/workspaces/{}", uuid::Uuid::now_v7()),
        &maya,
        None,
    );
    for answer in [&other, &missing] {
        assert_eq!(answer.status, 404, "{}", answer.body);
        assert_eq!(answer.json()["error"]["code"], "WORKSPACE_NOT_FOUND");
    }
    for path in ["members", "conversations", "artifacts"] {
        assert_eq!(
            call(
                &server,
                "GET",
                &format!("/api/v1/workspaces/{console}/{path}"),
                &maya,
                None
            )
            .status,
            404
        );
        assert_eq!(
            call(
                &server,
                "GET",
                &format!("/api/v1/workspaces/{ledger}/{path}"),
                &maya,
                None
            )
            .status,
            200
        );
    }
    let prds = call(
        &server,
        "GET",
        &format!("/api/v1/workspaces/{ledger}/artifacts?type=prd"),
        &maya,
        None,
    );
    assert_eq!(prds.status, 200, "{}", prds.body);
    assert!(prds.json()["meta"].get("next_cursor").is_some());
    let bad_type = call(
        &server,
        "GET",
        &format!("/api/v1/workspaces/{ledger}/artifacts?type=poem"),
        &maya,
        None,
    );
    assert_eq!(bad_type.status, 400);
}

#[tokio::test]
async fn messages_page_newest_first_and_a_member_posts_one() {
    let (db, _redis, server) = seeded().await;
    let maya = token(
        &server,
        "maya.okafor@northwind.example",
        "maya-sample-passphrase-2026",
    );
    let conversation: uuid::Uuid = sqlx::query_scalar(
        "SELECT c.id FROM conversations c JOIN workspaces w ON w.id = c.workspace_id
         WHERE w.slug = 'ledger-modernisation' ORDER BY (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) DESC LIMIT 1",
    )
    .fetch_one(&mut db.connect().await)
    .await
    .unwrap();
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let first = call(&server, "GET", &format!("{path}?limit=1"), &maya, None).json();
    let cursor = first["meta"]["next_cursor"]
        .as_str()
        .expect("more than one message")
        .to_owned();
    let second = call(
        &server,
        "GET",
        &format!("{path}?limit=1&before={cursor}"),
        &maya,
        None,
    )
    .json();
    let at = |page: &serde_json::Value| page["data"][0]["created_at"].as_str().unwrap().to_owned();
    assert!(at(&first) >= at(&second), "newest first");
    assert_ne!(first["data"][0]["id"], second["data"][0]["id"]);
    let bad = call(&server, "GET", &format!("{path}?before=garbage"), &maya, None);
    assert_eq!(
        (bad.status, bad.json()["error"]["code"].as_str()),
        (400, Some("INVALID_CURSOR"))
    );
    assert_eq!(
        call(&server, "GET", &format!("{path}?limit=500"), &maya, None).status,
        400
    );

    let posted = call(
        &server,
        "POST",
        &path,
        &maya,
        Some(r#"{"content": "Ship the projection behind a flag."}"#),
    );
    assert_eq!(posted.status, 201, "{}", posted.body);
    let newest = call(&server, "GET", &format!("{path}?limit=1"), &maya, None).json();
    assert_eq!(newest["data"][0]["content"], "Ship the projection behind a flag.");
    let empty = call(&server, "POST", &path, &maya, Some(r#"{"content": "   "}"#));
    assert_eq!(
        (
            empty.status,
            empty.json()["error"]["details"]["content"].is_array()
        ),
        (400, true)
    );
    let unknown = call(
        &server,
        "GET",
        &format!("/api/v1/conversations/{}/messages", uuid::Uuid::now_v7()),
        &maya,
        None,
    );
    assert_eq!(unknown.status, 404);
    // Another workspace's conversation is a 404 as well; an empty one of
    // hers is an empty page.
    let mut conn = db.connect().await;
    let foreign: Option<uuid::Uuid> = sqlx::query_scalar(
        "SELECT c.id FROM conversations c
         WHERE c.workspace_id NOT IN (
             SELECT m.workspace_id FROM workspace_members m JOIN users u ON u.id = m.user_id
             WHERE u.email = 'maya.okafor@northwind.example')
         LIMIT 1",
    )
    .fetch_optional(&mut conn)
    .await
    .unwrap();
    let foreign = foreign.expect("the seed has a conversation maya may not read");
    let refused = call(
        &server,
        "GET",
        &format!("/api/v1/conversations/{foreign}/messages"),
        &maya,
        None,
    );
    assert_eq!((refused.status, refused.body.contains("not found")), (404, true));
    let empty: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO conversations (id, workspace_id, title, created_by)
         SELECT gen_random_uuid(), c.workspace_id, 'empty', c.created_by FROM conversations c WHERE c.id = $1
         RETURNING id",
    )
    .bind(conversation)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let page = call(
        &server,
        "GET",
        &format!("/api/v1/conversations/{empty}/messages"),
        &maya,
        None,
    );
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.json()["data"], serde_json::json!([]));
    assert!(page.json()["meta"]["next_cursor"].is_null());
    assert_eq!(
        call(
            &server,
            "GET",
            &format!("/api/v1/artifacts/{}", uuid::Uuid::now_v7()),
            &maya,
            None
        )
        .status,
        404
    );
}
