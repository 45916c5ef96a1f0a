//! The flow screen: the step's text (warnings and deadlines marked), then
//! its options or checklist, a progress gauge above and, on wide terminals,
//! the route beside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, FlowRow};
use super::text::{pad, truncate, width};
use super::view::{SIDE_PANEL_WIDTH, offset, para, show};
use super::{more, route};

/// Width of the route panel on wide terminals.
const PANEL: u16 = 34;

/// What the profile says on this step: "来自个人资料：南京 · a 改" when the
/// procedure is shown for the person's 参保地, and for a question answered
/// from the profile, which answer and how to change it.
pub fn profile_lines(app: &App, step: &crate::flow::Step) -> Vec<String> {
    let l = app.locale();
    let mut out = Vec::new();
    let Some(session) = &app.session else {
        return out;
    };
    let from = session.from_profile(&step.id, &app.profile);
    if let Some(p) = from.place {
        let name = p.full_name(app.lang);
        out.push(l.fmt("tui.from_profile_region", &[("region", &name)]));
    }
    if let Some(o) = from.answer {
        out.push(l.fmt(
            "tui.from_profile_answer",
            &[("answer", &o.label.get(app.lang))],
        ));
    }
    out
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let Some(session) = &app.session else { return };
    let Some(step) = session.current() else {
        return;
    };
    let th = app.theme;
    let main = if area.width >= SIDE_PANEL_WIDTH {
        let panel = Rect {
            x: area.right() - PANEL,
            width: PANEL,
            ..area
        };
        let sep: Vec<Line> = (0..panel.height)
            .map(|_| Line::styled("|", th.muted()))
            .collect();
        frame.render_widget(Paragraph::new(sep), Rect { width: 1, ..panel });
        let inner = Rect {
            x: panel.x + 2,
            width: panel.width - 2,
            ..panel
        };
        let mut lines = vec![Line::styled(app.t("tui.route"), th.heading())];
        lines.extend(route::lines(app, inner.width as usize));
        let lines = more::visible(app, lines, 0, inner.height as usize, inner.width as usize);
        show(frame, inner, lines, 0);
        Rect {
            width: area.width - PANEL - 1,
            ..area
        }
    } else {
        area
    };
    let w = main.width.saturating_sub(1) as usize;
    let x = main.x + 1;

    // Gauge and title: always visible.
    let mut head = vec![gauge(app, w)];
    head.extend(para(step.title.get(app.lang), w, "", th.title()));
    if session.is_returning() {
        head.extend(para(app.t("tui.returning"), w, "", th.muted()));
    }
    for line in profile_lines(app, step) {
        head.extend(para(&line, w, "", th.muted()));
    }
    let head_h = head.len() as u16;
    show(
        frame,
        Rect {
            x,
            width: w as u16,
            height: head_h.min(main.height),
            ..main
        },
        head,
        0,
    );

    // The step's text.
    let l = app.locale();
    let mut body: Vec<Line<'static>> = Vec::new();
    for t in &step.body {
        body.extend(para(t.get(app.lang), w, "", Style::new()));
    }
    for t in &step.warnings {
        body.extend(para(
            t.get(app.lang),
            w,
            &format!("{} ", l.t("tui.warning")),
            th.warning(),
        ));
    }
    // The person's own deadlines, worked out from the day they gave, first.
    for t in session
        .deadlines_of(step, app.today)
        .iter()
        .chain(&step.deadlines)
    {
        body.extend(para(
            t.get(app.lang),
            w,
            &format!("{} ", l.t("tui.deadline")),
            th.deadline(),
        ));
    }
    for t in &step.tips {
        body.extend(para(
            t.get(app.lang),
            w,
            &format!("{} ", l.t("tui.tip")),
            th.muted(),
        ));
    }

    // The list.
    let rows = app.flow_rows();
    let mut list: Vec<Line<'static>> = Vec::new();
    let mut sel = None;
    let items = session.visible_items(step);
    let answer = session.answer_of(&step.id);
    for (n, row) in rows.iter().enumerate() {
        let is_sel = n == app.flow.cursor;
        let marker = if is_sel { "> " } else { "  " };
        let start = list.len();
        let first_style = if is_sel { th.selected() } else { Style::new() };
        match *row {
            FlowRow::Choice(i) => {
                let o = &step.options()[i];
                let mark = if answer == Some(o.id.as_str()) {
                    "(*) "
                } else {
                    "( ) "
                };
                let mut label = para(
                    o.label.get(app.lang),
                    w,
                    &format!("{marker}{mark}"),
                    Style::new(),
                );
                style_first(&mut label, first_style, w);
                list.extend(label);
                if let Some(h) = &o.hint {
                    list.extend(para(h.get(app.lang), w, "      ", th.muted()));
                }
            }
            FlowRow::Item(i) => {
                let it = items[i];
                let ticked = session.is_ticked(&step.id, &it.id);
                let mark = if ticked { "[x] " } else { "[ ] " };
                let mut text = it.label.get(app.lang).to_string();
                if !it.required {
                    text.push_str(&format!(" ({})", l.t("show.optional")));
                }
                let mut label = para(&text, w, &format!("{marker}{mark}"), Style::new());
                style_first(&mut label, first_style, w);
                if ticked && !is_sel {
                    for line in &mut label {
                        line.style = th.good();
                    }
                }
                list.extend(label);
                if let Some(m) = &it.material {
                    list.extend(para(
                        &material_text(app, m.originals, m.copies, &[m.at]),
                        w,
                        "      ",
                        th.muted(),
                    ));
                }
                if let Some(note) = &it.note {
                    list.extend(para(note.get(app.lang), w, "      ", th.muted()));
                }
            }
            FlowRow::Continue => {
                let last = session
                    .route_steps()
                    .last()
                    .is_some_and(|s| s.id == step.id);
                let key = if last {
                    "tui.finish_row"
                } else {
                    "tui.continue_row"
                };
                let mut label = para(l.t(key), w, marker, th.title());
                style_first(&mut label, first_style.patch(th.title()), w);
                list.extend(label);
            }
        }
        if is_sel {
            sel = Some((start, list.len()));
        }
    }
    if step.is_question() {
        list.insert(
            0,
            Line::styled(truncate(l.t("tui.choose_one"), w), th.muted()),
        );
        sel = sel.map(|(a, b)| (a + 1, b + 1));
    }
    if step.is_date() {
        let mut top = Vec::new();
        let cursor = if app.flow.date_typing { "_" } else { "" };
        let style = if app.flow.date_typing {
            th.selected()
        } else {
            Style::new()
        };
        top.extend(para(
            &format!("{}{}", app.flow.date.as_str(), cursor),
            w,
            l.t("wizard.date_label"),
            style,
        ));
        top.extend(para(l.t("wizard.date_hint"), w, "", th.muted()));
        if let Some(d) = session.date_of(&step.id) {
            let given = l.fmt("wizard.date_given", &[("date", &d.spoken(app.lang))]);
            top.extend(para(&given, w, "", th.muted()));
        }
        let n = top.len();
        top.append(&mut list);
        list = top;
        sel = sel.map(|(a, b)| (a + n, b + n));
    }

    // Share the height: the list keeps at least half when the text is long.
    let h = main.height.saturating_sub(head_h) as usize;
    let (b, n) = (body.len() + 1, list.len());
    let (body_h, list_h) = if b + n <= h {
        (b, n)
    } else {
        let list_h = n.min(h.saturating_sub(b).max(h / 2));
        (h - list_h, list_h)
    };
    let body_total = body.len();
    let boff = offset(body_total, None, body_h, app.flow.scroll as usize);
    let mut body_vis: Vec<Line<'static>> = body.into_iter().skip(boff).take(body_h).collect();
    if body_total > body_h && body_h >= 2 {
        if boff + body_h < body_total {
            if let Some(last) = body_vis.last_mut() {
                *last = Line::styled(truncate(l.t("tui.more_below"), w), th.muted());
            }
        } else if boff > 0 {
            body_vis[0] = Line::styled(truncate(l.t("tui.more_above"), w), th.muted());
        }
    }
    show(
        frame,
        Rect {
            x,
            y: main.y + head_h,
            width: w as u16,
            height: body_h as u16,
        },
        body_vis,
        0,
    );
    // A list that does not fit ends in the "more below" sign; the selected
    // row stays above it.
    let room = if list.len() > list_h && list_h >= 2 {
        list_h - 1
    } else {
        list_h
    };
    let loff = offset(list.len(), sel, room, 0);
    let list = more::visible(app, list, loff, list_h, w);
    show(
        frame,
        Rect {
            x,
            y: main.y + head_h + body_h as u16,
            width: w as u16,
            height: list_h as u16,
        },
        list,
        0,
    );
}

fn style_first(lines: &mut [Line<'static>], style: Style, w: usize) {
    if let Some(first) = lines.first_mut() {
        let text: String = first.spans.iter().map(|s| s.content.as_ref()).collect();
        *first = Line::from(Span::styled(pad(&text, w), style));
    }
}

/// `原件 ×1 / 复印件 ×2 | 用于: 定点医院`
pub fn material_text(
    app: &App,
    originals: u32,
    copies: u32,
    places: &[crate::flow::Place],
) -> String {
    let l = app.locale();
    let counts = l.material_counts(originals, copies, " / ");
    match l.used_at(places) {
        Some(at) if counts.is_empty() => at,
        Some(at) => format!("{counts} | {at}"),
        None => counts,
    }
}

/// `[#####-----] 已完成 2/7 步  已勾选 2/5`: the engine's one measure of
/// progress, the same the home list and plain mode show.
fn gauge(app: &App, w: usize) -> Line<'static> {
    let Some(s) = &app.session else {
        return Line::from("");
    };
    let p = s.progress();
    let l = app.locale();
    let mut text = l.fmt("wizard.done_of", &[("done", &p.done), ("total", &p.total)]);
    if p.items > 0 {
        text.push_str("  ");
        text.push_str(&l.fmt("tui.ticked", &[("t", &p.ticked), ("i", &p.items)]));
    }
    let bar_w = w.saturating_sub(width(&text) + 3).min(20);
    let filled = (bar_w * p.done).checked_div(p.total).unwrap_or(0);
    let mut spans = Vec::new();
    if bar_w >= 5 {
        spans.push(Span::raw("["));
        spans.push(Span::styled("#".repeat(filled), app.theme.good()));
        spans.push(Span::styled("-".repeat(bar_w - filled), app.theme.muted()));
        spans.push(Span::raw("] "));
    }
    spans.push(Span::styled(text, app.theme.title()));
    Line::from(spans)
}
