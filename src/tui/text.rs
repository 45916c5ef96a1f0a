//! Text by display width: CJK characters take two cells, so every line is
//! wrapped and cut here (never by bytes or chars), and a wide character is
//! never split across lines or cut at a border.

use crate::wrap::Widths;

/// Display width of one character (controls count 0).
pub fn char_width(c: char) -> usize {
    Widths::Terminal.char(c)
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

/// Wraps `text` into lines of at most `max` cells (see [`crate::wrap::wrap`]):
/// English breaks at spaces, Chinese between characters but not before
/// closing punctuation. `first` starts the first line and `indent` every
/// other line (both count towards `max`). Newlines become spaces.
pub fn wrap_with(text: &str, max: usize, first: &str, indent: &str) -> Vec<String> {
    crate::wrap::wrap(&sanitize(text), max, first, indent, Widths::Terminal)
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
