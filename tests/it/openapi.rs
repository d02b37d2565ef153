//! The OpenAPI document of `serve` against the router: every route the
//! service answers is documented with its error responses, and every
//! documented operation is answered (not an unknown route).

use crate::serve::{Server, request};
use crate::support::TestDb;

/// (METHOD, path) of every operation in the document.
fn documented(document: &serde_json::Value) -> Vec<(String, String)> {
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "delete", "patch"] {
            if item.get(method).is_some() {
                operations.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations.sort();
    operations
}

#[test]
fn the_document_describes_every_route_and_its_errors() {
    let document = serde_json::to_value(platformctl::api::openapi()).unwrap();
    assert!(
        document["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        document["openapi"]
    );
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(document["components"]["schemas"]["ErrorDoc"].is_object());
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );

    let mut expected: Vec<(String, String)> = crate::serve_fuzz::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .chain([("POST".to_owned(), "/api/v1/auth/logout".to_owned())])
        .chain([("GET".to_owned(), "/.well-known/jwks.json".to_owned())])
        .collect();
    expected.sort();
    assert_eq!(documented(&document), expected);

    for (method, path) in documented(&document) {
        let operation = &document["paths"][&path][method.to_lowercase()];
        let responses = operation["responses"].as_object().unwrap();
        assert!(responses.contains_key("503"), "{method} {path} documents 503");
        let authenticated =
            !path.starts_with("/.well-known") && !path.ends_with("/token") && !path.ends_with("/refresh");
        if authenticated {
            assert!(responses.contains_key("401"), "{method} {path} documents 401");
            assert!(
                operation["security"].is_array(),
                "{method} {path} names its security"
            );
        }
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(
                    schema, "#/components/schemas/ErrorDoc",
                    "{method} {path} {status}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_served_document_is_the_code_s_and_every_operation_is_routed() {
    let db = TestDb::migrated().await;
    let server = Server::start(&db, &[]);
    let served = request(
        "GET",
        &format!("{}/api/v1/openapi.json", server.public),
        &[],
        None,
    )
    .unwrap();
    assert_eq!(served.status, 200);
    let document = served.json();
    assert_eq!(
        document,
        serde_json::to_value(platformctl::api::openapi()).unwrap()
    );
    for (method, path) in documented(&document) {
        let path = path.replace("{id}", &uuid::Uuid::now_v7().to_string());
        let body = (method != "GET" && method != "DELETE").then_some("{}");
        let answer = request(
            &method,
            &format!("{}{path}", server.public),
            &[("Content-Type", "application/json")],
            body,
        )
        .unwrap();
        assert_ne!(answer.status, 405, "{method} {path} is routed");
        if answer.status == 404 {
            let message = answer.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(
                !message.starts_with("no route"),
                "{method} {path} is routed: {message}"
            );
        }
    }
}
