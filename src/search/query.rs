//! From what a person typed or pasted to the few words a search scores.
//!
//! Any input is bounded here, before the matcher sees it:
//! - only [`MAX_QUERY_CHARS`] characters are read: the first half and the
//!   last half of a longer query (so what is typed after a long paste
//!   counts);
//! - filler is dropped: question words and particles (`怎么`, `吗`, `需要`,
//!   `我`, `的`; `how`, `do`, `i`, `what` …), unless nothing else is left;
//! - a run of Chinese longer than three characters (a shorter one is kept
//!   whole) is cut into words with the index's own dictionary
//!   (every Chinese word of a title, alias or keyword, see
//!   `Index::dictionary`), longest word first, filler dropped between
//!   them, what is left in between kept as words of its own;
//! - a word is at most [`MAX_WORD_CHARS`] characters (a longer one is cut
//!   into parts), repeated words count once;
//! - at most [`MAX_WORDS`] words are kept: the most telling ones (words of
//!   the dictionary first, then longer words, then earlier ones), in the
//!   order they were typed; the last word (being typed) is always kept.
//!
//! So a pasted page costs what a short question costs, and `医保卡换卡后需要
//! 重新激活吗` is searched as `医保卡 换卡 重新 激活`.

use std::collections::HashSet;

use super::Index;
use super::text::{fold, is_han};

/// Characters of a query that are read (its start and its end); the rest
/// is ignored.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Words a query is searched with, at most.
pub const MAX_WORDS: usize = 4;
/// Characters of one word, at most.
pub const MAX_WORD_CHARS: usize = 12;
/// A run of Chinese this short is kept whole (unless it is filler), not
/// cut (it is matched whole and as two halves anyway; a one-off `banshi
/// search 卡丢了` over 100k topics does not build the dictionary).
const SHORT_RUN: usize = 3;
/// Longest dictionary word tried when cutting Chinese.
const MAX_DICT_CHARS: usize = 8;

/// Chinese filler, longest first where one holds another.
const ZH_FILLER: &[&str] = &[
    "怎么回事",
    "是不是",
    "能不能",
    "可不可以",
    "为什么",
    "怎么办",
    "怎么样",
    "怎么",
    "怎样",
    "如何",
    "什么",
    "可以",
    "需要",
    "是否",
    "应该",
    "哪里",
    "哪些",
    "哪个",
    "多久",
    "多少",
    "一下",
    "请问",
    "我们",
    "自己",
    "已经",
    "还能",
    "还是",
    "一直",
    "这个",
    "那个",
    "上面",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "了",
    "的",
    "得",
    "我",
    "你",
    "他",
    "她",
    "在",
    "是",
    "和",
    "与",
    "或",
    "也",
    "都",
    "就",
    "还",
    "要",
    "会",
    "能",
    "去",
    "后",
    "把",
    "被",
    "给",
    "让",
    "有",
    "没",
    "不",
    "才",
    "用",
    "么",
    "咋",
];

/// English filler (folded: lower case).
const EN_FILLER: &[&str] = &[
    "a", "an", "the", "i", "me", "my", "mine", "we", "our", "you", "your", "it", "its", "he",
    "she", "his", "her", "they", "their", "how", "what", "when", "where", "why", "which", "who",
    "do", "does", "did", "done", "is", "are", "was", "were", "be", "been", "am", "can", "could",
    "should", "would", "will", "shall", "may", "might", "must", "to", "of", "for", "in", "on",
    "at", "by", "with", "from", "about", "and", "or", "so", "if", "this", "that", "these", "there",
    "please", "need", "want", "get", "got", "have", "has", "had", "just", "now", "still", "some",
    "any",
];

/// Pinyin of common Chinese filler typed as pinyin.
const PINYIN_FILLER: &[&str] = &["zenme", "zenmeban", "ma", "de", "le", "ruhe", "xuyao"];

/// One word of a query, and whether it is a word of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Term {
    pub text: String,
    pub known: bool,
}

/// The words `query` is searched with (see the module doc).
pub(super) fn terms(index: &Index, query: &str) -> Vec<Term> {
    let capped: String = if query.chars().nth(MAX_QUERY_CHARS).is_none() {
        query.to_string()
    } else {
        // The start and the end: what is typed after a long paste counts.
        let n = query.chars().count();
        let head = query.chars().take(MAX_QUERY_CHARS / 2);
        let tail = query.chars().skip(n - MAX_QUERY_CHARS / 2);
        head.chain(std::iter::once(' ')).chain(tail).collect()
    };
    let folded = fold(&capped);
    let raw: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut all: Vec<Term> = Vec::new();
    let mut kept: Vec<Term> = Vec::new();
    for token in &raw {
        for part in split_scripts(token) {
            if part.chars().next().is_some_and(is_han) {
                if part.chars().count() <= SHORT_RUN {
                    if !ZH_FILLER.contains(&part) {
                        kept.push(Term {
                            text: part.to_string(),
                            known: false,
                        });
                    }
                } else {
                    let dict = index.dictionary();
                    cut_han(
                        part,
                        &|s| dict.contains(&super::fnv(s.as_bytes())),
                        &mut kept,
                    );
                }
                all.push(Term {
                    text: part.to_string(),
                    known: false,
                });
            } else {
                let t = Term {
                    text: part.to_string(),
                    known: false,
                };
                if !EN_FILLER.contains(&part) && !PINYIN_FILLER.contains(&part) {
                    kept.push(t.clone());
                }
                all.push(t);
            }
        }
    }
    // A query of filler only (`how`, `的`) is searched as typed.
    let words = if kept.is_empty() { all } else { kept };
    select(cap_words(words))
}

/// `token` cut where it changes between Chinese and anything else
/// (`医保buban` stays whole: Latin letters after Chinese are kept with it,
/// as mixed words match as pinyin).
fn split_scripts(token: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut prev_han: Option<bool> = None;
    for (at, c) in token.char_indices() {
        let han = is_han(c);
        if let Some(p) = prev_han
            && p != han
            // Chinese followed by Latin letters: one mixed word.
            && !(p && c.is_ascii_alphabetic())
        {
            parts.push(&token[start..at]);
            start = at;
        }
        prev_han = Some(han);
    }
    if start < token.len() {
        parts.push(&token[start..]);
    }
    parts
}

/// Cuts a run of Chinese into words: at each place the longest word of the
/// dictionary (`known`), else the longest filler (dropped), else one
/// character joined to the unknown words around it.
fn cut_han(run: &str, known: &dyn Fn(&str) -> bool, out: &mut Vec<Term>) {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(run.len(), |&(at, _)| at);
    // A run with Latin letters in it (`医保buban`) is one mixed word.
    if chars.iter().any(|&(_, c)| !is_han(c)) {
        out.push(Term {
            text: run.to_string(),
            known: false,
        });
        return;
    }
    let mut unknown_from: Option<usize> = None;
    let flush = |from: &mut Option<usize>, to: usize, out: &mut Vec<Term>| {
        if let Some(f) = from.take() {
            out.push(Term {
                text: run[end_of(f)..end_of(to)].to_string(),
                known: false,
            });
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let longest = (2..=MAX_DICT_CHARS.min(chars.len() - i))
            .rev()
            .find(|&n| known(&run[end_of(i)..end_of(i + n)]));
        if let Some(n) = longest {
            flush(&mut unknown_from, i, out);
            out.push(Term {
                text: run[end_of(i)..end_of(i + n)].to_string(),
                known: true,
            });
            i += n;
            continue;
        }
        let rest = &run[end_of(i)..];
        if let Some(f) = ZH_FILLER.iter().find(|f| rest.starts_with(**f)) {
            flush(&mut unknown_from, i, out);
            i += f.chars().count();
            continue;
        }
        unknown_from.get_or_insert(i);
        i += 1;
    }
    flush(&mut unknown_from, chars.len(), out);
}

/// Words longer than [`MAX_WORD_CHARS`] cut into parts of that length;
/// repeated words dropped.
fn cap_words(words: Vec<Term>) -> Vec<Term> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for w in words {
        let chars: Vec<char> = w.text.chars().collect();
        for part in chars.chunks(MAX_WORD_CHARS) {
            let text: String = part.iter().collect();
            if seen.insert(text.clone()) {
                out.push(Term {
                    text,
                    known: w.known && part.len() == chars.len(),
                });
            }
        }
    }
    out
}

/// At most [`MAX_WORDS`] of `words`, the most telling, in their order.
fn select(words: Vec<Term>) -> Vec<Term> {
    if words.len() <= MAX_WORDS {
        return words;
    }
    let last = words.len() - 1;
    let mut order: Vec<usize> = (0..words.len()).collect();
    order.sort_by_key(|&i| {
        let w = &words[i];
        (
            // The last word, being typed, is always kept.
            i != last,
            std::cmp::Reverse(w.known),
            std::cmp::Reverse(w.text.chars().count().min(4)),
            i,
        )
    });
    order.truncate(MAX_WORDS);
    order.sort_unstable();
    let mut words: Vec<Option<Term>> = words.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| words[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(s: &str, dict: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        cut_han(s, &|w| dict.contains(&w), &mut out);
        out.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn chinese_is_cut_with_the_dictionary_and_filler_dropped() {
        let dict = ["医保卡", "换卡", "激活"];
        assert_eq!(
            cut("医保卡换卡后需要重新激活吗", &dict),
            ["医保卡", "换卡", "重新", "激活"]
        );
        assert_eq!(cut("卡丢了怎么办", &dict), ["卡丢"]);
        assert_eq!(cut("我的", &dict), Vec::<String>::new());
    }

    #[test]
    fn scripts_are_split_but_mixed_words_stay() {
        assert_eq!(split_scripts("医保buban"), ["医保buban"]);
        assert_eq!(split_scripts("12333热线"), ["12333", "热线"]);
    }

    #[test]
    fn at_most_max_words_of_at_most_max_word_chars() {
        let index = Index::default();
        let long: String = "医保卡丢了".repeat(2000);
        let t = terms(&index, &long);
        assert!(t.len() <= MAX_WORDS);
        assert!(t.iter().all(|w| w.text.chars().count() <= MAX_WORD_CHARS));
        let words: String = (0..3000).map(|i| format!("w{i} ")).collect();
        let t = terms(&index, &words);
        assert_eq!(t.len(), MAX_WORDS);
        assert_eq!(terms(&index, "how do i").len(), 3, "filler only: as typed");
        assert_eq!(
            terms(&index, "my card was stolen what do I do")
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>(),
            ["card", "stolen"]
        );
    }
}
