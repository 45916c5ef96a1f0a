//! `banshi search QUERY... [--limit N]`: `ID<TAB>TITLE` lines, best first,
//! the title in the chosen language. No hit prints nothing and exits 0.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::flows::emit;
use super::{Context, Outcome};
use crate::search::Index;

pub fn search(ctx: &Context, query: &[String], limit: usize) -> Outcome {
    let catalog = ctx.catalog();
    let index = Index::build(catalog.flows());
    let mut out = String::new();
    for hit in index.search(&query.join(" "), limit) {
        let title = index.title(&hit.id, ctx.lang).unwrap_or_default();
        let _ = writeln!(out, "{}\t{}", hit.id, title);
    }
    emit(&out);
    Ok(ExitCode::SUCCESS)
}
