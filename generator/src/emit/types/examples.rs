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

/// Longest test function name taken from a label.
const MAX_TEST_NAME: usize = 80;

/// The example round-trip tests, if any example is known.
pub fn example_tests(space: &TypeSpace, crate_ident: &str) -> Option<TokenStream> {
    let cases = cases(space);
    if cases.is_empty() {
        return None;
    }
    let krate = format_ident!("{}", crate_ident);
    let prefix = quote!(#krate::types::);
    let mut used = BTreeSet::new();
    let tests = cases.iter().map(|(id, label, value)| {
        let mut name: String = snake(label).chars().take(MAX_TEST_NAME).collect();
        name = name.trim_end_matches('_').to_owned();
        let name = super::unique(&mut used, name, "_");
        let fname = format_ident!("{}", name);
        let ty = space.tokens_with(*id, &prefix);
        let json = Literal::string(&value.to_string());
        let doc = format!(" {label}");
        quote! {
            #[doc = #doc]
            #[test]
            fn #fname() {
                round_trip::<#ty>(#json);
            }
        }
    });
    Some(quote! {
        //! Documented examples deserialise into their types and serialise back unchanged.
        //! Object members that are `null` count as absent, and numbers compare as `f64`.
        #![allow(clippy::all)]

        fn normalize(value: serde_json::Value) -> serde_json::Value {
            use serde_json::Value;
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

        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {
            let documented: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
            let typed: T = match serde_json::from_value(documented.clone()) {
                Ok(typed) => typed,
                Err(e) => panic!("the example does not deserialise: {e}"),
            };
            let back = serde_json::to_value(&typed).expect("the value serialises");
            assert_eq!(normalize(back), normalize(documented), "the example changed on its way back");
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
