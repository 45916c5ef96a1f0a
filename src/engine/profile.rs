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
