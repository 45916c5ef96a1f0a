//! Regional overlays: `flows/regions/<place>.ron` adds to or adjusts base
//! flows for one province or city. Base flows stay national; a city
//! inherits its province's overlays (see [`super::places::Places::chain`]).
//!
//! ```ron
//! Overlay(
//!     region: "nanjing",
//!     flows: [
//!         (
//!             flow: "contribution-pay",
//!             aliases: ["我的南京"],
//!             changes: [
//!                 (
//!                     step: "register",
//!                     source: "001_789a9454e5187436.txt",
//!                     reviewed: "2026-12-03",
//!                     change: Channel((zh: "…", en: "…")),
//!                 ),
//!             ],
//!         ),
//!     ],
//! )
//! ```
//!
//! The engine applies them ([`crate::engine::localize`]); `banshi check`
//! validates them against their base flows ([`super::Catalog`]).

use serde::Deserialize;

use super::{Cond, Item, Step, Text};

/// One overlay file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// The place it applies to: a province or city id of `places.ron`.
    pub region: String,
    pub flows: Vec<FlowOverlay>,
    /// The file it came from (filled when loaded), for diagnostics.
    #[serde(skip)]
    pub path: String,
}

/// What an overlay does to one base flow.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowOverlay {
    /// The base flow's id.
    pub flow: String,
    /// Local search words: people insured there find the flow by them
    /// (`我的南京`).
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub changes: Vec<LocalRule>,
}

/// One local rule, with its own source and review date.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalRule {
    /// The base step it changes; for `Step`, the step the new one follows.
    pub step: String,
    pub change: LocalChange,
    /// Where the fact comes from: a seed file name or a document, as in a
    /// flow's `sources` (printouts show the title from `sources.ron`).
    pub source: String,
    /// When a person last checked it against its source: `YYYY-MM-DD`.
    pub reviewed: String,
    /// The citizen-facing title of `source` (filled when loaded).
    #[serde(skip)]
    pub source_title: Option<Text>,
}

/// What a local rule does to its step.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum LocalChange {
    /// A paragraph added after the step's text.
    Note(Text),
    /// A local way to do the step (an app, a website, a window).
    Channel(Text),
    /// A local time limit, added to the step's deadlines.
    Deadline(Text),
    /// The step's text (body and shared paragraphs) replaced by these paragraphs.
    Replace(Vec<Text>),
    /// The step is not needed there ("省内无需备案"): the person sees the
    /// reason instead of the step. With `when`, only when that holds.
    /// On a question, `answer` names the option it is taken as (its
    /// path goes on), and there is no `when`: the place has answered it.
    NotNeeded {
        reason: Text,
        #[serde(default)]
        when: Option<Cond>,
        #[serde(default)]
        answer: Option<String>,
    },
    /// A checklist item added to the step (a checklist).
    Item(Item),
    /// A step added after the step (which must not be a question): an
    /// information step or a checklist, without its own `next`.
    Step(Step),
}

impl LocalChange {
    /// The word a diagnostic names the change by.
    pub fn kind(&self) -> &'static str {
        match self {
            LocalChange::Note(_) => "Note",
            LocalChange::Channel(_) => "Channel",
            LocalChange::Deadline(_) => "Deadline",
            LocalChange::Replace(_) => "Replace",
            LocalChange::NotNeeded { .. } => "NotNeeded",
            LocalChange::Item(_) => "Item",
            LocalChange::Step(_) => "Step",
        }
    }
}

/// The suffix of the step that stands in for a step marked `NotNeeded`.
pub const NOT_NEEDED_SUFFIX: &str = "-not-needed";

/// Parses one overlay file (`path` is kept for diagnostics).
pub fn parse_overlay(source: &super::Source) -> Result<Overlay, super::Diagnostic> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str::<Overlay>(&source.text)
        .map(|mut o| {
            o.path = source.path.clone();
            o
        })
        .map_err(|e| super::Diagnostic {
            path: source.path.clone(),
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
            severity: super::Severity::Error,
            message: super::msg!("flow.diag.ron_syntax", detail = e.code.to_string()),
        })
}

/// True for an overlay file: a `.ron` in a `regions` folder, other than
/// the place list.
pub fn is_overlay_path(path: &str) -> bool {
    let p = std::path::Path::new(path);
    p.parent()
        .and_then(|d| d.file_name())
        .is_some_and(|d| d == "regions")
        && !is_places_path(path)
}

/// True for the place list (`regions/places.ron`), which is shipped data,
/// not an overlay.
pub fn is_places_path(path: &str) -> bool {
    let p = std::path::Path::new(path);
    p.file_name()
        .is_some_and(|f| f == super::places::PLACES_FILE)
        && p.parent()
            .and_then(|d| d.file_name())
            .is_some_and(|d| d == "regions")
}

/// Where the `n`th (0-based) rule of a file starts, and a key inside it.
fn rule_at(text: &str, n: usize, key: Option<&str>) -> usize {
    use super::locate::{Anchor, Needle};
    let start = Anchor::in_step(None, Needle::Key("step".into()))
        .skip(n)
        .offset(text);
    match key {
        None => start,
        Some(k) => Anchor::in_step(None, Needle::Key(k.into())).offset(&text[start..]) + start,
    }
}

/// Semantic problems of an overlay on its own and against its base flows
/// (`base` finds a flow by id): unknown place, flow, step or item, changes
/// that do not fit their step, missing texts, sources and review dates.
pub fn validate_overlay<'b>(
    overlay: &Overlay,
    source: &super::Source,
    base: &dyn Fn(&str) -> Option<&'b super::Flow>,
    library: &super::Library,
    today: crate::date::Date,
) -> Vec<super::Diagnostic> {
    use super::locate::{Anchor, Needle, line_col};
    use super::{Severity, StepKind, msg};
    let text = &source.text;
    let mut out = Vec::new();
    let mut push = |offset: usize, severity: Severity, message: super::Message| {
        let (line, col) = line_col(text, offset);
        out.push(super::Diagnostic {
            path: source.path.clone(),
            line,
            col,
            severity,
            message,
        });
    };
    let places = super::places::Places::shipped();
    if places.get(&overlay.region).is_none() {
        let at = Anchor::in_step(
            None,
            Needle::KeyValue("region".into(), overlay.region.clone()),
        )
        .offset(text);
        push(
            at,
            Severity::Error,
            msg!("flow.diag.overlay_region", id = &overlay.region),
        );
    }
    let empty = |t: &Text| t.zh.trim().is_empty() || t.en.trim().is_empty();
    let mut n = 0usize;
    let mut flow_seen: std::collections::HashMap<&str, usize> = Default::default();
    for fo in &overlay.flows {
        let k = flow_seen.entry(fo.flow.as_str()).or_default();
        let flow_at = Anchor::in_step(None, Needle::KeyValue("flow".into(), fo.flow.clone()))
            .skip(*k)
            .offset(text);
        *k += 1;
        let Some(flow) = base(&fo.flow) else {
            push(
                flow_at,
                Severity::Error,
                msg!("flow.diag.overlay_flow", id = &fo.flow),
            );
            n += fo.changes.len();
            continue;
        };
        let steps = flow
            .steps
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut added: Vec<String> = Vec::new();
        for rule in &fo.changes {
            let this = n;
            let at = rule_at(text, this, None);
            let field = |key: &str| rule_at(text, this, Some(key));
            n += 1;
            let Some(step) = flow.step(&rule.step) else {
                push(
                    at,
                    Severity::Error,
                    msg!(
                        "flow.diag.overlay_step",
                        flow = &fo.flow,
                        step = &rule.step,
                        steps = &steps
                    ),
                );
                continue;
            };
            if rule.source.trim().is_empty() {
                push(
                    field("source"),
                    Severity::Error,
                    msg!("flow.diag.source_empty"),
                );
            } else if library.title(&rule.source).is_none() {
                push(
                    field("source"),
                    Severity::Error,
                    msg!("flow.diag.overlay_source", entry = &rule.source),
                );
            }
            match crate::date::Date::parse(rule.reviewed.trim()) {
                None => push(
                    field("reviewed"),
                    Severity::Error,
                    msg!("flow.diag.reviewed_bad", date = &rule.reviewed),
                ),
                Some(d) if d.plus_years(super::validate::REVIEW_YEARS) < today => push(
                    field("reviewed"),
                    Severity::Warning,
                    msg!("flow.diag.review_due", date = d.to_string()),
                ),
                Some(d) if d > today => push(
                    field("reviewed"),
                    Severity::Warning,
                    msg!("flow.diag.reviewed_future", date = d.to_string()),
                ),
                Some(_) => {}
            }
            let kind = rule.change.kind();
            let mut texts: Vec<&Text> = Vec::new();
            match &rule.change {
                LocalChange::Note(t) | LocalChange::Channel(t) | LocalChange::Deadline(t) => {
                    texts.push(t)
                }
                LocalChange::Replace(ps) => {
                    if ps.is_empty() {
                        push(
                            field("change"),
                            Severity::Error,
                            msg!("flow.diag.overlay_replace_empty", step = &rule.step),
                        );
                    }
                    texts.extend(ps);
                }
                LocalChange::NotNeeded {
                    reason,
                    when,
                    answer,
                } => {
                    texts.push(reason);
                    let fits = match (step.is_question(), answer) {
                        // A question is passed by as answered with one of
                        // its options, always (its answer is the place's).
                        (true, Some(a)) => step.option(a).is_some() && when.is_none(),
                        (true, None) => false,
                        (false, answer) => !step.is_date() && answer.is_none(),
                    };
                    if !fits {
                        push(
                            field("change"),
                            Severity::Error,
                            msg!("flow.diag.overlay_not_needed_question", step = &rule.step),
                        );
                    }
                    let id = format!("{}{NOT_NEEDED_SUFFIX}", rule.step);
                    if flow.step(&id).is_some() || added.contains(&id) {
                        push(
                            field("change"),
                            Severity::Error,
                            msg!("flow.diag.overlay_step_exists", id = &id),
                        );
                    }
                    added.push(id);
                }
                LocalChange::Item(item) => {
                    texts.push(&item.label);
                    texts.extend(&item.note);
                    if !matches!(step.kind, StepKind::Checklist { .. }) {
                        push(
                            field("change"),
                            Severity::Error,
                            msg!("flow.diag.overlay_not_checklist", step = &rule.step),
                        );
                    } else if step.items().iter().any(|i| i.id == item.id) {
                        push(
                            field("change"),
                            Severity::Error,
                            msg!(
                                "flow.diag.overlay_item_exists",
                                item = &item.id,
                                step = &rule.step
                            ),
                        );
                    }
                }
                LocalChange::Step(new) => {
                    texts.push(&new.title);
                    texts.extend(&new.body);
                    if step.is_question() {
                        push(
                            field("change"),
                            Severity::Error,
                            msg!("flow.diag.overlay_after_question", step = &rule.step),
                        );
                    }
                    if new.next.is_some()
                        || !matches!(new.kind, StepKind::Info | StepKind::Checklist { .. })
                    {
                        push(
                            field("change"),
                            Severity::Error,
                            msg!("flow.diag.overlay_step_kind", id = &new.id),
                        );
                    }
                    if flow.step(&new.id).is_some() || added.contains(&new.id) {
                        push(
                            field("change"),
                            Severity::Error,
                            msg!("flow.diag.overlay_step_exists", id = &new.id),
                        );
                    }
                    added.push(new.id.clone());
                }
            }
            for t in texts {
                if empty(t) {
                    push(
                        field("change"),
                        Severity::Error,
                        msg!("flow.diag.overlay_no_text", kind = kind, step = &rule.step),
                    );
                }
                for leak in super::leaks(&t.zh).into_iter().chain(super::leaks(&t.en)) {
                    push(
                        field("change"),
                        Severity::Error,
                        msg!("flow.diag.overlay_leak", word = leak),
                    );
                }
            }
        }
    }
    out
}
