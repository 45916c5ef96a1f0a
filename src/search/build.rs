//! Building the index, in four passes (the parallel ones over every core
//! for large sets):
//!
//! 1. (parallel, over chunks of flows) each chunk names its distinct texts
//!    and groups in order of first use, and its topics by those names (a
//!    field whose list of texts was seen before takes that list's group
//!    without naming its texts again);
//! 2. the chunks' names are merged, in chunk order, into one dictionary:
//!    the pieces and groups come out numbered by first use over all flows,
//!    exactly as one thread would have numbered them;
//! 3. (parallel, over ranges of pieces) each distinct text is expanded
//!    once: folded, converted to pinyin and summarised (a further pinyin
//!    spelling from its piece's first one and the bytes where they
//!    differ);
//! 4. groups and topics take their masks from their pieces.
//!
//! So the index does not depend on how many threads built it, and a text
//! used by flows on several cores is still expanded once.
//!
//! At 100k flows the build is bound by reading the flows' texts (pass 1):
//! every text of every flow has to be read once to be known.

use super::text::fold_char;
use super::*;

type Map<K> = foldhash::HashMap<K, u32>;

/// What pass 1 makes of one chunk of flows: its distinct texts and groups,
/// numbered in order of first use, and its topics by those numbers.
struct Chunk<'f> {
    pieces: Vec<(&'f str, Mode)>,
    /// Per piece: its text folds to nothing (no lines; left out of groups).
    blank: Vec<bool>,
    piece_ids: Map<(&'f str, Mode)>,
    /// Every group's key, `[field, piece, piece, ...]`, one after another.
    keys: Vec<u32>,
    /// Where each group's key ends in `keys`.
    key_ends: Vec<u32>,
    group_ids: Map<Box<[u32]>>,
    /// Per topic: its group per field ([`NO_GROUP`] for none).
    topics: Vec<[u32; FIELDS]>,
    title_chars: Vec<u32>,
    names: Vec<Name>,
    /// The ids and titles `names` points into.
    name_text: String,
    /// The key of the group being made.
    group: Vec<u32>,
    /// Per field: each distinct list of texts seen there, by hash (see
    /// [`texts_hash`]), as the first of [`Chunk::lists`] with that hash.
    fields: [foldhash::HashMap<u64, u32>; FIELDS],
    /// Those lists: their texts in `list_texts`, their group, and the next
    /// list of the same field and hash (`u32::MAX` for none).
    lists: Vec<(u32, u32, u32, u32)>,
    list_texts: Vec<&'f str>,
    /// The texts of the field being read.
    texts: Vec<&'f str>,
}

impl<'f> Chunk<'f> {
    fn new(topics: usize) -> Chunk<'f> {
        Chunk {
            pieces: Vec::new(),
            blank: Vec::new(),
            piece_ids: Map::default(),
            keys: Vec::new(),
            key_ends: Vec::new(),
            group_ids: Map::default(),
            topics: Vec::with_capacity(topics),
            title_chars: Vec::with_capacity(topics),
            names: Vec::with_capacity(topics),
            name_text: String::new(),
            group: Vec::new(),
            fields: Default::default(),
            lists: Vec::new(),
            list_texts: Vec::new(),
            texts: Vec::new(),
        }
    }

    fn add(&mut self, flow: &'f Flow) {
        let (title, summary) = (&flow.title, &flow.summary);
        let mut groups = [NO_GROUP; FIELDS];
        // Every text of one field is expanded the same way.
        let mut field = |c: &mut Chunk<'f>, f: Field, mode: Mode| {
            groups[f as usize] = c.field(f, mode);
        };
        self.texts.extend([title.zh.as_str(), title.en.as_str()]);
        field(self, Field::Title, Mode::Initials);
        self.texts.extend(flow.pinyin.iter().map(String::as_str));
        field(self, Field::Override, Mode::Plain);
        self.texts.extend(flow.aliases.iter().map(String::as_str));
        field(self, Field::Alias, Mode::Initials);
        self.texts.extend(flow.keywords.iter().map(String::as_str));
        field(self, Field::Keyword, Mode::Initials);
        self.texts
            .extend([summary.zh.as_str(), summary.en.as_str()]);
        field(self, Field::Summary, Mode::Pinyin);
        for step in &flow.steps {
            let labels = step.options().iter().map(|c| &c.label);
            for t in std::iter::once(&step.title)
                .chain(labels)
                .chain(step.items().iter().map(|i| &i.label))
            {
                self.texts.extend([t.zh.as_str(), t.en.as_str()]);
            }
        }
        field(self, Field::Step, Mode::Plain);
        self.title_chars
            .push((title.zh.chars().count() + title.en.chars().count()) as u32);
        let text = &mut self.name_text;
        let mut put = |s: &str| {
            let start = text.len() as u32;
            text.push_str(s);
            (start, text.len() as u32)
        };
        let name = Name {
            id: put(&flow.id),
            title: [put(&title.zh), put(&title.en)],
        };
        self.names.push(name);
        self.topics.push(groups);
    }

    /// The group of `field` made of the texts in `self.texts` (taken), or
    /// [`NO_GROUP`] for none. Most fields repeat the very texts of an
    /// earlier flow's (the same steps, materials, keywords): those are
    /// found by their texts at once, without naming each text.
    fn field(&mut self, field: Field, mode: Mode) -> u32 {
        if self.texts.is_empty() {
            return NO_GROUP;
        }
        let texts = std::mem::take(&mut self.texts);
        let hash = texts_hash(&texts);
        let head = self.fields[field as usize].get(&hash).copied();
        let mut next = head.unwrap_or(u32::MAX);
        while next != u32::MAX {
            let (start, end, g, after) = self.lists[next as usize];
            if self.list_texts[start as usize..end as usize] == texts[..] {
                self.texts = texts;
                self.texts.clear();
                return g;
            }
            next = after;
        }
        self.group.clear();
        self.group.push(field as u32);
        for &text in &texts {
            let p = self.piece(text, mode);
            if !self.blank[p as usize] {
                self.group.push(p);
            }
        }
        let g = if self.group.len() > 1 {
            self.intern_group()
        } else {
            NO_GROUP
        };
        let start = self.list_texts.len() as u32;
        self.list_texts.extend_from_slice(&texts);
        self.lists.push((
            start,
            self.list_texts.len() as u32,
            g,
            head.unwrap_or(u32::MAX),
        ));
        self.fields[field as usize].insert(hash, self.lists.len() as u32 - 1);
        self.texts = texts;
        self.texts.clear();
        g
    }

    /// The number of `text` in `mode`, given at first use.
    #[inline]
    fn piece(&mut self, text: &'f str, mode: Mode) -> u32 {
        if let Some(&p) = self.piece_ids.get(&(text, mode)) {
            return p;
        }
        let p = self.pieces.len() as u32;
        self.pieces.push((text, mode));
        self.blank.push(text.chars().all(|c| fold_char(c) == ' '));
        self.piece_ids.insert((text, mode), p);
        p
    }

    /// The number of the group whose key is in `self.group`, given at
    /// first use.
    fn intern_group(&mut self) -> u32 {
        if let Some(&g) = self.group_ids.get(&self.group[..]) {
            return g;
        }
        let g = self.key_ends.len() as u32;
        self.keys.extend_from_slice(&self.group);
        self.key_ends.push(self.keys.len() as u32);
        self.group_ids.insert(self.group.as_slice().into(), g);
        g
    }

    /// Takes in `later` (a chunk of later flows): its pieces and groups
    /// that are new here are numbered after this chunk's, in its order of
    /// first use, and its topics follow this chunk's.
    fn merge(&mut self, later: Chunk<'f>) {
        let pieces: Vec<u32> = later
            .pieces
            .iter()
            .zip(&later.blank)
            .map(|(&key, &blank)| {
                *self.piece_ids.entry(key).or_insert_with(|| {
                    self.pieces.push(key);
                    self.blank.push(blank);
                    self.pieces.len() as u32 - 1
                })
            })
            .collect();
        let mut start = 0;
        let groups: Vec<u32> = later
            .key_ends
            .iter()
            .map(|&end| {
                let key = &later.keys[start as usize..end as usize];
                start = end;
                self.group.clear();
                self.group.push(key[0]);
                self.group
                    .extend(key[1..].iter().map(|&p| pieces[p as usize]));
                self.intern_group()
            })
            .collect();
        self.topics.extend(later.topics.into_iter().map(|mut t| {
            for g in &mut t {
                if *g != NO_GROUP {
                    *g = groups[*g as usize];
                }
            }
            t
        }));
        self.title_chars.extend(later.title_chars);
        let at = self.name_text.len() as u32;
        self.name_text.push_str(&later.name_text);
        let shift = |r: (u32, u32)| (r.0 + at, r.1 + at);
        self.names.extend(later.names.into_iter().map(|n| Name {
            id: shift(n.id),
            title: n.title.map(shift),
        }));
    }
}

/// A hash of a list of texts, eight bytes at a time (a list is looked up
/// by it, then compared).
fn texts_hash(texts: &[&str]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let mut h = texts.len() as u64;
    for text in texts {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        h = step(h, n as u64);
        let mut at = 0;
        while at + 8 <= n {
            h = step(h, word(at));
            at += 8;
        }
        if at < n {
            // The last bytes: the last eight (overlapping) or, in a short
            // text, each byte.
            let last = if n >= 8 {
                word(n - 8)
            } else {
                bytes.iter().fold(0, |w, &b| w << 8 | b as u64)
            };
            h = step(h, last);
        }
    }
    h ^ (h >> 31)
}

impl Index {
    /// Builds the index; topics are kept in id order.
    pub fn build<'a>(flows: impl IntoIterator<Item = &'a Flow>) -> Index {
        let flows: Vec<&Flow> = flows.into_iter().collect();
        // Large sets are built on every core.
        let threads = threads_for(flows.len(), PARALLEL_MIN);
        Index::build_on(flows, threads)
    }

    /// [`Index::build`] on `threads` threads (the result is the same for
    /// any number).
    pub(super) fn build_on(mut flows: Vec<&Flow>, threads: usize) -> Index {
        flows.sort_by(|a, b| a.id.cmp(&b.id));
        let threads = threads.max(1);
        // Pass 1.
        let chunk = flows.len().div_ceil(threads).max(1);
        let chunks = each(flows.chunks(chunk).collect(), |part: &[&Flow]| {
            let mut c = Chunk::new(part.len());
            for flow in part {
                c.add(flow);
            }
            c
        });
        // Pass 2.
        let mut chunks = chunks.into_iter();
        let Some(mut all) = chunks.next() else {
            return Index::default();
        };
        for later in chunks {
            all.merge(later);
        }
        // Pass 3.
        let pieces = &all.pieces;
        let range = pieces.len().div_ceil(threads).max(1);
        let parts = each(pieces.chunks(range).collect(), |part| {
            let mut index = Index {
                known: vec![0; KNOWN_WORDS],
                triples: vec![0; TRIPLE_WORDS],
                ..Index::default()
            };
            let mut scratch = Scratch::default();
            for &(text, mode) in part {
                index.expand(text, mode, &mut scratch);
            }
            index
        });
        let mut parts = parts.into_iter();
        let mut index = parts.next().unwrap_or_default();
        for part in parts {
            index.append_pieces(part);
        }
        // Pass 4.
        let mut start = 0;
        index.groups = Vec::with_capacity(all.key_ends.len());
        for &end in &all.key_ends {
            let key = &all.keys[start as usize..end as usize];
            start = end;
            let field = Field::from_u8(key[0] as u8).expect("a group key starts with its field");
            let first = index.group_pieces.len() as u32;
            let mut mask = 0;
            for &p in &key[1..] {
                mask |= index.pieces[p as usize].mask;
                index.group_pieces.push(p);
            }
            index.groups.push(Group {
                pieces: (first, index.group_pieces.len() as u32),
                field,
                mask,
            });
        }
        index.topics = all
            .topics
            .iter()
            .zip(&all.title_chars)
            .map(|(&groups, &title_chars)| Topic {
                groups,
                mask: groups
                    .iter()
                    .filter(|&&g| g != NO_GROUP)
                    .fold(0, |m, &g| m | index.groups[g as usize].mask),
                title_chars,
            })
            .collect();
        index.names = all.names;
        index.name_text = all.name_text;
        index
    }

    /// Adds the piece of `text` in `mode`: its folded text and, unless
    /// `mode` is plain, its pinyin lines.
    fn expand(&mut self, text: &str, mode: Mode, scratch: &mut Scratch) {
        let (lines, sums) = (self.lines.len() as u32, self.sums.len());
        let mut mask = 0;
        let Scratch {
            folded,
            spellings,
            full,
            initials,
        } = scratch;
        folded.clear();
        fold_into(text, folded);
        mask |= self.push_line(folded, Form::Original, sums);
        if mode != Mode::Plain && has_han(folded) {
            full.reset();
            initials.reset();
            spellings.keys(folded, |f, i| {
                mask |= self.push_spelling(f, Form::Full, sums, full);
                if mode == Mode::Initials {
                    mask |= self.push_spelling(i, Form::Initials, sums, initials);
                }
            });
        }
        self.pieces.push(Piece {
            lines: (lines, self.lines.len() as u32),
            sums: (sums as u32, self.sums.len() as u32),
            mask,
        });
    }

    /// [`Index::push_line`] for a pinyin spelling of the piece whose first
    /// kept spelling in this form is `base`: a further spelling differs
    /// from it in one reading, so its summary is made from the base's and
    /// the characters around the difference (see [`Base::derive`]).
    fn push_spelling(&mut self, s: &str, form: Form, sums: usize, base: &mut Base) -> u64 {
        if base.line.is_none() {
            let start = self.text.len();
            let mask = self.push_line(s, form, sums);
            if mask != 0 && s.is_ascii() && !s.contains(' ') {
                base.set(start, s.len());
            }
            return mask;
        }
        if blank(s) || !s.is_ascii() {
            return self.push_line(s, form, sums);
        }
        let triples: &mut [u64; TRIPLE_WORDS] =
            (&mut self.triples[..]).try_into().expect("triples");
        let Some((line, whole)) = base.derive(&self.text, s.as_bytes(), triples) else {
            return self.push_line(s, form, sums);
        };
        self.add_line(s, form, sums, false, line, whole)
    }

    /// Appends the pieces of `part` (expanded from later texts), moving
    /// their positions.
    fn append_pieces(&mut self, part: Index) {
        let text = self.text.len() as u32;
        let lines = self.lines.len() as u32;
        let sums = self.sums.len() as u32;
        self.text.push_str(&part.text);
        self.lines.extend(part.lines.into_iter().map(|mut l| {
            l.start += text;
            l
        }));
        self.sums.extend(part.sums);
        self.pieces.extend(part.pieces.into_iter().map(|mut p| {
            p.lines = (p.lines.0 + lines, p.lines.1 + lines);
            p.sums = (p.sums.0 + sums, p.sums.1 + sums);
            p
        }));
        for (a, b) in self.known.iter_mut().zip(&part.known) {
            *a |= b;
        }
        for (a, b) in self.triples.iter_mut().zip(&part.triples) {
            *a |= b;
        }
    }

    /// Appends folded line `s` of the piece whose summaries start at
    /// `sums` in `self.sums`, and adds it to its summary, in one pass over
    /// its characters. Returns the line's mask (0 for a blank line, which
    /// is not kept).
    fn push_line(&mut self, s: &str, form: Form, sums: usize) -> u64 {
        if blank(s) {
            return 0;
        }
        // Lines with and without non-ASCII characters (zh and en text) are
        // summarised apart: their lengths differ a lot.
        let wide = !s.is_ascii();
        let known: &mut [u64; KNOWN_WORDS] = (&mut self.known[..]).try_into().expect("known");
        let triples: &mut [u64; TRIPLE_WORDS] =
            (&mut self.triples[..]).try_into().expect("triples");
        // Pinyin and English lines are ASCII: read as bytes, no decoding.
        let line = if wide {
            LineSum::of(s.chars(), known, triples)
        } else {
            LineSum::of_ascii(s.as_bytes(), triples)
        };
        self.add_line(s, form, sums, wide, line, whole_bit(s))
    }

    /// Appends line `s` summarised as `line` (its [`whole_bit`] is
    /// `wholes`) to the piece whose summaries start at `sums`.
    fn add_line(
        &mut self,
        s: &str,
        form: Form,
        sums: usize,
        wide: bool,
        line: LineSum,
        wholes: u64,
    ) -> u64 {
        let mask = line.mask;
        let chars = line.chars.min(u16::MAX as usize) as u16;
        let start = self.text.len() as u32;
        self.text.push_str(s);
        let len = s.len() as u32;
        self.lines.push(Line {
            mask,
            start,
            len,
            chars,
            form,
        });
        let (lens, char_lens) = (length_bit(len as usize), length_bit(chars as usize));
        let found = self.sums[sums..]
            .iter_mut()
            .find(|c| c.form == form && c.wide == wide);
        match found {
            Some(c) => {
                c.mask |= mask;
                c.starts |= line.starts;
                c.word_starts |= line.word_starts;
                c.starts2 |= line.starts2;
                c.word_starts2 |= line.word_starts2;
                c.starts3 |= line.starts3;
                c.word_starts3 |= line.word_starts3;
                c.bigrams |= line.bigrams;
                c.lens |= lens;
                c.wholes |= wholes;
                c.char_lens |= char_lens;
            }
            None => self.sums.push(Sum {
                mask,
                starts: line.starts,
                word_starts: line.word_starts,
                starts2: line.starts2,
                word_starts2: line.word_starts2,
                starts3: line.starts3,
                word_starts3: line.word_starts3,
                bigrams: line.bigrams,
                lens,
                wholes,
                char_lens,
                form,
                wide,
            }),
        }
        mask
    }
}

/// What one line adds to its [`Sum`] (see there), and its length in
/// characters.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct LineSum {
    mask: u64,
    chars: usize,
    starts: u128,
    word_starts: u128,
    starts2: u64,
    word_starts2: u64,
    starts3: u64,
    word_starts3: u64,
    bigrams: u128,
}

impl LineSum {
    /// Summarises the characters of a non-blank line in one pass, marking
    /// its wide characters in `known` and its runs of three in `triples`.
    #[inline(always)]
    pub(super) fn of(
        mut line: impl Iterator<Item = char>,
        known: &mut [u64; KNOWN_WORDS],
        triples: &mut [u64; TRIPLE_WORDS],
    ) -> LineSum {
        let mark = |known: &mut [u64; KNOWN_WORDS], c: char| {
            if !c.is_ascii() && (c as usize) < 0x1_0000 {
                known[c as usize / 64] |= 1 << (c as usize % 64);
            }
        };
        let Some(first) = line.next() else {
            return LineSum::default();
        };
        mark(known, first);
        let mut sum = LineSum {
            mask: char_bit(first),
            starts: start_bit(first),
            word_starts: start_bit(first),
            ..LineSum::default()
        };
        // The two characters before `c`, a space before the first.
        let (mut before, mut prev) = (' ', first);
        // Position of the current word's first character.
        let mut word_at = 0;
        let mut i = 0;
        for c in line {
            i += 1;
            sum.mask |= char_bit(c);
            mark(known, c);
            let t = triple_bit(before, prev, c);
            triples[t / 64] |= 1 << (t % 64);
            if prev != ' ' && before != ' ' && i == word_at + 2 {
                let bit = triple64(before, prev, c);
                sum.word_starts3 |= bit;
                if i == 2 {
                    sum.starts3 = bit;
                }
            }
            if prev == ' ' {
                sum.word_starts |= start_bit(c);
                word_at = i;
            }
            let pair = pair_bit(prev, c);
            sum.bigrams |= pair;
            if prev != ' ' && i == word_at + 1 {
                sum.word_starts2 |= fold64(pair);
                if i == 1 {
                    sum.starts2 = fold64(pair);
                }
            }
            before = prev;
            prev = c;
        }
        sum.chars = i + 1;
        sum
    }

    /// [`LineSum::of`] for an ASCII line, faster: a pass for what every
    /// character adds (its class, its pair and run of three with the
    /// characters before it), then one step per word.
    pub(super) fn of_ascii(line: &[u8], triples: &mut [u64; TRIPLE_WORDS]) -> LineSum {
        let Some(&first) = line.first() else {
            return LineSum::default();
        };
        let mut sum = LineSum {
            chars: line.len(),
            ..LineSum::default()
        };
        // The hash of `triple_bit`, sharing its products: a character is
        // multiplied by each factor once. Classes and pairs come from
        // tables (see `ascii_classes_and_pairs`).
        let (k1, k2, k3) = (0x9E37_79B1u32, 0x85EB_CA77u32, 0xC2B2_AE3Du32);
        let (mut before1, mut prev1, mut prev2) = (
            (' ' as u32).wrapping_mul(k1),
            (first as u32).wrapping_mul(k1),
            (first as u32).wrapping_mul(k2),
        );
        let (mut mask, mut lo, mut hi) = (ASCII_BITS[first as usize & 127], 0u64, 0u64);
        let mut prev = (first as usize & 127) << 7;
        for &c in &line[1..] {
            let i = c as usize & 127;
            mask |= ASCII_BITS[i];
            let [l, h] = HALVES[ASCII_PAIRS[prev | i] as usize & 127];
            (lo, hi) = (lo | l, hi | h);
            prev = i << 7;
            let c = c as u32;
            let t =
                ((before1 ^ prev2 ^ c.wrapping_mul(k3)).wrapping_mul(0x27D4_EB2F) >> 16) as usize;
            triples[t / 64] |= 1 << (t % 64);
            (before1, prev1, prev2) = (prev1, c.wrapping_mul(k1), c.wrapping_mul(k2));
        }
        sum.mask = mask;
        sum.bigrams = (hi as u128) << 64 | lo as u128;
        // Words start at the first character and after every space (a
        // line without spaces, as pinyin lines are, has one word).
        let at = |i: usize| line.get(i).map(|&b| b as char);
        let mut word = |w: usize| {
            let Some(a) = at(w) else { return };
            sum.word_starts |= start_bit(a);
            let Some(b) = at(w + 1).filter(|_| a != ' ') else {
                return;
            };
            let pair = 1 << (ASCII_PAIRS[(a as usize & 127) << 7 | (b as usize & 127)] & 63);
            sum.word_starts2 |= pair;
            let triple = at(w + 2).filter(|_| b != ' ').map(|c| triple64(a, b, c));
            sum.word_starts3 |= triple.unwrap_or(0);
            if w == 0 {
                sum.starts2 = pair;
                sum.starts3 = triple.unwrap_or(0);
            }
        };
        word(0);
        if line.contains(&b' ') {
            for_each_space(line, |i| word(i + 1));
        }
        sum.starts = start_bit(first as char);
        sum
    }
}

/// Whether line `s` is blank (not kept): most lines start with a letter or
/// a digit.
#[inline]
fn blank(s: &str) -> bool {
    !s.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) && s.trim().is_empty()
}

/// Calls `f` with the position of every space in `line`, in order, eight
/// bytes at a time.
#[inline]
pub(super) fn for_each_space(line: &[u8], mut f: impl FnMut(usize)) {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let mut chunks = line.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes")) ^ 0x2020_2020_2020_2020;
        // The top bit of every byte that was a space (exactly: no carry
        // crosses a byte).
        let mut spaces = !(((x & LOW) + LOW) | x | LOW);
        while spaces != 0 {
            f(at + spaces.trailing_zeros() as usize / 8);
            spaces &= spaces - 1;
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b' ' {
            f(at + i);
        }
    }
}

/// Buffers of pass 3, kept from text to text.
#[derive(Debug, Default)]
struct Scratch {
    folded: String,
    spellings: text::Spellings,
    /// The first full pinyin and initials lines of the piece being
    /// expanded.
    full: Base,
    initials: Base,
}

/// The first pinyin spelling kept for a piece in one form, when it is an
/// ASCII line without spaces: the piece's other spellings differ from it
/// in one reading, and their runs of three away from the difference are
/// the base's (marked already).
#[derive(Debug, Default)]
pub(super) struct Base {
    /// Where the line is in [`Index::text`] (start, length).
    line: Option<(usize, usize)>,
}

/// The state [`whole_bit`]'s hash starts from.
const WHOLE_START: u64 = 0xCBF2_9CE4_8422_2325;

/// [`whole_bit`]'s hash, from state `h`, over `bytes`.
#[inline]
fn whole_hash(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01B3))
}

/// [`char_bit`] of every ASCII character.
static ASCII_BITS: [u64; 128] = {
    let mut table = [0; 128];
    let mut c = 0;
    while c < 128 {
        table[c] = match c as u8 {
            b'a'..=b'z' => 1 << (c - b'a' as usize),
            b'0'..=b'9' => 1 << (26 + c - b'0' as usize),
            b' ' => 0,
            _ => 1 << (36 + c % 28),
        };
        c += 1;
    }
    table
};

/// Which of [`pair_bit`]'s 128 bits every pair of ASCII characters `a`,
/// `b` sets, at `a << 7 | b`.
static ASCII_PAIRS: [u8; 1 << 14] = {
    let mut table = [0; 1 << 14];
    let mut i = 0;
    while i < 1 << 14 {
        let (a, b) = ((i >> 7) as u32, (i & 127) as u32);
        let h = a.wrapping_mul(0x9E37_79B1) ^ b.wrapping_mul(0x85EB_CA77);
        table[i] = (h.wrapping_mul(0xC2B2_AE35) >> 25) as u8;
        i += 1;
    }
    table
};

/// Bit `n` of 128 as two halves (low, high).
static HALVES: [[u64; 2]; 128] = {
    let mut table = [[0; 2]; 128];
    let mut n = 0;
    while n < 128 {
        table[n][n / 64] = 1 << (n % 64);
        n += 1;
    }
    table
};

/// The classes ([`char_bit`]) and pairs ([`pair_bit`]) of ASCII line
/// `line`, as [`LineSum::mask`] and [`LineSum::bigrams`] have them.
#[inline]
pub(super) fn ascii_classes_and_pairs(line: &[u8]) -> (u64, u128) {
    let Some(&first) = line.first() else {
        return (0, 0);
    };
    let (mut mask, mut lo, mut hi) = (ASCII_BITS[first as usize & 127], 0, 0);
    let mut prev = (first as usize & 127) << 7;
    for &c in &line[1..] {
        let c = c as usize & 127;
        mask |= ASCII_BITS[c];
        let [l, h] = HALVES[ASCII_PAIRS[prev | c] as usize & 127];
        (lo, hi) = (lo | l, hi | h);
        prev = c << 7;
    }
    (mask, (hi as u128) << 64 | lo as u128)
}

/// How many bytes `a` and `b` have in common at their start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().expect("8 bytes"))
            ^ u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        if x != 0 {
            return i + x.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// How many bytes `a` and `b` have in common at their end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + 8 <= n {
        let at = n - i - 8;
        let x = u64::from_le_bytes(a[at..at + 8].try_into().expect("8 bytes"))
            ^ u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
        if x != 0 {
            return i + x.leading_zeros() as usize / 8;
        }
        i += 8;
    }
    while i < n && a[n - 1 - i] == b[n - 1 - i] {
        i += 1;
    }
    i
}

impl Base {
    /// Forgets the line (a new piece starts).
    fn reset(&mut self) {
        self.line = None;
    }

    /// The line at `start` in [`Index::text`], `len` bytes long, is the
    /// base.
    pub(super) fn set(&mut self, start: usize, len: usize) {
        self.line = Some((start, len));
    }

    /// The summary of ASCII line `s` (not blank) and its [`whole_bit`],
    /// marking in `triples` its runs of three that touch where it differs
    /// from the base line in `text` (every other run is one of the base's,
    /// marked already); `None` without a base, or when `s` has a space
    /// where it differs.
    pub(super) fn derive(
        &self,
        text: &str,
        s: &[u8],
        triples: &mut [u64; TRIPLE_WORDS],
    ) -> Option<(LineSum, u64)> {
        let (start, len) = self.line?;
        let b = &text.as_bytes()[start..start + len];
        let n = s.len();
        let &first = s.first()?;
        let p = common_prefix(b, s);
        let q = common_suffix(&b[p..], &s[p..]);
        // `s[p..e]` differs from the base.
        let e = n - q;
        if s[p..e].contains(&b' ') {
            return None;
        }
        for j in p.max(1)..(e + 2).min(n) {
            let before = if j >= 2 { s[j - 2] as char } else { ' ' };
            let t = triple_bit(before, s[j - 1] as char, s[j] as char);
            triples[t / 64] |= 1 << (t % 64);
        }
        let (mask, bigrams) = ascii_classes_and_pairs(s);
        let whole = 1 << (whole_hash(WHOLE_START, s) >> 58);
        let first = first as char;
        let second = s.get(1).map(|&c| c as char);
        let pair = second.map_or(0, |c| fold64(pair_bit(first, c)));
        let triple = match (second, s.get(2)) {
            (Some(b), Some(&c)) => triple64(first, b, c as char),
            _ => 0,
        };
        let line = LineSum {
            mask,
            chars: n,
            starts: start_bit(first),
            word_starts: start_bit(first),
            starts2: pair,
            word_starts2: pair,
            starts3: triple,
            word_starts3: triple,
            bigrams,
        };
        Some((line, whole))
    }
}
