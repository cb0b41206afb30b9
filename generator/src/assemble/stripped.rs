//! Union branches the plugin emptied. Before 4.2 it writes the page body from the schema and
//! deletes each anyOf/oneOf branch's `properties` (and `allOf`, `items`) on the way, before `api:`
//! is serialised; the branch keeps its `title` (the component's name) and `required`. Where
//! another page, or another place on the same page, still has the schema of that title whole,
//! the branch is filled from it; otherwise its members stay undeclared (kept whole in the open
//! object) and a warning says why the branch is untyped.
//!
//! The tolerance pass marks such branches ([`MARKER`]); once every input is in, [`fill`] walks
//! the typed model three times (titles wanted, whole schemas of those titles, the fill), never
//! copying more than the schemas it fills from.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use openapiv3::{
    AdditionalProperties, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use serde_json::Value;

use crate::Warning;

/// Set by the tolerance pass on an emptied branch: the names its `required` listed.
pub const MARKER: &str = "x-pagegen-stripped";

/// Keys that give a schema its shape: a branch without any of them was emptied.
pub const SHAPE: &[&str] =
    &["properties", "allOf", "oneOf", "anyOf", "items", "$ref", "enum", "const", "additionalProperties", "not"];

/// Whole schemas kept per title to fill from (the same component is copied on many pages).
const MAX_SOURCES: usize = 4;

/// Something that visits every schema of the assembled model: `(file, place, schema)`.
pub type Visit<'a> = dyn FnMut(&Path, &str, &mut Schema) + 'a;

/// Fills the marked branches that a whole schema of the same title can fill, warns about the
/// others, and removes every marker. `each` calls its argument with every schema of the model.
pub fn fill(mut each: impl FnMut(&mut Visit<'_>), warnings: &mut Vec<Warning>) {
    let mut wanted = HashSet::new();
    each(&mut |_, _, schema| {
        if schema.schema_data.extensions.contains_key(MARKER) {
            wanted.extend(schema.schema_data.title.clone());
        }
    });
    let mut sources: HashMap<String, Vec<(Schema, PathBuf)>> = HashMap::new();
    each(&mut |file, _, schema| {
        let Some(title) = schema.schema_data.title.as_ref().filter(|t| wanted.contains(*t)) else { return };
        if schema.schema_data.extensions.contains_key(MARKER) || !has_shape(schema) {
            return;
        }
        let kept = sources.entry(title.clone()).or_default();
        if kept.len() < MAX_SOURCES && !kept.iter().any(|(s, _)| s == schema) {
            kept.push((schema.clone(), file.to_path_buf()));
        }
    });
    each(&mut |file, place, schema| {
        let Some(marker) = schema.schema_data.extensions.shift_remove(MARKER) else { return };
        let required: Vec<&str> = marker.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let title = schema.schema_data.title.clone().unwrap_or_default();
        // The first whole schema of that title that declares every member the branch requires.
        let source = sources.get(&title).into_iter().flatten().find(|(s, _)| required.iter().all(|r| declares(s, r)));
        if let Some((whole, from)) = source {
            let message = format!(
                "`{title}` was emptied by the plugin (versions before 4.2 lose union branches from `api:`); \
                 filled from the whole schema in {}",
                from.display()
            );
            warnings.push(Warning::new(Some(file), place, message));
            *schema = whole.clone();
        } else if !required.is_empty() {
            // A branch with only a title may be a free-form object by design; one that requires
            // members it does not declare was emptied.
            let title = if title.is_empty() { title } else { format!(" `{title}`") };
            let message = format!(
                "union branch{title} requires {} but declares no properties: plugin versions before 4.2 lose \
                 them from `api:`, and no input has the schema whole; its members are kept as undeclared",
                required.join(", ")
            );
            warnings.push(Warning::new(Some(file), place, message));
        }
    });
}

fn has_shape(schema: &Schema) -> bool {
    !matches!(&schema.schema_kind, SchemaKind::Any(a) if a.properties.is_empty()
        && a.all_of.is_empty() && a.one_of.is_empty() && a.any_of.is_empty()
        && a.items.is_none() && a.additional_properties.is_none() && a.enumeration.is_empty() && a.not.is_none())
}

fn declares(schema: &Schema, name: &str) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.contains_key(name),
        SchemaKind::Any(a) if !a.properties.is_empty() => a.properties.contains_key(name),
        // Composed: its parts are not looked into; taken as declaring it.
        _ => true,
    }
}

/// Calls `visit` with every schema of `op` (parameters, bodies, responses and their headers,
/// callbacks), and `place` extended with its JSON pointer.
pub fn operation(op: &mut Operation, file: &Path, place: &mut String, visit: &mut Visit<'_>) {
    let len = place.len();
    for (i, param) in op.parameters.iter_mut().enumerate() {
        let ReferenceOr::Item(param) = param else { continue };
        let (Parameter::Query { parameter_data: data, .. }
        | Parameter::Header { parameter_data: data, .. }
        | Parameter::Path { parameter_data: data, .. }
        | Parameter::Cookie { parameter_data: data, .. }) = param;
        push(place, &format!("parameters/{i}"));
        match &mut data.format {
            ParameterSchemaOrContent::Schema(schema) => within(schema, file, place, "schema", visit),
            ParameterSchemaOrContent::Content(content) => {
                for (media, m) in content.iter_mut() {
                    if let Some(schema) = &mut m.schema {
                        within(schema, file, place, &format!("content/{}/schema", escape(media)), visit);
                    }
                }
            }
        }
        place.truncate(len);
    }
    if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
        for (media, m) in body.content.iter_mut() {
            if let Some(schema) = &mut m.schema {
                within(schema, file, place, &format!("requestBody/content/{}/schema", escape(media)), visit);
            }
        }
    }
    let default = op.responses.default.iter_mut().map(|r| ("default".to_owned(), r));
    let statuses = op.responses.responses.iter_mut().map(|(status, r)| (status.to_string(), r));
    for (status, response) in default.chain(statuses) {
        let ReferenceOr::Item(response) = response else { continue };
        for (media, m) in response.content.iter_mut() {
            if let Some(schema) = &mut m.schema {
                within(schema, file, place, &format!("responses/{status}/content/{}/schema", escape(media)), visit);
            }
        }
        for (name, header) in response.headers.iter_mut() {
            if let ReferenceOr::Item(header) = header {
                if let ParameterSchemaOrContent::Schema(schema) = &mut header.format {
                    within(schema, file, place, &format!("responses/{status}/headers/{}/schema", escape(name)), visit);
                }
            }
        }
    }
    for (name, callback) in op.callbacks.iter_mut() {
        for (expression, item) in callback.iter_mut() {
            for (method, op) in super::paths::operations_mut(item) {
                push(place, &format!("callbacks/{}/{}/{method}", escape(name), escape(expression)));
                operation(op, file, place, visit);
                place.truncate(len);
            }
        }
    }
}

/// [`tree`] of `schema` at `relative` below `place`.
fn within(schema: &mut ReferenceOr<Schema>, file: &Path, place: &mut String, relative: &str, visit: &mut Visit<'_>) {
    let len = place.len();
    push(place, relative);
    if let ReferenceOr::Item(schema) = schema {
        tree(schema, file, place, visit);
    }
    place.truncate(len);
}

/// Calls `visit` with `schema` (at `place`), then with every schema inside it.
pub fn tree(schema: &mut Schema, file: &Path, place: &mut String, visit: &mut Visit<'_>) {
    visit(file, place, schema);
    let (properties, items, lists, not, additional) = match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            (Some(&mut o.properties), None, vec![], None, o.additional_properties.as_mut())
        }
        SchemaKind::Type(Type::Array(a)) => (None, a.items.as_mut(), vec![], None, None),
        SchemaKind::OneOf { one_of } => (None, None, vec![("oneOf", one_of)], None, None),
        SchemaKind::AnyOf { any_of } => (None, None, vec![("anyOf", any_of)], None, None),
        SchemaKind::AllOf { all_of } => (None, None, vec![("allOf", all_of)], None, None),
        SchemaKind::Not { not } => (None, None, vec![], Some(not.as_mut()), None),
        SchemaKind::Any(a) => {
            let lists = vec![("allOf", &mut a.all_of), ("oneOf", &mut a.one_of), ("anyOf", &mut a.any_of)];
            (Some(&mut a.properties), a.items.as_mut(), lists, a.not.as_deref_mut(), a.additional_properties.as_mut())
        }
        SchemaKind::Type(_) => return,
    };
    for (name, property) in properties.into_iter().flatten() {
        boxed(property, file, place, &format!("properties/{}", escape(name)), visit);
    }
    if let Some(items) = items {
        boxed(items, file, place, "items", visit);
    }
    for (key, list) in lists {
        for (i, child) in list.iter_mut().enumerate() {
            within(child, file, place, &format!("{key}/{i}"), visit);
        }
    }
    if let Some(not) = not {
        within(not, file, place, "not", visit);
    }
    if let Some(AdditionalProperties::Schema(child)) = additional {
        within(child, file, place, "additionalProperties", visit);
    }
}

fn boxed(
    schema: &mut ReferenceOr<Box<Schema>>,
    file: &Path,
    place: &mut String,
    relative: &str,
    visit: &mut Visit<'_>,
) {
    if let ReferenceOr::Item(schema) = schema {
        let len = place.len();
        push(place, relative);
        tree(schema, file, place, visit);
        place.truncate(len);
    }
}

fn push(place: &mut String, relative: &str) {
    place.push('/');
    place.push_str(relative);
}

/// A key as a JSON pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
