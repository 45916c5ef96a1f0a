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

impl Matcher {
    /// The fuzzy score of `word` in `line`, `None` when it does not match.
    pub(crate) fn score(&self, line: &str, word: &str) -> Option<i64> {
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
