//! Reading seed files: size limit, YAML parsing, includes, and the errors that
//! name file, line, column and record.
//!
//! Files come from disk, or, for the environments shipped with platformctl,
//! from copies built into the binary when no `seeds/` directory is at hand (so
//! `setup` works from any directory).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_saphyr::Location;

use super::document::Document;
use crate::error::{Error, ErrorKind, Result};

/// Seed files larger than this are refused before they are parsed: seeds are
/// hand-written samples, and bulk data is `seed generate`'s job.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Includes deeper than this are refused (a cycle is reported as such first).
const MAX_INCLUDE_DEPTH: usize = 16;

/// The seed files of the built-in environments, as shipped.
const BUILT_IN: &[(&str, &str)] = &[
    ("seeds/common.yaml", include_str!("../../seeds/common.yaml")),
    (
        "seeds/development.yaml",
        include_str!("../../seeds/development.yaml"),
    ),
    ("seeds/demo.yaml", include_str!("../../seeds/demo.yaml")),
    ("seeds/test.yaml", include_str!("../../seeds/test.yaml")),
];

/// A seed file that cannot be loaded or applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SeedError {
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: u32,
    pub column: u32,
    /// The record, e.g. `workspaces[2].members[0].user`; empty for the file itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for SeedError {}

impl SeedError {
    pub fn at(file: &str, location: Location, path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::detailed(
            ErrorKind::BadInput,
            SeedError {
                file: file.to_owned(),
                line: location.line() as u32,
                column: location.column() as u32,
                path: path.into(),
                message: message.into(),
            },
        )
    }

    fn whole_file(file: &str, message: impl Into<String>) -> Error {
        SeedError::at(file, Location::UNKNOWN, "", message)
    }
}

/// One parsed file, named as the user would write it.
#[derive(Debug)]
pub struct SeedFile {
    pub name: String,
    pub document: Document,
}

/// Where seed files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Disk,
    /// The copy built into this binary (no `seeds/` directory was found).
    BuiltIn,
}

/// The files of an environment: `seeds/<env>.yaml` on disk, or the built-in
/// copy when that file is not there and the environment is one we ship.
pub fn environment_file(env: &str) -> Result<(PathBuf, Origin)> {
    let path = PathBuf::from(format!("seeds/{env}.yaml"));
    if path.exists() {
        return Ok((path, Origin::Disk));
    }
    if built_in(&path).is_some() {
        return Ok((path, Origin::BuiltIn));
    }
    let known: Vec<&str> = BUILT_IN
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("seeds/")?.strip_suffix(".yaml"))
        .filter(|name| *name != "common")
        .collect();
    Err(Error::io(
        "no seed file for this environment",
        &path,
        ErrorKind::InputMissing,
    )(std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!(
            "run from the project directory, pass --file, or use one of the built-in environments: {}",
            known.join(", ")
        ),
    )))
}

fn built_in(path: &Path) -> Option<&'static str> {
    let wanted = normalize(path);
    BUILT_IN
        .iter()
        .find(|(name, _)| Path::new(name) == wanted)
        .map(|(_, text)| *text)
}

/// Loads `roots` and everything they include, includes first, each file once.
pub fn load(roots: &[PathBuf], origin: &Origin) -> Result<Vec<SeedFile>> {
    let mut loader = Loader {
        origin: origin.clone(),
        seen: HashSet::new(),
        stack: Vec::new(),
        files: Vec::new(),
    };
    for root in roots {
        loader.load(root, None)?;
    }
    Ok(loader.files)
}

struct Loader {
    origin: Origin,
    seen: HashSet<PathBuf>,
    /// The chain of files being included, to report a cycle.
    stack: Vec<PathBuf>,
    files: Vec<SeedFile>,
}

impl Loader {
    /// `from`: the including file and where it named this one.
    fn load(&mut self, path: &Path, from: Option<(&str, Location, String)>) -> Result<()> {
        let path = normalize(path);
        if self.stack.contains(&path) {
            let chain: Vec<String> = self
                .stack
                .iter()
                .chain([&path])
                .map(|p| p.display().to_string())
                .collect();
            let (file, location, record) = from.expect("a cycle needs an including file");
            return Err(SeedError::at(
                file,
                location,
                record,
                format!("include cycle: {}", chain.join(" -> ")),
            ));
        }
        if !self.seen.insert(path.clone()) {
            return Ok(());
        }
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            let (file, location, record) = from.expect("depth > 0 needs an including file");
            return Err(SeedError::at(
                file,
                location,
                record,
                format!("includes nest deeper than {MAX_INCLUDE_DEPTH} files"),
            ));
        }
        let name = path.display().to_string();
        let text = self.read(&path, from)?;
        let document = parse(&name, &text)?;
        self.stack.push(path.clone());
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for (i, include) in document.include.iter().enumerate() {
            let target = dir.join(&include.value);
            self.load(
                &target,
                Some((&name, include.referenced, format!("include[{i}]"))),
            )?;
        }
        self.stack.pop();
        self.files.push(SeedFile { name, document });
        Ok(())
    }

    fn read(&self, path: &Path, from: Option<(&str, Location, String)>) -> Result<String> {
        let missing = |message: String| match &from {
            Some((file, location, record)) => SeedError::at(file, *location, record.clone(), message),
            None => Error::io("cannot read seed file", path, ErrorKind::InputMissing)(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                message,
            )),
        };
        if self.origin == Origin::BuiltIn {
            return built_in(path)
                .map(str::to_owned)
                .ok_or_else(|| missing(format!("no built-in seed file {}", path.display())));
        }
        let name = path.display().to_string();
        let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => missing(format!("{} does not exist", path.display())),
            _ => Error::io("cannot read seed file", path, ErrorKind::BadInput)(e),
        })?;
        if metadata.len() > MAX_FILE_BYTES {
            return Err(SeedError::whole_file(
                &name,
                format!(
                    "the file is {} bytes, more than the {MAX_FILE_BYTES}-byte limit for seed files; \
                     seed files are hand-written samples, use `platformctl seed generate` for bulk data",
                    metadata.len()
                ),
            ));
        }
        let bytes =
            std::fs::read(path).map_err(Error::io("cannot read seed file", path, ErrorKind::BadInput))?;
        String::from_utf8(bytes).map_err(|e| {
            SeedError::whole_file(
                &name,
                format!(
                    "not UTF-8 (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })
    }
}

/// Parses one file. saphyr's budget (events, nodes, alias expansions) stops
/// an alias bomb that is small on disk and enormous in memory.
fn parse(name: &str, text: &str) -> Result<Document> {
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options::<Option<Document>>(text, options)
        .map(Option::unwrap_or_default)
        .map_err(|error| {
            let location = error.location().unwrap_or(Location::UNKNOWN);
            let message = error.without_snippet().to_string();
            let path = super::locate::record_path(text, location).unwrap_or_default();
            SeedError::at(name, location, path, strip_location(&message))
        })
}

/// saphyr's message, reworded for someone editing a seed file: the location
/// is printed first, compiler style, so its " at line L, column C" goes, and
/// so do hints about the parser's own options.
fn strip_location(message: &str) -> String {
    let message = message.lines().next().unwrap_or_default();
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    if message.starts_with("budget breached") {
        return format!(
            "the document is too large once its aliases are expanded ({}); seed files are hand-written \
             samples, use `platformctl seed generate` for bulk data",
            message.trim_start_matches("budget breached: ")
        );
    }
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        return format!("duplicate key `{key}`: each field may appear once");
    }
    match message {
        "invalid i32" | "invalid i64" => "expected a whole number".to_owned(),
        other => other.to_owned(),
    }
}

/// `a/./b/../c.yaml` -> `a/c.yaml`, without touching the file system (built-in
/// files have no file system to ask).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
