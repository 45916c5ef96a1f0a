//! The progress file format, its migrations, and the file-system primitives:
//! atomic writes, the store lock, moving a bad file aside.
//!
//! Schema 2 (current):
//!
//! ```ron
//! (
//!     schema: 2,
//!     flows: {
//!         "card-replace-activate": (
//!             revision: Some("9c0f7d3a21b4e655"),
//!             steps: ["why", "function", "medical", "bank", "after-medical", "trouble"],
//!             updated: 1767225600,
//!             saves: 3,
//!             answers: {"function": "bank"},
//!             ticks: {"bank": ["id-card"]},
//!             current: Some("bank"),
//!         ),
//!     },
//! )
//! ```
//!
//! Schema 1 (the first release) kept a list of engine states and one
//! file-wide `saved` time; see `tests/fixtures/progress-v1.ron`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::engine::State;
use crate::flow::Flow;

/// The schema this build writes, and the newest it reads.
pub const SCHEMA: u32 = 2;

/// One user's progress file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV2 {
    pub schema: u32,
    #[serde(default)]
    pub flows: BTreeMap<String, Record>,
    /// The person's language, last position, closed (absent when empty).
    #[serde(default, skip_serializing_if = "super::person::Person::is_empty")]
    pub person: super::person::Person,
}

impl Default for FileV2 {
    fn default() -> Self {
        FileV2 {
            schema: SCHEMA,
            flows: BTreeMap::new(),
            person: Default::default(),
        }
    }
}

/// One flow's saved progress.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// [`fingerprint`] of the flow the progress was saved against; `None`
    /// when unknown (migrated from schema 1).
    #[serde(default)]
    pub revision: Option<String>,
    /// The flow's step ids at that revision (to say later what was added).
    #[serde(default)]
    pub steps: Vec<String>,
    /// Last change, seconds since the Unix epoch.
    pub updated: u64,
    /// How many times this record was written; tells a session whether
    /// another one changed the flow since it last looked.
    #[serde(default)]
    pub saves: u64,
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    #[serde(default)]
    pub ticks: BTreeMap<String, BTreeSet<String>>,
    #[serde(default)]
    pub current: Option<String>,
}

impl Record {
    pub fn state(&self, flow_id: &str) -> State {
        State {
            flow_id: flow_id.to_string(),
            answers: self.answers.clone(),
            ticks: self.ticks.clone(),
            current: self.current.clone(),
        }
    }

    /// The record for `state`, saved against `flow` at `updated`.
    pub fn new(flow: &Flow, state: &State, updated: u64, saves: u64) -> Record {
        Record {
            revision: Some(fingerprint(flow)),
            steps: flow.steps.iter().map(|s| s.id.clone()).collect(),
            updated,
            saves,
            answers: state.answers.clone(),
            ticks: state.ticks.clone(),
            current: state.current.clone(),
        }
    }

    /// Same progress (ignoring when and how often it was saved).
    pub fn same_progress(&self, other: &Record) -> bool {
        self.answers == other.answers && self.ticks == other.ticks && self.current == other.current
    }
}

/// Schema 1: engine states and one time for the whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    #[allow(dead_code)]
    schema: u32,
    saved: u64,
    #[serde(default)]
    states: Vec<State>,
}

fn migrate_v1(v1: FileV1) -> FileV2 {
    let flows = v1
        .states
        .into_iter()
        .map(|s| {
            let record = Record {
                revision: None,
                steps: Vec::new(),
                updated: v1.saved,
                saves: 0,
                answers: s.answers,
                ticks: s.ticks,
                current: s.current,
            };
            (s.flow_id, record)
        })
        .collect();
    FileV2 {
        schema: SCHEMA,
        flows,
        person: Default::default(),
    }
}

#[derive(Deserialize)]
struct Probe {
    schema: u32,
}

/// What reading a progress file found.
#[derive(Debug)]
pub enum Loaded {
    /// No file: nothing saved yet.
    Missing,
    Ok(FileV2),
    /// Written by a newer banshi: leave it alone.
    Newer(u32),
    /// Not a progress file we can read: the reason.
    Corrupt(String),
}

/// Parses a progress file of any known schema into the current one.
pub fn parse(bytes: &[u8]) -> Loaded {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Loaded::Corrupt("the file is not UTF-8 text".into());
    };
    let probe: Probe = match ron::from_str(text) {
        Ok(p) => p,
        Err(e) => return Loaded::Corrupt(format!("no readable schema number ({e})")),
    };
    let result = match probe.schema {
        1 => ron::from_str::<FileV1>(text).map(migrate_v1),
        SCHEMA => ron::from_str::<FileV2>(text),
        n if n > SCHEMA => return Loaded::Newer(n),
        n => return Loaded::Corrupt(format!("unknown schema {n}")),
    };
    match result {
        Ok(file) => Loaded::Ok(file),
        Err(e) => Loaded::Corrupt(e.to_string()),
    }
}

pub fn read(path: &Path) -> Result<Loaded, StoreError> {
    match fs::read(path) {
        Ok(bytes) => Ok(parse(&bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Loaded::Missing),
        Err(source) => Err(StoreError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

pub fn to_ron(file: &FileV2) -> String {
    let config = ron::ser::PrettyConfig::new().indentor("    ".to_string());
    // Serialising maps, strings and numbers cannot fail.
    let mut s = ron::ser::to_string_pretty(file, config).expect("progress serialises");
    s.push('\n');
    s
}

/// A stable fingerprint of a flow's structure: its step, option and item ids
/// in file order (FNV-1a, 64 bits, hex). Wording changes do not change it.
pub fn fingerprint(flow: &Flow) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |tag: u8, id: &str| {
        for b in [tag].iter().chain(id.as_bytes()).chain(&[0]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for step in &flow.steps {
        eat(b's', &step.id);
        for o in step.options() {
            eat(b'o', &o.id);
        }
        for i in step.items() {
            eat(b'i', &i.id);
        }
    }
    format!("{h:016x}")
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Creates `dir` (and parents) if needed and makes it private (0700).
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    let err = |source| StoreError::Dir {
        path: dir.to_path_buf(),
        source,
    };
    fs::create_dir_all(dir).map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir).map_err(err)?.permissions().mode();
        if mode & 0o777 != 0o700 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(err)?;
        }
    }
    Ok(())
}

fn private_file(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Makes a rename or removal in `dir` durable.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Where a failure is injected, for tests of what a crash leaves behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// Fail after the temporary file is written and synced, before the rename.
    BeforeRename,
}

/// Replaces `path` with `bytes` atomically: a crash leaves the old file or
/// the new one, never a mix. Temp file in the same directory, write, fsync,
/// rename over, fsync the directory.
pub fn write_atomic(path: &Path, bytes: &[u8], fault: Fault) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let err = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    private_file(tmp.as_file()).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    if fault == Fault::BeforeRename {
        // Dropping `tmp` removes the temporary file, as a restart's cleanup would.
        return Err(err(io::Error::other("injected failure before rename")));
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    sync_dir(dir).map_err(err)
}

/// Removes `path` durably; a missing file is fine.
pub fn remove(path: &Path) -> Result<(), StoreError> {
    let err = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    match fs::remove_file(path) {
        Ok(()) => sync_dir(path.parent().unwrap_or(Path::new("."))).map_err(err),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(err(e)),
    }
}

/// Renames an unreadable file to `NAME.ron.corrupt-<seconds>` (with `-2`,
/// `-3`… if taken) next to it, and returns the new path. Nothing is deleted.
pub fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let err = |source| StoreError::MoveAside {
        path: path.to_path_buf(),
        source,
    };
    let base = format!(
        "{}.corrupt-{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        now()
    );
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut target = dir.join(&base);
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = dir.join(format!("{base}-{n}"));
    }
    fs::rename(path, &target).map_err(err)?;
    if let Ok(f) = File::open(&target) {
        let _ = private_file(&f);
    }
    sync_dir(dir).map_err(err)?;
    Ok(target)
}

/// The store-wide lock, held only while a file is read, merged and written
/// (milliseconds). Released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// How long to wait for another session to finish saving.
const LOCK_WAIT: Duration = Duration::from_secs(10);

impl Lock {
    pub fn acquire(path: &Path) -> Result<Lock, StoreError> {
        Lock::acquire_within(path, LOCK_WAIT)
    }

    pub fn acquire_within(path: &Path, wait: Duration) -> Result<Lock, StoreError> {
        let err = |source| StoreError::Lock {
            path: path.to_path_buf(),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(err)?;
        private_file(&file).map_err(err)?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Busy {
                        path: path.to_path_buf(),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(err(e)),
            }
        }
    }
}
