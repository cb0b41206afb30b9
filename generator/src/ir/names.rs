//! The one place that turns arbitrary strings from the input into Rust identifiers.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::memo::{cached, Cache};

/// Rust keywords that cannot be used as plain identifiers (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keeps ASCII letters and digits, turning everything else into word breaks.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

// heck's Unicode-aware case conversion costs about 10,000 instructions a call.
thread_local! {
    static SNAKE: Cache<String> = Cache::default();
    static CAMEL: Cache<String> = Cache::default();
}

/// `snake_case` identifier for fields, functions, parameters. Never empty, never a keyword.
pub fn snake(raw: &str) -> String {
    cached(&SNAKE, raw, convert_snake)
}

/// `UpperCamelCase` identifier for types and variants. Never empty, never a keyword.
pub fn camel(raw: &str) -> String {
    cached(&CAMEL, raw, convert_camel)
}

fn convert_snake(raw: &str) -> String {
    let mut s = words(raw).to_snake_case();
    if s.is_empty() {
        s.push_str("value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

fn convert_camel(raw: &str) -> String {
    let mut s = words(raw).to_upper_camel_case();
    if s.is_empty() {
        s.push_str("Value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'N');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // Cached: the second answer is the first.
        assert_eq!(camel("admin-reassign"), "AdminReassign");
        assert_eq!(snake("type"), "type_");
    }
}
