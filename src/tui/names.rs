//! Finding a saved person by what staff type: part of the name (`芳`,
//! `lei`), full pinyin (`wangfang`), initials (`wf`) or a mix (`wangf`,
//! `wfang`), for Chinese names with every reading of a character (单: shan
//! or dan). Latin words count as units too, so `ll` finds `Li Lei`.

use pinyin::ToPinyinMulti;

/// The most characters of a query that are matched.
pub const MAX_QUERY: usize = 64;

/// A name prepared for matching.
#[derive(Debug, Clone)]
pub struct NameKey {
    folded: String,
    /// Per unit (a Chinese character or a Latin word), its readings.
    units: Vec<Vec<String>>,
}

/// How a name matched a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The query started at the start of the name.
    pub from_start: bool,
    /// The query covers the whole name (every unit, or the name itself):
    /// staff typed enough of it to pick it.
    pub whole: bool,
}

fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}

impl NameKey {
    pub fn new(name: &str) -> NameKey {
        let mut units: Vec<Vec<String>> = Vec::new();
        let mut word = String::new();
        let flush = |word: &mut String, units: &mut Vec<Vec<String>>| {
            if !word.is_empty() {
                units.push(vec![std::mem::take(word)]);
            }
        };
        for c in name.chars() {
            match (!c.is_ascii()).then(|| c.to_pinyin_multi()).flatten() {
                Some(multi) => {
                    flush(&mut word, &mut units);
                    let mut readings: Vec<String> = Vec::new();
                    for p in multi {
                        let r = p.plain().to_string();
                        if !readings.contains(&r) {
                            readings.push(r);
                        }
                    }
                    units.push(readings);
                }
                None if c.is_alphanumeric() => word.extend(c.to_lowercase()),
                None => flush(&mut word, &mut units),
            }
        }
        flush(&mut word, &mut units);
        NameKey {
            folded: fold(name),
            units,
        }
    }

    /// Whether `query` finds this name, and how.
    pub fn find(&self, query: &str) -> Option<Hit> {
        let q: String = fold(query).chars().take(MAX_QUERY).collect();
        if q.is_empty() {
            return None;
        }
        let q: Vec<char> = q.chars().collect();
        let mut best: Option<Hit> = None;
        for start in 0..self.units.len() {
            let mut memo = vec![None; (self.units.len() + 1) * (q.len() + 1)];
            if self.cover(start, &q, 0, &mut memo).is_some() {
                let hit = Hit {
                    from_start: start == 0,
                    whole: false,
                };
                best = Some(better(best, hit));
            }
        }
        if q.len() >= 2 && !self.units.is_empty() {
            let mut memo = vec![None; (self.units.len() + 1) * (q.len() + 1)];
            if self.spells(0, &q, 0, &mut memo) {
                best = Some(better(
                    best,
                    Hit {
                        from_start: true,
                        whole: true,
                    },
                ));
            }
        }
        let text: String = q.iter().collect();
        if let Some(at) = self.folded.find(&text) {
            let hit = Hit {
                from_start: at == 0,
                whole: text == self.folded,
            };
            best = Some(better(best, hit));
        }
        best
    }

    /// The furthest unit the query `q[at..]` can cover from unit `i`, each
    /// unit giving its whole reading or its first letter (the last unit may
    /// give any start of its reading).
    fn cover(
        &self,
        i: usize,
        q: &[char],
        at: usize,
        memo: &mut Vec<Option<Option<usize>>>,
    ) -> Option<usize> {
        if at == q.len() {
            return Some(i);
        }
        if i == self.units.len() {
            return None;
        }
        let slot = i * (q.len() + 1) + at;
        if let Some(known) = memo[slot] {
            return known;
        }
        let mut best = None;
        for reading in &self.units[i] {
            let r: Vec<char> = reading.chars().collect();
            let same = r.iter().zip(&q[at..]).take_while(|(a, b)| a == b).count();
            if same == 0 {
                continue;
            }
            if at + same == q.len() {
                best = best.max(Some(i + 1));
                continue;
            }
            for used in [1, r.len()] {
                if used <= same
                    && let Some(end) = self.cover(i + 1, q, at + used, memo)
                {
                    best = best.max(Some(end));
                }
            }
        }
        memo[slot] = Some(best);
        best
    }
}

impl NameKey {
    /// Whether `q[at..]` spells units `i..` exactly, each as its whole
    /// reading or its first letter: the whole name, typed.
    fn spells(&self, i: usize, q: &[char], at: usize, memo: &mut Vec<Option<bool>>) -> bool {
        if i == self.units.len() || at == q.len() {
            return i == self.units.len() && at == q.len();
        }
        let slot = i * (q.len() + 1) + at;
        if let Some(known) = memo[slot] {
            return known;
        }
        let rest = &q[at..];
        let ok = self.units[i].iter().any(|reading| {
            let r: Vec<char> = reading.chars().collect();
            let whole = rest.starts_with(&r) && self.spells(i + 1, q, at + r.len(), memo);
            let initial =
                r.len() > 1 && rest.first() == r.first() && self.spells(i + 1, q, at + 1, memo);
            whole || initial
        });
        memo[slot] = Some(ok);
        ok
    }
}

fn better(a: Option<Hit>, b: Hit) -> Hit {
    match a {
        None => b,
        Some(a) => Hit {
            from_start: a.from_start || b.from_start,
            whole: a.whole || b.whole,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(name: &str, q: &str) -> Option<(bool, bool)> {
        NameKey::new(name).find(q).map(|h| (h.from_start, h.whole))
    }

    #[test]
    fn pinyin_initials_and_parts_find_names() {
        assert_eq!(find("王芳", "wf"), Some((true, true)));
        assert_eq!(find("王芳", "wangfang"), Some((true, true)));
        assert_eq!(find("王芳", "wangf"), Some((true, true)));
        assert_eq!(find("王芳", "wangfa"), Some((true, false)));
        assert_eq!(find("Mary", "ma"), Some((true, false)));
        assert_eq!(find("Mary", "mary"), Some((true, true)));
        assert_eq!(find("王芳", "w"), Some((true, false)));
        assert_eq!(find("王芳", "fang"), Some((false, false)));
        assert_eq!(find("王芳", "芳"), Some((false, false)));
        assert_eq!(find("王芳", "王芳"), Some((true, true)));
        assert_eq!(find("王芳", "zf"), None);
        assert_eq!(find("张小伟", "zxw"), Some((true, true)));
        assert_eq!(find("张小伟", "zx"), Some((true, false)));
        assert_eq!(find("单田芳", "stf"), Some((true, true)));
        assert_eq!(find("单田芳", "dtf"), Some((true, true)));
        assert_eq!(find("Li Lei", "ll"), Some((true, true)));
        assert_eq!(find("Li Lei", "li lei"), Some((true, true)));
        assert_eq!(find("Li Lei", "lei"), Some((false, false)));
        assert_eq!(find("Li Lei", "Li"), Some((true, false)));
        assert_eq!(find("Li Lei", "x"), None);
    }

    #[test]
    fn long_queries_are_bounded() {
        let name = "王".repeat(64);
        let q = "w".repeat(10_000);
        assert!(NameKey::new(&name).find(&q).is_some());
    }
}
