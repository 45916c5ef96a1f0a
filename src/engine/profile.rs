//! The person's profile: a few facts asked once and reused by every flow:
//! 参保地 (a place id), which insurance, and whom the procedure is for.
//! Ids only, never free text.

use serde::{Deserialize, Serialize};

use crate::flow::Fact;
use crate::flow::places::Places;

/// The `region` of a person who said they are not sure where they are
/// insured: they see the national flows and are not asked again.
pub const REGION_UNSURE: &str = "unsure";

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// 参保地: a province or city id of `flows/regions/places.ron`, or
    /// [`REGION_UNSURE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// One of [`Fact::Insurance`]'s values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance: Option<String>,
    /// One of [`Fact::ForWhom`]'s values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_whom: Option<String>,
}

impl Profile {
    pub fn is_empty(&self) -> bool {
        *self == Profile::default()
    }

    pub fn get(&self, fact: Fact) -> Option<&str> {
        match fact {
            Fact::Insurance => self.insurance.as_deref(),
            Fact::ForWhom => self.for_whom.as_deref(),
        }
    }

    pub fn set(&mut self, fact: Fact, value: Option<String>) {
        match fact {
            Fact::Insurance => self.insurance = value,
            Fact::ForWhom => self.for_whom = value,
        }
    }

    /// The place whose local rules apply: `None` when not given, unsure or
    /// unknown.
    pub fn place(&self) -> Option<&str> {
        self.region
            .as_deref()
            .filter(|r| Places::shipped().get(r).is_some())
    }

    /// The profile with only values this build knows (a value written by
    /// a newer banshi, or edited by hand, is dropped, not misread).
    pub fn known(mut self) -> Profile {
        if self
            .region
            .as_deref()
            .is_some_and(|r| r != REGION_UNSURE && Places::shipped().get(r).is_none())
        {
            self.region = None;
        }
        for fact in Fact::ALL {
            if self.get(fact).is_some_and(|v| !fact.values().contains(&v)) {
                self.set(fact, None);
            }
        }
        self
    }
}

use super::{Change, Session};
use crate::flow::Step;

/// See [`Session::from_profile`].
#[derive(Debug, Clone, Copy)]
pub struct FromProfile<'s> {
    pub place: Option<crate::flow::places::Place<'static>>,
    pub answer: Option<&'s crate::flow::Choice>,
}

/// The option of a bound question that `profile` answers, if any.
pub fn option_for<'s>(step: &'s Step, profile: &Profile) -> Option<&'s str> {
    let value = profile.get(step.bind?)?;
    step.options()
        .iter()
        .find(|o| o.profile.iter().any(|p| p == value))
        .map(|o| o.id.as_str())
}

/// What the profile learns when the person answers bound question `step`
/// with `option`: `None` when the profile already agrees (or the question
/// is not bound); else the fact and its new value, which is `None` when the
/// option stands for several values (the profile no longer knows, and the
/// next flow that needs it asks).
pub fn learn(step: &Step, option: &str, profile: &Profile) -> Option<(Fact, Option<String>)> {
    let fact = step.bind?;
    if option_for(step, profile) == Some(option) {
        return None;
    }
    let chosen = step.option(option)?;
    let value = match chosen.profile.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    };
    (profile.get(fact).map(str::to_string) != value).then_some((fact, value))
}

impl Session {
    /// Answers the questions bound to a profile fact from `profile` (those
    /// it says something about), then, when the person stands on such a
    /// question, moves past it: they said it once already. Nothing is lost:
    /// an answer the profile replaces is kept dormant, as any changed
    /// answer. Returns what the answers set aside or brought back.
    pub fn use_profile(&mut self, profile: &Profile) -> Change {
        let mut change = Change::default();
        // Answering may bring further bound questions onto the route.
        for _ in 0..=self.flow().steps.len() {
            let route: Vec<String> = self.determined_ids();
            let next = route.iter().find_map(|q| {
                let step = self.step(q)?;
                let o = option_for(step, profile)?;
                (self.answer_of(q) != Some(o)).then(|| (q.clone(), o.to_string()))
            });
            let Some((q, o)) = next else {
                break;
            };
            if let Ok(c) = self.answer(&q, &o) {
                change.set_aside.answers.extend(c.set_aside.answers);
                change.set_aside.ticks.extend(c.set_aside.ticks);
                change.restored.answers.extend(c.restored.answers);
                change.restored.ticks.extend(c.restored.ticks);
            }
        }
        for _ in 0..=self.flow().steps.len() {
            let Some(current) = self.current() else {
                break;
            };
            if !self.is_from_profile(&current.id, profile) {
                break;
            }
            if self.advance().is_err() {
                break;
            }
        }
        change
    }

    /// True when question `step` is answered from the profile (its answer
    /// is the one the profile gives): screens say "来自个人资料".
    pub fn is_from_profile(&self, step: &str, profile: &Profile) -> bool {
        self.step(step)
            .and_then(|s| option_for(s, profile))
            .is_some_and(|o| self.answer_of(step) == Some(o))
    }

    /// What step `step` shows as coming from the profile: the 参保地 the
    /// flow stands in (when it was localized for a place), and the option
    /// the profile answered the step with. Both front-ends show them.
    pub fn from_profile(&self, step: &str, profile: &Profile) -> FromProfile<'_> {
        let place = self
            .flow()
            .links
            .local
            .as_ref()
            .and(profile.place())
            .and_then(|r| Places::shipped().get(r));
        let answer = self
            .step(step)
            .filter(|_| self.is_from_profile(step, profile))
            .and_then(|s| s.option(self.answer_of(step)?));
        FromProfile { place, answer }
    }

    /// Teaches `profile` what the person's answers to bound questions say
    /// (who the procedure is for, which insurance). True when it changed
    /// (then save it).
    pub fn teach(&self, profile: &mut Profile) -> bool {
        let mut changed = false;
        for step in self.route_steps() {
            if let Some(answer) = self.answer_of(&step.id)
                && let Some((fact, value)) = learn(step, answer, profile)
            {
                profile.set(fact, value);
                changed = true;
            }
        }
        changed
    }
}

impl Profile {
    /// Whether flow `flow` asks for the 参保地 before it starts: some place
    /// has local rules for it and the profile does not say where (nor that
    /// the person is unsure).
    pub fn asks_region(&self, regions: &super::region::Regions, flow: &str) -> bool {
        self.region.is_none() && regions.has_local(flow)
    }
}
