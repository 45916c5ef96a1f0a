//! The index as bytes, for the on-disk cache (see [`super::cache`]).
//!
//! Plain little-endian arrays, one per index table, in a fixed order. Reading
//! checks every count, enum value, range and text boundary, so a damaged
//! file gives `None` (and the caller rebuilds), never a panic or a wrong
//! slice later on.

use super::{FIELDS, Field, Form, Group, Index, Line, NO_GROUP, Name, Piece, Sum, Topic};

/// Bumped whenever the layout below or the meaning of any table changes.
pub const LAYOUT: u32 = 1;

/// Writes what [`In`] reads.
pub(super) struct Out(pub(super) Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u128(&mut self, v: u128) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    /// Length-prefixed bytes.
    pub(super) fn blob(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    pub(super) fn str(&mut self, s: &str) {
        self.blob(s.as_bytes());
    }
}

/// Reads what [`Out`] wrote; every read is checked.
pub(super) struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> In<'a> {
        In(bytes)
    }
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(super) fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    /// Length-prefixed bytes.
    pub(super) fn blob(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        self.take(n)
    }
    pub(super) fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.blob()?).ok()
    }
    /// `n` records of `size` bytes each.
    fn records(&mut self, size: usize) -> Option<std::slice::ChunksExact<'a, u8>> {
        let n = self.len()?;
        Some(self.take(n.checked_mul(size)?)?.chunks_exact(size))
    }
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Little-endian fields of one fixed-size record.
struct Rec<'a>(&'a [u8]);

impl Rec<'_> {
    fn u8(&mut self) -> u8 {
        let v = self.0[0];
        self.0 = &self.0[1..];
        v
    }
    fn u16(&mut self) -> u16 {
        let (a, b) = self.0.split_at(2);
        self.0 = b;
        u16::from_le_bytes([a[0], a[1]])
    }
    fn u32(&mut self) -> u32 {
        let (a, b) = self.0.split_at(4);
        self.0 = b;
        u32::from_le_bytes(a.try_into().expect("4 bytes"))
    }
    fn u64(&mut self) -> u64 {
        let (a, b) = self.0.split_at(8);
        self.0 = b;
        u64::from_le_bytes(a.try_into().expect("8 bytes"))
    }
    fn u128(&mut self) -> u128 {
        let (a, b) = self.0.split_at(16);
        self.0 = b;
        u128::from_le_bytes(a.try_into().expect("16 bytes"))
    }
}

const TOPIC: usize = 4 * FIELDS + 8 + 4;
const GROUP: usize = 8 + 1 + 8;
const NAME: usize = 6 * 4;
const PIECE: usize = 8 + 8 + 8;
const SUM: usize = 8 + 16 + 16 + 8 * 4 + 16 + 8 * 3 + 1 + 1;
const LINE: usize = 8 + 4 + 4 + 2 + 1;

/// `(a, b)` is a range within `0..len`.
fn range(r: (u32, u32), len: usize) -> bool {
    r.0 <= r.1 && r.1 as usize <= len
}

impl Index {
    /// The index as bytes (see the module doc).
    pub(super) fn write_to(&self, o: &mut Out) {
        o.len(self.topics.len());
        for t in &self.topics {
            for g in t.groups {
                o.u32(g);
            }
            o.u64(t.mask);
            o.u32(t.title_chars);
        }
        o.len(self.names.len());
        for n in &self.names {
            for (a, b) in [n.id, n.title[0], n.title[1]] {
                o.u32(a);
                o.u32(b);
            }
        }
        o.str(&self.name_text);
        o.len(self.groups.len());
        for g in &self.groups {
            o.u32(g.pieces.0);
            o.u32(g.pieces.1);
            o.u8(g.field as u8);
            o.u64(g.mask);
        }
        o.len(self.group_pieces.len());
        for &p in &self.group_pieces {
            o.u32(p);
        }
        o.len(self.pieces.len());
        for p in &self.pieces {
            o.u32(p.lines.0);
            o.u32(p.lines.1);
            o.u32(p.sums.0);
            o.u32(p.sums.1);
            o.u64(p.mask);
        }
        o.len(self.sums.len());
        for s in &self.sums {
            o.u64(s.mask);
            o.u128(s.starts);
            o.u128(s.word_starts);
            o.u64(s.starts2);
            o.u64(s.word_starts2);
            o.u64(s.starts3);
            o.u64(s.word_starts3);
            o.u128(s.bigrams);
            o.u64(s.lens);
            o.u64(s.char_lens);
            o.u64(s.wholes);
            o.u8(s.form as u8);
            o.u8(s.wide as u8);
        }
        o.len(self.lines.len());
        for l in &self.lines {
            o.u64(l.mask);
            o.u32(l.start);
            o.u32(l.len);
            o.u16(l.chars);
            o.u8(l.form as u8);
        }
        o.str(&self.text);
        for bits in [&self.known, &self.triples] {
            o.len(bits.len());
            for &w in bits.iter() {
                o.u64(w);
            }
        }
    }

    /// Reads what [`Index::write_to`] wrote, checking that every position
    /// points where it may; `None` for anything else.
    pub(super) fn read_from(i: &mut In) -> Option<Index> {
        let topics: Vec<Topic> = i
            .records(TOPIC)?
            .map(|r| {
                let mut r = Rec(r);
                let mut groups = [0; FIELDS];
                for g in &mut groups {
                    *g = r.u32();
                }
                Topic {
                    groups,
                    mask: r.u64(),
                    title_chars: r.u32(),
                }
            })
            .collect();
        let names: Vec<Name> = i
            .records(NAME)?
            .map(|r| {
                let mut r = Rec(r);
                let mut range = || (r.u32(), r.u32());
                Name {
                    id: range(),
                    title: [range(), range()],
                }
            })
            .collect();
        let name_text = i.str()?.to_string();
        let groups = i
            .records(GROUP)?
            .map(|r| {
                let mut r = Rec(r);
                Some(Group {
                    pieces: (r.u32(), r.u32()),
                    field: Field::from_u8(r.u8())?,
                    mask: r.u64(),
                })
            })
            .collect::<Option<Vec<Group>>>()?;
        let group_pieces: Vec<u32> = i.records(4)?.map(|r| Rec(r).u32()).collect();
        let pieces: Vec<Piece> = i
            .records(PIECE)?
            .map(|r| {
                let mut r = Rec(r);
                Piece {
                    lines: (r.u32(), r.u32()),
                    sums: (r.u32(), r.u32()),
                    mask: r.u64(),
                }
            })
            .collect();
        let sums = i
            .records(SUM)?
            .map(|r| {
                let mut r = Rec(r);
                Some(Sum {
                    mask: r.u64(),
                    starts: r.u128(),
                    word_starts: r.u128(),
                    starts2: r.u64(),
                    word_starts2: r.u64(),
                    starts3: r.u64(),
                    word_starts3: r.u64(),
                    bigrams: r.u128(),
                    lens: r.u64(),
                    char_lens: r.u64(),
                    wholes: r.u64(),
                    form: Form::from_u8(r.u8())?,
                    wide: match r.u8() {
                        0 => false,
                        1 => true,
                        _ => return None,
                    },
                })
            })
            .collect::<Option<Vec<Sum>>>()?;
        let lines = i
            .records(LINE)?
            .map(|r| {
                let mut r = Rec(r);
                Some(Line {
                    mask: r.u64(),
                    start: r.u32(),
                    len: r.u32(),
                    chars: r.u16(),
                    form: Form::from_u8(r.u8())?,
                })
            })
            .collect::<Option<Vec<Line>>>()?;
        let text = i.str()?.to_string();
        let mut bits =
            || -> Option<Vec<u64>> { Some(i.records(8)?.map(|r| Rec(r).u64()).collect()) };
        let (known, triples) = (bits()?, bits()?);
        let index = Index {
            topics,
            names,
            name_text,
            groups,
            group_pieces,
            pieces,
            sums,
            lines,
            text,
            known,
            triples,
            dictionary: Default::default(),
            vocabulary: Default::default(),
        };
        index.is_consistent().then_some(index)
    }

    /// Every stored position points inside its table, every line is a
    /// whole run of characters of the text, and topics are in id order:
    /// what searching relies on.
    fn is_consistent(&self) -> bool {
        let groups = self.topics.iter().all(|t| {
            t.groups
                .iter()
                .all(|&g| g == NO_GROUP || (g as usize) < self.groups.len())
        });
        let names = self.names.len() == self.topics.len()
            && self.names.iter().all(|n| {
                [n.id, n.title[0], n.title[1]]
                    .iter()
                    .all(|&(a, b)| a <= b && self.name_text.get(a as usize..b as usize).is_some())
            });
        let ordered = names
            && self
                .names
                .windows(2)
                .all(|w| self.name(w[0].id) < self.name(w[1].id));
        let group_ranges = self
            .groups
            .iter()
            .all(|g| range(g.pieces, self.group_pieces.len()));
        let group_pieces = self
            .group_pieces
            .iter()
            .all(|&p| (p as usize) < self.pieces.len());
        let pieces = self
            .pieces
            .iter()
            .all(|p| range(p.lines, self.lines.len()) && range(p.sums, self.sums.len()));
        let lines = self.lines.iter().all(|l| {
            let (a, b) = (l.start as usize, l.start as usize + l.len as usize);
            self.text.get(a..b).is_some()
        });
        groups
            && ordered
            && group_ranges
            && group_pieces
            && pieces
            && lines
            && self.known.len() == super::KNOWN_WORDS
            && self.triples.len() == super::TRIPLE_WORDS
    }

    /// The index as bytes (see the module doc).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Out(Vec::new());
        self.write_to(&mut o);
        o.0
    }

    /// An index from [`Index::to_bytes`]; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Index> {
        let mut i = In::new(bytes);
        let index = Index::read_from(&mut i)?;
        i.is_empty().then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::flow::{Catalog, shipped_sources};

    fn shipped() -> Index {
        let today = Date::parse("2026-11-23").unwrap();
        let catalog = Catalog::from_sources(&shipped_sources(), today);
        Index::build(catalog.flows())
    }

    #[test]
    fn an_index_read_back_searches_exactly_as_the_original() {
        let index = shipped();
        let back = Index::from_bytes(&index.to_bytes()).expect("reads back");
        assert_eq!(back.len(), index.len());
        for q in [
            "buban",
            "ybk",
            "卡丢了",
            "lost card",
            "医保 buban",
            "yidi",
            "activte card",
        ] {
            assert_eq!(back.search(q, 10), index.search(q, 10), "{q}");
            assert!(!index.search(q, 10).is_empty(), "{q} finds something");
        }
        assert_eq!(back.to_bytes(), index.to_bytes());
    }

    #[test]
    fn damaged_bytes_are_refused_never_a_panic() {
        let bytes = shipped().to_bytes();
        // Every truncation, and a byte changed at many places.
        for cut in (0..bytes.len()).step_by(97) {
            assert!(Index::from_bytes(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(Index::from_bytes(&extra).is_none());
        for at in (0..bytes.len()).step_by(89) {
            let mut b = bytes.clone();
            b[at] ^= 0xA5;
            // Either refused or a consistent index; searching it must not panic.
            if let Some(i) = Index::from_bytes(&b) {
                let _ = i.search("ybk buban", 5);
                let _ = i.search("卡丢了", 5);
            }
        }
    }
}
