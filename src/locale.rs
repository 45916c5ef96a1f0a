//! UI strings from `locales/zh-CN.ron` and `locales/en.ron` (compiled in).
//!
//! Keys are dotted names (`show.options`); `{name}` placeholders are filled by
//! [`Locale::fmt`]. A test checks both files have the same keys.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::flow::Lang;

const ZH_CN: &str = include_str!("../locales/zh-CN.ron");
const EN: &str = include_str!("../locales/en.ron");

/// The UI strings of one language.
#[derive(Debug)]
pub struct Locale {
    pub lang: Lang,
    strings: BTreeMap<String, String>,
}

fn parse(lang: Lang, text: &str) -> Locale {
    let strings = ron::from_str(text).unwrap_or_else(|e| {
        panic!(
            "locales/{}.ron is broken ({e}); the locale test names the line",
            lang.tag()
        )
    });
    Locale { lang, strings }
}

impl Locale {
    /// The compiled-in strings for `lang`, parsed once.
    pub fn get(lang: Lang) -> &'static Locale {
        static ZH: OnceLock<Locale> = OnceLock::new();
        static EN_L: OnceLock<Locale> = OnceLock::new();
        match lang {
            Lang::ZhCn => ZH.get_or_init(|| parse(Lang::ZhCn, ZH_CN)),
            Lang::En => EN_L.get_or_init(|| parse(Lang::En, EN)),
        }
    }

    /// The string for `key`; the key itself when missing (visible, not fatal).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The string for `key` with `{name}` placeholders replaced.
    pub fn fmt(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut s = self.t(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), &value.to_string());
        }
        s
    }

    /// The counts of a material in this language (`原件 ×1`, `复印件 ×2`),
    /// joined by `sep`; empty when there are none.
    pub fn material_counts(&self, originals: u32, copies: u32, sep: &str) -> String {
        let mut parts = Vec::new();
        if originals > 0 {
            parts.push(self.fmt("show.originals", &[("n", &originals)]));
        }
        if copies > 0 {
            parts.push(self.fmt("show.copies", &[("n", &copies)]));
        }
        parts.join(sep)
    }

    /// Where a material is used (`用于: 定点医院、合作银行网点`); `None` for no place.
    pub fn used_at(&self, places: &[crate::flow::Place]) -> Option<String> {
        (!places.is_empty()).then(|| {
            let names: Vec<&str> = places.iter().map(|p| self.t(p.locale_key())).collect();
            format!(
                "{}: {}",
                self.t("show.at"),
                names.join(self.t("tui.list_sep"))
            )
        })
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }
}

/// The language to use: the explicit choice, else `LC_ALL`, else `LANG`
/// (`en…` → English, anything else → Chinese).
pub fn detect_lang(explicit: Option<Lang>, lc_all: Option<&str>, lang: Option<&str>) -> Lang {
    if let Some(l) = explicit {
        return l;
    }
    let env = [lc_all, lang]
        .into_iter()
        .flatten()
        .find(|v| !v.trim().is_empty());
    match env {
        Some(v) if v.trim().to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::ZhCn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_parse_and_have_the_same_keys() {
        let zh: Vec<_> = Locale::get(Lang::ZhCn).keys().collect();
        let en: Vec<_> = Locale::get(Lang::En).keys().collect();
        assert!(!zh.is_empty());
        assert_eq!(
            zh, en,
            "locales/zh-CN.ron and locales/en.ron must have the same keys"
        );
    }

    #[test]
    fn every_category_and_place_has_a_name() {
        use crate::flow::{Category, Place};
        for lang in Lang::ALL {
            let l = Locale::get(lang);
            for c in Category::ALL {
                assert_ne!(l.t(c.locale_key()), c.locale_key());
            }
            for p in Place::ALL {
                assert_ne!(l.t(p.locale_key()), p.locale_key());
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let l = Locale::get(Lang::En);
        assert_eq!(
            l.fmt("error.unknown_flow", &[("id", &"x")]),
            "There is no procedure with id \"x\". Run `banshi list` to see them all."
        );
    }

    #[test]
    fn language_detection_follows_explicit_then_environment() {
        assert_eq!(
            detect_lang(Some(Lang::En), Some("zh_CN.UTF-8"), None),
            Lang::En
        );
        assert_eq!(
            detect_lang(None, Some("en_US.UTF-8"), Some("zh_CN.UTF-8")),
            Lang::En
        );
        assert_eq!(detect_lang(None, Some(""), Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(detect_lang(None, None, Some("zh_CN.UTF-8")), Lang::ZhCn);
        assert_eq!(detect_lang(None, None, Some("C")), Lang::ZhCn);
        assert_eq!(detect_lang(None, None, None), Lang::ZhCn);
    }
}
