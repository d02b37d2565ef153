//! Stored secrets: sealed on write, opened only on request, and re-encrypted
//! by `secrets rotate-key` without ever being unreadable.

use crate::support::TestDb;
use base64::Engine as _;
use platformctl::Error;
use platformctl::crypto::Keyring;
use platformctl::model::NewUser;
use platformctl::model::integration::{NewConnection, Service};
use platformctl::model::workspace::NewWorkspace;
use platformctl::repo::{integrations, users, workspaces};
use platformctl::secrets::{self, context};
use sqlx::postgres::PgConnection;
use uuid::Uuid;

const KEY_A: [u8; 32] = [0xA; 32];
const KEY_B: [u8; 32] = [0xB; 32];
const KEY_C: [u8; 32] = [0xC; 32];

fn b64(key: &[u8; 32]) -> String {
    base64::engine::general_purpose::STANDARD.encode(key)
}

async fn workspace(conn: &mut PgConnection) -> Uuid {
    let owner = users::create(conn, &NewUser::new("owner@example.com", "Owner"))
        .await
        .unwrap();
    let new = NewWorkspace {
        slug: "sealed".into(),
        name: "Sealed".into(),
        description: None,
        owner_id: owner.id,
        organization_id: None,
        github_repo_url: None,
    };
    workspaces::create(conn, &new).await.unwrap().id
}

fn connection(workspace_id: Uuid, name: &str, credentials: Option<&str>) -> NewConnection {
    NewConnection {
        workspace_id,
        service: Service::Github,
        name: name.to_owned(),
        config: serde_json::json!({"org": "acme"}),
        credentials: credentials.map(|c| c.as_bytes().to_vec()),
        created_by: None,
    }
}

/// Every row of every sealed table, with its key id, opened with `ring`.
async fn open_all(conn: &mut PgConnection, ring: &Keyring) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut out = Vec::new();
    let rows: Vec<(Uuid, Option<Vec<u8>>, Option<String>)> = sqlx::query_as(
        "SELECT id, credentials_encrypted, credentials_key_id FROM external_connections ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for (id, bytes, key) in rows {
        if let (Some(bytes), Some(key)) = (bytes, key) {
            let plain = ring.open(&key, &bytes, &context("external_connections.credentials", id))?;
            out.push((key, plain.to_vec()));
        }
    }
    let keys: Vec<(Uuid, Vec<u8>, String)> =
        sqlx::query_as("SELECT id, private_key_encrypted, encryption_key_id FROM signing_keys ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    for (id, bytes, key) in keys {
        let plain = ring.open(&key, &bytes, &context("signing_keys.private_key", id))?;
        out.push((key, plain.to_vec()));
    }
    Ok(out)
}

async fn seal_signing_key(conn: &mut PgConnection, ring: &Keyring, kid: &str) {
    let id = Uuid::now_v7();
    let sealed = ring
        .seal(b"ed25519 private half", &context("signing_keys.private_key", id))
        .unwrap();
    sqlx::query(
        "INSERT INTO signing_keys (id, kid, public_key, private_key_encrypted, encryption_key_id) \
         VALUES ($1, $2, decode(repeat('00', 32), 'hex'), $3, $4)",
    )
    .bind(id)
    .bind(kid)
    .bind(sealed.bytes)
    .bind(sealed.key_id)
    .execute(conn)
    .await
    .unwrap();
}

#[tokio::test]
async fn credentials_are_sealed_per_row_and_opened_only_on_request() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let ring = Keyring::from_keys(&KEY_A, &[]);
    let ws = workspace(&mut conn).await;
    let with = integrations::create(&mut conn, &ring, &connection(ws, "main", Some("ghp_TOKEN")))
        .await
        .unwrap();
    let without = integrations::create(&mut conn, &ring, &connection(ws, "public", None))
        .await
        .unwrap();
    assert!(with.has_credentials && !without.has_credentials);
    assert_eq!(with.credentials_key_id.as_deref(), Some(ring.current_key_id()));

    let stored: Vec<u8> =
        sqlx::query_scalar("SELECT credentials_encrypted FROM external_connections WHERE id = $1")
            .bind(with.id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(
        !stored.windows(9).any(|w| w == b"ghp_TOKEN"),
        "stored in the clear"
    );
    let opened = integrations::credentials(&mut conn, &ring, with.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(opened.as_slice(), b"ghp_TOKEN");
    assert!(
        integrations::credentials(&mut conn, &ring, without.id)
            .await
            .unwrap()
            .is_none()
    );

    // A ciphertext copied onto another row does not open there.
    sqlx::query(
        "UPDATE external_connections SET credentials_encrypted = $1, credentials_key_id = $2 WHERE id = $3",
    )
    .bind(&stored)
    .bind(ring.current_key_id())
    .bind(without.id)
    .execute(&mut conn)
    .await
    .unwrap();
    let moved = integrations::credentials(&mut conn, &ring, without.id)
        .await
        .unwrap_err();
    assert!(matches!(moved, Error::Corrupt(_)), "{moved}");

    let updated = integrations::set_credentials(&mut conn, &ring, with.id, with.version, Some(b"ghp_NEW"))
        .await
        .unwrap();
    let stale = integrations::set_credentials(&mut conn, &ring, with.id, with.version, None).await;
    assert!(matches!(stale, Err(Error::StaleVersion { .. })));
    assert_eq!(updated.version, with.version + 1);
    assert_eq!(
        integrations::credentials(&mut conn, &ring, with.id)
            .await
            .unwrap()
            .unwrap()
            .as_slice(),
        b"ghp_NEW"
    );
    // The wrong master key is a configuration error naming what to set.
    let wrong = Keyring::from_keys(&KEY_C, &[]);
    let err = integrations::credentials(&mut conn, &wrong, with.id)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), platformctl::ErrorKind::Config);
    assert!(err.to_string().contains("PLATFORMCTL_OLD_MASTER_KEYS"));
}

#[tokio::test]
async fn rotation_re_encrypts_everything_in_batches_and_a_second_run_does_nothing() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let old = Keyring::from_keys(&KEY_A, &[]);
    let ws = workspace(&mut conn).await;
    for i in 0..5 {
        integrations::create(
            &mut conn,
            &old,
            &connection(ws, &format!("c{i}"), Some(&format!("secret {i}"))),
        )
        .await
        .unwrap();
    }
    integrations::create(&mut conn, &old, &connection(ws, "none", None))
        .await
        .unwrap();
    seal_signing_key(&mut conn, &old, "kid-00000001").await;
    let before = open_all(&mut conn, &old).await.unwrap();

    let rotating = Keyring::from_keys(&KEY_B, &[KEY_A]);
    let dry = secrets::rotate(&mut conn, &rotating, 2, true, &platformctl::progress::Silent)
        .await
        .unwrap();
    assert_eq!(dry.tables[0].rotated, 5);
    assert_eq!(
        open_all(&mut conn, &old).await.unwrap(),
        before,
        "a dry run changes nothing"
    );

    let batches = std::sync::Mutex::new(Vec::new());
    let report = secrets::rotate(&mut conn, &rotating, 2, false, &|b: secrets::Rotated| {
        batches.lock().unwrap().push((b.table.to_owned(), b.rows))
    })
    .await
    .unwrap();
    let batches = batches.into_inner().unwrap();
    let connections = &report.tables[0];
    assert_eq!(
        (connections.table, connections.rotated, connections.batches),
        ("external_connections", 5, 3)
    );
    assert_eq!(report.tables[2].rotated, 1, "the signing key too");
    assert_eq!(
        batches
            .iter()
            .filter(|(t, _)| t == "external_connections")
            .count(),
        3
    );

    // Everything now opens with the new key alone, to the same plaintexts.
    let new_only = Keyring::from_keys(&KEY_B, &[]);
    let after = open_all(&mut conn, &new_only).await.unwrap();
    assert!(after.iter().all(|(key, _)| key == new_only.current_key_id()));
    let plain = |v: &[(String, Vec<u8>)]| v.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>();
    assert_eq!(plain(&after), plain(&before));

    let again = secrets::rotate(&mut conn, &rotating, 2, false, &platformctl::progress::Silent)
        .await
        .unwrap();
    assert!(again.tables.iter().all(|t| t.rotated == 0));
    assert_eq!(again.tables[0].already_current, 5);
}

#[tokio::test]
async fn an_interrupted_rotation_leaves_every_value_readable_and_resumes() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let old = Keyring::from_keys(&KEY_A, &[]);
    let stray = Keyring::from_keys(&KEY_C, &[]);
    let ws = workspace(&mut conn).await;
    for i in 0..4 {
        integrations::create(
            &mut conn,
            &old,
            &connection(ws, &format!("a{i}"), Some("under A")),
        )
        .await
        .unwrap();
    }
    // One value sealed under a key the rotation is not given; created last, so
    // with time-ordered ids it comes last, after four batches have committed.
    let _orphan = integrations::create(&mut conn, &stray, &connection(ws, "zz-under-c", Some("under C")))
        .await
        .unwrap();
    let rotating = Keyring::from_keys(&KEY_B, &[KEY_A]);
    let err = secrets::rotate(&mut conn, &rotating, 1, false, &platformctl::progress::Silent)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), platformctl::ErrorKind::Config);
    assert!(err.to_string().contains("PLATFORMCTL_OLD_MASTER_KEYS"), "{err}");

    let moved: i64 =
        sqlx::query_scalar("SELECT count(*) FROM external_connections WHERE credentials_key_id = $1")
            .bind(rotating.current_key_id())
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(moved, 4, "the batches before the stray row committed");

    // Every value still opens under the key its row names: A, B or C.
    let all = Keyring::from_keys(&KEY_B, &[KEY_A, KEY_C]);
    assert_eq!(open_all(&mut conn, &all).await.unwrap().len(), 5);

    // Given the missing key, a second run finishes the job.
    let complete = Keyring::from_keys(&KEY_B, &[KEY_A, KEY_C]);
    secrets::rotate(&mut conn, &complete, 1, false, &platformctl::progress::Silent)
        .await
        .unwrap();
    let new_only = Keyring::from_keys(&KEY_B, &[]);
    assert_eq!(open_all(&mut conn, &new_only).await.unwrap().len(), 5);
}

#[tokio::test]
async fn rotate_key_through_the_binary() {
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let ws = workspace(&mut conn).await;
    integrations::create(
        &mut conn,
        &Keyring::from_keys(&KEY_A, &[]),
        &connection(ws, "c", Some("s")),
    )
    .await
    .unwrap();

    db.run(&["secrets", "rotate-key"])
        .expect_code(78)
        .stderr_has("PLATFORMCTL_MASTER_KEY");
    let bad = crate::support::Run(
        db.cmd()
            .args(["secrets", "rotate-key"])
            .env("PLATFORMCTL_MASTER_KEY", "short")
            .output()
            .unwrap(),
    );
    bad.expect_code(78).stderr_has("PLATFORMCTL_MASTER_KEY");

    let with_keys = |args: &[&str]| {
        crate::support::Run(
            db.cmd()
                .args(args)
                .env("PLATFORMCTL_MASTER_KEY", b64(&KEY_B))
                .env("PLATFORMCTL_OLD_MASTER_KEYS", b64(&KEY_A))
                .output()
                .unwrap(),
        )
    };
    let dry = with_keys(&["secrets", "rotate-key", "--dry-run", "--json"]);
    dry.expect_code(0);
    assert_eq!(dry.json()["tables"][0]["rotated"], 1);
    let run = with_keys(&["secrets", "rotate-key", "--json"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(doc["tables"][0]["rotated"], 1);
    let current = doc["current_key_id"].as_str().unwrap().to_owned();
    let keys: Vec<String> = sqlx::query_scalar("SELECT credentials_key_id FROM external_connections")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(keys, [current]);
}

#[tokio::test]
async fn provider_identities_are_sealed_relinked_and_rotated() {
    use platformctl::model::user::{NewIdentity, Provider};
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let old = Keyring::from_keys(&KEY_A, &[]);
    let ann = users::create(&mut conn, &NewUser::new("ann@example.com", "Ann"))
        .await
        .unwrap();
    let bob = users::create(&mut conn, &NewUser::new("bob@example.com", "Bob"))
        .await
        .unwrap();
    let link = |user: Uuid, access: &'static [u8]| NewIdentity {
        user_id: user,
        provider: Provider::Github,
        provider_user_id: "4242",
        username: Some("ann-gh"),
        access_token: Some(access),
        refresh_token: Some(b"ghr_refresh"),
        token_expires_at: None,
    };
    let identity = users::link_identity(&mut conn, &old, &link(ann.id, b"gho_first"))
        .await
        .unwrap();
    assert!(identity.has_tokens);
    // Linking again updates the same row (its tokens are sealed for that row).
    let relinked = users::link_identity(&mut conn, &old, &link(ann.id, b"gho_second"))
        .await
        .unwrap();
    assert_eq!(relinked.id, identity.id);
    let tokens = users::identity_tokens(&mut conn, &old, identity.id)
        .await
        .unwrap();
    assert_eq!(tokens.access_token.unwrap().as_slice(), b"gho_second");
    assert_eq!(tokens.refresh_token.unwrap().as_slice(), b"ghr_refresh");
    // The same GitHub account cannot be linked to someone else.
    let stolen = users::link_identity(&mut conn, &old, &link(bob.id, b"x"))
        .await
        .unwrap_err();
    assert!(matches!(stolen, Error::Conflict { .. }), "{stolen}");
    assert!(stolen.to_string().contains("GitHub account 4242"));
    let found = users::find_by_identity(&mut conn, Provider::Github, "4242")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, ann.id);

    let rotating = Keyring::from_keys(&KEY_B, &[KEY_A]);
    let report = secrets::rotate(&mut conn, &rotating, 10, false, &platformctl::progress::Silent)
        .await
        .unwrap();
    assert_eq!(report.tables[1].table, "user_identities");
    assert_eq!(report.tables[1].rotated, 1);
    let new_only = Keyring::from_keys(&KEY_B, &[]);
    let tokens = users::identity_tokens(&mut conn, &new_only, identity.id)
        .await
        .unwrap();
    assert_eq!(tokens.access_token.unwrap().as_slice(), b"gho_second");
    assert_eq!(tokens.refresh_token.unwrap().as_slice(), b"ghr_refresh");
}

#[tokio::test]
async fn workspace_integrations_sync_state_and_log() {
    use platformctl::model::integration::NewSyncLog;
    let db = TestDb::migrated().await;
    let mut conn = db.connect().await;
    let ring = Keyring::from_keys(&KEY_A, &[]);
    let ws = workspace(&mut conn).await;
    let c = integrations::create(&mut conn, &ring, &connection(ws, "gh", Some("t")))
        .await
        .unwrap();

    assert!(
        integrations::service_settings(&mut conn, Service::Github, None)
            .await
            .unwrap()
            .is_none()
    );
    integrations::put_service_settings(
        &mut conn,
        Service::Github,
        None,
        true,
        &serde_json::json!({"app_id": 1}),
    )
    .await
    .unwrap();
    integrations::put_service_settings(
        &mut conn,
        Service::Github,
        None,
        false,
        &serde_json::json!({"app_id": 2}),
    )
    .await
    .unwrap();
    let (enabled, settings) = integrations::service_settings(&mut conn, Service::Github, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (enabled, settings),
        (false, serde_json::json!({"app_id": 2})),
        "one platform-wide row, updated"
    );

    let link = integrations::attach(&mut conn, ws, c.id).await.unwrap();
    assert_eq!(
        integrations::attach(&mut conn, ws, c.id).await.unwrap().id,
        link.id,
        "attaching twice is one link"
    );

    let failed = integrations::record_sync(&mut conn, link.id, None, Err("502 from GitHub"))
        .await
        .unwrap();
    assert_eq!((failed.state.as_str(), failed.attempts), ("failed", 1));
    let first_retry = failed.next_attempt_at.unwrap();
    let again = integrations::record_sync(&mut conn, link.id, None, Err("502 again"))
        .await
        .unwrap();
    assert_eq!(again.attempts, 2);
    assert!(again.next_attempt_at.unwrap() > first_retry, "backoff grows");
    let ok = integrations::record_sync(&mut conn, link.id, None, Ok(Some("abc123")))
        .await
        .unwrap();
    assert_eq!(
        (ok.state.as_str(), ok.attempts, ok.remote_ref.as_deref()),
        ("synced", 0, Some("abc123"))
    );
    assert!(ok.next_attempt_at.is_none() && ok.last_error.is_none());

    for (i, status) in ["success", "failed", "success"].iter().enumerate() {
        integrations::log_sync(
            &mut conn,
            &NewSyncLog {
                workspace_id: ws,
                connection_id: Some(c.id),
                artifact_id: None,
                operation: "publish".into(),
                service: Service::Github,
                status: (*status).into(),
                details: serde_json::json!({"i": i}),
                error_message: (*status == "failed").then(|| "boom".to_owned()),
            },
        )
        .await
        .unwrap();
    }
    let first = integrations::sync_log(&mut conn, ws, None, 2).await.unwrap();
    assert_eq!(first.data[0].details["i"], 2);
    let rest = integrations::sync_log(
        &mut conn,
        ws,
        Some(first.next_cursor.unwrap().parse().unwrap()),
        2,
    )
    .await
    .unwrap();
    assert_eq!(
        (rest.data.len(), rest.data[0].details["i"].as_i64()),
        (1, Some(0))
    );
    let bad = NewSyncLog {
        workspace_id: ws,
        connection_id: None,
        artifact_id: None,
        operation: "teleport".into(),
        service: Service::Github,
        status: "success".into(),
        details: serde_json::json!({}),
        error_message: None,
    };
    assert!(matches!(
        integrations::log_sync(&mut conn, &bad).await,
        Err(Error::InvalidValue { .. })
    ));
}
