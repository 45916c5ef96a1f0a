//! The help overlay: every key.

use ratatui::text::Line;

use super::app::App;
use ratatui::style::Style;

use super::text::{pad, width};
use super::view::para;

/// `(keys, locale key of what they do)`.
pub const KEYS: &[(&str, &str)] = &[
    ("Up Down j k", "tui.key.move"),
    ("Enter", "tui.key.select"),
    ("Space", "tui.key.tick"),
    ("Right n", "tui.key.next"),
    ("Esc Bksp Left", "tui.key.back"),
    ("PgUp PgDn", "tui.key.scroll"),
    ("/", "tui.key.search"),
    ("s", "tui.key.summary"),
    ("p", "tui.key.print"),
    ("t", "tui.key.route"),
    ("r", "tui.key.restart"),
    ("u", "tui.key.users"),
    ("l", "tui.key.lang"),
    ("? F1", "tui.key.help"),
    ("q", "tui.key.quit"),
    ("Ctrl-C", "tui.key.force_quit"),
];

/// The help text for an area `w` wide and `h` high: one column when it
/// fits, else two.
pub fn lines(app: &App, w: usize, h: usize) -> Vec<Line<'static>> {
    let th = app.theme;
    let mut out = vec![Line::styled(app.t("tui.help_title"), th.heading())];
    let key_w = KEYS.iter().map(|(k, _)| width(k)).max().unwrap_or(0) + 2;
    let entry = |k: &str, what: &'static str, col: usize| {
        pad(&format!("  {}{}", pad(k, key_w), app.t(what)), col)
    };
    let footer = [app.t("tui.help_saved"), app.t("tui.hint.overlay")];
    if KEYS.len() + 4 <= h {
        for (k, what) in KEYS {
            let prefix = format!("  {}", pad(k, key_w));
            out.extend(para(app.t(what), w, &prefix, Style::new()));
        }
    } else {
        let half = KEYS.len().div_ceil(2);
        let col = w / 2;
        for (r, (k, what)) in KEYS.iter().enumerate().take(half) {
            let left = entry(k, what, col);
            let right = KEYS
                .get(r + half)
                .map(|(k, what)| entry(k, what, w - col))
                .unwrap_or_default();
            out.push(Line::from(format!("{left}{right}")));
        }
    }
    for f in footer {
        out.extend(para(f, w, "", th.muted()));
    }
    out
}
