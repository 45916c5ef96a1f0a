//! Finding a procedure from Chinese, pinyin, initials, colloquial words or
//! English.
//!
//! [`Index::build`] runs once over the loaded flows. Each flow becomes a
//! *topic* with search lines, all folded (lower case, half-width, punctuation
//! as spaces; see [`text`]):
//!
//! | field            | original | full pinyin | initials | fuzzy |
//! |------------------|----------|-------------|----------|-------|
//! | title (zh, en)   | yes      | yes         | yes      | yes   |
//! | `pinyin` entries | yes      |             |          | yes   |
//! | aliases          | yes      | yes         | yes      | yes   |
//! | keywords         | yes      | yes         | yes      | yes   |
//! | summary (zh, en) | yes      | yes         |          | original only |
//! | step titles, option and item labels | yes | |        | no    |
//!
//! A query is first reduced to a few telling words (see [`query`]: at most
//! 1,000 characters read, filler dropped, Chinese cut with the index's own
//! dictionary, at most four words). One word must match; of two or more,
//! a topic scores the sum of what each word scores there, so a stray word
//! of a question does not empty the list (see [`Searcher::search`]). A word
//! matches a line as an exact line, a prefix, at a word start, as a
//! substring, or (where the table allows) as a fuzzy subsequence scored by
//! `matcher`. A word with Chinese characters is also matched, as its
//! pinyin, against the pinyin lines (`医保buban` → `yibaobuban`).
//!
//! Ranking: each word takes its best line; a line's score is
//! `(tier + coverage) × field weight × form weight`, so an exact title or alias
//! beats anything in step text, and a word covering more of a short line
//! beats the same word inside a long one. Ties go to the shorter title, then
//! to the flow id, so the same query always gives the same order.
//!
//! A one-word query that cannot occur whole anywhere (a run of three of
//! its characters occurs in no line) and is one edit from a word of the
//! index's titles, aliases and keywords is searched as that word
//! (`bubna` → `buban`, see [`Index::correction`]): a typo, not scattered
//! letters. When nothing matches well, [`Searcher::answer`] offers the
//! closest topics and the correction.
//!
//! Storage: each distinct text is folded, converted to pinyin and
//! summarised once (a *piece*); the pieces of one field of a topic form a
//! *group*, and topics whose field holds the same texts share it. Flows
//! repeat much of their wording (materials, options, step titles,
//! keywords), so building is proportional to the distinct text, and a query
//! scores each group once (see `Memo`) however many topics share it.
//!
//! On disk: `banshi search --flows DIR` keeps the index of a large
//! folder in a [`cache`] (the index as bytes: `persist`), used while no flow
//! file in the folder has changed.
//!
//! Speed: only the best `limit` topics are scored exactly. Each piece keeps,
//! per form of its lines, a summary (character sets of the lines, of their
//! first characters and adjacent pairs, their lengths, hashed whole lines)
//! that bounds, without reading text, the most a word can score there. A
//! query bounds every candidate topic, then scores them best bound first
//! and stops when the next bound cannot beat the `limit`th score so far
//! (ties ordered as in the results), so what it skips could not have been
//! shown. Every topic whose bound allows a match stays a candidate for the
//! next keystroke. Before the scan, each word bounds the groups the
//! candidates use, each piece once (see `Index::fill_bounds`); the scan
//! then only reads those bounds. A word the next keystroke still has
//! keeps what it scored (see `Memos`).

mod build;
pub mod cache;
mod matcher;
mod persist;
pub mod places;
pub mod query;
pub mod text;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::sync::{Arc, OnceLock};

use crate::flow::{Flow, Lang};
use matcher::Matcher;
use text::{fold, fold_into, has_han, pinyin_default};

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: String,
    /// Higher is better; only comparable within one query.
    pub score: i64,
    /// Character positions to highlight in the zh title (may be empty).
    pub zh_positions: Vec<usize>,
    /// Character positions to highlight in the en title (may be empty).
    pub en_positions: Vec<usize>,
}

impl Hit {
    pub fn positions(&self, lang: Lang) -> &[usize] {
        match lang {
            Lang::ZhCn => &self.zh_positions,
            Lang::En => &self.en_positions,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Field {
    Title = 0,
    Override = 1,
    Alias = 2,
    Keyword = 3,
    Summary = 4,
    Step = 5,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Form {
    Original = 0,
    Full = 1,
    Initials = 2,
}

impl Field {
    /// The field numbered `v` (its `as u8`).
    fn from_u8(v: u8) -> Option<Field> {
        [
            Field::Title,
            Field::Override,
            Field::Alias,
            Field::Keyword,
            Field::Summary,
            Field::Step,
        ]
        .get(v as usize)
        .copied()
    }
}

impl Form {
    /// The form numbered `v` (its `as u8`).
    fn from_u8(v: u8) -> Option<Form> {
        [Form::Original, Form::Full, Form::Initials]
            .get(v as usize)
            .copied()
    }
}

// Ranking: every weight and tier is declared here once, and every bound
// and early stop below is derived from these (see `line_score`,
// `split_score`, `most_in_field`). Changing a number here keeps results
// exact; the property test `bounds_never_fall_below_scores` checks it.

/// Per field, in [`Field`] order: field weights only go down (the scan of a
/// topic's fields stops early on that).
const FIELD_WEIGHT: [i64; 6] = [10, 9, 9, 8, 5, 3];
/// Per form, in [`Form`] order.
const FORM_WEIGHT: [i64; 3] = [10, 9, 8];

const EXACT: i64 = 1000;
const PREFIX: i64 = 800;
const WORD_START: i64 = 700;
const SUBSTRING: i64 = 600;
const FUZZY: i64 = 100;
const FUZZY_MAX: i64 = 399;
const COVERAGE: i64 = 150;
/// A fuzzy hit scoring less than this per query character (scattered
/// letters across a long line) is too weak to show.
const FUZZY_MIN_PER_CHAR: i64 = 10;
/// A Chinese word found as two pieces scores this share of the pieces' mean.
const SPLIT_PERCENT: i64 = 90;
/// The best one word can score on one line before the weights.
const BEST_BASE: i64 = EXACT + COVERAGE;
/// The largest of `weights`.
const fn largest(weights: &[i64]) -> i64 {
    let mut most = 0;
    let mut i = 0;
    while i < weights.len() {
        if weights[i] > most {
            most = weights[i];
        }
        i += 1;
    }
    most
}
/// The best one line of any form can give before the field weight.
const BEST_UNWEIGHTED: i64 = BEST_BASE * largest(&FORM_WEIGHT);
/// The best one word can score on one line.
const BEST_LINE: i64 = BEST_UNWEIGHTED * largest(&FIELD_WEIGHT);
// Memos keep a line's score (doubled, plus 2) in a `u32`.
const _: () = assert!(BEST_LINE < (u32::MAX >> 2) as i64);

/// A line's score: its tier plus coverage (`base`), weighted by field and
/// form.
#[inline]
const fn line_score(base: i64, field_weight: i64, form: Form) -> i64 {
    base * field_weight * FORM_WEIGHT[form as usize]
}

/// The most any line of a field with weight `field_weight` can give: a
/// word that has it needs no later line of that field (or of a field
/// weighing no more).
#[inline]
const fn most_in_field(field_weight: i64) -> i64 {
    BEST_UNWEIGHTED * field_weight
}

/// A Chinese word found as the two pieces scoring `a` and `b`.
#[inline]
const fn split_score(a: i64, b: i64) -> i64 {
    (a + b) * SPLIT_PERCENT / 200
}

/// What a search screen shows (see [`Searcher::answer`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    /// Best first.
    pub hits: Vec<Hit>,
    /// The query with mistyped words corrected, when any was.
    pub did_you_mean: Option<String>,
    /// Nothing matched well: `hits` are the closest topics.
    pub closest: bool,
}

/// What to offer when a query found nothing (see [`Searcher::suggest`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suggestion {
    /// The closest topics, best first (may be empty).
    pub hits: Vec<Hit>,
    /// The query with mistyped words corrected, when any was.
    pub did_you_mean: Option<String>,
}

/// `(score, topic position)` pairs.
type Scored = Vec<(i64, u32)>;

/// From this many topics on, building and scanning use every core.
const PARALLEL_MIN: usize = 20_000;

/// The threads to give `n` items of work: every core (at most 8) from
/// `min` items on, else one.
fn threads_for(n: usize, min: usize) -> usize {
    if n >= min {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    } else {
        1
    }
}

/// `items` in one part per thread (see [`threads_for`]); none when empty.
fn split<T>(items: &[T], min: usize) -> Vec<&[T]> {
    if items.is_empty() {
        return Vec::new();
    }
    let chunk = items.len().div_ceil(threads_for(items.len(), min));
    items.chunks(chunk).collect()
}

/// Runs `work` on each of `parts`, the last on this thread and every other
/// on a thread of its own, giving the results in order.
fn each<P: Send, R: Send>(mut parts: Vec<P>, work: impl Fn(P) -> R + Sync) -> Vec<R> {
    let Some(last) = parts.pop() else {
        return Vec::new();
    };
    if parts.is_empty() {
        return vec![work(last)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        let last = work(last);
        let mut out: Vec<R> = handles
            .into_iter()
            .map(|h| h.join().expect("a worker thread"))
            .collect();
        out.push(last);
        out
    })
}

/// Whether a line of `field` in `form` may match as a fuzzy subsequence.
#[inline]
fn fuzzy_field(field: Field, form: Form) -> bool {
    match field {
        Field::Title | Field::Override | Field::Alias | Field::Keyword => true,
        Field::Summary => form == Form::Original,
        Field::Step => false,
    }
}

/// Which forms of a group's lines a word may match as a fuzzy
/// subsequence (see [`fuzzy_field`]; none for a word that never matches
/// fuzzily).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Fuzzy {
    All = 0,
    Original = 1,
    None = 2,
}

impl Fuzzy {
    const CLASSES: usize = 3;

    #[inline]
    fn of(field: Field, word: &Word) -> Fuzzy {
        if !word.fuzzy {
            Fuzzy::None
        } else if fuzzy_field(field, Form::Full) {
            Fuzzy::All
        } else if fuzzy_field(field, Form::Original) {
            Fuzzy::Original
        } else {
            Fuzzy::None
        }
    }

    #[inline]
    fn allows(self, form: Form) -> bool {
        match self {
            Fuzzy::All => true,
            Fuzzy::Original => form == Form::Original,
            Fuzzy::None => false,
        }
    }
}

/// One folded search line of a piece, in [`Index::text`].
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Character classes of the line (see [`mask_of`]): most lines are
    /// skipped on this alone.
    mask: u64,
    start: u32,
    len: u32,
    chars: u16,
    form: Form,
}

/// What every line of one form (and width) of a piece has in common:
/// enough to bound, without reading any text, the most a word can score
/// there (see [`Index::piece_bound`]).
#[derive(Debug, Clone, Copy)]
struct Sum {
    /// Union of the lines' masks.
    mask: u64,
    /// Mask of the characters that start a line.
    starts: u128,
    /// Mask of the characters that start a line or follow a space.
    word_starts: u128,
    /// The same for the first two characters (see [`pair_bit`]).
    starts2: u64,
    word_starts2: u64,
    /// The same for the first three characters (see [`triple_bit`], on 64
    /// bits).
    starts3: u64,
    word_starts3: u64,
    /// Every pair of adjacent characters (see [`pair_bit`]).
    bigrams: u128,
    /// The lines' lengths in bytes and in characters, as sets (see
    /// [`length_bit`]).
    lens: u64,
    char_lens: u64,
    /// The whole lines, hashed (see [`whole_bit`]): a word can only be an
    /// exact line if its bit is here.
    wholes: u64,
    form: Form,
    /// The lines have non-ASCII characters.
    wide: bool,
}

/// One distinct source text, folded, with its pinyin forms: its lines and
/// their summaries. Texts repeat across flows (步骤 labels, materials,
/// keywords), so each is folded, converted and summarised once.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Range in [`Index::lines`].
    lines: (u32, u32),
    /// Range in [`Index::sums`].
    sums: (u32, u32),
    mask: u64,
}

/// The pieces of one field of a topic. Topics whose field holds the same
/// texts share one group, and a query scores a group once.
#[derive(Debug, Clone, Copy)]
struct Group {
    /// Range in [`Index::group_pieces`].
    pieces: (u32, u32),
    field: Field,
    mask: u64,
}

const FIELDS: usize = 6;
/// No group: the topic has no text in that field.
const NO_GROUP: u32 = u32::MAX;

/// What a query reads of every candidate topic (kept apart from its
/// [`Name`], which only results need).
#[derive(Debug, Clone)]
struct Topic {
    /// Its group per field ([`NO_GROUP`] for none), in field order: the
    /// field weights only go down.
    groups: [u32; FIELDS],
    /// Every character class present in any line (see [`mask_of`]).
    mask: u64,
    /// Characters in the zh and en titles: shorter titles win ties.
    title_chars: u32,
}

/// A topic's id and titles (zh, en), as ranges of [`Index::name_text`].
#[derive(Debug, Clone, Copy)]
struct Name {
    id: (u32, u32),
    title: [(u32, u32); 2],
}

/// The search index over a set of flows. Build once; search many times.
#[derive(Debug, Clone, Default)]
pub struct Index {
    topics: Vec<Topic>,
    names: Vec<Name>,
    /// The ids and titles of every topic, one after another.
    name_text: String,
    groups: Vec<Group>,
    /// Piece positions of every group, in order.
    group_pieces: Vec<u32>,
    pieces: Vec<Piece>,
    sums: Vec<Sum>,
    lines: Vec<Line>,
    text: String,
    /// Which characters of the Basic Multilingual Plane beyond ASCII occur
    /// anywhere in the index (a bit set): a word with any other character
    /// cannot match at all.
    known: Vec<u64>,
    /// Every run of three characters in any line, hashed onto a bit set
    /// (see [`triple_bit`]): a word with a run that is not here cannot
    /// occur whole anywhere.
    triples: Vec<u64>,
    /// The Chinese words of titles, aliases and keywords, hashed (see
    /// [`Index::dictionary`]); made on first use.
    dictionary: Later<HashSet<u64>>,
    /// See [`Index::vocabulary`]; made on first use.
    vocabulary: Later<HashSet<u64>>,
}

/// What an index works out from itself on first use (not part of what it
/// is: not printed, not stored).
#[derive(Clone, Default)]
struct Later<T>(OnceLock<T>);

impl<T> std::fmt::Debug for Later<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Later")
    }
}

/// How a piece's text is expanded into lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mode {
    /// Folded text, full pinyin and initials (titles, aliases, keywords).
    Initials,
    /// Folded text and full pinyin (summaries).
    Pinyin,
    /// Folded text only (`pinyin` entries, step text).
    Plain,
}

const KNOWN_WORDS: usize = 0x1_0000 / 64;
const TRIPLE_WORDS: usize = 0x1_0000 / 64;

/// One of 65536 bits for a run of three characters. The first of a line's
/// runs is (space, first, second): a space never occurs inside a word.
#[inline]
fn triple_bit(a: char, b: char, c: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1)
        ^ (b as u32).wrapping_mul(0x85EB_CA77)
        ^ (c as u32).wrapping_mul(0xC2B2_AE3D);
    (h.wrapping_mul(0x27D4_EB2F) >> 16) as usize
}

/// A run of three characters as one of 64 bits.
#[inline]
fn triple64(a: char, b: char, c: char) -> u64 {
    1 << (triple_bit(a, b, c) & 63)
}

/// A 64-bit set of the character classes in `s`: one bit per ASCII letter
/// and digit, other characters hashed onto the rest. A word can only match
/// a topic whose mask holds every bit of the word's mask.
#[inline]
fn mask_of(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | char_bit(c))
}

/// One of 128 bits for the pair of adjacent characters `a`, `b`. In a
/// one-character word's key the pair bit is 0 (no constraint).
#[inline]
const fn pair_bit(a: char, b: char) -> u128 {
    let h = (a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32).wrapping_mul(0x85EB_CA77);
    1 << (h.wrapping_mul(0xC2B2_AE35) >> 25)
}

/// FNV-1a (64 bits) of `b`: the one hash of bytes in search.
#[inline]
pub(crate) fn fnv(b: &[u8]) -> u64 {
    b.iter().fold(0xCBF2_9CE4_8422_2325u64, |h, &c| {
        (h ^ c as u64).wrapping_mul(0x0100_0000_01B3)
    })
}

/// One of 64 bits for a whole line (or word).
#[inline]
fn whole_bit(s: &[u8]) -> u64 {
    1 << (fnv(s) >> 58)
}

/// A line length as one bit of a set; 63 stands for 63 or more.
#[inline]
fn length_bit(n: usize) -> u64 {
    1 << n.min(63)
}

/// The smallest length in the set `lens` that is at least `n` (63 meaning
/// 63 or more).
#[inline]
fn shortest(lens: u64, n: usize) -> Option<u32> {
    let m = lens & (!0u64 << n.min(63));
    (m != 0).then(|| m.trailing_zeros())
}

/// A pair bit folded onto 64 bits.
#[inline]
fn fold64(pair: u128) -> u64 {
    pair as u64 | (pair >> 64) as u64
}

/// What [`Index::piece_bound`] needs of one form of a query word.
#[derive(Debug, Clone, Default)]
struct Key {
    first: u128,
    /// The first two characters' pair bit (as a `u64`, as in
    /// [`Sum::starts2`]); 0 for a one-character word.
    pair: u64,
    /// The first three characters' bit (as in [`Sum::starts3`]); 0 for a
    /// shorter word.
    triple: u64,
    bigrams: u128,
    whole: u64,
    /// Every character occurs in the index (see [`Index::mark_known`]).
    known: bool,
    /// Every run of three characters occurs in the index: the word may
    /// occur whole (see [`Index::mark_known`]).
    runs_known: bool,
}

impl Key {
    fn of(w: &str) -> Key {
        let mut key = Key {
            whole: whole_bit(w.as_bytes()),
            known: true,
            runs_known: true,
            ..Key::default()
        };
        let mut prev = None;
        let mut before = None;
        for (i, c) in w.chars().enumerate() {
            if let (2, Some(a), Some(b)) = (i, before, prev) {
                key.triple = triple64(a, b, c);
            }
            before = prev;
            if let Some(p) = prev {
                let pair = pair_bit(p, c);
                key.bigrams |= pair;
                if i == 1 {
                    key.pair = fold64(pair);
                }
            } else {
                key.first = start_bit(c);
            }
            prev = Some(c);
        }
        key
    }
}

/// As [`char_bit`] on 128 bits, other characters hashed onto 92 (the
/// first character of a word decides its tier, so it is worth the room).
#[inline]
fn start_bit(c: char) -> u128 {
    match c {
        'a'..='z' | '0'..='9' => char_bit(c) as u128,
        ' ' => 0,
        _ => 1 << (36 + ((c as u32).wrapping_mul(0x9E37_79B1) >> 16) % 92),
    }
}

#[inline]
const fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        ' ' => 0,
        _ => 1 << (36 + (c as u32 % 28)),
    }
}

impl Index {
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// The title of the `n`th topic (id order) in `lang`.
    pub fn title(&self, id: &str, lang: Lang) -> Option<&str> {
        let i = self
            .names
            .binary_search_by(|t| self.name(t.id).cmp(id))
            .ok()?;
        Some(self.name(self.names[i].title[lang as usize]))
    }

    /// Makes at once what searches otherwise make on first use (the
    /// [`Index::dictionary`] and the [`Index::vocabulary`]), for a screen
    /// that builds its index off the keystroke path: then no keystroke
    /// pays for them.
    pub fn prepare(&self) {
        self.dictionary();
        self.vocabulary();
    }

    /// The Chinese words (2 to 8 characters, whole words of a folded
    /// line) of every title, alias and keyword, hashed with [`fnv`]: what
    /// [`query`] cuts Chinese with. Made on first use.
    pub(crate) fn dictionary(&self) -> &HashSet<u64> {
        self.dictionary.0.get_or_init(|| {
            self.named_words(
                |form| form == Form::Original,
                |w| {
                    let n = w.chars().count();
                    (2..=8).contains(&n) && w.chars().all(text::is_han)
                },
            )
        })
    }

    /// The hashed ([`fnv`]) space-separated words that `keep` accepts, of
    /// the lines of every title, alias and keyword whose form `form` accepts
    /// (each piece once): the sets [`Index::dictionary`] and
    /// [`Index::vocabulary`] are made of.
    fn named_words(
        &self,
        form: impl Fn(Form) -> bool,
        keep: impl Fn(&str) -> bool,
    ) -> HashSet<u64> {
        let mut seen = vec![false; self.pieces.len()];
        let mut words = HashSet::new();
        for g in &self.groups {
            if !matches!(g.field, Field::Title | Field::Alias | Field::Keyword) {
                continue;
            }
            for &p in &self.group_pieces[g.pieces.0 as usize..g.pieces.1 as usize] {
                if std::mem::replace(&mut seen[p as usize], true) {
                    continue;
                }
                let piece = &self.pieces[p as usize];
                for line in &self.lines[piece.lines.0 as usize..piece.lines.1 as usize] {
                    if !form(line.form) {
                        continue;
                    }
                    for w in self.line_text(line).split(' ') {
                        if keep(w) {
                            words.insert(fnv(w.as_bytes()));
                        }
                    }
                }
            }
        }
        words
    }

    /// A range of [`Index::name_text`].
    fn name(&self, r: (u32, u32)) -> &str {
        &self.name_text[r.0 as usize..r.1 as usize]
    }

    /// The most `word` can score in topic `t` (what [`Index::word_score`]
    /// can return at best), from the summaries alone; `None` when it
    /// cannot match at all. `tables` are the word's bound memos (see
    /// [`Tables`]), filled for every group of `t`.
    #[inline]
    fn word_bound(&self, t: &Topic, word: &Word, tables: &Tables) -> Option<i64> {
        let mut most = filled_bound(tables.whole, t);
        for &(ta, tb) in &tables.halves {
            let Some(sa) = filled_bound(ta, t) else {
                continue;
            };
            if let Some(sb) = filled_bound(tb, t) {
                let split = split_score(sa, sb);
                most = Some(most.map_or(split, |m| m.max(split)));
            }
        }
        debug_assert!(word.halves.len() == tables.halves.len());
        most
    }

    /// Whether every character of `s` occurs somewhere in the index.
    fn knows(&self, s: &str) -> bool {
        s.chars().all(|c| {
            c.is_ascii()
                || c as usize >= 0x1_0000
                || self
                    .known
                    .get(c as usize / 64)
                    .is_some_and(|w| w & (1 << (c as usize % 64)) != 0)
        })
    }

    /// Whether every run of three characters of `s` occurs in some line.
    fn knows_runs(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(3).all(|w| {
            let t = triple_bit(w[0], w[1], w[2]);
            self.triples
                .get(t / 64)
                .is_some_and(|b| b & (1 << (t % 64)) != 0)
        })
    }

    /// Marks the forms of `words` (and of their halves) that hold a
    /// character the index does not have: they cannot match.
    fn mark_known(&self, words: &mut [Word]) {
        for w in words {
            w.key.known = self.knows(&w.text);
            w.key.runs_known = self.knows_runs(&w.text);
            if let Some(p) = &w.pinyin {
                w.pinyin_key.known = self.knows(p);
                w.pinyin_key.runs_known = self.knows_runs(p);
            }
            for (a, b) in &mut w.halves {
                self.mark_known(std::slice::from_mut(a));
                self.mark_known(std::slice::from_mut(b));
            }
        }
    }

    /// The most `word` can score on any line of group `gi`, remembered in
    /// `memo` (one group at a time: the reference for
    /// [`Index::fill_bounds`]).
    #[cfg(test)]
    fn group_bound(&self, memo: &[AtomicU32], gi: u32, word: &Word) -> Option<i64> {
        let memo = &memo[gi as usize];
        match memo.load(Relaxed) {
            0 => {}
            1 => return None,
            v => return Some(v as i64 - 2),
        }
        let probe = Probe::of(word);
        let most = self.group_bound_with(gi, word, |p, fuzzy| {
            self.piece_bound(p, word, &probe, fuzzy)
        });
        memo.store(most.map_or(1, |m| m as u32 + 2), Relaxed);
        most
    }

    /// The most `word` can score on any line of group `gi`, from the bound
    /// of each of its pieces (`piece(p, fuzzy)`, see [`Index::piece_bound`]).
    #[inline]
    fn group_bound_with(
        &self,
        gi: u32,
        word: &Word,
        mut piece: impl FnMut(u32, Fuzzy) -> Option<i64>,
    ) -> Option<i64> {
        let g = &self.groups[gi as usize];
        let fuzzy = Fuzzy::of(g.field, word);
        let mut most: Option<i64> = None;
        for &p in &self.group_pieces[g.pieces.0 as usize..g.pieces.1 as usize] {
            if let Some(s) = piece(p, fuzzy)
                && most.is_none_or(|m| s > m)
            {
                most = Some(s);
                if s >= BEST_UNWEIGHTED {
                    break;
                }
            }
        }
        most.map(|m| m * FIELD_WEIGHT[g.field as usize])
    }

    /// The most `word` (probed as `probe`) can score on any line of piece
    /// `pi`, before the field weight, the forms where it may match fuzzily
    /// being `fuzzy`.
    #[inline]
    fn piece_bound(&self, pi: u32, word: &Word, probe: &Probe, fuzzy: Fuzzy) -> Option<i64> {
        let p = &self.pieces[pi as usize];
        if !word.may_match(p.mask) {
            return None;
        }
        let mut most: Option<i64> = None;
        for c in &self.sums[p.sums.0 as usize..p.sums.1 as usize] {
            if let Some((score, _)) = sum_bound(c, probe, fuzzy.allows(c.form))
                && most.is_none_or(|m| score > m)
            {
                most = Some(score);
            }
        }
        most
    }

    /// The groups (ascending) of `topics`.
    fn groups_of(&self, topics: &[u32]) -> Vec<u32> {
        let n = self.groups.len();
        if topics.len() == self.topics.len() {
            // Every group (a group no topic used would only be bounded for
            // nothing).
            return (0..n as u32).collect();
        }
        // One more slot, never read, for [`NO_GROUP`].
        let mut seen = vec![false; n + 1];
        for &ti in topics {
            for &g in &self.topics[ti as usize].groups {
                seen[(g as usize).min(n)] = true;
            }
        }
        (0..n as u32).filter(|&g| seen[g as usize]).collect()
    }

    /// Fills the bound memos of `words` and of their halves (see
    /// [`Memo::bound`]) for the groups `groups` they do not have yet, group
    /// after group, each piece bounded once per word however many groups
    /// share it. Many groups are split over the cores.
    fn fill_bounds(&self, words: &[Word], groups: &[u32]) {
        fn lacking<'w>(w: &'w Word, out: &mut Vec<&'w Word>) {
            if !w.memo.0.bounded.load(Relaxed) {
                out.push(w);
            }
            for (a, b) in &w.halves {
                lacking(a, out);
                lacking(b, out);
            }
        }
        let mut todo = Vec::new();
        for w in words {
            lacking(w, &mut todo);
        }
        if todo.is_empty() {
            return;
        }
        let n = self.groups.len();
        each(split(groups, PARALLEL_MIN), |part| {
            // Per piece and [`Fuzzy`] class: 0 not yet known, 1 no match,
            // else bound + 2.
            let mut pieces = vec![0u32; self.pieces.len() * Fuzzy::CLASSES];
            for (i, w) in todo.iter().enumerate() {
                if i > 0 {
                    pieces.fill(0);
                }
                self.fill_groups(w, w.memo.bound(n), part, &mut pieces);
            }
        });
        if groups.len() == n {
            for w in &todo {
                w.memo.0.bounded.store(true, Relaxed);
            }
        }
    }

    /// [`Index::fill_bounds`] of `word` for `groups`, with `pieces` its
    /// piece memo.
    fn fill_groups(&self, word: &Word, memo: &[AtomicU32], groups: &[u32], pieces: &mut [u32]) {
        let probe = Probe::of(word);
        for &gi in groups {
            if memo[gi as usize].load(Relaxed) != 0 {
                continue;
            }
            let most = if word.may_match(self.groups[gi as usize].mask) {
                self.group_bound_with(gi, word, |p, fuzzy| {
                    let slot = &mut pieces[p as usize * Fuzzy::CLASSES + fuzzy as usize];
                    match *slot {
                        0 => {
                            let b = self.piece_bound(p, word, &probe, fuzzy);
                            *slot = b.map_or(1, |b| b as u32 + 2);
                            b
                        }
                        1 => None,
                        v => Some(v as i64 - 2),
                    }
                })
            } else {
                None
            };
            memo[gi as usize].store(most.map_or(1, |m| m as u32 + 2), Relaxed);
        }
    }

    /// The best `limit` topics for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        Searcher::new(self).search(query, limit)
    }

    /// Every spelling the index can correct a word to, hashed with
    /// [`fnv`]: the Latin words (English, and the pinyin of Chinese words)
    /// of titles, aliases and keywords. Made on first use.
    fn vocabulary(&self) -> &HashSet<u64> {
        self.vocabulary.0.get_or_init(|| {
            self.named_words(
                |form| form != Form::Initials,
                |w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()),
            )
        })
    }

    /// A word of [`Index::vocabulary`] one edit from `word` (a Latin word
    /// of four letters or more that is not one itself): two adjacent
    /// letters swapped, one dropped, one changed or one added, tried in
    /// that order, left to right.
    fn correction(&self, word: &str) -> Option<String> {
        if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let vocabulary = self.vocabulary();
        if vocabulary.contains(&fnv(word.as_bytes())) {
            return None;
        }
        let w = word.as_bytes();
        let known = |c: &[u8]| vocabulary.contains(&fnv(c));
        let mut c = w.to_vec();
        for i in 0..w.len() - 1 {
            c.swap(i, i + 1);
            if known(&c) {
                return String::from_utf8(c).ok();
            }
            c.swap(i, i + 1);
        }
        for i in 0..w.len() {
            let mut d = w.to_vec();
            d.remove(i);
            if known(&d) {
                return String::from_utf8(d).ok();
            }
        }
        for i in 0..w.len() {
            for l in b'a'..=b'z' {
                c[i] = l;
                if l != w[i] && known(&c) {
                    return String::from_utf8(c).ok();
                }
            }
            c[i] = w[i];
        }
        for i in 0..=w.len() {
            for l in b'a'..=b'z' {
                let mut d = w.to_vec();
                d.insert(i, l);
                if known(&d) {
                    return String::from_utf8(d).ok();
                }
            }
        }
        None
    }

    fn line_text(&self, line: &Line) -> &str {
        &self.text[line.start as usize..(line.start + line.len) as usize]
    }

    /// The score of `word` in topic `t`: `None` when it does not match at
    /// all, `Some(0)` when it matches only as a weak, scattered fuzzy hit
    /// (kept as a candidate for the next keystroke, not shown).
    ///
    /// A Chinese word that is not found whole may be found as two pieces in
    /// any order (`挂失医保卡` → `挂失` + `医保卡`), at a lower score.
    fn word_score(&self, matcher: &Matcher, t: &Topic, word: &Word) -> Option<i64> {
        let strict = self.best(matcher, t, word);
        if word.halves.is_empty() || strict.is_some_and(|(_, whole)| whole) {
            return strict.map(|(s, _)| s);
        }
        let mut out = strict.map(|(s, _)| s);
        for (a, b) in &word.halves {
            let (Some((sa, _)), Some((sb, _))) =
                (self.best(matcher, t, a), self.best(matcher, t, b))
            else {
                continue;
            };
            let split = if sa == 0 || sb == 0 {
                0
            } else {
                split_score(sa, sb)
            };
            out = Some(out.map_or(split, |o| o.max(split)));
        }
        out
    }

    /// The best score of `word` over the lines of topic `t`, and whether it
    /// was found whole (not only as a fuzzy subsequence).
    fn best(&self, matcher: &Matcher, t: &Topic, word: &Word) -> Option<(i64, bool)> {
        let mut best: Option<i64> = None;
        let mut whole = false;
        let memo = word.memo.exact(self.groups.len());
        for (field, &g) in t.groups.iter().enumerate() {
            if g == NO_GROUP {
                continue;
            }
            // Groups come in field order and field weights only go down:
            // stop when no later line can beat the best so far.
            if best.is_some_and(|b| b >= most_in_field(FIELD_WEIGHT[field])) {
                break;
            }
            if let Some((s, w)) = self.group_best(matcher, memo, g, word) {
                whole |= w;
                if best.is_none_or(|b| s > b) {
                    best = Some(s);
                }
            }
        }
        best.map(|b| (b, whole))
    }

    /// [`Index::best`] over the lines of group `gi`, remembered for the
    /// query.
    fn group_best(
        &self,
        matcher: &Matcher,
        memo: &[AtomicU32],
        gi: u32,
        word: &Word,
    ) -> Option<(i64, bool)> {
        let memo = &memo[gi as usize];
        match memo.load(Relaxed) {
            0 => {}
            1 => return None,
            v => return Some((((v - 2) >> 1) as i64, (v - 2) & 1 == 1)),
        }
        let g = &self.groups[gi as usize];
        let field_weight = FIELD_WEIGHT[g.field as usize];
        let fuzzy_forms = [
            fuzzy_field(g.field, Form::Original),
            fuzzy_field(g.field, Form::Full),
            fuzzy_field(g.field, Form::Initials),
        ];
        let mut best: Option<i64> = None;
        let mut whole = false;
        let pieces = &self.group_pieces[g.pieces.0 as usize..g.pieces.1 as usize];
        'lines: for line in pieces.iter().flat_map(|&p| {
            let p = &self.pieces[p as usize];
            &self.lines[p.lines.0 as usize..p.lines.1 as usize]
        }) {
            let Some((w, wchars, wmask, _)) = word.against(line.form) else {
                continue;
            };
            if wmask & !line.mask != 0 {
                continue;
            }
            if (line.len as usize) < w.len() {
                continue;
            }
            let weight = line_score(1, field_weight, line.form);
            let hay = self.line_text(line);
            if let Some(b) = best {
                // No line of this group can beat what we have.
                if b >= most_in_field(field_weight) {
                    break 'lines;
                }
                // The most this line can give: a prefix (exact when the
                // lengths agree) with this line's coverage. Skipped unless
                // it could beat the best; a fuzzy-only best still needs to
                // learn whether the word occurs whole.
                let tier = if hay.len() == w.len() { EXACT } else { PREFIX };
                let most = (tier + COVERAGE * wchars as i64 / line.chars.max(1) as i64) * weight;
                if b >= most {
                    if !whole && matcher::find(hay, w).is_some() {
                        whole = true;
                    }
                    continue;
                }
            }
            let base = if let Some(p) = matcher::find(hay, w) {
                let tier = if p == 0 && hay.len() == w.len() {
                    EXACT
                } else if p == 0 {
                    PREFIX
                } else if hay.as_bytes()[p - 1] == b' '
                    || (w == word.text && hay[p..].contains(&*word.spaced))
                {
                    WORD_START
                } else {
                    SUBSTRING
                };
                whole = true;
                tier + COVERAGE * wchars as i64 / line.chars.max(1) as i64
            } else if fuzzy_forms[line.form as usize]
                && wchars >= 2
                && word.fuzzy
                && (w == word.text || word.mixed)
                && best
                    .is_none_or(|b| b < (FUZZY + matcher::ceiling(wchars).min(FUZZY_MAX)) * weight)
            {
                match matcher.score(hay, w) {
                    Some(s) if s >= FUZZY_MIN_PER_CHAR * wchars as i64 => {
                        FUZZY + s.clamp(0, FUZZY_MAX)
                    }
                    Some(_) => 0,
                    None => continue,
                }
            } else {
                continue;
            };
            let score = base * weight;
            if best.is_none_or(|b| score > b) {
                best = Some(score);
                if score >= BEST_LINE {
                    break;
                }
            }
        }
        let v = best.map_or(1, |b| ((b as u32) << 1 | whole as u32) + 2);
        memo.store(v, Relaxed);
        best.map(|b| (b, whole))
    }

    /// Highlight positions of `words` in the topic's title in `lang`.
    fn positions(&self, matcher: &Matcher, t: &Name, words: &[Word], lang: Lang) -> Vec<usize> {
        let title = fold(self.name(t.title[lang as usize]));
        let mut out = Vec::new();
        let mut pinyin = None;
        for w in words {
            if let Some(p) = matcher.indices(&title, &w.text) {
                out.extend(p);
                continue;
            }
            let (full, full_from, ini, ini_from) =
                pinyin.get_or_insert_with(|| text::pinyin_origins(&title));
            let w = w.pinyin.as_deref().unwrap_or(&w.text);
            // Pinyin lines are ASCII: byte positions are character positions.
            if let Some(p) = matcher.indices(full, w) {
                out.extend(p.into_iter().map(|i| full_from[i]));
            } else if let Some(p) = matcher.indices(ini, w) {
                out.extend(p.into_iter().map(|i| ini_from[i]));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A folded query word, with its pinyin when it has Chinese characters.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    chars: usize,
    /// `" " + text`: finds a later word-start occurrence.
    spaced: String,
    mask: u64,
    pinyin: Option<String>,
    pinyin_chars: usize,
    pinyin_mask: u64,
    key: Key,
    pinyin_key: Key,
    /// For a Chinese word of two or more characters: every way to cut it
    /// in two (matched in any order when the whole is not found).
    halves: Vec<(Word, Word)>,
    /// Whether the word may match as a fuzzy subsequence. The pinyin of a
    /// Chinese word and the halves of a split word match only whole (typed
    /// characters are exact; fuzzy pinyin of them is mostly noise).
    fuzzy: bool,
    /// Chinese and Latin letters in one word (`医保buban`): its pinyin may
    /// match fuzzily, as the person typed part of it in pinyin.
    mixed: bool,
    memo: Memo,
}

/// What one query word scored on each group of the index: bounds filled
/// before each scan for the groups its topics use ([`Index::fill_bounds`]),
/// exact scores as the scan needs them; shared by the word's clones (and
/// kept for the next keystroke): most groups are shared by many topics.
/// Atomic so that the scans and fills on several cores can share it (two
/// threads that both score a group store the same value).
#[derive(Clone, Default)]
struct Memo(Arc<MemoTables>);

#[derive(Default)]
struct MemoTables {
    bound: OnceLock<Box<[AtomicU32]>>,
    exact: OnceLock<Box<[AtomicU32]>>,
    /// Every group's bound is filled (see [`Index::fill_bounds`]).
    bounded: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Memo {
    /// [`Index::fill_bounds`]: 0 not yet known, 1 no match, else bound + 2.
    fn bound(&self, groups: usize) -> &[AtomicU32] {
        self.0.bound.get_or_init(|| {
            // One more entry, no match, for [`NO_GROUP`].
            let table = Memo::table(groups + 1);
            table[groups].store(1, Relaxed);
            table
        })
    }

    /// [`Index::group_best`]: 0 not yet known, 1 no match, else
    /// `(score << 1 | whole) + 2`.
    fn exact(&self, groups: usize) -> &[AtomicU32] {
        self.0.exact.get_or_init(|| Memo::table(groups))
    }

    fn table(groups: usize) -> Box<[AtomicU32]> {
        (0..groups).map(|_| AtomicU32::new(0)).collect()
    }
}

/// What [`Index::piece_bound`] reads of a word, per form (see
/// [`Word::against`]), worked out once for all the pieces.
struct Probe<'w>([Option<ProbeForm<'w>>; 3]);

struct ProbeForm<'w> {
    /// Length in bytes and in characters, mask and key of what is matched.
    len: usize,
    chars: usize,
    mask: u64,
    key: &'w Key,
    /// Whether it may match as a fuzzy subsequence (where the field
    /// allows).
    fuzzy: bool,
    /// For two different characters, their bits (see [`start_bit`]): a
    /// fuzzy hit is bounded by where they may stand (see
    /// [`matcher::pair_ceiling`]).
    pair: Option<(u128, u128)>,
    /// The coverage term for a line of each length in characters (up to
    /// 63, see [`length_bit`]).
    coverage: [i64; 64],
}

impl<'w> Probe<'w> {
    fn of(word: &'w Word) -> Probe<'w> {
        let form = |form: Form| {
            let (w, chars, mask, key) = word.against(form)?;
            let mut cs = w.chars();
            let pair = match (cs.next(), cs.next(), cs.next()) {
                (Some(a), Some(b), None) if a != b => Some((start_bit(a), start_bit(b))),
                _ => None,
            };
            let mut coverage = [0; 64];
            for (n, c) in coverage.iter_mut().enumerate().skip(1) {
                *c = COVERAGE * chars as i64 / n as i64;
            }
            Some(ProbeForm {
                len: w.len(),
                chars,
                mask,
                key,
                fuzzy: chars >= 2 && (w == word.text || word.mixed),
                pair,
                coverage,
            })
        };
        Probe([form(Form::Original), form(Form::Full), form(Form::Initials)])
    }
}

/// The most a word (probed as `probe`) can score on a line summarised as
/// `c`, before the field weight, and whether as found whole (else as a
/// fuzzy hit, tried only when `fuzzy`); `None` when it cannot match there.
#[inline(always)]
fn sum_bound(c: &Sum, probe: &Probe, fuzzy: bool) -> Option<(i64, bool)> {
    let f = probe.0[c.form as usize].as_ref()?;
    let key = f.key;
    if !key.known || f.mask & !c.mask != 0 || shortest(c.lens, f.len).is_none() {
        return None;
    }
    let (score, whole) = if key.runs_known && key.bigrams & !c.bigrams == 0 {
        // May occur whole: an exact line (its whole coverage) or, in a
        // longer line, the tier its first characters allow.
        let prefix = key.first & !c.starts == 0
            && key.pair & !c.starts2 == 0
            && key.triple & !c.starts3 == 0;
        let exact = prefix && key.whole & !c.wholes == 0 && c.lens & length_bit(f.len) != 0;
        let tier = if prefix {
            PREFIX
        } else if key.first & !c.word_starts == 0
            && key.pair & !c.word_starts2 == 0
            && key.triple & !c.word_starts3 == 0
        {
            WORD_START
        } else {
            SUBSTRING
        };
        let longer =
            shortest(c.char_lens, f.chars + 1).map_or(0, |chars| tier + f.coverage[chars as usize]);
        (if exact { EXACT + COVERAGE } else { 0 }.max(longer), true)
    } else if fuzzy && f.fuzzy {
        let most = match f.pair {
            // Two characters that do not occur whole: what skim can give
            // them from where they may stand.
            Some((a, b)) => matcher::pair_ceiling(
                a & c.starts != 0,
                a & c.word_starts != 0,
                b & c.word_starts != 0,
                key.bigrams & !c.bigrams == 0,
            ),
            None => matcher::ceiling(f.chars),
        };
        (FUZZY + most.min(FUZZY_MAX), false)
    } else {
        return None;
    };
    Some((line_score(score, 1, c.form), whole))
}

/// A word's bound memo and its halves' (see [`Memo::bound`]), looked up
/// once per scan rather than once per topic.
struct Tables<'w> {
    whole: &'w [AtomicU32],
    halves: Vec<(&'w [AtomicU32], &'w [AtomicU32])>,
}

impl<'w> Tables<'w> {
    fn of(index: &Index, word: &'w Word) -> Tables<'w> {
        let groups = index.groups.len();
        Tables {
            whole: word.memo.bound(groups),
            halves: word
                .halves
                .iter()
                .map(|(a, b)| (a.memo.bound(groups), b.memo.bound(groups)))
                .collect(),
        }
    }
}

/// The most `words` can score in `t`, summed (see [`Index::word_bound`]);
/// `None` when some word (with `any`: every word) cannot match there.
#[inline(always)]
fn exact_bound(
    index: &Index,
    words: &[Word],
    tables: &[Tables],
    t: &Topic,
    any: bool,
) -> Option<i64> {
    let mut most = None;
    for (w, tables) in words.iter().zip(tables) {
        match index.word_bound(t, w, tables) {
            Some(b) => most = Some(most.unwrap_or(0) + b),
            None if any => {}
            None => return None,
        }
    }
    most
}

/// The most a word can score on any line of `t`, from its bound memo
/// `table` filled for every group of `t` (see [`Index::fill_bounds`]).
#[inline]
fn filled_bound(table: &[AtomicU32], t: &Topic) -> Option<i64> {
    // A group past the table ([`NO_GROUP`]) has no match.
    let mut most = 0;
    for &g in &t.groups {
        let v = table.get(g as usize).map_or(1, |v| v.load(Relaxed));
        debug_assert!(v != 0, "group {g} not filled");
        most = most.max(v);
    }
    (most >= 2).then(|| most as i64 - 2)
}

/// Chinese words of at least this many characters may match as two pieces
/// (two, so that a growing word keeps every match of its prefix).
const SPLIT_MIN_CHARS: usize = 2;

impl Word {
    fn new(text: &str) -> Word {
        let mut word = Word::whole(text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        if chars.len() >= SPLIT_MIN_CHARS && chars.iter().all(|&(_, c)| text::is_han(c)) {
            word.halves = chars[1..]
                .iter()
                .map(|&(at, _)| {
                    let (mut a, mut b) = (Word::whole(&text[..at]), Word::whole(&text[at..]));
                    a.fuzzy = false;
                    b.fuzzy = false;
                    (a, b)
                })
                .collect();
        }
        word
    }

    fn whole(text: &str) -> Word {
        let pinyin = has_han(text).then(|| {
            let mut p = String::new();
            pinyin_default(text, &mut p);
            p
        });
        Word {
            chars: text.chars().count(),
            spaced: format!(" {text}"),
            mask: mask_of(text),
            pinyin_chars: pinyin.as_ref().map_or(0, |p| p.len()),
            pinyin_mask: pinyin.as_deref().map_or(0, mask_of),
            key: Key::of(text),
            pinyin_key: pinyin.as_deref().map(Key::of).unwrap_or_default(),
            pinyin,
            text: text.to_string(),
            halves: Vec::new(),
            fuzzy: true,
            mixed: text.chars().any(|c| c.is_ascii_alphabetic()),
            memo: Memo::default(),
        }
    }

    /// What of the word is matched against lines of `form` (its text, its
    /// length in characters, its mask and key): a Chinese word's pinyin
    /// against full pinyin, nothing against initials; `None` when the
    /// form is not matched at all.
    fn against(&self, form: Form) -> Option<(&str, usize, u64, &Key)> {
        match (form, self.pinyin.as_deref()) {
            (Form::Original, _) | (Form::Full, None) | (Form::Initials, None) => {
                Some((self.text.as_str(), self.chars, self.mask, &self.key))
            }
            (Form::Full, Some(p)) => {
                Some((p, self.pinyin_chars, self.pinyin_mask, &self.pinyin_key))
            }
            (Form::Initials, Some(_)) => None,
        }
    }

    /// Whether the word's fuzziness can change its scores: not for one
    /// character (a fuzzy hit needs two, and a Chinese character's pinyin
    /// matches fuzzily only in a word with Latin letters, two or more
    /// characters long).
    fn fuzzy_key(&self) -> bool {
        self.fuzzy && self.chars >= 2
    }

    fn may_match(&self, topic_mask: u64) -> bool {
        self.mask & !topic_mask == 0
            || (self.pinyin.is_some() && self.pinyin_mask & !topic_mask == 0)
    }
}

#[cfg(test)]
fn words_of(folded: &str) -> Vec<Word> {
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(Word::new)
        .collect()
}

/// A query of this many words or more is ranked by the words each topic
/// matches (see [`Searcher::any_word`]), not all of them; a shorter one
/// narrows from keystroke to keystroke and may be corrected.
const QUESTION_WORDS: usize = 2;

/// Results scoring below 1/TAIL_RATIO of the best one are not shown.
const TAIL_RATIO: i64 = 4;

/// Searches as a query grows, one keystroke at a time: when the new query
/// extends the previous one, only the previous query's matches are scored
/// again (a longer word matches a subset of what its prefix matched).
pub struct Searcher<I: std::ops::Deref<Target = Index>> {
    index: I,
    matcher: Matcher,
    /// The folded query the candidates belong to.
    last: String,
    /// Topics (positions in the index) that matched `last`.
    candidates: Vec<u32>,
    /// The last query's results matched as typed (not through a
    /// correction); see [`Searcher::matched_well`].
    well: bool,
    /// `candidates` is meaningful (a previous query ran).
    primed: bool,
    scored: Vec<(i64, u32)>,
    /// The groups the last scan bounded, and how many topics there were
    /// when they were found: the groups of the last scan's topics or of a
    /// few more (see [`Searcher::search`]).
    groups: (usize, Vec<u32>),
    /// The last query's words, whose memos the next
    /// query reuses for the words it still has (see [`Memos`]).
    memos: Memos,
}

/// What query words (and their halves) scored on the groups, by text and
/// fuzziness (which decide a word's scores, see [`Word::fuzzy_key`]), kept
/// from one keystroke to the next: typing a second word does not score
/// the first again.
#[derive(Default)]
struct Memos(Vec<(String, bool, Memo)>);

impl Memos {
    /// Remembers the memos of `words` and of their halves.
    fn keep(&mut self, words: &[Word]) {
        for w in words {
            if !self
                .0
                .iter()
                .any(|(t, f, _)| *t == w.text && *f == w.fuzzy_key())
            {
                self.0.push((w.text.clone(), w.fuzzy_key(), w.memo.clone()));
            }
            for (a, b) in &w.halves {
                self.keep(std::slice::from_ref(a));
                self.keep(std::slice::from_ref(b));
            }
        }
    }

    /// Gives `words` (and their halves) the memos kept for the same text.
    fn reuse(&self, words: &mut [Word]) {
        for w in words {
            if let Some((_, _, m)) = self
                .0
                .iter()
                .find(|(t, f, _)| *t == w.text && *f == w.fuzzy_key())
            {
                w.memo = m.clone();
            }
            for (a, b) in &mut w.halves {
                self.reuse(std::slice::from_mut(a));
                self.reuse(std::slice::from_mut(b));
            }
        }
    }
}

impl<I: std::ops::Deref<Target = Index>> Searcher<I> {
    /// A searcher over `index`: `&Index`, or an owned `Box<Index>` /
    /// `Arc<Index>` for one that lives as long as the searcher.
    /// Whether the last [`Searcher::search`] found topics matching its
    /// words as typed. When not, its results (if any) came from a
    /// correction: offer [`Searcher::suggest`] as well.
    pub fn matched_well(&self) -> bool {
        self.well
    }

    /// The index searched.
    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn new(index: I) -> Searcher<I> {
        Searcher {
            index,
            matcher: Matcher::default(),
            last: String::new(),
            candidates: Vec::new(),
            well: false,
            primed: false,
            scored: Vec::new(),
            groups: (0, Vec::new()),
            memos: Memos::default(),
        }
    }

    /// The best `limit` topics for `query`, best first. An empty query
    /// matches nothing.
    ///
    /// The query is first reduced to a few telling words (see [`query`]).
    /// Two or more words rank topics by the words they match (see
    /// `Searcher::any_word`). One word narrows the last keystroke's
    /// matches when it extends the last word searched; a mistyped one is
    /// searched as its correction (see the module doc).
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        let terms = query::terms(&self.index, query);
        self.search_terms(&terms, limit)
    }

    /// [`Searcher::search`] of a query read as `terms`.
    fn search_terms(&mut self, terms: &[query::Term], limit: usize) -> Vec<Hit> {
        let mut folded = terms
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // A word of the dictionary is not also tried as two halves: the
        // query was cut into such words already.
        let mut words: Vec<Word> = terms
            .iter()
            .map(|t| {
                if t.known {
                    Word::whole(&t.text)
                } else {
                    Word::new(&t.text)
                }
            })
            .collect();
        self.index.mark_known(&mut words);
        self.well = false;
        if words.is_empty() || limit == 0 {
            self.primed = false;
            return Vec::new();
        }
        // One word that occurs whole nowhere, one edit from a word of the
        // index: a typo, searched as that word (and not matched well).
        let corrected = match &words[..] {
            [w] if !w.key.runs_known => self.index.correction(&w.text),
            _ => None,
        };
        if let Some(c) = corrected.as_deref() {
            words = vec![Word::new(c)];
            self.index.mark_known(&mut words);
            folded = c.to_string();
        }
        let kept = std::mem::take(&mut self.memos);
        kept.reuse(&mut words);
        self.memos.keep(&words);
        if words.len() >= QUESTION_WORDS {
            self.primed = false;
            self.scored.clear();
            self.any_word(&words, limit);
            self.well = !self.scored.is_empty();
            return self.top(&words, limit);
        }
        let narrowing = self.primed && folded.starts_with(self.last.as_str());
        let from = if narrowing {
            std::mem::take(&mut self.candidates)
        } else {
            (0..self.index.topics.len() as u32).collect()
        };
        let mut next = Vec::new();
        self.scored.clear();
        // A keystroke that keeps nearly every candidate bounds the groups
        // of the last one (a superset: a few groups are bounded for
        // nothing, but the topics are not read again to find them).
        let (exact_for, groups) = if narrowing && from.len() * 20 >= self.groups.0 * 19 {
            (self.groups.0, std::mem::take(&mut self.groups.1))
        } else {
            (from.len(), self.index.groups_of(&from))
        };
        self.score_all(&words, &from, &groups, &mut next, false, limit);
        self.groups = (exact_for, groups);
        self.well = corrected.is_none() && !self.scored.is_empty();
        self.last = folded;
        self.candidates = next;
        self.primed = true;
        self.top(&words, limit)
    }

    /// Scores `topics` (ascending positions, using `groups`, see
    /// [`Index::groups_of`]) against `words` for the best `limit` (see
    /// [`score_top`]). Large sets are split over the cores, each part
    /// keeping its own best `limit` (which holds every topic of the part
    /// that can be among the best `limit` overall).
    fn score_all(
        &mut self,
        words: &[Word],
        topics: &[u32],
        groups: &[u32],
        matched: &mut Vec<u32>,
        any: bool,
        limit: usize,
    ) {
        let parts = split(topics, PARALLEL_MIN);
        let (index, matcher) = (&*self.index, &self.matcher);
        // Every group the topics use (`groups`) is bounded before the
        // scan, group after group.
        index.fill_bounds(words, groups);
        if parts.len() <= 1 {
            let scored = &mut self.scored;
            score_top(index, matcher, words, topics, matched, scored, any, limit);
        } else {
            let parts: Vec<(Vec<u32>, Scored)> = each(parts, |part| {
                let (mut m, mut s) = (Vec::new(), Vec::new());
                score_top(index, matcher, words, part, &mut m, &mut s, any, limit);
                (m, s)
            });
            for (m, s) in parts {
                matched.extend(m);
                self.scored.extend(s);
            }
        }
    }

    /// Ranks every topic that matches any of `words` by the sum of what
    /// each word scores there (a word that matches nowhere costs nothing:
    /// one stray word of a question does not empty the list).
    fn any_word(&mut self, words: &[Word], limit: usize) {
        let all: Vec<u32> = (0..self.index.topics.len() as u32).collect();
        let groups = self.index.groups_of(&all);
        let mut matched = Vec::new();
        self.scored.clear();
        self.score_all(words, &all, &groups, &mut matched, true, limit);
    }

    /// What a search screen shows for `query`: the best `limit` topics
    /// and, when nothing matched well, the closest `closest` topics
    /// instead (a correction's hits, else [`Searcher::suggest`]) with a
    /// correction of mistyped words. One call per keystroke: the TUI,
    /// plain mode and `cargo bench --bench search` all run this.
    pub fn answer(&mut self, query: &str, limit: usize, closest: usize) -> Answer {
        // The query is read once for everything below.
        let terms = query::terms(&self.index, query);
        let hits = self.search_terms(&terms, limit);
        if self.matched_well() || query.trim().is_empty() {
            return Answer {
                did_you_mean: self.mistyped_terms(&terms),
                hits,
                closest: false,
            };
        }
        if !hits.is_empty() {
            // A correction found these: they are the closest.
            return Answer {
                hits,
                did_you_mean: self.did_you_mean_terms(&terms),
                closest: true,
            };
        }
        let s = self.suggest_terms(&terms, closest);
        Answer {
            hits: s.hits,
            did_you_mean: s.did_you_mean,
            closest: true,
        }
    }

    /// [`Searcher::did_you_mean`] for a query that matched: only when one
    /// of its words cannot occur whole anywhere (it matched as scattered
    /// letters), so that typing a real word never pays for the lookup.
    pub fn mistyped(&self, query: &str) -> Option<String> {
        self.mistyped_terms(&query::terms(&self.index, query))
    }

    fn mistyped_terms(&self, terms: &[query::Term]) -> Option<String> {
        let unlikely = terms
            .iter()
            .any(|t| t.text.len() >= 4 && !self.index.knows_runs(&t.text));
        unlikely.then(|| self.did_you_mean_terms(terms)).flatten()
    }

    /// The words of `query` as searched (see [`query`]), each mistyped
    /// Latin word corrected to the closest word of the index's titles,
    /// aliases and keywords (`bubna` → `buban`); `None` when no word
    /// needed it.
    pub fn did_you_mean(&self, query: &str) -> Option<String> {
        self.did_you_mean_terms(&query::terms(&self.index, query))
    }

    fn did_you_mean_terms(&self, terms: &[query::Term]) -> Option<String> {
        let mut changed = false;
        let words: Vec<String> = terms
            .iter()
            .map(|t| match self.index.correction(&t.text) {
                Some(c) => {
                    changed = true;
                    c
                }
                None => t.text.clone(),
            })
            .collect();
        changed.then(|| words.join(" "))
    }

    /// For a query [`Searcher::search`] found nothing for: the topics
    /// closest to it (those sharing two adjacent Chinese characters with
    /// it, else, in an index of fewer than 20,000 topics, one; a corrected
    /// word; a Latin word's first three letters), and the query with each mistyped Latin word
    /// corrected to a word of the index (`bubna` → `buban`), if any was.
    pub fn suggest(&mut self, query: &str, limit: usize) -> Suggestion {
        self.suggest_terms(&query::terms(&self.index, query), limit)
    }

    fn suggest_terms(&mut self, terms: &[query::Term], limit: usize) -> Suggestion {
        let did_you_mean = self.did_you_mean_terms(terms);
        let mut near: Vec<String> = Vec::new();
        for t in terms {
            match self.index.correction(&t.text) {
                Some(c) => near.push(c),
                None if text::has_han(&t.text) => {
                    let chars: Vec<char> = t.text.chars().collect();
                    if chars.len() == 1 {
                        near.push(t.text.clone());
                    }
                    near.extend(chars.windows(2).map(|p| p.iter().collect::<String>()));
                }
                None => near.push(t.text.chars().take(3).collect()),
            }
        }
        near.sort_unstable();
        near.dedup();
        near.truncate(2 * query::MAX_WORDS);
        if limit == 0 || near.is_empty() {
            return Suggestion {
                hits: Vec::new(),
                did_you_mean,
            };
        }
        let mut words: Vec<Word> = near.iter().map(|w| Word::whole(w)).collect();
        self.index.mark_known(&mut words);
        self.scored.clear();
        self.any_word(&words, limit);
        // Nothing shares two adjacent characters: in a small index, try
        // single ones (in a large one nearly every topic has them, and the
        // scan would cost a frame for little).
        if self.scored.is_empty() && self.index.topics.len() < PARALLEL_MIN {
            let mut chars: Vec<String> = terms
                .iter()
                .filter(|t| text::has_han(&t.text))
                .flat_map(|t| t.text.chars().map(String::from).collect::<Vec<_>>())
                .collect();
            chars.sort_unstable();
            chars.dedup();
            words = chars.iter().map(|w| Word::whole(w)).collect();
            self.index.mark_known(&mut words);
            self.any_word(&words, limit);
        }
        self.primed = false;
        Suggestion {
            hits: self.top(&words, limit),
            did_you_mean,
        }
    }

    fn top(&mut self, words: &[Word], limit: usize) -> Vec<Hit> {
        let topics = &self.index.topics;
        let key = |&(s, t): &(i64, u32)| (Reverse(s), topics[t as usize].title_chars, t);
        if self.scored.len() > limit {
            self.scored.select_nth_unstable_by_key(limit - 1, key);
            self.scored.truncate(limit);
        }
        self.scored.sort_unstable_by_key(key);
        // Hits far weaker than the best are letters scattered through some
        // alias's pinyin, not answers: `buban` should not list eight flows.
        if let Some(&(best, _)) = self.scored.first() {
            self.scored
                .retain(|&(s, _)| s.saturating_mul(TAIL_RATIO) >= best);
        }
        self.scored
            .iter()
            .map(|&(score, ti)| {
                let t = &self.index.names[ti as usize];
                Hit {
                    id: self.index.name(t.id).to_string(),
                    score,
                    zh_positions: self.index.positions(&self.matcher, t, words, Lang::ZhCn),
                    en_positions: self.index.positions(&self.matcher, t, words, Lang::En),
                }
            })
            .collect()
    }
}

/// The score of topic `ti` for `words`: `None` when some word (with `any`:
/// every word) does not match, `Some(None)` when it matches only weakly (a
/// candidate, not shown). With `any`, a word that does not match, or only
/// weakly, adds nothing.
fn topic_score(
    index: &Index,
    matcher: &Matcher,
    words: &[Word],
    ti: u32,
    any: bool,
) -> Option<Option<i64>> {
    let t = &index.topics[ti as usize];
    let mut total = 0;
    let (mut weak, mut matched) = (false, false);
    for w in words {
        match index.word_score(matcher, t, w) {
            None if any => {}
            None => return None,
            Some(0) => weak = true,
            Some(s) => {
                matched = true;
                total += s;
            }
        }
    }
    if any {
        (matched || weak).then_some(matched.then_some(total))
    } else {
        Some((!weak).then_some(total))
    }
}

/// Scores `topics` (ascending positions) against `words` for the best
/// `limit`: every topic that may match goes to `matched` (a superset of the
/// matches, for the next keystroke), and at least every topic that can be
/// among the best `limit` to `scored`.
///
/// First an upper bound per topic from its class summaries (no text is
/// read), then topics are scored best bound first until the next bound
/// cannot beat the `limit`th score so far (ties broken as in the results:
/// shorter title, then position). Exact: what it skips could not be shown.
#[allow(clippy::too_many_arguments)]
fn score_top(
    index: &Index,
    matcher: &Matcher,
    words: &[Word],
    topics: &[u32],
    matched: &mut Vec<u32>,
    scored: &mut Vec<(i64, u32)>,
    any: bool,
    limit: usize,
) {
    // Ranks: larger is better, as the results are ordered (score, then
    // shorter title, then position), packed so sorting reads nothing else.
    let rank = |score: i64, ti: u32| -> u128 {
        ((score as u128) << 64)
            | (((u32::MAX - index.topics[ti as usize].title_chars) as u128) << 32)
            | (u32::MAX - ti) as u128
    };
    let topic_of = |rank: u128| u32::MAX - rank as u32;
    // First a bound for every topic.
    let tables: Vec<Tables> = words.iter().map(|w| Tables::of(index, w)).collect();
    let tables = &tables[..];
    let first = matched.len();
    matched.reserve(topics.len());
    let mut order: Vec<u128> = Vec::with_capacity(topics.len());
    for &ti in topics {
        let t = &index.topics[ti as usize];
        let may = |w: &Word| w.may_match(t.mask);
        if !(if any {
            words.iter().any(may)
        } else {
            words.iter().all(may)
        }) {
            continue;
        }
        if let Some(most) = exact_bound(index, words, tables, t, any) {
            matched.push(ti);
            order.push(rank(most, ti));
        }
    }
    // Best bound first: a heap built in place (linear) and popped only as
    // far as the scan goes, which is often a small share of the topics.
    let mut order = BinaryHeap::from(order);
    let mut kept: BinaryHeap<Reverse<u128>> = BinaryHeap::with_capacity(limit + 1);
    let mut unmatched: Vec<u32> = Vec::new();
    while let Some(most) = order.pop() {
        if kept.len() >= limit && kept.peek().is_some_and(|Reverse(floor)| most < *floor) {
            break;
        }
        let ti = topic_of(most);
        match topic_score(index, matcher, words, ti, any) {
            None => unmatched.push(ti),
            Some(None) => {}
            Some(Some(total)) => {
                scored.push((total, ti));
                kept.push(Reverse(rank(total, ti)));
                if kept.len() > limit {
                    kept.pop();
                }
            }
        }
    }
    if !unmatched.is_empty() {
        unmatched.sort_unstable();
        let mut i = first;
        for j in first..matched.len() {
            if unmatched.binary_search(&matched[j]).is_err() {
                matched[i] = matched[j];
                i += 1;
            }
        }
        matched.truncate(i);
    }
}

#[cfg(test)]
mod tests;
