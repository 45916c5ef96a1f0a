//! The checklist's QR code on the summary screen, so a citizen can take the
//! list away on the phone: plain text (title, materials by place, time
//! limits, hotlines), no link (see [`crate::render::notice`]).
//!
//! Drawn with the upper half block `▀`, two modules a cell, in black and
//! white set explicitly (the code must be dark on light whatever the
//! terminal's colours), with a light quiet zone. A module is one column wide
//! and half a row high, about square in common terminal fonts, and never
//! smaller. The code goes beside the summary when the window is wide enough,
//! else after it (scroll down to it); it carries the richest text that fits
//! (notes, then time limits, then counts are left out, never a material).
//! When even the bare list does not fit, the screen says how large the
//! window must be and offers the printout (`p`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;
use super::view::para;
use crate::render::Summary;
use crate::render::notice::{Detail, Fitted, fit_code, qr_text};
use crate::render::qr::{Code, Ec};

/// Light modules around the code, each side.
const QUIET: usize = 2;
/// The summary keeps at least this many columns beside the code.
const TEXT_MIN: u16 = 44;

/// The caption above the code: what it is, and what it leaves out.
fn caption(app: &App, f: &Fitted) -> String {
    let l = app.locale();
    let mut c = l.t("tui.qr_title").to_string();
    if let Some(what) = f.detail.left_out(l) {
        c.push_str(&l.fmt("notice.qr_short", &[("what", &what)]));
    }
    c
}

/// The code as lines of `▀` cells: foreground the top module, background
/// the bottom one.
fn code_lines(code: &Code) -> Vec<Line<'static>> {
    let colour = |dark: bool| if dark { Color::Black } else { Color::White };
    code.cells(QUIET)
        .into_iter()
        .map(|row| {
            Line::from(
                row.into_iter()
                    .map(|(top, bottom)| {
                        Span::styled("▀", Style::new().fg(colour(top)).bg(colour(bottom)))
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

/// The richest code at most `cols` columns wide and `rows` rows high.
fn fit(app: &App, sum: &Summary, cols: usize, rows: usize) -> Option<Fitted> {
    let side = cols.min(rows * 2).checked_sub(2 * QUIET)?;
    fit_code(sum, app.locale(), Ec::Low, side)
}

/// Draws the code at the right of `area` when there is room for it and at
/// least 44 columns of summary; returns the area left for the summary and
/// whether the code was drawn.
pub fn beside(app: &App, sum: &Summary, frame: &mut Frame, area: Rect) -> (Rect, bool) {
    let Some(panel) = area.width.checked_sub(TEXT_MIN + 1) else {
        return (area, false);
    };
    let panel = panel as usize;
    // The caption takes two or three lines at the panel's width.
    let Some(f) = fit(app, sum, panel, (area.height as usize).saturating_sub(3)) else {
        return (area, false);
    };
    let (cols, rows) = f.code.half_block_cells(QUIET);
    let mut lines = para(&caption(app, &f), cols, "", app.theme.heading());
    if lines.len() + rows > area.height as usize {
        return (area, false);
    }
    lines.extend(code_lines(&f.code));
    let x = area.right() - cols as u16;
    let code_area = Rect {
        x,
        width: cols as u16,
        height: lines.len() as u16,
        ..area
    };
    frame.render_widget(Paragraph::new(lines), code_area);
    (
        Rect {
            width: area.width - cols as u16 - 1,
            ..area
        },
        true,
    )
}

/// The code as lines to put after the summary (`w` columns, `h` rows in
/// view), or, when it cannot be shown whole, a line saying how large the
/// window must be and offering the printout.
pub fn below(app: &App, sum: &Summary, w: usize, h: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from("")];
    let fitted = fit(app, sum, w, h.saturating_sub(3));
    if let Some(f) = fitted {
        let cap = para(&caption(app, &f), w, "", app.theme.heading());
        let (_, rows) = f.code.half_block_cells(QUIET);
        if cap.len() + rows <= h {
            lines.extend(cap);
            lines.extend(code_lines(&f.code));
            return lines;
        }
    }
    let l = app.locale();
    let text = match needed(app, sum) {
        Some((cols, rows)) => l.fmt("tui.qr_too_small", &[("w", &cols), ("h", &rows)]),
        None => l.t("notice.qr_none").to_string(),
    };
    lines.extend(para(&text, w, "", app.theme.muted()));
    lines
}

/// The smallest window (columns, rows) that shows the bare list's code
/// whole after the summary: the code, its caption, the title and status lines.
pub fn needed(app: &App, sum: &Summary) -> Option<(usize, usize)> {
    let text = qr_text(sum, app.locale(), Detail::Bare);
    let code = Code::encode(&text, Ec::Low)?;
    let (cols, rows) = code.half_block_cells(QUIET);
    Some((cols.max(60) + 1, rows + 3 + 2))
}
