//! Regional overlays applied to a base flow: the flow as it stands for a
//! person insured in one place. A pure model → model step: the wizard,
//! the printouts and the front-ends then see an ordinary flow.
//!
//! - A city inherits its province's rules: the province's are applied
//!   first, then the city's.
//! - Every local text is marked with the name of the place whose rule it is
//!   (【南京】, `[Nanjing]`), so national and local never look alike; the
//!   flow's `links.local` names the places and the sources, for the
//!   "本地规定（南京）" part of the summary.
//! - `NotNeeded` keeps the step (and whatever the person did in it) but
//!   passes it by: a stand-in step, `<step>-not-needed`, says why instead.
//!   With a `when`, only when it holds.
//! - Step and item ids stay the base flow's, so saved progress, dormant
//!   answers and ticks carry over when the region changes (what the new
//!   region no longer has is kept, dormant, as after a flow edit).

use std::sync::Arc;

use crate::flow::overlay::{FlowOverlay, LocalChange, NOT_NEEDED_SUFFIX, Overlay};
use crate::flow::places::{Place, Places};
use crate::flow::{Cond, Flow, Lang, LocalInfo, Step, StepKind, Text};
use crate::locale::Locale;

use super::profile::Profile;

/// The overlays that loaded without errors.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    overlays: Vec<Overlay>,
}

/// What the person's 参保地 means for a flow: see [`Regions::standing`].
#[derive(Debug, Clone, Copy)]
pub enum Standing {
    /// Local rules of this place (or its province) apply.
    Local(Place<'static>),
    /// A place with no local rules recorded: the national flow.
    National(Place<'static>),
    /// No place given, or the person is not sure.
    NotGiven,
}

/// One place's local detail, for `banshi regions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub region: String,
    /// The flows it changes, by id, sorted.
    pub flows: Vec<String>,
    /// Local rules and aliases.
    pub items: usize,
    /// The oldest `reviewed` of its rules.
    pub oldest: Option<String>,
}

impl Regions {
    pub fn new(overlays: Vec<Overlay>) -> Regions {
        Regions { overlays }
    }

    pub fn overlays(&self) -> &[Overlay] {
        &self.overlays
    }

    /// What applies to `flow` for a person insured in `region`, broadest
    /// place first.
    pub fn layers<'a>(
        &'a self,
        flow: &str,
        region: &str,
    ) -> Vec<(Place<'static>, &'a FlowOverlay)> {
        let places = Places::shipped();
        let mut out = Vec::new();
        for id in places.chain(region) {
            let Some(place) = places.get(id) else {
                continue;
            };
            for o in self.overlays.iter().filter(|o| o.region == id) {
                out.extend(
                    o.flows
                        .iter()
                        .filter(|f| f.flow == flow)
                        .map(|f| (place, f)),
                );
            }
        }
        out
    }

    /// Where the person's 参保地 leaves `flow` (any flow, without one):
    /// local rules shown, a place with none recorded (national rules), or
    /// no place given. Both front-ends say it after the place is set.
    pub fn standing(&self, profile: &Profile, flow: Option<&str>) -> Standing {
        let places = Places::shipped();
        let Some(place) = profile.place().and_then(|r| places.get(r)) else {
            return Standing::NotGiven;
        };
        let covered = places.chain(place.id).iter().any(|id| {
            self.overlays
                .iter()
                .filter(|o| o.region == *id)
                .any(|o| flow.is_none_or(|f| o.flows.iter().any(|fo| fo.flow == f)))
        });
        if covered {
            Standing::Local(place)
        } else {
            Standing::National(place)
        }
    }

    /// True when some place has local detail for `flow`: the flow needs the
    /// person's 参保地.
    pub fn has_local(&self, flow: &str) -> bool {
        self.overlays
            .iter()
            .any(|o| o.flows.iter().any(|f| f.flow == flow))
    }

    /// `base` as it stands in `region` (`base` itself when nothing applies).
    pub fn localize(&self, base: &Arc<Flow>, region: Option<&str>) -> Arc<Flow> {
        let Some(place) = region.and_then(|r| Places::shipped().get(r)) else {
            return Arc::clone(base);
        };
        let layers = self.layers(&base.id, place.id);
        let mut flow = apply(base, &layers);
        if flow.links.local.is_none() {
            // Nothing local recorded: the summary says so, for this place.
            flow.links.local = Some(LocalInfo {
                places: vec![place.name.clone()],
                ..LocalInfo::default()
            });
        }
        Arc::new(flow)
    }

    /// Each place with local detail, in the order of the place list.
    pub fn coverage(&self) -> Vec<Coverage> {
        let mut out: Vec<Coverage> = Vec::new();
        for place in Places::shipped().all() {
            let mine: Vec<&Overlay> = self
                .overlays
                .iter()
                .filter(|o| o.region == place.id)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let mut flows: Vec<String> = mine
                .iter()
                .flat_map(|o| o.flows.iter().map(|f| f.flow.clone()))
                .collect();
            flows.sort();
            flows.dedup();
            let rules = mine.iter().flat_map(|o| o.flows.iter());
            let items = rules
                .clone()
                .map(|f| f.changes.len() + f.aliases.len())
                .sum();
            let oldest = rules
                .flat_map(|f| f.changes.iter().map(|c| c.reviewed.clone()))
                .min();
            out.push(Coverage {
                region: place.id.to_string(),
                flows,
                items,
                oldest,
            });
        }
        out
    }
}

/// Both languages of a locale pattern with `{region}` (and `{title}`) filled.
fn marked(key: &str, place: &Text, title: Option<&Text>) -> Text {
    let one = |lang: Lang| {
        let l = Locale::get(lang);
        let t = title.map_or("", |t| t.get(lang));
        l.fmt(key, &[("region", &place.get(lang)), ("title", &t)])
    };
    Text::new(one(Lang::ZhCn), one(Lang::En))
}

/// `text` with the place's mark in front (`【南京】…`).
fn mark(place: &Text, key: &str, text: &Text) -> Text {
    let m = marked(key, place, None);
    Text::new(
        format!("{}{}", m.zh, text.zh),
        format!("{}{}", m.en, text.en),
    )
}

/// Applies `layers` (broadest place first) to a copy of `base`. Rules
/// whose step is missing are passed over (`banshi check` reports them).
pub fn apply(base: &Flow, layers: &[(Place<'_>, &FlowOverlay)]) -> Flow {
    let mut flow = base.clone();
    let mut info = LocalInfo::default();
    for (place, overlay) in layers {
        let name = place.name;
        if !info.places.contains(name) && !overlay.changes.is_empty() {
            info.places.push(name.clone());
        }
        for rule in &overlay.changes {
            let Some(i) = flow.step_index(&rule.step) else {
                continue;
            };
            if let Some(t) = &rule.source_title
                && !info.sources.contains(t)
            {
                info.sources.push(t.clone());
            }
            info.rules += 1;
            match &rule.change {
                LocalChange::Note(t) => {
                    let t = mark(name, "region.mark", t);
                    flow.steps[i].body.push(t.clone());
                    flow.steps[i].local.push(t);
                }
                LocalChange::Channel(t) => {
                    let t = mark(name, "region.mark_channel", t);
                    flow.steps[i].body.push(t.clone());
                    flow.steps[i].local.push(t);
                }
                LocalChange::Deadline(t) => {
                    flow.steps[i].deadlines.push(mark(name, "region.mark", t))
                }
                LocalChange::Replace(paras) => {
                    let step = &mut flow.steps[i];
                    step.body = paras
                        .iter()
                        .enumerate()
                        .map(|(n, p)| {
                            if n == 0 {
                                mark(name, "region.mark", p)
                            } else {
                                p.clone()
                            }
                        })
                        .collect();
                    step.local.extend(step.body.first().cloned());
                }
                LocalChange::Item(item) => {
                    if let StepKind::Checklist { items } = &mut flow.steps[i].kind {
                        let mut item = item.clone();
                        item.label = mark(name, "region.mark", &item.label);
                        items.push(item);
                    }
                }
                LocalChange::Step(step) => {
                    let follows = flow
                        .successor(&flow.steps[i], None)
                        .map_or_else(|| crate::flow::END.to_string(), str::to_string);
                    let mut step = step.clone();
                    step.title = mark(name, "region.mark", &step.title);
                    // Its action and items reach the printout's "where to go"
                    // part apart from the title: marked there too.
                    if let Some(a) = &step.action {
                        step.action = Some(mark(name, "region.mark", a));
                    }
                    if let StepKind::Checklist { items } = &mut step.kind {
                        for item in items {
                            item.label = mark(name, "region.mark", &item.label);
                        }
                    }
                    step.next = Some(follows);
                    flow.steps[i].next = Some(step.id.clone());
                    flow.steps.insert(i + 1, step);
                }
                LocalChange::NotNeeded {
                    reason,
                    when,
                    answer,
                } => {
                    not_needed(&mut flow, i, name, reason, when.as_ref(), answer.as_deref());
                }
            }
        }
    }
    if info.rules > 0 {
        flow.links.local = Some(info);
    }
    flow
}

/// Passes step `i` by (when `when` holds, or always) for a stand-in that
/// gives the reason; the step itself, and what was done in it, stays. A
/// question is passed by as if `answer` were chosen: the stand-in goes on
/// where that option leads.
fn not_needed(
    flow: &mut Flow,
    i: usize,
    place: &Text,
    reason: &Text,
    when: Option<&Cond>,
    answer: Option<&str>,
) {
    let choice = answer.and_then(|a| flow.steps[i].option(a));
    let follows = flow
        .successor(&flow.steps[i], choice)
        .map_or_else(|| crate::flow::END.to_string(), str::to_string);
    let original = flow.steps[i].clone();
    let both = |c: Cond| match &original.when {
        Some(w) => Cond::All(vec![w.clone(), c]),
        None => c,
    };
    let applies = when.cloned().unwrap_or(Cond::All(Vec::new()));
    let stand_in = Step {
        id: format!("{}{NOT_NEEDED_SUFFIX}", original.id),
        title: marked("region.not_needed_title", place, Some(&original.title)),
        when: Some(both(applies.clone())),
        body: vec![mark(place, "region.mark", reason)],
        local: vec![mark(place, "region.mark", reason)],
        facts: Vec::new(),
        place: None,
        office: None,
        action: None,
        tips: Vec::new(),
        warnings: Vec::new(),
        deadlines: Vec::new(),
        kind: StepKind::Info,
        bind: None,
        next: Some(follows),
    };
    let step = &mut flow.steps[i];
    step.when = Some(both(Cond::Not(Box::new(applies))));
    step.next = Some(stand_in.id.clone());
    flow.steps.insert(i + 1, stand_in);
}
