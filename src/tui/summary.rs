//! The summary screen ("check your answers"): the answers (each can be
//! changed), what to bring grouped by where to go, deadlines, warnings, whom
//! to call to confirm, and the flow's review date. Drawn from the engine's
//! [`crate::engine::Checklist`], the same data `banshi print` and `p` use.
//! When it does not fit, the last row says how much is below; End / G
//! scroll to the end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::app::App;
use super::flow::material_text;
use super::more;
use super::view::{offset, para, show};
use crate::flow::Text;
use crate::render::{Summary, place_name};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let Some(session) = &app.session else { return };
    // The engine's checklist, laid out by place with what to do there.
    let sum = Summary::new(session, Some(&app.user_name), app.today);
    let flow = session.flow();
    let (area, code_beside) = super::qr::beside(app, &sum, frame, area);
    let th = app.theme;
    let l = app.locale();
    let lang = app.lang;
    let w = area.width.saturating_sub(1) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.extend(para(
        &format!("{}: {}", l.t("tui.summary_title"), flow.title.get(lang)),
        w,
        "",
        th.title(),
    ));
    if !session.is_finished() {
        lines.extend(para(l.t("tui.summary_partial"), w, "", th.muted()));
    }

    // Answers, each selectable for "change".
    let mut sel = None;
    if !sum.answers.is_empty() {
        lines.push(Line::from(""));
        lines.extend(para(l.t("tui.your_answers"), w, "", th.heading()));
    }
    for (i, a) in sum.answers.iter().enumerate() {
        let is_sel = i == app.summary.cursor;
        let marker = if is_sel { "> " } else { "  " };
        let (q, answer) =
            crate::render::question_answer(a.question.get(lang), a.option.get(lang), l);
        let mut text = format!("{q}{answer}");
        if a.assumed {
            text.push_str(&format!(" ({})", l.t("tui.assumed")));
        }
        let start = lines.len();
        let style = if is_sel { th.selected() } else { Style::new() };
        lines.extend(para(&text, w, marker, style));
        if is_sel {
            sel = Some((start, lines.len()));
        }
    }

    // What to bring, by place.
    lines.push(Line::from(""));
    lines.extend(para(l.t("render.places"), w, "", th.heading()));
    if sum.places.is_empty() {
        lines.extend(para(l.t("tui.nothing_to_bring"), w, "  ", th.muted()));
    }
    for g in &sum.places {
        lines.extend(para(&place_name(g, l), w, "", th.title()));
        for a in &g.actions {
            lines.extend(para(a.get(lang), w, "  - ", Style::new()));
        }
        for m in &g.materials {
            let mark = if m.ticked { "  [x] " } else { "  [ ] " };
            let mut label = m.label.get(lang).to_string();
            if !m.required {
                label.push_str(&format!(" ({})", l.t("show.optional")));
            }
            lines.extend(para(&label, w, mark, Style::new()));
            let mut detail = match m.how.locale_key() {
                Some(key) => l.t(key).to_string(),
                None => material_text(app, m.originals, m.copies, &[]),
            };
            if !m.also_at.is_empty() {
                let also: Vec<&str> = m.also_at.iter().map(|p| l.t(p.locale_key())).collect();
                if !detail.is_empty() {
                    detail.push_str(" | ");
                }
                detail.push_str(&l.fmt(
                    "tui.also_at",
                    &[("places", &also.join(l.t("tui.list_sep")))],
                ));
            }
            if !detail.is_empty() {
                lines.extend(para(&detail, w, "        ", th.muted()));
            }
            if let Some(n) = &m.note {
                lines.extend(para(n.get(lang), w, "        ", th.muted()));
            }
        }
    }

    // To do at each step.
    let todos: Vec<_> = sum.steps.iter().filter(|s| !s.todos.is_empty()).collect();
    if !todos.is_empty() {
        lines.push(Line::from(""));
        lines.extend(para(l.t("tui.todo"), w, "", th.heading()));
        for s in todos {
            lines.extend(para(s.title.get(lang), w, "", th.title()));
            for t in &s.todos {
                lines.extend(para(t.get(lang), w, "  - ", Style::new()));
            }
        }
    }

    if !sum.deadlines.is_empty() || !sum.warnings.is_empty() {
        lines.push(Line::from(""));
    }
    for d in &sum.deadlines {
        lines.extend(para(
            d.get(lang),
            w,
            &format!("{} ", l.t("tui.deadline")),
            th.deadline(),
        ));
    }
    for d in &sum.warnings {
        lines.extend(para(
            d.get(lang),
            w,
            &format!("{} ", l.t("tui.warning")),
            th.warning(),
        ));
    }

    lines.push(Line::from(""));
    lines.extend(para(l.t("tui.confirm_first"), w, "", th.heading()));
    for h in &sum.hotlines {
        lines.extend(para(h.get(lang), w, "- ", Style::new()));
    }
    if let Some(n) = &sum.hotline_note {
        lines.extend(para(n.get(lang), w, "  ", th.muted()));
    }
    lines.extend(para(sum.region_note.get(lang), w, "", Style::new()));
    if let Some((heading, body)) = sum.local_rules(l) {
        lines.extend(para(&heading, w, "", th.heading()));
        for t in &sum.local_lines {
            lines.extend(para(t.get(lang), w, "- ", Style::new()));
        }
        lines.extend(para(&body, w, "", Style::new()));
    }
    lines.extend(para(
        &format!("{}: {}", l.t("show.reviewed"), flow.reviewed),
        w,
        "",
        th.muted(),
    ));
    // The procedures before or after this one: rows after the answers.
    let related = related(app);
    if !related.is_empty() {
        lines.push(Line::from(""));
        lines.extend(para(l.t("tui.related"), w, "", th.heading()));
    }
    for (i, (_, title)) in related.iter().enumerate() {
        let is_sel = sum.answers.len() + i == app.summary.cursor;
        let marker = if is_sel { "> " } else { "  " };
        let style = if is_sel { th.selected() } else { Style::new() };
        let start = lines.len();
        lines.extend(para(title.get(lang), w, marker, style));
        if is_sel {
            sel = Some((start, lines.len()));
        }
    }
    let hint = match app.notice {
        Some(_) => "tui.notice_hint",
        None => "tui.print_hint",
    };
    lines.extend(para(l.t(hint), w, "", th.muted()));
    if !code_beside {
        lines.extend(super::qr::below(app, &sum, w, area.height as usize));
    }

    // When it does not fit, the last row is the "more below" sign: keep
    // the selected answer above it.
    let h = area.height as usize;
    let room = if lines.len() > h {
        h.saturating_sub(1)
    } else {
        h
    };
    let off = offset(lines.len(), sel, room, app.summary.scroll as usize);
    let off = if app.summary.scroll > 0 {
        (app.summary.scroll as usize).min(lines.len().saturating_sub(area.height as usize))
    } else {
        off
    };
    let lines = more::visible(app, lines, off, area.height as usize, w);
    show(
        frame,
        Rect {
            x: area.x + 1,
            width: w as u16,
            ..area
        },
        lines,
        0,
    );
}

/// The open flow's related procedures that are loaded: (flow index, title).
pub fn related(app: &App) -> Vec<(usize, Text)> {
    let Some(s) = &app.session else {
        return Vec::new();
    };
    let flow = s.flow();
    let mut out: Vec<(usize, Text)> = Vec::new();
    for id in flow.related.iter().filter(|id| **id != flow.id) {
        if let Some(i) = app.flow_index(id)
            && !out.iter().any(|(j, _)| *j == i)
        {
            out.push((i, app.flows[i].title.clone()));
        }
    }
    out
}

/// `o`: puts the cursor on the first related procedure (they follow the
/// `answers` rows).
pub fn to_related(app: &mut App, answers: usize) {
    if !related(app).is_empty() {
        app.summary.cursor = answers;
        app.summary.scroll = 0;
    }
}

/// Enter on a related procedure (the rows after the `answers`) opens it,
/// where this user left it or from the start.
pub fn open_related(app: &mut App, answers: usize) {
    let Some(i) = app.summary.cursor.checked_sub(answers) else {
        return;
    };
    if let Some(&(index, _)) = related(app).get(i) {
        app.open_flow(index);
    }
}
