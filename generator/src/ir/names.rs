//! The one place that turns arbitrary strings from the input into Rust identifiers.

/// Rust keywords that cannot be used as plain identifiers (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword, so not usable as a plain identifier.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The words of `raw`, split as heck 0.5 splits them: runs of ASCII letters and digits (anything
/// else is a break), broken after a lower-case letter followed by a capital (`admin|Reassign`)
/// and before the last capital of a run followed by a lower-case letter (`XML|Http`). heck
/// writes each character through a formatter, about 10,000 instructions a name; this is the
/// same split on bytes, and a test holds the two together.
fn words(raw: &str) -> Vec<&str> {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        None,
        Lower,
        Upper,
    }
    let mut out = Vec::new();
    for word in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = word.as_bytes();
        // The case of the last cased letter of the current word.
        let (mut start, mut case) = (0, Case::None);
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                out.push(&word[start..]);
                break;
            };
            let case_with_c = match c {
                b'a'..=b'z' => Case::Lower,
                b'A'..=b'Z' => Case::Upper,
                _ => case,
            };
            if case_with_c == Case::Lower && next.is_ascii_uppercase() {
                out.push(&word[start..=i]);
                (start, case) = (i + 1, Case::None);
            } else if case == Case::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                out.push(&word[start..i]);
                (start, case) = (i, Case::None);
            } else {
                case = case_with_c;
            }
        }
    }
    out
}

fn snake_words(raw: &str) -> String {
    words(raw).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_")
}

fn camel_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in words(raw) {
        let (first, rest) = word.split_at(1);
        out.push_str(&first.to_ascii_uppercase());
        out.push_str(&rest.to_ascii_lowercase());
    }
    out
}

/// `snake_case` identifier for fields, functions, parameters. Never empty, never a keyword.
pub fn snake(raw: &str) -> String {
    let mut s = snake_words(raw);
    if s.is_empty() {
        s.push_str("value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

/// `UpperCamelCase` identifier for types and variants. Never empty, never a keyword.
pub fn camel(raw: &str) -> String {
    let mut s = camel_words(raw);
    if s.is_empty() {
        s.push_str("Value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'N');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

#[cfg(test)]
mod tests {
    use heck::{ToSnakeCase, ToUpperCamelCase};

    use super::*;

    /// What pagegen called before: heck on the text with every non-alphanumeric a space.
    fn with_heck(raw: &str) -> (String, String) {
        let spaced: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
        (spaced.to_snake_case(), spaced.to_upper_camel_case())
    }

    #[test]
    fn words_split_as_heck_splits_them() {
        // Every string of up to 7 characters over lower, upper, digit, separator and non-ASCII,
        // then real names.
        let alphabet = ['a', 'B', '1', '-', 'é'];
        let mut cases = vec![String::new()];
        for len in 1..=7 {
            let mut next = Vec::new();
            for case in cases.iter().filter(|c| c.chars().count() == len - 1) {
                next.extend(alphabet.iter().map(|ch| format!("{case}{ch}")));
            }
            cases.extend(next);
        }
        let real = [
            "XMLHttpRequest",
            "getV2Items",
            "listAccessProfiles",
            "HTTPS2Go",
            "already_snake",
            "SCREAMING_CASE",
            "with space",
            "odata.type",
            "v3API",
            "ID",
            "IDs",
            "sourceIDs",
            "a1B2c3",
            "ÄÖÜ ß",
            "x--y__z",
            "AbcDEFGhi",
        ];
        cases.extend(real.iter().map(|s| s.to_string()));
        for raw in &cases {
            assert_eq!((snake_words(raw), camel_words(raw)), with_heck(raw), "{raw:?}");
        }
        assert!(cases.len() > 90_000);
    }

    #[test]
    fn identifiers_are_always_valid() {
        for raw in ["$ref", "@odata.type", "1st", "type", "", "Self", "a-b c", "\u{202e}x"] {
            assert!(syn::parse_str::<syn::Ident>(&snake(raw)).is_ok(), "{raw:?} -> {}", snake(raw));
            assert!(syn::parse_str::<syn::Ident>(&camel(raw)).is_ok(), "{raw:?} -> {}", camel(raw));
        }
        assert_eq!(snake("adminReassign"), "admin_reassign");
        assert_eq!(camel("admin-reassign"), "AdminReassign");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("1st"), "_1st");
        // The same answer on every call.
        assert_eq!(camel("admin-reassign"), "AdminReassign");
        assert_eq!(snake("type"), "type_");
    }
}
