//! The code's layering, as docs/design.md states it: the tool (`src/cli/`)
//! runs no SQL, opens no transaction and writes no audit row (the library's
//! `changes` do), and the base modules import no capability module.

use std::path::Path;

fn source(path: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            files.extend(source(&entry.unwrap().path()));
        }
    } else if !path.exists() {
        panic!("{} is gone: update this test's list", path.display());
    } else if path.extension().is_some_and(|e| e == "rs") {
        files.push((path.display().to_string(), std::fs::read_to_string(path).unwrap()));
    }
    files
}

fn src(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel)
}

#[test]
fn the_tool_runs_no_sql_no_transaction_and_no_audit_write() {
    let forbidden = [
        "sqlx::query",
        "query!(",
        "query_as!(",
        "::begin(",
        ".begin()",
        "audit::record(",
        "repo::audit::append",
    ];
    let mut found = Vec::new();
    for (file, text) in source(&src("cli")) {
        for (n, line) in text.lines().enumerate() {
            if let Some(what) = forbidden.iter().find(|f| line.contains(*f)) {
                found.push(format!("{file}:{}: {what}", n + 1));
            }
        }
    }
    assert!(found.is_empty(), "the library owns these: {found:#?}");
}

#[test]
fn base_modules_import_no_capability_module() {
    let base = [
        "config",
        "error.rs",
        "db",
        "hex.rs",
        "files.rs",
        "json.rs",
        "pgcopy.rs",
        "crypto.rs",
        "password.rs",
        "model",
        "sql.rs",
        "progress.rs",
    ];
    let capabilities = [
        "migrate",
        "seed",
        "retention",
        "backup",
        "cache",
        "auth",
        "repo",
        "changes",
        "setup",
        "doctor",
        "secrets",
        "audit",
    ];
    let mut found = Vec::new();
    for module in base {
        for (file, text) in source(&src(module)) {
            for (n, line) in text.lines().enumerate() {
                for capability in capabilities {
                    if line.contains(&format!("crate::{capability}::"))
                        || line.contains(&format!("crate::{capability};"))
                    {
                        found.push(format!("{file}:{}: {capability}", n + 1));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "base modules must not depend on capabilities: {found:#?}"
    );
}
