//! The flow model: what a `flows/*.ron` file says.
//!
//! One file describes one procedure ("flow"). A flow is a small graph of steps:
//! information steps, single-choice questions whose options lead to different
//! next steps, and checklists whose items may be materials to bring.
//! Steps and checklist items can carry a `when` condition on earlier answers.
//!
//! Everything a user reads is a [`Text`] with a zh-CN and an en form.
//! Ids (flow, step, option, item) are stable, lower-case ASCII (`a-z0-9-`):
//! saved progress and `--answer STEP=OPTION` refer to them, never to positions.

use serde::{Deserialize, Serialize};

/// The UI / content language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The tag used on the command line and in file names (`zh-CN`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses `zh-CN`/`zh`/`en` (case-insensitive, `_` or `-`).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        match s.as_str() {
            "zh-cn" | "zh" | "zh-hans" | "cn" => Some(Lang::ZhCn),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (for the live toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }
}

/// A piece of user-facing text in both languages: `(zh: "…", en: "…")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Stable id, `a-z0-9-`, e.g. `card-lost-replace`.
    pub id: String,
    pub title: Text,
    /// One line shown under the title in search results.
    pub summary: Text,
    pub category: Category,
    /// How people actually ask: colloquial phrasings in any language (`卡丢了`, `lost card`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Further search words (`挂失`, `补卡`, `replacement`).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Extra romanised search keys where the automatic pinyin reading is wrong
    /// (a character with several readings), e.g. `["yibaoka"]`.
    #[serde(default)]
    pub pinyin: Vec<String>,
    /// Where the facts come from: seed file names or document titles.
    pub sources: Vec<String>,
    /// When a person last checked the flow against its sources: `YYYY-MM-DD`.
    pub reviewed: String,
    /// How the rules differ by region and whom to ask (the local 医保 office;
    /// the hotlines themselves are printed from `hotlines`).
    pub region_note: Text,
    /// The first step; the first step in the file when omitted.
    #[serde(default)]
    pub start: Option<String>,
    pub steps: Vec<Step>,
    /// Ids of the procedures that come right before or after this one (lost
    /// card → replacement → activate the new card). `check` rejects unknown ids.
    #[serde(default)]
    pub related: Vec<String>,
    /// Whom to call, most relevant first: `[Medical, Card]`. The wording of
    /// each line lives once, in `flows/snippets.ron` (`hotline-*`).
    #[serde(default = "default_hotlines")]
    pub hotlines: Vec<Hotline>,
    /// Filled when the flow is loaded (never read from the file): the texts
    /// the flow refers to by id, so front-ends and printouts just see text.
    #[serde(skip)]
    pub links: Links,
}

fn default_hotlines() -> Vec<Hotline> {
    vec![Hotline::Medical]
}

/// A phone line a flow points people to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Hotline {
    /// 12393, the national medical-insurance service line: cover, the
    /// account, 异地就医备案, transfers, reimbursement.
    Medical,
    /// 12333, the 人社 line: the 社保卡 itself (issuing, loss, replacement).
    Card,
}

impl Hotline {
    /// The id of this line's text in `flows/snippets.ron`.
    pub fn snippet_id(self) -> &'static str {
        match self {
            Hotline::Medical => "hotline-medical",
            Hotline::Card => "hotline-card",
        }
    }
}

/// What a loaded flow's ids stand for, resolved against the catalog and
/// `flows/snippets.ron` / `flows/sources.ron` (see [`super::Library`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Links {
    /// True once the flow was resolved (a flow parsed on its own is not).
    pub resolved: bool,
    /// `related`, as (id, title) of the flows that exist, in the file's order.
    pub related: Vec<(String, Text)>,
    /// One line per entry of `hotlines`, in order.
    pub hotlines: Vec<Text>,
    /// How the area code changes where 12393 leads; when `Medical` is listed.
    pub hotline_note: Option<Text>,
    /// The citizen-facing title of each `sources` entry that has one.
    pub sources: Vec<Text>,
    /// Set when regional overlays were applied (see `engine::region`).
    pub local: Option<LocalInfo>,
}

/// Which places' local rules a flow carries, for the "本地规定（南京）" part
/// of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalInfo {
    /// The places whose rules apply, broadest first (江苏, 南京).
    pub places: Vec<Text>,
    /// The titles of the local rules' sources.
    pub sources: Vec<Text>,
    /// How many rules were applied.
    pub rules: usize,
}

/// Broad grouping used to browse topics when the search box is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// Activating a card or switching on its functions.
    Activation,
    /// Lost, damaged, replaced cards.
    Card,
    /// Care and settlement away from the insured place (异地).
    Remote,
    /// Reimbursement and settlement.
    Reimbursement,
    /// Accounts, balances, family sharing (家庭共济).
    Account,
    /// Paying contributions, gaps, restoring.
    Contribution,
    /// Electronic credentials and apps (医保电子凭证).
    Digital,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Activation,
        Category::Card,
        Category::Remote,
        Category::Reimbursement,
        Category::Account,
        Category::Contribution,
        Category::Digital,
    ];

    /// The key of this category's name in the locale files (`category.activation`).
    pub fn locale_key(self) -> &'static str {
        match self {
            Category::Activation => "category.activation",
            Category::Card => "category.card",
            Category::Remote => "category.remote",
            Category::Reimbursement => "category.reimbursement",
            Category::Account => "category.account",
            Category::Contribution => "category.contribution",
            Category::Digital => "category.digital",
        }
    }
}

/// One screen of the wizard.
///
/// Every kind of step may carry explanatory text (`body`), `tips`, `warnings`
/// and `deadlines`; the `kind` says whether it also asks a question or holds
/// a checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: Text,
    /// The step is shown only when this holds; otherwise the wizard passes
    /// straight on to its `next`.
    #[serde(default)]
    pub when: Option<Cond>,
    /// Paragraphs. Once loaded, the texts of `facts` follow the file's own.
    #[serde(default)]
    pub body: Vec<Text>,
    /// Shared paragraphs from `flows/snippets.ron`, by id, shown after the
    /// body (`["cover-start"]`). `check` rejects unknown ids.
    #[serde(default)]
    pub facts: Vec<String>,
    /// Where this step is done, if it is done somewhere.
    #[serde(default)]
    pub place: Option<Place>,
    /// Whose office `place` is, when it matters (参保地 / 就医地).
    #[serde(default)]
    pub office: Option<Office>,
    /// One line: what the person does at `place` in this step ("在窗口填
    /// 《补办申请表》，交工本费"). Printouts list it under the place.
    #[serde(default)]
    pub action: Option<Text>,
    #[serde(default)]
    pub tips: Vec<Text>,
    #[serde(default)]
    pub warnings: Vec<Text>,
    /// Time limits and waiting times ("collect within …", "takes effect the next month").
    #[serde(default)]
    pub deadlines: Vec<Text>,
    #[serde(default)]
    pub kind: StepKind,
    /// A question answered from the person's profile (who it is for, which
    /// insurance): asked only while the profile does not say, and the
    /// answer goes back into the profile. Each option lists the profile
    /// values it stands for (`profile: ["child", "elder"]`).
    #[serde(default)]
    pub bind: Option<Fact>,
    /// Filled when regional overlays are applied (never read from a file):
    /// the step's local notes and channels, marked with their place, also
    /// printed under "本地规定" on the summary.
    #[serde(skip)]
    pub local: Vec<Text>,
    /// The step after this one: a step id, or `"end"`. When omitted, the next
    /// step in the file (the last step ends the flow). For a question, an
    /// option's own `next` wins over this.
    #[serde(default)]
    pub next: Option<String>,
}

/// The reserved `next` value that ends a flow.
pub const END: &str = "end";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum StepKind {
    /// Read and continue.
    #[default]
    Info,
    /// Pick exactly one option.
    Question { options: Vec<Choice> },
    /// Tick items; items with a `material` are things to bring.
    Checklist { items: Vec<Item> },
    /// Asks for a day ("你哪天领到新卡？"); deadlines are worked out from it.
    /// Never blocks: a person who does not know goes on without it.
    ///
    /// RON: `kind: Date(derived: [(after: "6m", text: (zh: "请在 {date} 前激活",
    /// en: "Activate by {date}"))])`.
    Date {
        #[serde(default)]
        derived: Vec<Derived>,
    },
}

/// A deadline worked out from a date question's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// The period after the day given: `6m`, `1y`, `30d`, `2w`, `1m15d`; or,
    /// where sources or regions disagree, the range `3m..6m`.
    pub after: String,
    /// With `{date}` where the day worked out goes (both languages). For a
    /// range, `{date}` becomes "2027年3月3日 至 2027年6月3日"; end the text with
    /// its own punctuation, as the note follows after a space.
    pub text: Text,
    /// Required for a range: says plainly that the period differs and whom
    /// to ask ("各地规定不同，请向当地医保部门确认").
    #[serde(default)]
    pub note: Option<Text>,
}

/// An option of a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub hint: Option<Text>,
    /// For a question bound to a profile fact (`bind`): the fact's values
    /// this option stands for (`["child", "elder", "other"]`).
    #[serde(default)]
    pub profile: Vec<String>,
    /// Where this answer leads: a step id or `"end"`; the step's own `next`
    /// (or the following step) when omitted.
    #[serde(default)]
    pub next: Option<String>,
}

/// A fact of the person's profile that a question can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Fact {
    /// Which insurance: `employee`, `resident`, `flexible`, `unsure`.
    Insurance,
    /// Whom the procedure is for: `self`, `child`, `elder`, `other`.
    ForWhom,
}

impl Fact {
    pub const ALL: [Fact; 2] = [Fact::Insurance, Fact::ForWhom];

    /// The values the fact can take, as stored (ids only).
    pub fn values(self) -> &'static [&'static str] {
        match self {
            Fact::Insurance => &["employee", "resident", "flexible", "unsure"],
            Fact::ForWhom => &["self", "child", "elder", "other"],
        }
    }

    /// The id used in the store and in locale keys (`profile.insurance`).
    pub fn id(self) -> &'static str {
        match self {
            Fact::Insurance => "insurance",
            Fact::ForWhom => "for_whom",
        }
    }
}

/// A checklist item: a thing to do, or (with `material`) a thing to bring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Unique within its step. The same id in two steps of one flow means the
    /// same material: the summary lists it once and merges the counts.
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub note: Option<Text>,
    #[serde(default)]
    pub when: Option<Cond>,
    /// Optional items are shown as such and never block anything.
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub material: Option<Material>,
}

fn yes() -> bool {
    true
}

/// What to bring, and where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// How many originals to bring (usually 0 or 1).
    #[serde(default)]
    pub originals: u32,
    /// How many copies to bring.
    #[serde(default)]
    pub copies: u32,
    /// Where it is shown or handed in.
    pub at: Place,
    /// Brought on paper (the default), uploaded as a photo, or shown on the phone.
    #[serde(default)]
    pub how: How,
    /// Whose office `at` is, when it matters (参保地 / 就医地).
    #[serde(default)]
    pub office: Option<Office>,
}

/// How a material is handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum How {
    /// Originals and copies on paper (`originals`, `copies`).
    #[default]
    Bring,
    /// A photo or scan uploaded online (拍照上传).
    Upload,
    /// Shown on the phone, e.g. the 医保码 (出示).
    Show,
}

impl How {
    /// The key of how it is handed over in the locale files; `None` for
    /// `Bring`, which is said by its counts.
    pub fn locale_key(self) -> Option<&'static str> {
        match self {
            How::Bring => None,
            How::Upload => Some("how.upload"),
            How::Show => Some("how.show"),
        }
    }
}

/// Which of two offices of the same kind is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Office {
    /// 参保地: the office where you are insured.
    Insured,
    /// 就医地: the office where you are treated.
    Treatment,
}

impl Office {
    /// The key of this office's name in the locale files (`office.insured`).
    pub fn locale_key(self) -> &'static str {
        match self {
            Office::Insured => "office.insured",
            Office::Treatment => "office.treatment",
        }
    }
}

/// Where a person goes (or goes online) to do a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Place {
    /// The card-issuing (cooperating) bank's branch.
    Bank,
    /// The social security (card) service centre / 社保经办机构.
    SocialSecurity,
    /// The medical-insurance office / 医保经办机构.
    MedicalInsurance,
    /// A designated (定点) hospital.
    Hospital,
    /// A designated (定点) pharmacy.
    Pharmacy,
    /// The employer or the residents' committee / community service centre.
    Community,
    /// Online: an official app, mini-program or website.
    Online,
}

impl Place {
    pub const ALL: [Place; 7] = [
        Place::Bank,
        Place::SocialSecurity,
        Place::MedicalInsurance,
        Place::Hospital,
        Place::Pharmacy,
        Place::Community,
        Place::Online,
    ];

    /// The key of this place's name in the locale files (`place.bank`).
    pub fn locale_key(self) -> &'static str {
        match self {
            Place::Bank => "place.bank",
            Place::SocialSecurity => "place.social_security",
            Place::MedicalInsurance => "place.medical_insurance",
            Place::Hospital => "place.hospital",
            Place::Pharmacy => "place.pharmacy",
            Place::Community => "place.community",
            Place::Online => "place.online",
        }
    }
}

/// A condition on earlier answers.
///
/// RON: `Answer("channel", "online")`, `Any([Answer("age", "minor"), Answer("age", "elderly")])`,
/// `All([...])`, `Not(Answer("lost", "damaged"))`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cond {
    /// The question step (first) was answered with the option (second).
    Answer(String, String),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

impl Cond {
    /// Evaluates the condition; `answer(q)` gives the option chosen for question `q`.
    /// An unanswered question satisfies no `Answer`.
    pub fn holds<'a>(&self, answer: &impl Fn(&str) -> Option<&'a str>) -> bool {
        match self {
            Cond::Answer(q, o) => answer(q) == Some(o.as_str()),
            Cond::All(cs) => cs.iter().all(|c| c.holds(answer)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(answer)),
            Cond::Not(c) => !c.holds(answer),
        }
    }

    /// Every `(question, option)` pair the condition mentions.
    pub fn references(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<(&'a str, &'a str)>) {
        match self {
            Cond::Answer(q, o) => out.push((q, o)),
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.collect_refs(out)),
            Cond::Not(c) => c.collect_refs(out),
        }
    }
}

impl Flow {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// The id of the first step.
    pub fn start_id(&self) -> Option<&str> {
        self.start
            .as_deref()
            .or_else(|| self.steps.first().map(|s| s.id.as_str()))
    }

    /// Where a step leads when `choice` is the option picked (for a question),
    /// resolving the "following step in the file" default. `None` ends the flow.
    pub fn successor<'a>(&'a self, step: &'a Step, choice: Option<&'a Choice>) -> Option<&'a str> {
        let explicit = choice
            .and_then(|c| c.next.as_deref())
            .or(step.next.as_deref());
        match explicit {
            Some(END) => None,
            Some(id) => Some(id),
            None => {
                let i = self.step_index(&step.id)?;
                self.steps.get(i + 1).map(|s| s.id.as_str())
            }
        }
    }
}

impl Step {
    pub fn options(&self) -> &[Choice] {
        match &self.kind {
            StepKind::Question { options } => options,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Item] {
        match &self.kind {
            StepKind::Checklist { items } => items,
            _ => &[],
        }
    }

    pub fn is_question(&self) -> bool {
        matches!(self.kind, StepKind::Question { .. })
    }

    /// The deadlines of a date question (empty for other kinds).
    pub fn derived(&self) -> &[Derived] {
        match &self.kind {
            StepKind::Date { derived } => derived,
            _ => &[],
        }
    }

    pub fn is_date(&self) -> bool {
        matches!(self.kind, StepKind::Date { .. })
    }

    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.options().iter().find(|c| c.id == id)
    }
}
