//! The wizard as a pure state machine: answers, the current step, back,
//! ticks, the route ahead and the checklist of materials to bring, grouped by
//! where to go. It owns every rule of the wizard; the TUI, plain mode and
//! `banshi print` only turn input into these actions and read the results.
//!
//! No terminal, no files. A [`Session`] pairs a flow with a serialisable
//! [`State`]; every operation refers to steps, options and items by id.
//!
//! The *route* is derived, never stored: walk from the start, skip steps whose
//! `when` does not hold, follow each answered question's option. It stops at
//! the first unanswered question (the *determined* route) or, for the
//! *predicted* route, assumes the first option of each unanswered question.
//! Only the answers of questions on the route so far count while walking.
//!
//! **Nothing is ever deleted** except by [`Session::restart`]. An answer or a
//! tick that a changed answer (or an edited flow) takes off the route stays
//! in the state, *dormant*, and counts again as soon as its step, option or
//! item is back on the route.
//!
//! Everything here is linear in the size of the flow: steps are found
//! through an index built once per session, and the checklist is built from
//! one walk.

mod answers;
mod checklist;
mod dates;
pub mod profile;
pub mod region;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::flow::{Choice, END, Flow, Item, Step, StepKind, Text};
use crate::locale::Locale;

pub use answers::{AnswerError, apply_answers};
pub use checklist::{AnswerLine, Checklist, MaterialNeed, MaterialUse, PlaceGroup, StepTodos};
pub use dates::Passed;
pub use profile::{Profile, REGION_UNSURE};

/// Everything that is saved about one person's progress in one flow.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct State {
    pub flow_id: String,
    /// Question step id → chosen option id. Answers to questions off the
    /// route are kept (dormant).
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// Checklist step id → ticked item ids. Ticks off the route are kept
    /// (dormant).
    #[serde(default)]
    pub ticks: BTreeMap<String, BTreeSet<String>>,
    /// The step on screen; `None` once the flow is finished (the summary).
    #[serde(default)]
    pub current: Option<String>,
    /// Steps the person has been through (continued from, or answered).
    /// A step on the route that is not here was never shown: skipped.
    #[serde(default)]
    pub seen: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EngineError {
    #[error("unknown step \"{step}\"; steps are: {valid}")]
    UnknownStep { step: String, valid: String },
    #[error("step \"{0}\" is not a question")]
    NotAQuestion(String),
    #[error("unknown option \"{option}\" for \"{step}\"; options are: {valid}")]
    UnknownOption {
        step: String,
        option: String,
        valid: String,
    },
    #[error("step \"{0}\" is not a checklist")]
    NotAChecklist(String),
    #[error("unknown item \"{item}\" in \"{step}\"; items are: {valid}")]
    UnknownItem {
        step: String,
        item: String,
        valid: String,
    },
    #[error("step \"{0}\" is not on the route taken by the answers so far")]
    NotOnRoute(String),
    #[error("answer the question \"{0}\" first")]
    Unanswered(String),
    #[error("step \"{0}\" does not ask for a date")]
    NotADate(String),
    #[error(
        "\"{input}\" is not a date: type 2026-12-03, 2026/12/3, 12月3日, 今天 (today) or 昨天 (yesterday)"
    )]
    BadDate { input: String },
}

impl EngineError {
    /// The message in `lang` (the `Display` text is English, for logs).
    pub fn message(&self, lang: crate::flow::Lang) -> String {
        let l = crate::locale::Locale::get(lang);
        match self {
            EngineError::UnknownStep { step, valid } => l.fmt(
                "engine.err.unknown_step",
                &[("step", step), ("valid", valid)],
            ),
            EngineError::NotAQuestion(step) => {
                l.fmt("engine.err.not_a_question", &[("step", step)])
            }
            EngineError::UnknownOption {
                step,
                option,
                valid,
            } => l.fmt(
                "engine.err.unknown_option",
                &[("step", step), ("option", option), ("valid", valid)],
            ),
            EngineError::NotAChecklist(step) => {
                l.fmt("engine.err.not_a_checklist", &[("step", step)])
            }
            EngineError::UnknownItem { step, item, valid } => l.fmt(
                "engine.err.unknown_item",
                &[("step", step), ("item", item), ("valid", valid)],
            ),
            EngineError::NotOnRoute(step) => l.fmt("engine.err.not_on_route", &[("step", step)]),
            EngineError::Unanswered(step) => l.fmt("engine.err.unanswered", &[("step", step)]),
            EngineError::NotADate(step) => l.fmt("engine.err.not_a_date", &[("step", step)]),
            EngineError::BadDate { input } => l.fmt("wizard.date_bad", &[("input", input)]),
        }
    }
}

/// Answers and ticks, by id: what an action set aside or brought back, or
/// what saved progress holds that the flow no longer has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dropped {
    /// `(question, option)` answers.
    pub answers: Vec<(String, String)>,
    /// `(step, item)` ticks.
    pub ticks: Vec<(String, String)>,
}

impl Dropped {
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.ticks.is_empty()
    }

    /// "「年龄」的回答、2 项勾选": the answers by question title, the ticks counted.
    fn describe(&self, flow: &Session, l: &Locale) -> String {
        let mut parts = Vec::new();
        for (q, _) in &self.answers {
            let title = flow.step(q).map_or(q.as_str(), |s| s.title.get(l.lang));
            parts.push(l.fmt("tui.dropped_answer", &[("step", &title)]));
        }
        if !self.ticks.is_empty() {
            parts.push(l.fmt("tui.dropped_ticks", &[("n", &self.ticks.len())]));
        }
        parts.join(l.t("tui.list_sep"))
    }
}

/// What changing an answer did to the rest of the person's work.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Change {
    /// No longer on the route: kept, dormant, back if the answer goes back.
    pub set_aside: Dropped,
    /// Dormant answers and ticks that are on the route again.
    pub restored: Dropped,
    /// The deadlines a day just given works out to (a date question),
    /// passed ones marked: shown at once, not only on the summary.
    pub worked_out: Vec<Text>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.set_aside.is_empty() && self.restored.is_empty() && self.worked_out.is_empty()
    }

    /// The message to show, one line per kind of change (none when nothing
    /// else changed).
    pub fn messages(&self, session: &Session, l: &Locale) -> Vec<String> {
        let mut out = Vec::new();
        if !self.set_aside.is_empty() {
            let what = self.set_aside.describe(session, l);
            out.push(l.fmt("wizard.set_aside", &[("what", &what)]));
        }
        if !self.restored.is_empty() {
            let what = self.restored.describe(session, l);
            out.push(l.fmt("wizard.restored", &[("what", &what)]));
        }
        for t in &self.worked_out {
            out.push(l.fmt("wizard.worked_out", &[("text", &t.get(l.lang))]));
        }
        out
    }
}

/// Where a step on the route stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Gone through (it may be after the current step, after going back).
    Done,
    /// Before the current step but never shown (the route changed).
    Skipped,
    Current,
    Ahead,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteStep {
    pub id: String,
    pub status: Status,
    /// True when this step is on the route only because an earlier question
    /// is not answered yet and its first option was assumed.
    pub assumed: bool,
}

/// Progress through a flow: the one definition every screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Steps on the route the person has been through.
    pub done: usize,
    /// Steps on the (predicted) route.
    pub total: usize,
    /// Checklist items ticked / shown on the predicted route.
    pub ticked: usize,
    pub items: usize,
}

/// Where the person is after moving back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    /// On the previous step.
    Step,
    /// Back on the summary (was changing an answer from there).
    Summary,
    /// Already at the first step: nothing before it.
    Start,
}

/// One person working through one flow.
#[derive(Debug, Clone)]
pub struct Session {
    flow: Arc<Flow>,
    /// Step id → position in `flow.steps` (the first of duplicate ids).
    index: Arc<HashMap<String, usize>>,
    state: State,
    /// Came to a step with "change" from the summary: go back there once
    /// nothing new is left to see.
    returning: bool,
    /// Changes whenever `state` changes; unique across sessions.
    revision: u64,
}

static REVISIONS: AtomicU64 = AtomicU64::new(1);

struct Walk<'a> {
    steps: Vec<&'a Step>,
    /// Index in `steps` of the first step reached by assuming an answer.
    assumed_from: Option<usize>,
    /// The answers the walk went by: those given for questions on the
    /// route, plus (when assuming) the first option of every open question.
    answers: HashMap<&'a str, &'a str>,
}

impl Walk<'_> {
    fn items<'s>(&self, step: &'s Step) -> impl Iterator<Item = &'s Item> {
        step.items().iter().filter(|i| {
            i.when
                .as_ref()
                .is_none_or(|c| c.holds(&|q| self.answers.get(q).copied()))
        })
    }
}

impl Session {
    /// Starts a flow from its first step.
    pub fn new(flow: Arc<Flow>) -> Session {
        let mut index = HashMap::with_capacity(flow.steps.len());
        for (i, s) in flow.steps.iter().enumerate() {
            index.entry(s.id.clone()).or_insert(i);
        }
        let state = State {
            flow_id: flow.id.clone(),
            ..State::default()
        };
        let mut session = Session {
            flow,
            index: Arc::new(index),
            state,
            returning: false,
            revision: 0,
        };
        session.state.current = session.determined().first().map(|s| s.id.clone());
        session.bump();
        session
    }

    /// Continues from saved state. Nothing is deleted: answers and ticks the
    /// flow no longer has (it may have been edited since) are kept, dormant,
    /// and returned so the person can be told; they count again if the
    /// step, option or item comes back. The current step moves to the end of
    /// the route when it is no longer on it.
    pub fn resume(flow: Arc<Flow>, mut state: State) -> (Session, Dropped) {
        state.flow_id = flow.id.clone();
        let mut session = Session::new(flow);
        let mut unknown = Dropped::default();
        for (q, o) in &state.answers {
            let known = session.step(q).is_some_and(|s| {
                s.option(o).is_some() || (s.is_date() && crate::date::Date::parse(o).is_some())
            });
            if !known {
                unknown.answers.push((q.clone(), o.clone()));
            }
        }
        for (step, items) in &state.ticks {
            let s = session.step(step);
            for i in items {
                if !s.is_some_and(|s| s.items().iter().any(|it| it.id == *i)) {
                    unknown.ticks.push((step.clone(), i.clone()));
                }
            }
        }
        state.ticks.retain(|_, items| !items.is_empty());
        session.state = state;
        if session.state.seen.is_empty() {
            // Saved before steps seen were recorded: the steps before the
            // current one were gone through.
            let route = session.determined_ids();
            let upto = match &session.state.current {
                None => route.len(),
                Some(c) => route.iter().position(|s| s == c).unwrap_or(0),
            };
            session.state.seen = route.into_iter().take(upto).collect();
        }
        let route = session.determined_ids();
        let on_route = session
            .state
            .current
            .as_ref()
            .is_some_and(|c| route.contains(c));
        let open = session.open_question().is_some();
        if !on_route && (session.state.current.is_some() || open) {
            session.state.current = route.last().cloned();
        }
        session.bump();
        (session, unknown)
    }

    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    pub fn shared_flow(&self) -> Arc<Flow> {
        Arc::clone(&self.flow)
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// A number that changes whenever the saved state changes (and differs
    /// between sessions): compare it to know whether to save.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A step of the flow by id (through the session's index).
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.index.get(id).map(|&i| &self.flow.steps[i])
    }

    /// The step on screen, or `None` when the flow is finished.
    pub fn current(&self) -> Option<&Step> {
        self.state.current.as_deref().and_then(|id| self.step(id))
    }

    pub fn is_finished(&self) -> bool {
        self.state.current.is_none()
    }

    /// True after "change" from the summary, until back there.
    pub fn is_returning(&self) -> bool {
        self.returning
    }

    /// The option saved for a question (dormant or not).
    pub fn answer_of(&self, question: &str) -> Option<&str> {
        self.state.answers.get(question).map(String::as_str)
    }

    pub fn is_ticked(&self, step: &str, item: &str) -> bool {
        self.state.ticks.get(step).is_some_and(|t| t.contains(item))
    }

    /// Answers a question on the route (the current one, or an earlier one to
    /// change it). Nothing is lost: what the new answer takes off the route
    /// is kept, dormant, and what it brings back counts again; both are
    /// returned. Does not move on: see [`Session::choose`].
    pub fn answer(&mut self, question: &str, option: &str) -> Result<Change, EngineError> {
        let step = self.step_checked(question)?;
        if !step.is_question() {
            return Err(EngineError::NotAQuestion(question.into()));
        }
        if step.option(option).is_none() {
            return Err(EngineError::UnknownOption {
                step: question.into(),
                option: option.into(),
                valid: ids(step.options().iter().map(|o| o.id.as_str())),
            });
        }
        if !self.determined().iter().any(|s| s.id == question) {
            return Err(EngineError::NotOnRoute(question.into()));
        }
        let before = self.active();
        self.state.answers.insert(question.into(), option.into());
        self.state.seen.insert(question.into());
        let after = self.active();
        let change = Change {
            set_aside: difference(&before, &after, question),
            restored: difference(&after, &before, question),
            worked_out: Vec::new(),
        };
        let route = self.determined_ids();
        if let Some(c) = &self.state.current
            && !route.contains(c)
        {
            self.state.current = Some(question.into());
        }
        if self.state.current.is_none() && self.open_question().is_some() {
            // A finished flow whose changed answer opens a new question.
            self.state.current = self.open_question().map(|s| s.id.clone());
        }
        self.bump();
        Ok(change)
    }

    /// Answers the current question and continues: to the next step, or,
    /// when changing an answer from the summary, to the first step the
    /// change brought that was never shown, else back to the summary.
    pub fn choose(&mut self, option: &str) -> Result<Change, EngineError> {
        let current = self
            .state
            .current
            .clone()
            .ok_or_else(|| EngineError::NotAQuestion("end".into()))?;
        let change = self.answer(&current, option)?;
        self.advance()?;
        Ok(change)
    }

    /// Ticks or unticks a checklist item; returns whether it is now ticked.
    pub fn toggle(&mut self, step: &str, item: &str) -> Result<bool, EngineError> {
        let s = self.step_checked(step)?;
        if !matches!(s.kind, StepKind::Checklist { .. }) {
            return Err(EngineError::NotAChecklist(step.into()));
        }
        if !s.items().iter().any(|i| i.id == item) {
            return Err(EngineError::UnknownItem {
                step: step.into(),
                item: item.into(),
                valid: ids(s.items().iter().map(|i| i.id.as_str())),
            });
        }
        let set = self.state.ticks.entry(step.into()).or_default();
        let now = if set.remove(item) {
            false
        } else {
            set.insert(item.into());
            true
        };
        if set.is_empty() {
            self.state.ticks.remove(step);
        }
        self.bump();
        Ok(now)
    }

    /// Ticks several items of a step at once (plain mode's `1 3`); unticks
    /// them all when every one was ticked already. Returns whether they are
    /// now ticked.
    pub fn toggle_many(&mut self, step: &str, items: &[&str]) -> Result<bool, EngineError> {
        let all_ticked = items.iter().all(|i| self.is_ticked(step, i));
        for item in items {
            if self.is_ticked(step, item) == all_ticked {
                self.toggle(step, item)?;
            }
        }
        Ok(!all_ticked)
    }

    /// Continues from the current step (a question must be answered): to
    /// the next step on the route, or to the summary after the last one.
    /// When changing an answer from the summary, goes to the first step on
    /// the route that was never shown, else back to the summary.
    pub fn advance(&mut self) -> Result<(), EngineError> {
        let Some(current) = self.state.current.clone() else {
            return Ok(());
        };
        let step = self.step_checked(&current)?;
        if step.is_question() && self.walk_answer(step).is_none() {
            return Err(EngineError::Unanswered(current));
        }
        self.state.seen.insert(current.clone());
        let route = self.determined_ids();
        if self.returning {
            let unseen = route
                .iter()
                .find(|s| !self.state.seen.contains(*s))
                .cloned();
            let open = self.open_question().map(|s| s.id.clone());
            self.state.current = unseen.or(open);
            if self.state.current.is_none() {
                self.returning = false;
            }
        } else {
            let pos = route.iter().position(|s| *s == current);
            self.state.current = match pos {
                Some(i) => route.get(i + 1).cloned(),
                None => route.last().cloned(),
            };
        }
        self.bump();
        Ok(())
    }

    /// Goes back one step on the route, keeping every answer and tick. From
    /// the summary, goes to the last step. While changing an answer from the
    /// summary, goes back to the summary (or to a question the change opened,
    /// which must be answered first).
    pub fn back(&mut self) -> Back {
        if self.returning {
            self.returning = false;
            match self.open_question().map(|s| s.id.clone()) {
                Some(q) if self.state.current.as_ref() != Some(&q) => {
                    self.state.current = Some(q);
                    self.bump();
                    return Back::Step;
                }
                Some(_) => {}
                None => {
                    self.state.current = None;
                    self.bump();
                    return Back::Summary;
                }
            }
        }
        let route = self.determined_ids();
        let moved = match &self.state.current {
            None => {
                self.state.current = route.last().cloned();
                if self.state.current.is_some() {
                    Back::Step
                } else {
                    Back::Start
                }
            }
            Some(c) => match route.iter().position(|s| s == c) {
                Some(i) if i > 0 => {
                    self.state.current = Some(route[i - 1].clone());
                    Back::Step
                }
                _ => Back::Start,
            },
        };
        self.bump();
        moved
    }

    /// From the summary: change the answer to `question`. Goes to it (or,
    /// when it is beyond a question still open, to that one); choosing then
    /// comes back to the summary unless the change brings steps never seen.
    pub fn change(&mut self, question: &str) -> Result<(), EngineError> {
        let open = self.open_question().map(|s| s.id.clone());
        if self.goto(question).is_err() {
            match open {
                Some(o) => self.goto(&o)?,
                None => return self.goto(question),
            }
        }
        self.returning = true;
        Ok(())
    }

    /// Leaves the summary for the steps: a finished flow goes to its last
    /// step; an unfinished one stays where it was.
    pub fn leave_summary(&mut self) {
        self.returning = false;
        if self.is_finished() {
            self.back();
        }
    }

    /// Jumps to a step already on the route.
    pub fn goto(&mut self, step: &str) -> Result<(), EngineError> {
        self.step_checked(step)?;
        if !self.determined().iter().any(|s| s.id == step) {
            return Err(EngineError::NotOnRoute(step.into()));
        }
        self.state.current = Some(step.into());
        self.bump();
        Ok(())
    }

    /// Forgets every answer and tick (dormant ones too) and starts over:
    /// the one action that deletes.
    pub fn restart(&mut self) {
        *self = Session::new(Arc::clone(&self.flow));
    }

    /// Every complete set of answers from here: each option of each open
    /// question in turn, depth first, at most `cap` sessions (for checking
    /// every route of a flow: tests, the notice's layout check).
    pub fn routes(self, cap: usize) -> Vec<Session> {
        fn walk(s: Session, cap: usize, out: &mut Vec<Session>) {
            if out.len() >= cap {
                return;
            }
            let Some(q) = s.open_question() else {
                out.push(s);
                return;
            };
            let id = q.id.clone();
            let options: Vec<String> = q.options().iter().map(|o| o.id.clone()).collect();
            for o in options {
                let mut next = s.clone();
                if next.answer(&id, &o).is_ok() {
                    walk(next, cap, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self, cap, &mut out);
        out
    }

    /// The first question on the route that still needs an answer.
    pub fn open_question(&self) -> Option<&Step> {
        self.determined()
            .last()
            .copied()
            .filter(|s| s.is_question() && self.walk_answer(s).is_none())
    }

    /// The route: done, skipped, current and the steps ahead given the
    /// answers so far (assuming the first option where a question is open).
    pub fn route(&self) -> Vec<RouteStep> {
        let walk = self.walk(true);
        let cur = self.position(&walk);
        walk.steps
            .iter()
            .enumerate()
            .map(|(i, s)| RouteStep {
                id: s.id.clone(),
                status: if i == cur {
                    Status::Current
                } else if self.state.seen.contains(&s.id) {
                    Status::Done
                } else if i < cur {
                    Status::Skipped
                } else {
                    Status::Ahead
                },
                assumed: walk.assumed_from.is_some_and(|a| i >= a),
            })
            .collect()
    }

    /// The steps of the predicted route, in order.
    pub fn route_steps(&self) -> Vec<&Step> {
        self.walk(true).steps
    }

    /// Steps done on the route / steps on the route, and the ticks.
    pub fn progress(&self) -> Progress {
        let walk = self.walk(true);
        let done = walk
            .steps
            .iter()
            .filter(|s| self.state.seen.contains(&s.id))
            .count();
        let (mut ticked, mut items) = (0, 0);
        for s in &walk.steps {
            for i in walk.items(s) {
                items += 1;
                ticked += usize::from(self.is_ticked(&s.id, &i.id));
            }
        }
        Progress {
            done,
            total: walk.steps.len(),
            ticked,
            items,
        }
    }

    /// The items of a checklist step whose `when` holds.
    pub fn visible_items<'s>(&self, step: &'s Step) -> Vec<&'s Item> {
        self.walk(true).items(step).collect()
    }

    /// The visible items of each of `steps`, from one walk of the route
    /// (calling [`Session::visible_items`] per step walks it each time).
    pub fn items_of<'s>(&self, steps: &[&'s Step]) -> Vec<Vec<&'s Item>> {
        let walk = self.walk(true);
        steps.iter().map(|s| walk.items(s).collect()).collect()
    }

    /// The questions answered on the route, in order: `(question, option)`.
    pub fn answered(&self) -> Vec<(&Step, &str)> {
        self.determined()
            .into_iter()
            .filter_map(|s| self.walk_answer(s).map(|o| (s, o.id.as_str())))
            .collect()
    }

    // ---- internals ----

    fn bump(&mut self) {
        self.revision = REVISIONS.fetch_add(1, Ordering::Relaxed);
    }

    /// The current step's place on a walk (its length once finished).
    fn position(&self, walk: &Walk) -> usize {
        match &self.state.current {
            Some(c) => walk
                .steps
                .iter()
                .position(|s| s.id == *c)
                .unwrap_or(walk.steps.len()),
            None => walk.steps.len(),
        }
    }

    fn step_checked(&self, id: &str) -> Result<&Step, EngineError> {
        self.step(id).ok_or_else(|| EngineError::UnknownStep {
            step: id.into(),
            valid: ids(self.flow.steps.iter().map(|s| s.id.as_str())),
        })
    }

    /// The option saved for a question, if the question still has it.
    fn walk_answer<'s>(&self, step: &'s Step) -> Option<&'s Choice> {
        self.answer_of(&step.id).and_then(|o| step.option(o))
    }

    /// Where a step leads when `choice` is picked; `None` ends the flow.
    fn successor(&self, step: &Step, choice: Option<&Choice>) -> Option<&Step> {
        let explicit = choice
            .and_then(|c| c.next.as_deref())
            .or(step.next.as_deref());
        match explicit {
            Some(END) => None,
            Some(id) => self.step(id),
            None => {
                let i = *self.index.get(&step.id)?;
                self.flow.steps.get(i + 1)
            }
        }
    }

    fn determined(&self) -> Vec<&Step> {
        self.walk(false).steps
    }

    pub(crate) fn determined_ids(&self) -> Vec<String> {
        self.determined().iter().map(|s| s.id.clone()).collect()
    }

    fn walk(&self, assume: bool) -> Walk<'_> {
        let mut answers: HashMap<&str, &str> = HashMap::new();
        let mut steps = Vec::new();
        let mut assumed_from = None;
        let mut visited = HashSet::new();
        let mut at = self.flow.start_id().and_then(|id| self.step(id));
        while let Some(step) = at {
            if !visited.insert(step.id.as_str()) {
                break; // a loop; validation rejects these
            }
            let active = step
                .when
                .as_ref()
                .is_none_or(|c| c.holds(&|q| answers.get(q).copied()));
            if !active {
                at = self.successor(step, None);
                continue;
            }
            steps.push(step);
            let choice = if step.is_question() {
                match self.walk_answer(step) {
                    Some(c) => {
                        answers.insert(step.id.as_str(), c.id.as_str());
                        Some(c)
                    }
                    None if assume => {
                        let first = step.options().first();
                        if let Some(f) = first {
                            answers.insert(step.id.as_str(), f.id.as_str());
                            assumed_from.get_or_insert(steps.len());
                        }
                        first
                    }
                    None => break,
                }
            } else {
                None
            };
            at = self.successor(step, choice);
        }
        Walk {
            steps,
            assumed_from,
            answers,
        }
    }

    /// The answers and ticks that count now: given answers of questions on
    /// the predicted route, and ticks of items shown on it.
    fn active(&self) -> Active {
        let walk = self.walk(true);
        let mut answers = BTreeSet::new();
        let mut ticks = BTreeSet::new();
        for s in &walk.steps {
            if let Some(o) = self.walk_answer(s) {
                answers.insert((s.id.clone(), o.id.clone()));
            }
            if let Some(t) = self.state.ticks.get(&s.id) {
                for i in walk.items(s) {
                    if t.contains(&i.id) {
                        ticks.insert((s.id.clone(), i.id.clone()));
                    }
                }
            }
        }
        (answers, ticks)
    }
}

type Active = (BTreeSet<(String, String)>, BTreeSet<(String, String)>);

/// What `a` has that `b` has not, leaving out the question just answered.
fn difference(a: &Active, b: &Active, question: &str) -> Dropped {
    Dropped {
        answers: a
            .0
            .difference(&b.0)
            .filter(|(q, _)| q != question)
            .cloned()
            .collect(),
        ticks: a.1.difference(&b.1).cloned().collect(),
    }
}

fn ids<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_region;
