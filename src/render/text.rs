//! Plain text: at most 80 display columns a line (CJK = 2), `☐` tick boxes.

use super::{Summary, TEXT_WIDTH, also_at, facts, place_name, question_answer};
use super::{display_width, wrap};
use crate::locale::Locale;

/// Lines of at most [`TEXT_WIDTH`] columns, built paragraph by paragraph
/// (also the notice's writer, which adds its sections and table).
pub(super) struct Out {
    pub(super) lines: Vec<String>,
}

impl Out {
    pub(super) fn para(&mut self, text: &str, first: &str, indent: &str) {
        self.lines.extend(wrap(text, TEXT_WIDTH, first, indent));
    }

    pub(super) fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// A heading underlined with `ch` to its width (at most the line width).
    fn heading(&mut self, text: &str, ch: char) {
        self.blank();
        let wrapped = wrap(text, TEXT_WIDTH, "", "");
        let w = wrapped.iter().map(|l| display_width(l)).max().unwrap_or(0);
        self.lines.extend(wrapped);
        self.lines
            .push(ch.to_string().repeat(w.clamp(1, TEXT_WIDTH)));
    }
}

/// The summary as plain text that fits 80 columns.
pub fn text(s: &Summary, l: &Locale) -> String {
    let lang = l.lang;
    let mut o = Out { lines: Vec::new() };

    o.heading(s.title.get(lang), '=');
    if let Some(p) = &s.person {
        o.para(
            p,
            &format!("{}{}", l.t("render.person"), l.t("render.colon")),
            "  ",
        );
    }
    o.para(
        &s.printed.to_string(),
        &format!("{}{}", l.t("render.printed"), l.t("render.colon")),
        "  ",
    );

    if !s.answers.is_empty() {
        o.heading(l.t("render.answers"), '-');
        for a in &s.answers {
            let (q, ans) = question_answer(a.question.get(lang), a.option.get(lang), l);
            let mut line = format!("{q}{ans}");
            if a.assumed {
                line.push_str(&format!(" [{}]", l.t("render.assumed")));
            }
            o.para(&line, "- ", "  ");
        }
        if s.has_assumptions() {
            o.blank();
            o.para(l.t("render.assumed_note"), "", "");
        }
    }

    o.heading(l.t("render.places"), '-');
    if s.materials().next().is_none() {
        o.para(l.t("render.nothing"), "", "");
    } else {
        o.para(l.t("render.tick_hint"), "", "");
    }
    for g in &s.places {
        o.blank();
        o.para(&format!("[{}]", place_name(g, l)), "", "");
        for a in &g.actions {
            o.para(
                a.get(lang),
                &format!("  {}", l.t("render.action_mark")),
                "    ",
            );
        }
        for m in &g.materials {
            o.para(m.label.get(lang), "  ☐ ", "     ");
            o.para(&facts(m, l), "     ", "     ");
            if let Some(a) = also_at(m, l) {
                o.para(&a, "     ", "     ");
            }
            if let Some(n) = &m.note {
                o.para(n.get(lang), "     ", "     ");
            }
        }
    }

    if !s.deadlines.is_empty() {
        o.heading(l.t("render.deadlines"), '-');
        for d in &s.deadlines {
            o.para(d.get(lang), "! ", "  ");
        }
    }
    if !s.warnings.is_empty() {
        o.heading(l.t("render.warnings"), '-');
        for w in &s.warnings {
            o.para(w.get(lang), "! ", "  ");
        }
    }

    o.heading(l.t("render.confirm"), '-');
    if !s.hotlines.is_empty() {
        o.para(l.t("render.hotlines_intro"), "", "");
        for h in &s.hotlines {
            o.para(h.get(lang), "- ", "  ");
        }
        if let Some(n) = &s.hotline_note {
            o.blank();
            o.para(n.get(lang), "", "");
        }
        o.blank();
    }
    o.para(s.region_note.get(lang), "", "");
    if let Some((heading, body)) = s.local_rules(l) {
        o.heading(&heading, '-');
        for t in &s.local_lines {
            o.para(t.get(lang), "- ", "  ");
        }
        o.para(&body, "", "");
    }

    if !s.steps.is_empty() {
        o.heading(l.t("render.steps"), '-');
        for (i, st) in s.steps.iter().enumerate() {
            let num = format!("{:>2}. ", i + 1);
            o.para(st.title.get(lang), &num, "    ");
            for t in &st.todos {
                o.para(t.get(lang), "    ☐ ", "      ");
            }
        }
    }

    if !s.related.is_empty() {
        o.heading(l.t("render.related"), '-');
        for r in &s.related {
            o.para(r.title.get(lang), "- ", "  ");
        }
    }

    o.blank();
    o.para(
        &s.reviewed,
        &format!("{}{}", l.t("render.reviewed"), l.t("render.colon")),
        "  ",
    );
    if !s.sources.is_empty() {
        let titles: Vec<&str> = s.sources.iter().map(|t| t.get(lang)).collect();
        o.para(
            &titles.join(l.t("render.sep")),
            &format!("{}{}", l.t("render.based_on"), l.t("render.colon")),
            "  ",
        );
    }

    let mut out = o.lines.join("\n");
    out.push('\n');
    out
}
