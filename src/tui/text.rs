//! Text by display width: CJK characters take two cells, so every line is
//! wrapped and cut here (never by bytes or chars), and a wide character is
//! never split across lines or cut at a border.

use unicode_width::UnicodeWidthChar;

/// Display width of one character (controls count 0).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Strips control characters (a tab becomes a space). Nothing else is
/// filtered: every script is kept.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Cuts `s` to at most `max` cells, ending with `...` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let ell = if max >= 4 { "..." } else { "" };
    let room = max - ell.len();
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw > room {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push_str(ell);
    out
}

/// Pads `s` with spaces to exactly `w` cells (cutting it first if longer).
pub fn pad(s: &str, w: usize) -> String {
    let mut out = truncate(s, w);
    let have = width(&out);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(have)));
    out
}

/// Closing punctuation that should not start a line.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '》'
            | '】'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
    )
}

/// A piece that is kept whole where it fits: a run of narrow non-space
/// characters (a word), one wide character, or one space.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let word_char = c != ' ' && char_width(c) == 1;
        if word_char {
            start.get_or_insert(i);
            continue;
        }
        if let Some(st) = start.take() {
            out.push(&s[st..i]);
        }
        out.push(&s[i..i + c.len_utf8()]);
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// Wraps `text` into lines of at most `max` cells. English breaks at spaces
/// (a word longer than a line is split), Chinese between any two characters
/// except before closing punctuation. `first` starts the first line and
/// `indent` every other line (both count towards `max`).
pub fn wrap_with(text: &str, max: usize, first: &str, indent: &str) -> Vec<String> {
    let text = sanitize(text);
    let mut lines: Vec<String> = Vec::new();
    let mut line: Vec<&str> = Vec::new();
    let mut w = width(first);
    let room = |n: usize| if n == 0 { width(first) } else { width(indent) };
    let finish = |lines: &mut Vec<String>, line: &mut Vec<&str>| {
        let prefix = if lines.is_empty() { first } else { indent };
        let body: String = line.concat();
        lines.push(format!("{prefix}{}", body.trim_end()));
        line.clear();
    };
    for tok in tokens(&text) {
        let tw = width(tok);
        if w + tw <= max || (line.is_empty() && tok != " " && tw <= max.saturating_sub(w)) {
            if !(line.is_empty() && tok == " " && !lines.is_empty()) {
                line.push(tok);
                w += tw;
            }
            continue;
        }
        if tok == " " {
            finish(&mut lines, &mut line);
            w = room(lines.len());
            continue;
        }
        // Keep closing punctuation with the character before it.
        let mut carried: Vec<&str> = Vec::new();
        if tok.chars().next().is_some_and(no_line_start) && line.len() > 1 {
            carried.extend(line.pop());
        }
        if !line.is_empty() {
            finish(&mut lines, &mut line);
        }
        w = room(lines.len());
        for c in carried {
            w += width(c);
            line.push(c);
        }
        if w + tw <= max {
            line.push(tok);
            w += tw;
            continue;
        }
        // A word longer than a whole line: split it by characters.
        let mut rest = tok;
        while !rest.is_empty() {
            let mut take = 0;
            let mut cw = 0;
            for (i, c) in rest.char_indices() {
                let c_w = char_width(c);
                if w + cw + c_w > max {
                    break;
                }
                cw += c_w;
                take = i + c.len_utf8();
            }
            if take == 0 {
                if line.is_empty() {
                    // Not even one character fits: give up on this line's width.
                    let c = rest.chars().next().map_or(0, char::len_utf8);
                    take = c;
                    cw = width(&rest[..c]);
                } else {
                    finish(&mut lines, &mut line);
                    w = room(lines.len());
                    continue;
                }
            }
            line.push(&rest[..take]);
            w += cw;
            rest = &rest[take..];
            if !rest.is_empty() {
                finish(&mut lines, &mut line);
                w = room(lines.len());
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        finish(&mut lines, &mut line);
    }
    lines
}

/// Wraps without prefixes.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    wrap_with(text, max, "", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_wraps_by_width_and_never_splits_a_character() {
        let lines = wrap("社保卡有医保功能和金融功能", 9);
        assert!(lines.iter().all(|l| width(l) <= 9), "{lines:?}");
        assert_eq!(lines.concat(), "社保卡有医保功能和金融功能");
        assert_eq!(lines[0], "社保卡有");
    }

    #[test]
    fn english_breaks_at_spaces() {
        let lines = wrap("The card has a medical function", 12);
        assert_eq!(lines, vec!["The card has", "a medical", "function"]);
    }

    #[test]
    fn long_words_are_split_and_mixed_text_fits() {
        let lines = wrap("abcdefghijklmnop 医保卡 12333", 6);
        assert!(lines.iter().all(|l| width(l) <= 6), "{lines:?}");
        assert_eq!(lines[0], "abcdef");
    }

    #[test]
    fn closing_punctuation_does_not_start_a_line() {
        let lines = wrap("一二三四，五六", 8);
        assert!(lines.iter().all(|l| !l.starts_with('，')), "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 8));
        assert_eq!(lines.concat(), "一二三四，五六");
    }

    #[test]
    fn prefixes_count_towards_the_width() {
        let lines = wrap_with("新的医保卡和身份证原件", 10, "[ ] ", "    ");
        assert_eq!(lines[0], "[ ] 新的医");
        assert!(lines[1].starts_with("    "));
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
    }

    #[test]
    fn control_characters_are_stripped_and_empty_text_is_one_line() {
        assert_eq!(wrap("a\u{1b}[31mb", 10), vec!["a[31mb"]);
        assert_eq!(wrap("", 10), vec![""]);
    }

    #[test]
    fn truncate_and_pad_count_cells() {
        assert_eq!(truncate("医保卡补办流程", 9), "医保卡...");
        assert_eq!(width(&pad("医保", 7)), 7);
        assert_eq!(truncate("abc", 3), "abc");
    }

    #[test]
    fn every_line_fits_for_many_widths() {
        let s = "Some regions require activation within 6 months of collecting the card；部分地区要求领卡后 6 个月内激活，逾期可能影响医保待遇。";
        for w in 4..40 {
            for l in wrap_with(s, w, "> ", "  ") {
                assert!(width(&l) <= w, "w={w} {l:?}");
            }
        }
    }
}
