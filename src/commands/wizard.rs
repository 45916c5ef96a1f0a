//! `banshi` with no command: the TUI, or `--plain` line prompts.

use super::{Context, Failure, Outcome};

pub fn wizard(_ctx: &Context) -> Outcome {
    Err(Failure::failed("the interactive wizard is not built yet"))
}
