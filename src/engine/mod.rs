//! The wizard as a pure state machine: answers, the current step, back,
//! ticks, the route ahead and the derived list of materials to bring.
//!
//! No terminal, no files. A [`Session`] pairs a flow with a serialisable
//! [`State`]; every operation refers to steps, options and items by id.
//!
//! The *route* is derived, never stored: walk from the start, skip steps whose
//! `when` does not hold, follow each answered question's option. It stops at
//! the first unanswered question (the *determined* route) or, for the
//! *predicted* route, assumes the first option of each unanswered question.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::flow::{Flow, Item, Place, Step, StepKind, Text};

/// Everything that is saved about one person's progress in one flow.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct State {
    pub flow_id: String,
    /// Question step id → chosen option id.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// Checklist step id → ticked item ids.
    #[serde(default)]
    pub ticks: BTreeMap<String, BTreeSet<String>>,
    /// The step on screen; `None` once the flow is finished (the summary).
    #[serde(default)]
    pub current: Option<String>,
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
}

/// What an answer change or a reconciliation threw away because it no longer applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dropped {
    /// `(question, option)` answers that no longer apply.
    pub answers: Vec<(String, String)>,
    /// `(step, item)` ticks that no longer apply.
    pub ticks: Vec<(String, String)>,
}

impl Dropped {
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.ticks.is_empty()
    }
}

/// Where a step on the route stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Done,
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

/// Progress through a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Steps before the current one (all of them once finished).
    pub done: usize,
    /// Steps on the predicted route.
    pub total: usize,
    /// Checklist items ticked / shown on the predicted route.
    pub ticked: usize,
    pub items: usize,
}

/// A material to bring, merged across every step that asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialNeed {
    pub id: String,
    pub label: Text,
    pub note: Option<Text>,
    /// Originals: the most any one step asks for (one original serves every visit).
    pub originals: u32,
    /// Copies: added up (each place keeps its own).
    pub copies: u32,
    /// Required if any step requires it.
    pub required: bool,
    /// Where it is used, in route order, without repeats.
    pub places: Vec<Place>,
    /// The steps that ask for it, in route order.
    pub steps: Vec<String>,
    /// Ticked in every step that asks for it.
    pub ticked: bool,
}

/// One person working through one flow.
#[derive(Debug, Clone)]
pub struct Session {
    flow: Arc<Flow>,
    state: State,
}

struct Walk<'a> {
    steps: Vec<&'a Step>,
    /// Index in `steps` of the first step reached by assuming an answer.
    assumed_from: Option<usize>,
    /// The answers the walk went by: those given, plus (when assuming) the
    /// first option of every open question on the route.
    answers: BTreeMap<&'a str, &'a str>,
}

impl Session {
    /// Starts a flow from its first step.
    pub fn new(flow: Arc<Flow>) -> Session {
        let state = State {
            flow_id: flow.id.clone(),
            current: flow.start_id().map(str::to_string),
            ..State::default()
        };
        let mut session = Session { flow, state };
        session.state.current = session.determined().first().map(|s| s.id.clone());
        session
    }

    /// Continues from saved state, dropping whatever no longer fits the flow
    /// (it may have been edited since): unknown steps, options and items, and
    /// answers or ticks off the route.
    pub fn resume(flow: Arc<Flow>, mut state: State) -> (Session, Dropped) {
        let mut dropped = Dropped::default();
        state.flow_id = flow.id.clone();
        state.answers.retain(|q, o| {
            let ok = flow.step(q).is_some_and(|s| s.option(o).is_some());
            if !ok {
                dropped.answers.push((q.clone(), o.clone()));
            }
            ok
        });
        for (step, items) in state.ticks.iter_mut() {
            let known: HashSet<&str> = flow
                .step(step)
                .map(|s| s.items().iter().map(|i| i.id.as_str()).collect())
                .unwrap_or_default();
            items.retain(|i| {
                let ok = known.contains(i.as_str());
                if !ok {
                    dropped.ticks.push((step.clone(), i.clone()));
                }
                ok
            });
        }
        state.ticks.retain(|_, items| !items.is_empty());
        let mut session = Session { flow, state };
        let more = session.prune();
        dropped.answers.extend(more.answers);
        dropped.ticks.extend(more.ticks);
        let route = session.determined_ids();
        let on_route = session
            .state
            .current
            .as_ref()
            .is_some_and(|c| route.contains(c));
        let open_question = session.open_question().map(|s| s.id.clone());
        if !on_route && (session.state.current.is_some() || open_question.is_some()) {
            session.state.current = route.last().cloned();
        }
        (session, dropped)
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

    /// The step on screen, or `None` when the flow is finished.
    pub fn current(&self) -> Option<&Step> {
        self.state
            .current
            .as_deref()
            .and_then(|id| self.flow.step(id))
    }

    pub fn is_finished(&self) -> bool {
        self.state.current.is_none()
    }

    pub fn answer_of(&self, question: &str) -> Option<&str> {
        self.state.answers.get(question).map(String::as_str)
    }

    pub fn is_ticked(&self, step: &str, item: &str) -> bool {
        self.state.ticks.get(step).is_some_and(|t| t.contains(item))
    }

    /// Answers a question on the route (the current one, or an earlier one to
    /// change it). Answers and ticks that no longer apply are dropped and
    /// returned; the rest are kept. Does not move on: call [`Session::advance`].
    pub fn answer(&mut self, question: &str, option: &str) -> Result<Dropped, EngineError> {
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
        if !self.determined_ids().iter().any(|s| s == question) {
            return Err(EngineError::NotOnRoute(question.into()));
        }
        self.state.answers.insert(question.into(), option.into());
        let dropped = self.prune();
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
        Ok(dropped)
    }

    /// Answers the current question and moves on.
    pub fn choose(&mut self, option: &str) -> Result<Dropped, EngineError> {
        let current = self
            .state
            .current
            .clone()
            .ok_or_else(|| EngineError::NotAQuestion("end".into()))?;
        let dropped = self.answer(&current, option)?;
        self.advance()?;
        Ok(dropped)
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
        Ok(now)
    }

    /// Moves to the next step on the route, or finishes the flow.
    pub fn advance(&mut self) -> Result<(), EngineError> {
        let Some(current) = self.state.current.clone() else {
            return Ok(());
        };
        let step = self.step_checked(&current)?;
        if step.is_question() && self.answer_of(&current).is_none() {
            return Err(EngineError::Unanswered(current));
        }
        let route = self.determined_ids();
        let pos = route.iter().position(|s| *s == current);
        self.state.current = match pos {
            Some(i) => route.get(i + 1).cloned(),
            None => route.last().cloned(),
        };
        Ok(())
    }

    /// Goes back one step on the route, keeping every answer. From the
    /// summary, goes to the last step. Returns false at the first step.
    pub fn back(&mut self) -> bool {
        let route = self.determined_ids();
        match &self.state.current {
            None => {
                self.state.current = route.last().cloned();
                self.state.current.is_some()
            }
            Some(c) => match route.iter().position(|s| s == c) {
                Some(i) if i > 0 => {
                    self.state.current = Some(route[i - 1].clone());
                    true
                }
                _ => false,
            },
        }
    }

    /// Jumps to a step already on the route (e.g. "change" from the summary).
    pub fn goto(&mut self, step: &str) -> Result<(), EngineError> {
        self.step_checked(step)?;
        if !self.determined_ids().iter().any(|s| s == step) {
            return Err(EngineError::NotOnRoute(step.into()));
        }
        self.state.current = Some(step.into());
        Ok(())
    }

    /// After changing an answer from the summary ("check your answers"):
    /// goes to the first question the change opened, if any, and returns
    /// false; otherwise finishes again and returns true.
    pub fn return_to_summary(&mut self) -> bool {
        match self.open_question().map(|s| s.id.clone()) {
            Some(q) => {
                self.state.current = Some(q);
                false
            }
            None => {
                self.state.current = None;
                true
            }
        }
    }

    /// Forgets every answer and tick and starts over.
    pub fn restart(&mut self) {
        *self = Session::new(Arc::clone(&self.flow));
    }

    /// The first question on the route that still needs an answer.
    pub fn open_question(&self) -> Option<&Step> {
        self.determined()
            .last()
            .copied()
            .filter(|s| s.is_question() && self.answer_of(&s.id).is_none())
    }

    /// The route: done, current and the steps ahead given the answers so far
    /// (assuming the first option where a question is still open).
    pub fn route(&self) -> Vec<RouteStep> {
        let walk = self.walk(true);
        let cur = match &self.state.current {
            Some(c) => walk.steps.iter().position(|s| s.id == *c),
            None => Some(walk.steps.len()),
        };
        walk.steps
            .iter()
            .enumerate()
            .map(|(i, s)| RouteStep {
                id: s.id.clone(),
                status: match cur {
                    Some(c) if i < c => Status::Done,
                    Some(c) if i == c => Status::Current,
                    _ => Status::Ahead,
                },
                assumed: walk.assumed_from.is_some_and(|a| i >= a),
            })
            .collect()
    }

    /// The steps of the predicted route, in order.
    pub fn route_steps(&self) -> Vec<&Step> {
        self.walk(true).steps
    }

    pub fn progress(&self) -> Progress {
        let walk = self.walk(true);
        let steps = &walk.steps;
        let total = steps.len();
        let done = match &self.state.current {
            None => total,
            Some(c) => steps.iter().position(|s| s.id == *c).unwrap_or(0),
        };
        let (mut ticked, mut items) = (0, 0);
        for s in steps {
            for i in shown_items(s, &walk.answers) {
                items += 1;
                ticked += usize::from(self.is_ticked(&s.id, &i.id));
            }
        }
        Progress {
            done,
            total,
            ticked,
            items,
        }
    }

    /// The items of a checklist step whose `when` holds.
    pub fn visible_items<'s>(&self, step: &'s Step) -> Vec<&'s Item> {
        shown_items(step, &self.walk(true).answers).collect()
    }

    /// The questions answered on the route, in order: `(question, option)`.
    pub fn answered(&self) -> Vec<(&Step, &str)> {
        self.determined()
            .into_iter()
            .filter_map(|s| self.answer_of(&s.id).map(|o| (s, o)))
            .collect()
    }

    /// What to bring: every material on the predicted route whose condition
    /// holds, merged by item id across steps.
    pub fn materials(&self) -> Vec<MaterialNeed> {
        let mut out: Vec<MaterialNeed> = Vec::new();
        let walk = self.walk(true);
        for &step in &walk.steps {
            for item in shown_items(step, &walk.answers) {
                let Some(m) = &item.material else { continue };
                let ticked = self.is_ticked(&step.id, &item.id);
                match out.iter_mut().find(|n| n.id == item.id) {
                    Some(n) => {
                        n.originals = n.originals.max(m.originals);
                        n.copies += m.copies;
                        n.required |= item.required;
                        if !n.places.contains(&m.at) {
                            n.places.push(m.at);
                        }
                        n.steps.push(step.id.clone());
                        n.ticked &= ticked;
                        if n.note.is_none() {
                            n.note = item.note.clone();
                        }
                    }
                    None => out.push(MaterialNeed {
                        id: item.id.clone(),
                        label: item.label.clone(),
                        note: item.note.clone(),
                        originals: m.originals,
                        copies: m.copies,
                        required: item.required,
                        places: vec![m.at],
                        steps: vec![step.id.clone()],
                        ticked,
                    }),
                }
            }
        }
        out
    }

    // ---- internals ----

    fn step_checked(&self, id: &str) -> Result<&Step, EngineError> {
        self.flow.step(id).ok_or_else(|| EngineError::UnknownStep {
            step: id.into(),
            valid: ids(self.flow.steps.iter().map(|s| s.id.as_str())),
        })
    }

    fn determined(&self) -> Vec<&Step> {
        self.walk(false).steps
    }

    fn determined_ids(&self) -> Vec<String> {
        self.determined().iter().map(|s| s.id.clone()).collect()
    }

    fn walk(&self, assume: bool) -> Walk<'_> {
        let flow = &*self.flow;
        let mut answers: BTreeMap<&str, &str> = self
            .state
            .answers
            .iter()
            .map(|(q, o)| (q.as_str(), o.as_str()))
            .collect();
        let mut steps = Vec::new();
        let mut assumed_from = None;
        let mut seen = HashSet::new();
        let mut at = flow.start_id().and_then(|id| flow.step(id));
        while let Some(step) = at {
            if !seen.insert(step.id.as_str()) {
                break; // a loop; validation rejects these
            }
            let active = step
                .when
                .as_ref()
                .is_none_or(|c| c.holds(&|q| answers.get(q).copied()));
            if !active {
                at = flow.successor(step, None).and_then(|id| flow.step(id));
                continue;
            }
            steps.push(step);
            let choice = if step.is_question() {
                match answers.get(step.id.as_str()).and_then(|o| step.option(o)) {
                    Some(c) => Some(c),
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
            at = flow.successor(step, choice).and_then(|id| flow.step(id));
        }
        Walk {
            steps,
            assumed_from,
            answers,
        }
    }

    /// Drops answers to questions that can no longer be reached and ticks of
    /// items that no longer apply. Steps that may still come (reachable from
    /// an open question by any option) keep their answers and ticks.
    fn prune(&mut self) -> Dropped {
        let flow = Arc::clone(&self.flow);
        let determined = self.determined();
        let mut keep: HashSet<&str> = determined.iter().map(|s| s.id.as_str()).collect();
        let on_route: HashSet<&str> = keep.clone();
        if let Some(open) = self.open_question() {
            let mut stack: Vec<&Step> = vec![open];
            while let Some(s) = stack.pop() {
                let mut targets: Vec<Option<&str>> = s
                    .options()
                    .iter()
                    .map(|o| flow.successor(s, Some(o)))
                    .collect();
                targets.push(flow.successor(s, None));
                for t in targets.into_iter().flatten() {
                    if keep.insert(t)
                        && let Some(ts) = flow.step(t)
                    {
                        stack.push(ts);
                    }
                }
            }
        }
        let keep: HashSet<String> = keep.into_iter().map(str::to_string).collect();
        let on_route: HashSet<String> = on_route.into_iter().map(str::to_string).collect();
        let mut dropped = Dropped::default();
        self.state.answers.retain(|q, o| {
            let ok = keep.contains(q);
            if !ok {
                dropped.answers.push((q.clone(), o.clone()));
            }
            ok
        });
        let answers = self.state.answers.clone();
        let holds = |i: &Item| {
            i.when
                .as_ref()
                .is_none_or(|c| c.holds(&|q| answers.get(q).map(String::as_str)))
        };
        for (step, items) in self.state.ticks.iter_mut() {
            let s = flow.step(step);
            items.retain(|item| {
                let ok = keep.contains(step)
                    && (!on_route.contains(step)
                        || s.and_then(|s| s.items().iter().find(|i| i.id == *item))
                            .is_some_and(&holds));
                if !ok {
                    dropped.ticks.push((step.clone(), item.clone()));
                }
                ok
            });
        }
        self.state.ticks.retain(|_, items| !items.is_empty());
        dropped
    }
}

/// The items of `step` whose `when` holds under `answers`.
fn shown_items<'s>(
    step: &'s Step,
    answers: &BTreeMap<&str, &str>,
) -> impl Iterator<Item = &'s Item> {
    step.items().iter().filter(|i| {
        i.when
            .as_ref()
            .is_none_or(|c| c.holds(&|q| answers.get(q).copied()))
    })
}

fn ids<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests;
