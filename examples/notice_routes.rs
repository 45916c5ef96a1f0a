//! For `scripts/render-html.sh --notices`: prints, for every shipped flow,
//! the route whose 一次性告知单 is the longest (most text lines in either
//! language), as `ID<TAB>--answer Q=O --answer …`, so the HTML check covers
//! the fullest page each flow can print, not just its default route.
//!
//!     cargo run --example notice_routes

use std::sync::Arc;

use banshi::date::Date;
use banshi::engine::Session;
use banshi::flow::{Catalog, Lang, shipped_sources};
use banshi::locale::Locale;
use banshi::render::Summary;
use banshi::render::notice::{Options, text};

/// At most this many routes are tried per flow.
const MAX_ROUTES: usize = 512;

fn main() {
    let printed = Date {
        year: 2026,
        month: 12,
        day: 1,
    };
    let catalog = Catalog::from_sources(&shipped_sources(), printed);
    let options = Options::new(Some("3号窗口 工号 0412"), false);
    for flow in catalog.flows() {
        let all = Session::new(Arc::new(flow.clone())).routes(MAX_ROUTES);
        let longest = all.into_iter().max_by_key(|s| {
            let sum = Summary::new(s, Some("张小伟"), printed);
            Lang::ALL
                .iter()
                .map(|&lang| text(&sum, Locale::get(lang), &options).lines().count())
                .max()
                .unwrap_or(0)
        });
        let Some(s) = longest else { continue };
        let answers: Vec<String> = s
            .answered()
            .iter()
            .map(|(q, o)| format!("--answer {}={o}", q.id))
            .collect();
        println!("{}\t{}", flow.id, answers.join(" "));
    }
}
