//! Per person: the language and position remembered between switches,
//! "done with this person" (printout first, then a neutral screen), and the
//! idle return to that neutral screen.

use super::app::{Action, App, Level, Overlay, Screen};
use super::switcher::{self, serving};
use crate::flow::Lang;
use crate::render::notice::Options;

/// Helpdesk use: a counter is configured (`--counter` or `BANSHI_COUNTER`)
/// or `--idle` is on. Then `p` (and `p` in "done with this person?") saves
/// the printout as a 一次性告知单: the person's name masked as in lists,
/// the counter (or blanks to fill in) in the footer.
pub fn set_helpdesk(app: &mut App, counter: Option<&str>, idle: bool) {
    app.notice = Options::for_helpdesk(counter, idle);
}

/// Saves the current person's language and position (only on a change).
pub fn remember(app: &mut App) {
    let screen = if app.screen == Screen::Users {
        app.users.back
    } else {
        Some(app.screen)
    };
    let at = match screen {
        Some(Screen::Flow | Screen::Summary) => app.session.as_ref().map(|s| s.flow().id.clone()),
        _ => None,
    };
    let lang = app.lang.tag().to_string();
    if let Some(u) = app.user.as_mut() {
        // Someone who has nothing saved yet gets no file just for this.
        if !u.is_stored() && at.is_none() && lang == app.users.staff_lang.tag() {
            return;
        }
        let p = u.person();
        if p.at != at || p.lang.as_deref() != Some(lang.as_str()) {
            // A failure shows on the next progress save, which says why.
            let _ = u.set_person(|p| {
                p.at = at;
                p.lang = Some(lang);
            });
        }
    }
}

/// At start-up without `--lang`/`BANSHI_LANG`: the language the person was
/// last served in, if remembered.
pub fn restore_lang(app: &mut App) {
    if let Some(l) = app
        .user
        .as_ref()
        .and_then(|u| u.person().lang)
        .as_deref()
        .and_then(Lang::parse)
    {
        app.lang = l;
    }
}

/// After switching to a person: their language, and the procedure they
/// were in (at the step they reached).
pub fn restore(app: &mut App) {
    let (lang, at) = match app.user.as_ref() {
        Some(u) => {
            let p = u.person();
            (p.lang, p.at)
        }
        None => (None, None),
    };
    app.lang = lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(app.users.staff_lang);
    if let Some(i) = at.as_deref().and_then(|id| app.flow_index(id)) {
        app.open_flow(i);
    }
}

/// `x` / F4: asks, offering the printout first.
pub fn done(app: &mut App) {
    if serving(app) {
        app.overlay = Some(Overlay::Done);
    }
}

/// The question "done with NAME?", after what the last key did (where the
/// printout went): the question covers the message lines.
pub fn question(app: &App) -> String {
    let key = match app.notice {
        Some(_) => "tui.confirm_done_notice",
        None => "tui.confirm_done",
    };
    let q = app.locale().fmt(key, &[("name", &app.user_name)]);
    let mut parts: Vec<&str> = app.messages.iter().map(|m| m.text.as_str()).collect();
    parts.push(&q);
    parts.join(" ")
}

/// In the "done?" question: `p` saves the printout of the open procedure
/// (else the most recent one); y finishes; n goes back.
pub fn answer(app: &mut App, action: Action) {
    match action {
        Action::Print => {
            if app.session.is_none() {
                let recent = app
                    .user
                    .as_ref()
                    .and_then(|u| u.in_progress().into_iter().next())
                    .and_then(|s| app.flow_index(&s.flow_id));
                match recent {
                    Some(i) => {
                        let flow = std::sync::Arc::clone(&app.flows[i]);
                        let session = app.user.as_mut().map(|u| u.resume(flow));
                        app.session = session;
                    }
                    None => {
                        let text = app.t("tui.nothing_to_print");
                        app.say(Level::Info, text);
                        return;
                    }
                }
            }
            super::app::print_message(app);
        }
        Action::Confirm(true) => {
            app.overlay = None;
            to_neutral(app);
            let text = app.t("tui.cleared");
            app.say(Level::Info, text);
        }
        Action::Confirm(false) => app.overlay = None,
        _ => {}
    }
}

/// Saves, then serves nobody: the switcher, naming no one.
pub fn to_neutral(app: &mut App) {
    remember(app);
    app.session = None;
    app.user = None;
    app.user_name.clear();
    app.continuing.clear();
    app.home.query.clear();
    app.home.results.clear();
    app.home.selected = 0;
    app.flow = Default::default();
    app.summary = Default::default();
    app.overlay = None;
    app.lang = app.users.staff_lang;
    app.messages.clear();
    app.users.back = None;
    switcher::open(app);
}

/// Whether the idle time passing changes anything (someone is served, or
/// something was typed or asked on the neutral screen).
pub fn idle_due(app: &App) -> bool {
    serving(app)
        || !app.users.input.is_empty()
        || app.overlay.is_some()
        || app.screen != Screen::Users
}

/// No key for the `--idle` time: save and clear to the neutral screen.
pub fn idle(app: &mut App) {
    if idle_due(app) {
        let was_serving = serving(app);
        to_neutral(app);
        if was_serving {
            let text = app.t("tui.idle_cleared");
            app.say(Level::Info, text);
        }
    }
}
