//! `tests/examples.rs` of the generated crate: every documented example must deserialise into
//! its type and serialise back to the same JSON.
//!
//! Equality is on `serde_json::Value`s after normalising both sides: object members that are
//! `null` count as absent (an optional field is omitted when it is `None`, and an optional
//! nullable field cannot tell absent from `null` without a third state), and numbers are compared
//! as `f64` (`1` and `1.0` are the same number; an `f64` field writes `1.0`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::emit::HEADER;
use crate::format::rust_file;
use crate::ir::names::snake;
use crate::ir::types::{Kind, TypeId, TypeSpace};
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
    let cases = cases(space);
    if cases.is_empty() {
        return Ok(None);
    }
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
        rows.push((type_names[id].clone(), format!("{:?} => {},", name, raw_string(&value.to_string()))));
    }
    let mut text = format!("{HEADER}{HELPERS}");
    let width = rows.len().div_ceil(CHUNK).to_string().len();
    for (i, chunk) in rows.chunks(CHUNK).enumerate() {
        let _ = write!(text, "\n#[test]\nfn examples_{:0width$}() {{\n    let mut f = Vec::new();\n", i + 1);
        // Consecutive examples of one type share a group.
        for group in chunk.chunk_by(|a, b| a.0 == b.0) {
            let _ = writeln!(text, "    examples! {{ f, {} =>", group[0].0);
            for (_, row) in group {
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
//! Prints `pagegen-example <id> ok|FAILED <reason>` for each example.

#![allow(clippy::all)]
use serde_json::Value;

/// `examples! { failures, Type => "id" => "json", ... }` round-trips each example as `Type`.
macro_rules! examples {
    ($failures:ident, $ty:ty => $($id:literal => $json:literal,)*) => {
        $(round_trip::<$ty>(&mut $failures, $id, $json);)*
    };
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

/// The JSON pointer of the first place where `a` (documented) and `b` (typed) differ.
fn difference(a: &Value, b: &Value, path: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = difference(v, w, format!("{path}/{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}/{k} is dropped")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}/{k} is added"))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| difference(v, w, format!("{path}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} becomes {b}")),
    }
}

fn compare(documented: Value, back: Result<Value, String>) -> Result<(), String> {
    let back = back.map_err(|e| format!("the example does not deserialise: {e}"))?;
    let (documented, back) = (normalize(documented), normalize(back));
    match difference(&documented, &back, String::new()) {
        None => Ok(()),
        Some(d) => Err(format!("the example changed on its way back: {d}")),
    }
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    failures: &mut Vec<String>,
    id: &str,
    json: &str,
) {
    let documented: Value = serde_json::from_str(json).expect("the example is JSON");
    let back = serde_json::from_value::<T>(documented.clone())
        .map_err(|e| e.to_string())
        .and_then(|typed| serde_json::to_value(&typed).map_err(|e| e.to_string()));
    match compare(documented, back) {
        Ok(()) => println!("pagegen-example {id} ok"),
        Err(reason) => {
            println!("pagegen-example {id} FAILED {reason}");
            failures.push(format!("{id}: {reason}"));
        }
    }
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

/// `(type, label, value)` of every test: recorded examples, schema-level examples of named types,
/// and for named structs no recorded example covers, the object built from property examples.
fn cases(space: &TypeSpace) -> Vec<(TypeId, String, Value)> {
    let mut out = Vec::new();
    let mut covered = HashSet::new();
    for (id, label, value) in space.examples() {
        if matches!(space.node(space.resolve(*id)).kind, Kind::Any) {
            continue;
        }
        covered.insert(core(space, *id));
        out.push((*id, label.clone(), value.clone()));
    }
    let mut named: Vec<(&str, TypeId)> = space
        .ids()
        .filter(|id| space.resolve(*id) == *id)
        .filter_map(|id| space.type_name(id).map(|n| (n, id)))
        .collect();
    named.sort();
    for (name, id) in named {
        let node = space.node(id);
        let mut schema_examples: Vec<&String> = node.meta.examples.keys().collect();
        schema_examples.sort();
        for (i, text) in schema_examples.into_iter().enumerate() {
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                out.push((id, format!("{name} schema example {}", i + 1), value));
            }
        }
        if !covered.contains(&id) && matches!(node.kind, Kind::Struct(_)) {
            if let Some(value) = assemble(space, id, 0) {
                out.push((id, format!("{name} from property examples"), value));
            }
        }
    }
    out
}

/// The named type under nullable and array wrappers.
fn core(space: &TypeSpace, id: TypeId) -> TypeId {
    let id = space.resolve(id);
    match space.node(id).kind {
        Kind::Nullable(inner) | Kind::Array(inner) => core(space, inner),
        _ => id,
    }
}

/// An object built from the property examples of a struct (and of required nested structs).
fn assemble(space: &TypeSpace, id: TypeId, depth: usize) -> Option<Value> {
    let id = space.resolve(id);
    let node = space.node(id);
    let Kind::Struct(s) = &node.kind else {
        return None;
    };
    if depth > 4 {
        return None;
    }
    let mut map = serde_json::Map::new();
    for (i, field) in s.fields.iter().enumerate() {
        let example = node
            .meta
            .field_examples
            .get(i)
            .and_then(|v| v.best())
            .and_then(|text| serde_json::from_str::<Value>(text).ok());
        match example {
            Some(value) => {
                map.insert(field.name.clone(), value);
            }
            None if field.required => {
                map.insert(field.name.clone(), assemble(space, field.ty, depth + 1)?);
            }
            None => {}
        }
    }
    (!map.is_empty()).then_some(Value::Object(map))
}

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
    fn types_print_on_one_line() {
        let ty =
            quote!(Vec<::std::collections::BTreeMap<String, ::std::collections::BTreeMap<String, serde_json::Value>>>);
        assert_eq!(
            type_text(ty).unwrap(),
            "Vec<::std::collections::BTreeMap<String, ::std::collections::BTreeMap<String, serde_json::Value>>>"
        );
    }
}
