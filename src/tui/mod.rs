//! The interactive wizard (ratatui), Elm-style: all state in [`App`],
//! terminal events turned into [`Action`]s ([`keys`]), one function that
//! changes state ([`update`]) and rendering as a pure function of state
//! ([`draw`]), one file per screen. No async runtime: a single loop reads an
//! event, updates, draws. [`plain`] runs the same flows as line prompts.

pub mod app;
mod find;
mod flow;
mod help;
mod home;
mod input;
pub mod keys;
pub mod plain;
mod qr;
mod route;
mod summary;
pub mod text;
mod theme;
mod users;
mod view;

#[cfg(test)]
mod tests;

use std::io::{self, Write};

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

pub use app::{Action, App, Screen, update};
pub use theme::Theme;
pub use view::{MIN_HEIGHT, MIN_WIDTH, draw};

/// Runs the app in the terminal until the user quits. The terminal is
/// restored on return, on error and on panic (ratatui's hook restores it
/// before the panic message is printed).
pub fn run(app: &mut App) -> io::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
        previous(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    let result = (|| -> io::Result<()> {
        while !app.quit {
            terminal.draw(|f| draw(app, f))?;
            let ev = event::read()?;
            if let Some(action) = keys::action_for_event(app, &ev) {
                update(app, action);
            }
        }
        Ok(())
    })();
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = io::stdout().flush();
    result
}
