//! The progress file format, its migrations, and the file-system primitives:
//! atomic writes, the store lock, moving a bad file aside.
//!
//! Schema 4 (current):
//!
//! ```ron
//! (
//!     schema: 4,
//!     flows: {
//!         "card-replace-activate": (
//!             revision: Some("9c0f7d3a21b4e655"),
//!             steps: ["why", "function", "medical", "bank", "after-medical", "trouble"],
//!             updated: 1767225600,
//!             saves: 3,
//!             answers: {"function": "bank"},
//!             ticks: {"bank": ["id-card"]},
//!             current: Some("bank"),
//!             seen: ["why", "function", "bank"],
//!         ),
//!     },
//!     person: (
//!         lang: Some("zh-CN"),
//!         profile: (
//!             region: Some("nanjing"),
//!             insurance: Some("resident"),
//!         ),
//!     ),
//! )
//! ```
//!
//! Older schemas load through [`parse`] and are written as the current one
//! by the next save:
//! - 1 (the first release) kept a list of engine states and one file-wide
//!   `saved` time; see `tests/fixtures/progress-v1.ron`;
//! - 2 is the layout above without `seen` and the profile;
//! - 3 added a record's `seen` (the steps gone through) and `person`
//!   (language, position, closed);
//! - 4 added the person's `profile` (参保地, insurance, for whom: ids only).
//!   A schema-3 file has none: the person's profile starts empty. A file
//!   with a profile is written as schema 4 so that a banshi reading up to
//!   3 refuses it (and leaves it untouched) instead of moving it aside.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::engine::State;
use crate::flow::Flow;

/// The schema this build writes, and the newest it reads.
/// 3: records may hold `seen` (the steps gone through); 2 reads the same.
/// 4: the person may hold a `profile`; 2 and 3 read the same (no profile).
pub const SCHEMA: u32 = 4;

/// One user's progress file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV2 {
    pub schema: u32,
    #[serde(default, deserialize_with = "unique_keys")]
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
    #[serde(default, deserialize_with = "unique_keys")]
    pub answers: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub ticks: BTreeMap<String, BTreeSet<String>>,
    #[serde(default)]
    pub current: Option<String>,
    /// Steps gone through (see `State::seen`); absent in older files.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub seen: BTreeSet<String>,
}

impl Record {
    pub fn state(&self, flow_id: &str) -> State {
        State {
            flow_id: flow_id.to_string(),
            answers: self.answers.clone(),
            ticks: self.ticks.clone(),
            current: self.current.clone(),
            seen: self.seen.clone(),
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
            seen: state.seen.clone(),
        }
    }

    /// Same progress (ignoring when and how often it was saved).
    pub fn same_progress(&self, other: &Record) -> bool {
        self.answers == other.answers
            && self.ticks == other.ticks
            && self.current == other.current
            && self.seen == other.seen
    }
}

/// A map whose keys must be unique: a key given twice makes the file
/// unreadable (moved aside and reported) instead of silently keeping the
/// last one.
fn unique_keys<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(PhantomData<V>);
    impl<'de, V: Deserialize<'de>> Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map with unique keys")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((k, v)) = map.next_entry::<String, V>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!("\"{k}\" appears twice")));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(PhantomData))
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
                seen: s.seen,
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

/// Schemas 2 to 4 share one layout; each newer one only adds optional
/// fields. In memory a file is always the current schema (so whatever saves
/// it next writes [`SCHEMA`]), and its profile holds only values this build
/// knows (an unknown one is dropped, never misread).
fn migrate_v2(mut file: FileV2) -> FileV2 {
    file.schema = SCHEMA;
    file.person = std::mem::take(&mut file.person).known();
    file
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

/// The largest progress file read (a real one is a few kilobytes): bounds
/// the memory and time opening a hostile file takes.
pub const MAX_BYTES: u64 = 1 << 20;

/// The most ids (flows, answers and ticks together) a progress file may hold.
pub const MAX_IDS: usize = 100_000;

/// Parses a progress file of any known schema into the current one.
pub fn parse(bytes: &[u8]) -> Loaded {
    if bytes.len() as u64 > MAX_BYTES {
        return Loaded::Corrupt(format!(
            "the file is {} bytes, over the limit of {MAX_BYTES}",
            bytes.len()
        ));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Loaded::Corrupt("the file is not UTF-8 text".into());
    };
    // A byte-order mark (added by some editors) is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let probe: Probe = match ron::from_str(text) {
        Ok(p) => p,
        Err(e) => return Loaded::Corrupt(format!("no readable schema number ({e})")),
    };
    let result = match probe.schema {
        1 => ron::from_str::<FileV1>(text).map(migrate_v1),
        2..=SCHEMA => ron::from_str::<FileV2>(text).map(migrate_v2),
        n if n > SCHEMA => return Loaded::Newer(n),
        n => return Loaded::Corrupt(format!("unknown schema {n}")),
    };
    match result {
        Ok(file) => {
            let ids: usize = file
                .flows
                .values()
                .map(|r| 1 + r.answers.len() + r.ticks.values().map(|t| 1 + t.len()).sum::<usize>())
                .sum();
            if ids > MAX_IDS {
                return Loaded::Corrupt(format!(
                    "the file holds {ids} ids, over the limit of {MAX_IDS}"
                ));
            }
            Loaded::Ok(file)
        }
        Err(e) => Loaded::Corrupt(e.to_string()),
    }
}

/// What stands at a path in place of a regular file (or folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Link,
    Dir,
    File,
    Fifo,
    Device,
    Socket,
    Other,
}

impl FileKind {
    pub fn of(t: fs::FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return FileKind::Fifo;
            }
            if t.is_char_device() || t.is_block_device() {
                return FileKind::Device;
            }
            if t.is_socket() {
                return FileKind::Socket;
            }
        }
        if t.is_symlink() {
            FileKind::Link
        } else if t.is_dir() {
            FileKind::Dir
        } else if t.is_file() {
            FileKind::File
        } else {
            FileKind::Other
        }
    }

    /// The locale key naming this kind.
    pub fn locale_key(self) -> &'static str {
        match self {
            FileKind::Link => "store.kind.link",
            FileKind::Dir => "store.kind.dir",
            FileKind::File => "store.kind.file",
            FileKind::Fifo => "store.kind.fifo",
            FileKind::Device => "store.kind.device",
            FileKind::Socket => "store.kind.socket",
            FileKind::Other => "store.kind.other",
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Link => "a symbolic link",
            FileKind::Dir => "a folder",
            FileKind::File => "a file",
            FileKind::Fifo => "a named pipe (FIFO)",
            FileKind::Device => "a device",
            FileKind::Socket => "a socket",
            FileKind::Other => "not a regular file",
        })
    }
}

/// Opening options that never follow a symbolic link at the last component,
/// never block on a FIFO and never make a terminal our controlling one.
pub fn no_follow(o: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32);
    }
    o
}

/// Why opening `path` without following links failed: what stands there if
/// it is not a regular file, else the error itself.
fn open_failure(path: &Path, e: io::Error, err: impl Fn(io::Error) -> StoreError) -> StoreError {
    match fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() => StoreError::NotRegular {
            path: path.to_path_buf(),
            kind: FileKind::of(m.file_type()),
        },
        _ => err(e),
    }
}

/// Opens `path` for reading if it is a regular file: `None` when nothing is
/// there; an error naming what is there instead (a link, a FIFO, a folder, a
/// device) without following or reading it.
pub fn open_regular(path: &Path) -> Result<Option<File>, StoreError> {
    let err = |source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = match no_follow(OpenOptions::new().read(true)).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(open_failure(path, e, err)),
    };
    let meta = file.metadata().map_err(err)?;
    if !meta.is_file() {
        return Err(StoreError::NotRegular {
            path: path.to_path_buf(),
            kind: FileKind::of(meta.file_type()),
        });
    }
    Ok(Some(file))
}

/// What a bounded read of a regular file found.
pub enum Bytes {
    Missing,
    /// Over [`MAX_BYTES`]: not read (its length).
    TooLarge(u64),
    Read(Vec<u8>),
}

/// Reads a small file of the data folder: never follows a link, never
/// blocks, never reads more than [`MAX_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Bytes, StoreError> {
    let Some(file) = open_regular(path)? else {
        return Ok(Bytes::Missing);
    };
    let err = |source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    };
    let len = file.metadata().map_err(err)?.len();
    if len > MAX_BYTES {
        return Ok(Bytes::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(err)?;
    Ok(Bytes::Read(bytes))
}

/// Reads a progress file (see [`read_bytes`]; a larger file is unreadable,
/// and so moved aside).
pub fn read(path: &Path) -> Result<Loaded, StoreError> {
    Ok(match read_bytes(path)? {
        Bytes::Missing => Loaded::Missing,
        Bytes::TooLarge(len) => Loaded::Corrupt(format!(
            "the file is {len} bytes, over the limit of {MAX_BYTES}"
        )),
        Bytes::Read(bytes) => parse(&bytes),
    })
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

/// Creates `dir` (and missing parents) private (0700) and makes sure it is
/// a private folder: owner read, write and search; group and other bits are
/// removed with `fchmod` on the opened folder, never `chmod` on a path. When
/// `follow` is false, `dir` must not be a symbolic link (a folder inside the
/// data dir); the data dir itself (chosen by the user) may be one. A folder
/// the owner cannot write (0500) is reported, not changed: someone made it
/// read-only on purpose.
pub fn ensure_private_dir(dir: &Path, follow: bool) -> Result<(), StoreError> {
    let err = |source| StoreError::Dir {
        path: dir.to_path_buf(),
        source,
    };
    let not_dir = |kind| StoreError::NotDir {
        path: dir.to_path_buf(),
        kind,
    };
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(m) if m.file_type().is_symlink() && follow => {}
        Ok(m) => return Err(not_dir(FileKind::of(m.file_type()))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let mut b = fs::DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            b.create(dir).map_err(err)?;
        }
        Err(e) => return Err(err(e)),
    }
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mut flags = OFlags::DIRECTORY | OFlags::NONBLOCK;
        if !follow {
            flags |= OFlags::NOFOLLOW;
        }
        let d = OpenOptions::new()
            .read(true)
            .custom_flags(flags.bits() as i32)
            .open(dir)
            .map_err(|e| match open_failure(dir, e, err) {
                StoreError::NotRegular { path, kind } => StoreError::NotDir { path, kind },
                other => other,
            })?;
        let meta = d.metadata().map_err(err)?;
        if !meta.is_dir() {
            return Err(not_dir(FileKind::of(meta.file_type())));
        }
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o700 != 0o700 {
            return Err(StoreError::DirMode {
                path: dir.to_path_buf(),
                mode,
            });
        }
        if mode != 0o700 {
            match d.set_permissions(fs::Permissions::from_mode(0o700)) {
                Ok(()) => {}
                // The data dir the user chose may belong to someone else (a
                // shared folder); what banshi makes inside it is still 0700.
                Err(e) if follow && e.kind() == io::ErrorKind::PermissionDenied => {}
                Err(e) => return Err(err(e)),
            }
        }
    }
    Ok(())
}

/// Makes an open file owner-only (`fchmod` on the descriptor).
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

/// The prefix of our temporary files: `.banshi-tmp-NAME.ron.XXXXXX`, so they
/// are recognisably ours and attributable to a person's file.
pub const TMP_PREFIX: &str = ".banshi-tmp-";

/// How old a temporary file must be before start-up removes it (a save takes
/// milliseconds, under the lock).
pub const STALE_TMP: Duration = Duration::from_secs(60);

/// The prefix of the temporary files made while saving the file `name`.
/// `.` is percent-encoded in user stems, so `a.ron.` is never a prefix of
/// `ab.ron.`'s.
fn tmp_prefix(file_name: &str) -> String {
    format!("{TMP_PREFIX}{file_name}.")
}

/// A temporary file left by an earlier build (`tempfile`'s default
/// `.tmpXXXXXX`).
fn legacy_tmp(name: &str) -> bool {
    name.len() == 10
        && name.starts_with(".tmp")
        && name[4..].bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Removes temporary files left in `dir` by killed saves: with `person`, all
/// of that file's (and every legacy one; call with the lock held), else every
/// one of ours older than `STALE_TMP`. Links and folders are never followed.
/// Returns how many were removed; failures are ignored (best effort).
pub fn clean_temps(dir: &Path, person: Option<&str>) -> usize {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        _ => return 0,
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mine = person.map(tmp_prefix);
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = match &mine {
            Some(prefix) => name.starts_with(prefix.as_str()) || legacy_tmp(name),
            None => name.starts_with(TMP_PREFIX) || legacy_tmp(name),
        };
        if !ours {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            continue;
        }
        let stale = mine.is_some()
            || meta
                .modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= STALE_TMP);
        if stale && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        let _ = sync_dir(dir);
    }
    removed
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
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut tmp = tempfile::Builder::new()
        .prefix(&tmp_prefix(&file_name))
        .tempfile_in(dir)
        .map_err(err)?;
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
    while fs::symlink_metadata(&target).is_ok() {
        n += 1;
        target = dir.join(format!("{base}-{n}"));
    }
    fs::rename(path, &target).map_err(err)?;
    if let Ok(Some(f)) = open_regular(&target) {
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
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        // Never through a link: a dangling one would create a file outside
        // the data dir, a live one would lock (and chmod) its target.
        let file = no_follow(&mut options)
            .open(path)
            .map_err(|e| open_failure(path, e, err))?;
        let meta = file.metadata().map_err(err)?;
        if !meta.is_file() {
            return Err(StoreError::NotRegular {
                path: path.to_path_buf(),
                kind: FileKind::of(meta.file_type()),
            });
        }
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
