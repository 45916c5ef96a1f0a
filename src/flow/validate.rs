//! Semantic checks on a parsed flow: ids, references, reachability, loops,
//! conditions, bilingual text, sources and review dates.

use std::collections::{HashMap, HashSet};
use std::fmt;

pub use super::locate::{Anchor, Needle};
use super::{Diagnostic, END, Flow, How, Library, Message, Source, Step, StepKind, Text, msg};
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
    pub message: Message,
}

impl Finding {
    pub fn error(anchor: Anchor, message: Message) -> Self {
        Finding {
            severity: Severity::Error,
            anchor,
            message,
        }
    }

    pub fn warning(anchor: Anchor, message: Message) -> Self {
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

/// The most steps a flow may have: bounds the time and memory a hostile
/// flow costs, generous enough for any real procedure (the largest shipped
/// has a dozen) and for 10,000-step test flows.
pub const MAX_STEPS: usize = 20_000;

/// A control character that flow text may not hold: C0 (except line feed
/// and tab), DEL and C1. ESC and BEL in a title would drive the terminal of
/// whoever runs `banshi list`.
pub fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}'
}

/// `U+001B (ESC)`; a name where it helps (in the reader's language).
fn control_name(c: char) -> Message {
    let code = format!("U+{:04X}", c as u32);
    let name = match c {
        '\u{1b}' => "ESC",
        '\u{7}' => "BEL",
        '\u{0}' => "NUL",
        '\u{9b}' => "CSI",
        '\r' => return msg!("flow.diag.ctrl_cr", code = code),
        '\u{8}' => return msg!("flow.diag.ctrl_bs", code = code),
        _ => return msg!("flow.diag.plain", text = code),
    };
    msg!("flow.diag.ctrl_named", code = code, name = name)
}

/// Control characters in a flow file, written raw or as an escape
/// (`\x1b`, `\u{1b}`), each at its line and column. A carriage return
/// before a line feed (Windows line ends) is fine.
pub fn control_chars(source: &Source) -> Vec<Diagnostic> {
    let text = &source.text;
    let mut out = Vec::new();
    let mut report = |at: usize, c: char, escaped: bool| {
        let (line, col) = super::locate::line_col(text, at);
        out.push(Diagnostic {
            path: source.path.clone(),
            line,
            col,
            severity: Severity::Error,
            message: if escaped {
                msg!("flow.diag.control_escaped", name = control_name(c))
            } else {
                msg!("flow.diag.control", name = control_name(c))
            },
        });
    };
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\\' {
            // An escape: `\\` is a backslash, `\xHH` and `\u{H..}` are characters.
            let rest = &text[at + 1..];
            let value = if let Some(hex) = rest.strip_prefix('x') {
                hex.get(..2).and_then(|h| u32::from_str_radix(h, 16).ok())
            } else if let Some(body) = rest.strip_prefix("u{") {
                body.find('}')
                    .and_then(|end| u32::from_str_radix(&body[..end], 16).ok())
            } else {
                None
            };
            if let Some(c) = value.and_then(char::from_u32)
                && is_forbidden_control(c)
            {
                report(at, c, true);
            }
            // Skip the escaped character (so `\\x1b` is not read as an escape).
            chars.next();
            continue;
        }
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            continue;
        }
        if is_forbidden_control(c) {
            report(at, c, false);
        }
    }
    out
}

/// How long a review stays current.
pub const REVIEW_YEARS: i32 = 1;

/// Every semantic problem in `flow`, errors and warnings, in a stable order.
pub fn validate_flow(flow: &Flow, today: Date) -> Vec<Finding> {
    let mut index = HashMap::with_capacity(flow.steps.len());
    for (i, s) in flow.steps.iter().enumerate() {
        index.entry(s.id.as_str()).or_insert(i);
    }
    let mut v = Validator {
        flow,
        index,
        out: Vec::new(),
    };
    v.metadata(today);
    if flow.steps.len() > MAX_STEPS {
        return v.out;
    }
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
    /// Step id → position (the first of duplicates), so that a large flow
    /// is checked in linear time, not by a search per reference.
    index: HashMap<&'a str, usize>,
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

/// How to write an id.
fn id_rule() -> Message {
    msg!("flow.diag.id_rule")
}

impl<'a> Validator<'a> {
    fn step(&self, id: &str) -> Option<&'a Step> {
        self.index.get(id).map(|&i| &self.flow.steps[i])
    }

    /// Where a step leads when `choice` is picked, as [`Flow::successor`]
    /// but through the index.
    fn successor(&self, s: &'a Step, choice: Option<&'a super::Choice>) -> Option<&'a str> {
        match choice.and_then(|c| c.next.as_deref()).or(s.next.as_deref()) {
            Some(END) => None,
            Some(id) => Some(id),
            None => {
                let i = *self.index.get(s.id.as_str())?;
                self.flow.steps.get(i + 1).map(|n| n.id.as_str())
            }
        }
    }

    /// Every step a step can lead to: each option's target, and for a step
    /// with a `when`, where it passes on to when skipped.
    fn successors(&self, s: &'a Step) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        if s.options().is_empty() || s.when.is_some() {
            out.extend(self.successor(s, None));
        }
        for o in s.options() {
            out.extend(self.successor(s, Some(o)));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A date question's deadlines: `after` is a period (`6m`, `30d`) or a
    /// range (`3m..6m`, which needs a `note` saying the rules differ), and
    /// each text says where the day goes (`{date}`).
    fn date_expressions(&mut self, step: &Step, derived: &[super::Derived]) {
        for d in derived {
            let at = Anchor::in_step(Some(&step.id), Needle::Literal(d.after.clone()));
            match crate::date::After::parse(&d.after) {
                None => self.err(
                    at,
                    msg!("flow.diag.date_expr", after = &d.after, step = &step.id),
                ),
                Some(a) if a.to.is_some() && d.note.is_none() => self.err(
                    at,
                    msg!(
                        "flow.diag.date_range_note",
                        after = &d.after,
                        step = &step.id
                    ),
                ),
                Some(_) => {}
            }
            for (lang, text) in [("zh", &d.text.zh), ("en", &d.text.en)] {
                if !text.contains("{date}") {
                    self.err(
                        Anchor::in_step(Some(&step.id), Needle::Literal(text.clone())),
                        msg!(
                            "flow.diag.deadline_no_date",
                            lang = super::lang_word(lang),
                            after = &d.after,
                            step = &step.id,
                        ),
                    );
                }
            }
        }
    }

    fn err(&mut self, anchor: Anchor, message: Message) {
        self.out.push(Finding::error(anchor, message));
    }

    fn warn(&mut self, anchor: Anchor, message: Message) {
        self.out.push(Finding::warning(anchor, message));
    }

    fn metadata(&mut self, today: Date) {
        let f = self.flow;
        if f.steps.len() > MAX_STEPS {
            self.err(
                Anchor::field("steps"),
                msg!(
                    "flow.diag.too_many_steps",
                    n = f.steps.len(),
                    max = MAX_STEPS
                ),
            );
        }
        if !valid_id(&f.id) {
            self.err(
                Anchor::field("id"),
                msg!("flow.diag.flow_id", id = &f.id, rule = id_rule()),
            );
        }
        if f.sources.iter().all(|s| s.trim().is_empty()) {
            self.err(Anchor::field("sources"), msg!("flow.diag.no_sources"));
        }
        match Date::parse(f.reviewed.trim()) {
            None => self.err(
                Anchor::field("reviewed"),
                msg!("flow.diag.reviewed_bad", date = &f.reviewed),
            ),
            Some(d) if d.plus_years(REVIEW_YEARS) < today => self.warn(
                Anchor::field("reviewed"),
                msg!("flow.diag.review_due", date = d.to_string()),
            ),
            Some(d) if d > today => self.warn(
                Anchor::field("reviewed"),
                msg!("flow.diag.reviewed_future", date = d.to_string()),
            ),
            Some(_) => {}
        }
        if f.aliases.is_empty() && f.keywords.is_empty() {
            self.warn(Anchor::field("title"), msg!("flow.diag.no_aliases"));
        }
        if f.steps.is_empty() {
            self.err(Anchor::field("steps"), msg!("flow.diag.no_steps"));
        }
        if let Some(start) = &f.start
            && f.step(start).is_none()
        {
            self.err(
                Anchor::field("start"),
                msg!(
                    "flow.diag.start_unknown",
                    start = start,
                    steps = self.step_list()
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
        let mut times: HashMap<&str, usize> = HashMap::new();
        for step in &self.flow.steps {
            let nth = times.entry(step.id.as_str()).or_default();
            *nth += 1;
            let nth = *nth - 1;
            let here = Anchor::step(&step.id);
            if !valid_id(&step.id) || step.id == END {
                let why = if step.id == END {
                    msg!("flow.diag.end_reserved")
                } else {
                    id_rule()
                };
                self.err(
                    here.clone(),
                    msg!("flow.diag.step_id", id = &step.id, rule = why),
                );
            }
            if !seen.insert(step.id.as_str()) {
                self.err(
                    Anchor::nth_step(&step.id, nth),
                    msg!("flow.diag.duplicate_step", id = &step.id),
                );
            }
            let (what, ids): (bool, Vec<&str>) = match &step.kind {
                StepKind::Info => continue,
                StepKind::Date { derived } => {
                    self.date_expressions(step, derived);
                    continue;
                }
                StepKind::Question { options } => {
                    if options.is_empty() {
                        self.err(here.clone(), msg!("flow.diag.no_options", step = &step.id));
                    } else if options.len() == 1 {
                        self.warn(here.clone(), msg!("flow.diag.one_option", step = &step.id));
                    }
                    (true, options.iter().map(|o| o.id.as_str()).collect())
                }
                StepKind::Checklist { items } => {
                    if items.is_empty() {
                        self.err(here.clone(), msg!("flow.diag.no_items", step = &step.id));
                    }
                    for item in items {
                        if let Some(m) = &item.material
                            && m.how == How::Bring
                            && m.originals == 0
                            && m.copies == 0
                        {
                            self.err(
                                Anchor::in_step(Some(&step.id), Needle::Key("material".into()))
                                    .within(&item.id),
                                msg!("flow.diag.zero_counts", item = &item.id),
                            );
                        }
                    }
                    (false, items.iter().map(|i| i.id.as_str()).collect())
                }
            };
            let mut local: HashMap<&str, usize> = HashMap::new();
            for id in ids {
                let n = local.entry(id).or_default();
                *n += 1;
                let at = Anchor::in_step(Some(&step.id), Needle::Literal(id.into())).skip(*n - 1);
                if !valid_id(id) {
                    self.err(
                        at.clone(),
                        if what {
                            msg!(
                                "flow.diag.option_id",
                                id = id,
                                step = &step.id,
                                rule = id_rule()
                            )
                        } else {
                            msg!(
                                "flow.diag.item_id",
                                id = id,
                                step = &step.id,
                                rule = id_rule()
                            )
                        },
                    );
                }
                if local[id] > 1 {
                    self.err(
                        at,
                        if what {
                            msg!("flow.diag.duplicate_option", id = id, step = &step.id)
                        } else {
                            msg!("flow.diag.duplicate_item", id = id, step = &step.id)
                        },
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
                // Raw and escaped ones are found by `control_chars` with
                // their exact position; this catches any other way in.
                let field = match step {
                    Some(s) => msg!("flow.diag.field_in_step", key = key, step = s),
                    None => msg!("flow.diag.plain", text = key),
                };
                if let Some(c) = value.chars().find(|&c| is_forbidden_control(c)) {
                    self.err(
                        Anchor::in_step(step, Needle::Key(lang.into())),
                        msg!(
                            "flow.diag.text_control",
                            field = field.clone(),
                            name = control_name(c),
                            lang = super::lang_word(lang),
                        ),
                    );
                }
                if value.trim().is_empty() {
                    self.err(
                        Anchor::in_step(step, Needle::EmptyKey(lang.into())),
                        msg!(
                            "flow.diag.no_text",
                            field = field,
                            lang = super::lang_word(lang)
                        ),
                    );
                }
            }
        }
    }

    /// A question bound to a profile fact: each option's `profile` values
    /// are values of the fact, each under one option at most.
    fn bindings(&mut self, step: &'a Step) {
        let fact = step.bind;
        if fact.is_some() && !step.is_question() {
            self.err(
                Anchor::in_step(Some(&step.id), Needle::Key("bind".into())),
                msg!("flow.diag.bind_not_question", step = &step.id),
            );
            return;
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for o in step.options() {
            for v in &o.profile {
                let at =
                    Anchor::in_step(Some(&step.id), Needle::InKey("profile".into(), v.clone()))
                        .within(&o.id);
                match fact {
                    None => self.err(at, msg!("flow.diag.profile_no_bind", step = &step.id)),
                    Some(f) if !f.values().contains(&v.as_str()) => self.err(
                        at,
                        msg!(
                            "flow.diag.profile_value",
                            value = v,
                            step = &step.id,
                            values = f.values().join(", ")
                        ),
                    ),
                    Some(_) => {
                        if let Some(first) = seen.insert(v, &o.id) {
                            self.err(
                                at,
                                msg!(
                                    "flow.diag.profile_twice",
                                    value = v,
                                    step = &step.id,
                                    first = first
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    fn references(&mut self) {
        let f = self.flow;
        for step in &f.steps {
            self.bindings(step);
            let mut targets: Vec<&str> = step.next.iter().map(String::as_str).collect();
            targets.extend(step.options().iter().filter_map(|o| o.next.as_deref()));
            for t in targets {
                if t != END && self.step(t).is_none() {
                    self.err(
                        Anchor::in_step(Some(&step.id), Needle::KeyValue("next".into(), t.into())),
                        msg!(
                            "flow.diag.next_unknown",
                            step = &step.id,
                            target = t,
                            steps = self.step_list(),
                        ),
                    );
                }
            }
            for (cond, item) in conditions(step) {
                for (q, o) in cond.references() {
                    let at = cond_anchor(step, item, q);
                    let msg = match self.step(q) {
                        None => msg!("flow.diag.when_unknown_question", q = q),
                        Some(qs) if !qs.is_question() => {
                            msg!("flow.diag.when_not_question", q = q)
                        }
                        Some(qs) if qs.option(o).is_none() => msg!(
                            "flow.diag.when_unknown_option",
                            o = o,
                            q = q,
                            options = qs
                                .options()
                                .iter()
                                .map(|c| c.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
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
            .map(|s| (s.id.as_str(), self.successors(s)))
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
                msg!("flow.diag.loop", from = from, to = to),
            );
        }

        let reachable = reach(&edges, start);
        for s in &f.steps {
            if !reachable.contains(s.id.as_str()) {
                self.err(
                    Anchor::step(&s.id),
                    msg!("flow.diag.unreachable", step = &s.id),
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
                            msg!("flow.diag.when_too_early", step = &step.id, q = q),
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
                msg!("flow.diag.related_twice", id = id),
            ));
        } else if *id == flow.id {
            out.push(Finding::error(
                related(id),
                msg!("flow.diag.related_self", id = id),
            ));
        } else if !known(id) {
            out.push(Finding::error(
                related(id),
                msg!("flow.diag.related_unknown", id = id),
            ));
        }
    }
    if flow.hotlines.is_empty() {
        out.push(Finding::warning(
            Anchor::field("hotlines"),
            msg!("flow.diag.no_hotlines"),
        ));
    }
    let mut lines = HashSet::new();
    for h in &flow.hotlines {
        if !lines.insert(*h) {
            out.push(Finding::warning(
                Anchor::field("hotlines"),
                msg!("flow.diag.hotline_twice", hotline = format!("{h:?}")),
            ));
        }
    }
    for entry in &flow.sources {
        if entry.trim().is_empty() || library.title(entry).is_some() {
            continue;
        }
        let what = if super::looks_like_file_name(entry) {
            msg!("flow.diag.source_left_out")
        } else {
            msg!("flow.diag.source_as_written")
        };
        out.push(Finding::warning(
            Anchor::in_step(None, Needle::InKey("sources".into(), entry.clone())),
            msg!("flow.diag.source_no_title", entry = entry, what = what),
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
                    msg!(
                        "flow.diag.snippet_unknown",
                        step = &step.id,
                        id = id,
                        ids = ids.join(", "),
                    ),
                ));
            } else if !facts.insert(id.as_str()) {
                out.push(Finding::warning(
                    at,
                    msg!("flow.diag.snippet_twice", id = id, step = &step.id),
                ));
            }
        }
        match (&step.place, &step.action) {
            (None, Some(_)) => out.push(Finding::warning(
                here(Needle::Key("action".into())),
                msg!("flow.diag.action_no_place", step = &step.id),
            )),
            (Some(_), None) => out.push(Finding::warning(
                here(Needle::Key("place".into())),
                msg!("flow.diag.place_no_action", step = &step.id),
            )),
            _ => {}
        }
        if step.office.is_some() && step.place.is_none() {
            out.push(Finding::warning(
                here(Needle::Key("office".into())),
                msg!("flow.diag.office_no_place", step = &step.id),
            ));
        }
        if let Some(action) = &step.action {
            for (lang, value) in [("zh", &action.zh), ("en", &action.en)] {
                if value.trim().is_empty() {
                    out.push(Finding::error(
                        here(Needle::Key("action".into())),
                        msg!(
                            "flow.diag.action_no_text",
                            step = &step.id,
                            lang = super::lang_word(lang)
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
                    msg!(
                        "flow.diag.counts_unused",
                        item = &item.id,
                        how = format!("{:?}", m.how),
                    ),
                ));
            }
        }
    }
    out
}
