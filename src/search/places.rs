//! Finding a place (a province or a city of `flows/regions/places.ron`) for
//! the 参保地 picker, from Chinese (`南京`, `南京市`, `恩施州`), full pinyin
//! (`nanjing`, `nanj`, `Nan Jing`), initials (`nj`), a mix of syllables and
//! initials (`njing`) or the English name (`Harbin`).
//!
//! [`PlaceIndex::new`] works out every place's keys once: its folded
//! Chinese name, its readings (the automatic pinyin of the Chinese name, or
//! the `pinyin` override of places.ron where that is wrong, with ü also as
//! `v` and `u`, and 尔 after the first syllable also as a bare `r` as in
//! Harbin, so `hrb` finds 哈尔滨), their syllables and initials, and the
//! folded English name. [`PlaceIndex::find`] then reads at most
//! [`MAX_QUERY_CHARS`] characters of the query, folds them (case, full
//! width, tone marks; spaces, apostrophes and other punctuation dropped)
//! and scans the few hundred places once, with no allocation per place: it
//! runs on every keystroke.
//!
//! Ranking: each place takes its best [`Tier`]: an exact name or reading
//! (also the Chinese name followed by 市, 省, 州, 地区, 盟 or the full
//! 自治州 / 自治区 / 特别行政区 name) beats a prefix of one, which beats
//! the exact initials, which beat a run of syllable prefixes from the first
//! syllable (`njing`, `hrb`), which beat a match inside the name (`京`,
//! `jing` at a syllable start), which beats a Chinese query that only
//! sounds like the name (`泉洲` → 泉州, or traditional characters). Within
//! a tier provinces come first, then the file's order (official order,
//! each province's capital first), so `nj` gives 南京 before 内江. A
//! province matched exactly is followed by its cities, after the other
//! exact matches: `江苏` lists 江苏, then 南京, 无锡, …. When something
//! matches exactly, only prefix and same-sound matches follow (`hunan`
//! lists 湖南 and its cities, not 淮南 by hu-nan; `xian` still lists 咸阳
//! after 西安, `福州` 抚州 after 福州). An empty (or
//! all-blank) query lists the provinces; a query that folds to nothing
//! else (emoji, punctuation, control characters) finds nothing.

use std::cmp::Reverse;
use std::sync::OnceLock;

use pinyin::ToPinyin;

use super::text::{fold_char, has_han, is_han, pinyin_default};
use crate::flow::places::{Place, Places};

/// How many characters of a query are read; the rest is ignored. Longer
/// than any place's name written out in full, or its pinyin.
pub const MAX_QUERY_CHARS: usize = 64;

/// How well a query matches a place, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// A Chinese query whose pinyin is a reading (or its start).
    SoundsLike,
    /// Inside the Chinese or English name, or a run of syllable prefixes
    /// from a syllable after the first (`jing` in nanjing).
    Substring,
    /// A run of syllable prefixes from the first syllable (`njing`, `hrb`).
    Syllables,
    /// The initials of a reading (`nj`).
    Initials,
    /// The start of a name or reading.
    Prefix,
    /// A name or reading, whole.
    Exact,
}

/// One place's search keys.
#[derive(Debug)]
struct Entry<'a> {
    place: Place<'a>,
    /// Folded Chinese name.
    zh: String,
    /// Folded English name without spaces or apostrophes.
    en: String,
    readings: Vec<Reading>,
    /// A province with cities (北京 has none).
    has_cities: bool,
}

/// One pinyin spelling of a place's name.
#[derive(Debug)]
struct Reading {
    /// `nanjing`.
    full: String,
    /// Where each syllable starts in `full`: `[0, 3]`.
    starts: Vec<usize>,
    /// `nj`.
    initials: String,
}

impl Reading {
    fn from_syllables<'s>(syllables: impl IntoIterator<Item = &'s str>) -> Reading {
        let mut r = Reading {
            full: String::new(),
            starts: Vec::new(),
            initials: String::new(),
        };
        for s in syllables {
            let s = s.trim();
            let Some(first) = s.chars().next() else {
                continue;
            };
            r.starts.push(r.full.len());
            r.full.push_str(s);
            r.initials.push(first);
        }
        r
    }

    fn syllable(&self, i: usize) -> &str {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.full.len());
        &self.full[self.starts[i]..end]
    }

    /// Whether `q` (ASCII, at most [`MAX_QUERY_CHARS`] bytes) is a run of
    /// non-empty prefixes of consecutive syllables, starting with syllable
    /// `from` (`njing`, `nanj`, `nj` from 0 in nanjing; `jing` from 1).
    fn syllables_from(&self, from: usize, q: &[u8]) -> bool {
        debug_assert!(q.len() <= MAX_QUERY_CHARS);
        if q.is_empty() || q.len() > MAX_QUERY_CHARS {
            return false;
        }
        // Bit j: the first j bytes of `q` are matched so far.
        let mut reached: u128 = 1;
        for i in from..self.starts.len() {
            let s = self.syllable(i).as_bytes();
            let mut next: u128 = 0;
            for j in 0..q.len() {
                if reached & (1 << j) == 0 {
                    continue;
                }
                for (k, &b) in s.iter().enumerate() {
                    if j + k >= q.len() || q[j + k] != b {
                        break;
                    }
                    next |= 1 << (j + k + 1);
                }
            }
            if next & (1 << q.len()) != 0 {
                return true;
            }
            if next == 0 {
                return false;
            }
            reached = next;
        }
        false
    }
}

/// Readings of a name: the `pinyin` override if there is one, else the
/// automatic pinyin of each Chinese character (one syllable each; any other
/// letter or digit is a syllable of its own). A reading with ü is also
/// given with `v` (as typed with most input methods) and `u`.
fn readings(zh: &str, pinyin: &[String]) -> Vec<Reading> {
    let mut given: Vec<Reading> = if pinyin.is_empty() {
        let mut syllables: Vec<String> = Vec::new();
        for c in zh.chars().map(fold_char) {
            match c.to_pinyin() {
                Some(p) if is_han(c) => syllables.push(p.plain().to_string()),
                _ if c.is_alphanumeric() => syllables.push(c.to_string()),
                _ => {}
            }
        }
        vec![Reading::from_syllables(
            syllables.iter().map(String::as_str),
        )]
    } else {
        pinyin
            .iter()
            .map(|p| {
                let p: String = p
                    .chars()
                    .map(|c| c.to_lowercase().next().unwrap_or(c))
                    .collect();
                Reading::from_syllables(p.split([' ', '\'']).collect::<Vec<_>>())
            })
            .collect()
    };
    // 尔 after the first syllable also as a bare `r`, the way such names
    // are said and written outside pinyin (Harbin, Qiqihar, Hulunbuir,
    // Bayannur): `hrb` finds 哈尔滨.
    let bare_r: Vec<Reading> = given
        .iter()
        .filter(|r| (1..r.starts.len()).any(|k| r.syllable(k) == "er"))
        .map(|r| {
            Reading::from_syllables((0..r.starts.len()).map(|k| match r.syllable(k) {
                "er" if k > 0 => "r",
                s => s,
            }))
        })
        .collect();
    given.extend(bare_r);
    let mut out = Vec::new();
    for r in given {
        if r.full.contains('ü') {
            for with in ["v", "u"] {
                let syllables: Vec<String> = (0..r.starts.len())
                    .map(|i| r.syllable(i).replace('ü', with))
                    .collect();
                out.push(Reading::from_syllables(
                    syllables.iter().map(String::as_str),
                ));
            }
        } else {
            out.push(r);
        }
    }
    out.retain(|r| !r.full.is_empty());
    out
}

/// Folds `s` for matching: [`fold_char`] on each of its first `max`
/// characters, spaces (and so punctuation and combining marks) dropped,
/// tone marks dropped (`Nán` → `nan`), ü as v.
fn normalize(s: &str, max: usize) -> String {
    s.chars()
        .take(max)
        .map(|c| toneless(fold_char(c)))
        .filter(|&c| c != ' ')
        .collect()
}

/// A lower-case pinyin letter without its tone mark (`á` → `a`), ü (with
/// or without a tone) as `v`; any other character as it is.
fn toneless(c: char) -> char {
    match c {
        'ā' | 'á' | 'ǎ' | 'à' => 'a',
        'ē' | 'é' | 'ě' | 'è' | 'ê' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
        'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'v',
        'ń' | 'ň' | 'ǹ' => 'n',
        'ḿ' => 'm',
        _ => c,
    }
}

/// Whether `tail`, typed after a place's Chinese name, just spells out
/// what kind of place it is (南京**市**, 恩施**州**, 恩施**土家族苗族自治州**,
/// 广西**壮族自治区**, 江苏**省**, 北京**市**).
fn official_tail(tail: &str, city: bool, has_cities: bool) -> bool {
    if city {
        matches!(tail, "市" | "州" | "地区" | "盟") || tail.ends_with("自治州")
    } else {
        tail == "省"
            || tail == "特别行政区"
            || tail.ends_with("自治区")
            || (tail == "市" && !has_cities)
    }
}

impl Entry<'_> {
    fn is_city(&self) -> bool {
        self.place.province.is_some()
    }

    /// The tier of a query without Chinese characters (ASCII: nothing
    /// else can match a reading or an English name).
    fn latin_tier(&self, q: &str) -> Option<Tier> {
        let mut best = None;
        let mut take = |t: Tier| best = best.max(Some(t));
        if self.en == q {
            take(Tier::Exact);
        } else if self.en.starts_with(q) {
            take(Tier::Prefix);
        } else if q.len() >= 3 && self.en.contains(q) {
            take(Tier::Substring);
        }
        for r in &self.readings {
            if r.full == q {
                take(Tier::Exact);
            } else if r.full.starts_with(q) {
                take(Tier::Prefix);
            } else if q.len() >= 2 && r.initials == q {
                take(Tier::Initials);
            } else if r.syllables_from(0, q.as_bytes()) {
                take(Tier::Syllables);
            } else if q.len() >= 2 && (1..r.starts.len()).any(|i| r.syllables_from(i, q.as_bytes()))
            {
                take(Tier::Substring);
            }
        }
        best
    }

    /// The tier of a query with Chinese characters; `pinyin` is the query's
    /// automatic pinyin (for [`Tier::SoundsLike`]), if worth trying.
    fn han_tier(&self, q: &str, pinyin: Option<&str>) -> Option<Tier> {
        if self.zh == q {
            return Some(Tier::Exact);
        }
        if let Some(tail) = q.strip_prefix(self.zh.as_str())
            && official_tail(tail, self.is_city(), self.has_cities)
        {
            return Some(Tier::Exact);
        }
        if self.zh.starts_with(q) {
            return Some(Tier::Prefix);
        }
        if self.zh.contains(q) {
            return Some(Tier::Substring);
        }
        let pinyin = pinyin?;
        self.readings
            .iter()
            .any(|r| r.full.starts_with(pinyin))
            .then_some(Tier::SoundsLike)
    }
}

/// The search keys of every place, worked out once.
#[derive(Debug)]
pub struct PlaceIndex<'a> {
    entries: Vec<Entry<'a>>,
}

impl<'a> PlaceIndex<'a> {
    pub fn new(places: &'a Places) -> PlaceIndex<'a> {
        let entries = places
            .with_pinyin()
            .map(|(place, pinyin)| Entry {
                zh: normalize(&place.name.zh, usize::MAX),
                en: normalize(&place.name.en, usize::MAX),
                readings: readings(&place.name.zh, pinyin),
                has_cities: place.province.is_none()
                    && places
                        .provinces
                        .iter()
                        .any(|p| p.id == place.id && !p.cities.is_empty()),
                place,
            })
            .collect();
        PlaceIndex { entries }
    }

    /// The index of [`Places::shipped`], built once.
    pub fn shipped() -> &'static PlaceIndex<'static> {
        static INDEX: OnceLock<PlaceIndex<'static>> = OnceLock::new();
        INDEX.get_or_init(|| PlaceIndex::new(Places::shipped()))
    }

    /// Every place `q` (normalized, not empty) matches, with how well,
    /// best first (provinces before cities, then the file's order).
    fn tiers(&self, q: &str) -> Vec<(Tier, usize)> {
        let han = has_han(q);
        if !han && !q.is_ascii() {
            // Letters of another script: no name or reading has them.
            return Vec::new();
        }
        let pinyin = (han && q.chars().count() >= 2).then(|| {
            let mut p = String::new();
            pinyin_default(q, &mut p);
            p.replace('ü', "v")
        });
        let mut hits: Vec<(Tier, usize)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let tier = if han {
                e.han_tier(q, pinyin.as_deref())
            } else {
                e.latin_tier(q)
            };
            if let Some(t) = tier {
                hits.push((t, i));
            }
        }
        hits.sort_by_key(|&(t, i)| (Reverse(t), self.entries[i].is_city(), i));
        hits
    }

    /// The places `query` names exactly (南京, 南京市, nanjing, Nanjing):
    /// one for a name that says where, two for a name two places share
    /// (吉林, the province and its city), none otherwise.
    pub fn named(&self, query: &str) -> Vec<Place<'a>> {
        let q = normalize(query, MAX_QUERY_CHARS);
        if q.is_empty() {
            return Vec::new();
        }
        self.tiers(&q)
            .into_iter()
            .take_while(|&(t, _)| t == Tier::Exact)
            .map(|(_, i)| self.entries[i].place)
            .collect()
    }

    /// At most `limit` places for `query`, best first (see the module
    /// docs for the order). Never panics; reads at most
    /// [`MAX_QUERY_CHARS`] characters of `query`.
    pub fn find(&self, query: &str, limit: usize) -> Vec<Place<'a>> {
        if limit == 0 {
            return Vec::new();
        }
        let q = normalize(query, MAX_QUERY_CHARS);
        if q.is_empty() {
            let blank = query.chars().take(MAX_QUERY_CHARS).all(char::is_whitespace);
            return if blank {
                self.entries
                    .iter()
                    .filter(|e| !e.is_city())
                    .take(limit)
                    .map(|e| e.place)
                    .collect()
            } else {
                Vec::new()
            };
        }
        let mut hits = self.tiers(&q);

        // Exact matches, then the cities of a province matched exactly,
        // then the rest. A query that names a place exactly is neither an
        // abbreviation nor a fragment: then no initials, syllable runs or
        // parts of names follow (`hunan` is not 淮南 by hu-nan). Places it
        // begins stay (the person may still be typing: `xian` → 西安, then
        // 咸阳), and so do names that sound the same (an input-method slip:
        // `福州`, then 抚州).
        if hits.first().is_some_and(|&(t, _)| t == Tier::Exact) {
            hits.retain(|&(t, _)| t >= Tier::Prefix || t == Tier::SoundsLike);
        }
        let mut out: Vec<usize> = Vec::new();
        let mut shown = vec![false; self.entries.len()];
        let exact = hits.iter().take_while(|&&(t, _)| t == Tier::Exact).count();
        let mut push = |i: usize, out: &mut Vec<usize>| {
            if !shown[i] {
                shown[i] = true;
                out.push(i);
            }
        };
        for &(_, i) in &hits[..exact] {
            push(i, &mut out);
        }
        for &(_, i) in &hits[..exact] {
            if self.entries[i].is_city() {
                continue;
            }
            let province = self.entries[i].place.id;
            for (j, e) in self.entries.iter().enumerate().skip(i + 1) {
                match e.place.province {
                    Some(p) if p.id == province => push(j, &mut out),
                    _ => break,
                }
            }
        }
        for &(_, i) in &hits[exact..] {
            push(i, &mut out);
        }
        out.into_iter()
            .take(limit)
            .map(|i| self.entries[i].place)
            .collect()
    }
}

/// At most `limit` places for `query`, best first: [`PlaceIndex::find`]
/// over `places` (the shipped list's index is built once; any other list's
/// on each call).
pub fn find_places<'a>(places: &'a Places, query: &str, limit: usize) -> Vec<Place<'a>> {
    if std::ptr::eq(places, Places::shipped()) {
        return PlaceIndex::shipped().find(query, limit);
    }
    PlaceIndex::new(places).find(query, limit)
}

/// What a typed place means (the plain-mode prompt, `--region`): its id
/// (as `banshi regions` lists it), a name that names one place exactly
/// (南京, 南京市, Nanjing), or the only place the search finds (`xm` 厦门).
/// Otherwise `Err` with the places it may mean, at most `limit` (none when
/// nothing matches).
pub fn resolve(query: &str, limit: usize) -> Result<Place<'static>, Vec<Place<'static>>> {
    if let Some(p) = Places::shipped().get(query.trim()) {
        return Ok(p);
    }
    let index = PlaceIndex::shipped();
    let mut found = index.named(query);
    if found.is_empty() {
        found = index.find(query, limit);
    }
    match found.as_slice() {
        [one] => Ok(*one),
        _ => {
            found.truncate(limit);
            Err(found)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_place_resolves_to_one_or_lists_what_it_may_mean() {
        let id = |q: &str| resolve(q, 5).map(|p| p.id);
        for name in [
            "南京",
            "南京市",
            "nanjing",
            "Nanjing",
            " NAN JING ",
            "nanjing",
        ] {
            assert_eq!(id(name), Ok("nanjing"), "{name}");
        }
        assert_eq!(id("江苏省"), Ok("jiangsu"));
        assert_eq!(
            id("suzhou-js"),
            Ok("suzhou-js"),
            "an id as banshi regions lists it"
        );
        assert_eq!(id("xm"), Ok("xiamen"), "the only place found");
        for q in ["", "南", "市", "nj"] {
            assert!(id(q).is_err(), "{q}");
        }
        let nj: Vec<_> = resolve("nj", 5).unwrap_err().iter().map(|p| p.id).collect();
        assert_eq!(nj.first(), Some(&"nanjing"));
        assert!(nj.len() <= 5);
        assert_eq!(resolve("atlantis", 5).unwrap_err(), Vec::new());
    }

    fn ids(query: &str, limit: usize) -> Vec<&'static str> {
        PlaceIndex::shipped()
            .find(query, limit)
            .iter()
            .map(|p| p.id)
            .collect()
    }

    /// The id without a province suffix (`fuzhou-fj` → `fuzhou`).
    fn stem(id: &str) -> &str {
        match id.rsplit_once('-') {
            Some((stem, code)) if code.len() == 2 => stem,
            _ => id,
        }
    }

    /// Places whose English name is an established English one rather
    /// than the pinyin of the Chinese name.
    const ENGLISH_NAMES: &[&str] = &[
        "neimenggu",
        "huhehaote",
        "haerbin",
        "lasa",
        "wulumuqi",
        "xianggang",
        "aomen",
    ];

    #[test]
    fn every_reading_is_the_pinyin_of_the_id_and_the_english_name() {
        let index = PlaceIndex::shipped();
        let mut wrong = Vec::new();
        for e in &index.entries {
            let reading = e.readings.first().map_or("", |r| r.full.as_str());
            if reading != stem(e.place.id) {
                wrong.push(format!(
                    "{} {}: reads {reading}",
                    e.place.id, e.place.name.zh
                ));
            }
            if !ENGLISH_NAMES.contains(&e.place.id) && e.en != reading {
                wrong.push(format!(
                    "{}: en {} vs {reading}",
                    e.place.id, e.place.name.en
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "fix the pinyin in places.ron:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn the_shipped_list_has_every_province_and_prefecture() {
        let places = Places::shipped();
        assert_eq!(places.provinces.len(), 34);
        let cities: usize = places.provinces.iter().map(|p| p.cities.len()).sum();
        assert_eq!(cities, 333);
        let count = |id: &str| {
            places
                .provinces
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.cities.len())
        };
        for (id, n) in [
            ("beijing", 0),
            ("chongqing", 0),
            ("jiangsu", 13),
            ("guangdong", 21),
            ("sichuan", 21),
            ("henan", 17),
            ("xinjiang", 14),
            ("neimenggu", 12),
            ("hainan", 4),
        ] {
            assert_eq!(count(id), Some(n), "{id}");
        }
        // Ids other branches name.
        for id in [
            "nanjing", "wuhan", "quanzhou", "taiyuan", "hangzhou", "changsha", "beijing",
            "shanghai", "hunan", "zhejiang", "jiangsu", "hubei", "fujian", "shanxi",
        ] {
            assert!(places.get(id).is_some(), "{id}");
        }
    }

    #[test]
    fn a_shared_pinyin_gives_both_cities_a_suffix() {
        let index = PlaceIndex::shipped();
        let mut by_reading: std::collections::HashMap<&str, Vec<&Entry>> = Default::default();
        for e in &index.entries {
            by_reading.entry(&e.readings[0].full).or_default().push(e);
        }
        for (reading, es) in by_reading {
            let cities: Vec<&str> = es
                .iter()
                .filter(|e| e.is_city())
                .map(|e| e.place.id)
                .collect();
            if es.len() > 1 {
                assert!(
                    cities.iter().all(|id| *id != reading),
                    "{reading}: {cities:?} should carry a suffix"
                );
            }
        }
        assert_eq!(ids("fuzhou", 2), ["fuzhou-fj", "fuzhou-jx"]);
    }

    #[test]
    fn nanjing_first_however_typed() {
        for q in [
            "nj",
            "nanjing",
            "南京",
            "Nanjing",
            "南京市",
            "NANJING",
            "nan jing",
            "Nán",
            "ｎａｎｊｉｎｇ",
            "nanj",
            "njing",
            "南京 ",
            " 南京市",
            "nán jīng",
            "NA\u{301}NJING",
        ] {
            assert_eq!(ids(q, 5).first(), Some(&"nanjing"), "{q}");
        }
        // 内江 (neijiang) has the same initials: after 南京.
        assert_eq!(ids("nj", 2), ["nanjing", "neijiang"]);
    }

    #[test]
    fn initials_find_every_place_with_them() {
        let zj = ids("zj", 10);
        assert_eq!(zj[0], "zhejiang", "the province first: {zj:?}");
        assert!(
            zj.contains(&"zhenjiang") && zj.contains(&"zhanjiang"),
            "{zj:?}"
        );
        assert_eq!(ids("hn", 3), ["henan", "hunan", "hainan"]);
    }

    #[test]
    fn a_province_comes_first_and_brings_its_cities() {
        let hunan = ids("hunan", 20);
        assert_eq!(hunan[0], "hunan");
        assert_eq!(hunan[1], "changsha", "{hunan:?}");
        assert_eq!(hunan.len(), 15, "湖南 and its 14 cities: {hunan:?}");
        assert_eq!(ids("湖南", 1), ["hunan"]);
        assert_eq!(ids("湖南省", 2), ["hunan", "changsha"]);
        // Other exact matches come before the cities.
        assert_eq!(ids("hainan", 3), ["hainan", "hainan-qh", "haikou"]);
        assert_eq!(ids("吉林", 3), ["jilin", "jilin-jl", "changchun"]);
        assert_eq!(ids("吉林市", 1), ["jilin-jl"]);
        assert_eq!(ids("吉林省", 1), ["jilin"]);
        assert_eq!(ids("shanxi", 2), ["shanxi", "shaanxi"]);
        assert_eq!(ids("shaanxi", 1), ["shaanxi"]);
        // A name typed whole is no abbreviation: 淮北 (hu-bei) does not
        // follow 湖北; places the name begins do (西安, then 咸阳).
        assert!(!ids("hubei", 50).contains(&"huaibei"));
        assert!(ids("huaibei", 1) == ["huaibei"] && ids("hb", 50).contains(&"huaibei"));
        let xian = ids("xian", 10);
        assert_eq!(xian[0], "xian");
        assert!(xian.contains(&"xianyang"), "{xian:?}");
    }

    #[test]
    fn official_names_find_the_place() {
        for (q, id) in [
            ("恩施州", "enshi"),
            ("恩施土家族苗族自治州", "enshi"),
            ("延边朝鲜族自治州", "yanbian"),
            ("广西壮族自治区", "guangxi"),
            ("新疆维吾尔自治区", "xinjiang"),
            ("北京市", "beijing"),
            ("香港特别行政区", "xianggang"),
            ("阿里地区", "ali"),
            ("兴安盟", "xinganmeng"),
            ("海南州", "hainan-qh"),
            ("Hong Kong", "xianggang"),
            ("harbin", "haerbin"),
            ("haerbin", "haerbin"),
            ("hrb", "haerbin"),
            ("qqhr", "qiqihaer"),
            ("hlbr", "hulunbeier"),
            ("Xi'an", "xian"),
            ("西安市", "xian"),
        ] {
            assert_eq!(ids(q, 1), [id], "{q}");
        }
    }

    #[test]
    fn polyphones_read_as_people_say_them() {
        for (q, id) in [
            ("chongqing", "chongqing"),
            ("changsha", "changsha"),
            ("xiamen", "xiamen"),
            ("bengbu", "bengbu"),
            ("luan", "luan"),
            ("lu'an", "luan"),
            ("liuan", "luan"),
            ("lvliang", "lvliang"),
            ("lüliang", "lvliang"),
            ("luliang", "lvliang"),
            ("leshan", "leshan"),
            ("cq", "chongqing"),
            ("xm", "xiamen"),
        ] {
            assert_eq!(ids(q, 1), [id], "{q}");
        }
    }

    #[test]
    fn chinese_parts_and_look_alikes() {
        let jing = ids("京", 10);
        assert_eq!(jing[0], "beijing", "prefix first: {jing:?}");
        assert!(jing.contains(&"nanjing"), "{jing:?}");
        assert!(ids("jing", 50).contains(&"nanjing"));
        // Wrong character, right sound; traditional characters.
        assert_eq!(ids("泉洲", 1), ["quanzhou"]);
        assert_eq!(ids("廣州", 1), ["guangzhou"]);
        assert_eq!(ids("福州", 2), ["fuzhou-fj", "fuzhou-jx"]);
    }

    #[test]
    fn empty_lists_the_provinces_and_noise_finds_nothing() {
        let all = ids("", 100);
        assert_eq!(all.len(), 34);
        assert_eq!(all[0], "beijing");
        assert_eq!(ids("   ", 3), ["beijing", "tianjin", "hebei"]);
        assert!(ids("😀", 10).is_empty());
        assert!(ids("!!!", 10).is_empty());
        assert!(ids("\u{0}\u{7}\n", 10).is_empty());
        assert!(ids("xyzzy", 10).is_empty());
        assert!(ids("Москва", 10).is_empty());
        assert!(ids("nanjing", 0).is_empty());
    }

    #[test]
    fn hostile_queries_are_cut_and_never_panic() {
        let long = "南".repeat(10_000);
        assert!(ids(&long, 5).is_empty());
        assert_eq!(
            ids(&format!("nanjing{}", " ".repeat(10_000)), 1),
            ["nanjing"]
        );
        // Cut at MAX_QUERY_CHARS: what follows is never read.
        assert_eq!(
            ids(&format!("{}nanjing", " ".repeat(MAX_QUERY_CHARS)), 5),
            ids("", 5)
        );
        let mut rng = 0x2545_f491_4f6c_dd1d_u64;
        let alphabet: Vec<char> = "nanjingzhuü南京市省州自治区 '\u{0}\u{1b}😀ｎＡ\u{301}\u{200d}-"
            .chars()
            .collect();
        for _ in 0..2_000 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let len = (rng % 80) as usize;
            let q: String = (0..len)
                .map(|k| alphabet[((rng >> (k % 50)) as usize + k) % alphabet.len()])
                .collect();
            let found = PlaceIndex::shipped().find(&q, 10);
            assert!(found.len() <= 10, "{q:?}");
        }
        for q in [
            "a".repeat(64),
            "a".repeat(65),
            "zh".repeat(40),
            "ü".repeat(100),
        ] {
            let _ = ids(&q, 10);
        }
    }

    #[test]
    fn another_list_is_searched_too() {
        let places = Places::parse(
            r#"[(id: "chongqing", name: (zh: "重庆", en: "Chongqing"), pinyin: ["chong qing"])]"#,
        )
        .unwrap();
        let found = find_places(&places, "cq", 5);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "chongqing");
        assert_eq!(find_places(Places::shipped(), "nj", 1)[0].id, "nanjing");
    }
}
