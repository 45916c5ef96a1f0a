//! The help overlay: every key, one line each (fits 60x16 above the status
//! line; the note on saving follows when there is room).

use ratatui::style::Style;
use ratatui::text::Line;

use super::app::App;
use super::text::{pad, width};
use super::view::para;

/// `(keys, locale key of what they do)`.
pub const KEYS: &[(&str, &str)] = &[
    ("Up Down j k", "tui.key.move"),
    ("PgUp PgDn", "tui.key.scroll"),
    ("Enter Space", "tui.key.select"),
    ("Right n", "tui.key.next"),
    ("Esc Bksp Left", "tui.key.back"),
    ("/", "tui.key.search"),
    ("s", "tui.key.summary"),
    ("p", "tui.key.print"),
    ("t", "tui.key.route"),
    ("r", "tui.key.restart"),
    ("u", "tui.key.users"),
    ("l", "tui.key.lang"),
    ("? F1", "tui.key.help"),
    ("q Ctrl-C", "tui.key.quit"),
];

pub fn lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let th = app.theme;
    let mut out = vec![Line::styled(pad(app.t("tui.help_title"), w), th.bar())];
    let key_w = KEYS.iter().map(|(k, _)| width(k)).max().unwrap_or(0) + 2;
    for (k, what) in KEYS {
        let prefix = format!(" {}", pad(k, key_w));
        out.extend(para(app.t(what), w, &prefix, Style::new()));
    }
    out.extend(para(app.t("tui.help_saved"), w, "", th.muted()));
    out
}
