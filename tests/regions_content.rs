//! The shipped local rules (`flows/regions/*.ron`), through the real binary:
//! a printout for a person insured in 南京 carries Nanjing's rules, marked
//! as local; the national printout carries none; `banshi regions` lists
//! every place the articles give local facts for, with its rule count.

use std::process::{Command, Output};

use banshi::flow::Source;
use banshi::flow::overlay::parse_overlay;

fn banshi(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("BANSHI_DATA_DIR", data.path())
        .env_remove("BANSHI_LANG")
        .env_remove("BANSHI_STORE")
        .env("LC_ALL", "en_US.UTF-8")
        .output()
        .expect("banshi runs")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Paying for a relative who is not registered yet: the route where
/// Nanjing adds the most.
const PROXY: [&str; 6] = [
    "--answer",
    "who=other",
    "--answer",
    "type-other=resident",
    "--answer",
    "registered=no",
];

#[test]
fn the_nanjing_printout_has_nanjings_rules_and_the_national_one_none() {
    let national = stdout(&banshi(&["--lang", "zh-CN", "print", "contribution-pay"]));
    let nanjing = stdout(&banshi(&[
        "--lang",
        "zh-CN",
        "print",
        "contribution-pay",
        "--region",
        "南京",
    ]));
    assert_ne!(national, nanjing);
    for local in ["本地规定（南京）", "【南京", "我的南京", "江苏税务社保缴纳"]
    {
        assert!(nanjing.contains(local), "{local:?} missing:\n{nanjing}");
        assert!(
            !national.contains(local),
            "{local:?} in national:\n{national}"
        );
    }
    // The national flow names no place at all.
    for place in [
        "南京", "北京", "上海", "浙江", "泉州", "武汉", "太原", "湖南",
    ] {
        assert!(
            !national.contains(place),
            "{place} in national:\n{national}"
        );
    }

    // Paying for someone else: Nanjing's own steps, marked as local.
    let mut args = vec!["--lang", "zh-CN", "print", "contribution-pay"];
    args.extend(PROXY);
    let national = stdout(&banshi(&args));
    args.extend(["--region", "nanjing"]);
    let nanjing = stdout(&banshi(&args));
    for local in [
        "【南京】在「我的南京」替别人交",
        "【南京】在「我的南京」登记要准备的",
        "【南京】参保人的身份证（拍照上传）",
        "ybj.nanjing.gov.cn",
        "代他人缴费",
    ] {
        assert!(nanjing.contains(local), "{local:?} missing:\n{nanjing}");
        assert!(
            !national.contains(local),
            "{local:?} in national:\n{national}"
        );
    }
    // What to ask stays in both.
    assert!(national.contains("12393") && nanjing.contains("12393"));

    // The same in English.
    let mut args = vec!["--lang", "en", "print", "contribution-pay"];
    args.extend(PROXY);
    let national = stdout(&banshi(&args));
    args.extend(["--region", "南京"]);
    let nanjing = stdout(&banshi(&args));
    assert!(nanjing.contains("[Nanjing]"), "{nanjing}");
    assert!(!national.contains("Nanjing"), "{national}");
}

#[test]
fn a_province_rule_reaches_its_cities_and_stays_local() {
    // 福建's pharmacy rule reaches 泉州; 泉州's own rules do not reach 福建.
    let args = ["--lang", "zh-CN", "show", "remote-pharmacy", "--region"];
    let quanzhou = stdout(&banshi(&[&args[..], &["泉州"]].concat()));
    assert!(quanzhou.contains("【福建】"), "{quanzhou}");
    let filing = ["--lang", "zh-CN", "show", "remote-filing", "--region"];
    let fujian = stdout(&banshi(&[&filing[..], &["福建"]].concat()));
    assert!(!fujian.contains("【泉州】"), "{fujian}");
    let quanzhou = stdout(&banshi(&[&filing[..], &["quanzhou"]].concat()));
    assert!(quanzhou.contains("【泉州】"), "{quanzhou}");
}

/// A shipped overlay's local rules and aliases, as `banshi regions` counts them.
fn shipped_count(place: &str) -> usize {
    let path = format!("{}/flows/regions/{place}.ron", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect(&path);
    let overlay = parse_overlay(&Source { path, text }).expect("overlay parses");
    assert_eq!(overlay.region, place);
    overlay
        .flows
        .iter()
        .map(|f| f.changes.len() + f.aliases.len())
        .sum()
}

#[test]
fn regions_lists_every_place_the_articles_give_local_facts_for() {
    let out = stdout(&banshi(&["regions"]));
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    for place in [
        "nanjing", "zhejiang", "quanzhou", "wuhan", "beijing", "shanghai", "taiyuan", "hunan",
    ] {
        let row = rows
            .iter()
            .find(|r| r[0] == place)
            .unwrap_or_else(|| panic!("{place} not listed:\n{out}"));
        let count: usize = row[2].parse().expect("a rule count");
        assert!(count > 0, "{row:?}");
        assert_eq!(count, shipped_count(place), "{row:?}");
        assert!(banshi::date::Date::parse(row[3]).is_some(), "{row:?}");
        assert!(!row[4].is_empty(), "{row:?}");
    }
    // Nanjing's rules are about paying, and found by 我的南京.
    let nanjing = rows.iter().find(|r| r[0] == "nanjing").unwrap();
    assert!(nanjing[4].split(',').any(|f| f == "contribution-pay"));
}

#[test]
fn the_app_names_of_the_local_rules_find_their_flows() {
    // Whatever the searcher's region, typing a local app's name finds the
    // flow its place's rules live in.
    for (query, flow) in [
        ("我的南京", "contribution-pay"),
        ("我的南京怎么帮别人交医保", "contribution-pay"),
        ("泉州异地报销", "remote-reimburse"),
    ] {
        let out = stdout(&banshi(&["--lang", "zh-CN", "search", query]));
        let first = out.lines().next().unwrap_or_default();
        assert!(first.starts_with(&format!("{flow}\t")), "{query}: {out}");
    }
}

/// The shipped flows with a person's profile: each bound question is
/// answered from it, with the option that stands for the profile's value.
#[test]
fn one_profile_answers_the_bound_questions_of_every_shipped_flow() {
    use banshi::engine::{Profile, Session};
    use banshi::flow::Catalog;
    use std::sync::Arc;

    let today = banshi::date::Date::parse("2026-12-03").unwrap();
    let catalog = Catalog::load(None, today);
    let session = |id: &str, profile: &Profile| {
        let mut s = Session::new(Arc::new(catalog.get(id).unwrap().clone()));
        s.use_profile(profile);
        s
    };
    let employee_child = Profile {
        region: Some("nanjing".into()),
        insurance: Some("employee".into()),
        for_whom: Some("child".into()),
    };
    for (flow, question, option) in [
        ("contribution-pay", "who", "child"),
        ("card-activate", "who", "minor"),
        ("help-not-in-person", "who", "minor"),
        ("remote-pharmacy", "insurance", "employee"),
        ("family-sharing", "scheme", "employee"),
        ("balance-check", "scheme", "employee"),
    ] {
        let s = session(flow, &employee_child);
        assert_eq!(s.answer_of(question), Some(option), "{flow}");
    }
    // Paying for yourself: the insurance question is answered too.
    let employee_self = Profile {
        for_whom: Some("self".into()),
        ..employee_child.clone()
    };
    let s = session("contribution-pay", &employee_self);
    assert_eq!(s.answer_of("who"), Some("self"));
    assert_eq!(s.answer_of("type"), Some("employee"));
    // A value no option stands for leaves the question to the person.
    let flexible_other = Profile {
        region: None,
        insurance: Some("flexible".into()),
        for_whom: Some("other".into()),
    };
    for (flow, question) in [
        ("card-activate", "who"),
        ("help-not-in-person", "who"),
        ("remote-pharmacy", "insurance"),
        ("balance-check", "scheme"),
    ] {
        assert_eq!(
            session(flow, &flexible_other).answer_of(question),
            None,
            "{flow}"
        );
    }
}

/// `--region` takes a name that says where, or the one place the places
/// search finds; several are listed for the person to choose (misuse).
#[test]
fn region_names_initials_and_ambiguity_on_the_command_line() {
    let show = |lang: &str, region: &str| {
        banshi(&[
            "--lang",
            lang,
            "show",
            "contribution-pay",
            "--region",
            region,
        ])
    };
    for r in ["南京", "南京市", "Nanjing", "nanjing"] {
        let o = show("zh-CN", r);
        assert!(o.status.success(), "{r}: {o:?}");
        assert!(stdout(&o).contains("本地规定（南京）"), "{r}");
    }
    let o = show("zh-CN", "xm");
    assert!(o.status.success(), "{o:?}");
    let o = show("zh-CN", "nj");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("江苏 南京") && err.contains("四川 内江"),
        "{err}"
    );
    let o = show("en", "atlantis");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no place is called \"atlantis\""));
}
