//! `banshi print ID ...`.

use super::{Context, Failure, Outcome};

pub fn print(_ctx: &Context, _args: &crate::cli::PrintArgs) -> Outcome {
    Err(Failure::failed("print is not built yet"))
}
