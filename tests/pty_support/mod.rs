//! The screen model of the pty tests: what a ratatui app writes to the
//! terminal (cursor moves, clears, wide characters), kept as a grid of
//! cells to read the screen back as text.

use unicode_width::UnicodeWidthChar;

/// A screen fed with the bytes a ratatui app writes.
pub struct Screen {
    cells: Vec<Vec<String>>,
    row: usize,
    col: usize,
}

impl Screen {
    pub fn new(rows: u16, cols: u16) -> Screen {
        Screen {
            cells: vec![vec![" ".to_string(); cols as usize]; rows as usize],
            row: 0,
            col: 0,
        }
    }

    pub fn feed(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\u{1b}' => match chars.next() {
                    Some('[') => {
                        let mut params = String::new();
                        let mut fin = ' ';
                        for p in chars.by_ref() {
                            if ('\u{40}'..='\u{7e}').contains(&p) {
                                fin = p;
                                break;
                            }
                            params.push(p);
                        }
                        match (fin, params.as_str()) {
                            ('H', p) => {
                                let mut it = p.split(';').map(|n| n.parse::<usize>().unwrap_or(1));
                                self.row = it.next().unwrap_or(1).saturating_sub(1);
                                self.col = it.next().unwrap_or(1).saturating_sub(1);
                            }
                            ('J', "2") => {
                                for r in &mut self.cells {
                                    r.fill(" ".to_string());
                                }
                            }
                            _ => {}
                        }
                    }
                    Some(']') => {
                        for p in chars.by_ref() {
                            if p == '\u{7}' || p == '\u{9c}' {
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                '\r' => self.col = 0,
                '\n' => self.row += 1,
                c if c.is_control() => {}
                c => {
                    let w = c.width().unwrap_or(0);
                    if self.row < self.cells.len() && self.col + w <= self.cells[0].len() {
                        self.cells[self.row][self.col] = c.to_string();
                        if w == 2 {
                            self.cells[self.row][self.col + 1] = String::new();
                        }
                    }
                    self.col += w;
                }
            }
        }
    }

    pub fn text(&self) -> String {
        self.cells
            .iter()
            .map(|r| r.concat().trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}
