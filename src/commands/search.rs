//! `banshi search QUERY... [--limit N]`.

use super::{Context, Failure, Outcome};

pub fn search(_ctx: &Context, _query: &[String], _limit: usize) -> Outcome {
    Err(Failure::failed("search is not built yet"))
}
