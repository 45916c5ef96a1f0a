//! Markdown: headings and a task list (`- [ ]`), CommonMark/GFM.

use std::fmt::Write as _;

use super::{Summary, also_at, facts, place_name, question_answer};
use crate::locale::Locale;

/// Backslash-escapes the characters that would change Markdown's meaning,
/// and flattens newlines (every text sits inside one list item or line).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The summary as a Markdown document with a task list per place.
pub fn markdown(s: &Summary, l: &Locale) -> String {
    let lang = l.lang;
    let colon = l.t("render.colon");
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", escape(s.title.get(lang)));
    if let Some(p) = &s.person {
        let _ = writeln!(o, "- **{}**{colon}{}", l.t("render.person"), escape(p));
    }
    let _ = writeln!(o, "- **{}**{colon}{}", l.t("render.printed"), s.printed);

    if !s.answers.is_empty() {
        let _ = writeln!(o, "\n## {}\n", l.t("render.answers"));
        for a in &s.answers {
            let assumed = if a.assumed {
                format!(" *({})*", l.t("render.assumed"))
            } else {
                String::new()
            };
            let (q, ans) = question_answer(a.question.get(lang), a.option.get(lang), l);
            let _ = writeln!(o, "- {}**{}**{assumed}", escape(&q), escape(&ans));
        }
        if s.has_assumptions() {
            let _ = writeln!(o, "\n> {}", escape(l.t("render.assumed_note")));
        }
    }

    let _ = writeln!(o, "\n## {}\n", l.t("render.places"));
    if s.materials().next().is_none() {
        let _ = writeln!(o, "{}", escape(l.t("render.nothing")));
    } else {
        let _ = writeln!(o, "*{}*", escape(l.t("render.tick_hint")));
    }
    for g in &s.places {
        let _ = writeln!(o, "\n### {}\n", escape(&place_name(g, l)));
        for a in &g.actions {
            let _ = writeln!(
                o,
                "- {}{}",
                escape(l.t("render.action_mark")),
                escape(a.get(lang))
            );
        }
        for m in &g.materials {
            let _ = writeln!(
                o,
                "- [ ] **{}**{colon}{}",
                escape(m.label.get(lang)),
                escape(&facts(m, l))
            );
            if let Some(a) = also_at(m, l) {
                let _ = writeln!(o, "  - {}", escape(&a));
            }
            if let Some(n) = &m.note {
                let _ = writeln!(o, "  - {}", escape(n.get(lang)));
            }
        }
    }

    for (key, list) in [
        ("render.deadlines", &s.deadlines),
        ("render.warnings", &s.warnings),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n## {}\n", l.t(key));
        for t in list {
            let _ = writeln!(o, "- {}", escape(t.get(lang)));
        }
    }

    let _ = writeln!(o, "\n## {}\n", l.t("render.confirm"));
    if !s.hotlines.is_empty() {
        let _ = writeln!(o, "{}\n", escape(l.t("render.hotlines_intro")));
        for h in &s.hotlines {
            let _ = writeln!(o, "- {}", escape(h.get(lang)));
        }
        if let Some(n) = &s.hotline_note {
            let _ = writeln!(o, "\n{}", escape(n.get(lang)));
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "{}", escape(s.region_note.get(lang)));
    if let Some((heading, body)) = s.local_rules(l) {
        let _ = writeln!(o, "\n## {}\n", escape(&heading));
        for t in &s.local_lines {
            let _ = writeln!(o, "- {}", escape(t.get(lang)));
        }
        let _ = writeln!(o, "\n{}", escape(&body));
    }

    if !s.steps.is_empty() {
        let _ = writeln!(o, "\n## {}\n", l.t("render.steps"));
        for (i, st) in s.steps.iter().enumerate() {
            let _ = writeln!(o, "{}. {}", i + 1, escape(st.title.get(lang)));
            for t in &st.todos {
                let _ = writeln!(o, "    - [ ] {}", escape(t.get(lang)));
            }
        }
    }

    if !s.related.is_empty() {
        let _ = writeln!(o, "\n## {}\n", l.t("render.related"));
        for r in &s.related {
            let _ = writeln!(o, "- {}", escape(r.title.get(lang)));
        }
    }

    let _ = writeln!(o, "\n---\n");
    let _ = writeln!(
        o,
        "- {}{colon}{}",
        l.t("render.reviewed"),
        escape(&s.reviewed)
    );
    if !s.sources.is_empty() {
        let sources: Vec<String> = s.sources.iter().map(|x| escape(x.get(lang))).collect();
        let _ = writeln!(
            o,
            "- {}{colon}{}",
            l.t("render.based_on"),
            sources.join(l.t("render.sep"))
        );
    }
    o
}
