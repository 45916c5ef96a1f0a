//! The one keymap: [`KEYMAP`] says which key does what, where. Dispatch
//! ([`action_for`]), the help screen ([`super::help`]), the footer
//! ([`footer`]) and the README's key table (checked by a test) all read it.
//!
//! The rule that decides where a key works is the focus:
//! - while a text field has focus (the search box, the person switcher),
//!   every printable key types, `u`, `l`, `q`, `j`, `k` and Space included;
//!   only Ctrl/Alt/F-keys, arrows, Enter and Esc act, and Ctrl-U / Ctrl-W
//!   edit the line as in readline;
//! - where no text field has focus, letters are shortcuts;
//! - a yes/no question takes only its own keys;
//! - the help and route overlays close on any key.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, App, Overlay, Screen};

/// One key with its modifiers (Shift is ignored for characters: `G`, `?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn f(n: u8) -> Key {
    key(KeyCode::F(n))
}

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere but in a question or overlay, text field focused or not.
    Anywhere,
    /// Only while a text field has focus.
    Text,
    /// Only where no text field has focus.
    Commands,
    /// In the person switcher.
    Switcher,
    /// In a yes/no question.
    Confirm,
    /// In the "done with this person?" question only.
    Done,
}

/// The footers: one per kind of screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    HomeTyping,
    /// The 参保地 picker.
    Region,
    /// Typing a day into a date step.
    DateTyping,
    Home,
    Flow,
    Summary,
    Switcher,
    Confirm,
    Done,
}

/// One line of the keymap.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    /// Locale key of what it does (help screen, README); "" = not listed.
    pub help: &'static str,
    /// Locale key of the short footer label.
    pub short: &'static str,
    /// Footers that show it.
    pub footers: &'static [Footer],
}

use Footer as F;
use KeyCode as K;

const ALL_SCREENS: &[Footer] = &[
    F::HomeTyping,
    F::DateTyping,
    F::Home,
    F::Flow,
    F::Summary,
    F::Switcher,
    F::Region,
];

/// The keymap. Order matters only for the help screen and the README table.
pub static KEYMAP: &[Binding] = &[
    Binding {
        keys: &[key(K::Up), ch('k')],
        action: Action::Up,
        scope: Scope::Anywhere,
        help: "tui.key.up",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::Down), ch('j')],
        action: Action::Down,
        scope: Scope::Anywhere,
        help: "tui.key.down",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::PageUp)],
        action: Action::PageUp,
        scope: Scope::Anywhere,
        help: "tui.key.page_up",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::PageDown)],
        action: Action::PageDown,
        scope: Scope::Anywhere,
        help: "tui.key.page_down",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::Home), ch('g')],
        action: Action::First,
        scope: Scope::Commands,
        help: "tui.key.first",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::End), ch('G')],
        action: Action::Last,
        scope: Scope::Commands,
        help: "tui.key.last",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::Enter)],
        action: Action::Select,
        scope: Scope::Anywhere,
        help: "tui.key.select",
        short: "tui.foot.select",
        footers: &[
            F::HomeTyping,
            F::DateTyping,
            F::Home,
            F::Flow,
            F::Summary,
            F::Switcher,
            F::Region,
        ],
    },
    Binding {
        keys: &[ch(' ')],
        action: Action::Toggle,
        scope: Scope::Commands,
        help: "tui.key.toggle",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::Right), ch('n')],
        action: Action::Next,
        scope: Scope::Commands,
        help: "tui.key.next",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::Esc), key(K::Backspace), key(K::Left), ch('h')],
        action: Action::Back,
        scope: Scope::Commands,
        help: "tui.key.back",
        short: "tui.foot.back",
        footers: &[F::Flow, F::Summary],
    },
    Binding {
        keys: &[key(K::Esc)],
        action: Action::StopTyping,
        scope: Scope::Text,
        help: "tui.key.leave_text",
        short: "tui.foot.leave_text",
        footers: &[F::HomeTyping, F::DateTyping, F::Switcher, F::Region],
    },
    Binding {
        keys: &[key(K::Backspace)],
        action: Action::DeleteBack,
        scope: Scope::Text,
        help: "tui.key.delete_back",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[ctrl('u')],
        action: Action::ClearLine,
        scope: Scope::Text,
        help: "tui.key.clear_line",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[ctrl('w')],
        action: Action::DeleteWord,
        scope: Scope::Text,
        help: "tui.key.delete_word",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::Left)],
        action: Action::CursorLeft,
        scope: Scope::Text,
        help: "tui.key.cursor_left",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[key(K::Right)],
        action: Action::CursorRight,
        scope: Scope::Text,
        help: "tui.key.cursor_right",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[ch('/')],
        action: Action::FocusSearch,
        scope: Scope::Commands,
        help: "tui.key.search",
        short: "tui.foot.search",
        footers: &[F::Home, F::Flow, F::Summary],
    },
    Binding {
        keys: &[ch('o')],
        action: Action::Related,
        scope: Scope::Commands,
        help: "tui.key.related",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[ch('s')],
        action: Action::Summary,
        scope: Scope::Commands,
        help: "tui.key.summary",
        short: "tui.foot.summary",
        footers: &[F::Flow],
    },
    Binding {
        keys: &[ch('p')],
        action: Action::Print,
        scope: Scope::Commands,
        help: "tui.key.print",
        short: "tui.foot.print",
        footers: &[F::Summary],
    },
    Binding {
        keys: &[ch('t')],
        action: Action::Route,
        scope: Scope::Commands,
        help: "tui.key.route",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[ch('r')],
        action: Action::Restart,
        scope: Scope::Commands,
        help: "tui.key.restart",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[ch('a'), f(7)],
        action: Action::Region,
        scope: Scope::Anywhere,
        help: "tui.key.region",
        short: "tui.foot.region",
        footers: &[F::Home, F::Flow, F::Summary],
    },
    Binding {
        keys: &[ch('u'), f(2)],
        action: Action::Users,
        scope: Scope::Anywhere,
        help: "tui.key.users",
        short: "tui.foot.users",
        footers: &[F::HomeTyping, F::Home, F::Flow, F::Summary],
    },
    Binding {
        keys: &[ch('x'), f(4)],
        action: Action::Done,
        scope: Scope::Anywhere,
        help: "tui.key.done",
        short: "tui.foot.done",
        footers: &[F::HomeTyping, F::Home, F::Flow, F::Summary],
    },
    Binding {
        keys: &[f(5)],
        action: Action::Reveal,
        scope: Scope::Switcher,
        help: "tui.key.reveal",
        short: "tui.foot.reveal",
        footers: &[F::Switcher],
    },
    Binding {
        keys: &[f(6)],
        action: Action::ClosePerson,
        scope: Scope::Switcher,
        help: "tui.key.close_person",
        short: "tui.foot.close_person",
        footers: &[F::Switcher],
    },
    Binding {
        keys: &[f(8)],
        action: Action::DeletePerson,
        scope: Scope::Switcher,
        help: "tui.key.delete_person",
        short: "tui.foot.delete_person",
        footers: &[F::Switcher],
    },
    Binding {
        keys: &[ch('l'), f(3)],
        action: Action::ToggleLang,
        scope: Scope::Anywhere,
        help: "tui.key.lang",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[ch('?'), f(1)],
        action: Action::Help,
        scope: Scope::Anywhere,
        help: "tui.key.help",
        short: "tui.foot.help",
        footers: ALL_SCREENS,
    },
    Binding {
        keys: &[ch('q')],
        action: Action::Quit,
        scope: Scope::Commands,
        help: "tui.key.quit",
        short: "tui.foot.quit",
        footers: &[F::Home, F::Flow, F::Summary],
    },
    Binding {
        keys: &[ctrl('c')],
        action: Action::ForceQuit,
        scope: Scope::Anywhere,
        help: "tui.key.force_quit",
        short: "",
        footers: &[],
    },
    Binding {
        keys: &[ch('y'), key(K::Enter)],
        action: Action::Confirm(true),
        scope: Scope::Confirm,
        help: "tui.key.yes",
        short: "tui.foot.yes",
        footers: &[F::Confirm, F::Done],
    },
    Binding {
        keys: &[ch('n'), key(K::Esc)],
        action: Action::Confirm(false),
        scope: Scope::Confirm,
        help: "tui.key.no",
        short: "tui.foot.no",
        footers: &[F::Confirm, F::Done],
    },
    Binding {
        keys: &[ch('p'), f(9)],
        action: Action::Print,
        scope: Scope::Done,
        help: "tui.key.print_first",
        short: "tui.foot.print_first",
        footers: &[F::Done],
    },
];

/// What has the keys now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A yes/no question (`done`: the one about finishing with a person).
    Confirm {
        done: bool,
    },
    /// Help or route: any key closes.
    Overlay,
    Text,
    Commands,
}

fn mode(app: &App) -> Mode {
    match app.overlay {
        Some(Overlay::Help | Overlay::Route) => Mode::Overlay,
        Some(o) => Mode::Confirm {
            done: o == Overlay::Done,
        },
        None if app.typing() => Mode::Text,
        None => Mode::Commands,
    }
}

impl Scope {
    fn applies(self, mode: Mode, app: &App) -> bool {
        match (self, mode) {
            (Scope::Anywhere, Mode::Text | Mode::Commands) => true,
            (Scope::Text, Mode::Text) => true,
            (Scope::Commands, Mode::Commands) => true,
            (Scope::Switcher, Mode::Text | Mode::Commands) => app.screen == Screen::Users,
            (Scope::Confirm, Mode::Confirm { .. }) => true,
            (Scope::Done, Mode::Confirm { done }) => done,
            _ => false,
        }
    }
}

impl Key {
    fn matches(&self, k: &KeyEvent) -> bool {
        let mut mods = k.modifiers;
        if matches!(k.code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match k.code {
            // Ctrl-letter arrives as the letter with CONTROL; some terminals send it upper-case.
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        code == self.code && mods == self.mods
    }

    /// How the key is written on screen and in the README.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Bksp".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }

    /// Works while a text field has focus (not a plain printable key).
    fn works_in_text(&self) -> bool {
        !matches!(self.code, KeyCode::Char(_)) || !self.mods.is_empty()
    }
}

/// The action for a terminal event, if any.
pub fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => action_for(app, *k),
        Event::Paste(s) if app.typing() => Some(Action::Type(s.clone())),
        Event::Resize(..) => Some(Action::Resize),
        _ => None,
    }
}

/// The action for a key press: the first binding of [`KEYMAP`] that works
/// here; else, in a text field, a printable key types.
pub fn action_for(app: &App, key: KeyEvent) -> Option<Action> {
    let mode = mode(app);
    if ctrl('c').matches(&key) {
        return Some(Action::ForceQuit);
    }
    if mode == Mode::Overlay {
        // Help scrolls; any other key closes (q quits).
        return Some(match key.code {
            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown
                if app.overlay == Some(Overlay::Help) =>
            {
                return action_in_table(app, mode, &key);
            }
            KeyCode::Char('q') if key.modifiers.is_empty() => Action::Quit,
            _ => Action::Back,
        });
    }
    if let Some(a) = action_in_table(app, mode, &key) {
        return Some(a);
    }
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match (mode, key.code) {
        (Mode::Text, KeyCode::Char(c)) if plain => Some(Action::Type(c.to_string())),
        // Chinese from an IME starts a search where letters are shortcuts.
        (Mode::Commands, KeyCode::Char(c)) if plain && !c.is_ascii() => {
            Some(Action::Type(c.to_string()))
        }
        _ => None,
    }
}

fn action_in_table(app: &App, mode: Mode, key: &KeyEvent) -> Option<Action> {
    let in_overlay = mode == Mode::Overlay;
    let mode = if in_overlay { Mode::Commands } else { mode };
    KEYMAP
        .iter()
        .filter(|b| b.scope.applies(mode, app))
        .find(|b| {
            b.keys
                .iter()
                .any(|k| k.matches(key) && (mode != Mode::Text || k.works_in_text()))
        })
        .map(|b| b.action.clone())
}

/// Which footer the screen shows.
pub fn footer_kind(app: &App) -> Option<Footer> {
    Some(match (app.overlay, app.screen) {
        (Some(Overlay::Done), _) => Footer::Done,
        (Some(Overlay::Help | Overlay::Route), _) => return None,
        (Some(_), _) => Footer::Confirm,
        (None, Screen::Users) => Footer::Switcher,
        (None, Screen::Region) => Footer::Region,
        (None, Screen::Home) if app.typing() => Footer::HomeTyping,
        (None, Screen::Flow) if app.typing() => Footer::DateTyping,
        (None, Screen::Home) => Footer::Home,
        (None, Screen::Flow) => Footer::Flow,
        (None, Screen::Summary) => Footer::Summary,
    })
}

/// The footer's hints in at most `room` cells: `key label` pairs from the
/// keymap, each with the first of its keys that works here (an F-key while
/// typing). Hints that do not fit are left out; help always stays.
pub fn footer(app: &App, room: usize) -> String {
    let Some(kind) = footer_kind(app) else {
        return app.t("tui.hint.overlay").to_string();
    };
    // A text field has focus: only keys that work there are offered.
    let typing = app.typing();
    let mut parts = Vec::new();
    match kind {
        Footer::HomeTyping => parts.push(app.t("tui.foot.type").to_string()),
        Footer::DateTyping => parts.push(app.t("wizard.date_label").trim().to_string()),
        Footer::Switcher => parts.push(app.t("tui.foot.type_name").to_string()),
        Footer::Region => parts.push(app.t("tui.foot.type_region").to_string()),
        _ => {}
    }
    let mut help = None;
    for b in KEYMAP.iter().filter(|b| b.footers.contains(&kind)) {
        if let Some(k) = b.keys.iter().find(|k| !typing || k.works_in_text()) {
            let part = format!("{} {}", k.label(), app.t(b.short));
            if b.action == Action::Help {
                help = Some(part);
            } else {
                parts.push(part);
            }
        }
    }
    let sep = "  ";
    let reserve = help
        .as_ref()
        .map_or(0, |h| super::text::width(h) + sep.len());
    let mut out = String::new();
    for p in parts {
        let add = if out.is_empty() { 0 } else { sep.len() } + super::text::width(&p);
        if super::text::width(&out) + add + reserve > room {
            break;
        }
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(&p);
    }
    if let Some(h) = help {
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(&h);
    }
    out
}

/// The keys of a binding as the help screen and README show them.
pub fn labels(b: &Binding) -> String {
    b.keys.iter().map(Key::label).collect::<Vec<_>>().join(" ")
}

/// The README's key table (English), generated from [`KEYMAP`].
pub fn markdown_table(locale: &crate::locale::Locale) -> String {
    let mut out = String::from("| keys | does |\n|---|---|\n");
    for b in KEYMAP.iter().filter(|b| !b.help.is_empty()) {
        let keys: Vec<String> = b.keys.iter().map(|k| format!("`{}`", k.label())).collect();
        out.push_str(&format!("| {} | {} |\n", keys.join(" "), locale.t(b.help)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Lang;
    use crate::locale::Locale;

    #[test]
    fn the_readme_key_table_is_the_keymap() {
        let readme = include_str!("../../README.md");
        let table = markdown_table(Locale::get(Lang::En));
        assert!(
            readme.contains(&table),
            "README.md's key table differs from src/tui/keys.rs; put this table in the README:\n\n{table}"
        );
    }

    #[test]
    fn every_binding_has_words_in_both_languages() {
        for lang in Lang::ALL {
            let l = Locale::get(lang);
            for b in KEYMAP {
                for key in [b.help, b.short] {
                    assert!(
                        key.is_empty() || l.t(key) != key,
                        "{key} missing in {lang:?}"
                    );
                }
                assert!(
                    b.footers.is_empty() || !b.short.is_empty(),
                    "{:?}",
                    b.action
                );
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_where_it_works() {
        // Two bindings with the same key must never both work at once.
        let works_with = |a: Scope, b: Scope| {
            use Scope::*;
            !matches!(
                (a, b),
                (Text, Commands)
                    | (Commands, Text)
                    | (Done, Anywhere | Text | Commands | Switcher)
                    | (Anywhere | Text | Commands | Switcher, Done)
                    | (Confirm, Anywhere | Text | Commands | Switcher)
                    | (Anywhere | Text | Commands | Switcher, Confirm)
            )
        };
        for (i, a) in KEYMAP.iter().enumerate() {
            for b in &KEYMAP[i + 1..] {
                for k in a.keys {
                    let clash = b.keys.contains(k) && works_with(a.scope, b.scope);
                    // A plain letter bound Anywhere only acts outside text fields.
                    let text_safe = (a.scope == Scope::Text && !k.works_in_text())
                        || (b.scope == Scope::Text && !k.works_in_text());
                    assert!(
                        !clash || text_safe,
                        "{} bound twice: {:?} and {:?}",
                        k.label(),
                        a.action,
                        b.action
                    );
                }
            }
        }
    }
}
