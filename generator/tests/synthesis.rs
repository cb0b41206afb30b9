//! Instances synthesised from schemas reach every branch, leave optional members out and put
//! `null` where allowed; the generated type's predicted reading of them is what the crate's
//! tests then assert (the corpus runner and the specimens confirm those predictions).

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};
use pagegen::ir::types::synth::{instances, UNDECLARED};
use serde_json::json;

fn schema(value: serde_json::Value) -> ReferenceOr<Schema> {
    serde_json::from_value(value).unwrap()
}

#[test]
fn every_branch_of_every_union_full_and_minimal() {
    let components: IndexMap<String, ReferenceOr<Schema>> = IndexMap::from([(
        "Card".to_owned(),
        schema(json!({"type": "object", "required": ["number"], "properties": {"number": {"type": "string"}}})),
    )]);
    let payment = schema(json!({
        "type": "object",
        "required": ["method"],
        "properties": {
            "note": {"type": "string", "nullable": true},
            "method": {
                "oneOf": [{"$ref": "#/components/schemas/Card"}, {"type": "integer"}, {"type": "boolean"}],
                "discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card"}}
            }
        }
    }));
    let found = instances(&payment, &components);
    let methods: Vec<&serde_json::Value> = found.iter().map(|v| &v["method"]).collect();
    // Branch 0 tagged by its mapping, branches 1 and 2, each full and minimal (deduplicated).
    assert!(
        methods.contains(&&json!({"kind": "card", "number": "text", UNDECLARED: {"kept": [true, 2]}})),
        "{found:?}"
    );
    assert!(methods.contains(&&json!({"kind": "card", "number": "text"})), "{found:?}");
    assert!(methods.contains(&&json!(1)) && methods.contains(&&json!(true)), "{found:?}");
    // Full: every member, and one the open object does not declare; minimal: required only.
    assert!(found.iter().any(|v| v.get("note") == Some(&json!("text")) && v.get(UNDECLARED).is_some()));
    assert!(found.iter().any(|v| v.as_object().unwrap().keys().eq(["method"])));
}

#[test]
fn recursion_stops_and_all_of_parts_require_each_others_members() {
    let components: IndexMap<String, ReferenceOr<Schema>> = IndexMap::from([(
        "Node".to_owned(),
        schema(
            json!({"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}),
        ),
    )]);
    let tree = schema(json!({"$ref": "#/components/schemas/Node"}));
    let found = instances(&tree, &components);
    assert!(found.contains(&json!({"children": [], UNDECLARED: {"kept": [true, 2]}})), "{found:?}");
    let all_of = schema(
        json!({"allOf": [{"required": ["id"]}, {"type": "object", "properties": {"id": {"type": "integer"}, "x": {"type": "string"}}}]}),
    );
    let found = instances(&all_of, &IndexMap::new());
    assert!(found.contains(&json!({"id": 1})), "the minimal instance keeps what a sibling requires: {found:?}");
}

#[test]
fn unions_nested_under_properties_beside_a_union_and_in_typed_maps_are_reached() {
    let none = IndexMap::new();
    // An untyped schema with properties beside a oneOf; the second branch holds an anyOf of four.
    let mixed = schema(json!({
        "required": ["id"],
        "properties": {"id": {"type": "string"}},
        "oneOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "object", "required": ["b"], "properties": {"b": {"anyOf": [
                {"type": "string"}, {"type": "integer"}, {"type": "boolean"}, {"type": "array", "items": {"type": "string"}}
            ]}}}
        ]
    }));
    let found = instances(&mixed, &none);
    let kinds: std::collections::BTreeSet<&str> = found
        .iter()
        .filter_map(|v| v.get("b"))
        .map(|b| match b {
            serde_json::Value::String(_) => "string",
            serde_json::Value::Number(_) => "integer",
            serde_json::Value::Bool(_) => "boolean",
            _ => "array",
        })
        .collect();
    // Instance k takes branch k mod n: both oneOf branches and the anyOf's four are reached.
    assert_eq!(kinds.len(), 4, "{found:#?}");
    assert!(found.iter().any(|v| v.get("a").is_some()), "{found:#?}");
    // A union as the value type of a typed map.
    let map = schema(json!({"type": "object", "additionalProperties": {"oneOf": [
        {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
    ]}}));
    let values: Vec<serde_json::Value> = instances(&map, &none)
        .iter()
        .flat_map(|v| v.as_object().unwrap().values().cloned().collect::<Vec<_>>())
        .collect();
    assert!(
        values.iter().any(|v| v.is_string())
            && values.iter().any(|v| v.is_i64())
            && values.iter().any(|v| v.is_boolean()),
        "{values:?}"
    );
}
