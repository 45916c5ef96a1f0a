//! Flow definitions: the RON model, loading with precise errors, validation.
//!
//! ```text
//! sources (shipped + --flows DIR) ──parse──▶ Flow ──validate──▶ Catalog
//!                                  └─ Diagnostic (path:line:col) for anything wrong
//! ```
//! A file that fails to parse or has errors is reported and skipped; the
//! other flows still load.

mod library;
mod locate;
mod model;
mod validate;

pub use library::{AUTHORING_NOTES, Library, LibraryFile, leaks, looks_like_file_name, source_key};
pub use model::*;
pub use validate::{Severity, validate_flow, validate_links};

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
    shipped::SHIPPED
        .iter()
        .map(|(path, text)| Source {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
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
                    let mut files: Vec<PathBuf> = rd
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
                        .collect();
                    files.sort();
                    for f in files {
                        read_one(&f, &mut sources, &mut problems);
                    }
                }
                Err(e) => problems.push(Diagnostic::file(
                    path,
                    format!("cannot read directory: {e}"),
                )),
            }
        } else {
            read_one(path, &mut sources, &mut problems);
        }
    }
    (sources, problems)
}

fn read_one(path: &Path, sources: &mut Vec<Source>, problems: &mut Vec<Diagnostic>) {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => sources.push(Source {
                path: path.display().to_string(),
                text,
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
                    message: "the file is not valid UTF-8; save it as UTF-8".into(),
                });
            }
        },
        Err(e) => problems.push(Diagnostic::file(path, format!("cannot read file: {e}"))),
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
    pub message: String,
}

impl Diagnostic {
    fn file(path: &Path, message: String) -> Self {
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path, self.line, self.col, self.severity, self.message
        )
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
            message: format!("{}; fix the RON syntax or field here", e.code),
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
        let (_, flows) = catalog.library_for(sources, true);
        catalog.add_set(&flows, today, false);
        catalog.resolve();
        catalog
    }

    /// The shipped flows, then the flows in `extra` (a `--flows DIR`), whose
    /// flows replace shipped flows with the same id; its `snippets.ron` and
    /// `sources.ron`, if any, add to the shipped ones.
    pub fn load(extra: Option<&Path>, today: Date) -> Catalog {
        let mut catalog = Catalog::default();
        let (_, shipped) = catalog.library_for(&shipped_sources(), true);
        catalog.add_set(&shipped, today, false);
        if let Some(dir) = extra {
            let (sources, problems) = read_sources(&[dir.to_path_buf()]);
            catalog.diagnostics.extend(problems);
            let (_, flows) = catalog.library_for(&sources, false);
            catalog.add_set(&flows, today, true);
        }
        catalog.resolve();
        catalog
    }

    /// Sets the library from the shipped one and the library files among
    /// `sources` (replacing the shipped files when `replace`, else adding
    /// to them); returns the library files and the flow sources apart.
    fn library_for(&mut self, sources: &[Source], replace: bool) -> (Vec<Source>, Vec<Source>) {
        let (files, flows): (Vec<Source>, Vec<Source>) = sources
            .iter()
            .cloned()
            .partition(|s| LibraryFile::of(&s.path).is_some());
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
        for f in &files {
            self.library.add(f, &mut self.diagnostics);
            if replace && LibraryFile::of(&f.path) == Some(LibraryFile::Snippets) {
                self.library
                    .require_hotlines(&f.path, &f.text, &mut self.diagnostics);
            }
        }
        (files, flows)
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
        let parsed: Vec<(&Source, Result<Flow, Diagnostic>)> =
            sources.iter().map(|s| (s, parse(s))).collect();
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
                    format!(
                        "duplicate flow id \"{}\": {} already uses it; give this flow another id",
                        flow.id, first
                    ),
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
