//! Positions inside an OpenAPI document held as JSON: whether a value is a schema, a map or
//! list of schemas, example data, or anything else. Shared by the `$ref` resolver and the
//! tolerance pass, which must both know what a key means before touching it.

/// Where a value sits in an OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A schema object.
    Schema,
    /// A map of name -> schema (`properties`, `components.schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    /// Example values, defaults, enums: data, never interpreted.
    Data,
    /// Anything else in the document.
    Other,
}

impl Pos {
    /// The position of the value under `key` (or of a list element, for lists).
    pub fn child(self, key: &str) -> Pos {
        match (self, key) {
            (Pos::Data, _) => Pos::Data,
            // Extensions are opaque, whatever they contain (pagegen keeps examples in some).
            (Pos::Schema | Pos::Other, k) if k.starts_with("x-") => Pos::Data,
            (Pos::SchemaMap, _) | (Pos::SchemaList, _) => Pos::Schema,
            (Pos::Schema, "properties") => Pos::SchemaMap,
            (Pos::Schema, "allOf" | "oneOf" | "anyOf") => Pos::SchemaList,
            (Pos::Schema, "items" | "additionalProperties" | "not") => Pos::Schema,
            (Pos::Schema, _) => Pos::Data,
            (Pos::Other, "schema") => Pos::Schema,
            (Pos::Other, "schemas") => Pos::SchemaMap,
            (Pos::Other, "example" | "value" | "default") => Pos::Data,
            (Pos::Other, _) => Pos::Other,
        }
    }

    /// The position of the elements of a list at this position.
    pub fn element(self) -> Pos {
        match self {
            Pos::SchemaList => Pos::Schema,
            other => other,
        }
    }
}

/// The JSON pointer of the first object or array nested more than `max` levels deep (the root
/// is level 1), found without recursion so that any depth can be measured safely.
pub fn deeper_than(value: &serde_json::Value, max: usize) -> Option<String> {
    use serde_json::Value;

    enum Children<'a> {
        Map(serde_json::map::Iter<'a>),
        List(std::iter::Enumerate<std::slice::Iter<'a, Value>>),
    }
    fn children(value: &Value) -> Option<Children<'_>> {
        match value {
            Value::Object(map) => Some(Children::Map(map.iter())),
            Value::Array(items) => Some(Children::List(items.iter().enumerate())),
            _ => None,
        }
    }
    // One entry per open container: the pointer segment that leads to it, and its children.
    let mut stack = vec![(String::new(), children(value)?)];
    if max == 0 {
        return Some(String::new());
    }
    while let Some((_, iter)) = stack.last_mut() {
        let next = match iter {
            Children::Map(it) => it.next().map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v)),
            Children::List(it) => it.next().map(|(i, v)| (i.to_string(), v)),
        };
        let Some((segment, child)) = next else {
            stack.pop();
            continue;
        };
        if let Some(grandchildren) = children(child) {
            if stack.len() >= max {
                let mut pointer: String = stack.iter().skip(1).map(|(s, _)| format!("/{s}")).collect();
                pointer.push('/');
                pointer.push_str(&segment);
                return Some(pointer);
            }
            stack.push((segment, grandchildren));
        }
    }
    None
}
