//! Building the index, in four passes (the parallel ones over every core
//! for large sets):
//!
//! 1. (parallel, over chunks of flows) each chunk names its distinct texts
//!    and groups in order of first use, and its topics by those names (a
//!    field whose list of texts was seen before takes that list's group
//!    without naming its texts again);
//! 2. the chunks' names are merged, in chunk order, into one dictionary:
//!    the pieces and groups come out numbered by first use over all flows,
//!    exactly as one thread would have numbered them (the pieces first;
//!    the groups and topics on a thread of their own beside pass 3, which
//!    then copies the topics' ids and titles from the flows, once);
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
use crate::flow::Text;

/// Things numbered 0, 1, 2, ... in order of first use, found by a 64-bit
/// hash their owner computes: the first number with each hash, and per
/// number the next with the same hash. The owner keeps the things and
/// says whether one is the one sought, so no key is stored twice and
/// nothing is allocated per thing.
#[derive(Default)]
struct Chains {
    heads: foldhash::HashMap<u64, u32>,
    next: Vec<u32>,
}

impl Chains {
    /// The number with `hash` for which `is` holds, if any.
    #[inline]
    fn find(&self, hash: u64, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        let mut at = *self.heads.get(&hash)?;
        loop {
            if is(at) {
                return Some(at);
            }
            at = self.next[at as usize];
            if at == u32::MAX {
                return None;
            }
        }
    }

    /// Adds the next number under `hash` and returns it.
    #[inline]
    fn add(&mut self, hash: u64) -> u32 {
        let id = self.next.len() as u32;
        let head = self.heads.insert(hash, id);
        self.next.push(head.unwrap_or(u32::MAX));
        id
    }
}

/// A distinct text, in its expansion mode.
#[derive(Clone, Copy)]
struct PieceKey {
    /// Where its text is in [`Pieces::text`].
    text: (u32, u32),
    mode: Mode,
    /// Its text folds to nothing (no lines; left out of groups).
    blank: bool,
    hash: u64,
}

/// Distinct texts, in their expansion modes, numbered in order of first
/// use, their text copied out of the flows.
#[derive(Default)]
struct Pieces {
    keys: Vec<PieceKey>,
    /// Their texts, one after another.
    text: String,
    ids: Chains,
}

impl Pieces {
    fn hash(text: &str, mode: Mode) -> u64 {
        text_hash(text.as_bytes()) ^ mode as u64
    }

    /// The text of `piece`.
    #[inline]
    fn text(&self, piece: &PieceKey) -> &str {
        &self.text[piece.text.0 as usize..piece.text.1 as usize]
    }

    /// Whether piece `p` is blank.
    fn blank(&self, p: u32) -> bool {
        self.keys[p as usize].blank
    }

    /// The number of `text` (whose hash in `mode` is `hash`), if known.
    fn find(&self, text: &str, mode: Mode, hash: u64) -> Option<u32> {
        self.ids.find(hash, |p| {
            let key = &self.keys[p as usize];
            key.mode == mode && self.text(key) == text
        })
    }

    /// The number of `text` in `mode`, given at first use.
    fn number(&mut self, text: &str, mode: Mode) -> u32 {
        let hash = Pieces::hash(text, mode);
        self.find(text, mode, hash).unwrap_or_else(|| {
            let blank = text.chars().all(|c| fold_char(c) == ' ');
            self.push(text, mode, blank, hash)
        })
    }

    /// Adds a piece not seen before and returns its number.
    fn push(&mut self, text: &str, mode: Mode, blank: bool, hash: u64) -> u32 {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        self.keys.push(PieceKey {
            text: (start, self.text.len() as u32),
            mode,
            blank,
            hash,
        });
        self.ids.add(hash)
    }

    /// Takes in `later` (the pieces of later flows): returns their numbers
    /// here, numbering those that are new after these, in their order.
    fn merge(&mut self, later: &Pieces) -> Vec<u32> {
        later
            .keys
            .iter()
            .map(|key| {
                let text = later.text(key);
                self.find(text, key.mode, key.hash)
                    .unwrap_or_else(|| self.push(text, key.mode, key.blank, key.hash))
            })
            .collect()
    }
}

/// Groups and topics by piece number, numbered in order of first use.
#[derive(Default)]
struct Topics {
    /// Every group's key, `[field, piece, piece, ...]`, one after another.
    keys: Vec<u32>,
    /// Where each group's key ends in `keys`.
    key_ends: Vec<u32>,
    group_ids: Chains,
    /// The key of the group being made.
    group: Vec<u32>,
    /// Per topic: its group per field ([`NO_GROUP`] for none).
    groups: Vec<[u32; FIELDS]>,
    title_chars: Vec<u32>,
}

impl Topics {
    fn new(topics: usize) -> Topics {
        Topics {
            groups: Vec::with_capacity(topics),
            title_chars: Vec::with_capacity(topics),
            ..Topics::default()
        }
    }

    /// Adds the topic of `flow`, whose field groups are `groups`.
    fn push(&mut self, flow: &Flow, groups: [u32; FIELDS]) {
        let title = &flow.title;
        self.title_chars
            .push((title.zh.chars().count() + title.en.chars().count()) as u32);
        self.groups.push(groups);
    }

    /// The number of the group whose key is in `self.group`, given at
    /// first use.
    fn intern_group(&mut self) -> u32 {
        let hash = key_hash(&self.group);
        let found = self
            .group_ids
            .find(hash, |g| self.key(g) == &self.group[..]);
        if let Some(g) = found {
            return g;
        }
        self.keys.extend_from_slice(&self.group);
        self.key_ends.push(self.keys.len() as u32);
        self.group_ids.add(hash)
    }

    /// The key of group `g`.
    #[inline]
    fn key(&self, g: u32) -> &[u32] {
        let start = match g {
            0 => 0,
            _ => self.key_ends[g as usize - 1],
        };
        &self.keys[start as usize..self.key_ends[g as usize] as usize]
    }

    /// Takes in `later` (the topics of later flows, whose piece `p` is
    /// piece `pieces[p]` here): its groups that are new here are numbered
    /// after these, in its order of first use, and its topics follow.
    fn merge(&mut self, later: Topics, pieces: &[u32]) {
        let groups: Vec<u32> = (0..later.key_ends.len() as u32)
            .map(|g| {
                let key = later.key(g);
                self.group.clear();
                self.group.push(key[0]);
                self.group
                    .extend(key[1..].iter().map(|&p| pieces[p as usize]));
                self.intern_group()
            })
            .collect();
        self.groups.extend(later.groups.into_iter().map(|mut t| {
            for g in &mut t {
                if *g != NO_GROUP {
                    *g = groups[*g as usize];
                }
            }
            t
        }));
        self.title_chars.extend(later.title_chars);
    }
}

/// The names of `flows` (ids and titles), copied once into text of the
/// exact size.
fn names_of(flows: &[&Flow]) -> (Vec<Name>, String) {
    let len = flows
        .iter()
        .map(|f| f.id.len() + f.title.zh.len() + f.title.en.len())
        .sum();
    let mut text = String::with_capacity(len);
    let names = flows
        .iter()
        .map(|f| {
            let mut put = |s: &str| {
                let start = text.len() as u32;
                text.push_str(s);
                (start, text.len() as u32)
            };
            Name {
                id: put(&f.id),
                title: [put(&f.title.zh), put(&f.title.en)],
            }
        })
        .collect();
    (names, text)
}

/// What pass 1 makes of one chunk of flows: its distinct texts, groups
/// and topics.
struct Chunk<'f> {
    pieces: Pieces,
    topics: Topics,
    /// Per field: each distinct list of texts seen there, by hash (see
    /// [`texts_hash`]).
    fields: [Chains; FIELDS],
    /// Those lists, numbered per field (their texts copied into
    /// `list_lens` and `list_bytes`, so comparing with one reads two runs
    /// of memory).
    lists: [Vec<List>; FIELDS],
    list_lens: Vec<u32>,
    list_bytes: Vec<u8>,
    /// The texts of the field being read.
    texts: Vec<&'f str>,
    /// The first and last flow ids, and whether the flows came in id
    /// order.
    ids: Option<(&'f str, &'f str)>,
    in_order: bool,
}

impl<'f> Chunk<'f> {
    fn new(topics: usize) -> Chunk<'f> {
        Chunk {
            pieces: Pieces::default(),
            topics: Topics::new(topics),
            fields: Default::default(),
            lists: Default::default(),
            list_lens: Vec::new(),
            list_bytes: Vec::new(),
            texts: Vec::new(),
            ids: None,
            in_order: true,
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
        self.topics.push(flow, groups);
        self.ids = Some(match self.ids {
            None => (&flow.id, &flow.id),
            Some((first, last)) => {
                self.in_order &= last <= flow.id.as_str();
                (first, &flow.id)
            }
        });
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
        let f = field as usize;
        let (lists, lens, bytes) = (&self.lists[f], &self.list_lens, &self.list_bytes);
        let found = self.fields[f].find(hash, |l| lists[l as usize].holds(&texts, lens, bytes));
        let group = match found {
            Some(l) => lists[l as usize].group,
            None => {
                let group = self.group_of(field, mode, &texts);
                self.lists[f].push(List {
                    lens: self.list_lens.len() as u32,
                    count: texts.len() as u32,
                    bytes: self.list_bytes.len(),
                    group,
                });
                self.fields[f].add(hash);
                for text in &texts {
                    self.list_lens.push(text.len() as u32);
                    self.list_bytes.extend_from_slice(text.as_bytes());
                }
                group
            }
        };
        self.texts = texts;
        self.texts.clear();
        group
    }

    /// The group of `field` made of `texts` (blank ones left out), or
    /// [`NO_GROUP`] when all are blank.
    fn group_of(&mut self, field: Field, mode: Mode, texts: &[&str]) -> u32 {
        let group = &mut self.topics.group;
        group.clear();
        group.push(field as u32);
        for &text in texts {
            let p = self.pieces.number(text, mode);
            if !self.pieces.blank(p) {
                group.push(p);
            }
        }
        if group.len() > 1 {
            self.topics.intern_group()
        } else {
            NO_GROUP
        }
    }
}

/// Pass 1 over `flows` on `threads` threads: one chunk per thread, in
/// order.
fn read<'f>(flows: &[&'f Flow], threads: usize) -> Vec<Chunk<'f>> {
    let chunk = flows.len().div_ceil(threads).max(1);
    each(flows.chunks(chunk).collect(), |part: &[&'f Flow]| {
        let mut c = Chunk::new(part.len());
        for (i, flow) in part.iter().enumerate() {
            ask_ahead(part, i);
            c.add(flow);
        }
        c
    })
}

/// Asks the processor to start fetching what pass 1 will read of the flows
/// after `flows[i]`, in three stages (each flow's lists, then its steps'
/// lists, then the texts themselves), so that the texts of several flows
/// come from memory at once. Every text is a separate allocation, so
/// without this pass 1 waits on memory for each text in turn (figures in
/// BENCHMARKS.md). It names what [`Chunk::add`] reads: a
/// text added there and not here is still read, only not ahead.
#[inline(always)]
fn ask_ahead(flows: &[&Flow], i: usize) {
    if let Some(f) = flows.get(i + 12) {
        fetch(f.steps.as_ptr());
        fetch(f.pinyin.as_ptr());
        fetch(f.aliases.as_ptr());
        fetch(f.keywords.as_ptr());
    }
    if let Some(f) = flows.get(i + 8) {
        for step in &f.steps {
            fetch(step.options().as_ptr());
            fetch(step.items().as_ptr());
        }
    }
    if let Some(f) = flows.get(i + 4) {
        let text = |t: &Text| {
            fetch(t.zh.as_ptr());
            fetch(t.en.as_ptr());
        };
        fetch(f.id.as_ptr());
        text(&f.title);
        text(&f.summary);
        for s in f.pinyin.iter().chain(&f.aliases).chain(&f.keywords) {
            fetch(s.as_ptr());
        }
        for step in &f.steps {
            text(&step.title);
            step.options().iter().for_each(|c| text(&c.label));
            step.items().iter().for_each(|c| text(&c.label));
        }
    }
}

/// Asks for the cache line at `p` to be fetched; only a hint.
#[inline(always)]
fn fetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults, whatever the address, and SSE is
    // part of every x86_64 processor.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A list of texts met in a field, in [`Chunk::lists`].
#[derive(Clone, Copy)]
struct List {
    /// Where its texts' lengths start in `list_lens`, and how many.
    lens: u32,
    count: u32,
    /// Where its texts' bytes start in `list_bytes`.
    bytes: usize,
    /// Its group ([`NO_GROUP`] when every text is blank).
    group: u32,
}

impl List {
    /// Whether this list, whose texts are in `lens` and `bytes`, is made
    /// of exactly `texts`, in order.
    #[inline]
    fn holds(&self, texts: &[&str], lens: &[u32], bytes: &[u8]) -> bool {
        if self.count as usize != texts.len() {
            return false;
        }
        let lens = &lens[self.lens as usize..][..texts.len()];
        let mut at = self.bytes;
        for (&len, text) in lens.iter().zip(texts) {
            let len = len as usize;
            if len != text.len() || !same_bytes(&bytes[at..at + len], text.as_bytes()) {
                return false;
            }
            at += len;
        }
        true
    }
}

/// A hash of a group's key.
fn key_hash(key: &[u32]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    key.iter()
        .fold(key.len() as u64, |h, &x| fold_mul(h ^ x as u64, K))
}

/// The eight bytes of `b` from `at`, little-endian.
#[inline(always)]
fn word(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// The four bytes of `b` from `at`, little-endian.
#[inline(always)]
fn half(b: &[u8], at: usize) -> u64 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")) as u64
}

/// The high and low halves of `a * b`, folded together.
#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let r = a as u128 * b as u128;
    r as u64 ^ (r >> 64) as u64
}

/// Whether `a` and `b`, of the same length, hold the same bytes; texts of
/// up to 32 bytes (most of them) are compared in place, eight bytes at a
/// time, overlapping.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    debug_assert_eq!(n, b.len());
    match n {
        0 => true,
        1..=3 => a == b,
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        17..=32 => {
            word(a, 0) == word(b, 0)
                && word(a, 8) == word(b, 8)
                && word(a, n - 16) == word(b, n - 16)
                && word(a, n - 8) == word(b, n - 8)
        }
        _ => a == b,
    }
}

/// A hash of one text: its bytes sixteen at a time, each run folded by
/// one multiply (as in foldhash), and its length.
#[inline(always)]
fn text_hash(b: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x243F_6A88_85A3_08D3,
        0x1319_8A2E_0370_7344,
        0xA409_3822_299F_31D0,
        0x082E_FA98_EC4E_6C89,
    ];
    let n = b.len();
    let (x, y) = match n {
        0 => (0, 0),
        1..=3 => (
            b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16,
            0,
        ),
        4..=7 => (half(b, 0), half(b, n - 4)),
        8..=16 => (word(b, 0), word(b, n - 8)),
        17..=32 => {
            let first = fold_mul(word(b, 0) ^ K[2], word(b, 8) ^ K[3]);
            (first ^ word(b, n - 16), word(b, n - 8))
        }
        _ => {
            let mut h = 0;
            let mut at = 0;
            while at + 16 < n {
                h = fold_mul(word(b, at) ^ K[2] ^ h, word(b, at + 8) ^ K[3]);
                at += 16;
            }
            (h ^ word(b, n - 16), word(b, n - 8))
        }
    };
    fold_mul(x ^ K[0], y ^ K[1] ^ n as u64)
}

/// A hash of a list of texts (a list is looked up by it, then compared).
fn texts_hash(texts: &[&str]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = texts.len() as u64;
    for text in texts {
        h = fold_mul(h ^ text_hash(text.as_bytes()), K);
    }
    h
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
        let threads = threads.max(1);
        // Pass 1. Flows usually come in id order (a catalog keeps them
        // so), and reading them tells whether they do: only when they do
        // not are they sorted, and read again.
        let mut chunks = read(&flows, threads);
        let in_order = chunks.iter().all(|c| c.in_order)
            && chunks.windows(2).all(|w| match (w[0].ids, w[1].ids) {
                (Some((_, last)), Some((first, _))) => last <= first,
                _ => true,
            });
        if !in_order {
            flows.sort_by(|a, b| a.id.cmp(&b.id));
            chunks = read(&flows, threads);
        }
        // Pass 2: the later chunks' pieces are numbered here (so that
        // pass 3 can start), their groups and topics beside pass 3.
        let mut chunks = chunks.into_iter();
        let Some(Chunk {
            mut pieces,
            mut topics,
            ..
        }) = chunks.next()
        else {
            return Index::default();
        };
        let later: Vec<(Vec<u32>, Topics)> = chunks
            .map(|c| (pieces.merge(&c.pieces), c.topics))
            .collect();
        // Beside pass 3 too: the topics' names, from the flows.
        let merge = move |topics: &mut Topics| {
            for (numbers, later) in later {
                topics.merge(later, &numbers);
            }
            names_of(&flows)
        };
        // Pass 3.
        let texts: Vec<(&str, Mode)> = pieces
            .keys
            .iter()
            .map(|p| (pieces.text(p), p.mode))
            .collect();
        let expand = |part: &[(&str, Mode)]| {
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
        };
        let range = texts.len().div_ceil(threads).max(1);
        let (parts, (names, name_text)) = if threads > 1 {
            std::thread::scope(|scope| {
                let merging = scope.spawn(|| merge(&mut topics));
                let parts = each(texts.chunks(range).collect(), expand);
                (parts, merging.join().expect("the merging thread"))
            })
        } else {
            let names = merge(&mut topics);
            (each(texts.chunks(range).collect(), expand), names)
        };
        let mut parts = parts.into_iter();
        let mut index = parts.next().unwrap_or_default();
        for part in parts {
            index.append_pieces(part);
        }
        // Pass 4.
        let mut start = 0;
        index.groups = Vec::with_capacity(topics.key_ends.len());
        for &end in &topics.key_ends {
            let key = &topics.keys[start as usize..end as usize];
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
        index.topics = topics
            .groups
            .iter()
            .zip(&topics.title_chars)
            .map(|(&groups, &title_chars)| Topic {
                groups,
                mask: groups
                    .iter()
                    .filter(|&&g| g != NO_GROUP)
                    .fold(0, |m, &g| m | index.groups[g as usize].mask),
                title_chars,
            })
            .collect();
        index.names = names;
        index.name_text = name_text;
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
        self.add_line(s, form, sums, wide, line, whole_bit(s.as_bytes()))
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
        // tables (see [`AsciiClasses`]).
        let (k1, k2, k3) = (0x9E37_79B1u32, 0x85EB_CA77u32, 0xC2B2_AE3Du32);
        let (mut before1, mut prev1, mut prev2) = (
            (' ' as u32).wrapping_mul(k1),
            (first as u32).wrapping_mul(k1),
            (first as u32).wrapping_mul(k2),
        );
        let mut classes = AsciiClasses::new(first);
        for &c in &line[1..] {
            classes.add(c);
            let c = c as u32;
            let t =
                ((before1 ^ prev2 ^ c.wrapping_mul(k3)).wrapping_mul(0x27D4_EB2F) >> 16) as usize;
            triples[t / 64] |= 1 << (t % 64);
            (before1, prev1, prev2) = (prev1, c.wrapping_mul(k1), c.wrapping_mul(k2));
        }
        (sum.mask, sum.bigrams) = classes.sums();
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
        let x = word(chunk, 0) ^ 0x2020_2020_2020_2020;
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

/// [`char_bit`] of every ASCII character.
static ASCII_BITS: [u64; 128] = {
    let mut table = [0; 128];
    let mut c = 0;
    while c < 128 {
        table[c] = char_bit(c as u8 as char);
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
        let (a, b) = ((i >> 7) as u8 as char, (i & 127) as u8 as char);
        table[i] = pair_bit(a, b).trailing_zeros() as u8;
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

/// The classes ([`char_bit`]) and pairs ([`pair_bit`]) of an ASCII line
/// read byte by byte, from tables, as [`LineSum::mask`] and
/// [`LineSum::bigrams`] have them.
struct AsciiClasses {
    mask: u64,
    /// The pair bits, low and high halves.
    lo: u64,
    hi: u64,
    /// The byte before (its table row).
    prev: usize,
}

impl AsciiClasses {
    /// Starting with the line's first byte.
    #[inline(always)]
    fn new(first: u8) -> AsciiClasses {
        let first = first as usize & 127;
        AsciiClasses {
            mask: ASCII_BITS[first],
            lo: 0,
            hi: 0,
            prev: first << 7,
        }
    }

    /// Adds the next byte.
    #[inline(always)]
    fn add(&mut self, c: u8) {
        let c = c as usize & 127;
        self.mask |= ASCII_BITS[c];
        let [l, h] = HALVES[ASCII_PAIRS[self.prev | c] as usize & 127];
        (self.lo, self.hi) = (self.lo | l, self.hi | h);
        self.prev = c << 7;
    }

    /// The line's classes and pairs.
    #[inline(always)]
    fn sums(&self) -> (u64, u128) {
        (self.mask, (self.hi as u128) << 64 | self.lo as u128)
    }
}

/// The classes and pairs of ASCII line `line` (see [`AsciiClasses`]).
#[inline]
pub(super) fn ascii_classes_and_pairs(line: &[u8]) -> (u64, u128) {
    let Some(&first) = line.first() else {
        return (0, 0);
    };
    let mut classes = AsciiClasses::new(first);
    for &c in &line[1..] {
        classes.add(c);
    }
    classes.sums()
}

/// How many bytes `a` and `b` have in common at their start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = word(a, i) ^ word(b, i);
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
        let x = word(a, at) ^ word(b, at);
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
        let whole = whole_bit(s);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that differ from `base` at `at` only.
    fn changed(base: &[u8], at: usize) -> Vec<u8> {
        let mut b = base.to_vec();
        b[at] ^= 0x20;
        b
    }

    #[test]
    fn same_bytes_sees_a_change_at_every_position_of_every_length() {
        let base: Vec<u8> = (0..80u8).map(|i| b'a' + i % 26).collect();
        for n in 0..base.len() {
            let a = &base[..n];
            assert!(same_bytes(a, &base[..n]), "{n}");
            for at in 0..n {
                let b = changed(a, at);
                assert!(!same_bytes(a, &b), "length {n}, change at {at}");
                assert_ne!(text_hash(a), text_hash(&b), "length {n}, change at {at}");
            }
        }
    }

    #[test]
    fn text_hashes_depend_on_length_and_list_hashes_on_order() {
        let hashes: Vec<u64> = (0..40).map(|n| text_hash(&vec![0; n])).collect();
        for (i, a) in hashes.iter().enumerate() {
            assert!(!hashes[i + 1..].contains(a), "length {i}");
        }
        assert_ne!(texts_hash(&["a", "b"]), texts_hash(&["b", "a"]));
        assert_ne!(texts_hash(&["ab"]), texts_hash(&["a", "b"]));
        assert_ne!(texts_hash(&[]), texts_hash(&[""]));
    }

    /// Things under one hash are told apart by the owner's test, and the
    /// first of them wins.
    #[test]
    fn chains_find_each_of_several_things_with_one_hash() {
        let mut chains = Chains::default();
        let things = ["a", "b", "c", "d"];
        for (i, _) in things.iter().enumerate() {
            let hash = if i == 3 { 9 } else { 7 };
            assert_eq!(chains.add(hash), i as u32);
        }
        for (i, thing) in things.iter().enumerate() {
            let hash = if i == 3 { 9 } else { 7 };
            assert_eq!(
                chains.find(hash, |t| things[t as usize] == *thing),
                Some(i as u32)
            );
        }
        assert_eq!(chains.find(7, |t| things[t as usize] == "d"), None);
        assert_eq!(chains.find(8, |_| true), None);
        assert_eq!(chains.find(7, |_| true), Some(2), "the latest first");
    }

    /// Texts that differ in one byte in their middle, where a hash of
    /// their ends would not see it, make different pieces and groups.
    #[test]
    fn lists_that_differ_in_one_byte_are_different_groups() {
        let long = "办理前请先确认本人已经参保并且参保状态正常 and then some";
        let flows: Vec<Flow> = (0..6)
            .map(|i| {
                let mut f = crate::search::tests::flow(&format!("f{i}"), "标题", "title", &[], &[]);
                let mut text = long.as_bytes().to_vec();
                text[long.len() - 9] = b'a' + (i % 3) as u8;
                f.summary.en = String::from_utf8(text).expect("ascii change");
                f
            })
            .collect();
        for threads in [1, 2] {
            let index = Index::build_on(flows.iter().collect(), threads);
            let summary = Field::Summary as usize;
            let groups: Vec<u32> = index.topics.iter().map(|t| t.groups[summary]).collect();
            assert_eq!(groups[0], groups[3], "{threads} threads");
            assert_eq!(groups[1], groups[4]);
            assert_ne!(groups[0], groups[1]);
            assert_ne!(groups[1], groups[2]);
            assert_ne!(groups[0], groups[2]);
        }
    }

    /// Flows out of id order, within a chunk or across chunks, are
    /// sorted first: the index is the one built from sorted flows.
    #[test]
    fn flows_out_of_order_build_the_index_of_sorted_flows() {
        let flows: Vec<Flow> = (0..9)
            .map(|i| {
                let id = format!("f{i}");
                crate::search::tests::flow(&id, &format!("标题{i}"), "title", &["别名"], &[])
            })
            .collect();
        let sorted = format!("{:?}", Index::build_on(flows.iter().collect(), 1));
        let swaps = [(0, 1), (3, 4), (0, 8), (4, 5)];
        for threads in [1, 2, 3] {
            for &(a, b) in &swaps {
                let mut shuffled: Vec<&Flow> = flows.iter().collect();
                shuffled.swap(a, b);
                let index = Index::build_on(shuffled, threads);
                assert_eq!(
                    format!("{index:?}"),
                    sorted,
                    "{threads} threads, {a} <-> {b}"
                );
            }
            let index = Index::build_on(flows.iter().collect(), threads);
            assert_eq!(format!("{index:?}"), sorted, "{threads} threads, in order");
        }
    }
}
