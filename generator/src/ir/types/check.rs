//! What the generated type of a schema does with a JSON value, predicted without compiling it:
//! whether it reads the value and, if so, what it writes back. It follows the generated code
//! rule for rule (`runtime::object!`, the string enums, the unions' choice of variant), so a
//! documented example that contradicts its schema is found at generation time, with the place
//! and the reason, and the generated test can assert exactly that failure.
//!
//! The example tests compare normalised values (members that are `null` count as absent, numbers
//! as `f64`); [`check`] does the same.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{Kind, TypeId, TypeSpace};

/// How a documented example contradicts its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contradiction {
    /// The type does not read the value: at `pointer` (where the decoder reports it), `expected`.
    Decode { pointer: String, expected: String },
    /// The type reads it, but writes back something else: the first difference, at `pointer`.
    Changed { pointer: String, what: String },
}

impl Contradiction {
    pub fn pointer(&self) -> &str {
        match self {
            Contradiction::Decode { pointer, .. } | Contradiction::Changed { pointer, .. } => pointer,
        }
    }
}

impl std::fmt::Display for Contradiction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = |pointer: &str| if pointer.is_empty() { "the root".to_owned() } else { format!("`{pointer}`") };
        match self {
            Contradiction::Decode { pointer, expected } => write!(f, "at {}: {expected}", at(pointer)),
            Contradiction::Changed { pointer, what } => write!(f, "read, but {} {what} on its way back", at(pointer)),
        }
    }
}

/// How the generated types read JSON, which decides where the first of several misfits is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoder {
    /// `runtime::FromJson`: a struct reads its declared fields in declaration order (a missing
    /// one is a misfit there), then the members left; a tagged union's variant reports the place
    /// of its own misfit.
    FromJson,
    /// serde's derive (`serde-derive = true`): a struct reads members in the order they come,
    /// missing ones after; a tagged union's variant reports its misfit at the union.
    SerdeDerive,
}

/// `Ok` when the type of `id` reads `value` and writes it back unchanged (as the example tests
/// compare).
pub fn check(space: &TypeSpace, id: TypeId, value: &Value, decoder: Decoder) -> Result<(), Contradiction> {
    let read = Reader { space, decoder }.read(id, value, &mut String::new(), 0);
    let back = read.map_err(|(pointer, expected)| Contradiction::Decode { pointer, expected })?;
    match difference(&normalize(value), &normalize(&back.value), String::new()) {
        None => Ok(()),
        Some((pointer, what)) => Err(Contradiction::Changed { pointer, what }),
    }
}

/// A value as the generated type writes it back, and how many members it read into open
/// objects' maps (an untagged union prefers the variant with the fewest).
struct Back {
    value: Value,
    undeclared: usize,
}

/// Where reading failed (the decoder's path, as a JSON pointer) and what was expected.
type Failure = (String, String);

struct Reader<'a> {
    space: &'a TypeSpace,
    decoder: Decoder,
}

/// Deeper than any real schema (the tolerance pass cuts at 32); recursion through `Ref`s is
/// bounded by the value, which is finite, so this only guards pathological input.
const MAX_DEPTH: usize = 256;

impl Reader<'_> {
    fn read(&self, id: TypeId, value: &Value, at: &mut String, depth: usize) -> Result<Back, Failure> {
        let fail = |at: &str, expected: String| Err((at.to_owned(), format!("{expected}, found {}", describe(value))));
        let same = |value: &Value| Ok(Back { value: value.clone(), undeclared: 0 });
        if depth > MAX_DEPTH {
            return same(value);
        }
        let id = self.space.resolve(id);
        match &self.space.node(id).kind {
            Kind::Any | Kind::Ref(_) => same(value),
            Kind::String(_) => match value {
                Value::String(_) => same(value),
                _ => fail(at, "expected a string".into()),
            },
            Kind::Enum(_) => match value {
                Value::String(_) => same(value),
                _ => fail(at, "expected one of the enum's strings".into()),
            },
            Kind::Boolean => match value {
                Value::Bool(_) => same(value),
                _ => fail(at, "expected a boolean".into()),
            },
            Kind::Number => match value {
                Value::Number(_) => same(value),
                _ => fail(at, "expected a number".into()),
            },
            Kind::Integer(bits) => {
                let (min, max) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
                let n = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from));
                match n {
                    Some(n) if (min..=max).contains(&n) => same(value),
                    _ => fail(at, format!("expected an integer that fits i{bits}")),
                }
            }
            Kind::Nullable(inner) => match value {
                Value::Null => same(value),
                _ => self.read(*inner, value, at, depth + 1),
            },
            Kind::Array(item) => {
                let Value::Array(items) = value else {
                    return fail(at, "expected an array".into());
                };
                let mut out = Back { value: Value::Array(Vec::with_capacity(items.len())), undeclared: 0 };
                for (i, v) in items.iter().enumerate() {
                    let len = at.len();
                    at.push_str(&format!("/{i}"));
                    let back = self.read(*item, v, at, depth + 1)?;
                    at.truncate(len);
                    out.add(None, back);
                }
                Ok(out)
            }
            Kind::Map(item) => {
                let Value::Object(members) = value else {
                    return fail(at, "expected an object".into());
                };
                let mut out = Back { value: Value::Object(Map::new()), undeclared: 0 };
                for (key, v) in members {
                    let back = self.member(*item, key, v, at, depth)?;
                    out.add(Some(key), back);
                }
                Ok(out)
            }
            Kind::Struct(s) => {
                let Value::Object(members) = value else {
                    return fail(at, format!("expected an object ({})", self.name(id)));
                };
                let mut out = Back { value: Value::Object(Map::new()), undeclared: 0 };
                let declared = |key: &String| s.fields.iter().any(|f| &f.name == key);
                // The first misfit wins: members in the order the decoder reads them.
                let order: Vec<&String> = match self.decoder {
                    Decoder::FromJson => {
                        let fields = self.space.node(id).meta.documented_order(s.fields.len());
                        let fields = fields.into_iter().map(|i| &s.fields[i].name);
                        fields.chain(members.keys().filter(|k| !declared(k))).collect()
                    }
                    Decoder::SerdeDerive => members
                        .keys()
                        .chain(s.fields.iter().map(|f| &f.name).filter(|k| !members.contains_key(*k)))
                        .collect(),
                };
                for key in order {
                    let Some(field) = s.fields.iter().find(|f| &f.name == key) else {
                        let v = &members[key];
                        match s.additional {
                            Some(item) => out.add(Some(key), self.member(item, key, v, at, depth)?),
                            None if s.is_open() => out.add(Some(key), Back { value: v.clone(), undeclared: 1 }),
                            None => {}
                        }
                        continue;
                    };
                    let nullable = matches!(self.space.node(field.ty).kind, Kind::Nullable(_));
                    match members.get(key) {
                        // An `Option` field reads `null` (or, nullable, nothing) as `None`: written
                        // back as `null` when required (nullable), left out when optional.
                        Some(Value::Null) if nullable || !field.required => {}
                        None if nullable || !field.required => {}
                        None => return Err((at.clone(), format!("missing required member `{key}`"))),
                        Some(v) => {
                            out.add(Some(key), self.member(field.ty, key, v, at, depth)?);
                            continue;
                        }
                    }
                    if field.required {
                        out.add(Some(key), Back { value: Value::Null, undeclared: 0 });
                    }
                }
                Ok(out)
            }
            Kind::Union(u) => match &u.tag {
                Some((property, mapping)) => {
                    let tag = value.get(property).and_then(Value::as_str);
                    // The first variant (in the order they are tried) that the tag maps to.
                    let chosen = self.space.union_order(u).into_iter().find(|v| {
                        let target = self.space.resolve(*v);
                        mapping.iter().any(|(t, component)| {
                            Some(t.as_str()) == tag && self.space.component_type(component) == Some(target)
                        })
                    });
                    match chosen {
                        Some(variant) => {
                            let read = self.read(variant, value, &mut at.clone(), depth + 1);
                            match self.decoder {
                                Decoder::FromJson => read,
                                // A derived variant's error has no path: it is the union's.
                                Decoder::SerdeDerive => read.map_err(|(_, why)| (at.clone(), why)),
                            }
                        }
                        None => same(value),
                    }
                }
                None => {
                    let mut best: Option<((usize, usize), Back)> = None;
                    for variant in self.space.union_order(u) {
                        let Ok(back) = self.read(variant, value, &mut at.clone(), depth + 1) else {
                            continue;
                        };
                        let score = (loss(value, &back.value), back.undeclared);
                        if !best.as_ref().is_some_and(|(n, _)| *n <= score) {
                            best = Some((score, back));
                        }
                        if score == (0, 0) {
                            break;
                        }
                    }
                    match best {
                        Some((_, back)) => Ok(back),
                        None => fail(at, format!("expected one of the shapes of {}", self.name(id))),
                    }
                }
            },
        }
    }

    fn member(&self, id: TypeId, key: &str, value: &Value, at: &mut String, depth: usize) -> Result<Back, Failure> {
        let len = at.len();
        at.push('/');
        at.push_str(&key.replace('~', "~0").replace('/', "~1"));
        let back = self.read(id, value, at, depth + 1)?;
        at.truncate(len);
        Ok(back)
    }

    fn name(&self, id: TypeId) -> String {
        self.space.type_name(id).map_or_else(|| "the type".to_owned(), |n| format!("`{n}`"))
    }
}

impl Back {
    /// Adds a member (`Some(key)`) or an element (`None`) written back.
    fn add(&mut self, key: Option<&String>, back: Back) {
        self.undeclared += back.undeclared;
        match (&mut self.value, key) {
            (Value::Object(map), Some(key)) => {
                map.insert(key.clone(), back.value);
            }
            (Value::Array(items), None) => items.push(back.value),
            _ => {}
        }
    }
}

fn describe(value: &Value) -> String {
    let text = value.to_string();
    let text =
        if text.chars().count() > 40 { format!("{}...", text.chars().take(40).collect::<String>()) } else { text };
    let kind = match value {
        Value::Null => return "null".into(),
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    format!("{kind} {text}")
}

/// How many members of `value` are not written back (as the generated unions count them).
fn loss(value: &Value, back: &Value) -> usize {
    match (value, back) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .map(|(k, v)| match b.get(k) {
                Some(w) => loss(v, w),
                None => usize::from(!v.is_null()),
            })
            .sum(),
        (Value::Array(a), Value::Array(b)) => {
            a.iter().zip(b).map(|(v, w)| loss(v, w)).sum::<usize>() + a.len().saturating_sub(b.len())
        }
        // A structure written back as another kind, or a scalar as a structure.
        (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => 1,
        _ => 0,
    }
}

/// As the example tests normalise: `null` members dropped, numbers as `f64`.
fn normalize(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map_or(value.clone(), Value::Number),
        other => other.clone(),
    }
}

/// The first place where `a` (documented) and `b` (written back) differ, as the example tests
/// find it: `(pointer, what happened)`.
fn difference(a: &Value, b: &Value, path: String) -> Option<(String, String)> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let at = format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"));
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = difference(v, w, at) {
                            return Some(d);
                        }
                    }
                    None => return Some((at, "is dropped".into())),
                }
            }
            let added = y.keys().find(|k| !x.contains_key(*k))?;
            Some((format!("{path}/{}", added.replace('~', "~0").replace('/', "~1")), "is added".into()))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (v, w))| difference(v, w, format!("{path}/{i}")))
        }
        _ if a == b => None,
        _ => Some((path, format!("changes from {a} to {b}"))),
    }
}

/// `(type, label, value)` of every test: recorded examples, schema-level examples of named types,
/// and for named structs no recorded example covers, the object built from property examples.
pub fn documented_examples(space: &TypeSpace) -> Vec<(TypeId, String, Value)> {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::loss;

    /// The twin of the generated `untagged_loss` (emit/types.rs): the same value, arm for arm.
    #[test]
    fn loss_counts_members_dropped_and_structures_written_as_another_kind() {
        assert_eq!(loss(&json!({"a": 1, "b": null}), &json!({"a": 2})), 0, "a null member is not lost");
        assert_eq!(loss(&json!({"a": 1, "b": "x"}), &json!({"a": 1})), 1);
        assert_eq!(loss(&json!([1, 2, 3]), &json!([1])), 2);
        assert_eq!(loss(&json!({"a": {"b": 1}}), &json!({"a": "{\"b\":1}"})), 1);
        assert_eq!(loss(&json!({"a": [1]}), &json!({"a": {"0": 1}})), 1);
        assert_eq!(loss(&json!({"a": "x"}), &json!({"a": ["x"]})), 1);
        assert_eq!(loss(&json!("1"), &json!(1)), 0, "scalars are compared by the example tests");
    }
}
