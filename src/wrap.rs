//! Wrapping by display width: CJK characters take two columns, and a line may
//! break between two of them; Latin words break only at spaces (a word longer
//! than the line is split between characters). Closing punctuation never
//! starts a line and opening brackets never end one. A wide character is
//! never split.
//!
//! One wrapper serves the terminal and paper; they differ only in how wide a
//! character is ([`Widths`]).

use unicode_width::UnicodeWidthChar;

/// How wide characters are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Widths {
    /// As the terminal (and ratatui) lays out cells: East Asian "ambiguous"
    /// characters are one cell.
    Terminal,
    /// The cautious way, for printouts: ambiguous characters such as `×` `…`
    /// `“`, and the tick box `☐`, count two columns, as a CJK terminal or font
    /// shows them, so a line fits whichever way it is displayed.
    Print,
}

impl Widths {
    /// The width of one character (controls = 0).
    pub fn char(self, c: char) -> usize {
        match (self, c) {
            (Widths::Terminal, c) => c.width().unwrap_or(0),
            (Widths::Print, '☐' | '☑' | '☒') => 2,
            (Widths::Print, c) => c.width_cjk().unwrap_or(0),
        }
    }

    /// The width of a string.
    pub fn str(self, s: &str) -> usize {
        s.chars().map(|c| self.char(c)).sum()
    }
}

fn is_closing(c: char) -> bool {
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
            | '】'
            | '》'
            | '〉'
            | '”'
            | '’'
            | '…'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '「' | '『' | '【' | '《' | '〈' | '“' | '‘' | '(' | '[' | '{'
    )
}

#[derive(Debug)]
struct Unit {
    text: String,
    width: usize,
    space: bool,
    /// A run of narrow characters (a Latin word): more narrow characters join it.
    word: bool,
}

fn units(line: &str, widths: Widths) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for c in line.chars() {
        if c.is_whitespace() {
            if !out.last().is_some_and(|u| u.space) {
                out.push(Unit {
                    text: " ".into(),
                    width: 1,
                    space: true,
                    word: false,
                });
            }
            continue;
        }
        if c.is_control() {
            continue;
        }
        let w = widths.char(c);
        let wide = w >= 2;
        let join = match out.last() {
            Some(u) if !u.space => {
                is_closing(c) || u.text.chars().last().is_some_and(is_opening) || (!wide && u.word)
            }
            _ => false,
        };
        if join {
            let u = out.last_mut().expect("checked above");
            u.text.push(c);
            u.width += w;
            u.word = u.word && !wide;
        } else {
            out.push(Unit {
                text: c.to_string(),
                width: w,
                space: false,
                word: !wide,
            });
        }
    }
    out
}

/// Wraps `text` to `width` columns. The first line starts with `first`, the
/// others with `indent` (both count towards the width). Newlines in `text`
/// start new lines; other control characters are dropped. Trailing spaces
/// are trimmed.
pub fn wrap(text: &str, width: usize, first: &str, indent: &str, widths: Widths) -> Vec<String> {
    let display_width = |s: &str| widths.str(s);
    let mut lines = Vec::new();
    let mut prefix = first;
    for para in text.split('\n') {
        let mut line = String::from(prefix);
        let mut used = display_width(prefix);
        let mut at_start = true;
        let mut pending_space = false;
        let avail_for = |p: &str| width.saturating_sub(display_width(p)).max(1);
        for u in units(para, widths) {
            if u.space {
                pending_space = !at_start;
                continue;
            }
            let gap = usize::from(pending_space);
            if used + gap + u.width <= width {
                if pending_space {
                    line.push(' ');
                }
                line.push_str(&u.text);
                used += gap + u.width;
            } else if !at_start && u.width <= avail_for(indent) {
                lines.push(line.trim_end().to_string());
                line = String::from(indent);
                line.push_str(&u.text);
                used = display_width(indent) + u.width;
            } else {
                // Longer than a whole line: split between characters.
                if pending_space && used + 1 < width {
                    line.push(' ');
                    used += 1;
                }
                for c in u.text.chars() {
                    let w = widths.char(c);
                    if used + w > width && used > display_width(indent) {
                        lines.push(line.trim_end().to_string());
                        line = String::from(indent);
                        used = display_width(indent);
                    }
                    line.push(c);
                    used += w;
                }
            }
            at_start = false;
            pending_space = false;
        }
        lines.push(line.trim_end().to_string());
        prefix = indent;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn display_width(s: &str) -> usize {
        Widths::Print.str(s)
    }

    fn wrap(text: &str, width: usize, first: &str, indent: &str) -> Vec<String> {
        super::wrap(text, width, first, indent, Widths::Print)
    }

    #[test]
    fn cjk_counts_two_columns_and_breaks_between_characters() {
        assert_eq!(display_width("医保卡"), 6);
        assert_eq!(display_width("☐"), 2, "ballot box: counted wide");
        let lines = wrap("医保卡医保卡医保卡", 10, "", "");
        assert_eq!(lines, ["医保卡医保", "卡医保卡"]);
        for l in &lines {
            assert!(display_width(l) <= 10);
        }
    }

    #[test]
    fn odd_widths_never_split_a_wide_character() {
        let lines = wrap("一二三四五六七", 7, "", "");
        assert_eq!(lines, ["一二三", "四五六", "七"]);
    }

    #[test]
    fn latin_words_break_at_spaces_with_indent() {
        let lines = wrap("bring the new card and your ID", 14, "- ", "  ");
        assert_eq!(lines, ["- bring the", "  new card and", "  your ID"]);
    }

    #[test]
    fn closing_punctuation_stays_with_the_character_before() {
        let lines = wrap("一二三四，五六", 8, "", "");
        assert_eq!(lines, ["一二三", "四，五六"]);
        let lines = wrap("一二（三）四", 6, "", "");
        assert_eq!(lines, ["一二", "（三）", "四"]);
    }

    #[test]
    fn overlong_words_are_split_and_every_line_fits() {
        let word = "x".repeat(25);
        let lines = wrap(&format!("a {word} b"), 10, "> ", "  ");
        for l in &lines {
            assert!(display_width(l) <= 10, "{l:?}");
        }
        assert_eq!(lines.concat().matches('x').count(), 25);
    }

    #[test]
    fn newlines_start_new_lines_and_controls_are_dropped() {
        let lines = wrap("one\ntwo\u{7}", 20, "* ", "  ");
        assert_eq!(lines, ["* one", "  two"]);
    }

    #[test]
    fn terminal_widths_count_ambiguous_characters_as_one_cell() {
        assert_eq!(Widths::Terminal.str("×1"), 2);
        assert_eq!(Widths::Print.str("×1"), 3);
        assert_eq!(Widths::Terminal.str("医保"), 4);
        let lines = super::wrap("原件×1 复印件×2", 8, "", "", Widths::Terminal);
        assert!(
            lines.iter().all(|l| Widths::Terminal.str(l) <= 8),
            "{lines:?}"
        );
    }
}
