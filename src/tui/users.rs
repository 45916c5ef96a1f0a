//! The user switcher (helpdesk): saved users, and a new one by name.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

use super::app::App;
use super::text::{pad, truncate, width};
use super::view::{offset, para, show};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let th = app.theme;
    let w = area.width.saturating_sub(1) as usize;
    let x = area.x + 1;
    let mut lines = para(app.t("tui.users_help"), w, "", th.muted());
    let head = lines.len();
    let sel = app.users.selected;
    let prompt = format!("{} ", app.t("tui.new_user"));
    let marker = |i: usize| if i == sel { "> " } else { "  " };
    let style = |i: usize| {
        if i == sel {
            th.selected()
        } else {
            Style::new()
        }
    };
    let new_line = format!("{}{}{}", marker(0), prompt, app.users.new_name.as_str());
    lines.push(Line::styled(pad(&new_line, w), style(0)));
    for (i, name) in app.users.names.iter().enumerate() {
        let mut text = format!("{}{}", marker(i + 1), name);
        if *name == app.user_name {
            text.push_str(&format!("  ({})", app.t("tui.current_user")));
        }
        lines.push(Line::styled(pad(&truncate(&text, w), w), style(i + 1)));
    }
    let off = offset(
        lines.len(),
        Some((head + sel, head + sel + 1)),
        area.height as usize,
        0,
    );
    show(
        frame,
        Rect {
            x,
            width: w as u16,
            ..area
        },
        lines,
        off,
    );
    if app.typing() && head >= off {
        let col = width(marker(0)) + width(&prompt) + app.users.new_name.cursor_column();
        let row = (head - off) as u16;
        if row < area.height {
            frame.set_cursor_position(Position::new(x + col.min(w) as u16, area.y + row));
        }
    }
}
