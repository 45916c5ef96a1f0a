//! `banshi` with no command: the TUI, or `--plain` line prompts (also when
//! `TERM=dumb` or standard input or output is not a terminal).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use super::{Context, Failure, Outcome};
use crate::store::backend::open_for_wizard;
use crate::store::{default_user, name};
use crate::tui::{self, App, Theme};

pub fn wizard(ctx: &Context) -> Outcome {
    let user = ctx.global.user.clone().unwrap_or_else(default_user);
    name::check(&user)
        .map_err(|e| Failure::misuse(format!("--user {user:?} cannot be used: {e}")))?;
    let catalog = ctx.catalog();
    let flows: Vec<Arc<_>> = catalog.flows().cloned().map(Arc::new).collect();
    if flows.is_empty() {
        return Err(Failure::failed(
            "no procedures could be loaded; run `banshi check` to see why",
        ));
    }
    let store = open_for_wizard(ctx.global.store.as_deref(), ctx.global.data_dir.as_deref())
        .map_err(|e| e.to_string());
    if plain_wanted(ctx.global.plain) {
        let stdin = std::io::stdin().lock();
        let mut stdout = std::io::stdout().lock();
        tui::plain::run(flows, store, &user, ctx.lang, ctx.today, stdin, &mut stdout)
            .map_err(|e| Failure::failed(e.to_string()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut app = App::new(flows, store, &user, ctx.lang, ctx.today, Theme::from_env());
    tui::run(&mut app).map_err(|e| Failure::failed(format!("the terminal failed: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// Line prompts when asked, on a dumb terminal, or when not on a terminal.
fn plain_wanted(flag: bool) -> bool {
    flag || std::env::var("TERM").is_ok_and(|t| t == "dumb")
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
}
