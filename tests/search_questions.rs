//! Whole questions, as people type or paste them, over the shipped flows.
//!
//! 1. Natural questions in zh-CN and en (each seed article's title among
//!    them), each with the flow that must be in the top 3.
//! 2. The titles of the seeds' 相关推荐 ("related") sections: questions
//!    people really typed into a search engine. Of the 80 titles there, the
//!    39 below are about our procedures; each lists the flows we judged
//!    acceptable answers. At least 90% must have one in the top 3, and none
//!    may come back empty.
//!
//!    Judged off-topic and left out (41): hospital recommendations
//!    (`2025年内蒙古呼和浩特出现脱发去哪家医院好` and the 18 like it),
//!    whether a treatment is covered (种牙, 近视手术, 牙齿正畸, 经尿道膀胱颈切开术,
//!    黑色素瘤扩大切除术: 7), commercial or city schemes and their rates
//!    (泰安市民保 ×2, 泰安市2024年医保政策报销比例, 最新居民医保政策解读), tables of
//!    rules (全国各地医保缴费年限表, 各地医保缴费规定, 为什么一月份医保报销不一样,
//!    医保需要每年认证一次吗, 医保家签服务是每年签约一次吗, 为什么职工退休后单位还要交医保),
//!    explanations of terms (统筹支付和其他医保支付的区别, 医保有个人账户和无个人账户的区别),
//!    a phone number (海南医保局电话号码), 医保卡每年缴费的钱会一直累计吗,
//!    学校医保未缴费原因, and the page's `首页 顶部`.

use banshi::date::Date;
use banshi::flow::{Catalog, shipped_sources};
use banshi::search::{Index, Searcher};

const TOP: usize = 3;

/// (question, the flow that must be in the top 3)
const QUESTIONS: &[(&str, &str)] = &[
    // The seed articles' titles.
    ("医保卡换卡后需要重新激活吗", "card-replace-activate"),
    ("社保卡要激活医保账户才能用吗", "medical-account-activate"),
    ("异地医保卡怎么激活使用", "remote-card-use"),
    ("医保卡补办流程详细步骤", "card-lost-replace"),
    (
        "2025医保新政下，医保卡激活全攻略：线上线下轻松完成",
        "card-activate",
    ),
    // zh-CN
    ("社保卡不能用于报销怎么办", "medical-account-activate"),
    ("我在外地看病怎么报销", "remote-reimburse"),
    ("孩子的医保卡怎么办", "card-activate"),
    ("我的医保卡丢了怎么办", "card-lost-replace"),
    ("医保卡弄丢了怎么补", "card-lost-replace"),
    ("在手机上可以补办医保卡吗", "card-reissue-online"),
    ("新领的医保卡要怎么激活", "card-activate"),
    ("换了新卡以后还要激活吗", "card-replace-activate"),
    ("医保账户怎么开通", "medical-account-activate"),
    ("去外地看病之前要备案吗", "remote-filing"),
    ("异地就医备案怎么办理", "remote-filing"),
    ("在外地药店能刷医保卡买药吗", "remote-pharmacy"),
    ("为什么我的医保卡刷不了", "card-not-working"),
    ("住院的钱医保能报多少", "inpatient-reimburse"),
    ("出院以后怎么报销", "inpatient-reimburse"),
    ("怎么给爸妈交医保", "contribution-pay"),
    ("医保断缴了还能用吗", "contribution-gap"),
    ("我的医保个人账户还有多少钱", "balance-check"),
    ("家人可以用我的医保账户吗", "family-sharing"),
    ("忘带医保卡了怎么看病", "e-voucher"),
    ("医保码怎么用", "e-voucher"),
    ("在外地垫付的医药费怎么报销", "remote-reimburse"),
    // en
    ("my card was stolen what do I do", "card-lost-replace"),
    // The misses: one English word for care away from home.
    ("travel", "remote-filing"),
    ("out of town", "remote-filing"),
    ("I am out of town and need a doctor", "remote-filing"),
    (
        "how do I activate my new medical insurance card",
        "card-activate",
    ),
    (
        "I lost my card, how can I get a new one?",
        "card-lost-replace",
    ),
    (
        "can I apply for a replacement card online",
        "card-reissue-online",
    ),
    (
        "I got a replacement card, do I need to activate it?",
        "card-replace-activate",
    ),
    (
        "how do I switch on the medical account",
        "medical-account-activate",
    ),
    (
        "do I need to file before seeing a doctor in another city",
        "remote-filing",
    ),
    (
        "how do I claim back what I paid away from home",
        "remote-reimburse",
    ),
    (
        "can I buy medicine with my insurance in another city",
        "remote-pharmacy",
    ),
    ("why does my card not work", "card-not-working"),
    (
        "how much of my hospital bill is reimbursed",
        "inpatient-reimburse",
    ),
    (
        "how do I pay contributions for my parents",
        "contribution-pay",
    ),
    (
        "what happens if I stop paying contributions",
        "contribution-gap",
    ),
    ("how much money is left in my account", "balance-check"),
    ("can my family use my account", "family-sharing"),
    ("I forgot my card, can I use my phone?", "e-voucher"),
    ("how do I use my card in another city", "remote-card-use"),
];

/// (a 相关推荐 title, the flows judged acceptable)
const RELATED: &[(&str, &[&str])] = &[
    // 000: 医保卡换卡后需要重新激活吗
    (
        "社保卡和医保卡怎么激活使用",
        &["card-activate", "medical-account-activate"],
    ),
    (
        "异地医保本地结算 报销比例",
        &["remote-reimburse", "remote-card-use", "remote-filing"],
    ),
    ("医保住院费用报销比例", &["inpatient-reimburse"]),
    ("医保住院如何报销", &["inpatient-reimburse"]),
    (
        "社保激活后医保多久可以用",
        &["medical-account-activate", "card-activate"],
    ),
    ("在我的南京上面怎么交医保", &["contribution-pay"]),
    ("医保个人账户里的钱怎么给家人用", &["family-sharing"]),
    (
        "南京社保交满15年可以只交医保吗",
        &["contribution-pay", "contribution-gap"],
    ),
    (
        "社保卡激活后医保卡也激活了吗",
        &["medical-account-activate", "card-activate"],
    ),
    ("我的南京怎么帮别人交医保", &["contribution-pay"]),
    // 001: 社保卡要激活医保账户才能用吗
    (
        "2025福建泉州医保可以异地报销吗",
        &["remote-reimburse", "remote-filing", "remote-card-use"],
    ),
    ("社保停了怎么查医保余额", &["balance-check"]),
    ("社保停保后医保还在吗", &["contribution-gap"]),
    ("社保断交六个月医保卡还能用吗", &["contribution-gap"]),
    (
        "医保个人账户支付金额为0",
        &[
            "balance-check",
            "card-not-working",
            "medical-account-activate",
        ],
    ),
    // 002: 异地医保卡怎么激活使用
    ("异地医保备案不成功怎么办", &["remote-filing"]),
    ("异地医保网上如何报销", &["remote-reimburse"]),
    (
        "异地医保通过了为什么用不了",
        &["card-not-working", "remote-card-use"],
    ),
    ("异地医保药房能用吗", &["remote-pharmacy"]),
    ("异地医保报销不了怎么办", &["remote-reimburse"]),
    (
        "异地就医医保卡刷不了怎么回事",
        &["card-not-working", "remote-card-use"],
    ),
    ("异地刷医保买药可以吗", &["remote-pharmacy"]),
    ("为什么备案成功刷不了医保卡", &["card-not-working"]),
    (
        "离职了医保卡异地药房刷不了怎么办",
        &["card-not-working", "remote-pharmacy", "contribution-gap"],
    ),
    ("职工医保可以跨省药店买药吗", &["remote-pharmacy"]),
    ("医保跨省买药可以吗", &["remote-pharmacy"]),
    ("医保卡买药刷不出来", &["card-not-working"]),
    ("在异地买药能用医保吗", &["remote-pharmacy"]),
    (
        "退休后去新单位还能继续交医保吗",
        &["contribution-pay", "contribution-gap"],
    ),
    // 003: 医保卡补办流程详细步骤
    ("2025湖南灵活就业医保怎么交费", &["contribution-pay"]),
    ("2025浙江灵活就业医保怎么交费", &["contribution-pay"]),
    (
        "医保一月份还能交吗",
        &["contribution-pay", "contribution-gap"],
    ),
    (
        "网上申请补办医保卡",
        &["card-reissue-online", "card-lost-replace"],
    ),
    ("医保每年交一次的叫什么医保", &["contribution-pay"]),
    ("社保医保一个月交多少钱", &["contribution-pay"]),
    ("医保卡停交了还能用统筹吗", &["contribution-gap"]),
    ("医保未缴费会停用吗", &["contribution-gap"]),
    (
        "社保正常缴费医保未缴费",
        &["contribution-gap", "contribution-pay"],
    ),
    (
        "医保建账了未缴费",
        &[
            "contribution-gap",
            "contribution-pay",
            "medical-account-activate",
        ],
    ),
];

fn shipped_index() -> Index {
    let catalog = Catalog::from_sources(&shipped_sources(), Date::today());
    Index::build(catalog.flows())
}

fn top(searcher: &mut Searcher<&Index>, q: &str) -> Vec<String> {
    searcher.search(q, TOP).into_iter().map(|h| h.id).collect()
}

#[test]
fn every_question_finds_its_procedure_in_the_top_three() {
    let index = shipped_index();
    assert!(QUESTIONS.len() >= 40);
    let mut searcher = Searcher::new(&index);
    let mut failed = Vec::new();
    for &(q, want) in QUESTIONS {
        let got = top(&mut searcher, q);
        if !got.iter().any(|id| id == want) {
            failed.push(format!("{q:?}: want {want}, got {got:?}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} questions failed:\n{}",
        failed.len(),
        QUESTIONS.len(),
        failed.join("\n")
    );
}

#[test]
fn the_seeds_related_questions_mostly_find_an_acceptable_procedure() {
    let index = shipped_index();
    assert_eq!(RELATED.len(), 39);
    let mut searcher = Searcher::new(&index);
    let mut missed = Vec::new();
    let mut empty = Vec::new();
    for &(q, ok) in RELATED {
        let got = top(&mut searcher, q);
        if got.is_empty() {
            empty.push(q);
        }
        if !got.iter().any(|id| ok.contains(&id.as_str())) {
            missed.push(format!("{q:?}: want one of {ok:?}, got {got:?}"));
        }
    }
    assert!(empty.is_empty(), "no result for {empty:?}");
    let hit = RELATED.len() - missed.len();
    assert!(
        hit * 100 >= RELATED.len() * 90,
        "{hit} of {} found an acceptable procedure; missed:\n{}",
        RELATED.len(),
        missed.join("\n")
    );
}
