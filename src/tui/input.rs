//! A one-line text input whose cursor is a character index, shown at a
//! display column (so the IME candidate window follows it).

use super::text::{sanitize, width};

/// The most characters a text field holds: more than any question or name
/// (search reads at most 1,000 of them), so pasting again and again cannot
/// grow it, or the work of each keystroke, without end.
pub const MAX_CHARS: usize = 16 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl Input {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts text at the cursor (control characters are dropped; what
    /// does not fit in [`MAX_CHARS`] is left out).
    pub fn insert(&mut self, s: &str) {
        let room = MAX_CHARS.saturating_sub(self.text.chars().count());
        let s: String = sanitize(s).chars().take(room).collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &s);
        self.cursor += s.chars().count();
    }

    /// Deletes the character before the cursor; false when there is none.
    pub fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        let start = self.byte_at(self.cursor - 1);
        let end = self.byte_at(self.cursor);
        self.text.replace_range(start..end, "");
        self.cursor -= 1;
        true
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    /// Ctrl-W: deletes the word before the cursor (and the spaces after it).
    pub fn delete_word(&mut self) -> bool {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut start = before.len();
        while start > 0 && before[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !before[start - 1].is_whitespace() {
            start -= 1;
        }
        if start == self.cursor {
            return false;
        }
        let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
        true
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The cursor's display column from the start of the text.
    pub fn cursor_column(&self) -> usize {
        width(&self.text[..self.byte_at(self.cursor)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_pastes_stop_at_the_bound() {
        let mut i = Input::default();
        let paste = "医保卡丢了".repeat(2_000);
        for _ in 0..5 {
            i.insert(&paste);
        }
        assert_eq!(i.as_str().chars().count(), MAX_CHARS);
        i.insert("x");
        assert_eq!(i.as_str().chars().count(), MAX_CHARS);
        assert!(i.backspace());
        i.insert("好");
        assert!(i.as_str().ends_with('好'));
    }

    #[test]
    fn editing_chinese_keeps_character_boundaries() {
        let mut i = Input::default();
        i.insert("医保卡");
        assert_eq!(i.cursor_column(), 6);
        i.left();
        i.insert("x");
        assert_eq!(i.as_str(), "医保x卡");
        assert_eq!(i.cursor_column(), 5);
        assert!(i.backspace());
        assert!(i.backspace());
        assert_eq!(i.as_str(), "医卡");
        i.left();
        assert!(!i.backspace());
        i.right();
        i.right();
        i.right();
        assert_eq!(i.cursor_column(), 4);
        i.insert("\u{7}b");
        assert_eq!(i.as_str(), "医卡b");
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        let mut i = Input::default();
        i.insert("lost card  ");
        assert!(i.delete_word());
        assert_eq!(i.as_str(), "lost ");
        assert!(i.delete_word());
        assert_eq!(i.as_str(), "");
        assert!(!i.delete_word());
    }
}
