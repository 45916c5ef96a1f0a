//! Date questions: the day a person gives ("你哪天领到新卡？"), kept as
//! `YYYY-MM-DD` among the answers, and the deadlines worked out from it
//! ("请在 2027年6月3日 前激活"). Where the period is disputed (`3m..6m`), the
//! deadline is a range followed by the flow's plain statement.
//!
//! A worked-out day before today says so where it stands ("请在 2026年7月1日
//! （已过） 前激活"): a single day when it is before today; a range after its
//! last day when the whole range is past, else after its first day when only
//! that one is. A day equal to today has not passed.

use super::{Change, EngineError, Session};
use crate::date::{After, Date};
use crate::flow::{Derived, Lang, Step, Text};
use crate::locale::Locale;

impl Session {
    /// The day given at a date question, if any.
    pub fn date_of(&self, step: &str) -> Option<Date> {
        self.step(step)
            .filter(|s| s.is_date())
            .and_then(|_| self.answer_of(step))
            .and_then(Date::parse)
    }

    /// Takes the day typed at a date question (`2026-12-03`, `2026/12/3`,
    /// `12月3日`, `今天`, `昨天`, `today`, `yesterday`), relative to `today`.
    /// Does not move on.
    pub fn set_date(&mut self, step: &str, input: &str, today: Date) -> Result<Date, EngineError> {
        let s = self.step_checked(step)?;
        if !s.is_date() {
            return Err(EngineError::NotADate(step.into()));
        }
        let date = Date::parse_typed(input, today).ok_or_else(|| EngineError::BadDate {
            input: input.trim().chars().take(40).collect(),
        })?;
        self.state.answers.insert(step.into(), date.to_string());
        self.bump();
        Ok(date)
    }

    /// Takes the day typed at the current step, a date question, and
    /// continues as [`Session::advance`] does. Empty input continues
    /// without a (new) day. The returned change carries the deadlines the
    /// day works out to, so the person sees them at once; nothing moves
    /// when the day cannot be read.
    pub fn enter_date(&mut self, input: &str, today: Date) -> Result<Change, EngineError> {
        let step = self
            .current()
            .ok_or_else(|| EngineError::NotADate("end".into()))?
            .clone();
        if !step.is_date() {
            return Err(EngineError::NotADate(step.id));
        }
        let mut change = Change::default();
        if !input.trim().is_empty() {
            self.set_date(&step.id, input, today)?;
            change.worked_out = self.deadlines_of(&step, today);
        }
        self.advance()?;
        Ok(change)
    }

    /// The deadlines worked out from a date question's answer, in both
    /// languages, each day before `today` marked as passed; empty until a
    /// day is given.
    pub fn deadlines_of(&self, step: &Step, today: Date) -> Vec<Text> {
        let Some(date) = self.date_of(&step.id) else {
            return Vec::new();
        };
        step.derived()
            .iter()
            .filter_map(|d| worked_out(d, date, today))
            .collect()
    }
}

/// How much of a worked-out deadline (a day, or a range of days) lies
/// before today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    /// Today or later (a range: its first day is today or later).
    No,
    /// A range whose first day is past and last day is not.
    Start,
    /// The day, or every day of the range, is before today.
    All,
}

impl Passed {
    /// From `from` (to `to`, for a range) against `today`.
    pub fn of(from: Date, to: Option<Date>, today: Date) -> Passed {
        match to {
            _ if from >= today => Passed::No,
            Some(to) if to >= today => Passed::Start,
            _ => Passed::All,
        }
    }
}

/// One deadline's text with the day (or the range of days) in it.
fn worked_out(d: &Derived, date: Date, today: Date) -> Option<Text> {
    let after = After::parse(&d.after)?;
    let (from, to) = (date.plus(after.from), after.to.map(|p| date.plus(p)));
    let passed = Passed::of(from, to, today);
    let text = |lang: Lang| {
        let l = Locale::get(lang);
        // "（已过）" after what has passed: the day, the range, or its start.
        let mark = |text: String, passed: bool| {
            if passed {
                text + l.t("wizard.passed")
            } else {
                text
            }
        };
        let day = match to {
            None => mark(from.spoken(lang), passed == Passed::All),
            Some(to) => {
                let from = mark(from.spoken(lang), passed == Passed::Start);
                let range = l.fmt("wizard.range", &[("from", &from), ("to", &to.spoken(lang))]);
                mark(range, passed == Passed::All)
            }
        };
        let mut t = d.text.get(lang).replace("{date}", &day);
        if let Some(n) = &d.note {
            // Chinese full stops carry their own space.
            if !t.ends_with(['。', '！', '？', '；', '）']) {
                t.push(' ');
            }
            t.push_str(n.get(lang));
        }
        t
    };
    Some(Text::new(text(Lang::ZhCn), text(Lang::En)))
}
