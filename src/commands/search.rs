//! `banshi search QUERY... [--limit N]`: `ID<TAB>TITLE` lines, best first,
//! the title in the chosen language. No hit prints nothing and exits 0.
//!
//! With `--flows DIR` the index is kept in a cache (see
//! [`crate::search::cache`]), used while no file in DIR has changed.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::flows::emit;
use super::{Context, Outcome};
use crate::search::Index;
use crate::search::cache::{Cache, Stamp};

pub fn search(ctx: &Context, query: &[String], limit: usize) -> Outcome {
    let index = match ctx.global.flows.as_deref() {
        Some(dir) if dir.is_dir() => cached_index(ctx, dir),
        _ => Index::build(ctx.catalog().flows()),
    };
    let mut out = String::new();
    for hit in index.search(&query.join(" "), limit) {
        let title = index.title(&hit.id, ctx.lang).unwrap_or_default();
        let _ = writeln!(out, "{}\t{}", hit.id, title);
    }
    emit(&out);
    // The process ends here: freeing a large index piece by piece would
    // only delay the exit.
    std::mem::forget(index);
    Ok(ExitCode::SUCCESS)
}

/// The index of the shipped flows and `dir`: from the cache while it holds,
/// else built from the files (and cached for next time).
fn cached_index(ctx: &Context, dir: &Path) -> Index {
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
        let skipped: Vec<String> = catalog.errors().map(ToString::to_string).collect();
        // A cache that cannot be written only costs speed next time.
        let _ = cache.save(&stamp, &index, &skipped);
    }
    index
}
