//! The backups of a directory: `backup list` and `backup prune`.
//!
//! A subdirectory is a backup when it has a manifest; one named
//! `<name>.partial` is a backup being written (its run holds the lock file)
//! or abandoned by a run that died (nobody holds it). Prune keeps what the
//! `--keep-*` rules select, always keeps the newest verified backup, and
//! removes the rest and the abandoned partial directories. A backup is
//! removed by first renaming it to `<name>.partial`, so a prune interrupted
//! halfway leaves something visibly incomplete (and removed by the next
//! prune), never a backup that looks whole and is not.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::create::LOCK_FILE;
use super::manifest::{self, Manifest};
use crate::error::{Error, ErrorKind, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Complete, and its last `verify` passed.
    Verified,
    /// Complete, never verified.
    Complete,
    /// Its last `verify` failed.
    Corrupt,
    /// Being written by a running `backup create`.
    Running,
    /// Left by a `backup create` that died.
    Incomplete,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Complete => "complete",
            Status::Corrupt => "corrupt",
            Status::Running => "running",
            Status::Incomplete => "incomplete",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub status: Status,
    pub database: Option<String>,
    pub migration_version: Option<i64>,
    /// RFC 3339; for a partial directory, its modification time.
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub seconds: Option<f64>,
    /// All files on disk.
    pub bytes: u64,
    pub rows: Option<u64>,
    pub verified_at: Option<String>,
    /// Why the last verification failed.
    pub problem: Option<String>,
    #[serde(skip)]
    time: Option<OffsetDateTime>,
}

/// The backups in `dir`, newest first. A directory that does not exist
/// holds no backups.
pub fn list(dir: &Path) -> Result<Vec<Entry>> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::io(
                "cannot read the backup directory",
                dir,
                ErrorKind::InputMissing,
            )(e));
        }
    };
    let mut entries = Vec::new();
    for item in read {
        let item = item.map_err(Error::io(
            "cannot read the backup directory",
            dir,
            ErrorKind::InputMissing,
        ))?;
        let path = item.path();
        if !path.is_dir() {
            continue;
        }
        let name = item.file_name().to_string_lossy().into_owned();
        if manifest::is_partial(&path) {
            entries.push(partial_entry(name, path));
        } else if path.join(manifest::MANIFEST_FILE).is_file() {
            entries.push(complete_entry(name, path));
        }
    }
    entries.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| b.name.cmp(&a.name)));
    Ok(entries)
}

fn partial_entry(name: String, path: PathBuf) -> Entry {
    // Whoever writes the backup holds this lock until it is renamed.
    let running = File::open(path.join(LOCK_FILE)).is_ok_and(|f| f.try_lock_shared().is_err());
    let time = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .ok()
        .map(OffsetDateTime::from);
    Entry {
        name,
        bytes: disk_usage(&path),
        path,
        status: if running {
            Status::Running
        } else {
            Status::Incomplete
        },
        database: None,
        migration_version: None,
        started_at: time.and_then(|t| t.format(&Rfc3339).ok()),
        finished_at: None,
        seconds: None,
        rows: None,
        verified_at: None,
        problem: None,
        time,
    }
}

fn complete_entry(name: String, path: PathBuf) -> Entry {
    let manifest = Manifest::read(&path);
    let verified = manifest::read_verified(&path);
    let (status, problem) = match (&manifest, &verified) {
        (Err(e), _) => (Status::Corrupt, Some(e.to_string())),
        (Ok(_), Some(v)) if v.ok => (Status::Verified, None),
        (Ok(_), Some(v)) => (Status::Corrupt, v.problem.clone()),
        (Ok(_), None) => (Status::Complete, None),
    };
    let manifest = manifest.ok();
    let parse = |s: &str| OffsetDateTime::parse(s, &Rfc3339).ok();
    let started = manifest.as_ref().and_then(|m| parse(&m.started_at));
    let finished = manifest.as_ref().and_then(|m| parse(&m.finished_at));
    Entry {
        name,
        bytes: disk_usage(&path),
        path,
        status,
        database: manifest.as_ref().map(|m| m.database.clone()),
        migration_version: manifest.as_ref().map(|m| m.migration_version),
        started_at: manifest.as_ref().map(|m| m.started_at.clone()),
        finished_at: manifest.as_ref().map(|m| m.finished_at.clone()),
        seconds: started.zip(finished).map(|(s, f)| (f - s).as_seconds_f64()),
        rows: manifest.as_ref().map(|m| m.rows()),
        verified_at: verified.as_ref().map(|v| v.at.clone()),
        problem,
        time: finished,
    }
}

/// Bytes of the files under `path`.
fn disk_usage(path: &Path) -> u64 {
    let Ok(read) = std::fs::read_dir(path) else {
        return 0;
    };
    read.flatten()
        .map(|item| match item.metadata() {
            Ok(m) if m.is_dir() => disk_usage(&item.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

#[derive(Debug, Clone, Default)]
pub struct PruneOptions {
    pub keep_last: Option<usize>,
    pub keep_daily: Option<usize>,
    pub keep_weekly: Option<usize>,
    pub dry_run: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Decision {
    #[serde(flatten)]
    pub entry: Entry,
    pub keep: bool,
    /// Why it is kept or removed.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PruneReport {
    pub dir: PathBuf,
    pub dry_run: bool,
    pub kept: usize,
    pub removed: usize,
    pub bytes_freed: u64,
    pub backups: Vec<Decision>,
}

/// Decides which backups of `dir` to keep and, unless dry-run, removes the
/// others.
pub fn prune(dir: &Path, options: &PruneOptions) -> Result<PruneReport> {
    if options.keep_last.is_none() && options.keep_daily.is_none() && options.keep_weekly.is_none() {
        return Err(Error::Refused(
            "say what to keep: --keep-last N, --keep-daily N and/or --keep-weekly N".to_owned(),
        ));
    }
    if !dir.is_dir() {
        return Err(Error::Io {
            message: "no backup directory at",
            path: dir.to_owned(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
            kind: ErrorKind::InputMissing,
        });
    }
    let decisions = decide(list(dir)?, options);
    let mut report = PruneReport {
        dir: dir.to_owned(),
        dry_run: options.dry_run,
        kept: decisions.iter().filter(|d| d.keep).count(),
        removed: 0,
        bytes_freed: 0,
        backups: Vec::new(),
    };
    for decision in decisions {
        if !decision.keep && !options.dry_run {
            remove(&decision.entry)?;
        }
        if !decision.keep {
            report.removed += 1;
            report.bytes_freed += decision.entry.bytes;
        }
        report.backups.push(decision);
    }
    Ok(report)
}

/// The keep-or-remove decision for each entry (newest first).
pub fn decide(entries: Vec<Entry>, options: &PruneOptions) -> Vec<Decision> {
    let mut decisions: Vec<Decision> = entries
        .into_iter()
        .map(|entry| Decision {
            entry,
            keep: false,
            reasons: Vec::new(),
        })
        .collect();
    // Only sound backups count towards the rules.
    let countable = |d: &Decision| matches!(d.entry.status, Status::Verified | Status::Complete);

    if let Some(n) = options.keep_last {
        for d in decisions.iter_mut().filter(|d| countable(d)).take(n) {
            d.keep = true;
            d.reasons.push(format!("one of the last {n}"));
        }
    }
    for (n, period, key) in [
        (
            options.keep_daily,
            "day",
            day_key as fn(OffsetDateTime) -> (i32, u16),
        ),
        (options.keep_weekly, "week", week_key),
    ] {
        let Some(n) = n else { continue };
        let mut seen = BTreeSet::new();
        for d in decisions.iter_mut().filter(|d| countable(d)) {
            let Some(time) = d.entry.time else { continue };
            if seen.len() == n && !seen.contains(&key(time)) {
                break;
            }
            // The newest backup of each period is the one kept.
            if seen.insert(key(time)) {
                d.keep = true;
                d.reasons.push(format!("newest of its {period} (keeping {n})"));
            }
        }
    }
    if let Some(d) = decisions.iter_mut().find(|d| d.entry.status == Status::Verified) {
        if !d.keep {
            d.reasons
                .push("the newest verified backup is always kept".to_owned());
        }
        d.keep = true;
    }
    for d in &mut decisions {
        match d.entry.status {
            Status::Running => {
                d.keep = true;
                d.reasons.push("being written".to_owned());
            }
            Status::Incomplete => d.reasons.push("left by a backup that did not finish".to_owned()),
            Status::Corrupt if !d.keep => d.reasons.push("its last verification failed".to_owned()),
            _ if !d.keep => d.reasons.push("not selected by any --keep rule".to_owned()),
            _ => {}
        }
    }
    decisions
}

fn day_key(time: OffsetDateTime) -> (i32, u16) {
    (time.year(), time.ordinal())
}

fn week_key(time: OffsetDateTime) -> (i32, u16) {
    let (year, week, _) = time.to_iso_week_date();
    (year, u16::from(week))
}

fn remove(entry: &Entry) -> Result<()> {
    let doomed = if manifest::is_partial(&entry.path) {
        entry.path.clone()
    } else {
        let partial = manifest::partial_path(&entry.path);
        std::fs::rename(&entry.path, &partial).map_err(Error::io(
            "cannot remove backup",
            &entry.path,
            ErrorKind::CannotCreate,
        ))?;
        partial
    };
    std::fs::remove_dir_all(&doomed).map_err(Error::io(
        "cannot remove backup",
        &doomed,
        ErrorKind::CannotCreate,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, finished: &str, status: Status) -> Entry {
        let time = OffsetDateTime::parse(finished, &Rfc3339).unwrap();
        Entry {
            name: name.to_owned(),
            path: PathBuf::from(name),
            status,
            database: None,
            migration_version: None,
            started_at: None,
            finished_at: Some(finished.to_owned()),
            seconds: None,
            bytes: 10,
            rows: None,
            verified_at: None,
            problem: None,
            time: Some(time),
        }
    }

    fn kept(decisions: &[Decision]) -> Vec<&str> {
        decisions
            .iter()
            .filter(|d| d.keep)
            .map(|d| d.entry.name.as_str())
            .collect()
    }

    /// Newest first, as `list` returns them.
    fn history() -> Vec<Entry> {
        vec![
            entry("d5b", "2026-11-20T18:00:00Z", Status::Complete),
            entry("d5a", "2026-11-20T06:00:00Z", Status::Complete),
            entry("d4", "2026-11-19T06:00:00Z", Status::Corrupt),
            entry("d3", "2026-11-18T06:00:00Z", Status::Verified),
            entry("d2", "2026-11-12T06:00:00Z", Status::Complete),
            entry("d1", "2026-11-05T06:00:00Z", Status::Complete),
        ]
    }

    #[test]
    fn keep_last_counts_sound_backups_and_the_newest_verified_is_always_kept() {
        let decisions = decide(
            history(),
            &PruneOptions {
                keep_last: Some(2),
                ..Default::default()
            },
        );
        assert_eq!(kept(&decisions), ["d5b", "d5a", "d3"]);
        let d3 = decisions.iter().find(|d| d.entry.name == "d3").unwrap();
        assert!(d3.reasons[0].contains("newest verified"), "{:?}", d3.reasons);
    }

    #[test]
    fn keep_daily_keeps_the_newest_of_each_day_and_skips_corrupt_ones() {
        let decisions = decide(
            history(),
            &PruneOptions {
                keep_daily: Some(3),
                ..Default::default()
            },
        );
        // Days 20 (d5b), 18 (d3), 12 (d2); day 19 only has a corrupt backup.
        assert_eq!(kept(&decisions), ["d5b", "d3", "d2"]);
    }

    #[test]
    fn keep_weekly_keeps_the_newest_of_each_iso_week() {
        let decisions = decide(
            history(),
            &PruneOptions {
                keep_weekly: Some(2),
                ..Default::default()
            },
        );
        // Week 47 (16-22 Nov): d5b; week 46 (9-15 Nov): d2; d3 as newest verified.
        assert_eq!(kept(&decisions), ["d5b", "d3", "d2"]);
    }

    #[test]
    fn running_backups_are_kept_and_abandoned_ones_removed() {
        let mut entries = history();
        entries.insert(0, entry("run.partial", "2026-11-21T06:00:00Z", Status::Running));
        entries.insert(
            1,
            entry("dead.partial", "2026-11-21T05:00:00Z", Status::Incomplete),
        );
        let decisions = decide(
            entries,
            &PruneOptions {
                keep_last: Some(1),
                ..Default::default()
            },
        );
        assert_eq!(kept(&decisions), ["run.partial", "d5b", "d3"]);
    }
}
