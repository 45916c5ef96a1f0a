//! The seam between the home screen and [`crate::search`]: the home screen
//! asks `find(query)` and gets flows (by index) with the title characters to
//! highlight. One [`Searcher`] lives as long as the screen, so each
//! keystroke narrows the last one's results (the path `cargo bench --bench
//! search` measures).

use std::collections::HashMap;
use std::sync::Arc;

use crate::flow::{Flow, Lang};
use crate::search::{Index, Searcher};

/// How many results the home screen lists.
pub const LIMIT: usize = 50;
/// How many closest flows are offered when nothing matches.
pub const CLOSEST: usize = 5;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index into the app's flows.
    pub flow: usize,
    zh: Vec<usize>,
    en: Vec<usize>,
}

impl Found {
    /// Character positions in the title (in `lang`) that matched.
    pub fn positions(&self, lang: Lang) -> &[usize] {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// What to say above the results besides their number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadEnd {
    /// The query with mistyped words corrected (`bubna` → `buban`).
    pub did_you_mean: Option<String>,
    /// Nothing matched well: the results are the closest flows (then the
    /// screen lists every category).
    pub closest: bool,
}

pub struct Finder {
    /// The index being built (on a thread of its own, so that the first
    /// frame does not wait for it), until the first search needs it.
    building: Option<std::thread::JoinHandle<Index>>,
    searcher: Option<Searcher<Box<Index>>>,
    by_id: HashMap<String, usize>,
    dead_end: Option<DeadEnd>,
}

impl Finder {
    pub fn new(flows: &[Arc<Flow>]) -> Finder {
        Finder {
            building: Some(std::thread::spawn({
                let flows = flows.to_vec();
                move || {
                    let index = Index::build(flows.iter().map(|f| &**f));
                    // Here rather than on the first keystrokes.
                    index.prepare();
                    index
                }
            })),
            searcher: None,
            dead_end: None,
            by_id: flows
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.clone(), i))
                .collect(),
        }
    }

    /// The flows matching `query`, best first (nothing for a blank query).
    /// When nothing matches, the closest flows instead, and
    /// [`Finder::dead_end`] says so.
    pub fn find(&mut self, query: &str) -> Vec<Found> {
        self.dead_end = None;
        if query.trim().is_empty() {
            return Vec::new();
        }
        let answer = self.searcher().answer(query, LIMIT, CLOSEST);
        if answer.closest || answer.did_you_mean.is_some() {
            self.dead_end = Some(DeadEnd {
                did_you_mean: answer.did_you_mean,
                closest: answer.closest,
            });
        }
        let hits = answer.hits;
        hits.into_iter()
            .filter_map(|h| {
                Some(Found {
                    flow: *self.by_id.get(&h.id)?,
                    zh: h.zh_positions,
                    en: h.en_positions,
                })
            })
            .collect()
    }

    fn searcher(&mut self) -> &mut Searcher<Box<Index>> {
        if let Some(building) = self.building.take() {
            let index = building.join().expect("the search index builds");
            self.searcher = Some(Searcher::new(Box::new(index)));
        }
        self.searcher
            .get_or_insert_with(|| Searcher::new(Box::default()))
    }

    /// Whether the last [`Finder::find`] matched nothing well (its results
    /// are the closest flows), and the correction to offer.
    pub fn dead_end(&self) -> Option<&DeadEnd> {
        self.dead_end.as_ref()
    }
}
