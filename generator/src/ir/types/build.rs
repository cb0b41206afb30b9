//! Schema -> interned nodes. Every schema node is visited once per occurrence and interned with
//! its children's ids, so the work is linear in the input and identical structures meet in
//! `TypeSpace::intern`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::{compose, Field, Kind, Meta, StrFormat, Struct, TypeId, TypeSpace, Union, Usage, Votes};
use crate::ir::names::camel;
use crate::Warning;

/// Deeper nesting than this is read as any value (real pages nest 11 levels at most).
const MAX_DEPTH: usize = 64;

const COMPONENT_PREFIX: &str = "#/components/schemas/";

pub(super) struct Builder<'a> {
    pub space: &'a mut TypeSpace,
    pub usage: Usage,
    pub warnings: &'a mut Vec<Warning>,
    /// Where the schema is used, for warnings.
    pub place: &'a str,
    /// Reused for the JSON text of examples.
    pub scratch: String,
}

impl Builder<'_> {
    fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(Warning::new(None, self.place.to_owned(), message));
    }

    fn any(&mut self) -> TypeId {
        self.space.intern(Kind::Any).0
    }

    pub fn schema_or_ref(&mut self, schema: &ReferenceOr<Schema>, depth: usize) -> TypeId {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, depth),
            ReferenceOr::Item(schema) => self.schema(schema, depth),
        }
    }

    pub fn boxed_or_ref(&mut self, schema: &ReferenceOr<Box<Schema>>, depth: usize) -> TypeId {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, depth),
            ReferenceOr::Item(schema) => self.schema(schema, depth),
        }
    }

    fn reference(&mut self, reference: &str, depth: usize) -> TypeId {
        let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) else {
            self.warn(format!("`$ref: {reference}` is not a schema component; read as any value"));
            return self.any();
        };
        let name = name.to_owned();
        let cyclic = self.space.cyclic.contains(&name);
        if let Some(&id) = self.space.component_ids.get(&name) {
            self.space.nodes[id.0].meta.uses += 1;
            return if cyclic { self.ref_node(&name) } else { id };
        }
        if self.space.building.contains(&name) {
            return self.ref_node(&name);
        }
        let Some(schema) = self.space.components.get(&name).cloned() else {
            self.warn(format!("`$ref: {reference}` names no schema component; read as any value"));
            return self.any();
        };
        self.space.building.insert(name.clone());
        let id = self.schema_or_ref(&schema, depth + 1);
        self.space.building.remove(&name);
        let id = self.space.resolve(id);
        self.space.nodes[id.0].meta.components.insert(name.clone());
        self.space.component_ids.insert(name.clone(), id);
        if cyclic {
            self.ref_node(&name)
        } else {
            id
        }
    }

    fn ref_node(&mut self, name: &str) -> TypeId {
        self.space.intern(Kind::Ref(name.to_owned())).0
    }

    pub fn schema(&mut self, schema: &Schema, depth: usize) -> TypeId {
        if depth > MAX_DEPTH {
            self.warn("schema nested too deeply; read as any value");
            return self.any();
        }
        let data = &schema.schema_data;
        let mut facts = Facts {
            title: data.title.as_deref().map(str::trim).filter(|t| !t.is_empty()),
            description: data.description.as_deref().filter(|d| !d.trim().is_empty()),
            example: data.example.as_ref(),
            deprecated: data.deprecated,
            fields: Vec::new(),
        };
        let mut nullable = data.nullable;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let format = match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                    _ => None,
                };
                nullable |= s.enumeration.iter().any(Option::is_none);
                let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
                self.string(format, &values)
            }
            SchemaKind::Type(Type::Integer(i)) => Kind::Integer(int_bits(&i.format)),
            SchemaKind::Type(Type::Number(_)) => Kind::Number,
            SchemaKind::Type(Type::Boolean(_)) => Kind::Boolean,
            SchemaKind::Type(Type::Object(o)) => {
                self.object(&o.properties, &o.required, o.additional_properties.as_ref(), &mut facts, depth)
            }
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), depth),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.union(members, data.discriminator.as_ref(), depth)
            }
            SchemaKind::AllOf { all_of } => {
                if let Some(union) = compose::distribute(self, schema) {
                    return self.schema(&union, depth + 1);
                }
                let merged = compose::merge(self, schema, all_of, None);
                return self.schema(&merged, depth + 1);
            }
            SchemaKind::Not { .. } => Kind::Any,
            SchemaKind::Any(any) => {
                if let Some(union) = compose::distribute(self, schema) {
                    return self.schema(&union, depth + 1);
                }
                if !any.all_of.is_empty() {
                    let merged = compose::merge(self, schema, &any.all_of, Some(any));
                    return self.schema(&merged, depth + 1);
                }
                self.any_schema(any, data, &mut facts, &mut nullable, depth)
            }
        };
        let id = match kind {
            // A union of one distinct member is that member.
            Kind::Union(u) if u.variants.len() == 1 && u.tag.is_none() => {
                let id = u.variants[0];
                let target = self.space.resolve(id);
                let meta = &mut self.space.nodes[target.0].meta;
                meta.titles.extend(facts.title);
                meta.descriptions.extend(facts.description);
                id
            }
            kind => {
                let id = self.intern_with_children(kind);
                facts.add_to(&mut self.space.nodes[id.0].meta, &mut self.scratch);
                id
            }
        };
        let already = matches!(self.space.nodes[id.0].kind, Kind::Nullable(_) | Kind::Any);
        if nullable && !already {
            let (wrapper, new) = self.space.intern(Kind::Nullable(id));
            if new {
                self.space.nodes[id.0].meta.parents.insert((wrapper, String::new()));
            }
            wrapper
        } else {
            id
        }
    }

    /// Interns a node; a new one is recorded as the parent of its children (for child names).
    /// An existing one has them already: its children are part of its identity.
    fn intern_with_children(&mut self, kind: Kind) -> TypeId {
        let (id, new) = self.space.intern(kind);
        if !new {
            return id;
        }
        let children: Vec<(TypeId, String)> = match &self.space.nodes[id.0].kind {
            Kind::Array(item) => vec![(*item, "Item".into())],
            Kind::Map(value) => vec![(*value, "Value".into())],
            Kind::Struct(s) => s
                .fields
                .iter()
                // A role inside a longer name: no keyword suffix (`self` gives `Self`, not `Self_`).
                .map(|f| (f.ty, camel(&f.name).trim_end_matches('_').to_owned()))
                .chain(s.additional.map(|a| (a, "Value".to_owned())))
                .collect(),
            Kind::Union(u) => u.variants.iter().enumerate().map(|(i, v)| (*v, format!("Variant{}", i + 1))).collect(),
            _ => Vec::new(),
        };
        for (child, role) in children {
            if child != id {
                self.space.nodes[child.0].meta.parents.insert((id, role));
            }
        }
        id
    }

    fn string(&mut self, format: Option<&str>, values: &[&str]) -> Kind {
        if !values.is_empty() {
            let mut seen = BTreeSet::new();
            let values = values.iter().filter(|v| seen.insert(**v)).map(|v| (*v).to_owned()).collect();
            return Kind::Enum(values);
        }
        // Parameters are encoded as text: keep them plain strings whatever their format.
        if self.usage == Usage::Parameter {
            return Kind::String(None);
        }
        let format = format.map(str::to_ascii_lowercase);
        Kind::String(match format.as_deref() {
            Some("date-time") => Some(StrFormat::DateTime),
            Some("date") => Some(StrFormat::Date),
            Some("uuid") => Some(StrFormat::Uuid),
            _ => None,
        })
    }

    fn object<'s>(
        &mut self,
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        facts: &mut Facts<'s>,
        depth: usize,
    ) -> Kind {
        let missing: Vec<&String> = required.iter().filter(|r| !properties.contains_key(*r)).collect();
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            self.warn(format!("required properties not declared: {}; ignored", names.join(", ")));
        }
        let closed = matches!(additional, Some(AdditionalProperties::Any(false)));
        let additional = match additional {
            None | Some(AdditionalProperties::Any(_)) => None,
            Some(AdditionalProperties::Schema(s)) => Some(self.schema_or_ref(s, depth + 1)),
        };
        if properties.is_empty() {
            let value = match additional {
                Some(value) => value,
                None => self.any(),
            };
            return Kind::Map(value);
        }
        // A map of any value is what an open object keeps anyway, and in order.
        let additional = additional.filter(|a| self.space.nodes[a.0].kind != Kind::Any);
        // Identity ignores property order: fields are kept sorted by name, and the documented
        // order is a vote in the metadata (the emitter prints the most common one).
        let mut entries = Vec::with_capacity(properties.len());
        for (position, (name, prop)) in properties.iter().enumerate() {
            let ty = self.boxed_or_ref(prop, depth + 1);
            let (read_only, docs, example) = match prop {
                ReferenceOr::Item(s) => {
                    (s.schema_data.read_only, s.schema_data.description.as_deref(), s.schema_data.example.as_ref())
                }
                ReferenceOr::Reference { .. } => (false, None, None),
            };
            let field = Field {
                name: name.clone(),
                ty,
                // readOnly values are sent by the server only: requests must be able to omit them.
                required: required.contains(name) && !read_only,
            };
            entries.push((field, FieldFacts { docs: docs.filter(|d| !d.trim().is_empty()), example, position }));
        }
        entries.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        let (fields, field_facts) = entries.into_iter().unzip();
        facts.fields = field_facts;
        Kind::Struct(Struct { fields, additional, closed })
    }

    fn array(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, depth: usize) -> Kind {
        match items {
            Some(items) => Kind::Array(self.boxed_or_ref(items, depth + 1)),
            None => {
                self.warn("array without `items`; elements read as any value");
                Kind::Array(self.any())
            }
        }
    }

    fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        depth: usize,
    ) -> Kind {
        let mut variants: Vec<TypeId> = Vec::new();
        for member in members {
            let id = self.schema_or_ref(member, depth + 1);
            let resolved = self.space.resolve(id);
            if !variants.iter().any(|v| self.space.resolve(*v) == resolved) {
                variants.push(id);
            }
        }
        if variants.is_empty() {
            return Kind::Any;
        }
        let tag = discriminator.map(|d| {
            let mut mapping = BTreeMap::new();
            for (value, target) in &d.mapping {
                let name = target.strip_prefix(COMPONENT_PREFIX).unwrap_or(target);
                mapping.insert(value.clone(), name.to_owned());
            }
            if mapping.is_empty() {
                // Implicit mapping: a variant's single-valued enum at the tag property.
                for v in &variants {
                    if let Some(value) = self.single_tag_value(*v, &d.property_name) {
                        if let Some(c) = self.space.nodes[self.space.resolve(*v).0].meta.components.first() {
                            mapping.insert(value, c.clone());
                        }
                    }
                }
            }
            // Mapping targets must be variants (build them if only the mapping names them).
            for name in mapping.values() {
                let id = self.reference(&format!("{COMPONENT_PREFIX}{name}"), depth + 1);
                let resolved = self.space.resolve(id);
                if !variants.iter().any(|v| self.space.resolve(*v) == resolved) {
                    variants.push(id);
                }
            }
            (d.property_name.clone(), mapping.into_iter().collect())
        });
        Kind::Union(Union { variants, tag })
    }

    fn single_tag_value(&self, id: TypeId, property: &str) -> Option<String> {
        let Kind::Struct(s) = &self.space.nodes[self.space.resolve(id).0].kind else {
            return None;
        };
        let field = s.fields.iter().find(|f| f.name == property)?;
        match &self.space.nodes[self.space.resolve(field.ty).0].kind {
            Kind::Enum(values) if values.len() == 1 => Some(values[0].clone()),
            _ => None,
        }
    }

    /// A schema the strict model could not type (`type` missing or mixed with other keywords).
    fn any_schema<'s>(
        &mut self,
        any: &'s AnySchema,
        _data: &openapiv3::SchemaData,
        facts: &mut Facts<'s>,
        nullable: &mut bool,
        depth: usize,
    ) -> Kind {
        let members = if any.one_of.is_empty() { &any.any_of } else { &any.one_of };
        if !members.is_empty() {
            return self.union(members, _data.discriminator.as_ref(), depth);
        }
        let typ = any.typ.as_deref();
        if typ == Some("object") || !any.properties.is_empty() || any.additional_properties.is_some() {
            return self.object(&any.properties, &any.required, any.additional_properties.as_ref(), facts, depth);
        }
        if typ == Some("array") || any.items.is_some() {
            return self.array(any.items.as_ref(), depth);
        }
        let strings: Option<Vec<&str>> = any.enumeration.iter().filter(|v| !v.is_null()).map(|v| v.as_str()).collect();
        *nullable |= any.enumeration.iter().any(|v| v.is_null());
        match typ {
            Some("string") => self.string(any.format.as_deref(), &strings.unwrap_or_default()),
            Some("integer") => Kind::Integer(int_bits_str(any.format.as_deref())),
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            _ => match strings {
                Some(values) if !values.is_empty() => self.string(None, &values),
                _ => Kind::Any,
            },
        }
    }
}

/// What one occurrence of a schema says besides its structure, borrowed from the schema. It
/// is counted into the node's [`Meta`] once the node is interned, so texts repeated across
/// occurrences are compared, never copied.
struct Facts<'s> {
    title: Option<&'s str>,
    description: Option<&'s str>,
    example: Option<&'s serde_json::Value>,
    deprecated: bool,
    /// Per struct field, in the order of the (sorted) fields.
    fields: Vec<FieldFacts<'s>>,
}

struct FieldFacts<'s> {
    docs: Option<&'s str>,
    example: Option<&'s serde_json::Value>,
    /// Where the property was documented.
    position: usize,
}

impl Facts<'_> {
    /// `scratch` is a reusable buffer for the JSON text of examples.
    fn add_to(&self, meta: &mut Meta, scratch: &mut String) {
        meta.uses += 1;
        meta.deprecated |= self.deprecated;
        meta.titles.extend(self.title);
        meta.descriptions.extend(self.description);
        if let Some(example) = self.example {
            meta.examples.add(json_text(example, scratch));
        }
        if self.fields.is_empty() {
            return;
        }
        meta.field_docs.resize_with(self.fields.len(), Votes::default);
        meta.field_examples.resize_with(self.fields.len(), Votes::default);
        let mut order = vec![0; self.fields.len()];
        for (sorted, field) in self.fields.iter().enumerate() {
            order[field.position] = sorted;
            meta.field_docs[sorted].extend(field.docs);
            if let Some(example) = field.example {
                meta.field_examples[sorted].add(json_text(example, scratch));
            }
        }
        scratch.clear();
        for (i, sorted) in order.iter().enumerate() {
            if i > 0 {
                scratch.push(',');
            }
            write!(scratch, "{sorted}").expect("writing to a String");
        }
        meta.field_order.add(scratch);
    }
}

/// `value` as compact JSON, written into `scratch`.
fn json_text<'b>(value: &serde_json::Value, scratch: &'b mut String) -> &'b str {
    scratch.clear();
    write!(scratch, "{value}").expect("writing to a String");
    scratch
}

fn int_bits(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> u8 {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => 32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => 64,
        VariantOrUnknownOrEmpty::Unknown(f) => int_bits_str(Some(f)),
        VariantOrUnknownOrEmpty::Empty => 64,
    }
}

fn int_bits_str(format: Option<&str>) -> u8 {
    match format.map(str::to_ascii_lowercase).as_deref() {
        Some("int8") => 8,
        Some("int16") => 16,
        Some("int32") => 32,
        _ => 64,
    }
}

/// Components that reach themselves through `$ref`s: these are always referred to by name
/// (and boxed), whichever schema is built first, so the result never depends on add order.
pub(super) fn cyclic_components(components: &IndexMap<String, ReferenceOr<Schema>>) -> BTreeSet<String> {
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (name, schema) in components {
        let mut refs = BTreeSet::new();
        collect_refs(schema, &mut refs);
        edges.insert(name.as_str(), refs);
    }
    let mut cyclic = BTreeSet::new();
    for start in edges.keys() {
        let mut stack: Vec<&str> = edges[start].iter().map(String::as_str).collect();
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if next == *start {
                cyclic.insert((*start).to_owned());
                break;
            }
            if seen.insert(next) {
                if let Some(more) = edges.get(next) {
                    stack.extend(more.iter().map(String::as_str));
                }
            }
        }
    }
    cyclic
}

fn collect_refs(schema: &ReferenceOr<Schema>, out: &mut BTreeSet<String>) {
    match schema {
        ReferenceOr::Reference { reference } => {
            if let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) {
                out.insert(name.to_owned());
            }
        }
        ReferenceOr::Item(schema) => collect_schema_refs(schema, out),
    }
}

fn collect_boxed_refs(schema: &ReferenceOr<Box<Schema>>, out: &mut BTreeSet<String>) {
    match schema {
        ReferenceOr::Reference { reference } => {
            if let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) {
                out.insert(name.to_owned());
            }
        }
        ReferenceOr::Item(schema) => collect_schema_refs(schema, out),
    }
}

fn collect_schema_refs(schema: &Schema, out: &mut BTreeSet<String>) {
    if let Some(d) = &schema.schema_data.discriminator {
        for target in d.mapping.values() {
            if let Some(name) = target.strip_prefix(COMPONENT_PREFIX) {
                out.insert(name.to_owned());
            }
        }
    }
    let additional = |a: &Option<AdditionalProperties>, out: &mut BTreeSet<String>| {
        if let Some(AdditionalProperties::Schema(s)) = a {
            collect_refs(s, out);
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.values().for_each(|p| collect_boxed_refs(p, out));
            additional(&o.additional_properties, out);
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(items) = &a.items {
                collect_boxed_refs(items, out);
            }
        }
        SchemaKind::Type(_) => {}
        SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m } | SchemaKind::AllOf { all_of: m } => {
            m.iter().for_each(|s| collect_refs(s, out))
        }
        SchemaKind::Not { not } => collect_refs(not, out),
        SchemaKind::Any(a) => {
            a.properties.values().for_each(|p| collect_boxed_refs(p, out));
            additional(&a.additional_properties, out);
            if let Some(items) = &a.items {
                collect_boxed_refs(items, out);
            }
            for m in [&a.one_of, &a.any_of, &a.all_of] {
                m.iter().for_each(|s| collect_refs(s, out));
            }
            if let Some(not) = &a.not {
                collect_refs(not, out);
            }
        }
    }
}
