//! The help overlay: every binding of the keymap ([`super::keys::KEYMAP`]),
//! one line each, then the note on saving. Up/Down/PgUp/PgDn scroll it when
//! the window is small; any other key closes it.

use ratatui::style::Style;
use ratatui::text::Line;

use super::app::App;
use super::keys::{KEYMAP, labels};
use super::text::{pad, width};
use super::view::para;

pub fn lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let th = app.theme;
    let mut out = vec![Line::styled(pad(app.t("tui.help_title"), w), th.bar())];
    out.extend(para(app.t("tui.help_focus"), w, "", th.muted()));
    let listed = KEYMAP.iter().filter(|b| !b.help.is_empty());
    let key_w = listed.clone().map(|b| width(&labels(b))).max().unwrap_or(0) + 2;
    for b in listed {
        let prefix = format!(" {}", pad(&labels(b), key_w));
        out.extend(para(app.t(b.help), w, &prefix, Style::new()));
    }
    out.extend(para(app.t("tui.help_saved"), w, "", th.muted()));
    out
}
