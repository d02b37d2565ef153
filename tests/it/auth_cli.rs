//! `keys`, `token` and `audit list` through the binary: issuing, verifying,
//! revoking (with and without Redis), rotating keys, and tokens attacked.

use crate::support::{MASTER_KEY, Platform, Run, free_port};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use platformctl::auth::jwt::Claims;
use platformctl::auth::keys;
use platformctl::crypto::Keyring;
use platformctl::model::auth::TokenKind;

/// The platform with three users (active, disabled, deleted) and no signing
/// key yet.
async fn platform() -> Platform {
    let p = Platform::start().await;
    let mut conn = p.db.connect().await;
    sqlx::raw_sql(
        "INSERT INTO users (email, display_name) VALUES ('ann@example.com', 'Ann');
         INSERT INTO users (email, display_name, status) VALUES ('dis@example.com', 'Dis', 'disabled');
         INSERT INTO users (email, display_name, deleted_at) VALUES ('gone@example.com', 'Gone', now());",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    p
}

/// What these tests do with the platform.
trait Tokens {
    fn verify(&self, token: &str) -> Run;
    fn issue(&self, user: &str, extra: &[&str]) -> String;
    async fn sign(&self, claims: &Claims) -> String;
    async fn audit_count(&self, action: &str) -> i64;
}

impl Tokens for Platform {
    /// `token verify`, the token given on stdin.
    fn verify(&self, token: &str) -> Run {
        self.run_with(&["token", "verify", "-"], token)
    }

    fn issue(&self, user: &str, extra: &[&str]) -> String {
        let mut args = vec!["token", "issue", user];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        run.expect_code(0);
        run.stdout().trim().to_owned()
    }

    /// Signs `claims` with the active key, as only the platform can.
    async fn sign(&self, claims: &Claims) -> String {
        let bytes: [u8; 32] = STANDARD.decode(MASTER_KEY).unwrap().try_into().unwrap();
        let keyring = Keyring::from_keys(&bytes, &[]);
        let mut conn = self.db.connect().await;
        let signer = keys::signer(&mut conn, &keyring).await.unwrap();
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(signer.kid);
        jsonwebtoken::encode(&header, claims, &signer.key).unwrap()
    }

    async fn audit_count(&self, action: &str) -> i64 {
        let mut conn = self.db.connect().await;
        sqlx::query_scalar(
            "SELECT count(*) FROM audit_logs WHERE action = $1 AND actor = 'test:admin' AND outcome = 'success'",
        )
            .bind(action)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }
}

fn claims_of(token: &str) -> Claims {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn part(json: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(json).unwrap())
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn issue_needs_a_key_a_master_key_and_an_active_user() {
    let p = platform().await;
    p.run(&["token", "issue", "ann@example.com"])
        .expect_code(78)
        .stderr_has("no active signing key")
        .stderr_has("platformctl keys generate");
    let signing = |run: &Run| {
        run.json()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "signing keys")
            .cloned()
            .unwrap()
    };
    let doctor = p.run(&["doctor", "--json"]);
    doctor.expect_code(0);
    assert_eq!(signing(&doctor)["status"], "warn");
    Run(p.db.cmd().args(["keys", "generate"]).output().unwrap())
        .expect_code(78)
        .stderr_has("PLATFORMCTL_MASTER_KEY");
    p.run(&["keys", "generate"]).expect_code(0);
    let doctor = p.run(&["doctor", "--json"]);
    assert_eq!(signing(&doctor)["status"], "ok", "{}", signing(&doctor));
    // Without the master key, the key is there but cannot sign.
    let blind = Run(p
        .db
        .cmd()
        .env("REDIS_URL", p.redis.url())
        .args(["doctor", "--json"])
        .output()
        .unwrap());
    assert_eq!(signing(&blind)["status"], "warn");
    assert!(
        signing(&blind)["detail"]
            .as_str()
            .unwrap()
            .contains("PLATFORMCTL_MASTER_KEY")
    );

    p.run(&["token", "issue", "dis@example.com"])
        .expect_code(77)
        .stderr_has("disabled");
    p.run(&["token", "issue", "gone@example.com"])
        .expect_code(77)
        .stderr_has("deleted");
    p.run(&["token", "issue", "nobody@example.com"]).expect_code(67);
    p.run(&["token", "issue", "ann@example.com", "--ttl", "400d"])
        .expect_code(65)
        .stderr_has("out of range");
    p.run(&["token", "issue", "ann@example.com", "--scope", "has space"])
        .expect_code(65)
        .stderr_has("scope");
    let refused = p.db.scalar_i64("SELECT count(*) FROM auth_tokens").await;
    assert_eq!(refused, 0, "nothing recorded for refused issues");

    // JSON mode: the documented fields, and the record matches the claims.
    let run = p.run(&[
        "token",
        "issue",
        "ANN@example.com",
        "--json",
        "--scope",
        "repo:read",
        "--scope",
        "chat:write",
        "--ttl",
        "1h",
        "--audience",
        "api",
    ]);
    run.expect_code(0);
    let issued = run.json();
    let token = issued["token"].as_str().unwrap();
    let claims = claims_of(token);
    assert_eq!(claims.jti, issued["jti"].as_str().unwrap());
    assert_eq!(claims.scope, "repo:read chat:write");
    assert_eq!(claims.aud, "api");
    assert_eq!(claims.exp - claims.iat, 3600);
    assert_eq!(claims.kind, TokenKind::Access);
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["kid"], issued["kid"]);
    let recorded =
        p.db.scalar_text(
            "SELECT audience || ' ' || array_to_string(scopes, ',') || ' ' || issued_by FROM auth_tokens",
        )
        .await;
    assert_eq!(recorded, "api repo:read,chat:write test:admin");
    assert_eq!(p.audit_count("token.issue").await, 1);
    assert_eq!(p.audit_count("key.generate").await, 1);
    // Refusals and failures are in the trail too, with their reason.
    let outcomes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT action, outcome, details->>'error' FROM audit_logs WHERE outcome <> 'success' ORDER BY occurred_at",
    )
    .fetch_all(&mut p.db.connect().await)
    .await
    .unwrap();
    let summary: Vec<(&str, &str)> = outcomes
        .iter()
        .map(|(a, o, _)| (a.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("token.issue", "failure"),
            ("key.generate", "failure"),
            ("token.issue", "denied"),
            ("token.issue", "denied"),
            ("token.issue", "failure"),
            ("token.issue", "failure"),
            ("token.issue", "failure"),
        ]
    );
    assert!(outcomes[2].2.contains("disabled"), "{:?}", outcomes[2]);
}

#[tokio::test]
async fn attacked_tokens_are_rejected_with_their_reason() {
    let p = platform().await;
    p.run(&["keys", "generate"]).expect_code(0);
    let token = p.issue("ann@example.com", &[]);
    p.verify(&token).expect_code(0).stdout_has("valid access token");
    let claims = claims_of(&token);
    let [header, payload, signature]: [&str; 3] = token.split('.').collect::<Vec<_>>().try_into().unwrap();
    let header_json: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
    let kid = header_json["kid"].as_str().unwrap().to_owned();

    let truncated = &token[..token.len() - 21];
    p.verify(truncated)
        .expect_code(1)
        .stderr_has("malformed token: a part is not base64url (truncated?)");
    // A signature with one character changed decodes, and does not verify.
    let mut flipped: Vec<u8> = signature.bytes().collect();
    flipped[10] = if flipped[10] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    p.verify(&format!("{header}.{payload}.{flipped}"))
        .expect_code(1)
        .stderr_has("bad signature");
    p.verify(&format!("{header}.{payload}"))
        .expect_code(1)
        .stderr_has("malformed token");

    let mut admin = serde_json::to_value(&claims).unwrap();
    admin["role"] = "admin".into();
    p.verify(&format!("{header}.{}.{signature}", part(&admin)))
        .expect_code(1)
        .stderr_has("bad signature");

    let mut extra = header_json.clone();
    extra["typ"] = "at+jwt".into();
    p.verify(&format!("{}.{payload}.{signature}", part(&extra)))
        .expect_code(1)
        .stderr_has("bad signature");

    let none = serde_json::json!({"alg": "none", "typ": "JWT", "kid": kid});
    p.verify(&format!("{}.{payload}.", part(&none)))
        .expect_code(1)
        .stderr_has("algorithm \"none\" is not allowed");

    // HS256 keyed with the public key, as published in the JWKS.
    let jwks = p.run(&["keys", "jwks"]);
    jwks.expect_code(0);
    let jwks = jwks.json();
    let x = jwks["keys"][0]["x"].as_str().unwrap();
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some(kid.clone());
    for secret in [URL_SAFE_NO_PAD.decode(x).unwrap(), x.as_bytes().to_vec()] {
        let forged = jsonwebtoken::encode(&hs, &claims, &EncodingKey::from_secret(&secret)).unwrap();
        p.verify(&forged)
            .expect_code(1)
            .stderr_has("algorithm \"HS256\" is not allowed");
    }

    // A key we never had, under its own kid and under ours.
    let pkcs8 =
        aws_lc_rs::signature::Ed25519KeyPair::generate_pkcs8(&aws_lc_rs::rand::SystemRandom::new()).unwrap();
    let foreign = EncodingKey::from_ed_der(pkcs8.as_ref());
    let mut stranger = Header::new(Algorithm::EdDSA);
    stranger.kid = Some("stranger-key-1".into());
    p.verify(&jsonwebtoken::encode(&stranger, &claims, &foreign).unwrap())
        .expect_code(1)
        .stderr_has("unknown key \"stranger-key-1\"");
    stranger.kid = Some(kid.clone());
    p.verify(&jsonwebtoken::encode(&stranger, &claims, &foreign).unwrap())
        .expect_code(1)
        .stderr_has("bad signature");
    stranger.kid = None;
    p.verify(&jsonwebtoken::encode(&stranger, &claims, &foreign).unwrap())
        .expect_code(1)
        .stderr_has("names no key");

    // Signed by us, but wrong in what they say.
    let other_audience = p.issue("ann@example.com", &["--audience", "elsewhere"]);
    p.verify(&other_audience)
        .expect_code(1)
        .stderr_has("wrong audience");
    let wrong_issuer = p
        .sign(&Claims {
            iss: "someone-else".into(),
            ..claims.clone()
        })
        .await;
    p.verify(&wrong_issuer).expect_code(1).stderr_has("wrong issuer");
    let expired = p
        .sign(&Claims {
            exp: now() - 120,
            ..claims.clone()
        })
        .await;
    p.verify(&expired).expect_code(1).stderr_has("expired");
    // Within the leeway (30 s), an expiry is tolerated.
    let just_expired = p
        .sign(&Claims {
            exp: now() - 5,
            ..claims.clone()
        })
        .await;
    p.verify(&just_expired).expect_code(0);
    let early = p
        .sign(&Claims {
            nbf: now() + 600,
            ..claims.clone()
        })
        .await;
    p.verify(&early).expect_code(1).stderr_has("not valid yet");
    let from_the_future = p
        .sign(&Claims {
            iat: now() + 600,
            ..claims.clone()
        })
        .await;
    p.verify(&from_the_future)
        .expect_code(1)
        .stderr_has("not valid yet");
    let mut no_sub = serde_json::to_value(&claims).unwrap();
    no_sub.as_object_mut().unwrap().remove("sub");
    let bytes: [u8; 32] = STANDARD.decode(MASTER_KEY).unwrap().try_into().unwrap();
    let mut conn = p.db.connect().await;
    let signer = keys::signer(&mut conn, &Keyring::from_keys(&bytes, &[]))
        .await
        .unwrap();
    let mut ours = Header::new(Algorithm::EdDSA);
    ours.kid = Some(signer.kid.clone());
    p.verify(&jsonwebtoken::encode(&ours, &no_sub, &signer.key).unwrap())
        .expect_code(1)
        .stderr_has("missing claim sub");

    // JSON: the reason is machine-readable.
    let run = Run(p
        .cmd()
        .args(["token", "verify", "--json", &expired])
        .output()
        .unwrap());
    run.expect_code(1);
    assert_eq!(run.json()["valid"], false);
    assert_eq!(run.json()["reason"]["reason"], "expired");
}

#[tokio::test]
async fn revocation_survives_losing_redis_and_warm_rebuilds_the_denylist() {
    let p = platform().await;
    p.run(&["keys", "generate"]).expect_code(0);
    let token = p.issue("ann@example.com", &[]);
    let other = p.issue("ann@example.com", &["--kind", "refresh"]);
    let jti = claims_of(&token).jti;
    p.verify(&token).expect_code(0);

    p.run(&["token", "revoke", &jti, "--reason", "laptop stolen"])
        .expect_code(0)
        .stderr_has("Revoked 1 token(s)");
    let key = format!("platform:v1:denylist:{jti}");
    assert_eq!(p.redis.cli(&["EXISTS", &key]).unwrap().trim(), "1");
    let ttl: i64 = p.redis.cli(&["TTL", &key]).unwrap().trim().parse().unwrap();
    assert!(
        (800..=900).contains(&ttl),
        "denylist TTL {ttl} is the token's remaining life"
    );
    p.verify(&token).expect_code(1).stderr_has("revoked");
    p.verify(&other).expect_code(0);
    // Revoking again changes nothing and says so.
    p.run(&["token", "revoke", &jti])
        .expect_code(0)
        .stderr_has("Revoked 0 token(s)");
    assert_eq!(
        p.db.scalar_text(
            "SELECT revoked_reason || ' by ' || revoked_by FROM auth_tokens WHERE revoked_at IS NOT NULL"
        )
        .await,
        "laptop stolen by test:admin"
    );

    // Redis loses the denylist: PostgreSQL still says revoked.
    p.run(&["cache", "flush", "--yes"]).expect_code(0);
    p.verify(&token).expect_code(1).stderr_has("revoked");
    // Redis unreachable: the same.
    let dead = format!("redis://127.0.0.1:{}/0", free_port());
    Run(p
        .cmd()
        .env("REDIS_URL", &dead)
        .args(["token", "verify", &token])
        .output()
        .unwrap())
    .expect_code(1)
    .stderr_has("revoked");
    Run(p
        .cmd()
        .env("REDIS_URL", &dead)
        .args(["token", "verify", &other])
        .output()
        .unwrap())
    .expect_code(0);

    // warm rebuilds the denylist from PostgreSQL.
    p.run(&["cache", "flush", "--yes"]).expect_code(0);
    p.run(&["cache", "warm", "--only", "denylist"]).expect_code(0);
    assert_eq!(p.redis.cli(&["EXISTS", &key]).unwrap().trim(), "1");

    // --user revokes every live token of the user, in one audit row.
    p.run(&["token", "revoke", "--user", "ann@example.com", "--json"])
        .expect_code(0)
        .stdout_has(&claims_of(&other).jti);
    p.verify(&other).expect_code(1).stderr_has("revoked");
    assert_eq!(p.audit_count("token.revoke").await, 3);
    // Commands that change things in several steps are recorded once done.
    assert_eq!(p.audit_count("cache.flush").await, 2);
    assert_eq!(p.audit_count("cache.warm").await, 1);
    p.run(&["token", "revoke", "0191d6a4-0000-7000-8000-000000000000"])
        .expect_code(67);
    p.run(&["token", "list", "--user", "ann@example.com", "--active", "--json"])
        .expect_code(0);
}

#[tokio::test]
async fn rotated_keys_keep_verifying_until_retired_and_the_jwks_verifies() {
    let p = platform().await;
    let first = p.run(&["keys", "generate"]);
    first.expect_code(0);
    let first_kid = first.stdout().trim().to_owned();
    let old = p.issue("ann@example.com", &[]);

    // A second key waits as pending (already published) until rotate.
    let second = p.run(&["keys", "generate", "--json"]);
    second.expect_code(0);
    assert_eq!(second.json()["status"], "pending");
    let jwks = p.run(&["keys", "jwks"]);
    jwks.expect_code(0);
    assert_eq!(jwks.json()["keys"].as_array().unwrap().len(), 2);
    assert_eq!(
        claims_of(&p.issue("ann@example.com", &[])).jti.len(),
        36,
        "the active key still signs"
    );

    let rotation = p.run(&["keys", "rotate", "--json"]);
    rotation.expect_code(0);
    let rotation = rotation.json();
    assert_eq!(rotation["active"]["kid"], second.json()["kid"]);
    assert_eq!(rotation["previous"]["kid"], first_kid.as_str());
    assert_eq!(rotation["generated"], false);
    let new = p.issue("ann@example.com", &[]);
    assert_ne!(
        new.split('.').next().unwrap(),
        old.split('.').next().unwrap(),
        "a different kid"
    );
    p.verify(&old).expect_code(0);
    p.verify(&new).expect_code(0);

    // The active key cannot be retired; the old one can, and its tokens stop.
    let active_kid = rotation["active"]["kid"].as_str().unwrap();
    p.run(&["keys", "retire", active_kid])
        .expect_code(77)
        .stderr_has("keys rotate");
    p.run(&["keys", "retire", &first_kid]).expect_code(0);
    p.verify(&old).expect_code(1).stderr_has("retired");
    p.verify(&new).expect_code(0);
    p.run(&["keys", "retire", "no-such-key-1"]).expect_code(67);
    // A kid is base64url, so one in 32 begins with '-': it is a kid, not a flag.
    p.run(&["keys", "retire", "-Kno-such-key"]).expect_code(67);

    // A master-key rotation re-seals the private halves; the active key
    // still signs under the new master key alone.
    const NEW_MASTER_KEY: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    Run(p
        .cmd()
        .env("PLATFORMCTL_MASTER_KEY", NEW_MASTER_KEY)
        .env("PLATFORMCTL_OLD_MASTER_KEYS", MASTER_KEY)
        .args(["secrets", "rotate-key"])
        .output()
        .unwrap())
    .expect_code(0);
    Run(p
        .cmd()
        .env("PLATFORMCTL_MASTER_KEY", NEW_MASTER_KEY)
        .args(["token", "issue", "ann@example.com"])
        .output()
        .unwrap())
    .expect_code(0);

    // The JWKS alone verifies a token, as a service in any language would.
    let jwks = p.run(&["keys", "jwks"]);
    let set: jsonwebtoken::jwk::JwkSet = serde_json::from_str(&jwks.stdout()).unwrap();
    assert_eq!(set.keys.len(), 1, "retired keys are not published");
    let jwk = set.find(active_kid).unwrap();
    let mut validation = jsonwebtoken::Validation::new(Algorithm::EdDSA);
    validation.set_audience(&["platform"]);
    jsonwebtoken::decode::<Claims>(
        &new,
        &jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap(),
        &validation,
    )
    .unwrap();

    let list = p.run(&["keys", "list", "--json"]);
    list.expect_code(0);
    let statuses: Vec<String> = list
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["active", "retired"]);
    assert_eq!(p.audit_count("key.rotate").await, 1);
    assert_eq!(p.audit_count("key.retire").await, 1);

    let audit = p.run(&["audit", "list", "--action", "key.", "--json"]);
    audit.expect_code(0);
    // Newest first: two generates, a rotate, a refused retire (the active
    // key), a retire, two failed ones (no such key).
    let outcomes: Vec<String> = audit
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["action"].as_str().unwrap(),
                e["outcome"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "key.retire failure",
            "key.retire failure",
            "key.retire success",
            "key.retire denied",
            "key.rotate success",
            "key.generate success",
            "key.generate success",
        ]
    );
    p.run(&["audit", "list", "--since", "yesterday"])
        .expect_code(65)
        .stderr_has("RFC 3339");
}
