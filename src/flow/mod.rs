//! Flow definitions: the RON model, loading with precise errors, validation.
//!
//! ```text
//! sources (shipped + --flows DIR) ──parse──▶ Flow ──validate──▶ Catalog ──resolve──▶ Flow.links
//!   snippets.ron, sources.ron ──▶ Library ─┘ (facts, related,      (snippet texts in bodies,
//!                                  └─ Diagnostic (path:line:col)    hotlines, source titles)
//! ```
//! A file that fails to parse or has errors is reported and skipped; the
//! other flows still load.

mod library;
mod locate;
mod message;
mod model;
pub mod overlay;
pub mod places;
mod validate;

pub use library::{AUTHORING_NOTES, Library, LibraryFile, leaks, looks_like_file_name, source_key};
pub(crate) use message::msg;
pub use message::{Arg, Message, lang_word};
pub use model::*;
pub use validate::{MAX_STEPS, Severity, is_forbidden_control, validate_flow, validate_links};

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::date::Date;

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped_flows.rs"));
}

/// The text of one flow file and the path it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
}

/// The flows compiled into the binary, reported as `flows/NAME.ron`
/// (`flows/snippets.ron` and `flows/sources.ron` are not flows: see
/// [`Library::shipped`]).
pub fn shipped_sources() -> Vec<Source> {
    owned(shipped::SHIPPED)
}

/// Compiled-in files (path, text) as [`Source`]s.
fn owned(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(path, text)| Source {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// A shipped flow, resolved (the shipped set is loaded once, on first use).
fn shipped_flow(id: &str) -> Option<&'static Flow> {
    static SHIPPED: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    SHIPPED
        .get_or_init(|| {
            let mut c = Catalog::default();
            let sources = shipped_sources();
            c.library_for(&sources, true);
            if let Some(day) = Date::new(2000, 1, 1) {
                c.add_set(&sources, day, false);
            }
            c.resolve();
            c
        })
        .get(id)
}

/// The overlays compiled into the binary, reported as `flows/regions/NAME.ron`.
pub fn shipped_overlays() -> Vec<Source> {
    owned(shipped::REGIONS)
}

/// Reads flow files: each path may be a `.ron` file or a directory of them
/// (not recursive). Unreadable paths become diagnostics, not failures.
pub fn read_sources(paths: &[PathBuf]) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            match std::fs::read_dir(path) {
                Ok(rd) => {
                    // Every `.ron` entry is read (a FIFO, a folder or a device
                    // is reported by `read_one`, never silently skipped).
                    let mut files: Vec<PathBuf> = rd
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                        .collect();
                    files.sort();
                    // A flows folder's overlays are in its `regions` folder.
                    let regions = path.join("regions");
                    if std::fs::symlink_metadata(&regions).is_ok_and(|m| m.is_dir())
                        && let Ok(rd) = std::fs::read_dir(&regions)
                    {
                        let mut more: Vec<PathBuf> = rd
                            .filter_map(|e| e.ok().map(|e| e.path()))
                            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                            .filter(|p| !overlay::is_places_path(&p.display().to_string()))
                            .collect();
                        more.sort();
                        files.extend(more);
                    }
                    for f in files {
                        read_one(&f, &mut sources, &mut problems);
                    }
                }
                Err(e) => problems.push(Diagnostic::file(
                    path,
                    msg!("flow.diag.read_dir", reason = e.to_string()),
                )),
            }
        } else {
            read_one(path, &mut sources, &mut problems);
        }
    }
    (sources, problems)
}

/// The largest flow file read: bounds memory and time; generous for any
/// real flow (the shipped ones are under 40 KiB) and a 10,000-step one.
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// Opens a flow file without blocking (a FIFO would hang `open`) and without
/// following a symbolic link, and checks it is a regular file before reading at most [`MAX_FILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, Message> {
    use std::io::Read as _;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32);
    }
    let file = options.open(path).map_err(|e| {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            msg!("flow.diag.symlink")
        } else {
            msg!("flow.diag.read_file", reason = e.to_string())
        }
    })?;
    let meta = file
        .metadata()
        .map_err(|e| msg!("flow.diag.read_file", reason = e.to_string()))?;
    if !meta.is_file() {
        return Err(msg!("flow.diag.not_regular"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| msg!("flow.diag.read_file", reason = e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(len: u64) -> Message {
    msg!(
        "flow.diag.too_large",
        len = len,
        max = MAX_FILE_BYTES,
        mib = MAX_FILE_BYTES >> 20,
    )
}

fn read_one(path: &Path, sources: &mut Vec<Source>, problems: &mut Vec<Diagnostic>) {
    match read_bounded(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => sources.push(Source {
                path: path.display().to_string(),
                // A byte-order mark (added by some editors) is not content.
                text: match text.strip_prefix('\u{feff}') {
                    Some(rest) => rest.to_string(),
                    None => text,
                },
            }),
            Err(e) => {
                let (line, col) = locate::line_col(
                    &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
                    usize::MAX,
                );
                problems.push(Diagnostic {
                    path: path.display().to_string(),
                    line,
                    col,
                    severity: Severity::Error,
                    message: msg!("flow.diag.not_utf8"),
                });
            }
        },
        Err(message) => problems.push(Diagnostic::file(path, message)),
    }
}

/// One finding about a flow file, printed as `PATH:LINE:COL: error: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub col: usize,
    pub severity: Severity,
    /// Rendered in the reader's language by [`Diagnostic::render`].
    pub message: Message,
}

impl Diagnostic {
    fn file(path: &Path, message: Message) -> Self {
        Diagnostic {
            path: path.display().to_string(),
            line: 1,
            col: 1,
            severity: Severity::Error,
            message,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `PATH:LINE:COL: error: MESSAGE` with MESSAGE in `lang`; the prefix
    /// (and `error`/`warning`) stays the same in every language, for the
    /// editors and scripts that parse it.
    pub fn render(&self, lang: Lang) -> String {
        format!(
            "{}:{}:{}: {}: {}",
            self.path,
            self.line,
            self.col,
            self.severity,
            self.message.render(lang)
        )
    }
}

/// In English (see [`Diagnostic::render`] for the reader's language).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Parses one flow file. Parse errors carry the line and column RON reports.
pub fn parse(source: &Source) -> Result<Flow, Diagnostic> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str::<Flow>(&source.text)
        .map_err(|e| Diagnostic {
            path: source.path.clone(),
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
            severity: Severity::Error,
            message: msg!("flow.diag.ron_syntax", detail = e.code.to_string()),
        })
}

/// The flows that loaded, sorted by id, and what was wrong with the rest.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    flows: Vec<Flow>,
    index: HashMap<String, usize>,
    /// Every diagnostic, warnings included, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The snippets and source titles the flows were resolved against.
    library: Library,
    /// The regional overlays that loaded without errors.
    overlays: Vec<overlay::Overlay>,
}

/// Why `source` is not read at all (too large, or control characters in
/// it): empty when it may be parsed.
fn refused(source: &Source) -> Vec<Diagnostic> {
    if source.text.len() as u64 > MAX_FILE_BYTES {
        return vec![Diagnostic {
            path: source.path.clone(),
            line: 1,
            col: 1,
            severity: Severity::Error,
            message: too_large(source.text.len() as u64),
        }];
    }
    validate::control_chars(source)
}

impl Catalog {
    /// Parses and validates `sources` as one set: duplicate ids within the set
    /// are errors. Files with errors are skipped.
    ///
    /// A `snippets.ron` or `sources.ron` in the set replaces the shipped one
    /// (the set is checked against it alone); without one, the shipped one
    /// is used. `related` may also name the shipped flows.
    pub fn from_sources(sources: &[Source], today: Date) -> Catalog {
        let mut catalog = Catalog::default();
        catalog.library_for(sources, true);
        catalog.add_set(sources, today, false);
        catalog.resolve();
        catalog.add_overlays(sources, today);
        catalog
    }

    /// The shipped flows, then the flows in `extra` (a `--flows DIR`), whose
    /// flows replace shipped flows with the same id; its `snippets.ron` and
    /// `sources.ron`, if any, add to the shipped ones.
    pub fn load(extra: Option<&Path>, today: Date) -> Catalog {
        let mut catalog = Catalog::default();
        let shipped = shipped_sources();
        catalog.library_for(&shipped, true);
        catalog.add_set(&shipped, today, false);
        if let Some(dir) = extra {
            let (sources, problems) = read_sources(&[dir.to_path_buf()]);
            catalog.diagnostics.extend(problems);
            catalog.library_for(&sources, false);
            catalog.add_set(&sources, today, true);
            catalog.resolve();
            let mut overlays = shipped_overlays();
            overlays.extend(sources);
            catalog.add_overlays(&overlays, today);
        } else {
            catalog.resolve();
            catalog.add_overlays(&shipped_overlays(), today);
        }
        catalog
    }

    /// Parses and validates the overlay files among `sources` against the
    /// flows loaded (see [`overlay::validate_overlay`]), then applies each
    /// to its base flows, with the overlays of its province, and checks the
    /// result as a flow: an overlay that would break a flow is reported and
    /// left out, so the wizard never sees a broken flow.
    fn add_overlays(&mut self, sources: &[Source], today: Date) {
        let mut candidates = Vec::new();
        for source in sources.iter().filter(|s| overlay::is_overlay_path(&s.path)) {
            let refused = refused(source);
            if !refused.is_empty() {
                self.diagnostics.extend(refused);
                continue;
            }
            let mut o = match overlay::parse_overlay(source) {
                Ok(o) => o,
                Err(d) => {
                    self.diagnostics.push(d);
                    continue;
                }
            };
            // A base flow of the set, else a shipped one (a helpdesk's
            // folder may hold overlays without copying their base flows).
            let base = |id: &str| self.get(id).or_else(|| shipped_flow(id));
            let found = overlay::validate_overlay(&o, source, &base, &self.library, today);
            let bad = found.iter().any(Diagnostic::is_error);
            self.diagnostics.extend(found);
            if bad {
                continue;
            }
            for fo in &mut o.flows {
                for rule in &mut fo.changes {
                    rule.source_title = self.library.title(&rule.source).cloned();
                    if let overlay::LocalChange::Step(step) = &mut rule.change {
                        let facts: Vec<Text> = step
                            .facts
                            .iter()
                            .filter_map(|id| self.library.snippet(id).cloned())
                            .collect();
                        step.body.extend(facts);
                    }
                }
            }
            candidates.push((source, o));
        }
        // Each overlay on top of its province's, checked as the flow it makes.
        let all = crate::engine::region::Regions::new(
            candidates.iter().map(|(_, o)| o.clone()).collect(),
        );
        for (source, o) in candidates {
            let mut bad = false;
            for fo in &o.flows {
                let Some(base) = self.get(&fo.flow).or_else(|| shipped_flow(&fo.flow)) else {
                    continue;
                };
                let made = crate::engine::region::apply(base, &all.layers(&fo.flow, &o.region));
                for f in validate_flow(&made, today)
                    .into_iter()
                    .filter(|f| f.severity == Severity::Error)
                {
                    bad = true;
                    let at = validate::Anchor::in_step(
                        None,
                        validate::Needle::KeyValue("flow".into(), fo.flow.clone()),
                    )
                    .offset(&source.text);
                    let (line, col) = locate::line_col(&source.text, at);
                    self.diagnostics.push(Diagnostic {
                        path: source.path.clone(),
                        line,
                        col,
                        severity: Severity::Error,
                        message: msg!(
                            "flow.diag.overlay_breaks",
                            flow = &fo.flow,
                            problem = f.message
                        ),
                    });
                }
            }
            if !bad {
                // Local names (我的南京) find the base flow in search; a
                // name is search data only, never shown as a step.
                for fo in &o.flows {
                    if let Some(f) = self.flows.iter_mut().find(|f| f.id == fo.flow) {
                        for a in &fo.aliases {
                            if !f.aliases.contains(a) {
                                f.aliases.push(a.clone());
                            }
                        }
                    }
                }
                self.overlays.push(o);
            }
        }
    }

    /// The overlays that loaded, ready to apply.
    pub fn regions(&self) -> crate::engine::region::Regions {
        crate::engine::region::Regions::new(self.overlays.clone())
    }

    /// Sets the library from the shipped one and the library files among
    /// `sources` (replacing the shipped files when `replace`, else adding
    /// to them). [`Catalog::add_set`] passes over those files.
    fn library_for(&mut self, sources: &[Source], replace: bool) {
        let files: Vec<&Source> = sources
            .iter()
            .filter(|s| LibraryFile::of(&s.path).is_some())
            .collect();
        let (shipped, problems) = Library::shipped();
        if replace || self.library == Library::default() {
            self.library = shipped.clone();
        }
        let replaced: Vec<LibraryFile> = files
            .iter()
            .filter_map(|f| LibraryFile::of(&f.path))
            .collect();
        if replace {
            if replaced.contains(&LibraryFile::Snippets) {
                self.library.snippets.clear();
            }
            if replaced.contains(&LibraryFile::Sources) {
                self.library.clear_titles();
            }
            // The shipped files' own problems, for the files still in use.
            self.diagnostics.extend(
                problems
                    .iter()
                    .filter(|d| LibraryFile::of(&d.path).is_some_and(|k| !replaced.contains(&k)))
                    .cloned(),
            );
        }
        for f in files {
            self.library.add(f, &mut self.diagnostics);
            if replace && LibraryFile::of(&f.path) == Some(LibraryFile::Snippets) {
                self.library
                    .require_hotlines(&f.path, &f.text, &mut self.diagnostics);
            }
        }
    }

    /// Resolves every flow's snippets, hotlines, source titles and related
    /// flows (see [`Library::resolve`]).
    fn resolve(&mut self) {
        let titles: HashMap<String, Text> = self
            .flows
            .iter()
            .map(|f| (f.id.clone(), f.title.clone()))
            .collect();
        let shipped = library::shipped_titles();
        let title_of = |id: &str| titles.get(id).or_else(|| shipped.get(id)).cloned();
        for flow in &mut self.flows {
            self.library.resolve(flow, &title_of);
        }
    }

    /// The snippets and source titles the flows were resolved against.
    pub fn library(&self) -> &Library {
        &self.library
    }

    fn add_set(&mut self, sources: &[Source], today: Date, overriding: bool) {
        let mut seen_in_set: HashMap<String, String> = HashMap::new();
        let mut parsed: Vec<(&Source, Result<Flow, Diagnostic>)> = Vec::new();
        for source in sources.iter().filter(|s| {
            LibraryFile::of(&s.path).is_none()
                && !overlay::is_overlay_path(&s.path)
                && !overlay::is_places_path(&s.path)
        }) {
            let refused = refused(source);
            if !refused.is_empty() {
                self.diagnostics.extend(refused);
                continue;
            }
            parsed.push((source, parse(source)));
        }
        // `related` may name any flow of this set, of the catalog so far and
        // of the shipped set.
        let in_set: HashSet<String> = parsed
            .iter()
            .filter_map(|(_, f)| f.as_ref().ok().map(|f| f.id.clone()))
            .collect();
        let shipped = library::shipped_titles();
        let known = |id: &str| {
            in_set.contains(id) || self.index.contains_key(id) || shipped.contains_key(id)
        };
        let mut results = Vec::with_capacity(parsed.len());
        for (source, flow) in parsed {
            let flow = match flow {
                Ok(flow) => flow,
                Err(d) => {
                    results.push((source, Err(d)));
                    continue;
                }
            };
            let mut found = validate_flow(&flow, today);
            found.extend(validate_links(&flow, &self.library, &known));
            results.push((source, Ok((flow, found))));
        }
        for (source, result) in results {
            let (flow, mut found) = match result {
                Ok(x) => x,
                Err(d) => {
                    self.diagnostics.push(d);
                    continue;
                }
            };
            if let Some(first) = seen_in_set.get(&flow.id) {
                found.push(validate::Finding::error(
                    validate::Anchor::field("id"),
                    msg!("flow.diag.duplicate_flow", id = &flow.id, first = first),
                ));
            }
            let has_error = found.iter().any(|f| f.severity == Severity::Error);
            self.diagnostics
                .extend(found.into_iter().map(|f| f.locate(&flow, source)));
            if has_error {
                continue;
            }
            seen_in_set.insert(flow.id.clone(), source.path.clone());
            match self.index.get(&flow.id) {
                Some(&i) if overriding => self.flows[i] = flow,
                Some(_) => {} // unreachable within one set: caught as a duplicate above
                None => {
                    self.index.insert(flow.id.clone(), self.flows.len());
                    self.flows.push(flow);
                }
            }
        }
        self.flows.sort_by(|a, b| a.id.cmp(&b.id));
        self.index = self
            .flows
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
    }

    pub fn get(&self, id: &str) -> Option<&Flow> {
        self.index.get(id).map(|&i| &self.flows[i])
    }

    /// The loaded flows, sorted by id.
    pub fn flows(&self) -> impl ExactSizeIterator<Item = &Flow> {
        self.flows.iter()
    }

    pub fn len(&self) -> usize {
        self.flows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}
