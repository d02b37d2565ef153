//! `/api/v1/architectures` end to end on the development seed set: create,
//! read with an ETag, change with If-Match (412 when stale), propose a
//! change, delete; another workspace's architecture is a 404; each write
//! has its audit row.

use crate::serve::{Answer, Server, request};
use crate::support::{RedisServer, TestDb};

struct Seeded {
    db: TestDb,
    _redis: RedisServer,
    server: Server,
}

async fn seeded() -> Seeded {
    let (db, redis, server) = crate::serve::seeded().await;
    Seeded {
        db,
        _redis: redis,
        server,
    }
}

impl Seeded {
    fn token(&self, email: &str, password: &str) -> String {
        crate::serve::sign_in(&self.server, email, password)
    }

    fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        extra: &[(&str, &str)],
        body: Option<&str>,
    ) -> Answer {
        let auth = format!("Bearer {token}");
        let mut headers = vec![
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ];
        headers.extend_from_slice(extra);
        request(method, &format!("{}{path}", self.server.public), &headers, body).unwrap()
    }

    async fn workspace(&self, slug: &str) -> uuid::Uuid {
        sqlx::query_scalar("SELECT id FROM workspaces WHERE slug = $1")
            .bind(slug)
            .fetch_one(&mut self.db.connect().await)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn members_create_change_and_delete_architectures_with_if_match() {
    let s = seeded().await;
    let maya = s.token("maya.okafor@northwind.example", "maya-sample-passphrase-2026");
    let lucas = s.token("lucas.bernard@northwind.example", "lucas-sample-passphrase-2026");
    let ledger = s.workspace("ledger-modernisation").await;
    let console = s.workspace("console-exports").await;

    let body = serde_json::json!({ "workspace_id": ledger, "name": "Event log", "definition": {"services": ["ledger"]} }).to_string();
    let created = s.call("POST", "/api/v1/architectures", &maya, &[], Some(&body));
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/architectures/{id}");
    assert_eq!(created.header("location"), Some(path.as_str()));
    let etag = created.header("etag").unwrap().to_owned();

    let read = s.call("GET", &path, &maya, &[], None);
    assert_eq!((read.status, read.header("etag")), (200, Some(etag.as_str())));
    let changed = s.call(
        "PUT",
        &path,
        &maya,
        &[("If-Match", &etag)],
        Some(r#"{"status": "active"}"#),
    );
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.json()["status"], "active");
    let stale = s.call(
        "PUT",
        &path,
        &maya,
        &[("If-Match", &etag)],
        Some(r#"{"name": "Lost"}"#),
    );
    assert_eq!(
        (stale.status, stale.json()["error"]["code"].as_str()),
        (412, Some("VERSION_MISMATCH"))
    );

    let proposed = s.call(
        "POST",
        &format!("{path}/changes"),
        &maya,
        &[],
        Some(r#"{"title": "Add projections", "diff": {"services": ["ledger", "projector"]}}"#),
    );
    assert_eq!(proposed.status, 201, "{}", proposed.body);
    let changes = s.call("GET", &format!("{path}/changes"), &maya, &[], None).json();
    assert_eq!(changes["data"].as_array().unwrap().len(), 1);

    let listed = s.call("GET", "/api/v1/architectures", &maya, &[], None).json();
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == id.as_str()),
        "{listed}"
    );

    // Lucas's architecture in a workspace Maya is not in: a 404 for her.
    let theirs = serde_json::json!({ "workspace_id": console, "name": "Exports" }).to_string();
    let theirs = s.call("POST", "/api/v1/architectures", &lucas, &[], Some(&theirs));
    assert_eq!(theirs.status, 201, "{}", theirs.body);
    let their_path = format!("/api/v1/architectures/{}", theirs.json()["id"].as_str().unwrap());
    for (method, body) in [
        ("GET", None),
        ("PUT", Some(r#"{"name": "Mine"}"#)),
        ("DELETE", None),
    ] {
        assert_eq!(
            s.call(method, &their_path, &maya, &[], body).status,
            404,
            "{method}"
        );
    }
    let into_theirs = serde_json::json!({ "workspace_id": console, "name": "Sneaky" }).to_string();
    assert_eq!(
        s.call("POST", "/api/v1/architectures", &maya, &[], Some(&into_theirs))
            .status,
        404
    );
    let empty = serde_json::json!({ "workspace_id": ledger, "name": "  " }).to_string();
    assert_eq!(
        s.call("POST", "/api/v1/architectures", &maya, &[], Some(&empty))
            .status,
        400
    );

    assert_eq!(s.call("DELETE", &path, &maya, &[], None).status, 204);
    assert_eq!(s.call("GET", &path, &maya, &[], None).status, 404);
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_logs WHERE action LIKE 'architecture.%' AND entity_id = $1 AND outcome = 'success' ORDER BY occurred_at",
    )
    .bind(&id)
    .fetch_all(&mut s.db.connect().await)
    .await
    .unwrap();
    assert_eq!(
        audited,
        [
            "architecture.create",
            "architecture.update",
            "architecture.change_proposed",
            "architecture.delete"
        ]
    );
}
