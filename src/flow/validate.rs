//! Semantic checks on a parsed flow: ids, references, reachability, loops,
//! conditions, bilingual text, sources and review dates.

use std::collections::{HashMap, HashSet};
use std::fmt;

pub use super::locate::{Anchor, Needle};
use super::{Diagnostic, END, Flow, How, Library, Source, Step, StepKind, Text};
use crate::date::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A problem found in a flow, before it is given a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub anchor: Anchor,
    pub message: String,
}

impl Finding {
    pub fn error(anchor: Anchor, message: String) -> Self {
        Finding {
            severity: Severity::Error,
            anchor,
            message,
        }
    }

    pub fn warning(anchor: Anchor, message: String) -> Self {
        Finding {
            severity: Severity::Warning,
            anchor,
            message,
        }
    }

    pub fn locate(self, _flow: &Flow, source: &Source) -> Diagnostic {
        let (line, col) = super::locate::line_col(&source.text, self.anchor.offset(&source.text));
        Diagnostic {
            path: source.path.clone(),
            line,
            col,
            severity: self.severity,
            message: self.message,
        }
    }
}

/// How long a review stays current.
pub const REVIEW_YEARS: i32 = 1;

/// Every semantic problem in `flow`, errors and warnings, in a stable order.
pub fn validate_flow(flow: &Flow, today: Date) -> Vec<Finding> {
    let mut v = Validator {
        flow,
        out: Vec::new(),
    };
    v.metadata(today);
    v.ids();
    v.texts();
    v.references();
    if !v.out.iter().any(|f| f.severity == Severity::Error) {
        // The graph checks assume every reference resolves.
        v.graph();
    }
    v.out
}

struct Validator<'a> {
    flow: &'a Flow,
    out: Vec<Finding>,
}

pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

const ID_RULE: &str = "use lower-case letters, digits and '-' (at most 64), e.g. \"lost-card\"";

impl Validator<'_> {
    fn err(&mut self, anchor: Anchor, message: String) {
        self.out.push(Finding::error(anchor, message));
    }

    fn warn(&mut self, anchor: Anchor, message: String) {
        self.out.push(Finding::warning(anchor, message));
    }

    fn metadata(&mut self, today: Date) {
        let f = self.flow;
        if !valid_id(&f.id) {
            self.err(
                Anchor::field("id"),
                format!("flow id \"{}\" is not valid: {ID_RULE}", f.id),
            );
        }
        if f.sources.iter().all(|s| s.trim().is_empty()) {
            self.err(
                Anchor::field("sources"),
                "no sources: list the seed files or documents the facts come from, e.g. sources: [\"000_dedf4d4433344739.txt\"]".into(),
            );
        }
        match Date::parse(f.reviewed.trim()) {
            None => self.err(
                Anchor::field("reviewed"),
                format!(
                    "reviewed date \"{}\" is not a date: write YYYY-MM-DD, the day you checked the flow against its sources",
                    f.reviewed
                ),
            ),
            Some(d) if d.plus_years(REVIEW_YEARS) < today => self.warn(
                Anchor::field("reviewed"),
                format!("due for review: last reviewed {d}, over 12 months ago; check it against its sources and update `reviewed`"),
            ),
            Some(d) if d > today => self.warn(
                Anchor::field("reviewed"),
                format!("reviewed date {d} is in the future; use the day the flow was actually checked"),
            ),
            Some(_) => {}
        }
        if f.aliases.is_empty() && f.keywords.is_empty() {
            self.warn(
                Anchor::field("title"),
                "no aliases or keywords: add the words people actually type (卡丢了, lost card) so search finds this flow".into(),
            );
        }
        if f.steps.is_empty() {
            self.err(
                Anchor::field("steps"),
                "the flow has no steps: add at least one".into(),
            );
        }
        if let Some(start) = &f.start
            && f.step(start).is_none()
        {
            self.err(
                Anchor::field("start"),
                format!(
                    "start step \"{start}\" does not exist; name one of: {}",
                    self.step_list()
                ),
            );
        }
    }

    fn step_list(&self) -> String {
        self.flow
            .steps
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn ids(&mut self) {
        let mut seen = HashSet::new();
        for step in &self.flow.steps {
            let here = Anchor::step(&step.id);
            if !valid_id(&step.id) || step.id == END {
                let why = if step.id == END {
                    "\"end\" is reserved for `next: \"end\"`".to_string()
                } else {
                    ID_RULE.to_string()
                };
                self.err(
                    here.clone(),
                    format!("step id \"{}\" is not valid: {why}", step.id),
                );
            }
            if !seen.insert(step.id.as_str()) {
                self.err(
                    here.clone(),
                    format!(
                        "duplicate step id \"{}\": every step needs its own id",
                        step.id
                    ),
                );
            }
            let (what, ids): (&str, Vec<&str>) = match &step.kind {
                StepKind::Info => continue,
                StepKind::Question { options } => {
                    if options.is_empty() {
                        self.err(
                            here.clone(),
                            format!("question \"{}\" has no options: add at least two", step.id),
                        );
                    } else if options.len() == 1 {
                        self.warn(here.clone(), format!("question \"{}\" has a single option: make it an information step or add options", step.id));
                    }
                    ("option", options.iter().map(|o| o.id.as_str()).collect())
                }
                StepKind::Checklist { items } => {
                    if items.is_empty() {
                        self.err(here.clone(), format!("checklist \"{}\" has no items: add items or make it an information step", step.id));
                    }
                    for item in items {
                        if let Some(m) = &item.material
                            && m.how == How::Bring
                            && m.originals == 0
                            && m.copies == 0
                        {
                            self.err(
                                Anchor::in_step(Some(&step.id), Needle::Key("material".into())).within(&item.id),
                                format!("material \"{}\" asks for 0 originals and 0 copies: set `originals` or `copies`", item.id),
                            );
                        }
                    }
                    ("item", items.iter().map(|i| i.id.as_str()).collect())
                }
            };
            let mut local = HashSet::new();
            for id in ids {
                let at = Anchor::in_step(Some(&step.id), Needle::Literal(id.into()));
                if !valid_id(id) {
                    self.err(
                        at.clone(),
                        format!(
                            "{what} id \"{id}\" in step \"{}\" is not valid: {ID_RULE}",
                            step.id
                        ),
                    );
                }
                if !local.insert(id) {
                    self.err(
                        at,
                        format!("duplicate {what} id \"{id}\" in step \"{}\"", step.id),
                    );
                }
            }
        }
    }

    fn texts(&mut self) {
        let f = self.flow;
        let mut missing: Vec<(Option<&str>, &str, &Text)> = vec![
            (None, "title", &f.title),
            (None, "summary", &f.summary),
            (None, "region_note", &f.region_note),
        ];
        for step in &f.steps {
            let s = Some(step.id.as_str());
            missing.push((s, "title", &step.title));
            for (key, list) in [
                ("body", &step.body),
                ("tips", &step.tips),
                ("warnings", &step.warnings),
                ("deadlines", &step.deadlines),
            ] {
                missing.extend(list.iter().map(|t| (s, key, t)));
            }
            for o in step.options() {
                missing.push((s, "label", &o.label));
                if let Some(h) = &o.hint {
                    missing.push((s, "hint", h));
                }
            }
            for i in step.items() {
                missing.push((s, "label", &i.label));
                if let Some(n) = &i.note {
                    missing.push((s, "note", n));
                }
            }
        }
        for (step, key, text) in missing {
            for (lang, value) in [("zh", &text.zh), ("en", &text.en)] {
                if value.trim().is_empty() {
                    let where_ = step.map_or(String::new(), |s| format!(" in step \"{s}\""));
                    self.err(
                        Anchor::in_step(step, Needle::EmptyKey(lang.into())),
                        format!("{key}{where_} has no {lang} text: write it in both zh and en"),
                    );
                }
            }
        }
    }

    fn references(&mut self) {
        let f = self.flow;
        for step in &f.steps {
            let mut targets: Vec<&str> = step.next.iter().map(String::as_str).collect();
            targets.extend(step.options().iter().filter_map(|o| o.next.as_deref()));
            for t in targets {
                if t != END && f.step(t).is_none() {
                    self.err(
                        Anchor::in_step(Some(&step.id), Needle::KeyValue("next".into(), t.into())),
                        format!(
                            "step \"{}\" leads to unknown step \"{t}\"; use \"end\" or one of: {}",
                            step.id,
                            self.step_list()
                        ),
                    );
                }
            }
            for (cond, item) in conditions(step) {
                for (q, o) in cond.references() {
                    let at = cond_anchor(step, item, q);
                    let msg = match f.step(q) {
                        None => format!(
                            "`when` refers to unknown question \"{q}\"; name a question step of this flow"
                        ),
                        Some(qs) if !qs.is_question() => {
                            format!(
                                "`when` refers to \"{q}\", which is not a question; conditions can only test answers"
                            )
                        }
                        Some(qs) if qs.option(o).is_none() => format!(
                            "`when` refers to unknown option \"{o}\" of question \"{q}\"; options are: {}",
                            qs.options()
                                .iter()
                                .map(|c| c.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        Some(_) => continue,
                    };
                    self.err(at, msg);
                }
            }
        }
    }

    /// Reachability, loops and conditions that can never be decided.
    fn graph(&mut self) {
        let f = self.flow;
        let Some(start) = f.start_id() else { return };
        let edges: HashMap<&str, Vec<&str>> = f
            .steps
            .iter()
            .map(|s| (s.id.as_str(), successors(f, s)))
            .collect();

        // Loops: depth-first search with colours; report each back edge once.
        let mut state: HashMap<&str, u8> = HashMap::new();
        let mut loops = Vec::new();
        for s in &f.steps {
            if !state.contains_key(s.id.as_str()) {
                dfs(s.id.as_str(), &edges, &mut state, &mut loops);
            }
        }
        for (from, to) in loops {
            self.err(
                Anchor::in_step(Some(from), Needle::KeyValue("next".into(), to.into())),
                format!(
                    "a path loops forever: step \"{from}\" leads back to \"{to}\"; a flow must always move on towards the end"
                ),
            );
        }

        let reachable = reach(&edges, start);
        for s in &f.steps {
            if !reachable.contains(s.id.as_str()) {
                self.err(
                    Anchor::step(&s.id),
                    format!(
                        "step \"{}\" is never reached: no path from the start leads to it; point a `next` at it or remove it",
                        s.id
                    ),
                );
            }
        }

        // A condition can only be decided by a question that comes before it
        // (unreachable steps are reported above already).
        let mut reach_cache: HashMap<&str, HashSet<&str>> = HashMap::new();
        for step in f.steps.iter().filter(|s| reachable.contains(s.id.as_str())) {
            for (cond, item) in conditions(step) {
                for (q, _) in cond.references() {
                    let comes_before = q != step.id
                        && reach_cache
                            .entry(q)
                            .or_insert_with(|| reach(&edges, q))
                            .contains(step.id.as_str());
                    if !comes_before {
                        self.err(
                            cond_anchor(step, item, q),
                            format!(
                                "`when` in step \"{}\" tests question \"{q}\", which is never answered before this step; ask it earlier",
                                step.id
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// Every condition in a step: its own `when` (item `None`) and each item's.
fn conditions(step: &Step) -> impl Iterator<Item = (&super::Cond, Option<&str>)> {
    step.when.iter().map(|c| (c, None)).chain(
        step.items()
            .iter()
            .filter_map(|i| i.when.as_ref().map(|c| (c, Some(i.id.as_str())))),
    )
}

/// Where a condition's question `q` is named: inside the item when it is an
/// item's condition.
fn cond_anchor(step: &Step, item: Option<&str>, q: &str) -> Anchor {
    let at = Anchor::in_step(Some(&step.id), Needle::Literal(q.into()));
    match item {
        Some(item) => at.within(item),
        None => at,
    }
}

fn reach<'a>(edges: &HashMap<&'a str, Vec<&'a str>>, root: &'a str) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if seen.insert(n) {
            stack.extend(edges.get(n).into_iter().flatten().copied());
        }
    }
    seen
}

/// Every step a step can lead to: each option's target, and for a step with a
/// `when`, where it passes on to when skipped.
fn successors<'a>(f: &'a Flow, s: &'a Step) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    if s.options().is_empty() || s.when.is_some() {
        out.extend(f.successor(s, None));
    }
    for o in s.options() {
        out.extend(f.successor(s, Some(o)));
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn dfs<'a>(
    n: &'a str,
    edges: &HashMap<&'a str, Vec<&'a str>>,
    state: &mut HashMap<&'a str, u8>,
    loops: &mut Vec<(&'a str, &'a str)>,
) {
    // Iterative to survive deep synthetic flows.
    let mut stack: Vec<(&str, usize)> = vec![(n, 0)];
    state.insert(n, 1);
    while let Some((node, i)) = stack.pop() {
        let next = edges.get(node).and_then(|e| e.get(i)).copied();
        match next {
            Some(m) => {
                stack.push((node, i + 1));
                match state.get(m) {
                    None => {
                        state.insert(m, 1);
                        stack.push((m, 0));
                    }
                    Some(1) => loops.push((node, m)),
                    _ => {}
                }
            }
            None => {
                state.insert(node, 2);
            }
        }
    }
}

/// What a flow names by id outside itself: the flows in `related` (`known`
/// says which exist), the snippets in `facts` and the `sources` titles; and
/// the fields that only make sense together (`place` and `action`, `how` and
/// the counts). Kept apart from [`validate_flow`], which needs only the flow.
pub fn validate_links(
    flow: &Flow,
    library: &Library,
    known: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let related = |id: &str| Anchor::in_step(None, Needle::InKey("related".into(), id.into()));
    let mut seen = HashSet::new();
    for id in &flow.related {
        if !seen.insert(id.as_str()) {
            out.push(Finding::warning(
                related(id),
                format!("\"{id}\" is listed twice in `related`: list it once"),
            ));
        } else if *id == flow.id {
            out.push(Finding::error(
                related(id),
                format!("`related` names this flow itself (\"{id}\"): name the procedures before or after it"),
            ));
        } else if !known(id) {
            out.push(Finding::error(
                related(id),
                format!("`related` names unknown flow \"{id}\": use the id of a shipped flow or of one in the same folder (`banshi list` shows them)"),
            ));
        }
    }
    let mut lines = HashSet::new();
    for h in &flow.hotlines {
        if !lines.insert(*h) {
            out.push(Finding::warning(
                Anchor::field("hotlines"),
                format!("{h:?} is listed twice in `hotlines`: list it once"),
            ));
        }
    }
    for entry in &flow.sources {
        if entry.trim().is_empty() || library.title(entry).is_some() {
            continue;
        }
        let what = if super::looks_like_file_name(entry) {
            "printouts leave it out, as they never show a file name"
        } else {
            "printouts show it as it is written"
        };
        out.push(Finding::warning(
            Anchor::in_step(None, Needle::InKey("sources".into(), entry.clone())),
            format!("sources entry \"{entry}\" has no title in flows/sources.ron ({what}): add it there with the article's title"),
        ));
    }
    for step in &flow.steps {
        let here = |needle: Needle| Anchor::in_step(Some(&step.id), needle);
        let mut facts = HashSet::new();
        for id in &step.facts {
            let at = here(Needle::InKey("facts".into(), id.clone()));
            if library.snippet(id).is_none() {
                let mut ids: Vec<&str> = library.snippets.keys().map(String::as_str).collect();
                ids.retain(|i| !i.starts_with("hotline-"));
                out.push(Finding::error(
                    at,
                    format!(
                        "step \"{}\" uses unknown snippet \"{id}\"; add it to flows/snippets.ron or use one of: {}",
                        step.id,
                        ids.join(", ")
                    ),
                ));
            } else if !facts.insert(id.as_str()) {
                out.push(Finding::warning(
                    at,
                    format!("snippet \"{id}\" is listed twice in step \"{}\"", step.id),
                ));
            }
        }
        match (&step.place, &step.action) {
            (None, Some(_)) => out.push(Finding::warning(
                here(Needle::Key("action".into())),
                format!("step \"{}\" has an `action` but no `place`: printouts list actions under their place; add `place: …`", step.id),
            )),
            (Some(_), None) => out.push(Finding::warning(
                here(Needle::Key("place".into())),
                format!("step \"{}\" has a `place` but no `action`: write the one line of what the person does there", step.id),
            )),
            _ => {}
        }
        if step.office.is_some() && step.place.is_none() {
            out.push(Finding::warning(
                here(Needle::Key("office".into())),
                format!(
                    "step \"{}\" has an `office` but no `place`: say which place it is",
                    step.id
                ),
            ));
        }
        if let Some(action) = &step.action {
            for (lang, value) in [("zh", &action.zh), ("en", &action.en)] {
                if value.trim().is_empty() {
                    out.push(Finding::error(
                        here(Needle::Key("action".into())),
                        format!(
                            "action in step \"{}\" has no {lang} text: write it in both zh and en",
                            step.id
                        ),
                    ));
                }
            }
        }
        for item in step.items() {
            if let Some(m) = &item.material
                && m.how != How::Bring
                && (m.originals > 0 || m.copies > 0)
            {
                out.push(Finding::warning(
                    here(Needle::Key("how".into())).within(&item.id),
                    format!(
                        "material \"{}\" is {:?}, so its `originals`/`copies` mean nothing: remove them",
                        item.id, m.how
                    ),
                ));
            }
        }
    }
    out
}
