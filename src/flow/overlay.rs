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
    NotNeeded {
        reason: Text,
        #[serde(default)]
        when: Option<Cond>,
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
