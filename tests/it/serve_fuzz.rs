//! Every route of the public listener, fed what clients get wrong:
//! malformed JSON, wrong types, huge values, unknown fields, bad uuids,
//! bad query values, no token. No answer is a 5xx; each refusal is a 4xx
//! with the documented error body; none carries a driver's or the
//! server's text.

use crate::serve::{Server, request};
use crate::support::{MASTER_KEY, RedisServer, TestDb};

/// (method, path with `{id}` for an id) of every public route that reads
/// what the client sends (logout reads nothing, and would end the session
/// the run uses: its own tests cover it).
pub(crate) const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/refresh"),
    ("GET", "/api/v1/auth/me"),
    ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"),
    ("GET", "/api/v1/users/{id}"),
    ("PUT", "/api/v1/users/{id}"),
    ("DELETE", "/api/v1/users/{id}"),
    ("GET", "/api/v1/workspaces"),
    ("GET", "/api/v1/workspaces/{id}"),
    ("GET", "/api/v1/workspaces/{id}/members"),
    ("GET", "/api/v1/workspaces/{id}/conversations"),
    ("GET", "/api/v1/workspaces/{id}/artifacts"),
    ("GET", "/api/v1/conversations/{id}/messages"),
    ("POST", "/api/v1/conversations/{id}/messages"),
    ("GET", "/api/v1/artifacts/{id}"),
    ("GET", "/api/v1/architectures"),
    ("POST", "/api/v1/architectures"),
    ("GET", "/api/v1/architectures/{id}"),
    ("PUT", "/api/v1/architectures/{id}"),
    ("DELETE", "/api/v1/architectures/{id}"),
    ("GET", "/api/v1/architectures/{id}/changes"),
    ("POST", "/api/v1/architectures/{id}/changes"),
];

fn ids() -> Vec<String> {
    let huge = "9".repeat(5000);
    vec![
        "not-a-uuid".into(),
        "00000000-0000-0000-0000-00000000000g".into(),
        "%00".into(),
        huge,
        "-1".into(),
        uuid::Uuid::now_v7().to_string(),
    ]
}

fn bodies() -> Vec<String> {
    vec![
        "{".into(),
        "[]".into(),
        "null".into(),
        "\"text\"".into(),
        r#"{"username": 1, "password": [], "refresh_token": {}, "email": false, "name": 7, "content": 3}"#
            .into(),
        r#"{"unknown": "field", "also": 1}"#.into(),
        format!(
            r#"{{"username": "{}", "password": "x", "email": "x", "name": "y", "content": "z"}}"#,
            "a".repeat(3000)
        ),
        r#"{"email": "a@b.c", "name": "n", "role": "superuser"}"#.into(),
        r#"{"content": "\u0000"}"#.into(),
        "\u{feff}{}".into(),
    ]
}

fn queries() -> Vec<&'static str> {
    vec![
        "?page=-1",
        "?page_size=100000",
        "?before=%%%",
        "?limit=abc",
        "?type=x",
        "?sort_by=1&order=up",
        "?page=99999999999",
    ]
}

#[tokio::test]
async fn no_malformed_request_gets_a_500_or_anything_but_the_error_body() {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    db.bin()
        .env("PLATFORMCTL_MASTER_KEY", MASTER_KEY)
        .env("REDIS_URL", redis.url())
        .args([
            "user",
            "create",
            "--email",
            "admin@example.com",
            "--name",
            "Admin",
            "--role",
            "admin",
            "--password-stdin",
        ])
        .stdin("correct horse battery staple\n")
        .run()
        .expect_code(0);
    db.bin()
        .env("PLATFORMCTL_MASTER_KEY", MASTER_KEY)
        .args(["keys", "generate"])
        .run()
        .expect_code(0);
    let server = Server::start(
        &db,
        &[
            ("PLATFORMCTL_MASTER_KEY", MASTER_KEY),
            ("REDIS_URL", &redis.url()),
        ],
    );
    let login = request(
        "POST",
        &format!("{}/api/v1/auth/token", server.public),
        &[("Content-Type", "application/json")],
        Some(r#"{"username": "admin@example.com", "password": "correct horse battery staple"}"#),
    )
    .unwrap();
    let token = login.json()["access_token"].as_str().unwrap().to_owned();
    let auth = format!("Bearer {token}");

    let mut tried = 0;
    let mut succeeded = std::collections::BTreeSet::new();
    for (method, route) in ROUTES {
        for id in ids() {
            let path = route.replace("{id}", &id);
            for query in queries() {
                for body in bodies() {
                    for authorized in [true, false] {
                        let mut headers = vec![("Content-Type", "application/json")];
                        if authorized {
                            headers.push(("Authorization", auth.as_str()));
                        }
                        let url = format!("{}{path}{query}", server.public);
                        let Some(answer) = request(
                            method,
                            &url,
                            &headers,
                            Some(&body)
                                .filter(|_| *method != "GET" && *method != "DELETE")
                                .map(|b| b.as_str()),
                        ) else {
                            panic!("{method} {url}: no answer");
                        };
                        tried += 1;
                        let context = format!(
                            "{method} {url} with {body:.80}: {} {:.300}",
                            answer.status, answer.body
                        );
                        assert!(answer.status < 500, "{context}");
                        if answer.status < 400 {
                            succeeded.insert(format!("{method} {route}"));
                        } else {
                            let error = answer.json()["error"].clone();
                            assert!(
                                error["code"].is_string() && error["request_id"].is_string(),
                                "{context}"
                            );
                        }
                        for leak in [
                            "sqlx",
                            "SQLSTATE",
                            "duplicate key",
                            "violates",
                            "syntax error at",
                            "panicked",
                        ] {
                            assert!(!answer.body.contains(leak), "{context}");
                        }
                    }
                }
                if route.contains("{id}") || *method != "GET" {
                    // Queries matter to the lists only; keep the run short.
                    break;
                }
            }
        }
    }
    assert!(tried > 1000, "{tried} requests");
    // Only a read that has nothing to take from the request may succeed:
    // `/me` ignores a stray query.
    assert_eq!(succeeded.into_iter().collect::<Vec<_>>(), ["GET /api/v1/auth/me"]);
}
