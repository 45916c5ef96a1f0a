//! `banshi search QUERY... [--limit N]`: `ID<TAB>TITLE` lines, best first,
//! the title in the chosen language. No hit prints nothing on stdout and
//! exits 0; stderr then says so, offers a correction of mistyped words
//! (`did you mean buban?`), the closest topics and the categories.
//!
//! With `--flows DIR` the index is kept in a cache (see
//! [`crate::search::cache`]), used while no file in DIR has changed.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::flows::emit;
use super::{Context, Outcome};
use crate::flow::Category;
use crate::search::cache::{Cache, Stamp};
use crate::search::{Index, Searcher};

pub fn search(ctx: &Context, query: &[String], limit: usize) -> Outcome {
    let index = match ctx.global.flows.as_deref() {
        Some(dir) if dir.is_dir() => cached_index(ctx, dir),
        _ => Index::build(ctx.catalog().flows()),
    };
    let query = query.join(" ");
    let mut searcher = Searcher::new(&index);
    let mut out = String::new();
    for hit in searcher.search(&query, limit) {
        let title = index.title(&hit.id, ctx.lang).unwrap_or_default();
        let _ = writeln!(out, "{}\t{}", hit.id, title);
    }
    if !searcher.matched_well() && !query.trim().is_empty() {
        eprint!("{}", dead_end(ctx, &mut searcher, &query, !out.is_empty()));
    } else if let Some(q) = searcher.mistyped(&query) {
        let l = ctx.locale();
        eprintln!("{}", l.fmt("search.did_you_mean", &[("query", &q)]));
    }
    emit(&out);
    // The process ends here: freeing a large index piece by piece would
    // only delay the exit.
    std::mem::forget(index);
    Ok(ExitCode::SUCCESS)
}

/// What stderr says when nothing matched `query`.
/// With `found` (a correction found something, on stdout), only the
/// correction.
fn dead_end(ctx: &Context, searcher: &mut Searcher<&Index>, query: &str, found: bool) -> String {
    let l = ctx.locale();
    let shown: String = query.chars().take(40).collect();
    let s = searcher.suggest(query, 5);
    let mut out = String::new();
    if !found {
        let _ = writeln!(out, "{}", l.fmt("search.nothing", &[("query", &shown)]));
    }
    if let Some(q) = &s.did_you_mean {
        let _ = writeln!(out, "{}", l.fmt("search.did_you_mean", &[("query", q)]));
    }
    if !found && !s.hits.is_empty() {
        let _ = writeln!(out, "{}", l.t("search.closest_cli"));
        for hit in &s.hits {
            let title = searcher
                .index()
                .title(&hit.id, ctx.lang)
                .unwrap_or_default();
            let _ = writeln!(out, "  {}\t{}", hit.id, title);
        }
    }
    if found {
        return out;
    }
    let list: Vec<&str> = Category::ALL.iter().map(|c| l.t(c.locale_key())).collect();
    let list = list.join(l.t("tui.list_sep"));
    let _ = writeln!(out, "{}", l.fmt("search.categories", &[("list", &list)]));
    out
}

/// The index of the shipped flows and `dir`: from the cache while it holds,
/// else built from the files (and cached for next time).
fn cached_index(ctx: &Context, dir: &Path) -> Index {
    // The cache watches the folder's own files; its overlays (their local
    // names are searched too) live in `regions/`, so with one the index is
    // built afresh.
    if dir.join("regions").is_dir() {
        return Index::build(ctx.catalog().flows());
    }
    let Some(cache) = ctx.cache_dir().map(|c| Cache::new(&c, dir)) else {
        return Index::build(ctx.catalog().flows());
    };
    if let Some(cached) = cache.load() {
        ctx.report_skipped(&cached.skipped);
        return cached.index;
    }
    // Taken before the files are read: a change made meanwhile shows next time.
    let stamp = Stamp::take(dir);
    let catalog = ctx.catalog();
    let index = Index::build(catalog.flows());
    if let Ok(stamp) = stamp {
        // In this run's language (a later run in the other language shows
        // the cached names as they were saved).
        let skipped: Vec<String> = catalog.errors().map(|d| d.render(ctx.lang)).collect();
        // A cache that cannot be written only costs speed next time.
        let _ = cache.save(&stamp, &index, &skipped);
    }
    index
}
