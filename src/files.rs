//! Files that hold the platform's rows outside the database (backups,
//! retention archives): readable by their owner only, whatever the umask,
//! since they carry personal data, password hashes and encrypted secrets;
//! and synced where a crash must not lose what they say.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// Directories: owner only.
const DIR_MODE: u32 = 0o700;
/// Files: owner read and write only.
const FILE_MODE: u32 = 0o600;

/// Creates `path` (`recursive`: with its missing parents) as a private
/// directory. Parents created on the way are private too.
pub fn create_private_dir(path: &Path, recursive: bool) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(recursive);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(path)
}

/// Options that create a private file (their other settings are the
/// caller's).
pub fn private_file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

/// Creates a new private file for writing; fails if it exists.
pub fn create_private_file(path: &Path) -> std::io::Result<File> {
    private_file_options().write(true).create_new(true).open(path)
}

/// Writes `bytes` to a private file (replacing one of that name) and syncs
/// it to disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let cannot = || Error::io("cannot write", path, ErrorKind::CannotCreate);
    let mut file = private_file_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(cannot())?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(cannot())
}

/// Syncs a directory, so that the names created or renamed in it survive a
/// crash.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(Error::io(
        "cannot sync directory",
        dir,
        ErrorKind::CannotCreate,
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn what_is_created_is_its_owners_alone() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        create_private_dir(&dir, true).unwrap();
        assert_eq!(mode(&root.path().join("a")), 0o700);
        assert_eq!(mode(&dir), 0o700);

        let file = dir.join("chunk");
        create_private_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert!(
            create_private_file(&file).is_err(),
            "an existing file is not reused"
        );

        let written = dir.join("manifest.json");
        write_synced(&written, b"first").unwrap();
        write_synced(&written, b"2").unwrap();
        assert_eq!(std::fs::read(&written).unwrap(), b"2");
        assert_eq!(mode(&written), 0o600);
    }
}
