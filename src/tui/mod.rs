//! The interactive wizard (ratatui), Elm-style: all state in [`App`],
//! terminal events turned into [`Action`]s ([`keys`]), one function that
//! changes state ([`update`]) and rendering as a pure function of state
//! ([`draw`]), one file per screen. No async runtime: a single loop reads an
//! event, updates, draws. [`crate::plain`] runs the same flows as line prompts.

pub mod app;
pub(crate) mod find;
mod flow;
mod help;
mod home;
pub mod idle;
mod input;
pub mod keys;
mod more;
mod names;
mod person;
mod qr;
mod region;
mod route;
mod summary;
mod switcher;
pub mod text;
mod theme;
mod view;

#[cfg(test)]
mod tests;

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::{cursor, execute};

pub use app::{Action, App, Screen, update};
pub use person::{restore_lang, set_helpdesk};
pub use theme::Theme;
pub use view::{MIN_HEIGHT, MIN_WIDTH, draw};

/// The signals after which the app saves, restores the terminal and exits
/// with 128 + the signal (a closed SSH session sends SIGHUP).
#[cfg(unix)]
const SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// How often the loop looks for a caught signal while waiting for a key.
/// At most this many bytes of waiting keys are typed at once (a paste
/// without bracketed paste; see the event loop).
const MAX_TYPED_AT_ONCE: usize = 4096;

const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// How long the event loop has to act on a signal (save, restore, exit)
/// before the signal thread restores the terminal and exits by itself: the
/// loop can be stuck (crossterm spins reading a hung-up terminal after
/// SIGHUP). Every change is saved as it happens, so nothing is lost then.
const SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// Catches [`SIGNALS`] while the terminal is ours, on a thread: the first
/// sets `caught` for the event loop; a second one, or the loop not acting
/// within [`SIGNAL_GRACE`], restores the terminal and exits from the thread.
/// Stopped (default actions back) on drop.
struct Signals {
    caught: Arc<AtomicUsize>,
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
    #[cfg(unix)]
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Signals {
    fn catch() -> io::Result<Signals> {
        let caught = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        {
            let mut signals = signal_hook::iterator::Signals::new(SIGNALS)?;
            let handle = signals.handle();
            let flag = Arc::clone(&caught);
            let thread = std::thread::Builder::new()
                .name("signals".into())
                .spawn(move || {
                    let Some(sig) = signals.forever().next() else {
                        return; // closed: the app ended normally
                    };
                    flag.store(sig as usize, Ordering::SeqCst);
                    let start = std::time::Instant::now();
                    while start.elapsed() < SIGNAL_GRACE {
                        if signals.is_closed() {
                            return;
                        }
                        if let Some(again) = signals.pending().next() {
                            restore();
                            std::process::exit(128 + again);
                        }
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    restore();
                    std::process::exit(128 + sig);
                })?;
            Ok(Signals {
                caught,
                handle,
                thread: Some(thread),
            })
        }
        #[cfg(not(unix))]
        Ok(Signals { caught })
    }

    fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            sig => Some(sig as i32),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            self.handle.close();
            if let Some(t) = self.thread.take() {
                let _ = t.join();
            }
        }
    }
}

/// Leaves the alternate screen, shows the cursor and turns raw mode off.
/// Errors are ignored: after SIGHUP the terminal may be gone.
fn restore() {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = execute!(io::stdout(), cursor::Show);
    let _ = io::stdout().flush();
}

/// Runs the app in the terminal until the user quits. The terminal is
/// restored on return, on error, on panic (ratatui's hook restores it
/// before the panic message is printed) and on SIGTERM, SIGHUP, SIGINT and
/// SIGQUIT: then progress is saved, the terminal restored, and the process
/// exits with 128 + the signal.
pub fn run(app: &mut App) -> io::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
        previous(info);
    }));
    let signals = Signals::catch()?;
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    let result = (|| -> io::Result<Option<i32>> {
        let mut dirty = true;
        let mut last_key = std::time::Instant::now();
        loop {
            if let Some(sig) = signals.caught() {
                return Ok(Some(sig));
            }
            if app.quit {
                return Ok(None);
            }
            if dirty {
                terminal.draw(|f| draw(app, f))?;
                dirty = false;
            }
            match event::poll(SIGNAL_POLL) {
                Ok(false) => {
                    if idle::due(app, last_key) {
                        update(app, Action::Idle);
                        last_key = std::time::Instant::now();
                        dirty = true;
                    }
                    continue;
                }
                Ok(true) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            let ev = match event::read() {
                Ok(ev) => ev,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            last_key = std::time::Instant::now();
            let mut action = keys::action_for_event(app, &ev);
            // A paste in a terminal without bracketed paste arrives as one
            // key per character: type the keys already waiting at once, so
            // the search runs once for them, not once per character.
            let mut after = None;
            if let Some(Action::Type(text)) = action.as_mut() {
                while text.len() < MAX_TYPED_AT_ONCE
                    && matches!(event::poll(Duration::ZERO), Ok(true))
                {
                    let Ok(next) = event::read() else { break };
                    match keys::action_for_event(app, &next) {
                        Some(Action::Type(more)) => text.push_str(&more),
                        other => {
                            after = other;
                            break;
                        }
                    }
                }
            }
            for action in [action, after].into_iter().flatten() {
                update(app, action);
            }
            dirty = true;
        }
    })();
    if let Ok(Some(sig)) = result {
        // Every change is saved as it happens; save once more in case the
        // signal came between a change and its save.
        app.save();
        restore();
        std::process::exit(128 + sig);
    }
    drop(signals);
    restore();
    result.map(|_| ())
}
