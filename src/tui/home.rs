//! The home screen: the search box, results (title and one-line hint), and
//! when the box is empty, the user's flows in progress and every category.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::app::{App, HomeRow};
use super::text::{char_width, pad, truncate, width};
use super::view::{offset, show};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    let w = area.width as usize;
    let th = app.theme;
    let prompt = format!("{} ", app.t("tui.search"));
    let query = app.home.query.as_str();
    let search_line = if query.is_empty() {
        let placeholder = if app.home.typing {
            app.t("tui.search_placeholder")
        } else {
            app.t("tui.search_unfocused")
        };
        Line::from(vec![
            Span::styled(prompt.clone(), th.title()),
            Span::styled(
                truncate(placeholder, w.saturating_sub(width(&prompt))),
                th.muted(),
            ),
        ])
    } else {
        Line::from(vec![
            Span::styled(prompt.clone(), th.title()),
            Span::styled(
                truncate(query, w.saturating_sub(width(&prompt) + 1)),
                Style::new().add_modifier(Modifier::UNDERLINED),
            ),
        ])
    };
    let searching = !query.trim().is_empty();
    let info = if searching {
        if let Some(dead_end) = &app.home.dead_end {
            let mut s = String::new();
            if let Some(q) = &dead_end.did_you_mean {
                s = app.locale().fmt("search.did_you_mean", &[("query", q)]);
                s.push(' ');
            }
            if dead_end.closest || app.home.results.is_empty() {
                s.push_str(app.t("search.closest"));
            } else {
                let n = app.home.results.len();
                s.push_str(&app.locale().fmt("tui.results", &[("n", &n)]));
            }
            s
        } else if app.home.results.is_empty() {
            app.t("tui.no_results").to_string()
        } else {
            app.locale()
                .fmt("tui.results", &[("n", &app.home.results.len())])
        }
    } else if app.typing() {
        app.t("tui.browse").to_string()
    } else {
        app.t("tui.browse_keys").to_string()
    };
    let mut lines = vec![search_line, Line::styled(truncate(&info, w), th.muted())];
    let head = lines.len();

    let mut selected_range = None;
    let mut selectable = 0;
    let rows = app.home_rows();
    if !searching && !app.continuing.is_empty() {
        lines.push(Line::styled(
            truncate(app.t("tui.in_progress"), w),
            th.heading(),
        ));
    }
    for row in rows {
        let is_sel = !matches!(row, HomeRow::Heading(_)) && selectable == app.home.selected;
        let start = lines.len() - head;
        let marker = if is_sel { "> " } else { "  " };
        let sel_style = if is_sel { th.selected() } else { Style::new() };
        match row {
            HomeRow::Heading(c) => {
                lines.push(Line::from(""));
                lines.push(Line::styled(
                    truncate(app.t(c.locale_key()), w),
                    th.heading(),
                ));
            }
            HomeRow::Continue(i) => {
                let c = &app.continuing[i];
                let title = app.flows[c.flow].title.get(app.lang);
                let text = if c.finished {
                    app.locale().fmt("tui.finished_flow", &[("title", &title)])
                } else {
                    app.locale().fmt(
                        "tui.continue",
                        &[
                            ("title", &title),
                            ("done", &c.progress.done),
                            ("total", &c.progress.total),
                        ],
                    )
                };
                lines.push(Line::styled(pad(&format!("{marker}{text}"), w), sel_style));
            }
            HomeRow::Flow(i) => {
                let flow = &app.flows[i];
                let title = flow.title.get(app.lang);
                let positions = app
                    .home
                    .results
                    .iter()
                    .find(|f| f.flow == i)
                    .map(|f| f.positions(app.lang).to_vec())
                    .unwrap_or_default();
                lines.push(highlighted(
                    marker,
                    title,
                    &positions,
                    w,
                    sel_style,
                    th.title(),
                ));
                if searching {
                    let hint = flow.summary.get(app.lang);
                    lines.push(Line::styled(
                        truncate(&format!("    {hint}"), w),
                        th.muted(),
                    ));
                }
            }
        }
        if !matches!(row, HomeRow::Heading(_)) {
            if is_sel {
                selected_range = Some((start, lines.len() - head));
            }
            selectable += 1;
        }
    }
    let list_h = (area.height as usize).saturating_sub(head);
    let body: Vec<Line<'static>> = lines.split_off(head);
    let off = offset(body.len(), selected_range, list_h, 0);
    show(
        frame,
        Rect {
            height: head as u16,
            ..area
        },
        lines,
        0,
    );
    show(
        frame,
        Rect {
            y: area.y + head as u16,
            height: list_h as u16,
            ..area
        },
        body,
        off,
    );
    if app.typing() {
        let col = width(&prompt) + app.home.query.cursor_column();
        let col = col.min(w.saturating_sub(1)) as u16;
        frame.set_cursor_position(Position::new(area.x + col, area.y));
    }
}

/// `marker` + `title` (cut to `w` cells) with the characters at `positions`
/// in `strong`; the rest in `base`.
fn highlighted(
    marker: &str,
    title: &str,
    positions: &[usize],
    w: usize,
    base: Style,
    strong: Style,
) -> Line<'static> {
    let mut spans = vec![Span::styled(marker.to_string(), base)];
    let mut used = width(marker);
    let room = w.saturating_sub(used);
    let cut = truncate(title, room);
    let kept = if cut == title {
        cut.chars().count()
    } else {
        cut.chars().count().saturating_sub(3)
    };
    for (i, c) in cut.chars().enumerate() {
        let style = if i < kept && positions.contains(&i) {
            base.patch(strong).add_modifier(Modifier::UNDERLINED)
        } else {
            base
        };
        spans.push(Span::styled(c.to_string(), style));
        used += char_width(c);
    }
    spans.push(Span::styled(" ".repeat(w.saturating_sub(used)), base));
    Line::from(spans)
}
