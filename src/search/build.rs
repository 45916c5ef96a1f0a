//! Building the index, in four passes (the parallel ones over every core
//! for large sets):
//!
//! 1. (parallel, over chunks of flows) each chunk names its distinct texts
//!    and groups in order of first use, and its topics by those names;
//! 2. the chunks' names are merged, in chunk order, into one dictionary:
//!    the pieces and groups come out numbered by first use over all flows,
//!    exactly as one thread would have numbered them;
//! 3. (parallel, over ranges of pieces) each distinct text is expanded
//!    once: folded, converted to pinyin and summarised;
//! 4. groups and topics take their masks from their pieces.
//!
//! So the index does not depend on how many threads built it, and a text
//! used by flows on several cores is still expanded once.

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
    /// The key of the group being made.
    group: Vec<u32>,
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
            group: Vec::new(),
        }
    }

    fn add(&mut self, flow: &'f Flow) {
        let mut groups = [NO_GROUP; FIELDS];
        // Every text of one field is expanded the same way.
        let mut field =
            |c: &mut Chunk<'f>, f: Field, mode: Mode, texts: &mut dyn Iterator<Item = &'f str>| {
                c.group.clear();
                c.group.push(f as u32);
                for text in texts {
                    let p = c.piece(text, mode);
                    if !c.blank[p as usize] {
                        c.group.push(p);
                    }
                }
                if c.group.len() > 1 {
                    groups[f as usize] = c.intern_group();
                }
            };
        let (title, summary) = (&flow.title, &flow.summary);
        let steps = flow.steps.iter().flat_map(|step| {
            std::iter::once(&step.title)
                .chain(step.options().iter().map(|c| &c.label))
                .chain(step.items().iter().map(|i| &i.label))
                .flat_map(|t| [t.zh.as_str(), t.en.as_str()])
        });
        let texts = |v: &'f [String]| v.iter().map(String::as_str);
        field(
            self,
            Field::Title,
            Mode::Initials,
            &mut [&*title.zh, &*title.en].into_iter(),
        );
        field(self, Field::Override, Mode::Plain, &mut texts(&flow.pinyin));
        field(
            self,
            Field::Alias,
            Mode::Initials,
            &mut texts(&flow.aliases),
        );
        field(
            self,
            Field::Keyword,
            Mode::Initials,
            &mut texts(&flow.keywords),
        );
        field(
            self,
            Field::Summary,
            Mode::Pinyin,
            &mut [&*summary.zh, &*summary.en].into_iter(),
        );
        field(self, Field::Step, Mode::Plain, &mut { steps });
        self.title_chars
            .push((title.zh.chars().count() + title.en.chars().count()) as u32);
        self.names.push(Name {
            id: flow.id.clone(),
            title: [title.zh.clone(), title.en.clone()],
        });
        self.topics.push(groups);
    }

    /// The number of `text` in `mode`, given at first use.
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
        self.names.extend(later.names);
    }
}

/// Runs `work` on each of `parts` on its own thread (on this one when there
/// is only one), giving the results in order.
fn each<P: Send, R: Send>(parts: Vec<P>, work: impl Fn(P) -> R + Sync) -> Vec<R> {
    if parts.len() <= 1 {
        return parts.into_iter().map(work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("index build thread"))
            .collect()
    })
}

impl Index {
    /// Builds the index; topics are kept in id order.
    pub fn build<'a>(flows: impl IntoIterator<Item = &'a Flow>) -> Index {
        let flows: Vec<&Flow> = flows.into_iter().collect();
        // Large sets are built on every core.
        let threads = if flows.len() >= PARALLEL_MIN {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        } else {
            1
        };
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
            let mut scratch = String::new();
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
            let field = match key[0] {
                0 => Field::Title,
                1 => Field::Override,
                2 => Field::Alias,
                3 => Field::Keyword,
                4 => Field::Summary,
                _ => Field::Step,
            };
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
        index
    }

    /// Adds the piece of `text` in `mode`: its folded text and, unless
    /// `mode` is plain, its pinyin lines.
    fn expand(&mut self, text: &str, mode: Mode, scratch: &mut String) {
        let (lines, sums) = (self.lines.len() as u32, self.sums.len());
        let mut mask = 0;
        scratch.clear();
        fold_into(text, scratch);
        mask |= self.push_line(scratch, Form::Original, sums);
        if mode != Mode::Plain && has_han(scratch) {
            pinyin_keys(scratch, |full, ini| {
                mask |= self.push_line(full, Form::Full, sums);
                if mode == Mode::Initials {
                    mask |= self.push_line(ini, Form::Initials, sums);
                }
            });
        }
        self.pieces.push(Piece {
            lines: (lines, self.lines.len() as u32),
            sums: (sums as u32, self.sums.len() as u32),
            mask,
        });
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
        if s.trim().is_empty() {
            return 0;
        }
        // Lines with and without non-ASCII characters (zh and en text) are
        // summarised apart: their lengths differ a lot.
        let wide = !s.is_ascii();
        let (mut mask, mut chars) = (0u64, 0usize);
        let (mut starts, mut word_starts, mut starts2, mut word_starts2) = (0, 0, 0, 0);
        let (mut starts3, mut word_starts3) = (0, 0);
        let mut bigrams = 0u128;
        let mut prev: Option<char> = None;
        let mut before = ' ';
        // Position of the current word's first character.
        let mut word_at = 0;
        for (i, c) in s.chars().enumerate() {
            chars = i + 1;
            mask |= char_bit(c);
            if wide && !c.is_ascii() && (c as usize) < 0x1_0000 {
                self.known[c as usize / 64] |= 1 << (c as usize % 64);
            }
            match prev {
                None => {
                    word_starts |= start_bit(c);
                    starts = start_bit(c);
                }
                Some(p) => {
                    let t = triple_bit(before, p, c);
                    self.triples[t / 64] |= 1 << (t % 64);
                    if p != ' ' && before != ' ' && i == word_at + 2 {
                        word_starts3 |= triple64(before, p, c);
                        if i == 2 {
                            starts3 = triple64(before, p, c);
                        }
                    }
                    before = p;
                    if p == ' ' {
                        word_starts |= start_bit(c);
                        word_at = i;
                    }
                    let pair = pair_bit(p, c);
                    bigrams |= pair;
                    if p != ' ' && i == word_at + 1 {
                        word_starts2 |= fold64(pair);
                        if i == 1 {
                            starts2 = fold64(pair);
                        }
                    }
                }
            }
            prev = Some(c);
        }
        let chars = chars.min(u16::MAX as usize) as u16;
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
        let found = self.sums[sums..]
            .iter_mut()
            .find(|c| c.form == form && c.wide == wide);
        match found {
            Some(c) => {
                c.mask |= mask;
                c.starts |= starts;
                c.word_starts |= word_starts;
                c.starts2 |= starts2;
                c.word_starts2 |= word_starts2;
                c.starts3 |= starts3;
                c.word_starts3 |= word_starts3;
                c.bigrams |= bigrams;
                c.lens |= length_bit(len as usize);
                c.wholes |= whole_bit(s);
                c.char_lens |= length_bit(chars as usize);
            }
            None => self.sums.push(Sum {
                mask,
                starts,
                word_starts,
                starts2,
                word_starts2,
                starts3,
                word_starts3,
                bigrams,
                lens: length_bit(len as usize),
                wholes: whole_bit(s),
                char_lens: length_bit(chars as usize),
                form,
                wide,
            }),
        }
        mask
    }
}
