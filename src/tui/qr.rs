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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;

    use super::super::app::{Action, App, Screen, update};
    use super::super::theme::Theme;
    use super::super::view::draw;
    use super::*;
    use crate::date::Date;
    use crate::flow::{Lang, Source, parse};
    use crate::store::Store;

    const CARD: &str = include_str!("../../tests/fixtures/wizard/test-card.ron");

    fn summary_app(lang: Lang) -> (tempfile::TempDir, App) {
        let flow = parse(&Source {
            path: "test-card.ron".into(),
            text: CARD.into(),
        })
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(dir.path())).map_err(|e| e.to_string());
        let today = Date::parse("2026-03-01").unwrap();
        let mut app = App::new(
            vec![Arc::new(flow)],
            store,
            "王芳",
            lang,
            today,
            Theme { color: true },
        );
        update(&mut app, Action::Type("ceshi".into()));
        update(&mut app, Action::Select);
        update(&mut app, Action::Summary);
        assert_eq!(app.screen, Screen::Summary);
        (dir, app)
    }

    fn render(app: &App, w: u16, h: u16) -> Buffer {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| draw(app, f)).unwrap().buffer.clone()
    }

    /// The code on screen as a bitmap: each `▀` cell is two modules, the
    /// top one its foreground, the bottom one its background.
    fn bitmap(buf: &Buffer) -> Vec<Vec<bool>> {
        let (w, h) = (buf.area.width, buf.area.height);
        let mut rows = Vec::new();
        for y in 0..h {
            let cells: Vec<_> = (0..w)
                .map(|x| &buf[(x, y)])
                .filter(|c| c.symbol() == "▀")
                .collect();
            if cells.is_empty() {
                continue;
            }
            rows.push(cells.iter().map(|c| c.fg == Color::Black).collect());
            rows.push(cells.iter().map(|c| c.bg == Color::Black).collect());
        }
        rows
    }

    fn decode(bitmap: &[Vec<bool>]) -> Vec<String> {
        const SCALE: usize = 4;
        let h = bitmap.len();
        let w = bitmap.iter().map(Vec::len).max().unwrap_or(0);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * SCALE, h * SCALE, |x, y| {
            if bitmap[y / SCALE].get(x / SCALE).copied().unwrap_or(false) {
                0
            } else {
                255
            }
        });
        img.detect_grids()
            .into_iter()
            .map(|g| g.decode().expect("decodes").1)
            .collect()
    }

    #[test]
    fn the_summary_code_scans_to_the_checklist() {
        for lang in Lang::ALL {
            let (_dir, app) = summary_app(lang);
            let buf = render(&app, 120, 40);
            let sum = crate::render::Summary::new(
                app.session.as_ref().unwrap(),
                Some(&app.user_name),
                app.today,
            );
            let decoded = decode(&bitmap(&buf));
            assert_eq!(decoded.len(), 1, "{lang:?}");
            let levels: Vec<String> = Detail::LADDER
                .iter()
                .map(|d| qr_text(&sum, app.locale(), *d))
                .collect();
            assert!(levels.contains(&decoded[0]), "{}", decoded[0]);
            for m in sum.materials() {
                assert!(decoded[0].contains(m.label.get(lang)));
            }
        }
    }

    #[test]
    fn too_small_a_window_says_so_and_offers_the_printout() {
        let (_dir, mut app) = summary_app(Lang::ZhCn);
        for _ in 0..20 {
            update(&mut app, Action::PageDown);
        }
        let buf = render(&app, 60, 16);
        let text: String = (0..16)
            .map(|y| (0..60).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect();
        assert!(bitmap(&buf).is_empty());
        let text = text.replace(' ', "");
        assert!(text.contains("窗口放不下清单的二维码"), "{text}");
        assert!(text.contains("按p保存打印版"), "{text}");
    }
}
