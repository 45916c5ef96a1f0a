//! Synthetic but valid flows of realistic size, for benchmarks and the
//! `gen_flows` example. Deterministic: flow `n` is always the same flow.
//! Built from the model types, so anything written with `ron` passes
//! `banshi check` exactly like a hand-written flow.

#![allow(dead_code)]

use banshi::flow::{Category, Choice, Cond, Flow, Item, Material, Place, Step, StepKind, Text};

const PLACES: &[(&str, &str)] = &[
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("南京", "Nanjing"),
    ("广州", "Guangzhou"),
    ("成都", "Chengdu"),
    ("杭州", "Hangzhou"),
    ("武汉", "Wuhan"),
    ("西安", "Xi'an"),
    ("苏州", "Suzhou"),
    ("重庆", "Chongqing"),
    ("天津", "Tianjin"),
    ("长沙", "Changsha"),
    ("郑州", "Zhengzhou"),
    ("青岛", "Qingdao"),
    ("厦门", "Xiamen"),
    ("昆明", "Kunming"),
];
const PEOPLE: &[(&str, &str)] = &[
    ("", ""),
    ("老人", "older people"),
    ("孩子", "children"),
    ("退休职工", "retirees"),
    ("灵活就业人员", "flexible workers"),
    ("大学生", "students"),
    ("新生儿", "newborns"),
    ("外来务工人员", "migrant workers"),
    ("残疾人", "people with disabilities"),
];
const OBJECTS: &[(&str, &str, &str)] = &[
    ("医保卡", "medical-insurance card", "card"),
    ("社保卡", "social security card", "ss-card"),
    ("医保电子凭证", "e-voucher", "voucher"),
    ("个人账户", "personal account", "account"),
    ("门诊费用", "outpatient costs", "outpatient"),
    ("住院费用", "hospital costs", "inpatient"),
    ("药费", "medicine costs", "medicine"),
    ("异地备案", "remote filing", "filing"),
    ("参保登记", "insurance registration", "registration"),
    ("缴费记录", "contribution record", "record"),
    ("生育津贴", "maternity allowance", "maternity"),
    ("慢特病待遇", "chronic illness cover", "chronic"),
];
const ACTIONS: &[(&str, &str, &str)] = &[
    ("激活", "Activate", "activate"),
    ("补办", "Replace", "replace"),
    ("挂失", "Report the loss of", "report"),
    ("查询", "Check", "check"),
    ("报销", "Claim", "claim"),
    ("备案", "File", "file"),
    ("变更", "Change", "change"),
    ("注销", "Cancel", "cancel"),
    ("转移", "Transfer", "transfer"),
    ("续保", "Renew", "renew"),
    ("缴纳", "Pay", "pay"),
    ("申领", "Apply for", "apply"),
];
const SENTENCES: &[(&str, &str)] = &[
    (
        "办理前请先确认本人已经参保，并且参保状态正常。",
        "Before you start, make sure you are insured and your insurance is active.",
    ),
    (
        "可以在国家医保服务平台APP上办理，也可以到当地经办机构的窗口办理。",
        "You can do this in the national medical-insurance app or at a counter of the local office.",
    ),
    (
        "线上办理需要先完成实名认证，按提示上传材料。",
        "Online, first verify your identity, then upload the materials as prompted.",
    ),
    (
        "窗口办理要带上本人身份证原件，代办的还要带代办人的身份证。",
        "At a counter bring your own ID card; someone acting for you also brings theirs.",
    ),
    (
        "办理结果一般会通过短信通知，也可以在APP里查看进度。",
        "You are usually told the result by text message and can follow progress in the app.",
    ),
    (
        "各地的具体要求不同，出发前请拨打12333确认。",
        "Requirements differ by region; call 12333 before you go.",
    ),
    (
        "旧卡停用后，账户里的钱会转到新卡，不需要另外办理。",
        "Once the old card stops working, the money in its account moves to the new card.",
    ),
    (
        "如果信息有误，要先到社保经办机构更正后再办理。",
        "If any detail is wrong, have it corrected at the social security office first.",
    ),
    (
        "老人和行动不便的人可以由家属代办，部分地区提供上门服务。",
        "Older people and those who cannot get about may send a relative; some regions offer home visits.",
    ),
    (
        "未成年人由监护人带户口本和监护人身份证办理。",
        "For a minor, the guardian brings the household register and their own ID card.",
    ),
];

/// A small deterministic generator (xorshift); no external crates.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

fn paragraphs(rng: &mut Rng, n: usize) -> Vec<Text> {
    (0..n)
        .map(|_| {
            let (a, b) = (rng.pick(SENTENCES), rng.pick(SENTENCES));
            t(format!("{}{}", a.0, b.0), format!("{} {}", a.1, b.1))
        })
        .collect()
}

fn step(id: &str, title: Text, body: Vec<Text>, kind: StepKind, next: Option<&str>) -> Step {
    Step {
        id: id.into(),
        title,
        when: None,
        body,
        tips: Vec::new(),
        warnings: Vec::new(),
        deadlines: Vec::new(),
        kind,
        bind: None,
        local: Vec::new(),
        next: next.map(str::to_string),
        facts: Vec::new(),
        place: None,
        office: None,
        action: None,
    }
}

fn material(id: &str, label: Text, originals: u32, copies: u32, at: Place) -> Item {
    Item {
        id: id.into(),
        label,
        note: None,
        when: None,
        required: true,
        material: Some(Material {
            originals,
            copies,
            at,
            how: Default::default(),
            office: None,
        }),
    }
}

/// The `n`th synthetic flow (ids `NNNNNN-ACTION-OBJECT`, unique per `n`).
pub fn flow(n: usize) -> Flow {
    let mut rng = Rng::new(n as u64 + 1);
    let place = rng.pick(PLACES);
    let who = rng.pick(PEOPLE);
    let object = rng.pick(OBJECTS);
    let action = rng.pick(ACTIONS);
    let title_zh = format!("{}{}{}{}", place.0, who.0, object.0, action.0);
    let title_en = if who.1.is_empty() {
        format!("{} your {} in {}", action.1, object.1, place.1)
    } else {
        format!("{} the {} of {} in {}", action.1, object.1, who.1, place.1)
    };
    let id = format!("{n:06}-{}-{}", action.2, object.2);
    let mut steps = vec![
        step(
            "intro",
            t(
                format!("{}{}要知道什么", object.0, action.0),
                format!("Before you {}", action.2),
            ),
            paragraphs(&mut rng, 3),
            StepKind::Info,
            None,
        ),
        step(
            "channel",
            t("你想怎么办理？", "How do you want to do it?"),
            paragraphs(&mut rng, 1),
            StepKind::Question {
                options: vec![
                    Choice {
                        id: "online".into(),
                        label: t("线上办理", "Online"),
                        hint: Some(t("手机APP或小程序", "An app or mini-program")),
                        profile: Vec::new(),
                        next: Some("online".into()),
                    },
                    Choice {
                        id: "counter".into(),
                        label: t("到窗口办理", "At a counter"),
                        hint: None,
                        profile: Vec::new(),
                        next: Some("counter".into()),
                    },
                    Choice {
                        id: "proxy".into(),
                        label: t("请家属代办", "A relative does it for me"),
                        hint: None,
                        profile: Vec::new(),
                        next: Some("counter".into()),
                    },
                ],
            },
            None,
        ),
        step(
            "online",
            t("线上办理", "Doing it online"),
            paragraphs(&mut rng, 2),
            StepKind::Checklist {
                items: vec![
                    Item {
                        id: "verify".into(),
                        label: t("完成实名认证", "Verify your identity"),
                        note: None,
                        when: None,
                        required: true,
                        material: None,
                    },
                    Item {
                        id: "upload".into(),
                        label: t("上传证件照片", "Upload a photo of your ID"),
                        note: Some(t("照片要清晰", "The photo must be sharp")),
                        when: None,
                        required: true,
                        material: None,
                    },
                ],
            },
            Some("after"),
        ),
        step(
            "counter",
            t(
                format!("到{}经办窗口办理", place.0),
                format!("At a counter in {}", place.1),
            ),
            paragraphs(&mut rng, 2),
            StepKind::Checklist {
                items: vec![
                    material(
                        "id-card",
                        t("本人身份证", "Your ID card"),
                        1,
                        1,
                        Place::SocialSecurity,
                    ),
                    material(
                        "ss-card",
                        t("社保卡", "Social security card"),
                        1,
                        0,
                        Place::SocialSecurity,
                    ),
                    Item {
                        when: Some(Cond::Answer("channel".into(), "proxy".into())),
                        ..material(
                            "agent-id",
                            t("代办人身份证", "The ID card of the person acting for you"),
                            1,
                            0,
                            Place::SocialSecurity,
                        )
                    },
                    Item {
                        required: false,
                        ..material(
                            "photo",
                            t("一寸照片", "A passport photo"),
                            0,
                            2,
                            Place::SocialSecurity,
                        )
                    },
                ],
            },
            None,
        ),
        step(
            "after",
            t("办完以后", "Afterwards"),
            paragraphs(&mut rng, 3),
            StepKind::Info,
            None,
        ),
    ];
    steps[4].deadlines = vec![t(
        "部分地区要求在规定期限内完成，请以当地通知为准。",
        "Some regions set a time limit; follow the local notice.",
    )];
    steps[0].tips = vec![t(
        "可以先打12333问清楚要带什么。",
        "You can call 12333 first to ask what to bring.",
    )];
    Flow {
        id,
        title: t(title_zh, title_en),
        summary: t(
            format!(
                "{}{}{}的办理渠道、材料和注意事项",
                place.0, object.0, action.0
            ),
            format!(
                "Where and how to {} your {} in {}, and what to bring",
                action.2, object.1, place.1
            ),
        ),
        category: *rng.pick(&Category::ALL),
        aliases: vec![
            format!("{}怎么{}", object.0, action.0),
            format!("{}{}{}", place.0, object.0, action.0),
            format!("{}{}流程", object.0, action.0),
            format!("{}{}要带什么", action.0, object.0),
            format!("how to {} {}", action.2, object.1),
        ],
        keywords: vec![
            action.0.into(),
            object.0.into(),
            place.0.into(),
            "办理".into(),
            "材料".into(),
            action.2.into(),
            object.1.into(),
            place.1.to_lowercase(),
        ],
        pinyin: Vec::new(),
        sources: vec!["synthetic".into()],
        reviewed: "2026-11-23".into(),
        region_note: t(
            "各地规定不同，请拨打12333或咨询当地医保经办机构。",
            "Rules differ by region; call 12333 or ask the local medical-insurance office.",
        ),
        start: None,
        steps,
        related: Vec::new(),
        hotlines: Vec::new(),
        links: Default::default(),
    }
}

/// `flow(n)` as the text of a `.ron` file.
pub fn ron_text(flow: &Flow) -> String {
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    ron::ser::to_string_pretty(flow, config).expect("a flow serialises")
}
