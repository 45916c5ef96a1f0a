//! The 参保地 picker: one text field with the matching places below it.
//! Typing finds a province or city by Chinese, pinyin or initials (南京,
//! nanjing, nj); Up/Down picks; Enter sets the person's 参保地 (saved in
//! their profile, ids only). The last row is "not sure": the person sees
//! the national procedures and is not asked again. Esc leaves it as it was.
//!
//! It opens by itself the first time a procedure with local rules starts
//! and the profile does not say where the person is insured, and with `a`
//! from any screen to change it.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::app::{Action, App, Screen};
use super::input::Input;
use super::view::FieldList;
use crate::flow::places::Places;

/// Places listed at most.
const SHOWN: usize = 8;

/// The picker's state.
#[derive(Debug, Default)]
pub struct Picker {
    pub input: Input,
    /// Matching place ids, best first.
    pub found: Vec<&'static str>,
    pub selected: usize,
    /// The procedure to open once the place is given (it asked).
    pub then_open: Option<usize>,
    /// The screen to go back to.
    pub back: Option<Screen>,
}

impl Picker {
    /// Rows: the places found, then "not sure".
    fn rows(&self) -> usize {
        self.found.len() + 1
    }
}

/// The places matching `query`, best first (the provinces for a blank
/// one).
fn find(query: &str) -> Vec<&'static str> {
    crate::search::places::find_places(Places::shipped(), query, SHOWN)
        .into_iter()
        .map(|p| p.id)
        .collect()
}

/// Opens the picker; `then_open`: the procedure that needs the answer.
pub fn open(app: &mut App, then_open: Option<usize>) {
    let back = if app.screen == Screen::Region {
        app.picker.back
    } else {
        Some(app.screen)
    };
    app.picker = Picker {
        then_open,
        back,
        found: find(""),
        ..Picker::default()
    };
    app.screen = Screen::Region;
}

pub fn update(app: &mut App, action: Action) {
    let p = &mut app.picker;
    let mut edited = false;
    match action {
        Action::Type(s) => {
            p.input.insert(&s);
            edited = true;
        }
        Action::DeleteBack => edited = p.input.backspace(),
        Action::DeleteWord => edited = p.input.delete_word(),
        Action::ClearLine => {
            p.input.clear();
            edited = true;
        }
        Action::CursorLeft => p.input.left(),
        Action::CursorRight => p.input.right(),
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::Down => p.selected = (p.selected + 1).min(p.rows() - 1),
        Action::First => p.selected = 0,
        Action::Last => p.selected = p.rows() - 1,
        Action::Select => {
            let chosen = p.found.get(p.selected).copied();
            let region = chosen.unwrap_or(crate::engine::REGION_UNSURE);
            let then = p.then_open;
            app.set_region(region, then);
            return;
        }
        Action::StopTyping | Action::Back => {
            let then = p.then_open.take();
            app.screen = p.back.unwrap_or(Screen::Home);
            if let Some(i) = then {
                // Not now: the national procedure; asked again next time.
                app.open_flow_in(i, true);
            }
            return;
        }
        _ => {}
    }
    if edited {
        p.found = find(p.input.as_str());
        p.selected = 0;
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let p = &app.picker;
    let mut help = vec![app.t("tui.region_help").to_string()];
    if let Some(now) = app.region_name() {
        help.push(app.locale().fmt("tui.region_now", &[("region", &now)]));
    }
    let places = Places::shipped();
    let mut rows: Vec<String> = p
        .found
        .iter()
        .filter_map(|id| places.get(id))
        .map(|pl| pl.full_name(app.lang))
        .collect();
    rows.push(app.t("tui.region_unsure").to_string());
    FieldList {
        prompt: app.t("tui.region_prompt"),
        input: &p.input,
        help,
        rows,
        selected: p.selected,
        empty: "",
    }
    .draw(app, frame, area);
}
