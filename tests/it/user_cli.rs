//! `user *` through the binary: passwords (sources, policy, hashes), listing,
//! and what disabling and deleting do to tokens, sessions and personal data.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{Platform, Run};

/// What these tests read back.
trait Reads {
    async fn hash_of(&self, email: &str) -> Option<String>;
    async fn count(&self, sql: &str, bind: &str) -> i64;
}

impl Reads for Platform {
    async fn hash_of(&self, email: &str) -> Option<String> {
        let mut conn = self.db.connect().await;
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }

    async fn count(&self, sql: &str, bind: &str) -> i64 {
        let mut conn = self.db.connect().await;
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(bind)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn passwords_come_from_stdin_or_a_file_never_a_flag_and_weak_ones_are_refused() {
    let p = Platform::start().await;
    let create = [
        "user",
        "create",
        "--email",
        "marie.curie@example.com",
        "--name",
        "Marie",
        "--password-stdin",
    ];
    for (password, reason) in [
        ("radium", "shorter than 12 characters"),
        (
            "Marie.Curie-1867",
            "contains the email address's name (\"marie.curie\")",
        ),
        ("Password1234", "one of the most common passwords"),
    ] {
        p.run_with(&create, &format!("{password}\n"))
            .expect_code(65)
            .stderr_has(reason);
    }
    assert_eq!(p.db.scalar_i64("SELECT count(*) FROM users").await, 0);

    // Not on a terminal, with no source: refused, nothing asked.
    Run(p
        .cmd()
        .args(["user", "create", "--email", "a@example.com", "--name", "A"])
        .stdin(Stdio::null())
        .output()
        .unwrap())
    .expect_code(77)
    .stderr_has("--password-stdin");
    // No --password flag exists.
    p.run(&[
        "user",
        "create",
        "--email",
        "a@example.com",
        "--name",
        "A",
        "--password",
        "x",
    ])
    .expect_code(2);

    let run = p.run_with(&create, "polonium and radium, 1898\n");
    run.expect_code(0).stderr_has("Created marie.curie@example.com");
    let hash = p.hash_of("marie.curie@example.com").await.unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    assert!(platformctl::password::verify("polonium and radium, 1898", &hash));
    assert!(!run.stderr().contains("polonium"), "the password is never echoed");

    // A second live user with the same email (any case) is refused.
    p.run_with(
        &[
            "user",
            "create",
            "--email",
            "MARIE.CURIE@example.com",
            "--name",
            "M",
            "--password-stdin",
        ],
        "another good passphrase\n",
    )
    .expect_code(65);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pw");
    std::fs::write(&file, "set from a file, 2026\n").unwrap();
    p.run(&[
        "user",
        "set-password",
        "marie.curie@example.com",
        "--password-file",
        file.to_str().unwrap(),
    ])
    .expect_code(0);
    let changed = p.hash_of("marie.curie@example.com").await.unwrap();
    assert!(platformctl::password::verify("set from a file, 2026", &changed));
    p.run(&[
        "user",
        "set-password",
        "marie.curie@example.com",
        "--password-file",
        "/nonexistent/pw",
    ])
    .expect_code(66);

    // A hash with weaker parameters than today's is reported by show.
    let mut conn = p.db.connect().await;
    sqlx::query("UPDATE users SET password_hash = $1")
        .bind("$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$oEsHhbqLzv2T9c7vrp1T0Ij1uFQ7qN0B4JUzQhA5kxA")
        .execute(&mut conn)
        .await
        .unwrap();
    p.run(&["user", "show", "marie.curie@example.com"])
        .expect_code(0)
        .stderr_has("weaker parameters");
    let show = p.run(&["user", "show", "marie.curie@example.com", "--json"]);
    assert_eq!(show.json()["password_hash_outdated"], true);

    let audit = p
        .count(
            "SELECT count(*) FROM audit_logs
             WHERE actor = $1 AND action IN ('user.create', 'user.set_password') AND outcome = 'success'",
            "test:admin",
        )
        .await;
    assert_eq!(audit, 2);
    // The refused attempts are there too (three weak passwords, a duplicate
    // email, no terminal, a missing file); usage errors (2) never reach it.
    let refused = p
        .count(
            "SELECT count(*) FROM audit_logs WHERE actor = $1 AND outcome <> 'success'",
            "test:admin",
        )
        .await;
    assert_eq!(refused, 6);
    let leaked = p
        .count(
            "SELECT count(*) FROM audit_logs WHERE details::text LIKE '%' || $1 || '%'",
            "file, 2026",
        )
        .await;
    assert_eq!(leaked, 0, "no password in the audit trail");
}

#[tokio::test]
async fn disabling_and_deleting_revoke_tokens_and_sessions_at_once() {
    let p = Platform::start().await;
    p.run(&["keys", "generate"]).expect_code(0);
    for (email, name) in [("ann@example.com", "Ann"), ("ben@example.com", "Ben")] {
        p.run_with(
            &[
                "user",
                "create",
                "--email",
                email,
                "--name",
                name,
                "--password-stdin",
            ],
            "a perfectly fine passphrase\n",
        )
        .expect_code(0);
    }
    let mut conn = p.db.connect().await;
    sqlx::query(
        "INSERT INTO user_sessions (user_id, expires_at)
         SELECT id, now() + interval '1 day' FROM users WHERE email = 'ann@example.com'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let token = p.run(&["token", "issue", "ann@example.com"]);
    token.expect_code(0);
    let token = token.stdout().trim().to_owned();
    let bens = p
        .run(&["token", "issue", "ben@example.com"])
        .stdout()
        .trim()
        .to_owned();

    let run = p.run(&["user", "disable", "ann@example.com", "--json"]);
    run.expect_code(0);
    assert_eq!(run.json()["revoked"]["token_count"], 1);
    assert_eq!(run.json()["revoked"]["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(
        p.count(
            "SELECT count(*) FROM auth_tokens t JOIN users u ON u.id = t.user_id
             WHERE u.email = $1 AND t.revoked_at IS NULL",
            "ann@example.com"
        )
        .await,
        0
    );
    assert_eq!(
        p.count(
            "SELECT count(*) FROM user_sessions s JOIN users u ON u.id = s.user_id
             WHERE u.email = $1 AND s.revoked_at IS NULL",
            "ann@example.com"
        )
        .await,
        0
    );
    p.run(&["token", "verify", &token])
        .expect_code(1)
        .stderr_has("revoked");
    p.run(&["token", "verify", &bens]).expect_code(0);
    p.run(&["token", "issue", "ann@example.com"]).expect_code(77);
    // Again: nothing more to do, still fine.
    p.run(&["user", "disable", "ann@example.com"])
        .expect_code(0)
        .stderr_has("revoked 0 token(s)");

    p.run(&["user", "enable", "ann@example.com"]).expect_code(0);
    p.run(&["token", "verify", &token])
        .expect_code(1)
        .stderr_has("revoked");
    p.run(&["token", "issue", "ann@example.com"]).expect_code(0);

    // Listing with filters.
    let list = p.run(&["user", "list", "--search", "BEN", "--json"]);
    list.expect_code(0);
    assert_eq!(list.json()["data"].as_array().unwrap().len(), 1);
    p.run(&[
        "user",
        "update",
        "ben@example.com",
        "--role",
        "readonly",
        "--name",
        "Benjamin",
    ])
    .expect_code(0);
    let readonly = p.run(&["user", "list", "--role", "readonly", "--json"]);
    assert_eq!(readonly.json()["data"][0]["display_name"], "Benjamin");
    p.run(&["user", "update", "ben@example.com"]).expect_code(65);

    // Soft delete: revoked, hidden, the email free again.
    p.run(&["user", "delete", "ann@example.com", "--json"])
        .expect_code(0);
    p.run(&["token", "issue", "ann@example.com"])
        .expect_code(77)
        .stderr_has("deleted");
    let deleted = p.run(&["user", "list", "--status", "deleted", "--json"]);
    assert_eq!(deleted.json()["data"][0]["email"], "ann@example.com");
    let ann_id = deleted.json()["data"][0]["id"].as_str().unwrap().to_owned();
    p.run_with(
        &[
            "user",
            "create",
            "--email",
            "ann@example.com",
            "--name",
            "New Ann",
            "--password-stdin",
        ],
        "a perfectly fine passphrase\n",
    )
    .expect_code(0);

    // Hard delete: confirmation needed, then personal data erased.
    p.run(&["user", "delete", &ann_id, "--hard"])
        .expect_code(77)
        .stderr_has("--yes");
    assert_eq!(
        p.count("SELECT count(*) FROM users WHERE email = $1", "ann@example.com")
            .await,
        2,
        "nothing erased without confirmation"
    );
    sqlx::query("INSERT INTO user_profiles (user_id, bio) VALUES ($1::uuid, 'private')")
        .bind(&ann_id)
        .execute(&mut conn)
        .await
        .unwrap();
    p.run(&["user", "delete", &ann_id, "--hard", "--yes"])
        .expect_code(0)
        .stderr_has("Erased ann@example.com");
    let (email, name, hash): (String, String, Option<String>) =
        sqlx::query_as("SELECT email, display_name, password_hash FROM users WHERE id = $1::uuid")
            .bind(&ann_id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(
        email.starts_with("erased-") && email.ends_with("@invalid"),
        "{email}"
    );
    assert_eq!(name, "erased user");
    assert_eq!(hash, None);
    assert_eq!(
        p.count(
            "SELECT count(*) FROM user_profiles WHERE user_id = $1::uuid",
            &ann_id
        )
        .await,
        0
    );
    assert_eq!(
        p.count(
            "SELECT count(*) FROM audit_logs WHERE entity_id = $1 AND action IN ('user.delete', 'user.erase')",
            &ann_id
        )
        .await,
        2
    );
    p.run(&["user", "show", "nobody@example.com"]).expect_code(67);
}

#[tokio::test]
async fn roles_are_granted_and_revoked_and_sessions_take_their_tokens_with_them() {
    let p = Platform::start().await;
    p.run(&["keys", "generate"]).expect_code(0);
    p.run(&[
        "user",
        "create",
        "--email",
        "ann@example.com",
        "--name",
        "Ann",
        "--no-password",
    ])
    .expect_code(0);

    let roles = p.run(&["role", "list", "--json"]);
    roles.expect_code(0);
    let roles = roles.json();
    let names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "readonly", "user"]);
    assert_eq!(roles[0]["permissions"].as_array().unwrap().len(), 9);
    assert_eq!(roles[2]["users"], 1, "ann's primary role");

    let grant = p.run(&["role", "grant", "ann@example.com", "readonly", "--json"]);
    grant.expect_code(0);
    assert_eq!(grant.json()["changed"], true);
    p.run(&["role", "grant", "ann@example.com", "readonly"])
        .expect_code(0)
        .stderr_has("nothing to change");
    let show = p.run(&["user", "show", "ann@example.com", "--json"]);
    assert_eq!(show.json()["roles"], serde_json::json!(["readonly"]));
    p.run(&["role", "revoke", "ann@example.com", "readonly"])
        .expect_code(0);
    p.run(&["role", "grant", "ann@example.com", "superuser"])
        .expect_code(67)
        .stderr_has("role list");
    let outcomes = |outcome: &'static str| {
        p.count(
            match outcome {
                "success" => "SELECT count(*) FROM audit_logs WHERE action LIKE $1 AND outcome = 'success'",
                _ => "SELECT count(*) FROM audit_logs WHERE action LIKE $1 AND outcome = 'failure'",
            },
            "role.%",
        )
    };
    assert_eq!(outcomes("success").await, 3);
    assert_eq!(outcomes("failure").await, 1, "the grant of an unknown role");

    // Two sessions, a token bound to the first.
    let mut conn = p.db.connect().await;
    let sessions: Vec<uuid::Uuid> = sqlx::query_scalar(
        "INSERT INTO user_sessions (user_id, expires_at, user_agent)
         SELECT id, now() + interval '1 day', agent FROM users, (VALUES ('laptop'), ('phone')) a(agent)
         RETURNING id",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let token = p
        .run(&["token", "issue", "ann@example.com"])
        .stdout()
        .trim()
        .to_owned();
    let loose = p
        .run(&["token", "issue", "ann@example.com"])
        .stdout()
        .trim()
        .to_owned();
    let jti = token
        .split('.')
        .nth(1)
        .map(|part| {
            use base64::Engine;
            let claims: serde_json::Value = serde_json::from_slice(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(part)
                    .unwrap(),
            )
            .unwrap();
            claims["jti"].as_str().unwrap().to_owned()
        })
        .unwrap();
    sqlx::query("UPDATE auth_tokens SET session_id = $1 WHERE jti = $2::uuid")
        .bind(sessions[0])
        .bind(&jti)
        .execute(&mut conn)
        .await
        .unwrap();

    let list = p.run(&["session", "list", "--user", "ann@example.com", "--json"]);
    assert_eq!(list.json().as_array().unwrap().len(), 2);
    p.run(&["session", "revoke", &sessions[0].to_string()])
        .expect_code(0)
        .stderr_has("1 session(s) and 1 token(s)");
    p.run(&["token", "verify", &token])
        .expect_code(1)
        .stderr_has("revoked");
    p.run(&["token", "verify", &loose]).expect_code(0);
    let list = p.run(&["session", "list", "--user", "ann@example.com", "--json"]);
    assert_eq!(list.json().as_array().unwrap().len(), 1);
    p.run(&["session", "list", "--all", "--json"])
        .expect_code(0)
        .stdout_has("phone");
    p.run(&["session", "revoke", "--user", "ann@example.com"])
        .expect_code(0)
        .stderr_has("1 session(s) and 0 token(s)");
    p.run(&["session", "revoke", "0191d6a4-0000-7000-8000-000000000000"])
        .expect_code(67);
    p.run(&["session", "revoke"]).expect_code(2);
}

/// Runs `platformctl ARGS` on a pseudo-terminal (util-linux `script`), typing
/// `lines` one by one as a person would.
fn on_terminal(p: &Platform, args: &str, lines: &[&str]) -> Run {
    let template = p.cmd();
    let mut cmd = Command::new("script");
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd.current_dir(template.get_current_dir().unwrap())
        .args([
            "-qec",
            &format!("{} {args}", env!("CARGO_BIN_EXE_platformctl")),
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("util-linux script on the PATH");
    let mut stdin = child.stdin.take().unwrap();
    let lines: Vec<String> = lines.iter().map(|l| format!("{l}\n")).collect();
    let typist = std::thread::spawn(move || {
        for line in lines {
            std::thread::sleep(std::time::Duration::from_millis(700));
            stdin.write_all(line.as_bytes()).unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(700));
    });
    let output = child.wait_with_output().unwrap();
    typist.join().unwrap();
    Run(output)
}

#[tokio::test]
async fn at_a_terminal_passwords_are_asked_twice_and_erasing_asks_first() {
    let p = Platform::start().await;
    // Two different entries: asked again; then the same twice.
    let run = on_terminal(
        &p,
        "user create --email tty@example.com --name Tty",
        &[
            "first passphrase here",
            "not the same at all",
            "the right passphrase",
            "the right passphrase",
        ],
    );
    run.expect_code(0)
        .stdout_has("Repeat the password")
        .stdout_has("differ");
    assert!(!run.stdout().contains("the right passphrase"), "never echoed");
    let hash = p.hash_of("tty@example.com").await.unwrap();
    assert!(platformctl::password::verify("the right passphrase", &hash));

    let weak = on_terminal(
        &p,
        "user set-password tty@example.com",
        &["tty-tty-tty-tty", "tty-tty-tty-tty"],
    );
    weak.expect_code(65).stdout_has("email address's name");
    assert!(platformctl::password::verify(
        "the right passphrase",
        &p.hash_of("tty@example.com").await.unwrap()
    ));

    on_terminal(&p, "user delete tty@example.com --hard", &["n"])
        .expect_code(77)
        .stdout_has("for good?")
        .stdout_has("cancelled");
    assert_eq!(
        p.count("SELECT count(*) FROM users WHERE email = $1", "tty@example.com")
            .await,
        1
    );
    on_terminal(&p, "user delete tty@example.com --hard", &["y"]).expect_code(0);
    assert_eq!(
        p.count("SELECT count(*) FROM users WHERE email = $1", "tty@example.com")
            .await,
        0
    );
}
