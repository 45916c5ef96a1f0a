//! Date questions: the day a person gives ("你哪天领到新卡？"), kept as
//! `YYYY-MM-DD` among the answers, and the deadlines worked out from it
//! ("请在 2027年6月3日 前激活"). Where the period is disputed (`3m..6m`), the
//! deadline is a range followed by the flow's plain statement.

use super::{EngineError, Session};
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

    /// The deadlines worked out from a date question's answer, in both
    /// languages; empty until a day is given.
    pub fn deadlines_of(&self, step: &Step) -> Vec<Text> {
        let Some(date) = self.date_of(&step.id) else {
            return Vec::new();
        };
        step.derived()
            .iter()
            .filter_map(|d| worked_out(d, date))
            .collect()
    }
}

/// One deadline's text with the day (or the range of days) in it.
fn worked_out(d: &Derived, date: Date) -> Option<Text> {
    let after = After::parse(&d.after)?;
    let text = |lang: Lang| {
        let day = match after.to {
            None => date.plus(after.from).spoken(lang),
            Some(to) => Locale::get(lang).fmt(
                "wizard.range",
                &[
                    ("from", &date.plus(after.from).spoken(lang)),
                    ("to", &date.plus(to).spoken(lang)),
                ],
            ),
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
