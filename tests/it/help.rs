//! Snapshots of `--help`: the top level and each command group's, so a
//! change to what users read is seen in review. `UPDATE_SNAPSHOTS=1 cargo
//! test help` rewrites them (tests/it/snapshots/).

use std::path::{Path, PathBuf};

const GROUPS: &[&str] = &[
    "",
    "setup",
    "doctor",
    "db",
    "migrate",
    "backup",
    "retention",
    "cache",
    "seed",
    "secrets",
    "user",
    "role",
    "session",
    "token",
    "keys",
    "audit",
];

fn snapshot(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/snapshots")
        .join(format!("help-{name}.txt"))
}

#[test]
fn help_of_the_top_level_and_every_command_group_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for group in GROUPS {
        let mut args: Vec<&str> = group.split_whitespace().collect();
        args.push("--help");
        let run = crate::support::Invocation::new(crate::support::platformctl_cmd(dir.path()))
            .env("COLUMNS", "100")
            .args(&args)
            .run();
        run.expect_code(0);
        let name = if group.is_empty() { "platformctl" } else { group };
        let path = snapshot(name);
        let fresh = run.stdout();
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(format!("{} --help ({})", name, path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "--help changed; review, then `UPDATE_SNAPSHOTS=1 cargo test help`: {stale:#?}"
    );
}
