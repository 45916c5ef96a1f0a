use super::*;
use crate::flow::{Category, Choice, Step, StepKind, Text};

pub(super) fn flow(id: &str, zh: &str, en: &str, aliases: &[&str], keywords: &[&str]) -> Flow {
    Flow {
        id: id.into(),
        title: Text::new(zh, en),
        summary: Text::new("", ""),
        category: Category::Card,
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        keywords: keywords.iter().map(|s| s.to_string()).collect(),
        pinyin: Vec::new(),
        sources: vec!["x".into()],
        reviewed: "2026-01-01".into(),
        region_note: Text::new("", ""),
        start: None,
        steps: vec![Step {
            id: "a".into(),
            title: Text::new("第一步", "First step"),
            when: None,
            body: Vec::new(),
            tips: Vec::new(),
            warnings: Vec::new(),
            deadlines: Vec::new(),
            kind: StepKind::Info,
            bind: None,
            local: Vec::new(),
            next: None,
            facts: Vec::new(),
            place: None,
            office: None,
            action: None,
        }],
        related: Vec::new(),
        hotlines: Vec::new(),
        links: Default::default(),
    }
}

fn sample() -> Vec<Flow> {
    let mut v = vec![
        flow(
            "card-lost-replace",
            "医保卡补办",
            "Replace a lost card",
            &["卡丢了", "lost card"],
            &["挂失", "补卡"],
        ),
        flow(
            "card-activate",
            "医保卡激活",
            "Activate your card",
            &["新卡怎么激活"],
            &["激活", "activate"],
        ),
        flow(
            "remote-filing",
            "异地就医备案",
            "File for medical care in another city",
            &["去外地看病"],
            &["备案", "another city"],
        ),
        flow(
            "bank-branch",
            "银行网点",
            "Bank branch",
            &["银行"],
            &["行长"],
        ),
    ];
    // A flow that mentions 补办 only deep in a step.
    let mut deep = flow("z-deep", "其他事项", "Other matters", &[], &[]);
    deep.steps[0].kind = StepKind::Question {
        options: vec![Choice {
            id: "x".into(),
            label: Text::new("医保卡补办以后", "After replacing"),
            hint: None,
            profile: Vec::new(),
            next: None,
        }],
    };
    v.push(deep);
    v
}

/// The shipped flows and [`sample`]: real wording, plus the sample's
/// aliases and deep step text.
fn shipped_and_sample() -> Vec<Flow> {
    use crate::date::Date;
    use crate::flow::{Catalog, shipped_sources};
    let catalog = Catalog::from_sources(&shipped_sources(), Date::today());
    let mut flows: Vec<Flow> = catalog.flows().map(|f| (*f).clone()).collect();
    flows.extend(sample());
    flows
}

fn ids(index: &Index, q: &str) -> Vec<String> {
    index.search(q, 10).into_iter().map(|h| h.id).collect()
}

#[test]
fn pinyin_initials_and_chinese_all_find_the_same_topic() {
    let flows = sample();
    let index = Index::build(&flows);
    for q in [
        "yibaoka buban",
        "buban",
        "ybk bb",
        "ybkbb",
        "医保卡补办",
        "补办",
        "医保 buban",
        "YIBAOKA BuBan",
        "ｂｕｂａｎ",
    ] {
        assert_eq!(
            ids(&index, q).first().map(String::as_str),
            Some("card-lost-replace"),
            "query {q:?}"
        );
    }
}

#[test]
fn a_title_beats_step_text_and_a_stray_word_does_not_empty_the_list() {
    let flows = sample();
    let index = Index::build(&flows);
    let found = ids(&index, "补办");
    assert_eq!(found, ["card-lost-replace", "z-deep"]);
    assert_eq!(ids(&index, "补办 qqqq"), found);
    assert_eq!(ids(&index, "补办 another")[0], "remote-filing");
    assert_eq!(ids(&index, "another care"), ["remote-filing"]);
    assert_eq!(ids(&index, "care another"), ["remote-filing"]);
}

#[test]
fn words_in_any_order_and_mixed_scripts() {
    let flows = sample();
    let index = Index::build(&flows);
    assert_eq!(ids(&index, "buban 医保")[0], "card-lost-replace");
    assert_eq!(ids(&index, "医保buban")[0], "card-lost-replace");
    assert_eq!(ids(&index, "lost 卡")[0], "card-lost-replace");
}

#[test]
fn heteronyms_match_either_reading() {
    let flows = sample();
    let index = Index::build(&flows);
    // 行 reads hang in 银行 (the automatic reading) and xing/hang elsewhere.
    assert_eq!(ids(&index, "yinhang")[0], "bank-branch");
    // 卡: ka (automatic) and qia.
    assert!(ids(&index, "yibaoqia")[0].starts_with("card"));
}

#[test]
fn exact_alias_beats_fuzzy_and_shorter_titles_win_ties() {
    let mut flows = sample();
    flows.push(flow(
        "long-title",
        "医保卡补办以及其他很多事项的说明",
        "Replace a lost card and many other things",
        &[],
        &[],
    ));
    let index = Index::build(&flows);
    assert_eq!(ids(&index, "卡丢了")[0], "card-lost-replace");
    let found = ids(&index, "医保卡补办");
    assert_eq!(&found[..2], ["card-lost-replace", "long-title"]);
}

#[test]
fn results_are_stable_and_limited() {
    let flows = sample();
    let index = Index::build(&flows);
    let a = index.search("k", 3);
    assert_eq!(a.len(), 3);
    for _ in 0..5 {
        assert_eq!(index.search("k", 3), a);
    }
    // Equal scores are ordered by title length, then id.
    let mut twins = vec![
        flow("b-twin", "甲乙", "Twin", &[], &[]),
        flow("a-twin", "甲乙", "Twin", &[], &[]),
    ];
    twins.extend(sample());
    let index = Index::build(&twins);
    assert_eq!(ids(&index, "甲乙")[..2], ["a-twin", "b-twin"]);
}

#[test]
fn no_hit_and_empty_query() {
    let flows = sample();
    let index = Index::build(&flows);
    assert!(index.search("xyzzyq", 10).is_empty());
    assert!(index.search("   ", 10).is_empty());
    assert!(index.search("？！", 10).is_empty());
}

#[test]
fn a_one_letter_typo_in_a_long_word_still_finds_it() {
    let flows = sample();
    let index = Index::build(&flows);
    // "activte" (dropped letter) is a fuzzy subsequence; "actovate" needs the fallback.
    assert_eq!(ids(&index, "activte")[0], "card-activate");
    assert_eq!(ids(&index, "actovate")[0], "card-activate");
}

#[test]
fn highlight_positions_are_characters_of_each_title() {
    let flows = sample();
    let index = Index::build(&flows);
    let hit = &index.search("补办", 1)[0];
    assert_eq!(hit.zh_positions, [3, 4]);
    let hit = &index.search("buban", 1)[0];
    assert_eq!(hit.zh_positions, [3, 4]);
    let hit = &index.search("lost", 1)[0];
    assert_eq!(hit.positions(Lang::En), [10, 11, 12, 13]);
}

#[test]
fn typing_letter_by_letter_gives_the_same_results_as_a_fresh_search() {
    let flows = sample();
    let index = Index::build(&flows);
    for q in [
        "yibaoka buban",
        "医保卡补办",
        "lost card",
        "actovate",
        "another city",
    ] {
        let mut s = Searcher::new(&index);
        let chars: Vec<char> = q.chars().collect();
        for n in 1..=chars.len() {
            let prefix: String = chars[..n].iter().collect();
            assert_eq!(
                s.search(&prefix, 10),
                index.search(&prefix, 10),
                "at {prefix:?}"
            );
        }
        // Deleting (a query that does not extend the last) starts afresh.
        assert_eq!(s.search("yi", 10), index.search("yi", 10));
    }
}

/// The bounded top-k scan skips topics that cannot be shown: asking for the
/// best `k` must give exactly the first `k` of the full ranking (a limit as
/// large as the index scores every topic), typed at once or letter by letter.
#[test]
fn the_best_k_are_the_first_k_of_the_full_ranking() {
    let index = Index::build(&shipped_and_sample());
    let all = index.len();
    for q in [
        "y",
        "yi",
        "医保",
        "医保卡",
        "ka",
        "card",
        "激活",
        "yibaoka buban",
        "ybk",
        "lost card",
        "activte",
        "异地 beian",
        "shebaoka",
        "补",
    ] {
        let full = index.search(q, all);
        for k in 1..=5 {
            let want: Vec<Hit> = full.iter().take(k).cloned().collect();
            assert_eq!(index.search(q, k), want, "{q:?}, best {k}");
            let mut s = Searcher::new(&index);
            let chars: Vec<char> = q.chars().collect();
            for n in 1..chars.len() {
                s.search(&chars[..n].iter().collect::<String>(), k);
            }
            assert_eq!(s.search(q, k), want, "{q:?} typed, best {k}");
        }
    }
}

#[test]
fn weak_tails_are_not_shown() {
    let catalog = crate::flow::Catalog::load(None, crate::date::Date::parse("2026-11-23").unwrap());
    let index = Index::build(catalog.flows());
    for q in ["buban", "ybk", "yidi", "jihuo", "lost card", "医保"] {
        let hits = index.search(q, 20);
        let best = hits.first().expect("a hit").score;
        for h in &hits {
            assert!(
                h.score * TAIL_RATIO >= best,
                "{q}: {} at {} vs best {best}",
                h.id,
                h.score
            );
        }
    }
    // Only the two replacement procedures answer "buban"; scattered pinyin
    // letters in other flows' aliases no longer trail behind them.
    assert_eq!(
        ids(&index, "buban"),
        ["card-reissue-online", "card-lost-replace"]
    );
}

/// The index does not depend on how many threads built it, and a text or
/// group used by flows on different threads is still made once.
#[test]
fn a_build_on_several_threads_equals_a_build_on_one() {
    use crate::date::Date;
    use crate::flow::{Catalog, shipped_sources};
    let catalog = Catalog::from_sources(&shipped_sources(), Date::parse("2026-11-23").unwrap());
    let mut originals: Vec<Flow> = catalog.flows().map(|f| (*f).clone()).collect();
    originals.extend(sample());
    // Copies under later ids: the same texts again, on other threads.
    let mut flows = originals.clone();
    flows.extend(originals.iter().map(|f| Flow {
        id: format!("zz-{}", f.id),
        ..f.clone()
    }));
    let one = Index::build_on(flows.iter().collect(), 1);
    let alone = Index::build_on(originals.iter().collect(), 1);
    assert_eq!(one.pieces.len(), alone.pieces.len());
    assert_eq!(one.groups.len(), alone.groups.len());
    for threads in [2, 3, 7] {
        let many = Index::build_on(flows.iter().collect(), threads);
        assert_eq!(format!("{many:?}"), format!("{one:?}"), "{threads} threads");
        let n = originals.len();
        for (t, copy) in many.topics[..n].iter().zip(&many.topics[n..]) {
            assert_eq!(t.groups, copy.groups);
        }
        for q in ["yibaoka", "卡丢了", "ybk", "lost card", "buban"] {
            assert_eq!(many.search(q, 50), one.search(q, 50), "{q}");
        }
    }
    assert!(!one.search("ybk", 5).is_empty());
}

/// The fast summary of ASCII lines equals the general one, in every detail.
#[test]
fn ascii_lines_are_summarised_as_any_line() {
    use build::LineSum;
    let alphabet = b"ab z09 -";
    let mut seed = 7u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut lines: Vec<String> = ["a", "ab", "abc", " a", "a ", "a  b", "yibaoka", "lost card"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for _ in 0..2000 {
        let n = 1 + next() as usize % 12;
        lines.push(
            (0..n)
                .map(|_| alphabet[next() as usize % alphabet.len()] as char)
                .collect(),
        );
    }
    for line in &lines {
        let (mut known, mut t1, mut t2) = (
            Box::new([0u64; KNOWN_WORDS]),
            Box::new([0u64; TRIPLE_WORDS]),
            Box::new([0u64; TRIPLE_WORDS]),
        );
        let general = LineSum::of(line.chars(), &mut known, &mut t1);
        let fast = LineSum::of_ascii(line.as_bytes(), &mut t2);
        assert_eq!(fast, general, "{line:?}");
        assert!(t1 == t2, "{line:?}: runs of three");
    }
}

/// The tables behind the classes and pairs of ASCII lines agree with
/// [`char_bit`] and [`pair_bit`] for every pair of ASCII characters.
#[test]
fn ascii_classes_and_pairs_by_table() {
    use build::ascii_classes_and_pairs;
    for a in 0u8..128 {
        assert_eq!(ascii_classes_and_pairs(&[a]), (char_bit(a as char), 0));
        for b in 0u8..128 {
            let (a, b) = (a as char, b as char);
            assert_eq!(
                ascii_classes_and_pairs(&[a as u8, b as u8]),
                (char_bit(a) | char_bit(b), pair_bit(a, b)),
                "{a:?} {b:?}"
            );
        }
    }
}

/// Spaces are found eight bytes at a time exactly where they are, next to
/// any other byte.
#[test]
fn spaces_found_in_any_line() {
    let mut lines: Vec<Vec<u8>> = vec![b"".to_vec(), b" ".to_vec(), b"a b  c ".to_vec()];
    lines.push((0u8..=255).collect());
    lines.push(
        (0u8..=255)
            .rev()
            .flat_map(|b| [b, b' ', b' ' ^ 0x80])
            .collect(),
    );
    for n in 0..40 {
        lines.push(
            (0..n)
                .map(|i| if i % 3 == n % 3 { b' ' } else { b'!' + i as u8 })
                .collect(),
        );
    }
    for line in &lines {
        let mut found = Vec::new();
        build::for_each_space(line, |i| found.push(i));
        let spaces: Vec<usize> = (0..line.len()).filter(|&i| line[i] == b' ').collect();
        assert_eq!(found, spaces, "{line:?}");
    }
}

/// A pinyin spelling summarised from its piece's first spelling (its
/// base) equals the same line summarised from scratch, in every detail,
/// and marks the same runs of three: for the spellings of texts with
/// characters of several readings, and for lines edited at random.
#[test]
fn spellings_summarised_from_their_base_as_from_scratch() {
    use build::{Base, LineSum};
    let check = |base: &str, line: &str| {
        let (mut t1, mut t2) = (
            Box::new([0u64; TRIPLE_WORDS]),
            Box::new([0u64; TRIPLE_WORDS]),
        );
        LineSum::of_ascii(base.as_bytes(), &mut t1);
        LineSum::of_ascii(base.as_bytes(), &mut t2);
        let fresh = LineSum::of_ascii(line.as_bytes(), &mut t1);
        let mut b = Base::default();
        b.set(0, base.len());
        let derived = b.derive(base, line.as_bytes(), &mut t2);
        if let Some((derived, whole)) = derived {
            assert_eq!(derived, fresh, "{base:?} -> {line:?}");
            assert_eq!(whole, whole_bit(line.as_bytes()), "{base:?} -> {line:?}");
            assert!(t1 == t2, "{base:?} -> {line:?}: runs of three");
            true
        } else {
            false
        }
    };
    let texts = [
        "医保卡补办",
        "银行行长",
        "重庆长沙",
        "12333 热线",
        "卡",
        "行",
        "长长长",
        "还钱还行",
        "会计的重量",
        "卡片a行1长",
        "社保卡 长期 银行 还款 重复 行",
    ];
    let mut spellings = text::Spellings::default();
    let mut derived = 0;
    for t in texts {
        let (mut full, mut initials) = (Vec::new(), Vec::new());
        spellings.keys(&fold(t), |f, i| {
            full.push(f.to_string());
            initials.push(i.to_string());
        });
        for lines in [full, initials] {
            let base = &lines[0];
            for line in lines[1..].iter().filter(|l| !l.is_empty()) {
                assert!(check(base, line), "{t}: {base:?} -> {line:?}");
                derived += 1;
            }
        }
    }
    assert!(derived >= 15, "{derived}");
    // Random edits: a run of bytes replaced by another (spaces only in
    // the base, where they are refused).
    let alphabet = b"abz09ky-";
    let mut seed = 11u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..3000 {
        let n = 1 + next() as usize % 20;
        let base: String = (0..n)
            .map(|_| alphabet[next() as usize % alphabet.len()] as char)
            .collect();
        let at = next() as usize % (n + 1);
        let cut = (next() as usize % 4).min(n - at);
        let put: String = (0..next() as usize % 4)
            .map(|_| alphabet[next() as usize % alphabet.len()] as char)
            .collect();
        let line = format!("{}{put}{}", &base[..at], &base[at + cut..]);
        if line.is_empty() {
            continue;
        }
        assert!(check(&base, &line), "{round}: {base:?} -> {line:?}");
        if round % 10 == 0 {
            // A space where the line differs: not derived.
            let spaced = format!("{}{put} {}", &base[..at], &base[at + cut..]);
            assert!(!check(&base, &spaced), "{base:?} -> {spaced:?}");
        }
    }
}

/// Bounds filled for the groups some topics use (pieces shared) agree
/// with bounding each group on its own, for whole words and their halves;
/// groups no topic asked for stay unknown.
#[test]
fn filled_bounds_equal_group_by_group_bounds() {
    let index = Index::build(&shipped_and_sample());
    let n = index.groups.len();
    for q in [
        "y",
        "yi",
        "医保",
        "医保卡补办",
        "ka",
        "card",
        "ybk",
        "activte",
        "医保buban",
        "补",
        "zz",
    ] {
        let mut words = words_of(&fold(q));
        index.mark_known(&mut words);
        let mut all: Vec<&Word> = Vec::new();
        for w in &words {
            all.push(w);
            for (a, b) in &w.halves {
                all.extend([a, b]);
            }
        }
        // A few topics, every third, then all of them.
        let few: Vec<u32> = (0..index.len() as u32).step_by(40).collect();
        let some: Vec<u32> = (0..index.len() as u32).step_by(3).collect();
        let some_groups = index.groups_of(&some);
        let all_groups = index.groups_of(&(0..index.len() as u32).collect::<Vec<_>>());
        for groups in [&index.groups_of(&few), &some_groups, &all_groups] {
            index.fill_bounds(&words, groups);
            for &w in &all {
                let filled = w.memo.bound(n);
                let fresh = Memo::table(n);
                for g in 0..n as u32 {
                    let got = filled[g as usize].load(Relaxed);
                    if groups.binary_search(&g).is_err() {
                        continue;
                    }
                    let want = index.group_bound(&fresh, g, w);
                    assert_eq!(
                        got,
                        want.map_or(1, |m| m as u32 + 2),
                        "{q:?}: {:?} on {g}",
                        w.text
                    );
                }
                assert_eq!(filled[n].load(Relaxed), 1, "no group, no match");
            }
        }
        // Groups no topic of `some` uses were not bounded.
        let w = &words[0];
        let fresh_word = Word::new(&w.text);
        index.fill_bounds(std::slice::from_ref(&fresh_word), &some_groups);
        let table = fresh_word.memo.bound(n);
        for g in 0..n as u32 {
            let known = table[g as usize].load(Relaxed) != 0;
            assert_eq!(
                known,
                some_groups.binary_search(&g).is_ok(),
                "{q:?} group {g}"
            );
        }
    }
}

/// A query that keeps some words of the last one reuses their memos:
/// typing on, going back and retyping gives what a fresh search gives.
#[test]
fn kept_memos_do_not_change_results() {
    let flows = sample();
    let index = Index::build(&flows);
    let mut s = Searcher::new(&index);
    for q in [
        "医保",
        "医保 b",
        "医保 bu",
        "医保 buban",
        "buban",
        "buban 医保",
        "医保卡",
        "医保卡补办",
        "医保 lost",
        "actovat",
        "actovate",
        "actovate card",
        "医",
    ] {
        assert_eq!(s.search(q, 10), index.search(q, 10), "at {q:?}");
    }
}

mod property {
    use proptest::prelude::*;

    use super::*;

    /// Short texts from a few Chinese characters (with pinyin that overlap)
    /// and Latin letters, so random queries often match.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    "医", "保", "卡", "补", "办", "激", "活", "异", "地", "备", "案"
                ]),
                proptest::sample::select(vec![
                    "a", "b", "ka", "bu", "ban", "card", "lost", " ", "yi"
                ]),
            ],
            1..8,
        )
        .prop_map(|parts| parts.concat())
    }

    fn flows() -> impl Strategy<Value = Vec<Flow>> {
        proptest::collection::vec(
            (
                text(),
                text(),
                proptest::collection::vec(text(), 0..3),
                proptest::collection::vec(text(), 0..3),
            ),
            1..6,
        )
        .prop_map(|specs| {
            specs
                .into_iter()
                .enumerate()
                .map(|(i, (zh, en, aliases, keywords))| {
                    let aliases: Vec<&str> = aliases.iter().map(String::as_str).collect();
                    let keywords: Vec<&str> = keywords.iter().map(String::as_str).collect();
                    flow(&format!("t{i}"), &zh, &en, &aliases, &keywords)
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// What the scan skips on its bounds could not have been shown: for
        /// every topic, the bound of a query (all words, or any word) is at
        /// least its exact score, and "cannot match" only where it does not.
        #[test]
        fn bounds_never_fall_below_scores(flows in flows(), query in text(), more in text()) {
            let index = Index::build(&flows);
            let matcher = Matcher::default();
            let q = format!("{query} {more}");
            let mut words = words_of(&fold(&q));
            index.mark_known(&mut words);
            // A blank query is never scored (search returns nothing first).
            prop_assume!(!words.is_empty());
            let all: Vec<u32> = (0..index.len() as u32).collect();
            let groups = index.groups_of(&all);
            index.fill_bounds(&words, &groups);
            let tables: Vec<Tables> = words.iter().map(|w| Tables::of(&index, w)).collect();
            for any in [false, true] {
                for &ti in &all {
                    let t = &index.topics[ti as usize];
                    let bound = exact_bound(&index, &words, &tables, t, any);
                    match topic_score(&index, &matcher, &words, ti, any) {
                        None => {}
                        Some(score) => {
                            let b = bound.unwrap_or_else(|| panic!("{q:?}: topic {ti} scores but has no bound"));
                            prop_assert!(b >= score.unwrap_or(0), "{:?} any={}: bound {} < score {:?}", q, any, b, score);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn mistyped_pinyin_and_english_get_a_correction() {
    let index = Index::build(&shipped_and_sample());
    let s = Searcher::new(&index);
    assert_eq!(s.did_you_mean("bubna").as_deref(), Some("buban"));
    assert_eq!(s.did_you_mean("guasih").as_deref(), Some("guashi"));
    assert_eq!(s.did_you_mean("医保 bubna").as_deref(), Some("医保 buban"));
    assert_eq!(s.did_you_mean("buban"), None, "a word of the index");
    assert_eq!(s.did_you_mean("bu"), None, "too short to tell");
}

#[test]
fn a_query_matching_nothing_gets_the_closest_topics() {
    let index = Index::build(&shipped_and_sample());
    let mut s = Searcher::new(&index);
    let a = s.answer("养老金", 50, 5);
    assert!(
        a.closest && !a.hits.is_empty() && a.hits.len() <= 5,
        "{a:?}"
    );
    let a = s.answer("bubna", 50, 5);
    assert_eq!(a.did_you_mean.as_deref(), Some("buban"));
    let a = s.answer("补办", 50, 5);
    assert!(!a.closest && a.did_you_mean.is_none());
}

#[test]
fn a_mistyped_word_is_searched_as_its_correction() {
    let index = Index::build(&shipped_and_sample());
    let mut s = Searcher::new(&index);
    let want = s.search("buban", 10);
    assert!(!want.is_empty());
    // Typed letter by letter, as in the search box.
    for q in ["bubn", "bubna"] {
        let a = s.answer(q, 10, 5);
        assert!(a.closest, "{q}: a correction is not a match as typed");
        assert_eq!(a.did_you_mean.as_deref(), Some("buban"), "{q}");
        assert_eq!(a.hits, want, "{q}");
    }
    // Then deleting back to a word that matches as typed.
    let a = s.answer("bub", 10, 5);
    assert!(!a.closest && a.did_you_mean.is_none());
}
