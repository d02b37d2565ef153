//! The tables the docs copy from the code: the exit codes (docs/configuration.md,
//! from `platformctl --help`) and the retention policies (docs/retention.md,
//! from `retention::POLICIES`). Each fails, printing the table to paste,
//! when the docs fall behind.

use std::path::Path;

fn doc(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name)).unwrap()
}

#[test]
fn the_retention_guide_lists_the_policies_as_the_code_defines_them() {
    let mut table = String::from("| policy | removes | default limit |\n|---|---|---|\n");
    for policy in platformctl::retention::POLICIES {
        table.push_str(&format!(
            "| `{}` | {} | {} {} |\n",
            policy.name, policy.description, policy.limit.default, policy.limit.unit
        ));
    }
    assert!(
        doc("retention.md").contains(&table),
        "docs/retention.md should hold this table:\n{table}"
    );
}

#[test]
fn the_configuration_reference_lists_the_exit_codes_help_prints() {
    let dir = tempfile::tempdir().unwrap();
    let help = crate::support::Invocation::new(crate::support::platformctl_cmd(dir.path()))
        .env("COLUMNS", "10000")
        .args(["--help"])
        .run()
        .stdout();
    let summary = help
        .split("Exit codes: ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .expect("--help lists the exit codes");
    let from_help: Vec<String> = summary.split(", ").map(str::to_owned).collect();
    let from_docs: Vec<String> = doc("configuration.md")
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells.len() > 3 && cells[1].parse::<u8>().is_ok()).then(|| format!("{} {}", cells[1], cells[2]))
        })
        .collect();
    assert_eq!(
        from_docs, from_help,
        "docs/configuration.md's exit code table and --help differ"
    );
}
