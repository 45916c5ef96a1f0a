//! Text forms used by the index: folding (case, full-width, punctuation) and
//! pinyin keys (full pinyin and initials) for Chinese text.
//!
//! Folding maps every character to exactly one character, so a character
//! position in folded text is the same position in the original text (the
//! highlight positions of a [`super::Hit`] rely on this).

use pinyin::{ToPinyin, ToPinyinMulti};

/// How many pinyin spellings one piece of text may get when some of its
/// characters have several readings (卡 ka/qia, 行 xing/hang). The automatic
/// (most common) reading always comes first; each further spelling swaps one
/// character to another reading. `Flow::pinyin` covers anything beyond.
pub const MAX_READINGS: usize = 4;

/// Folds one character: full-width ASCII to half-width, upper to lower case,
/// anything that is neither a letter nor a digit (punctuation, symbols,
/// control characters, the ideographic space) to a plain space.
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return FOLD_ASCII[c as usize] as char;
    }
    if CJK.contains(&c) {
        // Letters without case (checked by a test): the common case of
        // Chinese text, without looking anything up.
        return c;
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        return fold_char(c);
    }
    if !c.is_alphanumeric() {
        return ' ';
    }
    if c.is_uppercase() {
        // One character out for one character in (keeps positions aligned).
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// The CJK Unified Ideographs block.
const CJK: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

/// [`fold_char`] of every ASCII character.
const FOLD_ASCII: [u8; 128] = {
    let mut table = [b' '; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// `s` folded, appended to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        // Byte by byte: every folded byte is ASCII.
        let mut bytes = std::mem::take(out).into_bytes();
        bytes.extend(s.bytes().map(|b| FOLD_ASCII[b as usize]));
        *out = String::from_utf8(bytes).expect("folded ASCII is UTF-8");
    } else {
        // Runs of characters that fold to themselves (Chinese text) are
        // copied whole.
        out.reserve(s.len());
        let mut kept = 0;
        for (at, c) in s.char_indices() {
            let f = fold_char(c);
            if f != c {
                out.push_str(&s[kept..at]);
                out.push(f);
                kept = at + c.len_utf8();
            }
        }
        out.push_str(&s[kept..]);
    }
}

pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Whether `c` has a pinyin reading (a Chinese character).
#[inline]
pub fn is_han(c: char) -> bool {
    !c.is_ascii() && c.to_pinyin().is_some()
}

pub fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

/// The pinyin keys of already folded text: `(full, initials)` spellings,
/// the automatic reading first, at most [`MAX_READINGS`] of each, no
/// duplicates. Spaces are dropped (`医保 卡` → `yibaoka`); letters and digits
/// that are not Chinese stay as they are (`12333热线` → `12333rexian`).
/// Calls `emit(full, initials)` once per spelling.
pub fn pinyin_keys(folded: &str, emit: impl FnMut(&str, &str)) {
    Spellings::default().keys(folded, emit);
}

/// Buffers for [`pinyin_keys`], kept to spell many texts without
/// allocating for each.
#[derive(Debug, Default)]
pub struct Spellings {
    full: String,
    initials: String,
    /// Other readings: where the character's automatic reading is in
    /// `full` (start, length), where its initial is in `initials`, and the
    /// reading.
    alternatives: Vec<(usize, usize, usize, &'static str)>,
    /// The spellings given so far, one after another, and where each ends.
    seen_full: (String, Vec<usize>),
    seen_initials: (String, Vec<usize>),
    /// The spelling being made.
    f: String,
    i: String,
}

/// Whether `s` is one of the strings in `seen`, and if not, adds it.
fn first_time(seen: &mut (String, Vec<usize>), s: &str) -> bool {
    let (text, ends) = seen;
    let mut start = 0;
    for &end in ends.iter() {
        if &text[start..end] == s {
            return false;
        }
        start = end;
    }
    text.push_str(s);
    ends.push(text.len());
    true
}

impl Spellings {
    /// [`pinyin_keys`], with these buffers.
    pub fn keys(&mut self, folded: &str, mut emit: impl FnMut(&str, &str)) {
        let Spellings {
            full,
            initials,
            alternatives,
            seen_full,
            seen_initials,
            f,
            i,
        } = self;
        full.clear();
        initials.clear();
        alternatives.clear();
        for c in folded.chars() {
            if c == ' ' {
                continue;
            }
            match c.to_pinyin_multi() {
                Some(multi) if !c.is_ascii() => {
                    let first = multi.get(0).plain();
                    let at = (full.len(), first.len(), initials.len());
                    full.push_str(first);
                    initials.push_str(&first[..1]);
                    if alternatives.len() < MAX_READINGS - 1 && multi.count() > 1 {
                        for p in multi.into_iter().skip(1) {
                            let plain = p.plain();
                            if plain != first
                                && !alternatives
                                    .iter()
                                    .any(|&(a, _, _, alt)| a == at.0 && alt == plain)
                                && alternatives.len() < MAX_READINGS - 1
                            {
                                alternatives.push((at.0, at.1, at.2, plain));
                            }
                        }
                    }
                }
                _ => {
                    full.push(c);
                    initials.push(c);
                }
            }
        }
        emit(full, initials);
        if alternatives.is_empty() {
            return;
        }
        // Each further spelling swaps one character to another reading; a
        // spelling already given is given as "".
        for seen in [&mut *seen_full, &mut *seen_initials] {
            seen.0.clear();
            seen.1.clear();
        }
        first_time(seen_full, full);
        first_time(seen_initials, initials);
        for &(at, len, ini_at, alt) in alternatives.iter() {
            f.clear();
            f.push_str(&full[..at]);
            f.push_str(alt);
            f.push_str(&full[at + len..]);
            i.clear();
            i.push_str(&initials[..ini_at]);
            i.push_str(&alt[..1]);
            i.push_str(&initials[ini_at + 1..]);
            let new_full = first_time(seen_full, f);
            let new_initials = first_time(seen_initials, i);
            if new_full || new_initials {
                emit(
                    if new_full { f } else { "" },
                    if new_initials { i } else { "" },
                );
            }
        }
    }
}

/// The automatic full-pinyin reading of folded text, spaces dropped: how a
/// Chinese query word is matched against pinyin keys (`医保` → `yibao`).
pub fn pinyin_default(folded: &str, out: &mut String) {
    for c in folded.chars() {
        if c == ' ' {
            continue;
        }
        match c.to_pinyin() {
            Some(p) if !c.is_ascii() => out.push_str(p.plain()),
            _ => out.push(c),
        }
    }
}

/// For highlighting: which character of `folded` produced each byte of its
/// automatic full pinyin (`full`) and of its initials (`initials`).
pub fn pinyin_origins(folded: &str) -> (String, Vec<usize>, String, Vec<usize>) {
    let (mut full, mut full_from, mut ini, mut ini_from) =
        (String::new(), Vec::new(), String::new(), Vec::new());
    for (i, c) in folded.chars().enumerate() {
        if c == ' ' {
            continue;
        }
        match c.to_pinyin() {
            Some(p) if !c.is_ascii() => {
                full.push_str(p.plain());
                full_from.extend(std::iter::repeat_n(i, p.plain().len()));
                ini.push_str(p.first_letter());
                ini_from.push(i);
            }
            _ => {
                full.push(c);
                full_from.push(i);
                ini.push(c);
                ini_from.push(i);
            }
        }
    }
    (full, full_from, ini, ini_from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> (Vec<String>, Vec<String>) {
        let (mut f, mut i) = (Vec::new(), Vec::new());
        pinyin_keys(&fold(s), |a, b| {
            if !a.is_empty() {
                f.push(a.to_string());
            }
            if !b.is_empty() {
                i.push(b.to_string());
            }
        });
        (f, i)
    }

    #[test]
    fn folding_is_one_to_one_and_ignores_case_width_and_punctuation() {
        assert_eq!(fold("ＹＩＢＡＯ　卡！"), "yibao 卡 ");
        assert_eq!(fold("Lost-Card?"), "lost card ");
        assert_eq!(fold("医保卡/社保卡"), "医保卡 社保卡");
        for s in ["ＡＢＣ医保", "İstanbul", "«x»"] {
            assert_eq!(fold(s).chars().count(), s.chars().count());
        }
    }

    #[test]
    fn ascii_text_folds_as_each_character_does() {
        let all: String = (0u8..128).map(char::from).collect();
        let each: String = all.chars().map(fold_char).collect();
        assert_eq!(fold(&all), each);
        assert_eq!(fold("Lost-Card?"), "lost card ");
    }

    #[test]
    fn cjk_ideographs_fold_to_themselves_as_letters_without_case() {
        for c in CJK {
            assert!(c.is_alphanumeric() && !c.is_uppercase(), "{c:?}");
            assert!(!(0xFF01..=0xFF5E).contains(&(c as u32)));
            assert_eq!(fold_char(c), c);
        }
        assert_eq!(fold("ＡＢ医保卡！x"), "ab医保卡 x");
        let mut out = String::from("已有 ");
        fold_into("Ab-1", &mut out);
        assert_eq!(out, "已有 ab 1");
        fold_into("，医保Ｃａｒｄ！ÀB卡", &mut out);
        assert_eq!(out, "已有 ab 1 医保card àb卡");
    }

    #[test]
    fn any_text_folds_as_each_character_does() {
        let alphabet: Vec<char> = "aZ9 -！Ａｚ０　医保卡ÀİßΣ€😀\t\u{3000},".chars().collect();
        let mut seed = 5u64;
        for _ in 0..3000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = seed as usize % 12;
            let s: String = (0..n)
                .map(|i| alphabet[(seed >> (i * 5)) as usize % alphabet.len()])
                .collect();
            let each: String = s.chars().map(fold_char).collect();
            assert_eq!(fold(&s), each, "{s:?}");
        }
    }

    #[test]
    fn full_pinyin_and_initials_of_chinese_text() {
        let (full, ini) = keys("医保卡补办");
        assert_eq!(full[0], "yibaokabuban");
        assert_eq!(ini[0], "ybkbb");
        // 卡 also reads qia: a capped second spelling.
        assert!(full.contains(&"yibaoqiabuban".to_string()), "{full:?}");
        assert!(full.len() <= MAX_READINGS && ini.len() <= MAX_READINGS);
    }

    #[test]
    fn spellings_kept_for_many_texts_spell_each_as_new_ones() {
        let texts = [
            "医保卡补办",
            "银行行长",
            "12333 热线",
            "卡",
            "重庆长沙",
            "医保卡补办",
        ];
        let mut kept = Spellings::default();
        for t in texts {
            let (mut again, mut fresh) = (Vec::new(), Vec::new());
            kept.keys(&fold(t), |a, b| again.push((a.to_string(), b.to_string())));
            Spellings::default().keys(&fold(t), |a, b| fresh.push((a.to_string(), b.to_string())));
            assert_eq!(again, fresh, "{t}");
            assert!(!fresh.is_empty());
        }
    }

    #[test]
    fn non_chinese_characters_are_kept_in_pinyin_keys() {
        let (full, ini) = keys("12333 热线");
        assert_eq!(full[0], "12333rexian");
        assert_eq!(ini[0], "12333rx");
    }

    #[test]
    fn the_automatic_reading_of_a_query() {
        let mut s = String::new();
        pinyin_default(&fold("医保 buban"), &mut s);
        assert_eq!(s, "yibaobuban");
    }
}
