//! Saved progress, per user: answers, ticks and the current step of every
//! flow they started (the engine's [`State`]), safe, private and never lost.
//!
//! # Where
//! `<data dir>/progress/<user>.ron`, where the data dir is `--data-dir DIR`
//! (or `BANSHI_DATA_DIR`), else the platform's data directory
//! (`~/.local/share/banshi` on Linux). User names are checked and mapped to
//! file names by [`name`]: `王芳` → `王芳.ron`, `Mary` → `%4Dary.ron`.
//! The folder is made 0700 and every file 0600. A file holds only flow, step,
//! option and item ids, a flow fingerprint, counters and timestamps: no free text.
//!
//! # Never lost
//! Every save is atomic (temp file in the same folder, write, fsync, rename,
//! fsync the folder). A file that cannot be read is renamed to
//! `NAME.ron.corrupt-<seconds>` and the user is told where it went
//! ([`Notice::MovedAside`]); a file from a newer banshi is refused and left
//! as it is ([`StoreError::NewerSchema`]). Older schemas load through a
//! migration (schema 1 → 2).
//!
//! # Two terminals, one user: merge on save
//! Two sessions may work on the same user at once (a helpdesk can point
//! several terminals at one shared `--data-dir`). Instead of locking a user
//! for the whole session (which leaves the second terminal read-only until the
//! first one quits, and a forgotten open terminal blocks everybody), each save
//! takes a short store-wide lock on `progress/.lock`, re-reads the user's file,
//! replaces only the flow being saved, and writes the file back. So:
//!
//! - changes to *different* flows of one user are never lost;
//! - when two sessions change the *same* flow, the latest change wins for that
//!   flow and the session that overwrote the other is told
//!   ([`Notice::ChangedElsewhere`]): answers depend on each other along the
//!   route, so mixing two routes answer by answer would produce a route nobody
//!   chose;
//! - [`UserStore::resume`] re-reads the file, so opening a flow shows what
//!   another terminal saved.
//!
//! The lock is held for milliseconds and released by the OS if a process dies.
//!
//! # Flows change
//! Each saved flow records the flow's [`fingerprint`] and step ids. When the
//! flow was edited since, [`UserStore::resume`] reconciles through
//! [`Session::resume`] (keeps what still applies) and tells the user once what
//! changed for them ([`Notice::FlowChanged`]).

pub mod backend;
mod file;
pub mod mask;
mod messages;
pub mod name;
mod person;
pub mod postgres;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

use crate::engine::{Progress, Session, State};
use crate::flow::{Flow, Lang, Text};
use crate::locale::Locale;

pub use file::{FileKind, MAX_BYTES, SCHEMA, TMP_PREFIX, fingerprint, no_follow};
pub use messages::io_reason;
pub use name::{NameError, default_user};
pub use person::Person;

use file::{FileV2, Loaded, Record};

/// Creates `dir` private (0700) if missing, or tightens it with `fchmod`
/// (see `file::ensure_private_dir`); `follow`: whether `dir` may itself be a
/// symbolic link (the data dir the user chose).
pub fn private_dir(dir: &Path, follow: bool) -> Result<(), StoreError> {
    file::ensure_private_dir(dir, follow)
}

/// Why progress could not be loaded or saved. Each message names the file or
/// folder and says what to do.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "could not find a data folder for saving progress (is $HOME set?); pass --data-dir DIR or set BANSHI_DATA_DIR"
    )]
    NoDataDir,
    #[error("user name {name:?} cannot be used: {source}")]
    Name { name: String, source: NameError },
    #[error("could not read {}: {source}; check that you may read it", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "could not save {}: {source}; the progress on screen is not saved, check free space and permissions",
        path.display()
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "could not create or protect the folder {}: {source}; pass --data-dir DIR to save elsewhere",
        path.display()
    )]
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not lock {}: {source}; check that you may write in its folder", path.display())]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "another banshi has been saving for over 10 seconds (lock file {}); try again, or look for a stuck banshi process",
        path.display()
    )]
    Busy { path: PathBuf },
    #[error(
        "{} cannot be read and could not be moved aside: {source}; move or rename it yourself, then try again",
        path.display()
    )]
    MoveAside {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} was saved by a newer banshi (schema {found}; this one reads up to {SCHEMA}). It was left untouched: update banshi, or use another --data-dir",
        path.display()
    )]
    NewerSchema { path: PathBuf, found: u32 },
    #[error(
        "{} is {kind}, not a regular file; banshi does not follow links or read anything else in its data folder: remove or rename it, then try again",
        path.display()
    )]
    NotRegular { path: PathBuf, kind: FileKind },
    #[error(
        "{} is {kind}, not a folder; banshi does not follow links in its data folder: remove or rename it, or pass --data-dir DIR",
        path.display()
    )]
    NotDir { path: PathBuf, kind: FileKind },
    #[error(
        "the folder {} is not writable by its owner (mode {mode:04o}); banshi leaves it as it is: make it writable (chmod 700) or pass --data-dir DIR",
        path.display()
    )]
    DirMode { path: PathBuf, mode: u32 },
    /// `--store` names no store.
    #[error("{0}")]
    Spec(String),
    /// The PostgreSQL team store (see [`postgres`]).
    #[error(transparent)]
    Team(#[from] postgres::PgError),
}

impl StoreError {
    /// The message in `lang` (the `Display` text is English, for logs).
    pub fn message(&self, lang: Lang) -> String {
        let l = Locale::get(lang);
        let p = |path: &Path| path.display().to_string();
        match self {
            StoreError::NoDataDir => l.t("store.err.no_data_dir").to_string(),
            StoreError::Name { name, source } => l.fmt(
                "store.err.name",
                &[
                    ("name", &format!("{name:?}")),
                    ("reason", &source.message(lang)),
                ],
            ),
            StoreError::Read { path, source } => l.fmt(
                "store.err.read",
                &[("path", &p(path)), ("reason", &io_reason(source, lang))],
            ),
            StoreError::Write { path, source } => l.fmt(
                "store.err.write",
                &[("path", &p(path)), ("reason", &io_reason(source, lang))],
            ),
            StoreError::Dir { path, source } => l.fmt(
                "store.err.dir",
                &[("path", &p(path)), ("reason", &io_reason(source, lang))],
            ),
            StoreError::Lock { path, source } => l.fmt(
                "store.err.lock",
                &[("path", &p(path)), ("reason", &io_reason(source, lang))],
            ),
            StoreError::Busy { path } => l.fmt("store.err.busy", &[("path", &p(path))]),
            StoreError::MoveAside { path, source } => l.fmt(
                "store.err.move_aside",
                &[("path", &p(path)), ("reason", &io_reason(source, lang))],
            ),
            StoreError::NewerSchema { path, found } => l.fmt(
                "store.err.newer",
                &[("path", &p(path)), ("found", found), ("schema", &SCHEMA)],
            ),
            StoreError::NotRegular { path, kind } => l.fmt(
                "store.err.not_regular",
                &[("path", &p(path)), ("kind", &l.t(kind.locale_key()))],
            ),
            StoreError::NotDir { path, kind } => l.fmt(
                "store.err.not_dir",
                &[("path", &p(path)), ("kind", &l.t(kind.locale_key()))],
            ),
            StoreError::DirMode { path, mode } => l.fmt(
                "store.err.dir_mode",
                &[("path", &p(path)), ("mode", &format!("{mode:04o}"))],
            ),
            StoreError::Spec(reason) => l.fmt("store.err.spec", &[("reason", reason)]),
            StoreError::Team(e) => e.message(lang),
        }
    }
}

/// Something to tell the user once (after [`Store::open_user`],
/// [`UserStore::resume`] or [`UserStore::save`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The progress file could not be read: it was moved to `moved_to` and
    /// the user starts fresh.
    MovedAside {
        path: PathBuf,
        moved_to: PathBuf,
        reason: String,
    },
    /// The flow was edited since the progress was saved.
    FlowChanged {
        flow_id: String,
        title: Text,
        /// Titles of new steps on the user's route.
        added: Vec<Text>,
        /// Ids of steps the saved progress used that no longer exist.
        removed: Vec<String>,
        /// Titles of questions whose saved answer no longer applies.
        dropped_answers: Vec<Text>,
        /// Ticked items that no longer apply (in steps that still exist).
        dropped_ticks: usize,
    },
    /// Another session changed this flow since this one loaded it; this
    /// session's progress was saved over it.
    ChangedElsewhere { flow_id: String, title: Text },
}

impl Notice {
    /// The notice as one or more lines, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.message_headed(lang, None)
    }

    /// [`Notice::message`], a flow change said as the effect of the
    /// person's new 参保地 (`region`: its name) rather than of an edit.
    pub fn message_after_region(&self, lang: Lang, region: &str) -> String {
        self.message_headed(lang, Some(region))
    }

    fn message_headed(&self, lang: Lang, region: Option<&str>) -> String {
        let l = Locale::get(lang);
        match self {
            Notice::MovedAside {
                moved_to, reason, ..
            } => l.fmt(
                "store.moved_aside",
                &[("path", &moved_to.display()), ("reason", reason)],
            ),
            Notice::FlowChanged {
                title,
                added,
                removed,
                dropped_answers,
                dropped_ticks,
                ..
            } => {
                let head = match region {
                    Some(r) => l.fmt(
                        "store.flow_changed_region",
                        &[("flow", &title.get(lang)), ("region", &r)],
                    ),
                    None => l.fmt("store.flow_changed", &[("flow", &title.get(lang))]),
                };
                let mut lines = vec![head];
                for s in added {
                    lines.push(l.fmt("store.step_added", &[("step", &s.get(lang))]));
                }
                for s in removed {
                    lines.push(l.fmt("store.step_removed", &[("step", s)]));
                }
                for s in dropped_answers {
                    lines.push(l.fmt("store.answer_dropped", &[("step", &s.get(lang))]));
                }
                if *dropped_ticks > 0 {
                    lines.push(l.fmt("store.ticks_dropped", &[("n", dropped_ticks)]));
                }
                lines.join("\n  ")
            }
            Notice::ChangedElsewhere { title, .. } => {
                l.fmt("store.changed_elsewhere", &[("flow", &title.get(lang))])
            }
        }
    }
}

/// One flow a user has saved progress in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFlow {
    pub flow_id: String,
    pub state: State,
    /// Last change, seconds since the Unix epoch.
    pub last_activity: u64,
}

impl SavedFlow {
    /// Steps done / total (and ticks) against the flow as it is now.
    pub fn progress(&self, flow: Arc<Flow>) -> Progress {
        Session::resume(flow, self.state.clone()).0.progress()
    }
}

/// A user in the store, for listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    /// Most recent first.
    pub flows: Vec<SavedFlow>,
    pub last_activity: Option<u64>,
    /// Set when the file cannot be read (or is from a newer banshi); opening
    /// the user says what happens to it.
    pub problem: Option<String>,
    /// Closed by staff: kept, but out of the switcher's list.
    pub closed: bool,
}

/// The progress folder.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    dir: PathBuf,
}

impl Store {
    /// The store under `data_dir`, else the platform data directory. Creates
    /// nothing until something is saved.
    pub fn open(data_dir: Option<&Path>) -> Result<Store, StoreError> {
        let root = match data_dir {
            Some(d) => d.to_path_buf(),
            None => directories::ProjectDirs::from("", "", "banshi")
                .ok_or(StoreError::NoDataDir)?
                .data_dir()
                .to_path_buf(),
        };
        let store = Store {
            dir: root.join("progress"),
            root,
        };
        // Temporary files of saves killed midway hold a person's answers:
        // remove ours that are stale (best effort; never through a link).
        file::clean_temps(&store.dir, None);
        Ok(store)
    }

    /// The data folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the progress folder exists; an error if something other than
    /// a folder (a link, a file) stands in its place.
    fn dir_exists(&self) -> Result<bool, StoreError> {
        match std::fs::symlink_metadata(&self.dir) {
            Ok(m) if m.is_dir() => Ok(true),
            Ok(m) => Err(StoreError::NotDir {
                path: self.dir.clone(),
                kind: FileKind::of(m.file_type()),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(source) => match std::fs::metadata(&self.root) {
                // The data dir itself is a file (or a link to one).
                Ok(m) if !m.is_dir() => Err(StoreError::NotDir {
                    path: self.root.clone(),
                    kind: FileKind::of(m.file_type()),
                }),
                _ => Err(StoreError::Read {
                    path: self.dir.clone(),
                    source,
                }),
            },
        }
    }

    /// Where progress files live.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder printouts are written to (`<data dir>/exports`), created
    /// private (0700) if missing.
    pub fn exports_dir(&self) -> Result<PathBuf, StoreError> {
        let dir = self.root.join("exports");
        file::ensure_private_dir(&self.root, true)?;
        file::ensure_private_dir(&dir, false)?;
        Ok(dir)
    }

    /// Every user with a progress file, by name. Reads only; unreadable files
    /// are listed with a `problem`.
    pub fn users(&self) -> Result<Vec<UserSummary>, StoreError> {
        if !self.dir_exists()? {
            return Ok(Vec::new());
        }
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Read {
                    path: self.dir.clone(),
                    source,
                });
            }
        };
        let mut users = Vec::new();
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(stem) = file_name.to_str().and_then(|n| n.strip_suffix(".ron")) else {
                continue;
            };
            let Some(name) = name::decode(stem) else {
                continue;
            };
            let path = entry.path();
            let mut closed = false;
            let (flows, problem) = match file::read(&path) {
                Ok(Loaded::Ok(f)) => {
                    closed = f.person.closed;
                    (saved_flows(&f), None)
                }
                Ok(Loaded::Missing) => continue,
                Ok(Loaded::Newer(n)) => (
                    Vec::new(),
                    Some(format!("saved by a newer banshi (schema {n})")),
                ),
                Ok(Loaded::Corrupt(reason)) => (Vec::new(), Some(reason)),
                Err(StoreError::NotRegular { kind, .. }) => (
                    Vec::new(),
                    Some(format!("it is {kind}, not a regular file")),
                ),
                Err(e) => (Vec::new(), Some(e.to_string())),
            };
            users.push(UserSummary {
                name,
                last_activity: flows.iter().map(|f| f.last_activity).max(),
                flows,
                problem,
                closed,
            });
        }
        users.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(users)
    }

    /// One user's progress. Checks the name; a file that cannot be read is
    /// moved aside (see [`UserStore::take_notices`]); a file from a newer
    /// banshi is an error and stays as it is. A user with nothing saved yet
    /// starts empty.
    pub fn open_user(&self, name: &str) -> Result<UserStore, StoreError> {
        let name = &person_name(name)?;
        let mut user = UserStore {
            path: self.dir.join(format!("{}.ron", name::encode(name))),
            lock_path: self.dir.join(".lock"),
            dir: self.dir.clone(),
            root: self.root.clone(),
            name: name.to_string(),
            file: FileV2::default(),
            seen: BTreeMap::new(),
            notices: Vec::new(),
            fault: file::Fault::None,
        };
        if self.dir_exists()? {
            // Tighten a folder made by hand or by an older build; saving
            // reports it if this fails.
            let _ = file::ensure_private_dir(&self.dir, false);
        }
        user.file = user.read_fresh()?;
        user.seen = user
            .file
            .flows
            .iter()
            .map(|(id, r)| (id.clone(), r.saves))
            .collect();
        Ok(user)
    }
}

/// A person's name as every store keeps it: in NFC (`é` and `e` + U+0301
/// are one person), and checked.
pub(super) fn person_name(name: &str) -> Result<String, StoreError> {
    let name = name::normalize(name);
    name::check(&name).map_err(|source| StoreError::Name {
        name: name.clone(),
        source,
    })?;
    Ok(name)
}

fn saved_flows(f: &FileV2) -> Vec<SavedFlow> {
    recent_first(
        f.flows
            .iter()
            .map(|(id, r)| SavedFlow {
                flow_id: id.clone(),
                state: r.state(id),
                last_activity: r.updated,
            })
            .collect(),
    )
}

/// Saved flows as every store lists them: most recent first, then by id.
pub(super) fn recent_first(mut flows: Vec<SavedFlow>) -> Vec<SavedFlow> {
    flows.sort_by(|a, b| {
        b.last_activity
            .cmp(&a.last_activity)
            .then_with(|| a.flow_id.cmp(&b.flow_id))
    });
    flows
}

/// One user's progress in every flow, open for resuming and saving.
#[derive(Debug)]
pub struct UserStore {
    dir: PathBuf,
    root: PathBuf,
    name: String,
    path: PathBuf,
    lock_path: PathBuf,
    /// The file as last read or written.
    file: FileV2,
    /// Per flow, the `saves` count this session last saw: a different count
    /// on disk means another session changed the flow.
    seen: BTreeMap<String, u64>,
    notices: Vec<Notice>,
    fault: file::Fault,
}

impl UserStore {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The user's progress file (it may not exist yet).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when something is saved for this user.
    pub fn has_progress(&self) -> bool {
        !self.file.flows.is_empty()
    }

    /// Things to tell the user, each returned once.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// The flows with saved progress, most recent first.
    pub fn in_progress(&self) -> Vec<SavedFlow> {
        saved_flows(&self.file)
    }

    /// The saved progress of every flow as RON (the current schema).
    pub fn export(&self) -> String {
        file::to_ron(&self.file)
    }

    /// A session on `flow`: the saved progress reconciled with the flow as it
    /// is now, or a fresh start. Re-reads the file first (another terminal may
    /// have saved). When the flow changed since, a [`Notice::FlowChanged`]
    /// says what changed for this user, and the reconciled progress is saved
    /// so the notice comes once.
    pub fn resume(&mut self, flow: Arc<Flow>) -> Session {
        if let Ok(fresh) = self.read_fresh() {
            self.file = fresh;
        }
        let id = flow.id.clone();
        let Some(record) = self.file.flows.get(&id).cloned() else {
            self.seen.remove(&id);
            return Session::new(flow);
        };
        self.seen.insert(id.clone(), record.saves);
        let (session, revised, notice) = backend::reconcile(&flow, &record);
        if !revised {
            return session;
        }
        self.notices.extend(notice);
        // Record the new revision so the notice is given once. Best effort:
        // if this fails, the next save reports the problem.
        let _ = self.write(&session, Some(record.updated));
        session
    }

    /// Saves the session's progress in its flow (call after every change).
    /// Other flows in the file, saved meanwhile by other sessions, are kept.
    pub fn save(&mut self, session: &Session) -> Result<(), StoreError> {
        self.write(session, None)
    }

    /// Deletes the saved progress of one flow, or of every flow (the file).
    /// Returns whether there was anything to delete.
    pub fn reset(&mut self, flow: Option<&str>) -> Result<bool, StoreError> {
        match std::fs::symlink_metadata(&self.dir) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                return Err(StoreError::NotDir {
                    path: self.dir.clone(),
                    kind: FileKind::of(m.file_type()),
                });
            }
            Err(_) => return Ok(false),
        }
        let _lock = file::Lock::acquire(&self.lock_path)?;
        // Temporary files of this person's killed saves hold their answers
        // too: a reset removes them all (none is in use: saves hold the lock).
        let file_name = self.path.file_name().unwrap_or_default().to_string_lossy();
        file::clean_temps(&self.dir, Some(&file_name));
        let existed = std::fs::symlink_metadata(&self.path).is_ok();
        let mut disk = self.load_locked()?;
        let removed = match flow {
            None => {
                // Every procedure: the person is forgotten, profile and all.
                disk.flows.clear();
                disk.person = Default::default();
                self.seen.clear();
                existed
            }
            Some(f) => {
                self.seen.remove(f);
                disk.flows.remove(f).is_some()
            }
        };
        if disk.flows.is_empty() && disk.person.is_empty() {
            file::remove(&self.path)?;
        } else if removed {
            file::write_atomic(&self.path, file::to_ron(&disk).as_bytes(), self.fault)?;
        }
        self.file = disk;
        Ok(removed)
    }

    // ---- internals ----

    /// Writes the session's flow into the file under the lock. `updated`:
    /// keep this time instead of now (reconciling is not activity).
    fn write(&mut self, session: &Session, updated: Option<u64>) -> Result<(), StoreError> {
        let flow = session.flow();
        let id = flow.id.clone();
        file::ensure_private_dir(&self.root, true)?;
        file::ensure_private_dir(&self.dir, false)?;
        let _lock = file::Lock::acquire(&self.lock_path)?;
        let mut disk = self.load_locked()?;
        let prev = disk.flows.get(&id);
        let prev_saves = prev.map(|r| r.saves);
        let seen = self.seen.get(&id).copied();
        let saves = prev_saves.max(seen).unwrap_or(0) + 1;
        let record = Record::new(
            flow,
            session.state(),
            updated.unwrap_or_else(file::now),
            saves,
        );
        if let Some(p) = prev
            && p.same_progress(&record)
            && p.revision == record.revision
        {
            self.seen.insert(id, p.saves);
            self.file = disk;
            return Ok(());
        }
        if prev_saves != seen && prev.is_none_or(|p| !p.same_progress(&record)) {
            self.notices.push(Notice::ChangedElsewhere {
                flow_id: id.clone(),
                title: flow.title.clone(),
            });
        }
        disk.schema = SCHEMA;
        disk.flows.insert(id.clone(), record);
        file::write_atomic(&self.path, file::to_ron(&disk).as_bytes(), self.fault)?;
        self.seen.insert(id, saves);
        self.file = disk;
        Ok(())
    }

    /// Reads the file for a fresh view; moves an unreadable one aside (under
    /// the lock, after checking again).
    fn read_fresh(&mut self) -> Result<FileV2, StoreError> {
        match file::read(&self.path)? {
            Loaded::Corrupt(_) => {
                let _lock = file::Lock::acquire(&self.lock_path)?;
                self.load_locked()
            }
            other => self.accept(other),
        }
    }

    /// Reads the file while holding the lock: a missing file is empty, an
    /// unreadable one is moved aside (with a notice), a newer one is an error.
    fn load_locked(&mut self) -> Result<FileV2, StoreError> {
        let loaded = file::read(&self.path)?;
        self.accept(loaded)
    }

    /// A missing file is empty, an unreadable one is moved aside (with a
    /// notice; call with the lock held), a newer one is an error.
    fn accept(&mut self, loaded: Loaded) -> Result<FileV2, StoreError> {
        match loaded {
            Loaded::Missing => Ok(FileV2::default()),
            Loaded::Ok(f) => Ok(f),
            Loaded::Newer(found) => Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
            }),
            Loaded::Corrupt(reason) => {
                let moved_to = file::move_aside(&self.path)?;
                self.notices.push(Notice::MovedAside {
                    path: self.path.clone(),
                    moved_to,
                    reason,
                });
                Ok(FileV2::default())
            }
        }
    }
}

#[cfg(test)]
mod tests;
