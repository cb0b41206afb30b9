//! `allOf`: the members are merged into one object schema before interning, so
//! `allOf: [A, {properties: ...}]` becomes one struct with A's fields and the extra ones (what a
//! person would write), and two spellings of the same merged object dedup like any other.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, Type};

use super::build::Builder;

/// Deepest chain of nested `allOf`s / component references followed while merging.
const MAX_DEPTH: usize = 32;

#[derive(Default)]
struct Merged {
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    objects: usize,
    /// The first member that is not an object (used when no member is an object).
    other: Option<Schema>,
    nullable: bool,
    /// Title and description of the first member that has one (when the outer schema has none).
    title: Option<String>,
    description: Option<String>,
}

/// The merged schema of `outer` (an `allOf`, possibly with its own properties in `own`).
pub(super) fn merge(
    builder: &mut Builder<'_>,
    outer: &Schema,
    members: &[ReferenceOr<Schema>],
    own: Option<&AnySchema>,
) -> Schema {
    let mut merged = Merged::default();
    for member in members {
        add_member(builder, &mut merged, member, 0);
    }
    if let Some(own) = own {
        if !own.properties.is_empty() || own.additional_properties.is_some() {
            add_object(&mut merged, &own.properties, &own.required, own.additional_properties.as_ref());
        }
    }
    let mut data = SchemaData { discriminator: None, ..outer.schema_data.clone() };
    data.nullable |= merged.nullable && merged.objects == 0;
    if data.title.is_none() && members.len() == 1 {
        data.title = merged.title.take();
    }
    // A merge of several members is a new type: only a lone member's docs carry over.
    if data.description.is_none() && members.len() == 1 {
        data.description = merged.description.take();
    }
    if merged.objects == 0 {
        if let Some(other) = merged.other {
            return Schema { schema_data: data, schema_kind: other.schema_kind };
        }
    }
    Schema {
        schema_data: data,
        schema_kind: SchemaKind::Type(Type::Object(ObjectType {
            properties: merged.properties,
            required: merged.required,
            additional_properties: merged.additional,
            ..ObjectType::default()
        })),
    }
}

fn add_member(builder: &mut Builder<'_>, merged: &mut Merged, member: &ReferenceOr<Schema>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = match member {
        ReferenceOr::Item(s) => s.clone(),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/").unwrap_or(reference);
            match builder.space.components.get(name).cloned() {
                Some(ReferenceOr::Item(s)) => s,
                Some(r @ ReferenceOr::Reference { .. }) => return add_member(builder, merged, &r, depth + 1),
                None => {
                    builder.warnings.push(crate::Warning::new(
                        None,
                        builder.place.to_owned(),
                        format!("allOf member `{reference}` names no schema component; ignored"),
                    ));
                    return;
                }
            }
        }
    };
    if merged.title.is_none() {
        merged.title = schema.schema_data.title.clone();
    }
    if merged.description.is_none() {
        merged.description = schema.schema_data.description.clone();
    }
    merged.nullable |= schema.schema_data.nullable;
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            add_object(merged, &o.properties, &o.required, o.additional_properties.as_ref())
        }
        SchemaKind::AllOf { all_of } => {
            for m in all_of {
                add_member(builder, merged, m, depth + 1);
            }
        }
        SchemaKind::Any(a) if !a.properties.is_empty() || !a.all_of.is_empty() || a.additional_properties.is_some() => {
            for m in &a.all_of {
                add_member(builder, merged, m, depth + 1);
            }
            add_object(merged, &a.properties, &a.required, a.additional_properties.as_ref());
        }
        // An empty member (`{}` or only docs) adds nothing.
        SchemaKind::Any(a) if a == &AnySchema::default() => {}
        _ => {
            if merged.other.is_none() {
                merged.other = Some(schema.clone());
            } else {
                builder.warnings.push(crate::Warning::new(
                    None,
                    builder.place.to_owned(),
                    "allOf of several non-object schemas; only the first is used",
                ));
            }
        }
    }
}

fn add_object(
    merged: &mut Merged,
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    additional: Option<&AdditionalProperties>,
) {
    merged.objects += 1;
    for (name, prop) in properties {
        // A later member restates a property: keep the more specific of the two.
        let keep_old = merged.properties.get(name).is_some_and(|old| is_empty_schema(prop) && !is_empty_schema(old));
        if !keep_old {
            merged.properties.insert(name.clone(), prop.clone());
        }
    }
    for r in required {
        if !merged.required.contains(r) {
            merged.required.push(r.clone());
        }
    }
    if let Some(a) = additional {
        merged.additional = Some(a.clone());
    }
}

fn is_empty_schema(schema: &ReferenceOr<Box<Schema>>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Any(a) if a == &AnySchema::default()))
}
