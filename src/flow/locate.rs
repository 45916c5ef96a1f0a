//! Finding where in a RON file a semantic problem sits.
//!
//! serde gives no spans for values, so problems found after parsing are
//! anchored to what a maintainer would look for: the step (`id: "bank"`), then
//! a key (`next:`) or a string literal (`"unknown-step"`) inside it.

/// Where a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The step the finding is about, if any; the search starts at its `id`.
    pub step: Option<String>,
    /// A string literal inside the step (an item or option id).
    pub within: Option<String>,
    pub needle: Needle,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needle {
    /// The anchor itself (the step's id, or the whole file).
    Here,
    /// A key: `name:`.
    Key(String),
    /// A key whose value is the empty string: `name: ""`.
    EmptyKey(String),
    /// A string literal: `"value"`.
    Literal(String),
    /// A key with a given string value: `key: "value"`.
    KeyValue(String, String),
    /// A string literal after a key: `"value"` in `key: ["a", "value"]`.
    InKey(String, String),
}

impl Anchor {
    pub fn file() -> Anchor {
        Anchor {
            step: None,
            within: None,
            needle: Needle::Here,
        }
    }

    pub fn field(key: &str) -> Anchor {
        Anchor {
            step: None,
            within: None,
            needle: Needle::Key(key.into()),
        }
    }

    pub fn step(step: &str) -> Anchor {
        Anchor {
            step: Some(step.into()),
            within: None,
            needle: Needle::Here,
        }
    }

    pub fn in_step(step: Option<&str>, needle: Needle) -> Anchor {
        Anchor {
            step: step.map(Into::into),
            within: None,
            needle,
        }
    }

    /// Narrows the search to after the literal `"within"` (an item or option id).
    pub fn within(mut self, literal: &str) -> Anchor {
        self.within = Some(literal.into());
        self
    }

    /// The byte offset the anchor points at; the start of the file when
    /// nothing matches.
    pub fn offset(&self, text: &str) -> usize {
        let mut from = 0;
        if let Some(step) = &self.step {
            match find_key_value(text, "id", step, 0) {
                Some(at) => from = at,
                None => return 0,
            }
        }
        if let Some(lit) = &self.within
            && let Some(at) = find_literal(text, lit, from)
        {
            from = at;
        }
        match &self.needle {
            Needle::Here => from,
            Needle::Key(k) => find_key(text, k, from, false).unwrap_or(from),
            Needle::EmptyKey(k) => find_key(text, k, from, true).unwrap_or(from),
            Needle::Literal(l) => find_literal(text, l, from).unwrap_or(from),
            Needle::KeyValue(k, v) => find_key_value(text, k, v, from).unwrap_or(from),
            Needle::InKey(k, v) => find_key(text, k, from, false)
                .and_then(|at| find_literal(text, v, at))
                .unwrap_or(from),
        }
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// `key: "value"` at or after `from`; the offset of the key.
fn find_key_value(text: &str, key: &str, value: &str, from: usize) -> Option<usize> {
    let quoted = format!("\"{value}\"");
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(&quoted) {
        let pos = at + i;
        let before = text[..pos].trim_end();
        if let Some(b) = before.strip_suffix(':') {
            let b = b.trim_end();
            if b.ends_with(key)
                && b[..b.len() - key.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            {
                return Some(b.len() - key.len());
            }
        }
        at = pos + quoted.len();
    }
    None
}

fn find_literal(text: &str, value: &str, from: usize) -> Option<usize> {
    let quoted = format!("\"{value}\"");
    text.get(from..)?.find(&quoted).map(|i| from + i)
}

fn find_key(text: &str, key: &str, from: usize, empty_value: bool) -> Option<usize> {
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(key) {
        let pos = at + i;
        let boundary_before = text[..pos]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let rest = text[pos + key.len()..].trim_start();
        if boundary_before
            && let Some(value) = rest.strip_prefix(':')
            && (!empty_value || value.trim_start().starts_with("\"\""))
        {
            return Some(pos);
        }
        at = pos + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Flow(\n  id: \"f\",\n  steps: [\n    (\n      id: \"a\",\n      next: \"zz\",\n      title: (zh: \"\", en: \"x\"),\n    ),\n  ],\n)\n";

    #[test]
    fn finds_steps_keys_and_literals() {
        let at = |a: Anchor| line_col(TEXT, a.offset(TEXT));
        assert_eq!(at(Anchor::step("a")), (5, 7));
        assert_eq!(
            at(Anchor::in_step(Some("a"), Needle::Literal("zz".into()))),
            (6, 13)
        );
        assert_eq!(
            at(Anchor::in_step(Some("a"), Needle::EmptyKey("zh".into()))),
            (7, 15)
        );
        assert_eq!(at(Anchor::field("steps")), (3, 3));
        assert_eq!(at(Anchor::step("missing")), (1, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "(zh: \"医保\", bad)";
        assert_eq!(line_col(text, text.find("bad").unwrap()), (1, 12));
    }
}
