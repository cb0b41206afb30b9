//! Deserialising schemas once. openapiv3's schema types are untagged and flattened, so serde
//! buffers and retries every node; on real pages that was half of all generation time, while
//! about 93% of schema occurrences repeat an earlier one (corpus STATS.md). Each distinct schema
//! is deserialised once here, and the operation skeleton, whose schemas have been replaced by
//! placeholders, is filled in with clones afterwards. The resulting model is the same as a plain
//! deserialisation.

use std::collections::HashMap;

use openapiv3::{
    AdditionalProperties, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use serde_json::Value;

use crate::json_walk::Pos;

/// Placeholder references look like `#/x-pagegen-interned/7`.
const PREFIX: &str = "#/x-pagegen-interned/";

/// Distinct schemas seen so far, across every page of a run.
#[derive(Default)]
pub struct Interner {
    index: HashMap<String, usize>,
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
            let key = value.to_string();
            let id = match self.index.get(&key) {
                Some(&id) => id,
                None => match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()) {
                    Ok(mut schema) => {
                        self.fill_schema_ref(&mut schema);
                        self.schemas.push(schema);
                        self.index.insert(key, self.schemas.len() - 1);
                        self.schemas.len() - 1
                    }
                    Err(_) => return,
                },
            };
            *value = serde_json::json!({ "$ref": format!("{PREFIX}{id}") });
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
