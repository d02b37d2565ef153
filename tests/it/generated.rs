//! completions/ and man/ are generated from the clap definitions and
//! committed; this fails when they no longer match the code.

use std::collections::BTreeMap;
use std::path::Path;

const REGENERATE: &str = "cargo run -- completions --out completions && cargo run -- man --out man";

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}; generate it with `{REGENERATE}`", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

fn check(kind: &str) {
    let fresh = tempfile::tempdir().unwrap();
    let out = crate::support::platformctl_cmd(fresh.path())
        .args([kind, "--out", "generated"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let committed_dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(if kind == "man" { "man" } else { "completions" });
    let generated = read_dir(&fresh.path().join("generated"));
    let committed = read_dir(&committed_dir);
    let names = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&generated),
        "{} has other files than the code generates; regenerate with `{REGENERATE}`",
        committed_dir.display()
    );
    for (name, text) in &generated {
        assert!(
            committed[name] == *text,
            "{}/{name} is stale; regenerate with `{REGENERATE}`",
            committed_dir.display()
        );
    }
}

#[test]
fn completions_are_current() {
    check("completions");
}

#[test]
fn man_pages_are_current() {
    check("man");
}
