//! Instances synthesised from a schema: values the schema accepts, made to reach every branch
//! of every union, optional members present and absent, `null` where allowed, members an open
//! object does not declare, and typed `additionalProperties`. The generated crate's tests read
//! and write each back through the type pagegen made of the schema: what the schema accepts
//! must come back out unchanged, whatever the composition.
//!
//! Instances are numbered so that every branch of every union is reached, nested ones too: a
//! union whose branches need `c1, c2, ...` instances needs their sum (instance `k` goes to the
//! branch whose range holds it, with what is left of `k`), and an object needs the most any of
//! its members needs (member instances are taken `k mod c`). Each instance comes in a full form
//! (every member) and a minimal one (required members only, `null` where nullable).

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::{json, Map, Value};

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Most instances numbered per schema (each then full and minimal).
const MAX_INSTANCES: usize = 32;
/// Deeper than this, optional members are left out and required ones cut the instance.
const MAX_DEPTH: usize = 12;
/// The name of the member an open object is given, which it does not declare.
pub const UNDECLARED: &str = "pagegenUndeclared";

/// Distinct instances of `schema`, full and minimal, for every branch index.
pub fn instances(schema: &ReferenceOr<Schema>, components: &IndexMap<String, ReferenceOr<Schema>>) -> Vec<Value> {
    let synth = Synth { components };
    let count = synth.count(schema.into(), &mut Vec::new(), 0);
    let mut out: Vec<Value> = Vec::new();
    for k in 0..count {
        for full in [true, false] {
            let mode = Mode { k, full };
            if let Some(value) = synth.value(schema.into(), mode, &mut Vec::new(), 0) {
                if !out.contains(&value) {
                    out.push(value);
                }
            }
        }
    }
    out
}

/// A schema or a reference to one, borrowed (schemas nest as `Box`es and as plain values).
#[derive(Clone, Copy)]
enum Node<'s> {
    Item(&'s Schema),
    Ref(&'s str),
}

impl<'s> From<&'s ReferenceOr<Schema>> for Node<'s> {
    fn from(schema: &'s ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Item(schema) => Node::Item(schema),
            ReferenceOr::Reference { reference } => Node::Ref(reference),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for Node<'s> {
    fn from(schema: &'s ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Item(schema) => Node::Item(schema),
            ReferenceOr::Reference { reference } => Node::Ref(reference),
        }
    }
}

#[derive(Clone, Copy)]
struct Mode {
    /// Which branch each union takes (`k mod n`).
    k: usize,
    /// Every member, or required members only (and `null` where nullable).
    full: bool,
}

struct Synth<'a> {
    components: &'a IndexMap<String, ReferenceOr<Schema>>,
}

impl Synth<'_> {
    /// Resolves a reference (pushed on `stack`: `true`); `None` for a dangling one or one
    /// already being built (recursion).
    fn resolve<'s>(&'s self, node: Node<'s>, stack: &mut Vec<String>) -> Option<(&'s Schema, bool)> {
        match node {
            Node::Item(schema) => Some((schema, false)),
            Node::Ref(reference) => {
                let name = reference.strip_prefix(COMPONENT_PREFIX)?;
                if stack.iter().any(|s| s == name) {
                    return None;
                }
                let ReferenceOr::Item(schema) = self.components.get(name)? else {
                    return None;
                };
                stack.push(name.to_owned());
                Some((schema, true))
            }
        }
    }

    /// How many instances reach every branch of every union inside `schema` (at most
    /// [`MAX_INSTANCES`]).
    fn count(&self, schema: Node<'_>, stack: &mut Vec<String>, depth: usize) -> usize {
        if depth > MAX_DEPTH {
            return 1;
        }
        let Some((resolved, pushed)) = self.resolve(schema, stack) else {
            return 1;
        };
        let mut sum = |branches: &[ReferenceOr<Schema>]| {
            branches.iter().map(|b| self.count(b.into(), stack, depth + 1)).sum::<usize>()
        };
        let count = match &resolved.schema_kind {
            SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } => sum(v),
            SchemaKind::Any(a) => {
                let unions = sum(&a.one_of).max(sum(&a.any_of));
                let members = a.properties.values().chain(&a.items).map(Node::from);
                let parts = a.all_of.iter().map(Node::from).chain(typed(&a.additional_properties));
                let most = members.chain(parts).map(|c| self.count(c, stack, depth + 1)).max().unwrap_or(1);
                unions.max(most)
            }
            _ => children(resolved).into_iter().map(|c| self.count(c, stack, depth + 1)).max().unwrap_or(1),
        };
        if pushed {
            stack.pop();
        }
        count.clamp(1, MAX_INSTANCES)
    }

    fn value(&self, schema: Node<'_>, mode: Mode, stack: &mut Vec<String>, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (resolved, pushed) = self.resolve(schema, stack)?;
        let value = self.item(resolved, mode, stack, depth);
        if pushed {
            stack.pop();
        }
        value
    }

    fn item(&self, schema: &Schema, mode: Mode, stack: &mut Vec<String>, depth: usize) -> Option<Value> {
        if schema.schema_data.nullable && !mode.full {
            return Some(Value::Null);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&String> = s.enumeration.iter().flatten().collect();
                if !values.is_empty() {
                    return Some(Value::String(values[mode.k % values.len()].clone()));
                }
                Some(Value::String(match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "2024-05-06T07:08:09Z".into(),
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "2024-05-06".into(),
                    VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "cGFnZWdlbg==".into(),
                    VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6".into(),
                    _ => "text".into(),
                }))
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                if !values.is_empty() {
                    return Some(json!(values[mode.k % values.len()]));
                }
                let low = i.minimum.map_or(1, |m| if i.exclusive_minimum { m + 1 } else { m });
                Some(json!(i.maximum.map_or(low, |max| low.min(max))))
            }
            SchemaKind::Type(Type::Number(n)) => {
                let values: Vec<f64> = n.enumeration.iter().flatten().copied().collect();
                if !values.is_empty() {
                    return Some(json!(values[mode.k % values.len()]));
                }
                let low = n.minimum.map_or(1.5, |m| m + 0.5);
                Some(json!(n.maximum.map_or(low, |max| low.min(max))))
            }
            SchemaKind::Type(Type::Boolean(_)) => Some(Value::Bool(mode.k % 2 == 0)),
            SchemaKind::Type(Type::Array(a)) => {
                if !mode.full && a.min_items.unwrap_or(0) == 0 {
                    return Some(json!([]));
                }
                let value = match &a.items {
                    Some(item) => self.value(item.into(), mode, stack, depth + 1),
                    None => Some(json!("any")),
                };
                match value {
                    Some(value) => Some(Value::Array(vec![value])),
                    None if a.min_items.unwrap_or(0) == 0 => Some(json!([])),
                    None => None,
                }
            }
            SchemaKind::Type(Type::Object(o)) => {
                self.object(&o.properties, &o.required, o.additional_properties.as_ref(), mode, stack, depth)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of.iter().map(Node::from), None, mode, stack, depth),
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches } => {
                self.branch(schema, branches, mode, stack, depth)
            }
            SchemaKind::Any(a) if a.items.is_some() || a.typ.as_deref() == Some("array") => {
                let Some(item) = a.items.as_ref() else {
                    return Some(json!([]));
                };
                Some(Value::Array(vec![self.value(item.into(), mode, stack, depth + 1)?]))
            }
            // Properties beside `allOf`/`oneOf`/`anyOf`: every part applies to the same value.
            SchemaKind::Any(a) if is_composite(a) => {
                let object = !a.properties.is_empty()
                    || !a.required.is_empty()
                    || a.additional_properties.is_some()
                    || a.typ.as_deref() == Some("object");
                let own = match object {
                    true => Some(self.object(
                        &a.properties,
                        &a.required,
                        a.additional_properties.as_ref(),
                        mode,
                        stack,
                        depth,
                    )?),
                    false => None,
                };
                let mut value = self.all_of(a.all_of.iter().map(Node::from), own, mode, stack, depth)?;
                for branches in [&a.one_of, &a.any_of].into_iter().filter(|b| !b.is_empty()) {
                    let chosen = self.branch(schema, branches, mode, stack, depth)?;
                    value = merge(value, chosen);
                }
                Some(value)
            }
            SchemaKind::Not { .. } => Some(json!("any")),
            SchemaKind::Any(a) if !a.enumeration.is_empty() => {
                let values: Vec<&Value> = a.enumeration.iter().filter(|v| !v.is_null()).collect();
                Some(values.get(mode.k % values.len().max(1)).map_or(Value::Null, |v| (*v).clone()))
            }
            SchemaKind::Any(a) => Some(match a.typ.as_deref() {
                Some("string") => json!("text"),
                Some("integer") => json!(1),
                Some("number") => json!(1.5),
                Some("boolean") => json!(true),
                Some("array") => json!([]),
                _ if mode.full => json!({ "any": [1, "two"] }),
                _ => json!("any"),
            }),
        }
    }

    /// The parts of an `allOf` merged into one value (objects merged, else the first part).
    fn all_of<'s>(
        &self,
        parts: impl Iterator<Item = Node<'s>>,
        first: Option<Value>,
        mode: Mode,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Option<Value> {
        let parts: Vec<Node<'s>> = parts.collect();
        // One part may require what another declares: the minimal instance is the full one
        // cut down to what any part requires (a union part: what its chosen branch requires,
        // which its own minimal instance holds).
        let required: Option<Vec<String>> = (!mode.full).then(|| {
            let minimal = parts.iter().map(|part| self.value(*part, mode, stack, depth + 1)).collect::<Vec<_>>();
            let declared = minimal.iter().flat_map(required_of);
            parts
                .iter()
                .flat_map(|part| self.required(*part, stack))
                .chain(declared)
                .chain(required_of(&first))
                .collect()
        });
        let mode = Mode { full: true, ..mode };
        let mut merged = first;
        for part in parts {
            let value = self.value(part, mode, stack, depth + 1)?;
            merged = Some(match merged {
                Some(merged) => merge(merged, value),
                None => value,
            });
        }
        let mut merged = merged.unwrap_or(Value::Object(Map::new()));
        if let (Some(required), Value::Object(map)) = (required, &mut merged) {
            map.retain(|name, _| required.contains(name));
        }
        Some(merged)
    }

    /// The names a schema (an object part) requires.
    fn required(&self, part: Node<'_>, stack: &mut Vec<String>) -> Vec<String> {
        let Some((schema, pushed)) = self.resolve(part, stack) else {
            return Vec::new();
        };
        // Nested `allOf` parts apply to the same value.
        let required = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o.required.clone(),
            SchemaKind::AllOf { all_of } => all_of.iter().flat_map(|p| self.required(p.into(), stack)).collect(),
            SchemaKind::Any(a) => {
                a.required.iter().cloned().chain(a.all_of.iter().flat_map(|p| self.required(p.into(), stack))).collect()
            }
            _ => Vec::new(),
        };
        if pushed {
            stack.pop();
        }
        required
    }

    /// The branch instance `k` falls in (each branch taking as many numbers as it needs), with
    /// what is left of `k`, tagged as its discriminator names it.
    fn branch(
        &self,
        schema: &Schema,
        branches: &[ReferenceOr<Schema>],
        mode: Mode,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Option<Value> {
        if branches.is_empty() {
            return Some(json!("any"));
        }
        let counts: Vec<usize> = branches.iter().map(|b| self.count(b.into(), stack, depth + 1)).collect();
        let mut k = mode.k % counts.iter().sum::<usize>();
        let mut index = 0;
        while k >= counts[index] {
            k -= counts[index];
            index += 1;
        }
        let branch = &branches[index];
        let mut value = self.value(branch.into(), Mode { k, ..mode }, stack, depth + 1)?;
        // A discriminator names the branch: the tag its mapping gives it, or the component's name.
        if let (Some(d), Value::Object(map)) = (&schema.schema_data.discriminator, &mut value) {
            let reference = match branch {
                ReferenceOr::Reference { reference } => Some(reference.as_str()),
                ReferenceOr::Item(_) => None,
            };
            let tag = d
                .mapping
                .iter()
                .find(|(_, target)| Some(target.as_str()) == reference)
                .map(|(tag, _)| tag.clone())
                .or_else(|| reference.and_then(|r| r.strip_prefix(COMPONENT_PREFIX)).map(str::to_owned));
            if let Some(tag) = tag {
                map.insert(d.property_name.clone(), Value::String(tag));
            }
        }
        Some(value)
    }

    fn object(
        &self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        mode: Mode,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Option<Value> {
        let mut map = Map::new();
        for (name, property) in properties {
            let needed = required.contains(name);
            if !needed && !mode.full {
                continue;
            }
            match self.value(property.into(), mode, stack, depth + 1) {
                Some(value) => {
                    map.insert(name.clone(), value);
                }
                None if needed => return None,
                None => {}
            }
        }
        if mode.full {
            match additional {
                None | Some(AdditionalProperties::Any(true)) => {
                    map.insert(UNDECLARED.into(), json!({ "kept": [true, 2] }));
                }
                Some(AdditionalProperties::Schema(s)) => {
                    if let Some(value) = self.value(s.as_ref().into(), mode, stack, depth + 1) {
                        map.insert("additionalKey".into(), value);
                    }
                }
                Some(AdditionalProperties::Any(false)) => {}
            }
        }
        Some(Value::Object(map))
    }
}

/// The schemas directly inside `schema` that an instance of it holds or also satisfies.
fn children(schema: &Schema) -> Vec<Node<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.values().map(Node::from).chain(typed(&o.additional_properties)).collect()
        }
        SchemaKind::Type(Type::Array(a)) => a.items.iter().map(Node::from).collect(),
        SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } | SchemaKind::AllOf { all_of: v } => {
            v.iter().map(Node::from).collect()
        }
        SchemaKind::Any(a) => {
            let parts = a.all_of.iter().chain(&a.one_of).chain(&a.any_of).map(Node::from);
            let members = a.properties.values().chain(&a.items).map(Node::from);
            members.chain(parts).chain(typed(&a.additional_properties)).collect()
        }
        _ => Vec::new(),
    }
}

/// The schema of typed `additionalProperties`.
fn typed(additional: &Option<AdditionalProperties>) -> Option<Node<'_>> {
    match additional {
        Some(AdditionalProperties::Schema(schema)) => Some(Node::from(schema.as_ref())),
        _ => None,
    }
}

/// The members an object already built has (they are what it requires, in minimal mode).
fn required_of(first: &Option<Value>) -> Vec<String> {
    match first {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// An untyped schema that is an object or a composition (`required` or `additionalProperties`
/// alone make it an object).
fn is_composite(a: &openapiv3::AnySchema) -> bool {
    !a.properties.is_empty()
        || !a.required.is_empty()
        || a.additional_properties.is_some()
        || !a.all_of.is_empty()
        || !a.one_of.is_empty()
        || !a.any_of.is_empty()
        || a.typ.as_deref() == Some("object")
}

/// Two values that must both hold: objects merged (the later member wins), else the first.
fn merge(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut a), Value::Object(b)) => {
            a.extend(b);
            Value::Object(a)
        }
        (a, _) => a,
    }
}
