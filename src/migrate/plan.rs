//! Deciding what a run will do, from the source and the history, before
//! anything runs: every refusal (changed checksum, missing file, missing down
//! script, out-of-order version) happens here, up front, so a run either does
//! what it was asked or nothing at all.

use std::collections::BTreeMap;

use super::history::AppliedMigration;
use super::source::{Migration, MigrationSet};
use crate::error::{ChangedChecksum, Error, Result};
use crate::hex::encode as hex;

/// How far `down` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownTarget {
    /// The newest N applied migrations.
    Steps(usize),
    /// Every applied migration newer than this version (0 = all).
    To(i64),
    All,
}

/// Refuses a history that sqlx marks as failed, or whose applied files changed.
fn check_history(set: &MigrationSet, applied: &[AppliedMigration]) -> Result<()> {
    if let Some(dirty) = applied.iter().find(|a| !a.success) {
        return Err(Error::DirtyMigration {
            version: dirty.version,
            description: dirty.description.clone(),
        });
    }
    let changed: Vec<ChangedChecksum> = applied
        .iter()
        .filter_map(|a| {
            let m = set.get(a.version)?;
            (m.up.checksum != a.checksum).then(|| ChangedChecksum {
                version: a.version,
                description: a.description.clone(),
                applied: hex(&a.checksum),
                file: hex(&m.up.checksum),
            })
        })
        .collect();
    if !changed.is_empty() {
        return Err(Error::ChecksumChanged(changed));
    }
    Ok(())
}

/// The migrations `up` applies, in order.
pub fn plan_up<'s>(
    set: &'s MigrationSet,
    applied: &[AppliedMigration],
    to: Option<i64>,
    allow_out_of_order: bool,
) -> Result<Vec<&'s Migration>> {
    check_history(set, applied)?;
    if let Some(missing) = applied.iter().find(|a| set.get(a.version).is_none()) {
        return Err(Error::AppliedMigrationMissing {
            version: missing.version,
            description: missing.description.clone(),
        });
    }
    if let Some(to) = to
        && set.get(to).is_none()
    {
        return Err(Error::UnknownVersion(to));
    }
    let applied_versions: BTreeMap<i64, ()> = applied.iter().map(|a| (a.version, ())).collect();
    let latest_applied = applied_versions.keys().next_back().copied();
    let pending: Vec<&Migration> = set
        .migrations
        .iter()
        .filter(|m| !applied_versions.contains_key(&m.version))
        .filter(|m| to.is_none_or(|to| m.version <= to))
        .collect();
    if !allow_out_of_order
        && let (Some(first), Some(latest)) = (pending.first(), latest_applied)
        && first.version < latest
    {
        return Err(Error::OutOfOrder {
            version: first.version,
            description: first.description.clone(),
            latest,
        });
    }
    Ok(pending)
}

/// The migrations `down` reverts, newest first.
pub fn plan_down<'s>(
    set: &'s MigrationSet,
    applied: &[AppliedMigration],
    target: DownTarget,
) -> Result<Vec<&'s Migration>> {
    check_history(set, applied)?;
    if let DownTarget::To(v) = target
        && v != 0
        && set.get(v).is_none()
        && !applied.iter().any(|a| a.version == v)
    {
        return Err(Error::UnknownVersion(v));
    }
    let newest_first = applied.iter().rev();
    let chosen: Vec<&AppliedMigration> = match target {
        DownTarget::Steps(n) => newest_first.take(n).collect(),
        DownTarget::To(v) => newest_first.take_while(|a| a.version > v).collect(),
        DownTarget::All => newest_first.collect(),
    };

    let mut plan = Vec::with_capacity(chosen.len());
    let mut problems = Vec::new();
    for a in chosen {
        match set.get(a.version) {
            None => problems.push(format!(
                "{} ({}): its files are missing from the source",
                a.version, a.description
            )),
            Some(m) if !m.reversible => problems.push(format!(
                "{} ({}): {} is a one-way migration with no down script",
                m.version, m.description, m.up.file
            )),
            Some(m) if m.down.is_none() => problems.push(format!(
                "{} ({}): no down file ({})",
                m.version,
                m.description,
                m.up.file.replace(".up.sql", ".down.sql")
            )),
            Some(m) => plan.push(m),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Irreversible(problems));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn set() -> MigrationSet {
        MigrationSet::from_files(
            "test",
            [
                ("1_a.up.sql", "a"),
                ("1_a.down.sql", "-a"),
                ("2_b.up.sql", "b"),
                ("2_b.down.sql", "-b"),
                ("3_c.up.sql", "c"),
                ("4_d.sql", "d"),
            ]
            .map(|(n, s)| (n.to_owned(), s.to_owned())),
        )
        .unwrap()
    }

    fn applied(set: &MigrationSet, versions: &[i64]) -> Vec<AppliedMigration> {
        versions
            .iter()
            .map(|&v| {
                let m = set.get(v).unwrap();
                AppliedMigration {
                    version: v,
                    description: m.description.clone(),
                    installed_on: time::OffsetDateTime::UNIX_EPOCH,
                    success: true,
                    checksum: m.up.checksum.clone(),
                    execution_time: 1,
                }
            })
            .collect()
    }

    fn versions(plan: &[&Migration]) -> Vec<i64> {
        plan.iter().map(|m| m.version).collect()
    }

    #[test]
    fn up_applies_pending_up_to_the_target() {
        let s = set();
        assert_eq!(
            versions(&plan_up(&s, &applied(&s, &[1]), None, false).unwrap()),
            [2, 3, 4]
        );
        assert_eq!(
            versions(&plan_up(&s, &applied(&s, &[1]), Some(3), false).unwrap()),
            [2, 3]
        );
        assert_eq!(
            plan_up(&s, &[], Some(9), false).unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }

    #[test]
    fn up_refuses_out_of_order_unless_allowed() {
        let s = set();
        let err = plan_up(&s, &applied(&s, &[1, 3]), None, false).unwrap_err();
        assert!(err.to_string().contains("--allow-out-of-order"), "{err}");
        assert_eq!(
            versions(&plan_up(&s, &applied(&s, &[1, 3]), None, true).unwrap()),
            [2, 4]
        );
    }

    #[test]
    fn changed_checksums_are_all_reported() {
        let s = set();
        let mut a = applied(&s, &[1, 2]);
        a[0].checksum = vec![0; 48];
        a[1].checksum = vec![1; 48];
        let err = plan_up(&s, &a, None, false).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadInput);
        let text = err.to_string();
        assert!(
            text.contains("1 (a)") && text.contains("2 (b)") && text.contains(&"00".repeat(48)),
            "{text}"
        );
    }

    #[test]
    fn down_needs_every_down_script_up_front() {
        let s = set();
        let all = applied(&s, &[1, 2, 3, 4]);
        let err = plan_down(&s, &all, DownTarget::All).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadInput);
        let text = err.to_string();
        assert!(
            text.contains("3_c.down.sql") && text.contains("4_d.sql"),
            "{text}"
        );
        assert_eq!(
            versions(&plan_down(&s, &applied(&s, &[1, 2]), DownTarget::All).unwrap()),
            [2, 1]
        );
        assert_eq!(
            versions(&plan_down(&s, &applied(&s, &[1, 2]), DownTarget::Steps(1)).unwrap()),
            [2]
        );
        assert_eq!(
            versions(&plan_down(&s, &applied(&s, &[1, 2]), DownTarget::To(1)).unwrap()),
            [2]
        );
        assert!(plan_down(&s, &applied(&s, &[1, 2]), DownTarget::To(0)).is_ok());
    }

    #[test]
    fn dirty_and_missing_history_are_refused() {
        let s = set();
        let mut a = applied(&s, &[1]);
        a[0].success = false;
        assert!(matches!(
            plan_up(&s, &a, None, false),
            Err(Error::DirtyMigration { version: 1, .. })
        ));
        let mut ghost = applied(&s, &[1]);
        ghost.push(AppliedMigration {
            version: 7,
            ..ghost[0].clone()
        });
        assert_eq!(
            plan_up(&s, &ghost, None, false).unwrap_err().kind(),
            ErrorKind::InputMissing
        );
    }
}
