//! Issuing, verifying and revoking tokens under load: tokens issued per
//! second (each signed and recorded in its own transaction) and
//! verifications per second including the revocation check, with a tenth of
//! the tokens revoked, first with the denylist cold (each check reads
//! PostgreSQL once) and then warm (Redis answers). Concurrent workers, each
//! with its own connection, as a service's request handlers would be.
//!
//! Run with `cargo bench --bench tokens` (BENCH_TOKENS and BENCH_WORKERS
//! change the load).

#[path = "../tests/it/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use platformctl::auth::jwt::{self, IssueRequest, Rejection, Revocation};
use platformctl::auth::keys;
use platformctl::cache::Cache;
use platformctl::cache::client::Endpoint;
use platformctl::config::{AuthSettings, CacheSettings};
use platformctl::crypto::Keyring;
use platformctl::model::auth::TokenKind;
use sqlx::Connection;
use support::{RedisServer, TestDb};
use uuid::Uuid;

#[tokio::main]
async fn main() {
    let tokens = support::env_number("BENCH_TOKENS", 20_000usize);
    let workers = support::env_number("BENCH_WORKERS", 8usize);
    println!("tokens: {tokens} issued and verified by {workers} concurrent workers");
    let db = Arc::new(TestDb::migrated().await);
    let redis = RedisServer::start();
    let cache = Arc::new(
        Cache::with_endpoint(
            Endpoint {
                urls: vec![redis.url()],
                response_timeout: Duration::from_millis(500),
                connect_timeout: Duration::from_secs(5),
                ca_file: None,
            },
            false,
            CacheSettings::default(),
        )
        .await
        .unwrap(),
    );
    let keyring = Arc::new(Keyring::from_keys(&[9; 32], &[]));
    let settings = Arc::new(AuthSettings::default());
    let mut conn = db.connect().await;
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, display_name) VALUES ('load@example.com', 'Load') RETURNING id",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    keys::generate(&mut conn, &keyring).await.unwrap();

    // Issue.
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..workers {
        let (db, keyring, settings) = (db.clone(), keyring.clone(), settings.clone());
        let share = tokens / workers + usize::from(w < tokens % workers);
        tasks.spawn(async move {
            let mut conn = db.connect().await;
            let mut issued = Vec::with_capacity(share);
            for _ in 0..share {
                let mut tx = conn.begin().await.unwrap();
                let token = jwt::issue(
                    &mut tx,
                    &keyring,
                    &settings,
                    &IssueRequest {
                        user_id: user,
                        kind: TokenKind::Access,
                        ttl: None,
                        audience: None,
                        scopes: vec!["chat:write".into()],
                        session_id: None,
                        issued_by: "bench".into(),
                        rotated_from: None,
                    },
                )
                .await
                .unwrap();
                tx.commit().await.unwrap();
                issued.push(token);
            }
            issued
        });
    }
    let mut issued = Vec::with_capacity(tokens);
    while let Some(done) = tasks.join_next().await {
        issued.extend(done.unwrap());
    }
    let issue_seconds = started.elapsed().as_secs_f64();

    // Revoke a tenth, as `token revoke` does: PostgreSQL, then the denylist.
    let started = Instant::now();
    let revoked_count = tokens / 10;
    for token in &issued[..revoked_count] {
        let mut tx = conn.begin().await.unwrap();
        let revoked = jwt::revoke(&mut tx, &Revocation::Token(token.jti), "bench", None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        jwt::deny(&cache, None, &revoked).await;
    }
    let revoke_seconds = started.elapsed().as_secs_f64();

    let tokens_arc = Arc::new(issued.iter().map(|t| t.token.clone()).collect::<Vec<_>>());
    let mut rounds = Vec::new();
    for round in ["cold denylist", "warm denylist"] {
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for w in 0..workers {
            let (db, cache, settings, all) =
                (db.clone(), cache.clone(), settings.clone(), tokens_arc.clone());
            tasks.spawn(async move {
                let mut conn = db.connect().await;
                let mut rejected = 0usize;
                for token in all.iter().skip(w).step_by(workers) {
                    match jwt::verify(&mut conn, &cache, &settings, token).await.unwrap() {
                        Ok(_) => {}
                        Err(Rejection::Revoked) => rejected += 1,
                        Err(other) => panic!("unexpected rejection: {other}"),
                    }
                }
                rejected
            });
        }
        let mut rejected = 0;
        while let Some(done) = tasks.join_next().await {
            rejected += done.unwrap();
        }
        assert_eq!(
            rejected, revoked_count,
            "every revoked token, and only those, refused"
        );
        rounds.push((round, started.elapsed().as_secs_f64()));
    }

    println!(
        "issue:  {:.0} tokens/s ({tokens} in {issue_seconds:.2} s; signed, recorded, committed)",
        tokens as f64 / issue_seconds
    );
    println!(
        "revoke: {:.0} tokens/s ({revoked_count} in {revoke_seconds:.2} s; PostgreSQL, then Redis)",
        revoked_count as f64 / revoke_seconds
    );
    for (round, seconds) in rounds {
        println!(
            "verify ({round}): {:.0} verifications/s ({tokens} in {seconds:.2} s, signature + claims + revocation)",
            tokens as f64 / seconds
        );
    }
}
