//! One self-contained printable HTML page: inline CSS, no scripts, no
//! external resources; A4 print styles; tick boxes are bordered squares
//! (they print, unlike form controls); no item breaks across pages.

use std::fmt::Write as _;

use super::{Summary, also_at, counts, place_name, question_answer, required};
use crate::locale::Locale;

/// Escapes text for HTML content and attribute values; drops control characters.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4; margin: 12mm 14mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; }
body {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
    "Microsoft YaHei", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 15pt; line-height: 1.5; overflow-wrap: anywhere;
  max-width: 182mm; margin: 0 auto; padding: 10mm 6mm;
}
header { border-bottom: 3pt solid #000; padding-bottom: 6pt; margin-bottom: 4pt; }
h1 { font-size: 24pt; line-height: 1.25; margin: 0 0 6pt; }
.meta { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2pt 20pt; margin: 0; font-size: 13pt; }
.meta div { margin: 0; }
.meta dt, .meta dd { display: inline; margin: 0; }
.meta dd { font-weight: bold; }
h2 {
  font-size: 17pt; margin: 14pt 0 6pt; padding-bottom: 2pt;
  border-bottom: 1.5pt solid #000;
  break-after: avoid; page-break-after: avoid;
}
h3 {
  font-size: 15pt; margin: 12pt 0 2pt; padding: 2pt 8pt;
  background: #eee; border-left: 5pt solid #000;
  break-after: avoid; page-break-after: avoid;
}
ul, ol { margin: 0; padding: 0; }
li { break-inside: avoid; page-break-inside: avoid; }
.hint { font-size: 12pt; margin: 0 0 4pt; }
.items { list-style: none; }
.items li {
  display: flex; gap: 10pt; align-items: flex-start;
  padding: 6pt 0 6pt 2pt; border-bottom: 0.75pt solid #888;
}
.box {
  flex: none; display: inline-block; width: 15pt; height: 15pt;
  border: 1.5pt solid #000; margin-top: 4pt; background: #fff;
}
.what { flex: 1; min-width: 0; }
.label { font-weight: bold; }
.facts, .sub { display: block; font-size: 13pt; }
.tag {
  display: inline-block; font-size: 11pt; line-height: 1.3; padding: 0 5pt;
  border: 1pt solid #000; border-radius: 3pt; margin-left: 6pt; vertical-align: 1pt;
}
.tag.optional { border-style: dashed; }
.answers { list-style: none; }
.answers li { padding: 2pt 0; }
.answers .a { font-weight: bold; }
.assumed { font-style: italic; }
.note-box {
  border: 1.5pt solid #000; padding: 6pt 10pt; margin: 6pt 0;
  break-inside: avoid; page-break-inside: avoid;
}
.note-box p { margin: 2pt 0; }
section.keep { break-inside: avoid; page-break-inside: avoid; }
.steps { padding-left: 2em; }
.steps > li { padding: 3pt 0; }
.steps .items li { padding: 2pt 0; border: none; }
.steps .box { width: 12pt; height: 12pt; margin-top: 5pt; }
.alerts { padding-left: 1.3em; }
.alerts li { padding: 2pt 0; }
.meta .src { font-size: 11pt; align-self: baseline; }
.actions { list-style: none; margin: 2pt 0 4pt; }
.actions li { padding: 2pt 0 2pt 2pt; }
.actions .do { font-weight: bold; }
.hotlines, .related { padding-left: 1.3em; margin: 2pt 0; }
.meta .src dd { font-weight: normal; }
@media print {
  body { max-width: none; padding: 0; font-size: 13pt; line-height: 1.4; }
  h1 { font-size: 21pt; }
  h2 { font-size: 15pt; margin-top: 10pt; }
  h3 { font-size: 13.5pt; }
  .facts, .sub { font-size: 12pt; }
  .items li { padding: 4pt 0 4pt 2pt; }
  .steps > li { padding: 2pt 0; }
  h3 { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The summary as a self-contained printable HTML page.
pub fn html(s: &Summary, l: &Locale) -> String {
    let lang = l.lang;
    let t = |k: &str| escape(l.t(k));
    let colon = t("render.colon");
    let mut o = String::new();
    let title = escape(s.title.get(lang));
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.tag()
    );

    let _ = writeln!(o, "<header>\n<h1>{title}</h1>\n<dl class=\"meta\">");
    if let Some(p) = &s.person {
        let _ = writeln!(
            o,
            "<div><dt>{}{colon}</dt><dd>{}</dd></div>",
            t("render.person"),
            escape(p)
        );
    }
    let _ = writeln!(
        o,
        "<div><dt>{}{colon}</dt><dd>{}</dd></div>",
        t("render.printed"),
        s.printed
    );
    let _ = writeln!(
        o,
        "<div class=\"src\"><dt>{}{colon}</dt><dd>{}</dd></div>",
        t("render.reviewed"),
        escape(&s.reviewed)
    );
    if !s.sources.is_empty() {
        let sources: Vec<String> = s.sources.iter().map(|x| escape(x.get(lang))).collect();
        let _ = writeln!(
            o,
            "<div class=\"src\"><dt>{}{colon}</dt><dd>{}</dd></div>",
            t("render.based_on"),
            sources.join(&t("render.sep"))
        );
    }
    let _ = writeln!(o, "</dl>\n</header>");

    if !s.answers.is_empty() {
        let _ = writeln!(
            o,
            "<section>\n<h2>{}</h2>\n<ul class=\"answers\">",
            t("render.answers")
        );
        for a in &s.answers {
            let assumed = if a.assumed {
                format!(" <span class=\"assumed\">({})</span>", t("render.assumed"))
            } else {
                String::new()
            };
            let (q, ans) = question_answer(a.question.get(lang), a.option.get(lang), l);
            let _ = writeln!(
                o,
                "<li><span class=\"q\">{}</span><span class=\"a\">{}</span>{assumed}</li>",
                escape(&q),
                escape(&ans)
            );
        }
        let _ = writeln!(o, "</ul>");
        if s.has_assumptions() {
            let _ = writeln!(
                o,
                "<p class=\"note-box assumed\">{}</p>",
                t("render.assumed_note")
            );
        }
        let _ = writeln!(o, "</section>");
    }

    let _ = writeln!(o, "<section>\n<h2>{}</h2>", t("render.places"));
    if s.materials().next().is_none() {
        let _ = writeln!(o, "<p>{}</p>", t("render.nothing"));
    } else {
        let _ = writeln!(o, "<p class=\"hint\">{}</p>", t("render.tick_hint"));
    }
    for g in &s.places {
        let _ = writeln!(o, "<h3>{}</h3>", escape(&place_name(g, l)));
        if !g.actions.is_empty() {
            let _ = writeln!(o, "<ul class=\"actions\">");
            for a in &g.actions {
                let _ = writeln!(
                    o,
                    "<li><span class=\"do\">{}</span>{}</li>",
                    t("render.action_mark"),
                    escape(a.get(lang))
                );
            }
            let _ = writeln!(o, "</ul>");
        }
        if g.materials.is_empty() {
            continue;
        }
        let _ = writeln!(o, "<ul class=\"items\">");
        for m in &g.materials {
            let (class, tag) = if m.required {
                ("required", escape(required(m, l)))
            } else {
                ("optional", t("render.optional"))
            };
            let _ = write!(
                o,
                "<li><span class=\"box\" aria-hidden=\"true\"></span><div class=\"what\">\
                 <span class=\"label\">{}</span><span class=\"tag {class}\">{tag}</span>",
                escape(m.label.get(lang)),
            );
            let c = counts(m, l);
            if !c.is_empty() {
                let _ = write!(o, "<span class=\"facts\">{}</span>", escape(&c));
            }
            if let Some(a) = also_at(m, l) {
                let _ = write!(o, "<span class=\"sub\">{}</span>", escape(&a));
            }
            if let Some(n) = &m.note {
                let _ = write!(o, "<span class=\"sub\">{}</span>", escape(n.get(lang)));
            }
            let _ = writeln!(o, "</div></li>");
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "</section>");

    for (key, list) in [
        ("render.deadlines", &s.deadlines),
        ("render.warnings", &s.warnings),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            o,
            "<section class=\"keep\">\n<h2>{}</h2>\n<ul class=\"alerts\">",
            t(key)
        );
        for x in list {
            let _ = writeln!(o, "<li>{}</li>", escape(x.get(lang)));
        }
        let _ = writeln!(o, "</ul>\n</section>");
    }

    let _ = writeln!(
        o,
        "<section class=\"keep\">\n<h2>{}</h2>\n<div class=\"note-box\">",
        t("render.confirm"),
    );
    if !s.hotlines.is_empty() {
        let _ = writeln!(
            o,
            "<p>{}</p>\n<ul class=\"hotlines\">",
            t("render.hotlines_intro")
        );
        for h in &s.hotlines {
            let _ = writeln!(o, "<li><strong>{}</strong></li>", escape(h.get(lang)));
        }
        let _ = writeln!(o, "</ul>");
        if let Some(n) = &s.hotline_note {
            let _ = writeln!(o, "<p>{}</p>", escape(n.get(lang)));
        }
    }
    let _ = writeln!(o, "<p>{}</p>", escape(s.region_note.get(lang)));
    if let Some((heading, body)) = s.local_rules(l) {
        let _ = writeln!(o, "<h3>{}</h3>", escape(&heading));
        if !s.local_lines.is_empty() {
            let _ = writeln!(o, "<ul class=\"local\">");
            for t in &s.local_lines {
                let _ = writeln!(o, "<li>{}</li>", escape(t.get(lang)));
            }
            let _ = writeln!(o, "</ul>");
        }
        let _ = writeln!(o, "<p>{}</p>", escape(&body));
    }
    let _ = writeln!(o, "</div>\n</section>");

    if !s.steps.is_empty() {
        let _ = writeln!(
            o,
            "<section>\n<h2>{}</h2>\n<ol class=\"steps\">",
            t("render.steps")
        );
        for st in &s.steps {
            let _ = write!(o, "<li>{}", escape(st.title.get(lang)));
            if !st.todos.is_empty() {
                let _ = write!(o, "<ul class=\"items\">");
                for td in &st.todos {
                    let _ = write!(
                        o,
                        "<li><span class=\"box\" aria-hidden=\"true\"></span>\
                         <div class=\"what\">{}</div></li>",
                        escape(td.get(lang))
                    );
                }
                let _ = write!(o, "</ul>");
            }
            let _ = writeln!(o, "</li>");
        }
        let _ = writeln!(o, "</ol>\n</section>");
    }

    if !s.related.is_empty() {
        let _ = writeln!(
            o,
            "<section class=\"keep\">\n<h2>{}</h2>\n<ul class=\"related\">",
            t("render.related")
        );
        for r in &s.related {
            let _ = writeln!(o, "<li>{}</li>", escape(r.title.get(lang)));
        }
        let _ = writeln!(o, "</ul>\n</section>");
    }

    let _ = writeln!(o, "</body>\n</html>");
    o
}
