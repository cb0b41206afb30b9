//! The `#[cfg(...)]` that compiles an item only with the tag features that need it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::features::{Features, Gate};

/// The feature names of `gate`, none when the item is always compiled.
pub fn names<'f>(features: &'f Features, gate: &Gate) -> Vec<&'f str> {
    features.names(gate).unwrap_or_default()
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`; nothing for none.
pub fn attr(names: &[&str]) -> TokenStream {
    match names {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The same attribute as lines laid out as rustfmt does, for items the emitter lays out itself.
pub fn attr_lines(names: &[&str], indent: &str) -> Vec<String> {
    let features: Vec<String> = names.iter().map(|n| format!("feature = {n:?}")).collect();
    match features.as_slice() {
        [] => Vec::new(),
        [one] => vec![format!("{indent}#[cfg({one})]")],
        many => {
            let line = format!("{indent}#[cfg(any({}))]", many.join(", "));
            if line.len() <= 100 {
                return vec![line];
            }
            let last = many.len() - 1;
            std::iter::once(format!("{indent}#[cfg(any("))
                .chain(many.iter().enumerate().map(|(i, f)| {
                    let comma = if i == last { "" } else { "," };
                    format!("{indent}    {f}{comma}")
                }))
                .chain([format!("{indent}))]")])
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_gates_take_one_line_long_ones_one_feature_per_line() {
        assert!(attr_lines(&[], "").is_empty());
        assert_eq!(attr_lines(&["pets"], "    "), ["    #[cfg(feature = \"pets\")]"]);
        assert_eq!(attr_lines(&["a", "b"], ""), ["#[cfg(any(feature = \"a\", feature = \"b\"))]"]);
        let long: Vec<String> = (0..8).map(|i| format!("section-{i}")).collect();
        let long: Vec<&str> = long.iter().map(String::as_str).collect();
        let lines = attr_lines(&long, "");
        assert_eq!(lines.len(), 10);
        assert_eq!(lines[0], "#[cfg(any(");
        assert_eq!(lines[1], "    feature = \"section-0\",");
        assert_eq!(lines[8], "    feature = \"section-7\"");
        assert_eq!(lines[9], "))]");
        assert_eq!(attr(&["a", "b"]).to_string(), quote!(#[cfg(any(feature = "a", feature = "b"))]).to_string());
    }
}
