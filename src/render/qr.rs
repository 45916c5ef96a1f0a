//! QR codes of plain text, drawn without images: as half-block characters
//! (`▀ ▄ █`, two modules a character cell) for the text printout and the
//! terminal, and as inline SVG for the HTML page.
//!
//! The data is always encoded in byte mode as UTF-8. (The encoder's automatic
//! mode picks QR "Kanji" mode for byte pairs that look like Shift-JIS, which
//! UTF-8 Chinese often does, and a scanner would then show the text garbled.)
//! No ECI header is written: phone scanners (WeChat, iOS, ZXing) read UTF-8
//! byte-mode text by default, and some older ones choke on ECI.
//!
//! What the code says is built by [`super::notice::qr_text`]; this module only
//! encodes and draws.

use std::fmt::Write as _;

use qrcode::bits::Bits;
use qrcode::{EcLevel, QrCode, Version};

/// How much damage the code survives: `Low` (7%) for the screen and the
/// text printout, where size is tight; `Medium` (15%) for the HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ec {
    Low,
    Medium,
}

impl Ec {
    fn level(self) -> EcLevel {
        match self {
            Ec::Low => EcLevel::L,
            Ec::Medium => EcLevel::M,
        }
    }
}

/// An encoded code: `size`×`size` modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    size: usize,
    dark: Vec<bool>,
}

impl Code {
    /// The smallest code holding `text` (UTF-8, byte mode) at `ec`, or `None`
    /// when it does not fit even the largest (version 40).
    pub fn encode(text: &str, ec: Ec) -> Option<Code> {
        Code::encode_within(text, ec, usize::MAX)
    }

    /// Like [`Code::encode`], but only codes at most `max_size` modules a side.
    pub fn encode_within(text: &str, ec: Ec, max_size: usize) -> Option<Code> {
        let data = text.as_bytes();
        // Version v is 17 + 4v modules a side.
        let max_version = max_size.saturating_sub(17) / 4;
        if max_version == 0 {
            return None;
        }
        let level = ec.level();
        // The bytes a version holds are about its data capacity; start from a
        // lower bound and step up (at most 40 tries, each cheap).
        for v in 1..=max_version.min(40) as i16 {
            let mut bits = Bits::new(Version::Normal(v));
            if bits.push_byte_data(data).is_err() || bits.push_terminator(level).is_err() {
                continue;
            }
            let code = QrCode::with_bits(bits, level).ok()?;
            let size = code.width();
            return Some(Code {
                size,
                dark: code
                    .to_colors()
                    .into_iter()
                    .map(|c| c == qrcode::Color::Dark)
                    .collect(),
            });
        }
        None
    }

    /// Modules a side (21 for version 1, 177 for version 40).
    pub fn size(&self) -> usize {
        self.size
    }

    /// True when the module at (`x`, `y`) is dark; outside the code (the
    /// quiet zone) is light.
    pub fn dark(&self, x: isize, y: isize) -> bool {
        let n = self.size as isize;
        (0..n).contains(&x) && (0..n).contains(&y) && self.dark[(y * n + x) as usize]
    }

    /// Character cells a side of the half-block drawing with `quiet` modules
    /// of margin: (columns, rows).
    pub fn half_block_cells(&self, quiet: usize) -> (usize, usize) {
        let n = self.size + 2 * quiet;
        (n, n.div_ceil(2))
    }

    /// The code as half-block text, one string a row of cells, each cell two
    /// modules high; `quiet` modules of light margin all round. Dark modules
    /// are ink (`█`), as on paper; light ones are spaces.
    pub fn half_blocks(&self, quiet: usize) -> Vec<String> {
        self.cells(quiet)
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|(top, bottom)| match (top, bottom) {
                        (true, true) => '█',
                        (true, false) => '▀',
                        (false, true) => '▄',
                        (false, false) => ' ',
                    })
                    .collect()
            })
            .collect()
    }

    /// The code as rows of cells, each cell (top dark, bottom dark), with
    /// `quiet` modules of light margin; for drawing with colours.
    pub fn cells(&self, quiet: usize) -> Vec<Vec<(bool, bool)>> {
        let q = quiet as isize;
        let n = self.size as isize + 2 * q;
        (0..n)
            .step_by(2)
            .map(|y| {
                (0..n)
                    .map(|x| (self.dark(x - q, y - q), self.dark(x - q, y + 1 - q)))
                    .collect()
            })
            .collect()
    }

    /// The code as an inline SVG (one path; nothing fetched), `quiet` modules
    /// of white margin, drawn `mm` millimetres a side.
    pub fn svg(&self, quiet: usize, mm: f32, label: &str) -> String {
        let n = self.size + 2 * quiet;
        let mut path = String::new();
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if !self.dark[y * self.size + x] {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.size && self.dark[y * self.size + x] {
                    x += 1;
                }
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + quiet,
                    y + quiet,
                    x - start,
                    x - start
                );
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" \
             aria-label=\"{label}\" width=\"{mm}mm\" height=\"{mm}mm\" \
             viewBox=\"0 0 {n} {n}\" shape-rendering=\"crispEdges\">\
             <rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/>\
             <path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smallest_version_and_limits() {
        let c = Code::encode("hi", Ec::Low).unwrap();
        assert_eq!(c.size(), 21);
        // 17 bytes fit version 1 at L; 18 do not.
        assert_eq!(Code::encode(&"a".repeat(17), Ec::Low).unwrap().size(), 21);
        assert_eq!(Code::encode(&"a".repeat(18), Ec::Low).unwrap().size(), 25);
        assert!(Code::encode_within(&"a".repeat(18), Ec::Low, 21).is_none());
        assert!(Code::encode_within("a", Ec::Low, 20).is_none());
        // Version 40 at L holds 2953 bytes, no more.
        assert_eq!(
            Code::encode(&"a".repeat(2953), Ec::Low).unwrap().size(),
            177
        );
        assert!(Code::encode(&"a".repeat(2954), Ec::Low).is_none());
    }

    #[test]
    fn half_blocks_have_the_quiet_zone() {
        let c = Code::encode("办事", Ec::Low).unwrap();
        let rows = c.half_blocks(2);
        let (w, h) = c.half_block_cells(2);
        assert_eq!(rows.len(), h);
        assert!(rows.iter().all(|r| r.chars().count() == w));
        assert!(rows[0].trim().is_empty());
        // The finder pattern's top edge starts after two blank columns.
        assert!(rows[1].starts_with("  █"));
    }

    #[test]
    fn svg_is_inline_and_fetches_nothing() {
        let c = Code::encode("x", Ec::Medium).unwrap();
        let s = c.svg(4, 30.0, "QR");
        assert!(s.starts_with("<svg ") && s.ends_with("</svg>"));
        assert!(!s.contains("href") && !s.contains("url("));
        assert!(s.contains("viewBox=\"0 0 29 29\""));
    }
}
