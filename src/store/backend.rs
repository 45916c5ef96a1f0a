//! One store interface, two stores: the progress folder ([`Store`], the
//! embedded default) and the PostgreSQL team store
//! ([`super::postgres::PgStore`]). The wizard, the TUI and plain mode talk
//! to a [`ProgressStore`] and the [`UserProgress`] it opens, and never learn
//! which one it is.
//!
//! Chosen by `--store URL` (env `BANSHI_STORE`), see [`open`]:
//! `file:DIR` or nothing = the folder (under `--data-dir`), `postgres://…`,
//! `postgresql://…` or a libpq `key=value` string = the team store.
//!
//! Both keep the same promises: per person, per procedure records (a save
//! replaces only that procedure), the later change to one procedure wins and
//! that terminal is told ([`Notice::ChangedElsewhere`]), the "what changed"
//! notice when a flow was edited, no free text.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::file::{self, Record};
use super::person::Person;
use super::{Notice, SavedFlow, Store, StoreError, UserStore, UserSummary};
use crate::engine::Session;
use crate::flow::Flow;

/// A progress store: the folder or the team store.
pub trait ProgressStore: Debug + Send + Sync {
    /// One person's progress (checks the name first).
    fn open_user(&self, name: &str) -> Result<AnyUser, StoreError>;
    /// Every person with saved progress, by name.
    fn users(&self) -> Result<Vec<UserSummary>, StoreError>;
    /// Where printouts go (`<data dir>/exports`, always on this machine),
    /// created private (0700) if missing.
    fn exports_dir(&self) -> Result<PathBuf, StoreError>;
    /// Where the progress is, for messages: a folder, or
    /// `postgres://user@host:port/db` (never a password).
    fn location(&self) -> String;
    /// Deletes a person: every procedure and what was remembered of them.
    fn delete_user(&self, name: &str) -> Result<(), StoreError>;
}

/// One person's progress in one store.
pub trait UserProgress: Debug + Send {
    fn name(&self) -> &str;
    /// Where this person's progress is, for messages (never a password).
    fn location(&self) -> String;
    /// True when something is saved for this person.
    fn has_progress(&self) -> bool;
    /// Things to tell the user, each returned once.
    fn take_notices(&mut self) -> Vec<Notice>;
    /// The flows with saved progress, most recent first.
    fn in_progress(&self) -> Vec<SavedFlow>;
    /// The saved progress of every flow as RON (the progress file's schema).
    fn export(&self) -> String;
    /// A session on `flow`: saved progress reconciled with the flow as it is
    /// now (and a [`Notice::FlowChanged`] when it was edited), or a fresh start.
    fn resume(&mut self, flow: Arc<Flow>) -> Session;
    /// Saves the session's flow; other flows of the person are kept.
    fn save(&mut self, session: &Session) -> Result<(), StoreError>;
    /// Deletes one flow's progress or all of it; whether there was any.
    fn reset(&mut self, flow: Option<&str>) -> Result<bool, StoreError>;
    /// Every saved flow as stored, for `progress copy`.
    fn records(&self) -> Vec<FlowRecord>;
    /// Copies one record in unless this store has a newer one
    /// (`progress copy`): never overwrites a newer record.
    fn import(&mut self, record: &FlowRecord) -> Result<Imported, StoreError>;
    /// What a helpdesk remembers of the person: language, position, closed.
    fn person(&self) -> Person;
    /// Replaces what is remembered of the person (writes only on a change).
    fn put_person(&mut self, person: Person) -> Result<(), StoreError>;
    /// True when anything at all is stored for the person (progress or
    /// what is remembered of them).
    fn is_stored(&self) -> bool;
}

impl dyn UserProgress + '_ {
    /// Changes what is remembered of the person.
    pub fn set_person(&mut self, change: impl FnOnce(&mut Person)) -> Result<(), StoreError> {
        let mut wanted = self.person();
        change(&mut wanted);
        self.put_person(wanted)
    }
}

pub type AnyStore = Box<dyn ProgressStore>;
pub type AnyUser = Box<dyn UserProgress>;

impl From<Store> for AnyStore {
    fn from(store: Store) -> AnyStore {
        Box::new(store)
    }
}

/// One flow's saved progress as stored (ids, counters and times only).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct FlowRecord {
    pub flow_id: String,
    /// The flow's fingerprint when saved (`None`: unknown).
    pub flow_revision: Option<String>,
    /// The flow's step ids then.
    pub steps: Vec<String>,
    /// Last change, seconds since the Unix epoch.
    pub updated: u64,
    /// How many times this record was written (the compare-and-set counter).
    pub saves: u64,
    pub answers: BTreeMap<String, String>,
    pub ticks: BTreeMap<String, BTreeSet<String>>,
    pub current: Option<String>,
    /// Steps gone through (see `State::seen`).
    #[serde(default)]
    pub seen: BTreeSet<String>,
}

impl FlowRecord {
    /// Same progress (ignoring when and how often it was saved).
    pub fn same_progress(&self, other: &FlowRecord) -> bool {
        self.answers == other.answers
            && self.ticks == other.ticks
            && self.current == other.current
            && self.seen == other.seen
            && self.flow_revision == other.flow_revision
    }

    pub(super) fn from_file(flow_id: &str, r: &Record) -> FlowRecord {
        FlowRecord {
            flow_id: flow_id.to_string(),
            flow_revision: r.revision.clone(),
            steps: r.steps.clone(),
            updated: r.updated,
            saves: r.saves,
            answers: r.answers.clone(),
            ticks: r.ticks.clone(),
            current: r.current.clone(),
            seen: r.seen.clone(),
        }
    }

    pub(super) fn to_file(&self) -> Record {
        Record {
            revision: self.flow_revision.clone(),
            steps: self.steps.clone(),
            updated: self.updated,
            saves: self.saves,
            answers: self.answers.clone(),
            ticks: self.ticks.clone(),
            current: self.current.clone(),
            seen: self.seen.clone(),
        }
    }
}

/// What [`UserProgress::import`] did with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// Written (there was none, or an older one).
    Copied,
    /// The same progress is already there.
    Skipped,
    /// The target holds a newer (or equally recent, different) record: kept.
    Refused,
}

/// Whether `incoming` may replace `existing` (see [`Imported`]).
pub fn import_decision(existing: Option<&FlowRecord>, incoming: &FlowRecord) -> Imported {
    match existing {
        None => Imported::Copied,
        Some(e) if e.same_progress(incoming) => Imported::Skipped,
        Some(e) if e.updated < incoming.updated => Imported::Copied,
        Some(_) => Imported::Refused,
    }
}

/// What `--store` / `BANSHI_STORE` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSpec {
    /// The progress folder under this data dir (`None`: `--data-dir` or the
    /// platform's).
    Files(Option<PathBuf>),
    /// A PostgreSQL connection string (URL or libpq key=value).
    Postgres(String),
}

impl StoreSpec {
    /// `file:DIR`, `postgres://…`, `postgresql://…`, a `key=value` string,
    /// or nothing (the folder).
    pub fn parse(spec: Option<&str>) -> Result<StoreSpec, String> {
        let Some(s) = spec.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(StoreSpec::Files(None));
        };
        if let Some(dir) = s.strip_prefix("file:") {
            let dir = dir.strip_prefix("//").unwrap_or(dir);
            if dir.is_empty() {
                return Err("--store file: needs a folder, as in file:/srv/banshi".into());
            }
            return Ok(StoreSpec::Files(Some(PathBuf::from(dir))));
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") || s.contains('=') {
            return Ok(StoreSpec::Postgres(s.to_string()));
        }
        Err(format!(
            "--store {:?} is not a store: use file:DIR, postgres://USER@HOST/DB or a libpq key=value string",
            super::postgres::redact_spec(s)
        ))
    }
}

/// Opens the store named by `spec` (`--store` / `BANSHI_STORE`); `data_dir`
/// (`--data-dir`) is where the folder store keeps progress, and where every
/// store keeps printouts and unsaved sessions.
pub fn open(spec: Option<&str>, data_dir: Option<&Path>) -> Result<AnyStore, StoreError> {
    match StoreSpec::parse(spec).map_err(StoreError::Spec)? {
        StoreSpec::Files(dir) => Ok(Box::new(Store::open(dir.as_deref().or(data_dir))?)),
        StoreSpec::Postgres(conn) => Ok(Box::new(super::postgres::PgStore::open(
            &conn,
            local_dir(data_dir)?,
        )?)),
    }
}

/// For the wizard: like [`open`], but a team store that cannot be reached
/// now still opens (not saving, retrying in the background; see
/// [`super::postgres`]), so the wizard keeps guiding.
pub fn open_for_wizard(
    spec: Option<&str>,
    data_dir: Option<&Path>,
) -> Result<AnyStore, StoreError> {
    match StoreSpec::parse(spec).map_err(StoreError::Spec)? {
        StoreSpec::Postgres(conn) => Ok(Box::new(super::postgres::PgStore::open_or_away(
            &conn,
            local_dir(data_dir)?,
        )?)),
        StoreSpec::Files(_) => open(spec, data_dir),
    }
}

/// The data dir on this machine: `--data-dir`, else the platform's.
fn local_dir(data_dir: Option<&Path>) -> Result<PathBuf, StoreError> {
    match data_dir {
        Some(d) => Ok(d.to_path_buf()),
        None => Ok(directories::ProjectDirs::from("", "", "banshi")
            .ok_or(StoreError::NoDataDir)?
            .data_dir()
            .to_path_buf()),
    }
}

// ---- the folder store, through the interface (delegates) ----

impl ProgressStore for Store {
    fn open_user(&self, name: &str) -> Result<AnyUser, StoreError> {
        Ok(Box::new(Store::open_user(self, name)?))
    }
    fn users(&self) -> Result<Vec<UserSummary>, StoreError> {
        Store::users(self)
    }
    fn exports_dir(&self) -> Result<PathBuf, StoreError> {
        Store::exports_dir(self)
    }
    fn location(&self) -> String {
        self.dir().display().to_string()
    }
    fn delete_user(&self, name: &str) -> Result<(), StoreError> {
        Store::delete_user(self, name)
    }
}

impl UserProgress for UserStore {
    fn name(&self) -> &str {
        UserStore::name(self)
    }
    fn location(&self) -> String {
        self.path().display().to_string()
    }
    fn has_progress(&self) -> bool {
        UserStore::has_progress(self)
    }
    fn take_notices(&mut self) -> Vec<Notice> {
        UserStore::take_notices(self)
    }
    fn in_progress(&self) -> Vec<SavedFlow> {
        UserStore::in_progress(self)
    }
    fn export(&self) -> String {
        UserStore::export(self)
    }
    fn resume(&mut self, flow: Arc<Flow>) -> Session {
        UserStore::resume(self, flow)
    }
    fn save(&mut self, session: &Session) -> Result<(), StoreError> {
        UserStore::save(self, session)
    }
    fn reset(&mut self, flow: Option<&str>) -> Result<bool, StoreError> {
        UserStore::reset(self, flow)
    }
    fn records(&self) -> Vec<FlowRecord> {
        self.file
            .flows
            .iter()
            .map(|(id, r)| FlowRecord::from_file(id, r))
            .collect()
    }
    fn import(&mut self, record: &FlowRecord) -> Result<Imported, StoreError> {
        file::ensure_private_dir(&self.root, true)?;
        file::ensure_private_dir(&self.dir, false)?;
        let _lock = file::Lock::acquire(&self.lock_path)?;
        let mut disk = self.load_locked()?;
        let existing = disk
            .flows
            .get(&record.flow_id)
            .map(|r| FlowRecord::from_file(&record.flow_id, r));
        let decision = import_decision(existing.as_ref(), record);
        if decision == Imported::Copied {
            let mut r = record.to_file();
            // Keep the counter moving forward so open sessions notice.
            r.saves = existing.map_or(0, |e| e.saves).max(record.saves) + 1;
            disk.schema = file::SCHEMA;
            disk.flows.insert(record.flow_id.clone(), r);
            file::write_atomic(&self.path, file::to_ron(&disk).as_bytes(), self.fault)?;
        }
        self.file = disk;
        Ok(decision)
    }
    fn person(&self) -> Person {
        UserStore::person(self).clone()
    }
    fn put_person(&mut self, person: Person) -> Result<(), StoreError> {
        UserStore::set_person(self, |p| *p = person)
    }
    fn is_stored(&self) -> bool {
        self.path().symlink_metadata().is_ok()
    }
}

/// The session for a saved `record` of `flow`, reconciled with the flow as
/// it is now, whether the flow was edited since it was saved, and the
/// [`Notice::FlowChanged`] to give when that edit changed something for
/// this person. Nothing is deleted: what the flow no longer has stays in
/// the state, dormant (`dropped` only names it). Both stores resume this way.
pub fn reconcile(flow: &Arc<Flow>, record: &Record) -> (Session, bool, Option<Notice>) {
    let id = flow.id.clone();
    let (session, dropped) = Session::resume(Arc::clone(flow), record.state(&id));
    let revised = record.revision.as_deref() != Some(super::fingerprint(flow).as_str());
    if !revised {
        return (session, false, None);
    }
    let exists = |s: &str| flow.step(s).is_some();
    let added = if record.steps.is_empty() {
        Vec::new()
    } else {
        session
            .route_steps()
            .into_iter()
            .filter(|s| !record.steps.contains(&s.id))
            .map(|s| s.title.clone())
            .collect()
    };
    let mut removed: Vec<String> = record
        .answers
        .keys()
        .chain(record.ticks.keys())
        .chain(record.current.iter())
        .filter(|s| !exists(s))
        .cloned()
        .collect();
    removed.sort();
    removed.dedup();
    let dropped_answers = dropped
        .answers
        .iter()
        .filter_map(|(q, _)| flow.step(q).map(|s| s.title.clone()))
        .collect::<Vec<_>>();
    let dropped_ticks = dropped.ticks.iter().filter(|(s, _)| exists(s)).count();
    let notice = (!(added.is_empty()
        && removed.is_empty()
        && dropped_answers.is_empty()
        && dropped_ticks == 0))
        .then(|| Notice::FlowChanged {
            flow_id: id,
            title: flow.title.clone(),
            added,
            removed,
            dropped_answers,
            dropped_ticks,
        });
    (session, true, notice)
}
