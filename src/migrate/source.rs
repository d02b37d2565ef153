//! Migration files: naming, pairing of up and down scripts, checksums.
//!
//! The rules are sqlx's, so that `sqlx migrate` and `sqlx::migrate!()` read the
//! same set: `<version>_<name>.up.sql` / `.down.sql` (or a one-way
//! `<version>_<name>.sql`), the description is the name with `_` turned into
//! spaces, the checksum is SHA-384 of the up file's exact bytes, and a file
//! whose text starts with `-- no-transaction` runs outside a transaction.
//! Where sqlx silently ignores a `.sql` file it cannot name, we refuse it: a
//! misnamed migration that never runs is worse than an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha384};

use crate::error::{Error, ErrorKind, Result};

const NO_TRANSACTION: &str = "-- no-transaction";

/// One SQL file of a migration.
#[derive(Debug, Clone)]
pub struct Script {
    /// File name, for messages.
    pub file: String,
    pub sql: String,
    /// SHA-384 of the file's bytes, as sqlx computes it.
    pub checksum: Vec<u8>,
    /// The file opts out of the transaction (`-- no-transaction` first line).
    pub no_transaction: bool,
}

impl Script {
    fn new(file: String, sql: String) -> Script {
        let checksum = Sha384::digest(sql.as_bytes()).to_vec();
        let no_transaction = sql.starts_with(NO_TRANSACTION);
        Script {
            file,
            sql,
            checksum,
            no_transaction,
        }
    }
}

/// A migration: its up script and, when reversible, its down script.
#[derive(Debug, Clone)]
pub struct Migration {
    pub version: i64,
    /// sqlx's description: the file name's words, separated by spaces.
    pub description: String,
    pub up: Script,
    pub down: Option<Script>,
    /// False for a one-way `<version>_<name>.sql` file.
    pub reversible: bool,
}

/// An ordered, validated set of migrations.
#[derive(Debug, Clone)]
pub struct MigrationSet {
    /// "embedded" or the directory it was read from.
    pub origin: String,
    pub migrations: Vec<Migration>,
}

/// Migrations compiled into the binary from `migrations/` (see `build.rs`).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_migrations.rs"));
}

enum Kind {
    Up,
    Down,
    Simple,
}

impl MigrationSet {
    /// The migrations embedded in this binary.
    pub fn embedded() -> Result<MigrationSet> {
        let files = embedded::MIGRATIONS
            .iter()
            .map(|(name, sql)| ((*name).to_owned(), (*sql).to_owned()));
        Self::from_files("embedded", files)
    }

    /// The migrations in a directory (not recursive).
    pub fn from_dir(dir: &Path) -> Result<MigrationSet> {
        if !dir.is_dir() {
            return Err(Error::SourceMissing(dir.to_owned()));
        }
        let entries = std::fs::read_dir(dir).map_err(Error::io(
            "cannot read migration directory",
            dir,
            ErrorKind::InputMissing,
        ))?;
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(Error::io(
                "cannot read migration directory",
                dir,
                ErrorKind::InputMissing,
            ))?;
            let path = entry.path();
            if !path.is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".sql") {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(Error::io(
                "cannot read migration",
                &path,
                ErrorKind::InputMissing,
            ))?;
            let sql = String::from_utf8(bytes).map_err(|_| {
                Error::MigrationSource(format!("migration {} is not valid UTF-8", path.display()))
            })?;
            files.push((name, sql));
        }
        Self::from_files(&dir.display().to_string(), files)
    }

    /// Builds a set from (file name, contents) pairs, checking that versions
    /// are unique and every down script has its up script.
    pub fn from_files(
        origin: &str,
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<MigrationSet> {
        struct Parts {
            description: String,
            up: Option<Script>,
            down: Option<Script>,
            simple: Option<Script>,
        }
        let mut by_version: BTreeMap<i64, Parts> = BTreeMap::new();
        for (file, sql) in files {
            let (version, description, kind) = parse_file_name(&file)?;
            let parts = by_version.entry(version).or_insert_with(|| Parts {
                description: description.clone(),
                up: None,
                down: None,
                simple: None,
            });
            if parts.description != description {
                return Err(Error::MigrationSource(format!(
                    "version {version} is used by two migrations (\"{}\" and \"{description}\") in {origin}; give one a new version",
                    parts.description
                )));
            }
            let slot = match kind {
                Kind::Up => &mut parts.up,
                Kind::Down => &mut parts.down,
                Kind::Simple => &mut parts.simple,
            };
            if slot.is_some() {
                return Err(Error::MigrationSource(format!(
                    "{file} appears twice in {origin}"
                )));
            }
            *slot = Some(Script::new(file, sql));
        }

        let mut migrations = Vec::with_capacity(by_version.len());
        for (version, parts) in by_version {
            let migration = match (parts.up, parts.down, parts.simple) {
                (Some(up), down, None) => Migration {
                    version,
                    description: parts.description,
                    up,
                    down,
                    reversible: true,
                },
                (None, None, Some(simple)) => Migration {
                    version,
                    description: parts.description,
                    up: simple,
                    down: None,
                    reversible: false,
                },
                (None, Some(down), None) => {
                    return Err(Error::MigrationSource(format!(
                        "{} in {origin} has no matching .up.sql file",
                        down.file
                    )));
                }
                (_, _, Some(simple)) => {
                    return Err(Error::MigrationSource(format!(
                        "{} in {origin} is a one-way migration, but version {version} also has .up.sql/.down.sql files; keep one form",
                        simple.file
                    )));
                }
                (None, None, None) => unreachable!("a version is only recorded with a file"),
            };
            migrations.push(migration);
        }
        Ok(MigrationSet {
            origin: origin.to_owned(),
            migrations,
        })
    }

    pub fn get(&self, version: i64) -> Option<&Migration> {
        self.migrations
            .binary_search_by_key(&version, |m| m.version)
            .ok()
            .map(|i| &self.migrations[i])
    }

    pub fn latest_version(&self) -> Option<i64> {
        self.migrations.last().map(|m| m.version)
    }
}

fn parse_file_name(file: &str) -> Result<(i64, String, Kind)> {
    let bad = |why: &str| {
        Error::MigrationSource(format!(
            "migration file name {file:?} {why}; expected <version>_<name>.up.sql and <version>_<name>.down.sql \
             (create them with `platformctl migrate new NAME`)"
        ))
    };
    let (stem, kind) = if let Some(stem) = file.strip_suffix(".up.sql") {
        (stem, Kind::Up)
    } else if let Some(stem) = file.strip_suffix(".down.sql") {
        (stem, Kind::Down)
    } else if let Some(stem) = file.strip_suffix(".sql") {
        (stem, Kind::Simple)
    } else {
        return Err(bad("does not end in .sql"));
    };
    let Some((version, name)) = stem.split_once('_') else {
        return Err(bad("has no '_' between version and name"));
    };
    let version: i64 = version
        .parse()
        .map_err(|_| bad("does not start with an integer version"))?;
    if version <= 0 {
        return Err(bad("has a version that is not positive"));
    }
    if name.is_empty() {
        return Err(bad("has an empty name"));
    }
    Ok((version, name.replace('_', " "), kind))
}

/// The pair of files `migrate new` creates.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NewMigration {
    pub version: i64,
    pub up: PathBuf,
    pub down: PathBuf,
}

/// Creates `<version>_<name>.up.sql` and `.down.sql` in `dir` with the next
/// version: the UTC time as `YYYYMMDDHHMMSS` (sqlx's default), or the next
/// integer when the directory already numbers its migrations 1, 2, 3...
pub fn create_migration(dir: &Path, name: &str, now: time::OffsetDateTime) -> Result<NewMigration> {
    let slug: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect::<String>()
        .split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if slug.is_empty() {
        return Err(Error::MigrationSource(format!(
            "migration name {name:?} has no letters or digits; use words like add_user_email"
        )));
    }
    std::fs::create_dir_all(dir).map_err(Error::io(
        "cannot create migration directory",
        dir,
        ErrorKind::CannotCreate,
    ))?;
    let existing = MigrationSet::from_dir(dir)?;
    let latest = existing.latest_version();

    const TIMESTAMP_VERSION: i64 = 10_000_000_000_000; // 14 digits and up
    let (version, width) = match latest {
        Some(latest) if latest < TIMESTAMP_VERSION => {
            // Keep the zero-padding the directory already uses (0001_, 0002_...).
            let width = existing
                .migrations
                .iter()
                .map(|m| m.up.file.split('_').next().map_or(0, str::len))
                .max()
                .unwrap_or(1);
            (latest + 1, width)
        }
        _ => {
            let stamp: i64 = format!(
                "{:04}{:02}{:02}{:02}{:02}{:02}",
                now.year(),
                u8::from(now.month()),
                now.day(),
                now.hour(),
                now.minute(),
                now.second()
            )
            .parse()
            .expect("digits");
            (stamp.max(latest.map_or(0, |l| l + 1)), 14)
        }
    };

    let stem = format!("{version:0width$}_{slug}");
    let up = dir.join(format!("{stem}.up.sql"));
    let down = dir.join(format!("{stem}.down.sql"));
    let up_text = format!(
        "-- {description}\n\
         -- Runs in one transaction with its history row. To run outside a transaction\n\
         -- (CREATE INDEX CONCURRENTLY), make the first line: -- no-transaction\n",
        description = slug.replace('_', " ")
    );
    let down_text = format!("-- Reverts {stem}.up.sql. `platformctl migrate verify` checks that it does.\n");
    write_new(&up, &up_text)?;
    if let Err(e) = write_new(&down, &down_text) {
        let _ = std::fs::remove_file(&up);
        return Err(e);
    }
    Ok(NewMigration { version, up, down })
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(Error::io(
            "cannot create migration file",
            path,
            ErrorKind::CannotCreate,
        ))?;
    file.write_all(text.as_bytes()).map_err(Error::io(
        "cannot write migration file",
        path,
        ErrorKind::CannotCreate,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> Result<MigrationSet> {
        MigrationSet::from_files("test", files.iter().map(|(n, s)| (n.to_string(), s.to_string())))
    }

    #[test]
    fn pairs_and_orders_like_sqlx() {
        let s = set(&[
            ("2_add_email.up.sql", "alter table t add email text;"),
            ("1_create_t.up.sql", "-- no-transaction\ncreate table t();"),
            ("1_create_t.down.sql", "drop table t;"),
            ("3_one_way.sql", "select 1;"),
        ])
        .unwrap();
        let versions: Vec<i64> = s.migrations.iter().map(|m| m.version).collect();
        assert_eq!(versions, [1, 2, 3]);
        assert_eq!(s.migrations[0].description, "create t");
        assert!(s.migrations[0].up.no_transaction);
        assert!(s.migrations[0].down.is_some());
        assert!(s.migrations[1].down.is_none() && s.migrations[1].reversible);
        assert!(!s.migrations[2].reversible);
        assert_eq!(
            crate::hex::encode(&s.migrations[1].up.checksum),
            crate::hex::encode(&Sha384::digest(b"alter table t add email text;"))
        );
    }

    #[test]
    fn refuses_what_sqlx_would_misread() {
        let err = |files: &[(&str, &str)]| set(files).unwrap_err().to_string();
        assert!(err(&[("1_a.down.sql", "")]).contains("no matching .up.sql"));
        assert!(err(&[("1_a.up.sql", ""), ("1_b.up.sql", "")]).contains("version 1 is used by two"));
        assert!(err(&[("x_a.up.sql", "")]).contains("integer version"));
        assert!(err(&[("1.up.sql", "")]).contains("no '_'"));
        assert!(err(&[("1_a.sql", ""), ("1_a.up.sql", "")]).contains("keep one form"));
    }

    #[test]
    fn new_migration_follows_the_directory_numbering() {
        let dir = tempfile::tempdir().unwrap();
        let now = time::macros::datetime!(2026-11-21 10:20:30 UTC);
        let first = create_migration(dir.path(), "Create Users!", now).unwrap();
        assert_eq!(first.version, 20261121102030);
        assert!(first.up.ends_with("20261121102030_create_users.up.sql"));

        let seq = tempfile::tempdir().unwrap();
        std::fs::write(seq.path().join("0007_a.up.sql"), "").unwrap();
        let next = create_migration(seq.path(), "b", now).unwrap();
        assert!(next.up.ends_with("0008_b.up.sql"), "{:?}", next.up);
        assert!(next.down.exists());
        // The new pair is itself a valid set member.
        assert_eq!(MigrationSet::from_dir(seq.path()).unwrap().migrations.len(), 2);
    }
}
