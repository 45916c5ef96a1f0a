//! `banshi progress list|show|reset|export`.

use super::{Context, Failure, Outcome};

pub fn progress(_ctx: &Context, _cmd: &crate::cli::ProgressCommand) -> Outcome {
    Err(Failure::failed("progress is not built yet"))
}
