//! The 一次性告知单 (one-time notice): the printout a service-hall counter hands
//! over, telling a citizen in one go everything a matter needs.
//!
//! Sections, in the order the rule asks for them: the matter; the
//! conditions; the steps; the materials as a table (name, 原件/复印件 and
//! count, bring / upload / show, where); where to go; time limits and fees
//! ("按当地规定" when the sources give none); whom to call and whom to
//! complain to (12393 for medical-insurance matters and complaints, 12333 for
//! the card itself). A header names the matter, the person (masked as in
//! lists unless staff ask for the full name) and the date; a footer carries
//! the counter and staff number (`--counter`, `BANSHI_COUNTER`) and the
//! content's review date. Text (≤ 80 columns, CJK counted as two), Markdown
//! and one A4 HTML page.
//!
//! # The QR code
//! The text printout, the HTML page and the TUI summary carry a QR code of
//! the checklist as plain text ([`qr_text`]): the title, the materials by
//! place, the time limits and the hotlines. No link, no server: a phone's
//! scanner shows the text. When the text does not fit the room a code has
//! (the page, 80 columns, the terminal window), it is shortened step by step
//! ([`Detail`], richest first) and never fails while the materials fit:
//! 1. [`Detail::Full`]: everything above, with each material's note;
//! 2. [`Detail::NoNotes`]: without the materials' notes;
//! 3. [`Detail::NoDeadlines`]: the time limits become "see the notice";
//! 4. [`Detail::Bare`]: every material's name by place, without counts.
//!
//! Every material is kept at every level. When even the bare list does not
//! fit, there is no code, and the page says so (the paper has it all).
//!
//! # Adapters
//! Everything the notice reads from the content model (material `how`,
//! whose office a place is, what to do there, the flow's hotlines) goes
//! through the small functions under "Adapters" below, so a model change is
//! met in one place. The materials table says "bring / upload / show" from
//! `how`; the places carry their office and their steps' `action`s; the
//! hotline lines are the flow's own, and 12393 takes complaints.

use std::fmt::Write as _;

use super::html::escape as html_escape;
use super::markdown::escape as md_escape;
use super::qr::{Code, Ec};
use super::text::Out;
use super::{Format, MaterialLine, PlaceGroup, Summary, TEXT_WIDTH, display_width, wrap};
use crate::flow::{Place, Text};
use crate::locale::Locale;

/// The longest counter text kept (characters).
const MAX_COUNTER: usize = 60;

/// What staff add to a notice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The counter's name and the staff member's number, as staff type it
    /// ("3 号窗口 工号 0412"); control characters dropped, at most 60
    /// characters. Without it, the footer has blanks to fill in by hand.
    pub counter: Option<String>,
    /// Print the person's full name instead of the masked one.
    pub full_name: bool,
}

impl Options {
    /// Helpdesk use (a counter configured, or the idle clear on): then `p`
    /// in the wizard, TUI or plain, saves the notice with these options
    /// (the name masked); otherwise `None`, the ordinary checklist.
    pub fn for_helpdesk(counter: Option<&str>, idle: bool) -> Option<Options> {
        let counter = counter.filter(|c| !c.trim().is_empty());
        (counter.is_some() || idle).then(|| Options::new(counter, false))
    }

    pub fn new(counter: Option<&str>, full_name: bool) -> Options {
        let counter = counter
            .map(|c| {
                c.chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .take(MAX_COUNTER)
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .filter(|c| !c.is_empty());
        Options { counter, full_name }
    }
}

pub use crate::flow::{Hotline, How, Office};

// ---------------------------------------------------------------------------
// Adapters: where the notice reads the content model (material `how` and
// `office`, the places' `actions`, the flow's `hotlines`).
// ---------------------------------------------------------------------------

/// How `m` is handed over at `place`: the material's `how`; a thing
/// "brought" to an online place can only be uploaded.
pub fn material_kind(m: &MaterialLine, place: Place) -> How {
    match (m.how, place) {
        (How::Bring, Place::Online) => How::Upload,
        (how, _) => how,
    }
}

/// Whom to call, most relevant first, read from the summary's hotline
/// lines (a line naming 12333 is the card line, 12393 the medical one);
/// `[Medical]` when the flow names none.
pub fn hotlines(s: &Summary) -> Vec<Hotline> {
    let mut out = Vec::new();
    for t in &s.hotlines {
        let (card, medical) = (t.zh.find("12333"), t.zh.find("12393"));
        let h = match (card, medical) {
            (Some(c), Some(m)) if c < m => Hotline::Card,
            (Some(_), None) => Hotline::Card,
            (_, Some(_)) => Hotline::Medical,
            (None, None) => continue,
        };
        if !out.contains(&h) {
            out.push(h);
        }
    }
    if out.is_empty() {
        out.push(Hotline::Medical);
    }
    out
}

/// The conditions: what must hold or be known before going. Today: the
/// route's warnings, how the rules differ by region and, for a person whose
/// 参保地 is known, which lines are local rules (and their sources).
pub fn conditions(s: &Summary) -> Vec<Text> {
    let mut out: Vec<Text> = s.warnings.clone();
    if !s.region_note.zh.trim().is_empty() || !s.region_note.en.trim().is_empty() {
        out.push(s.region_note.clone());
    }
    let local = |lang| {
        s.local_rules(Locale::get(lang))
            .map(|(h, b)| format!("{h}{}{b}", Locale::get(lang).t("render.colon")))
    };
    out.extend(s.local_lines.iter().cloned());
    if let (Some(zh), Some(en)) = (local(crate::flow::Lang::ZhCn), local(crate::flow::Lang::En)) {
        out.push(Text::new(zh, en));
    }
    out
}

/// The fees the sources state; `None` prints "按当地规定". Today: none is
/// stated in a structured way.
pub fn fees(_s: &Summary) -> Option<&Text> {
    None
}

/// The hotline lines: the flow's own (with how the area code changes
/// where 12393 leads), then whom to complain to.
pub fn hotline_lines(s: &Summary, l: &Locale) -> Vec<String> {
    let lang = l.lang;
    let mut out: Vec<String> = if s.hotlines.is_empty() {
        hotlines(s)
            .into_iter()
            .map(|h| match h {
                Hotline::Medical => l.t("notice.call_medical").to_string(),
                Hotline::Card => l.t("notice.call_card").to_string(),
            })
            .collect()
    } else {
        let mut v: Vec<String> = s.hotlines.iter().map(|t| t.get(lang).to_string()).collect();
        if let Some(n) = &s.hotline_note {
            v.push(n.get(lang).to_string());
        }
        v
    };
    out.push(l.t("notice.complain").to_string());
    out
}

/// The person as printed: masked as in lists (王*, 张*伟, L** L**) unless
/// `full` is set.
pub fn person(name: &str, full: bool) -> String {
    let name = name.trim();
    if full {
        return name.to_string();
    }
    crate::store::mask::mask(name)
}

// ---------------------------------------------------------------------------
// The notice as plain data in one language, then three layouts.
// ---------------------------------------------------------------------------

struct Row {
    name: String,
    optional: bool,
    note: Option<String>,
    counts: Vec<String>,
    how: String,
    place: String,
}

struct PlaceInfo {
    name: String,
    actions: Vec<String>,
    items: Vec<String>,
}

struct StepInfo {
    title: String,
    todos: Vec<String>,
}

struct Doc {
    heading: String,
    matter: String,
    person: Option<String>,
    date: String,
    /// (question with its separator, answer, assumed)
    situation: Vec<(String, String, bool)>,
    conditions: Vec<String>,
    steps: Vec<StepInfo>,
    rows: Vec<Row>,
    places: Vec<PlaceInfo>,
    deadlines: Vec<String>,
    fees: String,
    contacts: Vec<String>,
    counter: Option<String>,
    reviewed: String,
}

fn counts(m: &MaterialLine, how: How, l: &Locale) -> Vec<String> {
    if how != How::Bring {
        return Vec::new();
    }
    let mut out = Vec::new();
    if m.originals > 0 {
        out.push(l.fmt("notice.originals", &[("n", &m.originals)]));
    }
    if m.copies > 0 {
        out.push(l.fmt("notice.copies", &[("n", &m.copies)]));
    }
    out
}

fn how_name(how: How, l: &Locale) -> &str {
    l.t(match how {
        How::Bring => "notice.how_bring",
        How::Upload => "notice.how_upload",
        How::Show => "notice.how_show",
    })
}

fn doc(s: &Summary, l: &Locale, o: &Options) -> Doc {
    let lang = l.lang;
    let sep = l.t("render.sep");
    let rows = s
        .places
        .iter()
        .flat_map(|g| g.materials.iter().map(move |m| (g, m)))
        .map(|(g, m)| {
            let how = material_kind(m, g.place);
            let mut where_ = super::place_name(g, l);
            for p in &m.also_at {
                where_.push_str(sep);
                where_.push_str(l.t(p.locale_key()));
            }
            Row {
                name: m.label.get(lang).to_string(),
                optional: !m.required,
                note: m.note.as_ref().map(|n| n.get(lang).to_string()),
                counts: counts(m, how, l),
                how: how_name(how, l).to_string(),
                place: where_,
            }
        })
        .collect();

    // Each place in route order, with what to do and what is needed there;
    // then places only named as "also used at".
    let needed_at = |p: Place, own: Option<&PlaceGroup>| -> Vec<String> {
        s.places
            .iter()
            .flat_map(|h| h.materials.iter().map(move |m| (h, m)))
            .filter(|(h, m)| own.is_some_and(|g| std::ptr::eq(*h, g)) || m.also_at.contains(&p))
            .map(|(_, m)| m.label.get(lang).to_string())
            .collect()
    };
    let mut places: Vec<PlaceInfo> = s
        .places
        .iter()
        .map(|g| PlaceInfo {
            name: super::place_name(g, l),
            actions: g.actions.iter().map(|a| a.get(lang).to_string()).collect(),
            items: needed_at(g.place, Some(g)),
        })
        .collect();
    let mut also: Vec<Place> = Vec::new();
    for m in s.materials() {
        for p in &m.also_at {
            if !s.places.iter().any(|g| g.place == *p) && !also.contains(p) {
                also.push(*p);
            }
        }
    }
    places.extend(also.into_iter().map(|p| PlaceInfo {
        name: l.t(p.locale_key()).to_string(),
        actions: Vec::new(),
        items: needed_at(p, None),
    }));

    let steps = s
        .steps
        .iter()
        .map(|st| StepInfo {
            title: st.title.get(lang).to_string(),
            todos: st.todos.iter().map(|t| t.get(lang).to_string()).collect(),
        })
        .collect();

    Doc {
        heading: l.t("notice.title").to_string(),
        matter: s.title.get(lang).to_string(),
        person: s.person.as_deref().map(|p| person(p, o.full_name)),
        date: s.printed.to_string(),
        situation: s
            .answers
            .iter()
            .map(|a| {
                let (q, ans) = super::question_answer(a.question.get(lang), a.option.get(lang), l);
                (q, ans, a.assumed)
            })
            .collect(),
        conditions: conditions(s)
            .into_iter()
            .map(|t| t.get(lang).to_string())
            .collect(),
        steps,
        rows,
        places,
        deadlines: s
            .deadlines
            .iter()
            .map(|d| d.get(lang).to_string())
            .collect(),
        fees: fees(s).map_or_else(
            || l.t("notice.fees_local").to_string(),
            |f| f.get(lang).to_string(),
        ),
        contacts: hotline_lines(s, l),
        counter: o.counter.clone(),
        reviewed: s.reviewed.clone(),
    }
}

/// Renders the notice in a format.
pub fn notice(format: Format, s: &Summary, l: &Locale, o: &Options) -> String {
    match format {
        Format::Text => text(s, l, o),
        Format::Markdown => markdown(s, l, o),
        Format::Html => html(s, l, o),
    }
}

// ---------------------------------------------------------------------------
// The QR text.
// ---------------------------------------------------------------------------

/// How much of the checklist a QR code carries (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    Full,
    NoNotes,
    NoDeadlines,
    Bare,
}

impl Detail {
    /// Richest first.
    pub const LADDER: [Detail; 4] = [
        Detail::Full,
        Detail::NoNotes,
        Detail::NoDeadlines,
        Detail::Bare,
    ];

    /// What this level leaves out, in the locale's words; `None` for full.
    pub fn left_out(self, l: &Locale) -> Option<&str> {
        match self {
            Detail::Full => None,
            Detail::NoNotes => Some(l.t("notice.qr_left_notes")),
            Detail::NoDeadlines => Some(l.t("notice.qr_left_deadlines")),
            Detail::Bare => Some(l.t("notice.qr_left_counts")),
        }
    }
}

/// The checklist as plain text for a QR code: the title and date, the
/// materials by place, the time limits and the hotlines, at a level of
/// detail. No name, no link.
pub fn qr_text(s: &Summary, l: &Locale, detail: Detail) -> String {
    let lang = l.lang;
    let sep = l.t("render.sep");
    let mut o = l.fmt(
        "notice.qr_head",
        &[("title", &s.title.get(lang)), ("date", &s.printed)],
    );
    o.push('\n');
    o.push_str(l.t("notice.qr_materials"));
    o.push('\n');
    if s.places.is_empty() {
        o.push_str(l.t("render.nothing"));
        o.push('\n');
    }
    for g in s.places.iter().filter(|g| !g.materials.is_empty()) {
        let _ = writeln!(o, "{}{}", super::place_name(g, l), l.t("render.colon"));
        for m in &g.materials {
            let mut line = format!("- {}", m.label.get(lang));
            if detail < Detail::Bare {
                let how = material_kind(m, g.place);
                let mut facts = counts(m, how, l);
                if how != How::Bring {
                    facts.push(how_name(how, l).to_string());
                }
                if !m.required {
                    facts.push(l.t("render.optional").to_string());
                }
                if !facts.is_empty() {
                    let _ = write!(line, " {}", facts.join(sep));
                }
                if detail == Detail::Full
                    && let Some(n) = &m.note
                {
                    let _ = write!(line, "（{}）", n.get(lang));
                }
            }
            o.push_str(&line);
            o.push('\n');
        }
    }
    if !s.deadlines.is_empty() {
        o.push_str(l.t("notice.qr_deadlines"));
        if detail >= Detail::NoDeadlines {
            o.push_str(l.t("notice.qr_see_notice"));
            o.push('\n');
        } else {
            o.push('\n');
            for d in &s.deadlines {
                let _ = writeln!(o, "- {}", d.get(lang));
            }
        }
    }
    let calls: Vec<&str> = hotlines(s)
        .into_iter()
        .map(|h| match h {
            Hotline::Medical => l.t("notice.qr_medical"),
            Hotline::Card => l.t("notice.qr_card"),
        })
        .collect();
    let _ = write!(o, "{}{}", l.t("notice.qr_call"), calls.join(sep));
    o
}

/// A code of the checklist with the text it carries and the level used.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub code: Code,
    pub text: String,
    pub detail: Detail,
}

/// The richest checklist text whose code is at most `max_size` modules a
/// side, or `None` when even the bare list does not fit.
pub fn fit_code(s: &Summary, l: &Locale, ec: Ec, max_size: usize) -> Option<Fitted> {
    Detail::LADDER.into_iter().find_map(|detail| {
        let text = qr_text(s, l, detail);
        Code::encode_within(&text, ec, max_size).map(|code| Fitted { code, text, detail })
    })
}

/// The text printout's code: at most 76 modules + 2 of margin each side = 80
/// columns.
pub const TEXT_QR_QUIET: usize = 2;
/// The HTML page's code: at most version 25 (117 modules), so a module is
/// still about 0.4 mm at the printed size.
const HTML_QR_MAX: usize = 117;
const HTML_QR_QUIET: usize = 4;

/// The code the text printout carries.
pub fn text_code(s: &Summary, l: &Locale) -> Option<Fitted> {
    fit_code(s, l, Ec::Low, TEXT_WIDTH - 2 * TEXT_QR_QUIET)
}

/// The code the HTML page carries.
pub fn html_code(s: &Summary, l: &Locale) -> Option<Fitted> {
    fit_code(s, l, Ec::Medium, HTML_QR_MAX)
}

fn qr_caption(f: Option<&Fitted>, l: &Locale) -> String {
    match f {
        None => l.t("notice.qr_none").to_string(),
        Some(f) => match f.detail.left_out(l) {
            None => l.t("notice.qr_caption").to_string(),
            Some(what) => format!(
                "{}{}",
                l.t("notice.qr_caption"),
                l.fmt("notice.qr_short", &[("what", &what)])
            ),
        },
    }
}

// ---------------------------------------------------------------------------
// Text.
// ---------------------------------------------------------------------------

/// The notice's additions to the text writer.
impl Out {
    fn section(&mut self, title: &str) {
        self.blank();
        self.para(title, "", "");
    }

    /// A table: each cell wrapped to its column; columns two spaces apart.
    fn table(&mut self, indent: usize, widths: &[usize], rows: &[Vec<String>]) {
        for row in rows {
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(widths)
                .map(|(c, &w)| {
                    let mut v = wrap(c, w, "", "");
                    if v.is_empty() {
                        v.push(String::new());
                    }
                    v
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for i in 0..height {
                let mut line = " ".repeat(indent);
                for (j, (cell, &w)) in cells.iter().zip(widths).enumerate() {
                    let part = cell.get(i).map_or("", String::as_str);
                    line.push_str(part);
                    if j + 1 < widths.len() {
                        line.push_str(&" ".repeat(w.saturating_sub(display_width(part)) + 2));
                    }
                }
                self.lines.push(line.trim_end().to_string());
            }
        }
    }
}

/// Widths of the text table's columns: material, counts, how, where
/// (2 + 28 + 2 + 14 + 2 + 12 + 2 + 18 = 80).
const TEXT_COLUMNS: [usize; 4] = [28, 14, 12, 18];

/// The notice as text that fits 80 columns (CJK counted as two). The QR code
/// is drawn with half-blocks, one column a module (see the README: in a
/// terminal or font that shows these block characters two columns wide, the
/// code is stretched; use the HTML page or the TUI then).
pub fn text(s: &Summary, l: &Locale, o: &Options) -> String {
    let d = doc(s, l, o);
    let colon = l.t("render.colon");
    let mut out = Out { lines: Vec::new() };
    let rule = |c: char| c.to_string().repeat(TEXT_WIDTH);

    let w = display_width(&d.heading);
    out.lines.push(format!(
        "{}{}",
        " ".repeat(TEXT_WIDTH.saturating_sub(w) / 2),
        d.heading
    ));
    out.lines.push(rule('='));
    out.para(&d.matter, &format!("{}{colon}", l.t("notice.matter")), "  ");
    if let Some(p) = &d.person {
        out.para(p, &format!("{}{colon}", l.t("render.person")), "  ");
    }
    out.para(&d.date, &format!("{}{colon}", l.t("notice.date")), "  ");
    out.lines.push(rule('='));

    out.section(l.t("notice.s_matter"));
    out.para(&d.matter, "  ", "  ");
    if !d.situation.is_empty() {
        out.para(&format!("{}{colon}", l.t("notice.situation")), "  ", "  ");
        for (q, a, assumed) in &d.situation {
            let line = if *assumed {
                format!("{q}{a} [{}]", l.t("render.assumed"))
            } else {
                format!("{q}{a}")
            };
            out.para(&line, "  - ", "    ");
        }
        if d.situation.iter().any(|(_, _, a)| *a) {
            out.para(l.t("render.assumed_note"), "    ", "    ");
        }
    }

    out.section(l.t("notice.s_conditions"));
    if d.conditions.is_empty() {
        out.para(l.t("notice.no_conditions"), "  ", "  ");
    }
    for c in &d.conditions {
        out.para(c, "  - ", "    ");
    }

    out.section(l.t("notice.s_steps"));
    for (i, st) in d.steps.iter().enumerate() {
        out.para(&st.title, &format!("  {:>2}. ", i + 1), "      ");
        for t in &st.todos {
            out.para(t, "      - ", "        ");
        }
    }

    out.section(l.t("notice.s_materials"));
    if d.rows.is_empty() {
        out.para(l.t("render.nothing"), "  ", "  ");
    } else {
        let header = vec![
            l.t("notice.col_name").to_string(),
            l.t("notice.col_count").to_string(),
            l.t("notice.col_how").to_string(),
            l.t("notice.col_where").to_string(),
        ];
        out.table(2, &TEXT_COLUMNS, &[header]);
        out.lines.push(format!(
            "  {}",
            TEXT_COLUMNS
                .iter()
                .map(|w| "-".repeat(*w))
                .collect::<Vec<_>>()
                .join("  ")
        ));
        for (i, r) in d.rows.iter().enumerate() {
            let mut name = format!("{}. {}", i + 1, r.name);
            if r.optional {
                let _ = write!(name, "（{}）", l.t("render.optional"));
            }
            let count = if r.counts.is_empty() {
                "-".to_string()
            } else {
                r.counts.join(" / ")
            };
            out.table(
                2,
                &TEXT_COLUMNS,
                &[vec![name, count, r.how.clone(), r.place.clone()]],
            );
            if let Some(n) = &r.note {
                out.para(n, "     ", "     ");
            }
        }
    }

    out.section(l.t("notice.s_places"));
    if d.places.is_empty() {
        out.para(l.t("notice.no_places"), "  ", "  ");
    }
    for (i, p) in d.places.iter().enumerate() {
        out.para(&p.name, &format!("  {}. ", i + 1), "     ");
        for a in &p.actions {
            out.para(a, "     - ", "       ");
        }
        if !p.items.is_empty() {
            let items = p.items.join(l.t("render.sep"));
            out.para(
                &l.fmt("notice.have_there", &[("items", &items)]),
                "     ",
                "     ",
            );
        }
    }

    out.section(l.t("notice.s_limits"));
    out.para(&format!("{}{colon}", l.t("notice.limits")), "  ", "  ");
    if d.deadlines.is_empty() {
        out.para(l.t("notice.no_limits"), "  - ", "    ");
    }
    for x in &d.deadlines {
        out.para(x, "  - ", "    ");
    }
    out.para(&d.fees, &format!("  {}{colon}", l.t("notice.fees")), "    ");

    out.section(l.t("notice.s_contact"));
    for c in &d.contacts {
        out.para(c, "  - ", "    ");
    }

    let code = text_code(s, l);
    out.blank();
    out.para(&qr_caption(code.as_ref(), l), "  ", "  ");
    if let Some(f) = &code {
        out.lines.extend(
            f.code
                .half_blocks(TEXT_QR_QUIET)
                .into_iter()
                .map(|r| r.trim_end().to_string()),
        );
    }

    out.blank();
    out.lines.push(rule('-'));
    out.para(
        d.counter.as_deref().unwrap_or(l.t("notice.blank")),
        &format!("{}{colon}", l.t("notice.counter")),
        "  ",
    );
    out.para(
        &d.reviewed,
        &format!("{}{colon}", l.t("render.reviewed")),
        "  ",
    );

    let mut text = out.lines.join("\n");
    text.push('\n');
    text
}

// ---------------------------------------------------------------------------
// Markdown.
// ---------------------------------------------------------------------------

/// The notice as Markdown (GFM: the materials are a pipe table). Markdown
/// viewers space lines apart, which breaks a half-block code, so the QR
/// code is on the text and HTML notices only.
pub fn markdown(s: &Summary, l: &Locale, o: &Options) -> String {
    let d = doc(s, l, o);
    let e = |x: &str| md_escape(x);
    let colon = l.t("render.colon");
    let mut m = String::new();
    let _ = writeln!(m, "# {}\n", e(&d.heading));
    let _ = writeln!(
        m,
        "- **{}**{colon}{}",
        e(l.t("notice.matter")),
        e(&d.matter)
    );
    if let Some(p) = &d.person {
        let _ = writeln!(m, "- **{}**{colon}{}", e(l.t("render.person")), e(p));
    }
    let _ = writeln!(m, "- **{}**{colon}{}", e(l.t("notice.date")), d.date);

    let _ = writeln!(m, "\n## {}\n", e(l.t("notice.s_matter")));
    let _ = writeln!(m, "**{}**", e(&d.matter));
    if !d.situation.is_empty() {
        let _ = writeln!(m, "\n{}{colon}\n", e(l.t("notice.situation")));
        for (q, a, assumed) in &d.situation {
            let mark = if *assumed {
                format!(" *({})*", e(l.t("render.assumed")))
            } else {
                String::new()
            };
            let _ = writeln!(m, "- {}**{}**{mark}", e(q), e(a));
        }
        if d.situation.iter().any(|(_, _, a)| *a) {
            let _ = writeln!(m, "\n> {}", e(l.t("render.assumed_note")));
        }
    }

    let _ = writeln!(m, "\n## {}\n", e(l.t("notice.s_conditions")));
    if d.conditions.is_empty() {
        let _ = writeln!(m, "{}", e(l.t("notice.no_conditions")));
    }
    for c in &d.conditions {
        let _ = writeln!(m, "- {}", e(c));
    }

    let _ = writeln!(m, "\n## {}\n", e(l.t("notice.s_steps")));
    for (i, st) in d.steps.iter().enumerate() {
        let _ = writeln!(m, "{}. {}", i + 1, e(&st.title));
        for t in &st.todos {
            let _ = writeln!(m, "    - {}", e(t));
        }
    }

    let _ = writeln!(m, "\n## {}\n", e(l.t("notice.s_materials")));
    if d.rows.is_empty() {
        let _ = writeln!(m, "{}", e(l.t("render.nothing")));
    } else {
        let _ = writeln!(
            m,
            "| # | {} | {} | {} | {} |\n|---|---|---|---|---|",
            e(l.t("notice.col_name")),
            e(l.t("notice.col_count")),
            e(l.t("notice.col_how")),
            e(l.t("notice.col_where"))
        );
        for (i, r) in d.rows.iter().enumerate() {
            let mut name = format!("**{}**", e(&r.name));
            if r.optional {
                let _ = write!(name, "（{}）", e(l.t("render.optional")));
            }
            if let Some(n) = &r.note {
                let _ = write!(name, "<br>{}", e(n));
            }
            let count = if r.counts.is_empty() {
                "-".to_string()
            } else {
                r.counts
                    .iter()
                    .map(|c| e(c))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = writeln!(
                m,
                "| {} | {name} | {count} | {} | {} |",
                i + 1,
                e(&r.how),
                e(&r.place)
            );
        }
    }

    let _ = writeln!(m, "\n## {}\n", e(l.t("notice.s_places")));
    if d.places.is_empty() {
        let _ = writeln!(m, "{}", e(l.t("notice.no_places")));
    }
    for (i, p) in d.places.iter().enumerate() {
        let _ = writeln!(m, "{}. **{}**", i + 1, e(&p.name));
        for a in &p.actions {
            let _ = writeln!(m, "    - {}", e(a));
        }
        if !p.items.is_empty() {
            let items = p.items.join(l.t("render.sep"));
            let _ = writeln!(
                m,
                "    - {}",
                e(&l.fmt("notice.have_there", &[("items", &items)]))
            );
        }
    }

    let _ = writeln!(m, "\n## {}\n", e(l.t("notice.s_limits")));
    let _ = writeln!(m, "**{}**{colon}\n", e(l.t("notice.limits")));
    if d.deadlines.is_empty() {
        let _ = writeln!(m, "- {}", e(l.t("notice.no_limits")));
    }
    for x in &d.deadlines {
        let _ = writeln!(m, "- {}", e(x));
    }
    let _ = writeln!(m, "\n**{}**{colon}{}", e(l.t("notice.fees")), e(&d.fees));

    let _ = writeln!(m, "\n## {}\n", e(l.t("notice.s_contact")));
    for c in &d.contacts {
        let _ = writeln!(m, "- {}", e(c));
    }

    let _ = writeln!(m, "\n---\n");
    let _ = writeln!(
        m,
        "- {}{colon}{}",
        e(l.t("notice.counter")),
        e(d.counter.as_deref().unwrap_or(l.t("notice.blank")))
    );
    let _ = writeln!(
        m,
        "- {}{colon}{}",
        e(l.t("render.reviewed")),
        e(&d.reviewed)
    );
    m
}

// ---------------------------------------------------------------------------
// HTML.
// ---------------------------------------------------------------------------

const STYLE: &str = r#"
@page { size: A4; margin: 10mm 12mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; }
body {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
    "Microsoft YaHei", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 10pt; line-height: 1.35; overflow-wrap: anywhere;
  max-width: 186mm; margin: 0 auto; padding: 6mm 4mm;
}
header { display: flex; gap: 6mm; align-items: flex-start; border-bottom: 2pt solid #000; padding-bottom: 3pt; }
header .head { flex: 1; min-width: 0; }
.kind { font-size: 1.6em; font-weight: bold; margin: 0; }
h1 { font-size: 1.4em; line-height: 1.25; margin: 2pt 0 3pt; }
.meta { display: flex; flex-wrap: wrap; gap: 0 14pt; margin: 0; }
.meta div { margin: 0; }
.meta dt, .meta dd { display: inline; margin: 0; }
.meta dd { font-weight: bold; }
figure.code { margin: 0; width: 34mm; flex: none; text-align: center; }
figure.code svg { display: block; margin: 0 auto; }
figure.code figcaption { font-size: 7pt; line-height: 1.25; }
h2 {
  font-size: 1.1em; margin: 5pt 0 2pt; padding: 0 0 1pt;
  border-bottom: 0.75pt solid #000;
  break-after: avoid; page-break-after: avoid;
}
p { margin: 1pt 0; }
ul, ol { margin: 0; padding-left: 1.4em; }
li { break-inside: avoid; page-break-inside: avoid; }
.assumed { font-style: italic; }
.small { font-size: 0.88em; }
.a { font-weight: bold; }
table { width: 100%; border-collapse: collapse; font-size: 0.95em; }
col.c-name { width: 38%; } col.c-count { width: 15%; } col.c-how { width: 14%; } col.c-where { width: 29%; }
th, td { border: 0.75pt solid #000; padding: 1.5pt 4pt; vertical-align: top; text-align: left; }
th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.n { width: 1.6em; text-align: right; }
td .note { display: block; font-size: 0.88em; }
.steps li, .places li { padding: 0.5pt 0; }
.steps ul, .places ul { padding-left: 1.2em; }
footer { margin-top: 8pt; border-top: 1.5pt solid #000; padding-top: 3pt; display: flex; flex-wrap: wrap; gap: 0 18pt; }
footer .blank { display: inline-block; min-width: 50mm; border-bottom: 0.75pt solid #000; }
@media print { body { max-width: none; padding: 0; } }
"#;

/// The HTML page's body font size (pt): the largest of 10, 9.5, … 7.5 at
/// which the notice is estimated to fit one A4 page. The estimate counts
/// wrapped lines by display width (a CJK character is one em, two columns)
/// over the printable width, with the materials table by its columns.
fn html_font_pt(d: &Doc) -> f32 {
    // Printable A4 (210×297 mm less 12/10 mm margins), less the header with
    // the code (about 40 mm) and the footer (about 10 mm).
    const WIDTH_MM: f32 = 186.0;
    const HEIGHT_MM: f32 = 277.0 - 50.0;
    const PT_MM: f32 = 0.3528;
    let paragraphs: Vec<&str> = d
        .situation
        .iter()
        .flat_map(|(q, a, _)| [q.as_str(), a.as_str()])
        .chain(d.conditions.iter().map(String::as_str))
        .chain(d.deadlines.iter().map(String::as_str))
        .chain(d.contacts.iter().map(String::as_str))
        .chain(std::iter::once(d.fees.as_str()))
        .collect();
    for pt in [10.0_f32, 9.5, 9.0, 8.5, 8.0, 7.5] {
        let cols = 2.0 * WIDTH_MM / (pt * PT_MM);
        let lines_of = |w: usize, frac: f32| (w as f32 / (cols * frac)).ceil().max(1.0);
        let mut lines = 7.0 * 1.8 + 2.0; // headings, the limits and fees labels
        lines += paragraphs
            .iter()
            .map(|p| lines_of(display_width(p), 0.92))
            .sum::<f32>();
        for st in &d.steps {
            let w = display_width(&st.title)
                + st.todos.iter().map(|t| display_width(t) + 2).sum::<usize>();
            lines += lines_of(w, 0.92);
        }
        for p in &d.places {
            let w = display_width(&p.name)
                + p.actions
                    .iter()
                    .map(|a| display_width(a) + 2)
                    .sum::<usize>()
                + p.items.iter().map(|i| display_width(i) + 2).sum::<usize>()
                + 8;
            lines += lines_of(w, 0.92);
        }
        lines += 1.3; // the table's header
        for r in &d.rows {
            let name = lines_of(display_width(&r.name) + 6, 0.36)
                + r.note
                    .as_deref()
                    .map_or(0.0, |n| lines_of(display_width(n), 0.36));
            let count = r.counts.len().max(1) as f32;
            let where_ = lines_of(display_width(&r.place), 0.27);
            lines += name.max(count).max(where_) + 0.2;
        }
        let capacity = HEIGHT_MM / (pt * PT_MM * 1.35);
        if lines <= capacity * 0.95 {
            return pt;
        }
    }
    7.5
}

/// The notice as one self-contained A4 HTML page (inline CSS and SVG, no
/// scripts, nothing fetched).
pub fn html(s: &Summary, l: &Locale, o: &Options) -> String {
    let d = doc(s, l, o);
    let e = |x: &str| html_escape(x);
    let t = |k: &str| html_escape(l.t(k));
    let colon = t("render.colon");
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} - {}</title>\n<style>{STYLE}</style>\n</head>\n\
         <body style=\"font-size: {}pt\">\n",
        l.lang.tag(),
        e(&d.heading),
        e(&d.matter),
        html_font_pt(&d)
    );

    let _ = writeln!(
        h,
        "<header>\n<div class=\"head\">\n<p class=\"kind\">{}</p>\n<h1>{}</h1>\n<dl class=\"meta\">",
        e(&d.heading),
        e(&d.matter)
    );
    if let Some(p) = &d.person {
        let _ = writeln!(
            h,
            "<div><dt>{}{colon}</dt><dd>{}</dd></div>",
            t("render.person"),
            e(p)
        );
    }
    let _ = writeln!(
        h,
        "<div><dt>{}{colon}</dt><dd>{}</dd></div>\n</dl>\n</div>",
        t("notice.date"),
        e(&d.date)
    );
    let code = html_code(s, l);
    let caption = e(&qr_caption(code.as_ref(), l));
    match &code {
        Some(f) => {
            let mm = (f.code.size() + 2 * HTML_QR_QUIET) as f32 * 0.4;
            let mm = mm.clamp(26.0, 36.0);
            let _ = writeln!(
                h,
                "<figure class=\"code\">{}<figcaption>{caption}</figcaption></figure>",
                f.code.svg(HTML_QR_QUIET, mm, &t("notice.qr_label"))
            );
        }
        None => {
            let _ = writeln!(
                h,
                "<figure class=\"code\"><figcaption>{caption}</figcaption></figure>"
            );
        }
    }
    let _ = writeln!(h, "</header>");

    let _ = writeln!(h, "<section>\n<h2>{}</h2>", t("notice.s_matter"));
    let _ = write!(h, "<p><strong>{}</strong>", e(&d.matter));
    if !d.situation.is_empty() {
        let parts: Vec<String> = d
            .situation
            .iter()
            .map(|(q, a, assumed)| {
                let mark = if *assumed {
                    format!(" <span class=\"assumed\">({})</span>", t("render.assumed"))
                } else {
                    String::new()
                };
                format!("{}<span class=\"a\">{}</span>{mark}", e(q), e(a))
            })
            .collect();
        let _ = write!(
            h,
            "<br>{}{colon}{}",
            t("notice.situation"),
            parts.join(&t("notice.list_sep"))
        );
    }
    let _ = writeln!(h, "</p>");
    if d.situation.iter().any(|(_, _, a)| *a) {
        let _ = writeln!(
            h,
            "<p class=\"small assumed\">{}</p>",
            t("render.assumed_note")
        );
    }
    let _ = writeln!(h, "</section>");

    let _ = writeln!(h, "<section>\n<h2>{}</h2>\n<ul>", t("notice.s_conditions"));
    if d.conditions.is_empty() {
        let _ = writeln!(h, "<li>{}</li>", t("notice.no_conditions"));
    }
    for c in &d.conditions {
        let _ = writeln!(h, "<li>{}</li>", e(c));
    }
    let _ = writeln!(h, "</ul>\n</section>");

    let _ = writeln!(
        h,
        "<section>\n<h2>{}</h2>\n<ol class=\"steps\">",
        t("notice.s_steps")
    );
    for st in &d.steps {
        let _ = write!(h, "<li>{}", e(&st.title));
        if !st.todos.is_empty() {
            let items: Vec<String> = st.todos.iter().map(|x| e(x)).collect();
            let _ = write!(
                h,
                "<span class=\"small\">{colon}{}</span>",
                items.join(&t("notice.list_sep"))
            );
        }
        let _ = writeln!(h, "</li>");
    }
    let _ = writeln!(h, "</ol>\n</section>");

    let _ = writeln!(h, "<section>\n<h2>{}</h2>", t("notice.s_materials"));
    if d.rows.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", t("render.nothing"));
    } else {
        let _ = writeln!(
            h,
            "<table>\n<colgroup><col class=\"c-n\"><col class=\"c-name\"><col class=\"c-count\">\
             <col class=\"c-how\"><col class=\"c-where\"></colgroup>\n<thead><tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
            t("notice.col_name"),
            t("notice.col_count"),
            t("notice.col_how"),
            t("notice.col_where")
        );
        for (i, r) in d.rows.iter().enumerate() {
            let optional = if r.optional {
                format!("（{}）", t("render.optional"))
            } else {
                String::new()
            };
            let note = r
                .note
                .as_deref()
                .map(|n| format!("<span class=\"note\">{}</span>", e(n)))
                .unwrap_or_default();
            let count = if r.counts.is_empty() {
                "-".to_string()
            } else {
                r.counts
                    .iter()
                    .map(|c| e(c))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = writeln!(
                h,
                "<tr><td class=\"n\">{}</td><td><strong>{}</strong>{optional}{note}</td>\
                 <td>{count}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                e(&r.name),
                e(&r.how),
                e(&r.place)
            );
        }
        let _ = writeln!(h, "</tbody>\n</table>");
    }
    let _ = writeln!(h, "</section>");

    let _ = writeln!(h, "<section>\n<h2>{}</h2>", t("notice.s_places"));
    if d.places.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", t("notice.no_places"));
    } else {
        let _ = writeln!(h, "<ol class=\"places\">");
        for p in &d.places {
            let _ = write!(h, "<li><strong>{}</strong>", e(&p.name));
            if !p.actions.is_empty() {
                let items: Vec<String> = p.actions.iter().map(|x| e(x)).collect();
                let _ = write!(h, "{colon}{}", items.join(&t("notice.list_sep")));
            }
            if !p.items.is_empty() {
                let items = p.items.join(l.t("render.sep"));
                let _ = write!(
                    h,
                    " <span class=\"small\">{}</span>",
                    e(&l.fmt("notice.have_there", &[("items", &items)]))
                );
            }
            let _ = writeln!(h, "</li>");
        }
        let _ = writeln!(h, "</ol>");
    }
    let _ = writeln!(h, "</section>");

    let _ = writeln!(
        h,
        "<section>\n<h2>{}</h2>\n<p><strong>{}</strong>{colon}</p>\n<ul>",
        t("notice.s_limits"),
        t("notice.limits")
    );
    if d.deadlines.is_empty() {
        let _ = writeln!(h, "<li>{}</li>", t("notice.no_limits"));
    }
    for x in &d.deadlines {
        let _ = writeln!(h, "<li>{}</li>", e(x));
    }
    let _ = writeln!(
        h,
        "</ul>\n<p><strong>{}</strong>{colon}{}</p>\n</section>",
        t("notice.fees"),
        e(&d.fees)
    );

    let _ = writeln!(h, "<section>\n<h2>{}</h2>\n<ul>", t("notice.s_contact"));
    for c in &d.contacts {
        let _ = writeln!(h, "<li>{}</li>", e(c));
    }
    let _ = writeln!(h, "</ul>\n</section>");

    let counter = match &d.counter {
        Some(c) => format!("<strong>{}</strong>", e(c)),
        None => "<span class=\"blank\"></span>".to_string(),
    };
    let _ = writeln!(
        h,
        "<footer>\n<div>{}{colon}{counter}</div>\n<div>{}{colon}{}</div>\n</footer>",
        t("notice.counter"),
        t("render.reviewed"),
        e(&d.reviewed)
    );
    let _ = writeln!(h, "</body>\n</html>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_as_in_lists() {
        // The switcher's masking (`store::mask`), one rule for lists and paper.
        assert_eq!(person("王芳", false), "王*");
        assert_eq!(person("王", false), "*");
        assert_eq!(person("欧阳小明", false), "欧**明");
        assert_eq!(person("Li Lei", false), "L** L**");
        assert_eq!(person("Mary", false), "M**");
        assert_eq!(person(" 张小伟 ", true), "张小伟");
        assert_eq!(person("张小伟", false), "张*伟");
    }

    #[test]
    fn counter_is_cleaned_and_bounded() {
        let o = Options::new(Some("  3号窗口\n工号 0412\u{1b}[31m "), false);
        assert_eq!(o.counter.as_deref(), Some("3号窗口 工号 0412 [31m"));
        assert_eq!(Options::new(Some("   "), false).counter, None);
        let long = "窗".repeat(200);
        let o = Options::new(Some(&long), false);
        assert_eq!(o.counter.unwrap().chars().count(), MAX_COUNTER);
    }
}
