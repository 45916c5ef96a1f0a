//! The printable checklist: what to bring, on paper, in both languages.
//!
//! [`Summary`] is plain data built once from an engine [`Session`]: the one
//! place where materials are grouped by where a person goes. The TUI's
//! summary screen and `banshi print` both read it. Three renderers turn it
//! into text (80 columns, CJK counted as two), Markdown (a task list) and
//! self-contained printable HTML: each `fn(&Summary, &Locale) -> String`.
//!
//! A `Summary` holds every user-facing text in both languages ([`Text`]), so
//! the same summary can be rendered in either language.

mod html;
mod markdown;
pub mod notice;
pub mod qr;
mod text;

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::engine::Session;
use crate::flow::{Place, Text};
use crate::locale::Locale;

use crate::wrap::Widths;
pub use html::html;
pub use markdown::markdown;
pub use text::text;

/// The display width of a printed line (ambiguous characters count two).
pub fn display_width(s: &str) -> usize {
    Widths::Print.str(s)
}

/// Wraps printed text to `width` columns (see [`crate::wrap::wrap`]).
pub fn wrap(text: &str, width: usize, first: &str, indent: &str) -> Vec<String> {
    crate::wrap::wrap(text, width, first, indent, Widths::Print)
}

/// The widest line the text format prints, in display columns.
pub const TEXT_WIDTH: usize = 80;

/// Everything a printout says, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub flow_id: String,
    pub title: Text,
    /// Whose checklist this is; only when a name was given.
    pub person: Option<String>,
    /// Every question on the route, in route order, with the option chosen
    /// (or assumed).
    pub answers: Vec<Answer>,
    /// What to bring, grouped by the first place where each thing is needed;
    /// groups in the order the route reaches them.
    pub places: Vec<PlaceGroup>,
    /// The steps of the route to do or read, in order (questions are in
    /// `answers`, not here).
    pub steps: Vec<RouteStep>,
    /// Time limits from the route's steps, in route order, without repeats.
    pub deadlines: Vec<Text>,
    /// Warnings from the route's steps, in route order, without repeats.
    pub warnings: Vec<Text>,
    /// How the rules differ by region and whom to ask (the flow's note).
    pub region_note: Text,
    /// When the flow was last checked against its sources (`YYYY-MM-DD`).
    pub reviewed: String,
    pub sources: Vec<String>,
    /// The date printed on the page.
    pub printed: Date,
}

/// One question on the route and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub question_id: String,
    pub question: Text,
    pub option_id: String,
    pub option: Text,
    /// Not answered by the person: the first option was assumed to predict
    /// the route.
    pub assumed: bool,
}

/// The materials to bring to one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceGroup {
    pub place: Place,
    pub materials: Vec<MaterialLine>,
}

/// One thing to bring (listed once, under the first place that needs it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialLine {
    pub id: String,
    pub label: Text,
    pub note: Option<Text>,
    /// Originals to bring (one original serves every place).
    pub originals: u32,
    /// Copies to bring in all (each place keeps its own).
    pub copies: u32,
    pub required: bool,
    /// The other places where it is shown or handed in, in route order.
    pub also_at: Vec<Place>,
    /// Ticked in the wizard (the TUI shows it; paper always prints an empty box).
    pub ticked: bool,
}

/// One step of the route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteStep {
    pub id: String,
    pub title: Text,
    /// Things to do at this step (checklist items that are not materials).
    pub todos: Vec<Text>,
}

impl Summary {
    /// The summary of a session's predicted route: the answers given, and the
    /// first option of every question still open (marked as assumed).
    pub fn new(session: &Session, person: Option<&str>, printed: Date) -> Summary {
        let flow = session.flow();
        let route = session.route_steps();

        let answers = route
            .iter()
            .filter(|s| s.is_question())
            .filter_map(|s| {
                let given = session.answer_of(&s.id);
                let option = match given {
                    Some(o) => s.option(o),
                    None => s.options().first(),
                }?;
                Some(Answer {
                    question_id: s.id.clone(),
                    question: s.title.clone(),
                    option_id: option.id.clone(),
                    option: option.label.clone(),
                    assumed: given.is_none(),
                })
            })
            .collect();

        let mut places: Vec<PlaceGroup> = Vec::new();
        for need in session.materials() {
            let Some((&first, rest)) = need.places.split_first() else {
                continue;
            };
            let line = MaterialLine {
                id: need.id,
                label: need.label,
                note: need.note,
                originals: need.originals,
                copies: need.copies,
                required: need.required,
                also_at: rest.to_vec(),
                ticked: need.ticked,
            };
            match places.iter_mut().find(|g| g.place == first) {
                Some(g) => g.materials.push(line),
                None => places.push(PlaceGroup {
                    place: first,
                    materials: vec![line],
                }),
            }
        }

        let steps = route
            .iter()
            .filter(|s| !s.is_question())
            .map(|s| RouteStep {
                id: s.id.clone(),
                title: s.title.clone(),
                todos: session
                    .visible_items(s)
                    .into_iter()
                    .filter(|i| i.material.is_none())
                    .map(|i| i.label.clone())
                    .collect(),
            })
            .collect();

        let collect = |pick: fn(&crate::flow::Step) -> &Vec<Text>| {
            let mut seen = HashSet::new();
            route
                .iter()
                .flat_map(|s| pick(s).iter())
                .filter(|t| seen.insert((t.zh.clone(), t.en.clone())))
                .cloned()
                .collect::<Vec<_>>()
        };

        Summary {
            flow_id: flow.id.clone(),
            title: flow.title.clone(),
            person: person
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string),
            answers,
            places,
            steps,
            deadlines: collect(|s| &s.deadlines),
            warnings: collect(|s| &s.warnings),
            region_note: flow.region_note.clone(),
            reviewed: flow.reviewed.clone(),
            sources: flow.sources.clone(),
            printed,
        }
    }

    /// Marks answers as assumed (e.g. `banshi print` answered an open question
    /// with its first option to reach a later question it was given).
    pub fn mark_assumed(&mut self, question_ids: &[String]) {
        for a in &mut self.answers {
            if question_ids.contains(&a.question_id) {
                a.assumed = true;
            }
        }
    }

    /// Every material, in printed order.
    pub fn materials(&self) -> impl Iterator<Item = &MaterialLine> {
        self.places.iter().flat_map(|g| g.materials.iter())
    }

    /// True when any answer was assumed rather than given.
    pub fn has_assumptions(&self) -> bool {
        self.answers.iter().any(|a| a.assumed)
    }
}

/// The printout formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Text, Format::Markdown, Format::Html];

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// Renders a summary in a format.
pub fn render(format: Format, summary: &Summary, locale: &Locale) -> String {
    match format {
        Format::Text => text(summary, locale),
        Format::Markdown => markdown(summary, locale),
        Format::Html => html(summary, locale),
    }
}

/// Writes the printout into `dir` (created if missing) under a safe, new
/// file name (never overwriting an earlier printout) and returns its path:
/// `FLOW[-PERSON]-DATE.LANG.EXT`, then `-2`, `-3`… before the extension.
/// The file is private to its owner (0600 on Unix): it may carry a name.
/// For the TUI's `p`: `dir` is the store's `exports_dir()`.
pub fn write(
    format: Format,
    summary: &Summary,
    locale: &Locale,
    dir: &Path,
) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let body = render(format, summary, locale);
    let stem = file_stem(summary, locale);
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{}", format.extension())
        } else {
            format!("{stem}-{n}.{}", format.extension())
        };
        let path = dir.join(name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(mut f) => {
                let written = f.write_all(body.as_bytes()).and_then(|()| f.sync_all());
                if let Err(e) = written {
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "too many printouts named {stem} in {}; move some away",
            dir.display()
        ),
    ))
}

/// `FLOW[-PERSON]-DATE.LANG`: letters and digits of any script, `-` and `_`
/// kept; everything else (slashes, dots, spaces, controls) becomes `_`.
fn file_stem(summary: &Summary, locale: &Locale) -> String {
    let mut stem = safe_name(&summary.flow_id);
    if let Some(p) = &summary.person {
        stem.push('-');
        stem.push_str(&safe_name(p));
    }
    format!("{stem}-{}.{}", summary.printed, locale.lang.tag())
}

fn safe_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    if cleaned.is_empty() {
        "_".into()
    } else {
        cleaned
    }
}

/// "original 1, copies 2" in the locale's words; empty when neither.
pub(crate) fn counts(m: &MaterialLine, l: &Locale) -> String {
    let mut parts = Vec::new();
    if m.originals > 0 {
        parts.push(l.fmt("render.originals", &[("n", &m.originals)]));
    }
    if m.copies > 0 {
        parts.push(l.fmt("render.copies", &[("n", &m.copies)]));
    }
    parts.join(l.t("render.sep"))
}

/// "Question: answer", without a colon after a question mark.
pub(crate) fn question_answer(question: &str, answer: &str, l: &Locale) -> (String, String) {
    let ends_in_mark = question
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '?' | '？' | ':' | '：'));
    let sep = if ends_in_mark {
        " "
    } else {
        l.t("render.colon")
    };
    (format!("{question}{sep}"), answer.to_string())
}

/// The places after the first, joined: "also used at: Bank".
pub(crate) fn also_at(m: &MaterialLine, l: &Locale) -> Option<String> {
    if m.also_at.is_empty() {
        return None;
    }
    let names: Vec<&str> = m.also_at.iter().map(|p| l.t(p.locale_key())).collect();
    Some(l.fmt(
        "render.also_at",
        &[("places", &names.join(l.t("render.sep")))],
    ))
}

/// The facts line under a material: counts, required/optional.
pub(crate) fn facts(m: &MaterialLine, l: &Locale) -> String {
    let mut parts = Vec::new();
    let c = counts(m, l);
    if !c.is_empty() {
        parts.push(c);
    }
    parts.push(
        l.t(if m.required {
            "render.required"
        } else {
            "render.optional"
        })
        .to_string(),
    );
    parts.join(l.t("render.sep"))
}

#[cfg(test)]
mod tests;
