//! `STEP=OPTION` answers given all at once (`banshi print --answer`):
//! checked against the flow, then applied in route order through
//! [`Session::answer`], the same rules as answering one by one.

use std::sync::Arc;

use thiserror::Error;

use super::{EngineError, Session};
use crate::date::Date;
use crate::flow::{Flow, Step};

/// Why a set of answers cannot be applied; each names the valid choices.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AnswerError {
    #[error("--answer {q}={o}: \"{flow}\" has no step \"{q}\"; its questions are: {questions}")]
    NoStep {
        flow: String,
        q: String,
        o: String,
        questions: String,
    },
    #[error("--answer {q}={o}: step \"{q}\" is not a question; the questions are: {questions}")]
    NotAQuestion {
        q: String,
        o: String,
        questions: String,
    },
    #[error("--answer {q}={o}: \"{q}\" has no option \"{o}\"; its options are: {options}")]
    NoOption {
        q: String,
        o: String,
        options: String,
    },
    #[error("--answer {q}=...: \"{q}\" is answered more than once")]
    Twice { q: String },
    #[error(
        "--answer {q}={o}: the route these answers take does not reach \"{q}\"; the questions on it are: {questions}"
    )]
    NotReached {
        q: String,
        o: String,
        questions: String,
    },
    #[error("--answer {q}={o}: \"{o}\" is not a date; write it as 2026-12-03")]
    BadDate { q: String, o: String },
    #[error("{0}")]
    Engine(#[from] EngineError),
}

impl AnswerError {
    /// The message in `lang` (the `Display` text is English, for logs).
    pub fn message(&self, lang: crate::flow::Lang) -> String {
        let l = crate::locale::Locale::get(lang);
        match self {
            AnswerError::NoStep {
                flow,
                q,
                o,
                questions,
            } => l.fmt(
                "answer.err.no_step",
                &[("flow", flow), ("q", q), ("o", o), ("questions", questions)],
            ),
            AnswerError::NotAQuestion { q, o, questions } => l.fmt(
                "answer.err.not_a_question",
                &[("q", q), ("o", o), ("questions", questions)],
            ),
            AnswerError::NoOption { q, o, options } => l.fmt(
                "answer.err.no_option",
                &[("q", q), ("o", o), ("options", options)],
            ),
            AnswerError::Twice { q } => l.fmt("answer.err.twice", &[("q", q)]),
            AnswerError::NotReached { q, o, questions } => l.fmt(
                "answer.err.not_reached",
                &[("q", q), ("o", o), ("questions", questions)],
            ),
            AnswerError::BadDate { q, o } => l.fmt("answer.err.bad_date", &[("q", q), ("o", o)]),
            AnswerError::Engine(e) => e.message(lang),
        }
    }
}

fn question_ids<'a>(steps: impl IntoIterator<Item = &'a Step>) -> String {
    steps
        .into_iter()
        .filter(|s| s.is_question())
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Applies `STEP=OPTION` answers in route order (answer, then the next open
/// question), whatever order they were given in. When a later question is
/// given but an earlier one on the way is not, the earlier one gets its first
/// option; those questions are returned as assumed. A date question takes
/// a day (`got-card=2026-12-03`; `today` is relative to `today`).
pub fn apply_answers(
    flow: Arc<Flow>,
    answers: &[(String, String)],
    today: Date,
) -> Result<(Session, Vec<String>), AnswerError> {
    let mut session = Session::new(flow);
    let mut given = std::collections::HashSet::new();
    for (q, o) in answers {
        let Some(step) = session.step(q) else {
            return Err(AnswerError::NoStep {
                flow: session.flow().id.clone(),
                q: q.clone(),
                o: o.clone(),
                questions: question_ids(&session.flow().steps),
            });
        };
        if step.is_date() {
            if !given.insert(q.as_str()) {
                return Err(AnswerError::Twice { q: q.clone() });
            }
            continue;
        }
        if !step.is_question() {
            return Err(AnswerError::NotAQuestion {
                q: q.clone(),
                o: o.clone(),
                questions: question_ids(&session.flow().steps),
            });
        }
        if step.option(o).is_none() {
            return Err(AnswerError::NoOption {
                q: q.clone(),
                o: o.clone(),
                options: step
                    .options()
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        if !given.insert(q.as_str()) {
            return Err(AnswerError::Twice { q: q.clone() });
        }
    }

    let (dates, questions): (Vec<_>, Vec<_>) = answers
        .iter()
        .cloned()
        .partition(|(q, _)| session.step(q).is_some_and(Step::is_date));
    for (q, o) in dates {
        session
            .set_date(&q, &o, today)
            .map_err(|_| AnswerError::BadDate { q, o })?;
    }
    let mut pending: Vec<(String, String)> = questions;
    let mut assumed = Vec::new();
    while !pending.is_empty() {
        let Some(open) = session.open_question().map(|s| s.id.clone()) else {
            break;
        };
        let option = match pending.iter().position(|(q, _)| *q == open) {
            Some(i) => pending.remove(i).1,
            None => {
                let ahead: std::collections::HashSet<&str> = session
                    .route_steps()
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect();
                if !pending.iter().any(|(q, _)| ahead.contains(q.as_str())) {
                    break;
                }
                let first = session
                    .open_question()
                    .and_then(|s| s.options().first())
                    .map(|c| c.id.clone())
                    .ok_or(EngineError::Unanswered(open.clone()))?;
                assumed.push(open.clone());
                first
            }
        };
        session.answer(&open, &option)?;
    }
    if let Some((q, o)) = pending.first() {
        return Err(AnswerError::NotReached {
            q: q.clone(),
            o: o.clone(),
            questions: question_ids(session.route_steps()),
        });
    }
    Ok((session, assumed))
}
