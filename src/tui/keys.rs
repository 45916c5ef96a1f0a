//! Terminal events → [`Action`]s. Which key means what depends only on
//! whether the user is typing into a text box and which overlay is open.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, App, Overlay};

/// The action for a terminal event, if any.
pub fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => action_for(app, *k),
        Event::Paste(s) if app.typing() => Some(Action::Type(s.clone())),
        Event::Resize(..) => Some(Action::Resize),
        _ => None,
    }
}

/// The action for a key press.
pub fn action_for(app: &App, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C')) {
        return Some(Action::ForceQuit);
    }
    if key.code == KeyCode::F(1) {
        return Some(Action::Help);
    }
    if app.overlay == Some(Overlay::ConfirmRestart) {
        return Some(match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => Action::Confirm(true),
            KeyCode::Char('q') => Action::Quit,
            _ => Action::Confirm(false),
        });
    }
    if app.overlay.is_some() {
        return Some(match key.code {
            KeyCode::Char('q') => Action::Quit,
            _ => Action::Back,
        });
    }
    let common = match key.code {
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        KeyCode::Enter => Some(Action::Select),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    if app.typing() {
        return match key.code {
            KeyCode::Esc => Some(Action::StopTyping),
            KeyCode::Backspace => Some(Action::DeleteBack),
            KeyCode::Left => Some(Action::CursorLeft),
            KeyCode::Right => Some(Action::CursorRight),
            KeyCode::Tab => Some(Action::StopTyping),
            KeyCode::Char('u') if ctrl => Some(Action::Users),
            KeyCode::Char(c) if !ctrl => Some(Action::Type(c.to_string())),
            _ => None,
        };
    }
    if ctrl {
        return None;
    }
    Some(match key.code {
        KeyCode::Esc | KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => Action::Back,
        KeyCode::Right | KeyCode::Char('n') => Action::Next,
        KeyCode::Home | KeyCode::Char('g') => Action::First,
        KeyCode::End | KeyCode::Char('G') => Action::Last,
        KeyCode::Char('k') => Action::Up,
        KeyCode::Char('j') => Action::Down,
        KeyCode::Char(' ') => Action::Toggle,
        KeyCode::Char('/') => Action::FocusSearch,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('s') => Action::Summary,
        KeyCode::Char('p') => Action::Print,
        KeyCode::Char('r') => Action::Restart,
        KeyCode::Char('l') => Action::ToggleLang,
        KeyCode::Char('u') => Action::Users,
        KeyCode::Char('t') => Action::Route,
        KeyCode::Char('o') => Action::Related,
        KeyCode::Char(c) if is_text(c) => Action::Type(c.to_string()),
        _ => return None,
    })
}

/// A character that starts typing a search even when the box is not focused
/// (Chinese from an IME, digits); letters are commands there.
fn is_text(c: char) -> bool {
    !c.is_ascii()
}
