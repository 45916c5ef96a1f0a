//! The checklist: what to bring, merged by material and grouped by where
//! to go, plus the answers, the things to do and the time limits of the
//! route. Built from one walk of the route, so it is linear in the flow.
//! The TUI's summary, plain mode and `banshi print` all read it.

use std::collections::{HashMap, HashSet};

use super::Session;
use crate::date::Date;
use crate::flow::{Lang, Place, Step, Text};

/// One step's use of a material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialUse {
    pub step: String,
    pub place: Place,
    pub originals: u32,
    pub copies: u32,
    pub required: bool,
    pub ticked: bool,
}

/// A material to bring, merged across every step that asks for it (the
/// same item id in several steps is the same material).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialNeed {
    pub id: String,
    /// The wording of the first use that is required (else of the first use).
    pub label: Text,
    pub note: Option<Text>,
    /// Originals: the most any one step asks for (one original serves every visit).
    pub originals: u32,
    /// Copies: added up (each place keeps its own).
    pub copies: u32,
    /// Required if any use is required.
    pub required: bool,
    /// Every place where it is used, in route order, without repeats.
    pub places: Vec<Place>,
    /// The steps that ask for it, in route order.
    pub steps: Vec<String>,
    /// Ticked if ticked at any step that asks for it.
    pub ticked: bool,
    /// Each step's use, in route order.
    pub uses: Vec<MaterialUse>,
}

/// The materials listed under one place: each under the first place the
/// route needs it (its other places are in [`MaterialNeed::places`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceGroup {
    pub place: Place,
    pub materials: Vec<MaterialNeed>,
}

/// One question on the route and its answer (a date question's answer is
/// the day, as `YYYY-MM-DD` and spoken).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerLine {
    pub question_id: String,
    pub question: Text,
    pub option_id: String,
    pub option: Text,
    /// Not answered by the person: the first option was assumed to predict
    /// the route.
    pub assumed: bool,
}

/// A step of the route that is not a question, with its things to do
/// (checklist items that are not materials).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTodos {
    pub id: String,
    pub title: Text,
    pub todos: Vec<Text>,
}

/// Everything the summary and the printout say about the route.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checklist {
    /// Every question on the predicted route, in order.
    pub answers: Vec<AnswerLine>,
    /// What to bring, grouped by place; groups in the order the route
    /// reaches them.
    pub places: Vec<PlaceGroup>,
    /// The steps to do or read, in order (questions are in `answers`).
    pub steps: Vec<StepTodos>,
    /// Time limits of the route's steps, in order, without repeats.
    pub deadlines: Vec<Text>,
    /// Warnings of the route's steps, in order, without repeats.
    pub warnings: Vec<Text>,
}

impl Checklist {
    /// Every material, in listed order.
    pub fn materials(&self) -> impl Iterator<Item = &MaterialNeed> {
        self.places.iter().flat_map(|g| g.materials.iter())
    }
}

impl Session {
    /// What to bring: every material on the predicted route whose condition
    /// holds, merged by item id across steps, in route order.
    pub fn materials(&self) -> Vec<MaterialNeed> {
        let walk = self.walk(true);
        let mut out: Vec<MaterialNeed> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for &step in &walk.steps {
            for item in walk.items(step) {
                let Some(m) = &item.material else { continue };
                let use_ = MaterialUse {
                    step: step.id.clone(),
                    place: m.at,
                    originals: m.originals,
                    copies: m.copies,
                    required: item.required,
                    ticked: self.is_ticked(&step.id, &item.id),
                };
                match at.get(item.id.as_str()) {
                    Some(&k) => {
                        let n = &mut out[k];
                        n.originals = n.originals.max(m.originals);
                        n.copies += m.copies;
                        if item.required && !n.required {
                            // The required use's wording: it is what the
                            // place that insists on it calls it.
                            n.label = item.label.clone();
                            n.note = item.note.clone().or(n.note.take());
                        } else if n.note.is_none() {
                            n.note = item.note.clone();
                        }
                        n.required |= item.required;
                        if !n.places.contains(&m.at) {
                            n.places.push(m.at);
                        }
                        n.steps.push(step.id.clone());
                        n.ticked |= use_.ticked;
                        n.uses.push(use_);
                    }
                    None => {
                        at.insert(item.id.as_str(), out.len());
                        out.push(MaterialNeed {
                            id: item.id.clone(),
                            label: item.label.clone(),
                            note: item.note.clone(),
                            originals: m.originals,
                            copies: m.copies,
                            required: item.required,
                            places: vec![m.at],
                            steps: vec![step.id.clone()],
                            ticked: use_.ticked,
                            uses: vec![use_],
                        });
                    }
                }
            }
        }
        out
    }

    /// The whole checklist of the predicted route (see [`Checklist`]);
    /// days worked out before `today` are marked as passed.
    pub fn checklist(&self, today: Date) -> Checklist {
        let walk = self.walk(true);
        let answers = walk
            .steps
            .iter()
            .filter_map(|s| {
                if s.is_date() {
                    // A day given is an answer too (changed like one).
                    let d = self.date_of(&s.id)?;
                    return Some(AnswerLine {
                        question_id: s.id.clone(),
                        question: s.title.clone(),
                        option_id: d.to_string(),
                        option: Text::new(d.spoken(Lang::ZhCn), d.spoken(Lang::En)),
                        assumed: false,
                    });
                }
                if !s.is_question() {
                    return None;
                }
                let given = self.walk_answer(s);
                let option = given.or_else(|| s.options().first())?;
                Some(AnswerLine {
                    question_id: s.id.clone(),
                    question: s.title.clone(),
                    option_id: option.id.clone(),
                    option: option.label.clone(),
                    assumed: given.is_none(),
                })
            })
            .collect();

        let mut places: Vec<PlaceGroup> = Vec::new();
        for need in self.materials() {
            let first = need.places[0];
            match places.iter_mut().find(|g| g.place == first) {
                Some(g) => g.materials.push(need),
                None => places.push(PlaceGroup {
                    place: first,
                    materials: vec![need],
                }),
            }
        }

        let steps = walk
            .steps
            .iter()
            .filter(|s| !s.is_question())
            .map(|s| StepTodos {
                id: s.id.clone(),
                title: s.title.clone(),
                todos: walk
                    .items(s)
                    .filter(|i| i.material.is_none())
                    .map(|i| i.label.clone())
                    .collect(),
            })
            .collect();

        let collect = |pick: fn(&Step) -> &Vec<Text>| {
            let mut seen: HashSet<(&str, &str)> = HashSet::new();
            walk.steps
                .iter()
                .flat_map(|s| pick(s).iter())
                .filter(|t| seen.insert((&t.zh, &t.en)))
                .cloned()
                .collect::<Vec<_>>()
        };
        // The days worked out from date questions come first: they are the
        // person's own deadlines.
        let mut deadlines: Vec<Text> = walk
            .steps
            .iter()
            .filter(|s| s.is_date())
            .flat_map(|s| self.deadlines_of(s, today))
            .collect();
        deadlines.extend(collect(|s| &s.deadlines));

        Checklist {
            answers,
            places,
            steps,
            deadlines,
            warnings: collect(|s| &s.warnings),
        }
    }
}
