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

/// Most combinations one schema's unions are distributed into.
const MAX_COMBINATIONS: usize = 16;

/// An object composed with unions (`allOf` of an object and one or more `oneOf`/`anyOf`
/// groups, at any depth of `allOf`, or properties beside a `oneOf`) as the union of every
/// combination, each one object (`allOf` of the object parts and one branch per group): what
/// a value is, typed whole. `None` when the schema is not such a composition, or when a branch
/// is not an object (it would not merge) or the combinations are too many; the caller then
/// reads it as before, its undeclared members kept by the open object.
pub(super) fn distribute(builder: &mut Builder<'_>, schema: &Schema) -> Option<Schema> {
    // A base schema listing its subtypes under a discriminator stays a union tagged by it.
    if schema.schema_data.discriminator.is_some() {
        return None;
    }
    let composed = match &schema.schema_kind {
        SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(a) => !a.properties.is_empty() || !a.all_of.is_empty(),
        _ => false,
    };
    if !composed {
        return None;
    }
    let mut parts = Parts::default();
    parts.add_schema(builder, schema, &ReferenceOr::Item(schema.clone()), 0);
    if parts.groups.is_empty() || (parts.base.is_empty() && parts.groups.len() < 2) || parts.opaque {
        return None;
    }
    let combinations = parts.groups.iter().try_fold(1usize, |n, g| n.checked_mul(g.len()))?;
    if combinations > MAX_COMBINATIONS {
        let message = format!(
            "object composed with {} unions ({combinations} combinations) is read as one open object; \
             members of the unions are kept as undeclared",
            parts.groups.len()
        );
        builder.warnings.push(crate::Warning::new(None, builder.place.to_owned(), message));
        return None;
    }
    if !parts.groups.iter().flatten().all(|branch| is_object(builder, branch, 0)) {
        return None;
    }
    let mut variants = Vec::new();
    for index in 0..combinations {
        let mut all_of = parts.base.clone();
        let mut names = Vec::new();
        let mut rest = index;
        for group in &parts.groups {
            let branch = &group[rest % group.len()];
            rest /= group.len();
            names.push(branch_name(branch));
            all_of.push(branch.clone());
        }
        // Named after the branches it combines, where each has a name.
        let title = names.into_iter().collect::<Option<Vec<_>>>().map(|n| n.join(" "));
        let schema_data = SchemaData { title, ..SchemaData::default() };
        variants.push(ReferenceOr::Item(Schema { schema_data, schema_kind: SchemaKind::AllOf { all_of } }));
    }
    let schema_data = SchemaData { discriminator: None, ..schema.schema_data.clone() };
    Some(Schema { schema_data, schema_kind: SchemaKind::OneOf { one_of: variants } })
}

/// The object parts and the union groups of an `allOf`, nested `allOf`s flattened.
#[derive(Default)]
struct Parts {
    base: Vec<ReferenceOr<Schema>>,
    groups: Vec<Vec<ReferenceOr<Schema>>>,
    /// A member that is neither (a primitive, an unresolved reference): not distributed.
    opaque: bool,
}

impl Parts {
    fn add(&mut self, builder: &Builder<'_>, member: &ReferenceOr<Schema>, depth: usize) {
        match resolve(builder, member, depth) {
            Some(schema) => self.add_schema(builder, &schema, member, depth),
            None => self.opaque = true,
        }
    }

    /// Adds `schema` (which `member` is, or refers to).
    fn add_schema(&mut self, builder: &Builder<'_>, schema: &Schema, member: &ReferenceOr<Schema>, depth: usize) {
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of: g } | SchemaKind::AnyOf { any_of: g } => self.groups.push(g.clone()),
            SchemaKind::AllOf { all_of } => all_of.iter().for_each(|m| self.add(builder, m, depth + 1)),
            SchemaKind::Any(a) if !a.one_of.is_empty() || !a.any_of.is_empty() || !a.all_of.is_empty() => {
                a.all_of.iter().for_each(|m| self.add(builder, m, depth + 1));
                for group in [&a.one_of, &a.any_of].into_iter().filter(|g| !g.is_empty()) {
                    self.groups.push(group.clone());
                }
                // Its own properties are one more object part.
                if !a.properties.is_empty() || a.additional_properties.is_some() {
                    let own = AnySchema {
                        properties: a.properties.clone(),
                        required: a.required.clone(),
                        additional_properties: a.additional_properties.clone(),
                        ..AnySchema::default()
                    };
                    let schema_kind = SchemaKind::Any(own);
                    self.base.push(ReferenceOr::Item(Schema { schema_data: SchemaData::default(), schema_kind }));
                }
            }
            _ if is_object(builder, member, depth) => self.base.push(member.clone()),
            // Docs only (`{description: ...}`): adds nothing.
            SchemaKind::Any(a) if a == &AnySchema::default() => {}
            _ => self.opaque = true,
        }
    }
}

fn resolve(builder: &Builder<'_>, member: &ReferenceOr<Schema>, depth: usize) -> Option<Schema> {
    if depth > MAX_DEPTH {
        return None;
    }
    match member {
        ReferenceOr::Item(schema) => Some(schema.clone()),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            resolve(builder, builder.space.components.get(name)?, depth + 1)
        }
    }
}

/// Whether every value `member` accepts is an object (so it merges with the other parts).
fn is_object(builder: &Builder<'_>, member: &ReferenceOr<Schema>, depth: usize) -> bool {
    let Some(schema) = resolve(builder, member, depth) else {
        return false;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => true,
        SchemaKind::AllOf { all_of } => all_of.iter().any(|m| is_object(builder, m, depth + 1)),
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("object")
                || (!a.properties.is_empty() && a.typ.is_none() && a.items.is_none())
                || a.all_of.iter().any(|m| is_object(builder, m, depth + 1))
        }
        _ => false,
    }
}

/// A branch's name: its component's, else its title.
fn branch_name(branch: &ReferenceOr<Schema>) -> Option<String> {
    match branch {
        ReferenceOr::Reference { reference } => reference.rsplit('/').next().map(str::to_owned),
        ReferenceOr::Item(schema) => schema.schema_data.title.clone(),
    }
}
