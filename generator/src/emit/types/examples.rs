//! `tests/examples.rs` of the generated crate: every documented example must deserialise into
//! its type and serialise back to the same JSON.
//!
//! Equality is on `serde_json::Value`s after normalising both sides: object members that are
//! `null` count as absent (an optional field is omitted when it is `None`, and an optional
//! nullable field cannot tell absent from `null` without a third state), and numbers are compared
//! as `f64` (`1` and `1.0` are the same number; an `f64` field writes `1.0`).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::Style;
use crate::emit::{gate, HEADER};
use crate::format::rust_file;
use crate::ir::names::snake;
use crate::ir::types::check::{check, documented_examples, Contradiction, Decoder};
use crate::ir::types::TypeSpace;
use crate::Error;

/// Longest example id taken from a label.
const MAX_ID: usize = 80;

/// Examples per test function: few functions keep the file small and quick to format and build,
/// and a failing example never hides the others (each function checks all of its examples).
const CHUNK: usize = 64;

/// The example round-trip tests, if any example is known, as the text of `tests/examples.rs`.
///
/// Each example has an id (its label in snake case, made unique). The tests print one line per
/// example, `pagegen-example <id> ok` or `pagegen-example <id> FAILED <reason>`, so runners can
/// count examples; a test function fails listing every failing example of its chunk.
///
/// The examples are a table, one line each, inside `examples! { ... }` invocations: written as
/// text, since a formatter would spread each one over several lines (rustfmt leaves the bodies
/// of brace-delimited macros as they are).
pub fn example_tests(space: &TypeSpace, crate_ident: &str) -> Result<Option<String>, Error> {
    example_tests_with(space, crate_ident, &Style::default())
}

/// The example tests of types written in `style`: each test function is compiled with the tag
/// features of its examples' types.
pub fn example_tests_with(space: &TypeSpace, crate_ident: &str, style: &Style) -> Result<Option<String>, Error> {
    let mut cases = documented_examples(space);
    cases.extend(space.synthesised().iter().cloned());
    if cases.is_empty() {
        return Ok(None);
    }
    let decoder = if style.serde_derive { Decoder::SerdeDerive } else { Decoder::FromJson };
    let krate = format_ident!("{}", crate_ident);
    let prefix = quote!(#krate::types::);
    let mut used = BTreeSet::new();
    let mut type_names = HashMap::new();
    let mut rows = Vec::with_capacity(cases.len());
    for (id, label, value) in &cases {
        let mut name: String = snake(label).chars().take(MAX_ID).collect();
        name = name.trim_end_matches('_').to_owned();
        let name = super::unique(&mut used, name, "_");
        if !type_names.contains_key(id) {
            type_names.insert(*id, type_text(space.tokens_with(*id, &prefix))?);
        }
        // A contradicting example asserts the failure pagegen predicts, so a corrected page or a
        // changed type shows up as a failing test.
        let expected = match check(space, *id, value, decoder) {
            Ok(()) => String::new(),
            Err(Contradiction::Decode { pointer, .. }) => format!(" => Decode({})", Literal::string(&pointer)),
            Err(Contradiction::Changed { pointer, .. }) => format!(" => Changed({})", Literal::string(&pointer)),
        };
        let gate = style.gate(space.resolve(*id));
        rows.push((
            gate,
            type_names[id].clone(),
            format!("{:?} => {}{expected},", name, raw_string(&json_text(value))),
        ));
    }
    // The examples of always compiled types first, then those of each set of features.
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let chunks: Vec<&[_]> = rows.chunk_by(|a, b| a.0 == b.0).flat_map(|same| same.chunks(CHUNK)).collect();
    // Without a test for every build, the helpers are compiled only where some test is.
    let mut gates: BTreeSet<&str> = BTreeSet::new();
    let always = chunks.iter().any(|chunk| {
        gates.extend(chunk[0].0.iter().copied());
        chunk[0].0.is_empty()
    });
    let gates: Vec<&str> = if always { Vec::new() } else { gates.into_iter().collect() };
    let (docs, rest) = HELPERS.split_at(HELPERS.find("\n\n").unwrap_or(0) + 2);
    let inner: String = gate::attr_lines(&gates, "").iter().map(|l| l.replacen("#[", "#![", 1) + "\n").collect();
    let read = match decoder {
        Decoder::FromJson => READ_FROM_JSON.replace("KRATE", crate_ident),
        Decoder::SerdeDerive => READ_BY_SERDE.to_owned(),
    };
    let mut text = format!("{HEADER}{docs}{inner}{rest}{read}");
    let width = chunks.len().to_string().len();
    for (i, chunk) in chunks.into_iter().enumerate() {
        text.push('\n');
        for line in gate::attr_lines(&chunk[0].0, "") {
            text.push_str(&line);
            text.push('\n');
        }
        let _ = write!(text, "#[test]\nfn examples_{:0width$}() {{\n    let mut f = Vec::new();\n", i + 1);
        // Consecutive examples of one type share a group.
        for group in chunk.chunk_by(|a, b| a.1 == b.1) {
            let _ = writeln!(text, "    examples! {{ f, {} =>", group[0].1);
            for (_, _, row) in group {
                let _ = writeln!(text, "        {row}");
            }
            text.push_str("    }\n");
        }
        text.push_str("    finish(f);\n}\n");
    }
    // Written as text, so checked as the formatter checks tokens: a pagegen bug must not become
    // a file that does not compile.
    syn::parse_file(&text).map_err(|e| Error::new(format!("internal error: the example tests do not parse: {e}")))?;
    Ok(Some(text))
}

/// A value's JSON text with the characters rustc rejects in literals (bidirectional controls,
/// which could make the code read differently from how it compiles) written as `\uXXXX`.
fn json_text(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if !text.chars().any(is_bidi) {
        return text;
    }
    text.chars().map(|c| if is_bidi(c) { format!("\\u{:04x}", c as u32) } else { c.to_string() }).collect()
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `r#"text"#`, with as many `#` as it takes.
fn raw_string(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// A type on one line as rustfmt writes it (`Vec<krate::types::Name>`), printed through a file
/// and joined where the printer broke it.
fn type_text(ty: TokenStream) -> Result<String, Error> {
    let file = rust_file(|| quote!(type T = #ty;))?;
    let printed = file.split_once("type T = ").and_then(|(_, rest)| rest.split_once(';')).map(|(ty, _)| ty);
    let printed =
        printed.ok_or_else(|| Error::new(format!("internal error: an example's type does not print: {file}")))?;
    let joined = printed.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    Ok(joined.replace("< ", "<").replace(" >", ">").replace(",>", ">"))
}

/// The part of the file before the tests, as rustfmt writes it.
const HELPERS: &str = r#"//! Documented examples deserialise into their types and serialise back unchanged.
//! Object members that are `null` count as absent, and numbers compare as `f64`.
//! An example that contradicts its schema asserts the failure pagegen predicted for it.
//! Prints `pagegen-example <id> ok|contradiction|FAILED <reason>` for each example.

#![allow(clippy::all)]
use serde_json::Value;

/// `examples! { failures, Type => "id" => "json" [=> Decode|Changed("/pointer")], ... }` checks
/// each example as `Type`.
macro_rules! examples {
    ($failures:ident, $ty:ty => $($id:literal => $json:literal $(=> $kind:ident($at:literal))?,)*) => {
        $(check::<$ty>(&mut $failures, $id, $json, None $(.or(Some(Outcome::$kind($at.into()))))?);)*
    };
}

/// What happened to an example: read and written back unchanged (`None`), not read (where the
/// decoder says), or read and written back changed (the first difference).
#[derive(Debug, PartialEq)]
enum Outcome {
    Decode(String),
    Changed(String),
}

fn normalize(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, normalize(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Number(n), Value::Number),
        other => other,
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The JSON pointer of the first place where `a` (documented) and `b` (typed) differ, and how.
fn difference(a: &Value, b: &Value, path: String) -> Option<(String, String)> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let at = format!("{path}/{}", escape(k));
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = difference(v, w, at) {
                            return Some(d);
                        }
                    }
                    None => return Some((at, "is dropped".into())),
                }
            }
            let added = y.keys().find(|k| !x.contains_key(*k))?;
            Some((format!("{path}/{}", escape(added)), "is added".into()))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| difference(v, w, format!("{path}/{i}"))),
        _ if a == b => None,
        _ => Some((path, format!("changes from {a} to {b}"))),
    }
}

/// A type the examples are read into and written back from.
trait Example: serde::Serialize + Sized {
    /// The value read, or where (a JSON pointer) and why it does not fit.
    fn read(value: Value) -> Result<Self, (String, String)>;
}

/// Reads `json` as `T` and writes it back: what happened, and a sentence saying so.
fn outcome<T: Example>(json: &str) -> (Option<Outcome>, String) {
    let documented: Value = serde_json::from_str(json).expect("the example is JSON");
    let typed = match T::read(documented.clone()) {
        Ok(typed) => typed,
        Err((at, message)) => {
            let why = format!("the example does not deserialise: at `{at}`: {message}");
            return (Some(Outcome::Decode(at)), why);
        }
    };
    let back = serde_json::to_value(&typed).expect("a typed value serialises");
    match difference(&normalize(documented), &normalize(back), String::new()) {
        None => (None, String::new()),
        Some((at, what)) => {
            let why = format!("the example changed on its way back: `{at}` {what}");
            (Some(Outcome::Changed(at)), why)
        }
    }
}

fn check<T: Example>(
    failures: &mut Vec<String>,
    id: &str,
    json: &str,
    predicted: Option<Outcome>,
) {
    let (outcome, why) = outcome::<T>(json);
    let failure = match (&predicted, &outcome) {
        (None, None) => {
            println!("pagegen-example {id} ok");
            return;
        }
        (Some(_), _) if predicted == outcome => {
            println!("pagegen-example {id} contradiction {why}");
            return;
        }
        (None, Some(_)) => why,
        (Some(p), None) => format!("pagegen predicted {p:?}, but the example round-trips"),
        (Some(p), Some(_)) => format!("pagegen predicted {p:?}, but {why}"),
    };
    println!("pagegen-example {id} FAILED {failure}");
    failures.push(format!("{id}: {failure}"));
}

fn finish(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
"#;

/// How the example tests read a value: as the client does, through `FromJson`.
const READ_FROM_JSON: &str = r#"
impl<T: KRATE::runtime::FromJson + serde::Serialize> Example for T {
    fn read(value: Value) -> Result<Self, (String, String)> {
        T::from_json(value).map_err(|misfit| (misfit.pointer(), misfit.message().to_owned()))
    }
}
"#;

/// How the example tests read a value with serde's derive: through `Deserialize`, the path
/// tracked by `serde_path_to_error`.
const READ_BY_SERDE: &str = r#"
impl<T: serde::de::DeserializeOwned + serde::Serialize> Example for T {
    fn read(value: Value) -> Result<Self, (String, String)> {
        serde_path_to_error::deserialize(value).map_err(|e| (pointer(e.path()), e.inner().to_string()))
    }
}

/// A decoder's path as a JSON pointer.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .map(|segment| match segment {
            Segment::Seq { index } => format!("/{index}"),
            Segment::Map { key } | Segment::Enum { variant: key } => format!("/{}", escape(key)),
            Segment::Unknown => "/?".into(),
        })
        .collect()
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_outlast_their_text() {
        assert_eq!(raw_string(r#"{"a":1}"#), r###"r#"{"a":1}"#"###);
        // `"#` inside the JSON (an escaped quote before a hash) needs a second `#`.
        let text = r##"{"k":"\"#"}"##;
        let literal = raw_string(text);
        assert_eq!(literal, r####"r##"{"k":"\"#"}"##"####);
        assert_eq!(syn::parse_str::<syn::LitStr>(&literal).unwrap().value(), text);
    }

    #[test]
    fn bidi_controls_are_escaped_in_example_text() {
        let value = serde_json::json!({"a\u{202e}b": "c\u{2066}d"});
        let text = json_text(&value);
        assert_eq!(text, r#"{"a\u202eb":"c\u2066d"}"#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }

    #[test]
    fn types_print_on_one_line() {
        let ty =
            quote!(Vec<::std::collections::BTreeMap<String, ::std::collections::BTreeMap<String, serde_json::Value>>>);
        assert_eq!(
            type_text(ty).unwrap(),
            "Vec<::std::collections::BTreeMap<String, ::std::collections::BTreeMap<String, serde_json::Value>>>"
        );
    }
}
