//! The seam between the home screen and [`crate::search`]: the home screen
//! asks `find(query)` and gets flows (by index) with the title characters to
//! highlight.

use std::collections::HashMap;
use std::sync::Arc;

use crate::flow::{Flow, Lang};
use crate::search::Index;

/// How many results the home screen lists.
pub const LIMIT: usize = 50;

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

pub struct Finder {
    index: Index,
    by_id: HashMap<String, usize>,
}

impl Finder {
    pub fn new(flows: &[Arc<Flow>]) -> Finder {
        Finder {
            index: Index::build(flows.iter().map(|f| &**f)),
            by_id: flows
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.clone(), i))
                .collect(),
        }
    }

    /// The flows matching `query`, best first (nothing for a blank query).
    pub fn find(&self, query: &str) -> Vec<Found> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        self.index
            .search(query, LIMIT)
            .into_iter()
            .filter_map(|h| {
                Some(Found {
                    flow: *self.by_id.get(&h.id)?,
                    zh: h.zh_positions,
                    en: h.en_positions,
                })
            })
            .collect()
    }
}
