//! `draw`: the whole screen as a pure function of [`App`]. Each screen has
//! its own file; this one lays out the frame (title bar, screen, messages,
//! status line) and draws overlays and the "window too small" notice.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::app::{App, Level, Overlay, Screen};
use super::input::Input;
use super::text::{pad, truncate, width, wrap, wrap_with};
use super::{flow, help, home, more, route, summary, switcher};

/// The smallest terminal the app draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the flow screen shows the route beside the step.
pub const SIDE_PANEL_WIDTH: u16 = 100;

/// At most this many lines of messages under the screen.
const MESSAGE_LINES: usize = 4;

/// Draws the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return;
    }
    let w = area.width as usize;
    let mut messages: Vec<(String, Style)> = app
        .messages
        .iter()
        .flat_map(|m| {
            let style = match m.level {
                Level::Info => app.theme.title(),
                Level::Warn => app.theme.deadline(),
                Level::Error => app.theme.error(),
            };
            wrap(&m.text, w).into_iter().map(move |l| (l, style))
        })
        .collect();
    if messages.len() > MESSAGE_LINES {
        // Never cut a message silently: its last line shown ends in "...".
        messages.truncate(MESSAGE_LINES);
        if let Some((last, _)) = messages.last_mut() {
            *last = truncate(&format!("{last}..."), w);
        }
    }
    let messages: Vec<Line> = messages
        .into_iter()
        .map(|(l, style)| Line::styled(l, style))
        .collect();
    let problem: Vec<Line> = app
        .store_problem
        .iter()
        .flat_map(|p| {
            let text = app.locale().fmt("tui.not_saved", &[("reason", p)]);
            wrap(&text, w)
                .into_iter()
                .map(|l| Line::styled(l, app.theme.error()))
        })
        .take(2)
        .collect();
    let below = (messages.len() + problem.len()) as u16 + 1;
    let title = Rect::new(area.x, area.y, area.width, 1);
    let body = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1 + below),
    );
    let notes = Rect::new(area.x, body.bottom(), area.width, below.saturating_sub(1));
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);

    frame.render_widget(title_bar(app, w), title);
    match app.screen {
        Screen::Home => home::draw(app, frame, body),
        Screen::Flow => flow::draw(app, frame, body),
        Screen::Summary => summary::draw(app, frame, body),
        Screen::Users => switcher::draw(app, frame, body),
        Screen::Region => super::region::draw(app, frame, body),
    }
    let mut note_lines = problem;
    note_lines.extend(messages);
    frame.render_widget(Paragraph::new(note_lines), notes);
    frame.render_widget(status_line(app, w), status);

    match app.overlay {
        Some(Overlay::Help) => {
            let above_status = Rect {
                height: area.height - 1,
                ..area
            };
            let lines = help::lines(app, w);
            let off = app
                .help_scroll
                .min(lines.len().saturating_sub(above_status.height as usize));
            overlay(frame, above_status, lines.into_iter().skip(off).collect());
        }
        Some(Overlay::Route) => {
            let mut lines = vec![Line::styled(app.t("tui.route"), app.theme.heading())];
            lines.extend(route::lines(app, body.width.saturating_sub(2) as usize));
            frame.render_widget(Clear, body);
            let inner = Rect {
                x: body.x + 1,
                width: body.width.saturating_sub(1),
                ..body
            };
            let lines = more::visible(app, lines, 0, inner.height as usize, inner.width as usize);
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Some(o @ (Overlay::ConfirmRestart | Overlay::ConfirmPerson | Overlay::Done)) => {
            let text = match o {
                Overlay::ConfirmPerson => switcher::question(app),
                Overlay::Done => super::person::question(app),
                _ => app.t("tui.confirm_restart").to_string(),
            };
            let text = text.as_str();
            let lines = wrap(text, w)
                .into_iter()
                .map(|l| Line::styled(l, app.theme.warning()))
                .collect();
            overlay(frame, notes.union(status), lines);
        }
        None => {}
    }
}

/// A full-width overlay (no border: borders over Chinese text garble).
fn overlay(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines), area);
}

fn title_bar(app: &App, w: usize) -> Paragraph<'static> {
    let mut left = format!(" {}", app.t("tui.app_name"));
    let topic = match app.screen {
        Screen::Home => None,
        Screen::Users if app.user_name.is_empty() => Some(app.t("tui.next_person").to_string()),
        Screen::Users => Some(app.t("tui.users_title").to_string()),
        Screen::Region => Some(app.t("tui.region_title").to_string()),
        Screen::Flow | Screen::Summary => app
            .session
            .as_ref()
            .map(|s| s.flow().title.get(app.lang).to_string()),
    };
    let right = if app.user_name.is_empty() {
        format!("{} ", app.t("tui.nobody"))
    } else {
        format!(
            "{} ",
            app.locale().fmt("tui.user", &[("name", &app.user_name)])
        )
    };
    if let Some(t) = topic {
        left.push_str(" | ");
        left.push_str(&t);
    }
    let room = w.saturating_sub(width(&right) + 1);
    let line = format!("{} {}", pad(&left, room), right);
    Paragraph::new(Line::styled(pad(&line, w), app.theme.bar()))
}

fn status_line(app: &App, w: usize) -> Paragraph<'static> {
    let right = format!(" {} [{}]", app.user_name, app.lang.tag());
    let right = truncate(&right, w / 2);
    let hints = super::keys::footer(app, w.saturating_sub(width(&right) + 1));
    let hints = hints.as_str();
    let left = pad(hints, w.saturating_sub(width(&right)));
    Paragraph::new(Line::from(vec![
        Span::styled(left, app.theme.muted()),
        Span::styled(right, app.theme.title()),
    ]))
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = app.locale().fmt(
        "tui.too_small",
        &[
            ("w", &area.width),
            ("h", &area.height),
            ("min_w", &MIN_WIDTH),
            ("min_h", &MIN_HEIGHT),
        ],
    );
    let lines: Vec<Line> = wrap(&text, area.width.max(1) as usize)
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The first line to show so that `selected` (a range of line numbers) is
/// visible in `height` lines, scrolled down by at least `wanted`.
pub fn offset(
    total: usize,
    selected: Option<(usize, usize)>,
    height: usize,
    wanted: usize,
) -> usize {
    let max = total.saturating_sub(height);
    let mut off = wanted.min(max);
    if let Some((start, end)) = selected {
        if end > off + height {
            off = end.saturating_sub(height);
        }
        if start < off {
            off = start;
        }
    }
    off.min(max)
}

/// Wrapped lines of `text` in `style`, with a prefix on the first line and
/// an indent (of the prefix's width) on the others.
pub fn para(text: &str, w: usize, prefix: &str, style: Style) -> Vec<Line<'static>> {
    let indent = " ".repeat(width(prefix));
    wrap_with(text, w, prefix, &indent)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// Shows `lines[off..]` in `area`.
pub fn show(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, off: usize) {
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(off)
        .take(area.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// A text field over a list of rows: the person switcher, the 参保地 picker.
pub struct FieldList<'a> {
    /// The field's label ("姓名:").
    pub prompt: &'a str,
    pub input: &'a Input,
    /// Paragraphs under the field, muted.
    pub help: Vec<String>,
    /// One line each; the selected one is marked "> " and highlighted.
    pub rows: Vec<String>,
    pub selected: usize,
    /// Shown, muted, where there are no rows.
    pub empty: &'a str,
}

impl FieldList<'_> {
    /// The prompt and the field on the first line, the help under it, the
    /// rows in the rest of `area` (scrolled so that the selected one
    /// shows); the cursor stands in the field unless an overlay covers it.
    pub fn draw(self, app: &App, frame: &mut Frame, area: Rect) {
        let th = app.theme;
        let w = area.width.saturating_sub(1) as usize;
        let x = area.x + 1;
        let prompt = format!("{} ", self.prompt);
        let mut lines = vec![Line::from(vec![
            Span::styled(prompt.clone(), th.title()),
            Span::raw(truncate(
                self.input.as_str(),
                w.saturating_sub(width(&prompt) + 1),
            )),
        ])];
        for h in &self.help {
            lines.extend(para(h, w, "", th.muted()));
        }
        let head = lines.len();
        let mut body = Vec::new();
        if self.rows.is_empty() {
            body.push(Line::styled(self.empty.to_string(), th.muted()));
        }
        for (i, text) in self.rows.iter().enumerate() {
            let (marker, style) = if i == self.selected {
                ("> ", th.selected())
            } else {
                ("  ", Style::new())
            };
            body.push(Line::styled(
                pad(&truncate(&format!("{marker}{text}"), w), w),
                style,
            ));
        }
        let list_h = (area.height as usize).saturating_sub(head);
        let sel = self.selected;
        let off = offset(body.len(), Some((sel, sel + 1)), list_h, 0);
        show(
            frame,
            Rect {
                x,
                width: w as u16,
                height: head as u16,
                ..area
            },
            lines,
            0,
        );
        show(
            frame,
            Rect {
                x,
                y: area.y + head as u16,
                width: w as u16,
                height: list_h as u16,
            },
            body,
            off,
        );
        if app.overlay.is_none() {
            let col = width(&prompt) + self.input.cursor_column();
            frame.set_cursor_position(Position::new(x + col.min(w) as u16, area.y));
        }
    }
}
