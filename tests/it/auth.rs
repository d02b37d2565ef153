//! The auth library as services use it: refresh-token rotation and reuse
//! detection.

use std::time::Duration;

use crate::support::{RedisServer, TestDb};
use platformctl::auth::jwt::{self, IssueRequest, Refreshed, Rejection};
use platformctl::auth::keys;
use platformctl::cache::Cache;
use platformctl::cache::client::Endpoint;
use platformctl::config::{AuthSettings, CacheSettings};
use platformctl::crypto::Keyring;
use platformctl::model::auth::TokenKind;
use sqlx::Connection;
use uuid::Uuid;

async fn cache(redis: &RedisServer) -> Cache {
    let endpoint = Endpoint {
        urls: vec![redis.url()],
        response_timeout: Duration::from_millis(500),
        connect_timeout: Duration::from_secs(5),
        ca_file: None,
    };
    Cache::with_endpoint(endpoint, false, CacheSettings::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn refresh_tokens_rotate_on_use_and_a_replay_revokes_the_whole_family() {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    let cache = cache(&redis).await;
    let keyring = Keyring::from_keys(&[7; 32], &[]);
    let settings = AuthSettings::default();
    let mut conn = db.connect().await;
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, display_name) VALUES ('rita@example.com', 'Rita') RETURNING id",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    keys::generate(&mut conn, &keyring).await.unwrap();
    let first = jwt::issue(
        &mut conn,
        &keyring,
        &settings,
        &IssueRequest {
            user_id: user,
            kind: TokenKind::Refresh,
            ttl: None,
            audience: None,
            scopes: vec!["chat:write".into()],
            session_id: None,
            issued_by: "test".into(),
            rotated_from: None,
        },
    )
    .await
    .unwrap();

    // First use: a new pair, in the same family.
    let mut tx = conn.begin().await.unwrap();
    let Refreshed::Rotated { access, refresh } =
        jwt::refresh(&mut tx, &cache, &keyring, &settings, &first.token, "test")
            .await
            .unwrap()
            .unwrap()
    else {
        panic!("the first use rotates");
    };
    tx.commit().await.unwrap();
    assert_eq!(access.kind, TokenKind::Access);
    assert_eq!(refresh.kind, TokenKind::Refresh);
    let claims = jwt::verify(&mut conn, &cache, &settings, &access.token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claims.scope, "chat:write");
    let family: i64 = sqlx::query_scalar("SELECT count(DISTINCT family_id) FROM auth_tokens")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(family, 1);
    // An access token is not a refresh token.
    let mut tx = conn.begin().await.unwrap();
    assert!(matches!(
        jwt::refresh(&mut tx, &cache, &keyring, &settings, &access.token, "test")
            .await
            .unwrap(),
        Err(Rejection::Malformed(_))
    ));
    tx.rollback().await.unwrap();

    // The spent token replayed: the whole family is revoked, new pair included.
    let mut tx = conn.begin().await.unwrap();
    let Refreshed::ReuseDetected { revoked } =
        jwt::refresh(&mut tx, &cache, &keyring, &settings, &first.token, "attacker?")
            .await
            .unwrap()
            .unwrap()
    else {
        panic!("a replay is detected");
    };
    tx.commit().await.unwrap();
    jwt::deny(&cache, None, &revoked).await;
    let mut revoked: Vec<Uuid> = revoked.iter().map(|t| t.jti).collect();
    revoked.sort();
    let mut expected = vec![first.jti, access.jti, refresh.jti];
    expected.sort();
    assert_eq!(revoked, expected);
    for token in [&first.token, &access.token, &refresh.token] {
        assert_eq!(
            jwt::verify(&mut conn, &cache, &settings, token).await.unwrap(),
            Err(Rejection::Revoked)
        );
    }
    // The legitimate holder's next refresh now fails too.
    let mut tx = conn.begin().await.unwrap();
    assert_eq!(
        jwt::refresh(&mut tx, &cache, &keyring, &settings, &refresh.token, "test")
            .await
            .unwrap()
            .err(),
        Some(Rejection::Revoked)
    );
}
