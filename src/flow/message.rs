//! The text of a diagnostic: a key of `locales/*.ron` and its arguments,
//! rendered in the reader's language where it is printed (`banshi check`,
//! the "skipped file" list). `Display` renders English, for logs and tests.

use std::fmt;

use super::Lang;
use crate::locale::Locale;

/// A message key (`flow.diag.*`) with named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument: text shown as it is (an id, a path, a number, ron's own
/// detail), or a message of its own, rendered in the same language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Msg(Message),
}

impl Message {
    pub fn new(key: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
        Message { key, args }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let locale = Locale::get(lang);
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(s) => s.clone(),
                    Arg::Msg(m) => m.render(lang),
                };
                (*name, value)
            })
            .collect();
        let args: Vec<(&str, &dyn fmt::Display)> = values
            .iter()
            .map(|(n, v)| (*n, v as &dyn fmt::Display))
            .collect();
        locale.fmt(self.key, &args)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Msg(m)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Text(n.to_string())
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Text(n.to_string())
    }
}

/// `msg!(KEY, name = value, …)` with KEY a `flow.diag.*` literal: a [`Message`]; each value is
/// anything that converts into an [`Arg`].
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::flow::Message::new(
            $key,
            vec![$((stringify!($name), $crate::flow::Arg::from($value))),*],
        )
    };
}
pub(crate) use msg;

/// The name of a text's language (`zh`, `en`; in Chinese 中文, 英文).
pub fn lang_word(tag: &str) -> Message {
    if tag == "zh" {
        msg!("flow.diag.lang_zh")
    } else {
        msg!("flow.diag.lang_en")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `flow.diag.*` key the loader, the checks and the overlays use
    /// has a text in both languages (the locale test checks the two files agree).
    #[test]
    fn every_key_used_has_a_text() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("validate.rs"),
            include_str!("library.rs"),
            include_str!("message.rs"),
            include_str!("overlay.rs"),
        ];
        let mut n = 0;
        for text in sources {
            for (at, _) in text.match_indices("msg!(\"flow.diag.") {
                let rest = &text[at + "msg!(\"".len()..];
                let key = &rest[..rest.find('"').unwrap()];
                for lang in Lang::ALL {
                    assert_ne!(Locale::get(lang).t(key), key, "{key} in {lang:?}");
                }
                n += 1;
            }
        }
        assert!(n > 50, "found only {n} keys");
    }

    #[test]
    fn arguments_are_rendered_in_the_same_language() {
        let m = msg!(
            "flow.diag.no_text",
            field = msg!("flow.diag.field_in_step", key = "title", step = "bring"),
            lang = lang_word("en"),
        );
        assert_eq!(
            m.render(Lang::En),
            "title in step \"bring\" has no en text: write it in both zh and en"
        );
        assert_eq!(
            m.render(Lang::ZhCn),
            "步骤“bring”的 title 缺少英文文本：中英文都要写"
        );
        assert_eq!(m.to_string(), m.render(Lang::En));
    }
}
