//! `tests/examples.rs` of the generated crate: every documented example must deserialise into
//! its type and serialise back to the same JSON.
//!
//! Equality is on `serde_json::Value`s after normalising both sides: object members that are
//! `null` count as absent (an optional field is omitted when it is `None`, and an optional
//! nullable field cannot tell absent from `null` without a third state), and numbers are compared
//! as `f64` (`1` and `1.0` are the same number; an `f64` field writes `1.0`).

use std::collections::{BTreeSet, HashSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::ir::names::snake;
use crate::ir::types::{Kind, TypeId, TypeSpace};

/// Longest example id taken from a label.
const MAX_ID: usize = 80;

/// Examples per test function: few functions keep the file small and quick to format and build,
/// and a failing example never hides the others (each function checks all of its examples).
const CHUNK: usize = 64;

/// The example round-trip tests, if any example is known.
///
/// Each example has an id (its label in snake case, made unique). The tests print one line per
/// example, `pagegen-example <id> ok` or `pagegen-example <id> FAILED <reason>`, so runners can
/// count examples; a test function fails listing every failing example of its chunk.
pub fn example_tests(space: &TypeSpace, crate_ident: &str) -> Option<TokenStream> {
    let cases = cases(space);
    if cases.is_empty() {
        return None;
    }
    let krate = format_ident!("{}", crate_ident);
    let prefix = quote!(#krate::types::);
    let mut used = BTreeSet::new();
    let calls: Vec<TokenStream> = cases
        .iter()
        .map(|(id, label, value)| {
            let mut name: String = snake(label).chars().take(MAX_ID).collect();
            name = name.trim_end_matches('_').to_owned();
            let name = super::unique(&mut used, name, "_");
            let ty = space.tokens_with(*id, &prefix);
            let json = Literal::string(&value.to_string());
            quote!(round_trip::<#ty>(&mut f, #name, #label, #json);)
        })
        .collect();
    let width = calls.len().div_ceil(CHUNK).to_string().len();
    let tests = calls.chunks(CHUNK).enumerate().map(|(i, chunk)| {
        let fname = format_ident!("examples_{:0width$}", i + 1);
        quote! {
            #[test]
            fn #fname() {
                let mut f = Vec::new();
                #(#chunk)*
                finish(f);
            }
        }
    });
    Some(quote! {
        //! Documented examples deserialise into their types and serialise back unchanged.
        //! Object members that are `null` count as absent, and numbers compare as `f64`.
        //! Prints `pagegen-example <id> ok|FAILED <reason>` for each example.
        #![allow(clippy::all)]

        use serde_json::Value;

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
                    y.keys().find(|k| !x.contains_key(*k)).map(|k| format!("{path}/{k} is added"))
                }
                (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                    x.iter().zip(y).enumerate().find_map(|(i, (v, w))| difference(v, w, format!("{path}/{i}")))
                }
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
            label: &str,
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
                    failures.push(format!("{id} ({label}): {reason}"));
                }
            }
        }

        fn finish(failures: Vec<String>) {
            assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
        }

        #(#tests)*
    })
}

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
