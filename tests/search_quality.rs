//! Ranking quality over the real, shipped flows: queries a person would type
//! (Chinese, colloquial Chinese, pinyin, initials, English, typos), each with
//! the procedure that must come back in the top 3.
//!
//! Most queries are deliberately NOT copied from a flow's aliases or
//! keywords: they are other phrasings, partial words, pinyin of words, or
//! typos, so the test measures the matcher and ranking, not string equality.

use banshi::date::Date;
use banshi::flow::{Catalog, shipped_sources};
use banshi::search::{Index, Searcher};

const TOP: usize = 3;

/// (query, the flow id that must be in the top 3, what kind of query it is)
const CASES: &[(&str, &str, &str)] = &[
    // card-lost-replace
    ("卡丢了怎么办", "card-lost-replace", "colloquial"),
    ("挂失医保卡", "card-lost-replace", "chinese"),
    ("lost medical card", "card-lost-replace", "english"),
    ("yibaoka guashi", "card-lost-replace", "pinyin"),
    ("ybkgs", "card-lost-replace", "initials"),
    // card-reissue-online
    ("网上补卡", "card-reissue-online", "chinese"),
    ("手机补办社保卡", "card-reissue-online", "colloquial"),
    ("replace card online", "card-reissue-online", "english"),
    ("wangshang buban", "card-reissue-online", "pinyin"),
    // card-activate
    ("帮老人激活医保卡", "card-activate", "colloquial"),
    ("孩子医保卡激活", "card-activate", "chinese"),
    ("人脸识别失败", "card-activate", "chinese"),
    ("activte card", "card-activate", "typo"),
    // card-replace-activate
    ("换新卡 激活", "card-replace-activate", "chinese"),
    ("huanka jihuo", "card-replace-activate", "pinyin"),
    ("new card activate", "card-replace-activate", "english"),
    // medical-account-activate
    ("社保卡 医保账户", "medical-account-activate", "chinese"),
    ("医保什么时候生效", "medical-account-activate", "colloquial"),
    (
        "when does insurance start",
        "medical-account-activate",
        "english",
    ),
    // remote-card-use
    ("外地用医保卡", "remote-card-use", "colloquial"),
    ("use card another province", "remote-card-use", "english"),
    ("yidi shiyong", "remote-card-use", "pinyin"),
    // remote-filing
    ("异地备案", "remote-filing", "chinese"),
    ("ydba", "remote-filing", "initials"),
    ("备案失败怎么办", "remote-filing", "colloquial"),
    ("kuasheng jiuyi beian", "remote-filing", "pinyin"),
    // remote-reimburse
    ("外地看病报销", "remote-reimburse", "colloquial"),
    ("shougong baoxiao", "remote-reimburse", "pinyin"),
    ("垫付 报销", "remote-reimburse", "chinese"),
    ("reimbursment away from home", "remote-reimburse", "typo"),
    // remote-pharmacy
    ("外地买药", "remote-pharmacy", "colloquial"),
    ("跨省药店", "remote-pharmacy", "chinese"),
    ("pharmcy another city", "remote-pharmacy", "typo"),
    ("yidi maiyao", "remote-pharmacy", "pinyin"),
    // card-not-working
    ("卡刷不了", "card-not-working", "colloquial"),
    ("shuabuliao", "card-not-working", "pinyin"),
    ("card declined", "card-not-working", "english"),
    ("买药刷不出", "card-not-working", "colloquial"),
    // inpatient-reimburse
    ("住院报销", "inpatient-reimburse", "chinese"),
    ("zhuyuan", "inpatient-reimburse", "pinyin"),
    ("出院 结算", "inpatient-reimburse", "chinese"),
    ("hospital bill", "inpatient-reimburse", "english"),
    // family-sharing
    ("jtgj", "family-sharing", "initials"),
    ("给家人用医保", "family-sharing", "colloquial"),
    ("family sharing", "family-sharing", "english"),
    // balance-check
    ("查余额", "balance-check", "chinese"),
    ("医保还有多少钱", "balance-check", "colloquial"),
    ("yue chaxun", "balance-check", "pinyin"),
    ("balance", "balance-check", "english"),
    // contribution-gap
    ("断缴", "contribution-gap", "chinese"),
    ("离职了医保怎么办", "contribution-gap", "colloquial"),
    ("duanjiao", "contribution-gap", "pinyin"),
    ("stopped paying", "contribution-gap", "english"),
    // contribution-pay
    ("帮父母交医保", "contribution-pay", "colloquial"),
    ("灵活就业 缴费", "contribution-pay", "chinese"),
    ("daijiao", "contribution-pay", "pinyin"),
    ("pay for parents", "contribution-pay", "english"),
    // e-voucher
    ("医保码", "e-voucher", "chinese"),
    ("忘带卡", "e-voucher", "colloquial"),
    ("ybm", "e-voucher", "initials"),
    ("dianzi pingzheng", "e-voucher", "pinyin"),
    ("QR code", "e-voucher", "english"),
    // full-width and case do not matter
    ("ＹＩＢＡＯＭＡ", "e-voucher", "full-width"),
];

const FIXED_IDS: &[&str] = &[
    "card-replace-activate",
    "medical-account-activate",
    "remote-card-use",
    "card-lost-replace",
    "card-activate",
    "remote-filing",
    "remote-reimburse",
    "remote-pharmacy",
    "card-not-working",
    "inpatient-reimburse",
    "family-sharing",
    "balance-check",
    "contribution-gap",
    "contribution-pay",
    "card-reissue-online",
    "e-voucher",
];

fn shipped_index() -> (Catalog, Index) {
    let catalog = Catalog::from_sources(&shipped_sources(), Date::today());
    let errors: Vec<String> = catalog.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "shipped flows have errors: {errors:#?}");
    let index = Index::build(catalog.flows());
    (catalog, index)
}

#[test]
fn every_query_finds_its_procedure_in_the_top_three() {
    let (catalog, index) = shipped_index();
    for id in FIXED_IDS {
        assert!(catalog.get(id).is_some(), "shipped flows lack \"{id}\"");
    }
    assert!(CASES.len() >= 40);
    for id in FIXED_IDS {
        let n = CASES.iter().filter(|c| c.1 == *id).count();
        assert!(n >= 2, "only {n} queries for {id}");
    }
    let mut failures = Vec::new();
    for (query, want, kind) in CASES {
        let got: Vec<String> = index.search(query, TOP).into_iter().map(|h| h.id).collect();
        if !got.iter().any(|g| g == want) {
            failures.push(format!("{kind:>10} {query:?}: want {want}, got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries missed the top {TOP}:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_best_hit_of_an_exact_title_is_that_flow() {
    let (catalog, index) = shipped_index();
    for flow in catalog.flows() {
        for title in [&flow.title.zh, &flow.title.en] {
            let first = index.search(title, 1);
            assert_eq!(first[0].id, flow.id, "title {title:?}");
        }
    }
}

#[test]
fn typing_a_query_letter_by_letter_ends_with_the_same_ranking() {
    let (_, index) = shipped_index();
    for (query, _, _) in CASES {
        let mut searcher = Searcher::new(&index);
        let chars: Vec<char> = query.chars().collect();
        for n in 1..=chars.len() {
            let prefix: String = chars[..n].iter().collect();
            assert_eq!(
                searcher.search(&prefix, 10),
                index.search(&prefix, 10),
                "typing {query:?}, at {prefix:?}"
            );
        }
    }
}

#[test]
fn ranking_is_stable() {
    let (_, index) = shipped_index();
    for (query, _, _) in CASES {
        let once = index.search(query, 10);
        assert_eq!(index.search(query, 10), once, "{query:?}");
        let mut ids: Vec<&str> = once.iter().map(|h| h.id.as_str()).collect();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate hits for {query:?}");
    }
}
