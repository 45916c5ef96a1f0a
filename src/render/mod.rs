//! The printable checklist: what to bring, on paper, in both languages.
//!
//! [`Summary`] is plain data copied once from the engine's
//! [`crate::engine::Checklist`] (the engine merges materials and groups them
//! by where a person goes) plus what the page needs besides (the person,
//! the date, the sources). Three renderers turn it
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
use crate::flow::{How, Library, Links, Office, Place, Step, Text};
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
    /// Whom to call, most relevant first: one line per hotline of the flow.
    pub hotlines: Vec<Text>,
    /// How the area code changes where 12393 leads (when 12393 is listed).
    pub hotline_note: Option<Text>,
    /// The procedures that come before or after this one.
    pub related: Vec<Related>,
    /// When the flow was last checked against its sources (`YYYY-MM-DD`).
    pub reviewed: String,
    /// The titles of the articles the facts come from (never file names).
    pub sources: Vec<Text>,
    /// The place whose local rules were applied (the person's 参保地), if any.
    pub local: Option<crate::flow::LocalInfo>,
    /// The local notes and channels of the route's steps, marked with their
    /// place, in route order.
    pub local_lines: Vec<Text>,
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

/// One procedure that comes before or after this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub id: String,
    pub title: Text,
}

/// One place to go: what to do there and the materials to bring to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceGroup {
    pub place: Place,
    /// Whose office it is (参保地 / 就医地), when the flow says.
    pub office: Option<Office>,
    /// What to do there, one line each, in route order (the steps' `action`).
    pub actions: Vec<Text>,
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
    /// Brought on paper, uploaded as a photo, or shown on the phone.
    pub how: How,
    /// Whose office its place is, when the flow says.
    pub office: Option<Office>,
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
        // The engine merges and groups the materials; this only copies.
        let checklist = session.checklist(printed);
        let answers = checklist
            .answers
            .into_iter()
            .map(|a| Answer {
                question_id: a.question_id,
                question: a.question,
                option_id: a.option_id,
                option: a.option,
                assumed: a.assumed,
            })
            .collect();
        let places = checklist
            .places
            .into_iter()
            .map(|g| PlaceGroup {
                place: g.place,
                office: None,
                actions: Vec::new(),
                materials: g
                    .materials
                    .into_iter()
                    .map(|need| MaterialLine {
                        also_at: need.places[1..].to_vec(),
                        id: need.id,
                        label: need.label,
                        note: need.note,
                        originals: need.originals,
                        copies: need.copies,
                        required: need.required,
                        how: How::Bring,
                        office: None,
                        ticked: need.ticked,
                    })
                    .collect(),
            })
            .collect();
        let steps = checklist
            .steps
            .into_iter()
            .map(|s| RouteStep {
                id: s.id,
                title: s.title,
                todos: s.todos,
            })
            .collect();

        let links = links_of(flow);
        let route = session.route_steps();
        let places = lay_out(places, &route, session);
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
            deadlines: checklist.deadlines,
            warnings: checklist.warnings,
            region_note: flow.region_note.clone(),
            hotlines: links.hotlines,
            hotline_note: links.hotline_note,
            related: links
                .related
                .into_iter()
                .map(|(id, title)| Related { id, title })
                .collect(),
            reviewed: flow.reviewed.clone(),
            sources: links.sources,
            local: flow.links.local.clone(),
            local_lines: {
                let mut lines: Vec<Text> = Vec::new();
                for t in session.route_steps().iter().flat_map(|s| &s.local) {
                    if !lines.contains(t) {
                        lines.push(t.clone());
                    }
                }
                lines
            },
            printed,
        }
    }

    /// The "本地规定（南京）" part (see [`local_rules`]), when the flow was
    /// shown for a place.
    pub fn local_rules(&self, l: &Locale) -> Option<(String, String)> {
        self.local.as_ref().map(|info| local_rules(info, l))
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

/// The "本地规定（南京）" part of a flow shown for a place: its heading and
/// what it says. Lines marked with the place's name are local; the rest is
/// national.
pub fn local_rules(info: &crate::flow::LocalInfo, l: &Locale) -> (String, String) {
    let lang = l.lang;
    let names: Vec<&str> = info.places.iter().map(|p| p.get(lang)).collect();
    let heading = l.fmt(
        "render.local_heading",
        &[("region", &names.join(l.t("render.sep")))],
    );
    if info.rules == 0 {
        let body = l.fmt(
            "render.local_none",
            &[("region", &names.last().copied().unwrap_or_default())],
        );
        return (heading, body);
    }
    let marks: String = info
        .places
        .iter()
        .map(|p| {
            l.fmt("region.mark", &[("region", &p.get(lang))])
                .trim()
                .to_string()
        })
        .collect();
    let sources: Vec<&str> = info.sources.iter().map(|t| t.get(lang)).collect();
    let body = l.fmt(
        "render.local_body",
        &[
            ("marks", &marks),
            ("sources", &sources.join(l.t("render.sep"))),
        ],
    );
    (heading, body)
}

/// The flow's resolved links; a flow parsed on its own (not through a
/// catalog) is resolved against the shipped library here.
fn links_of(flow: &crate::flow::Flow) -> Links {
    if flow.links.resolved {
        return flow.links.clone();
    }
    let mut bare = crate::flow::Flow {
        steps: Vec::new(),
        ..flow.clone()
    };
    Library::shipped().0.resolve(&mut bare, &|_| None);
    bare.links
}

/// The layout of the places: each material's kind and office, the groups
/// split by office (参保地 / 就医地) where the materials say which, each
/// step's `action` under its place (a place with nothing to bring but
/// something to do gets its own group), and the groups in the order the
/// route first reaches them. Which materials go under which place is
/// decided before this, and not changed here.
fn lay_out(groups: Vec<PlaceGroup>, route: &[&Step], session: &Session) -> Vec<PlaceGroup> {
    // Where each material is first asked for on the route, and how.
    let mut first_use: Vec<(&str, usize, How, Option<Office>)> = Vec::new();
    let mut first_seen = HashSet::new();
    for (i, items) in session.items_of(route).into_iter().enumerate() {
        for item in items {
            if let Some(m) = &item.material
                && first_seen.insert(item.id.as_str())
            {
                first_use.push((&item.id, i, m.how, m.office));
            }
        }
    }
    let use_of = |id: &str| first_use.iter().find(|(m, ..)| *m == id);

    let mut out: Vec<(usize, PlaceGroup)> = Vec::new();
    for g in groups {
        for mut m in g.materials {
            let (at, how, office) =
                use_of(&m.id).map_or((usize::MAX, How::Bring, None), |u| (u.1, u.2, u.3));
            m.how = how;
            m.office = office;
            match out
                .iter_mut()
                .find(|(_, o)| o.place == g.place && o.office == office)
            {
                Some((first, o)) => {
                    *first = (*first).min(at);
                    o.materials.push(m);
                }
                None => out.push((
                    at,
                    PlaceGroup {
                        place: g.place,
                        office,
                        actions: g.actions.clone(),
                        materials: vec![m],
                    },
                )),
            }
        }
    }
    // An office the flow leaves open fits the one office named for that place.
    let mut i = 0;
    while i < out.len() {
        let (place, office) = (out[i].1.place, out[i].1.office);
        let named: Vec<usize> = (0..out.len())
            .filter(|&j| out[j].1.place == place && out[j].1.office.is_some())
            .collect();
        if office.is_none() && named.len() == 1 {
            let (at, g) = out.remove(i);
            let j = if named[0] > i { named[0] - 1 } else { named[0] };
            out[j].0 = out[j].0.min(at);
            out[j].1.materials.extend(g.materials);
            continue;
        }
        i += 1;
    }

    for (i, step) in route.iter().enumerate() {
        let (Some(place), Some(action)) = (step.place, &step.action) else {
            continue;
        };
        let fits = |g: &PlaceGroup| {
            g.place == place
                && (step.office.is_none() || g.office.is_none() || g.office == step.office)
        };
        let exact = out
            .iter()
            .position(|(_, g)| g.place == place && g.office == step.office);
        match exact.or_else(|| out.iter().position(|(_, g)| fits(g))) {
            Some(j) => {
                let (first, g) = &mut out[j];
                *first = (*first).min(i);
                if g.office.is_none() {
                    g.office = step.office;
                }
                if !g.actions.contains(action) {
                    g.actions.push(action.clone());
                }
            }
            None => out.push((
                i,
                PlaceGroup {
                    place,
                    office: step.office,
                    actions: vec![action.clone()],
                    materials: Vec::new(),
                },
            )),
        }
    }
    // Stable: groups first reached at the same step keep their order.
    out.sort_by_key(|(first, _)| *first);
    out.into_iter().map(|(_, g)| g).collect()
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
    let body = render(format, summary, locale);
    write_new(dir, &file_stem(summary, locale), format, &body)
}

/// What `p` in the wizard saves, for the TUI and plain mode alike: the
/// checklist of `summary` (or why there is none) as text in `dir` (the
/// store's exports folder, or why there is none), or at a helpdesk
/// (`notice`) the 一次性告知单. Returns what to tell the user, in the
/// locale's language: `Ok` where it went, `Err` why not.
pub fn save_printout(
    summary: Result<&Summary, String>,
    locale: &Locale,
    notice: Option<&notice::Options>,
    dir: Result<PathBuf, String>,
) -> Result<String, String> {
    let (done, failed) = match notice {
        Some(_) => ("tui.notice_printed", "tui.notice_failed"),
        None => ("tui.printed", "tui.print_failed"),
    };
    let written = summary.and_then(|summary| dir.map(|dir| (summary, dir)));
    let written = written.and_then(|(summary, dir)| {
        match notice {
            Some(o) => write_notice(Format::Text, summary, locale, o, &dir),
            None => write(Format::Text, summary, locale, &dir),
        }
        .map_err(|e| {
            format!(
                "{}: {}",
                dir.display(),
                crate::store::io_reason(&e, locale.lang)
            )
        })
    });
    match written {
        Ok(path) => Ok(locale.fmt(done, &[("path", &path.display())])),
        Err(reason) => Err(locale.fmt(failed, &[("reason", &reason)])),
    }
}

/// Writes the printout laid out as a 一次性告知单 ([`notice::notice`]) the
/// way [`write`] does (new file, 0600, never overwriting), named
/// `FLOW[-PERSON]-DATE.LANG.notice.EXT`. For the TUI's `p` in helpdesk use.
pub fn write_notice(
    format: Format,
    summary: &Summary,
    locale: &Locale,
    options: &notice::Options,
    dir: &Path,
) -> io::Result<PathBuf> {
    let body = notice::notice(format, summary, locale, options);
    let stem = format!("{}.notice", file_stem(summary, locale));
    write_new(dir, &stem, format, &body)
}

/// `body` into a new file `STEM.EXT` (then `STEM-2.EXT`…) in `dir`, 0600.
fn write_new(dir: &Path, stem: &str, format: Format, body: &str) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
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

/// The place's name, with whose office it is when known:
/// "医保经办机构（参保地）".
pub fn place_name(g: &PlaceGroup, l: &Locale) -> String {
    let name = l.t(g.place.locale_key());
    match g.office {
        Some(o) => l.fmt(
            "render.place_office",
            &[("place", &name), ("office", &l.t(o.locale_key()))],
        ),
        None => name.to_string(),
    }
}

/// "original 1, copies 2" in the locale's words, or how it is handed over
/// ("upload a photo", "show it on your phone"); empty when none.
pub(crate) fn counts(m: &MaterialLine, l: &Locale) -> String {
    if let Some(key) = m.how.locale_key() {
        return l.t(key).to_string();
    }
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
    parts.push(required(m, l).to_string());
    parts.join(l.t("render.sep"))
}

/// "必带" for a thing brought, "必需" for one uploaded or shown; "可选".
pub(crate) fn required<'a>(m: &MaterialLine, l: &'a Locale) -> &'a str {
    l.t(match (m.required, m.how) {
        (false, _) => "render.optional",
        (true, How::Bring) => "render.required",
        (true, _) => "render.required_other",
    })
}

#[cfg(test)]
mod tests;
