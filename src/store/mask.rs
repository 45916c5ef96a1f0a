//! Names as lists show them to whoever sits at the screen: masked, by the
//! usual Chinese convention. A Chinese name keeps its first character, and
//! from three characters on its last one too: `王芳` → `王*`, `张小伟` →
//! `张*伟`, `欧阳娜娜` → `欧**娜`. Other words keep their first letter and
//! always show two stars, so the length is not given away: `Li Lei` →
//! `L** L**`.

/// The masked form of `name`.
pub fn mask(name: &str) -> String {
    name.split(' ').map(mask_word).collect::<Vec<_>>().join(" ")
}

fn mask_word(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let Some(&first) = chars.first() else {
        return String::new();
    };
    if !chars.iter().any(|c| is_cjk(*c)) {
        return format!("{first}**");
    }
    match chars.len() {
        1 => "*".to_string(),
        2 => format!("{first}*"),
        n => format!("{first}{}{}", "*".repeat(n - 2), chars[n - 1]),
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}')
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn names_are_masked_by_the_usual_convention() {
        assert_eq!(mask("王芳"), "王*");
        assert_eq!(mask("张小伟"), "张*伟");
        assert_eq!(mask("欧阳娜娜"), "欧**娜");
        assert_eq!(mask("王"), "*");
        assert_eq!(mask("Li Lei"), "L** L**");
        assert_eq!(mask("Mary-Ann O"), "M** O**");
        assert_eq!(mask("li.wei"), "l**");
        assert_eq!(mask("李 Lei"), "* L**");
    }
}
