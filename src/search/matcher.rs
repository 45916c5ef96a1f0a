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
}
