//! The fuzzy matcher behind one small seam, so it can be swapped (for
//! example for nucleo-matcher) without touching ranking or the index.
//!
//! Both sides are already folded (see [`super::text`]), so matching is
//! case-sensitive on purpose: no smart-case work per candidate.

use fuzzy_matcher::skim::SkimMatcherV2;

pub(crate) struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            skim: SkimMatcherV2::default().respect_case(),
        }
    }
}

/// The byte position of the first `word` in `line`, as [`str::find`]
/// gives it, for the short words and lines of a search: a scan for the
/// word's first byte and a comparison, without the setup of a general
/// substring searcher. (A match of whole UTF-8 text can only start on a
/// character boundary, so bytes give the same answer.)
#[inline]
pub(crate) fn find(line: &str, word: &str) -> Option<usize> {
    let (hay, w) = (line.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = w.split_first() else {
        return Some(0);
    };
    if hay.len() < w.len() {
        return None;
    }
    let last = hay.len() - w.len();
    let mut from = 0;
    while from <= last {
        let at = from + hay[from..=last].iter().position(|&b| b == first)?;
        if &hay[at + 1..at + w.len()] == rest {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether the characters of `word` appear in `line` in order. A cheap,
/// allocation-free test run before the (allocating) fuzzy scorer.
#[inline]
pub(crate) fn is_subsequence(line: &str, word: &str) -> bool {
    let mut w = word.chars();
    let Some(mut want) = w.next() else {
        return true;
    };
    for c in line.chars() {
        if c == want {
            match w.next() {
                Some(n) => want = n,
                None => return true,
            }
        }
    }
    false
}

/// The most [`Matcher::score`] can give a word of `chars` characters: each
/// matched character scores at most a match (16) plus the largest bonus
/// (the first character of the line, a word start counted twice: 16), and
/// gaps only subtract. Lets the index bound fuzzy hits without matching.
#[inline]
pub(crate) const fn ceiling(chars: usize) -> i64 {
    32 * chars as i64
}

/// skim v2's character classes (`CharType` in fuzzy-matcher's `skim.rs`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

impl Class {
    #[inline]
    fn of(c: char) -> Class {
        match c {
            '\0' => Class::Empty,
            ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Class::HardSep,
            '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Class::SoftSep,
            '0'..='9' => Class::Number,
            'A'..='Z' => Class::Upper,
            _ => Class::Lower,
        }
    }

    /// skim v2's bonus for matching a character of class `self` after one
    /// of class `prev` (head 8, break 7, camel 6, else 0).
    #[inline]
    fn bonus_after(self, prev: Class) -> i32 {
        match (prev, self) {
            (Class::Empty | Class::HardSep, _) => 8,
            (Class::SoftSep, _) => 7,
            (Class::Lower | Class::Number, Class::Upper) => 6,
            _ => 0,
        }
    }
}

/// What skim v2 (default scores, case respected, no element limit) gives
/// the two-character pattern `a`, `b` (`a != b`) in `line`, in one pass and
/// without allocating: the same recurrences as its compressed score matrix
/// (`build_score_matrix`), kept for the one column before.
///
/// With `a != b` the matrix's leftover state never decides a cell: the
/// carried consecutive bonus it may read belongs to a `b` after a `b`,
/// where the match path holds no `a` and always loses to the gap path.
/// `SkimMatcherV2` keeps its matrix between calls, so with `a == b` (where
/// that state can count) this is not used. A test checks equality over
/// many random lines.
fn pair_score(line: &str, a: char, b: char) -> Option<i64> {
    // skim's "minus infinity" and score constants.
    const NEG: i32 = i16::MIN as i32;
    const MATCH: i32 = 16;
    const GAP_START: i32 = -3;
    const GAP_EXTENSION: i32 = -1;
    const CONSECUTIVE: i32 = 4;
    // Up to the first `a`: row 1 starts there (the matched score of `a` is
    // a skip from row 0, whose gap score is -1). Nothing is scored unless
    // a `b` follows.
    let at = line.find(a)?;
    let rest = &line[at + a.len_utf8()..];
    if !rest.contains(b) {
        return None;
    }
    let mut prev = line[..at]
        .chars()
        .next_back()
        .map_or(Class::Empty, Class::of);
    let mut bonus = Class::of(a).bonus_after(prev);
    if at == 0 {
        // The first character's bonus counts twice.
        bonus *= 2;
    }
    prev = Class::of(a);
    let mut m1 = MATCH + GAP_EXTENSION + bonus;
    // Row 1's gap score at the column of the first `a`: from the reset
    // column before it.
    let mut p1 = (GAP_START + GAP_EXTENSION + NEG).max(GAP_EXTENSION + NEG);
    let mut best = NEG;
    for c in rest.chars() {
        let class = Class::of(c);
        let bonus = class.bonus_after(prev);
        prev = class;
        if c == b {
            let matched = m1 + bonus.max(CONSECUTIVE);
            let skipped = p1 + bonus;
            best = best.max(MATCH + matched.max(skipped));
        }
        p1 = (GAP_START + GAP_EXTENSION + m1).max(GAP_EXTENSION + p1);
        m1 = if c == a {
            MATCH + GAP_EXTENSION + bonus
        } else {
            NEG
        };
    }
    Some(i64::from(best))
}

/// The most [`pair_score`] can give `a`, `b` (`a != b`, neither a space)
/// on a folded line (see [`super::text::fold`]: lower-case letters,
/// digits, other alphanumerics and spaces only), from what is known of the
/// line: whether `a` may be its first character (`a_first`) or follow a
/// space (`a_word`), whether `b` may follow a space (`b_word`), and
/// whether `b` may directly follow `a` (`adjacent`).
///
/// On such a line skim's bonus for a character is 16 at the start of the
/// line, 8 after a space and 0 elsewhere (no upper case, no other
/// separators). `a` scores 15 plus its bonus; `b` directly after it adds
/// 16 plus a consecutive bonus of 4 (it follows `a`, not a space), and `b`
/// after a gap adds 16 plus its own bonus, less 4 at least for the gap.
pub(crate) fn pair_ceiling(a_first: bool, a_word: bool, b_word: bool, adjacent: bool) -> i64 {
    let head = if a_first {
        16
    } else if a_word {
        8
    } else {
        0
    };
    let gapped = 15 + head - 4 + 16 + if b_word { 8 } else { 0 };
    let next_to = if adjacent { 15 + head + 16 + 4 } else { 0 };
    gapped.max(next_to)
}

impl Matcher {
    /// The fuzzy score of `word` in `line`, `None` when it does not match.
    pub(crate) fn score(&self, line: &str, word: &str) -> Option<i64> {
        let mut w = word.chars();
        if let (Some(a), Some(b), None) = (w.next(), w.next(), w.next())
            && a != b
        {
            return pair_score(line, a, b);
        }
        if !is_subsequence(line, word) {
            return None;
        }
        self.skim.fuzzy(line, word, false).map(|(s, _)| s)
    }

    /// The character positions of `line` that `word` matches.
    pub(crate) fn indices(&self, line: &str, word: &str) -> Option<Vec<usize>> {
        if !is_subsequence(line, word) {
            return None;
        }
        self.skim.fuzzy(line, word, true).map(|(_, p)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_and_scores() {
        let m = Matcher::default();
        assert!(is_subsequence("yibaokabuban", "ybkbb"));
        assert!(!is_subsequence("yibaoka", "kay"));
        assert!(m.score("医保卡丢了", "卡丢").is_some());
        // Character positions, not bytes.
        assert_eq!(m.indices("医保卡丢了", "卡丢"), Some(vec![2, 3]));
        // Consecutive letters score higher than scattered ones.
        assert!(m.score("activate card", "act") > m.score("a card to test", "act"));
    }

    /// A small xorshift generator: `next(n)` is in `0..n`.
    fn rng(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut x = seed;
        move |n| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        }
    }

    #[test]
    fn pair_scores_equal_skim() {
        // A long-lived skim matcher (it keeps its matrix between calls, as
        // ours does) and a fresh one per call must both agree.
        let kept = SkimMatcherV2::default().respect_case();
        let mut next = rng(0x9E37_79B9_7F4A_7C15);
        // Every skim character class: letters, upper case, digits, hard
        // and soft separators, Chinese, and repeats of the pattern's own.
        let alphabet: Vec<char> = "ababab lqyi LQ09 -_./()|:'~^ 医保卡住院报南京"
            .chars()
            .collect();
        let mut cases = 0;
        for _ in 0..200_000 {
            let line: String = (0..next(40))
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect();
            let a = alphabet[next(alphabet.len() as u64) as usize];
            let b = alphabet[next(alphabet.len() as u64) as usize];
            if a == b {
                continue;
            }
            let word: String = [a, b].iter().collect();
            let want = if is_subsequence(&line, &word) {
                kept.fuzzy(&line, &word, false).map(|(s, _)| s)
            } else {
                None
            };
            let got = pair_score(&line, a, b);
            assert_eq!(got, want, "{line:?} {word:?}");
            if cases % 16 == 0 {
                let fresh = SkimMatcherV2::default().respect_case();
                let fresh = is_subsequence(&line, &word)
                    .then(|| fresh.fuzzy(&line, &word, false).map(|(s, _)| s))
                    .flatten();
                assert_eq!(got, fresh, "{line:?} {word:?}");
            }
            cases += got.is_some() as usize;
        }
        // Many lines drawn hold the pair: the comparison is not vacuous.
        assert!(cases > 20_000, "{cases}");
        // And through the matcher's own entry point, which also serves
        // words it does not handle itself.
        let m = Matcher::default();
        for (line, word) in [
            ("yibaoka", "yi"),
            ("lq lq", "lq"),
            ("aab", "aa"),
            ("x", "xy"),
        ] {
            let want = is_subsequence(line, word)
                .then(|| kept.fuzzy(line, word, false).map(|(s, _)| s))
                .flatten();
            assert_eq!(m.score(line, word), want, "{line:?} {word:?}");
        }
    }

    #[test]
    fn find_equals_str_find() {
        let mut next = rng(0x1234_5678_9ABC_DEF1);
        let alphabet: Vec<char> = "aab 医保卡保".chars().collect();
        let mut found = 0;
        for _ in 0..100_000 {
            let line: String = (0..next(20))
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect();
            let word: String = (0..next(4))
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect();
            let want = line.find(word.as_str());
            assert_eq!(find(&line, &word), want, "{line:?} {word:?}");
            found += want.is_some() as usize;
        }
        assert!(found > 20_000, "{found}");
    }

    #[test]
    fn pair_ceilings_hold_and_are_reached() {
        let mut next = rng(0x2545_F491_4F6C_DD1D);
        // Folded lines: lower case, digits, Chinese, spaces.
        let alphabet: Vec<char> = "ababab lqyi 09  医保卡".chars().collect();
        let mut reached = 0;
        for _ in 0..200_000 {
            let line: String = (0..1 + next(30))
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect();
            let a = alphabet[next(alphabet.len() as u64) as usize];
            let b = alphabet[next(alphabet.len() as u64) as usize];
            if a == b || a == ' ' || b == ' ' {
                continue;
            }
            let Some(score) = pair_score(&line, a, b) else {
                continue;
            };
            let chars: Vec<char> = line.chars().collect();
            let after_space = |c: char| chars.windows(2).any(|w| w[0] == ' ' && w[1] == c);
            let most = pair_ceiling(
                chars[0] == a,
                after_space(a),
                after_space(b),
                chars.windows(2).any(|w| w == [a, b]),
            );
            assert!(score <= most, "{line:?} {a}{b}: {score} > {most}");
            reached += (score == most) as usize;
        }
        // Often exact, so it is as tight as these facts allow.
        assert!(reached > 5_000, "{reached}");
        // The flags only ever raise it, and it never passes `ceiling`.
        for bits in 0..16u32 {
            let f = |i: u32| bits & (1 << i) != 0;
            let most = pair_ceiling(f(0), f(1), f(2), f(3));
            assert!(most <= ceiling(2));
            assert!(most >= pair_ceiling(false, false, false, false));
        }
    }

    #[test]
    fn no_score_exceeds_the_ceiling() {
        let m = Matcher::default();
        // Best cases first: the word is the line, or starts it.
        for (line, word) in [
            ("ab", "ab"),
            ("abc def", "abc"),
            ("a b c d", "abcd"),
            ("yibaoka", "yibaoka"),
            ("a-b_c d", "abcd"),
        ] {
            let s = m.score(line, word).expect("a match");
            assert!(s <= ceiling(word.chars().count()), "{line:?} {word:?}: {s}");
        }
        // Then many random lines over a small alphabet with separators.
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let alphabet: Vec<char> = "abcab -_A".chars().collect();
        let mut best = 0;
        for _ in 0..20_000 {
            let line: String = (0..1 + next(24))
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect();
            let word: String = (0..1 + next(5))
                .map(|_| alphabet[next(3) as usize])
                .collect();
            if let Some(s) = m.score(&line, &word) {
                let n = word.chars().count();
                assert!(s <= ceiling(n), "{line:?} {word:?}: {s} > {}", ceiling(n));
                best = best.max(s - ceiling(n));
            }
        }
        // The ceiling is reached, so it is as tight as it can be.
        assert_eq!(best, 0);
    }
}
