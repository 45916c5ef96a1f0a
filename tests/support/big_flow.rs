//! A valid flow of N steps for size tests and the print timing script:
//! info steps, a question every ten steps (the first one decides a
//! condition on items further on), checklists whose materials repeat (50
//! distinct, each asked for at many steps) and one-off materials.

/// The flow `big` with `n` steps, as RON text.
pub fn big_flow(n: usize) -> String {
    let mut steps = Vec::with_capacity(n);
    for i in 0..n {
        let step = if i % 10 == 5 {
            format!(
                r#"(id: "q{i}", title: (zh: "问题{i}", en: "Q{i}"), deadlines: [(zh: "时限{i}", en: "D{i}")], kind: Question(options: [(id: "a", label: (zh: "甲", en: "A")), (id: "b", label: (zh: "乙", en: "B"))]))"#
            )
        } else if i % 3 == 0 && i > 5 {
            let m = i % 50;
            format!(
                r#"(id: "s{i}", title: (zh: "步骤{i}", en: "S{i}"), warnings: [(zh: "注意{i}", en: "W{i}")], kind: Checklist(items: [(id: "m{m}", label: (zh: "材料{m}", en: "M{m}"), material: (originals: 1, copies: 1, at: Bank)), (id: "t{i}", label: (zh: "做{i}", en: "Do{i}"), when: Answer("q5", "a")), (id: "x{i}", label: (zh: "材料x{i}", en: "MX{i}"), material: (copies: 1, at: Hospital))]))"#
            )
        } else {
            format!(
                r#"(id: "s{i}", title: (zh: "步骤{i}", en: "S{i}"), body: [(zh: "说明{i}", en: "Body{i}")])"#
            )
        };
        steps.push(step);
    }
    format!(
        r#"Flow(
    id: "big", title: (zh: "大流程", en: "Big"), summary: (zh: "很长的流程", en: "A long flow"),
    category: Card, aliases: ["big"], sources: ["test"], reviewed: "2026-11-01",
    region_note: (zh: "各地不同", en: "Differs by region"),
    steps: [
        {}
    ],
)
"#,
        steps.join(",\n        ")
    )
}
