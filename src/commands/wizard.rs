//! `banshi` with no command: the TUI, or `--plain` line prompts (also when
//! `TERM=dumb` or standard input or output is not a terminal).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use super::{Context, Failure, Outcome};
use crate::plain;
use crate::store::backend::open_for_wizard;
use crate::store::{default_user, name};
use crate::tui::{self, App, Theme};

pub fn wizard(ctx: &Context) -> Outcome {
    let user = name::normalize(&ctx.global.user.clone().unwrap_or_else(default_user));
    name::check(&user).map_err(|e| {
        Failure::misuse(ctx.locale().fmt(
            "store.err.name",
            &[
                ("name", &format!("{user:?}")),
                ("reason", &e.message(ctx.lang)),
            ],
        ))
    })?;
    let catalog = ctx.catalog();
    let flows: Vec<Arc<_>> = catalog.flows().cloned().map(Arc::new).collect();
    if flows.is_empty() {
        return Err(Failure::failed(ctx.locale().t("error.no_flows")));
    }
    let store = open_for_wizard(ctx.global.store.as_deref(), ctx.global.data_dir.as_deref())
        .map_err(|e| e.message(ctx.lang));
    if plain_wanted(ctx.global.plain) {
        let saving = plain::SaveLock::default();
        plain::interrupt_handler(saving.clone(), ctx.lang);
        let stdin = std::io::stdin().lock();
        // Flow text reaches the terminal without control characters. Not
        // locked for the whole run: the interrupt handler's thread writes
        // its goodbye while this thread waits for a line.
        let mut stdout = super::flows::Clean::new(std::io::stdout());
        plain::run(
            flows,
            store,
            &user,
            ctx.lang,
            ctx.today,
            stdin,
            &mut stdout,
            saving,
            crate::render::notice::Options::for_helpdesk(
                ctx.global.counter_text().as_deref(),
                ctx.global.idle.is_some_and(|d| !d.is_zero()),
            ),
            catalog.regions(),
        )
        .map_err(|e| Failure::failed(e.to_string()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut app = App::new(flows, store, &user, ctx.lang, ctx.today, Theme::from_env());
    app.set_regions(catalog.regions());
    // The profile was read before the overlays were set: nothing opened yet.
    let idle = ctx.global.idle.filter(|d| !d.is_zero());
    tui::idle::set(&mut app, idle);
    // Helpdesk use: `p` saves the 一次性告知单 (see the README).
    tui::set_helpdesk(
        &mut app,
        ctx.global.counter_text().as_deref(),
        idle.is_some(),
    );
    if ctx.global.lang.is_none() {
        tui::restore_lang(&mut app);
    }
    tui::run(&mut app)
        .map_err(|e| Failure::failed(ctx.locale().fmt("error.terminal", &[("reason", &e)])))?;
    Ok(ExitCode::SUCCESS)
}

/// Line prompts when asked, on a dumb terminal, or when not on a terminal.
fn plain_wanted(flag: bool) -> bool {
    flag || std::env::var("TERM").is_ok_and(|t| t == "dumb")
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
}
