//! Deserialising schemas once. openapiv3's schema types are untagged and flattened, so serde
//! buffers and retries every node; on real pages that was half of all generation time, while
//! about 93% of schema occurrences repeat an earlier one (corpus STATS.md). Each distinct schema
//! is deserialised once here (once per loading worker), and the operation skeleton, whose schemas have been replaced by
//! placeholders, is filled in with clones afterwards. The resulting model is the same as a plain
//! deserialisation.

use std::hash::Hasher;

use openapiv3::{
    AdditionalProperties, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use rustc_hash::{FxHashMap, FxHasher};
use serde::Deserialize;
use serde_json::Value;

use crate::json_walk::Pos;

/// Placeholder references look like `#/x-pagegen-interned/7`.
const PREFIX: &str = "#/x-pagegen-interned/";

/// Distinct schemas seen so far, across every page a worker prepares.
#[derive(Default)]
pub struct Interner {
    /// Hash of a schema's JSON (children already placeholders) -> ids with that hash.
    index: FxHashMap<u64, Vec<usize>>,
    /// The JSON of each distinct schema, to confirm a hash match.
    json: Vec<Value>,
    schemas: Vec<ReferenceOr<Schema>>,
}

impl Interner {
    /// Replaces every schema below `value` by a placeholder, deserialising new ones. On a
    /// schema the strict model rejects, the schema is left in place, so the caller's plain
    /// deserialisation reports the error with its full path.
    pub fn replace(&mut self, value: &mut Value, pos: Pos) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    self.replace(child, pos.child(key));
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.replace(item, pos.element());
                }
            }
            _ => {}
        }
        if pos == Pos::Schema && value.is_object() && value.get("$ref").is_none() {
            let mut hasher = FxHasher::default();
            hash_json(value, &mut hasher);
            let hash = hasher.finish();
            let seen =
                self.index.get(&hash).and_then(|ids| ids.iter().copied().find(|&id| same_json(&self.json[id], value)));
            let id = match seen {
                Some(id) => id,
                None => match ReferenceOr::<Schema>::deserialize(&*value) {
                    Ok(mut schema) => {
                        self.fill_schema_ref(&mut schema);
                        self.schemas.push(schema);
                        self.index.entry(hash).or_default().push(self.schemas.len() - 1);
                        self.schemas.len() - 1
                    }
                    Err(_) => return,
                },
            };
            let json = std::mem::replace(value, serde_json::json!({ "$ref": format!("{PREFIX}{id}") }));
            if seen.is_none() {
                self.json.push(json);
            }
        }
    }

    fn lookup(&self, reference: &str) -> Option<&ReferenceOr<Schema>> {
        reference.strip_prefix(PREFIX)?.parse::<usize>().ok().and_then(|id| self.schemas.get(id))
    }

    /// Puts the interned schemas back into a deserialised operation.
    pub fn fill_operation(&self, op: &mut Operation) {
        for param in &mut op.parameters {
            if let ReferenceOr::Item(param) = param {
                self.fill_parameter(param);
            }
        }
        if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
            for media in body.content.values_mut() {
                self.fill_opt(&mut media.schema);
            }
        }
        let responses = op.responses.default.iter_mut().chain(op.responses.responses.values_mut());
        for response in responses {
            if let ReferenceOr::Item(response) = response {
                for media in response.content.values_mut() {
                    self.fill_opt(&mut media.schema);
                }
                for header in response.headers.values_mut() {
                    if let ReferenceOr::Item(header) = header {
                        if let ParameterSchemaOrContent::Schema(schema) = &mut header.format {
                            self.fill_schema_ref(schema);
                        }
                    }
                }
            }
        }
        // Callbacks are operations too (the requests the API sends back).
        for item in op.callbacks.values_mut().flat_map(|callback| callback.values_mut()) {
            let ops = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete];
            let more = [&mut item.options, &mut item.head, &mut item.patch, &mut item.trace];
            for op in ops.into_iter().chain(more).flatten() {
                self.fill_operation(op);
            }
        }
    }

    fn fill_parameter(&self, param: &mut Parameter) {
        let data = match param {
            Parameter::Query { parameter_data, .. }
            | Parameter::Header { parameter_data, .. }
            | Parameter::Path { parameter_data, .. }
            | Parameter::Cookie { parameter_data, .. } => parameter_data,
        };
        match &mut data.format {
            ParameterSchemaOrContent::Schema(schema) => self.fill_schema_ref(schema),
            ParameterSchemaOrContent::Content(content) => {
                for media in content.values_mut() {
                    self.fill_opt(&mut media.schema);
                }
            }
        }
    }

    fn fill_opt(&self, schema: &mut Option<ReferenceOr<Schema>>) {
        if let Some(schema) = schema {
            self.fill_schema_ref(schema);
        }
    }

    fn fill_schema_ref(&self, schema: &mut ReferenceOr<Schema>) {
        match schema {
            ReferenceOr::Reference { reference } => {
                if let Some(found) = self.lookup(reference) {
                    *schema = found.clone();
                }
            }
            ReferenceOr::Item(item) => self.fill_schema(item),
        }
    }

    fn fill_boxed(&self, schema: &mut ReferenceOr<Box<Schema>>) {
        match schema {
            ReferenceOr::Reference { reference } => {
                if let Some(found) = self.lookup(reference) {
                    *schema = match found.clone() {
                        ReferenceOr::Item(item) => ReferenceOr::Item(Box::new(item)),
                        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
                    };
                }
            }
            ReferenceOr::Item(item) => self.fill_schema(item),
        }
    }

    fn fill_additional(&self, additional: &mut Option<AdditionalProperties>) {
        if let Some(AdditionalProperties::Schema(schema)) = additional {
            self.fill_schema_ref(schema);
        }
    }

    fn fill_schema(&self, schema: &mut Schema) {
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for property in object.properties.values_mut() {
                    self.fill_boxed(property);
                }
                self.fill_additional(&mut object.additional_properties);
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &mut array.items {
                    self.fill_boxed(items);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of: list }
            | SchemaKind::AllOf { all_of: list }
            | SchemaKind::AnyOf { any_of: list } => {
                for schema in list {
                    self.fill_schema_ref(schema);
                }
            }
            SchemaKind::Not { not } => self.fill_schema_ref(not),
            SchemaKind::Any(any) => {
                for property in any.properties.values_mut() {
                    self.fill_boxed(property);
                }
                if let Some(items) = &mut any.items {
                    self.fill_boxed(items);
                }
                self.fill_additional(&mut any.additional_properties);
                for schema in any.one_of.iter_mut().chain(&mut any.all_of).chain(&mut any.any_of) {
                    self.fill_schema_ref(schema);
                }
                if let Some(not) = &mut any.not {
                    self.fill_schema_ref(not);
                }
            }
        }
    }
}

/// Hashes JSON in document order: property order is part of a schema (it is the documented
/// order), so `{"a":1,"b":2}` and `{"b":2,"a":1}` must stay distinct, as their texts are.
fn hash_json(value: &Value, h: &mut FxHasher) {
    match value {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => h.write_u8(1 + u8::from(*b)),
        Value::Number(n) => {
            h.write_u8(3);
            std::hash::Hash::hash(n, h);
        }
        Value::String(s) => {
            h.write_u8(4);
            h.write(s.as_bytes());
            h.write_usize(s.len());
        }
        Value::Array(items) => {
            h.write_u8(5);
            h.write_usize(items.len());
            items.iter().for_each(|item| hash_json(item, h));
        }
        Value::Object(map) => {
            h.write_u8(6);
            h.write_usize(map.len());
            for (key, item) in map {
                h.write(key.as_bytes());
                h.write_usize(key.len());
                hash_json(item, h);
            }
        }
    }
}

/// Equality in document order (`Value`'s own equality ignores the order of object keys).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && same_json(a, b))
        }
        (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => false,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn hash(value: &Value) -> u64 {
        let mut h = FxHasher::default();
        hash_json(value, &mut h);
        h.finish()
    }

    #[test]
    fn key_order_is_part_of_a_schema() {
        let (a, b) = (json!({"a": 1, "b": [true, null]}), json!({"b": [true, null], "a": 1}));
        assert!(!same_json(&a, &b) && a == b, "serde_json's equality ignores order; ours must not");
        assert_ne!(hash(&a), hash(&b));
        assert!(same_json(&a, &a.clone()) && hash(&a) == hash(&a.clone()));
        assert!(!same_json(&json!({"a": "1"}), &json!({"a": 1})));
        assert_ne!(hash(&json!(["ab", "c"])), hash(&json!(["a", "bc"])));
    }

    #[test]
    fn repeated_schemas_are_deserialised_once_and_filled_back_equal() {
        let schema = json!({"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "integer"}}});
        let mut reordered =
            json!({"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}});
        let mut doc = json!({"schema": schema.clone()});
        let mut again = json!({"schema": schema.clone()});
        let mut interner = Interner::default();
        interner.replace(&mut doc, Pos::Other);
        interner.replace(&mut again, Pos::Other);
        interner.replace(&mut reordered, Pos::Schema);
        assert_eq!(doc, again, "the same placeholder");
        // A string, an integer, and two objects: their properties come in different orders.
        assert_eq!(interner.schemas.len(), 4);
        let mut filled: ReferenceOr<Schema> = serde_json::from_value(doc["schema"].clone()).unwrap();
        interner.fill_schema_ref(&mut filled);
        assert_eq!(filled, serde_json::from_value::<ReferenceOr<Schema>>(schema).unwrap());
    }
}
