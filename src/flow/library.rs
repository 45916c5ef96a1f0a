//! What flows share: the paragraphs of `flows/snippets.ron` (named by id
//! from a step's `facts` and a flow's `hotlines`) and the citizen-facing
//! titles of `flows/sources.ron` (one per `sources` entry).
//!
//! Both files are compiled in beside the flows; a `--flows DIR` may hold its
//! own, whose entries are added to (or replace) the shipped ones. A set
//! given to `banshi check PATH...` that holds one of the files is checked
//! against that file alone. The flows are resolved against the library when
//! they are loaded ([`Library::resolve`]), so the wizard and the printouts
//! only ever see text.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use super::locate::line_col;
use super::{Diagnostic, Flow, Hotline, Message, Severity, Source, Text, msg, shipped};

/// The file name of the shared paragraphs.
pub const SNIPPETS_FILE: &str = "snippets.ron";
/// The file name of the source titles.
pub const SOURCES_FILE: &str = "sources.ron";
/// The snippet that says how the area code changes where 12393 leads.
pub const AREA_CODE_SNIPPET: &str = "hotline-area-code";
/// Snippets every printout needs.
pub const REQUIRED_SNIPPETS: [&str; 3] = ["hotline-medical", "hotline-card", AREA_CODE_SNIPPET];

/// Which library file a source is, by its file name; `None` for a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibraryFile {
    Snippets,
    Sources,
}

impl LibraryFile {
    pub fn of(path: &str) -> Option<LibraryFile> {
        match Path::new(path).file_name()?.to_str()? {
            SNIPPETS_FILE => Some(LibraryFile::Snippets),
            SOURCES_FILE => Some(LibraryFile::Sources),
            _ => None,
        }
    }
}

/// The shared snippets and the source titles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    pub snippets: BTreeMap<String, Text>,
    /// By [`source_key`].
    titles: BTreeMap<String, Text>,
}

impl Library {
    /// The compiled-in library and what is wrong with it (nothing, in a
    /// release: a test checks).
    pub fn shipped() -> &'static (Library, Vec<Diagnostic>) {
        static SHIPPED: OnceLock<(Library, Vec<Diagnostic>)> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            let mut lib = Library::default();
            let mut found = Vec::new();
            for (path, text) in [shipped::SNIPPETS, shipped::SOURCE_TITLES] {
                let source = Source {
                    path: path.to_string(),
                    text: text.to_string(),
                };
                lib.add(&source, &mut found);
            }
            lib.require_hotlines(shipped::SNIPPETS.0, shipped::SNIPPETS.1, &mut found);
            (lib, found)
        })
    }

    /// Adds the entries of a snippets or sources file (by its name), each
    /// replacing a shipped entry with the same id. Problems go to `found`;
    /// a file that does not parse adds nothing.
    pub fn add(&mut self, source: &Source, found: &mut Vec<Diagnostic>) {
        let Some(kind) = LibraryFile::of(&source.path) else {
            return;
        };
        let map = match parse_map(source) {
            Ok(map) => map,
            Err(d) => {
                found.push(d);
                return;
            }
        };
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (id, text) in map {
            let nth = seen.entry(id.clone()).or_insert(0);
            *nth += 1;
            if *nth > 1 {
                found.push(diagnostic_nth(
                    source,
                    &id,
                    *nth,
                    msg!("flow.diag.lib_twice", id = &id),
                ));
                continue;
            }
            let at = |message: Message| diagnostic(source, &id, message);
            match kind {
                LibraryFile::Snippets => {
                    if !super::validate::valid_id(&id) {
                        found.push(at(msg!("flow.diag.snippet_id", id = &id)));
                    }
                }
                LibraryFile::Sources => {
                    if id.trim().is_empty() {
                        found.push(at(msg!("flow.diag.source_empty")));
                    }
                }
            }
            for (lang, value) in [("zh", &text.zh), ("en", &text.en)] {
                if value.trim().is_empty() {
                    found.push(at(msg!(
                        "flow.diag.lib_no_text",
                        id = &id,
                        lang = super::lang_word(lang)
                    )));
                }
            }
            match kind {
                LibraryFile::Snippets => {
                    self.snippets.insert(id, text);
                }
                LibraryFile::Sources => {
                    self.titles.insert(source_key(&id), text);
                }
            }
        }
    }

    /// Errors for each hotline snippet missing from a snippets file.
    pub fn require_hotlines(&self, path: &str, text: &str, found: &mut Vec<Diagnostic>) {
        for id in REQUIRED_SNIPPETS {
            if !self.snippets.contains_key(id) {
                let (line, col) = line_col(text, 0);
                found.push(Diagnostic {
                    path: path.to_string(),
                    line,
                    col,
                    severity: Severity::Error,
                    message: msg!("flow.diag.snippet_missing", id = id),
                });
            }
        }
    }

    /// Forgets every source title (a set with its own `sources.ron`).
    pub fn clear_titles(&mut self) {
        self.titles.clear();
    }

    pub fn snippet(&self, id: &str) -> Option<&Text> {
        self.snippets.get(id)
    }

    /// The citizen-facing title of a `sources` entry.
    pub fn title(&self, entry: &str) -> Option<&Text> {
        self.titles.get(&source_key(entry))
    }

    /// Every source title, for checks over all citizen-facing text.
    pub fn titles(&self) -> impl Iterator<Item = &Text> {
        self.titles.values()
    }

    /// Fills `flow.links` and appends each step's `facts` to its body.
    /// `title_of` gives the title of a flow id that exists. Unknown ids are
    /// left out (`check` reports them). Resolving twice changes nothing.
    pub fn resolve(&self, flow: &mut Flow, title_of: &dyn Fn(&str) -> Option<Text>) {
        if flow.links.resolved {
            return;
        }
        let mut seen = HashSet::new();
        flow.links.related = flow
            .related
            .iter()
            .filter(|id| **id != flow.id && seen.insert(id.as_str()))
            .filter_map(|id| Some((id.clone(), title_of(id)?)))
            .collect();
        let mut lines = HashSet::new();
        flow.links.hotlines = flow
            .hotlines
            .iter()
            .filter(|h| lines.insert(**h))
            .filter_map(|h| self.snippet(h.snippet_id()).cloned())
            .collect();
        flow.links.hotline_note = flow
            .hotlines
            .contains(&Hotline::Medical)
            .then(|| self.snippet(AREA_CODE_SNIPPET).cloned())
            .flatten();
        flow.links.sources = flow
            .sources
            .iter()
            .filter_map(|s| match self.title(s) {
                Some(t) => Some(t.clone()),
                // A document named by its title may be printed as it is;
                // a file name never is.
                None if !s.trim().is_empty() && !looks_like_file_name(s) => {
                    Some(Text::new(s.trim(), s.trim()))
                }
                None => None,
            })
            .collect();
        for step in &mut flow.steps {
            let facts: Vec<Text> = step
                .facts
                .iter()
                .filter_map(|id| self.snippet(id).cloned())
                .collect();
            step.body.extend(facts);
        }
        flow.links.resolved = true;
    }
}

/// The key a `sources` entry is looked up by: the file name (any folder
/// dropped), and for `file.md#Heading text` the heading as a lower-case slug
/// (`#12393-the-medical-insurance-service-hotline`), so the heading may be
/// written either way.
pub fn source_key(entry: &str) -> String {
    let entry = entry.trim();
    let (file, heading) = match entry.split_once('#') {
        Some((f, h)) => (f, Some(h)),
        None => (entry, None),
    };
    let file = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match heading {
        None => file.to_string(),
        Some(h) => {
            let mut slug = String::new();
            for c in h.chars().flat_map(char::to_lowercase) {
                if c.is_alphanumeric() {
                    slug.push(c);
                } else if !slug.is_empty() && !slug.ends_with('-') {
                    slug.push('-');
                }
            }
            format!("{file}#{}", slug.trim_end_matches('-'))
        }
    }
}

/// True for text that names a source file: `*.txt`, a seed's name
/// (`000_dedf4d4433344739`), `facts-outside-seeds.md`, a path into `seeds/`.
pub fn looks_like_file_name(text: &str) -> bool {
    let lower = text.to_lowercase();
    if [".txt", "facts-outside-seeds", "seeds/", ".md#"]
        .iter()
        .any(|n| lower.contains(n))
    {
        return true;
    }
    // Three digits, '_', then at least eight hex digits.
    let b = lower.as_bytes();
    b.windows(12).any(|w| {
        w[..3].iter().all(u8::is_ascii_digit)
            && w[3] == b'_'
            && w[4..].iter().all(u8::is_ascii_hexdigit)
    })
}

/// Phrases that are notes from the author about the sources, never meant
/// for a citizen (who does not know which 资料 or which source).
pub const AUTHORING_NOTES: &[&str] = &[
    "资料说",
    "有资料",
    "其中一篇",
    "资料来源",
    "资料举",
    "资料推荐",
    "资料提到",
    "资料中",
    "资料里",
    "资料显示",
    "one source says",
    "one source",
    "another source",
    "the sources",
    "other sources",
    "some sources",
    "according to the source",
];

/// What in a citizen-facing text is a file name or an authoring note:
/// the offending words, empty when the text is clean.
pub fn leaks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if looks_like_file_name(text) {
        out.push("a source file name".to_string());
    }
    let lower = text.to_lowercase();
    out.extend(
        AUTHORING_NOTES
            .iter()
            .filter(|n| lower.contains(&n.to_lowercase()))
            .map(|n| format!("\"{n}\"")),
    );
    out
}

/// The ids and titles of the shipped flows (parsed once), so a set checked
/// or loaded on its own may name them in `related`.
pub fn shipped_titles() -> &'static HashMap<String, Text> {
    static TITLES: OnceLock<HashMap<String, Text>> = OnceLock::new();
    TITLES.get_or_init(|| {
        super::shipped_sources()
            .iter()
            .filter_map(|s| super::parse(s).ok())
            .map(|f| (f.id, f.title))
            .collect()
    })
}

/// A RON map's entries in file order, repeats included (a `BTreeMap`
/// would keep the last of two entries with one id without a word).
struct Entries(Vec<(String, Text)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of \"id\": (zh: \"…\", en: \"…\")")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Text>()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

fn parse_map(source: &Source) -> Result<Vec<(String, Text)>, Diagnostic> {
    ron::from_str::<Entries>(&source.text)
        .map(|e| e.0)
        .map_err(|e| Diagnostic {
            path: source.path.clone(),
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
            severity: Severity::Error,
            message: msg!("flow.diag.lib_syntax", detail = e.code.to_string()),
        })
}

/// At the `nth` (1-based) `"id":` key of the file (a quoted id in a
/// comment is not a key).
fn diagnostic_nth(source: &Source, id: &str, nth: usize, message: Message) -> Diagnostic {
    let quoted = format!("\"{id}\"");
    let text = &source.text;
    let at = text
        .match_indices(&quoted)
        .map(|(i, _)| i)
        .filter(|&i| text[i + quoted.len()..].trim_start().starts_with(':'))
        .nth(nth - 1)
        .unwrap_or(0);
    let (line, col) = line_col(text, at);
    Diagnostic {
        path: source.path.clone(),
        line,
        col,
        severity: Severity::Error,
        message,
    }
}

fn diagnostic(source: &Source, id: &str, message: Message) -> Diagnostic {
    diagnostic_nth(source, id, 1, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_keys_ignore_folders_and_how_a_heading_is_written() {
        assert_eq!(
            source_key("../seeds/000_dedf4d4433344739.txt"),
            "000_dedf4d4433344739.txt"
        );
        assert_eq!(
            source_key("facts-outside-seeds.md#12393, the medical-insurance service hotline"),
            "facts-outside-seeds.md#12393-the-medical-insurance-service-hotline"
        );
        assert_eq!(
            source_key(
                "../shared/notes/facts-outside-seeds.md#12393-the-medical-insurance-service-hotline"
            ),
            "facts-outside-seeds.md#12393-the-medical-insurance-service-hotline"
        );
    }

    #[test]
    fn file_names_and_authoring_notes_are_found() {
        assert!(looks_like_file_name("资料来源：000_dedf4d4433344739"));
        assert!(looks_like_file_name("see notes.TXT"));
        assert!(!looks_like_file_name("拨打 010-12393 或 12333"));
        assert_eq!(leaks("有资料说要等 3 个月"), ["\"资料说\"", "\"有资料\""]);
        assert!(leaks("One source says so").contains(&"\"one source says\"".to_string()));
        assert!(leaks("各地规定不同，可拨打 12393。").is_empty());
    }

    #[test]
    fn the_shipped_library_is_clean_and_has_every_hotline() {
        let (lib, found) = Library::shipped();
        assert!(found.is_empty(), "{found:#?}");
        for id in REQUIRED_SNIPPETS {
            assert!(lib.snippet(id).is_some(), "{id}");
        }
        for t in lib.snippets.values().chain(lib.titles()) {
            for s in [&t.zh, &t.en] {
                assert!(leaks(s).is_empty(), "{s}: {:?}", leaks(s));
            }
        }
        for seed in ["000_dedf4d4433344739.txt", "004_dc88235a437c849b.txt"] {
            assert!(lib.title(seed).is_some(), "{seed}");
        }
    }
}
