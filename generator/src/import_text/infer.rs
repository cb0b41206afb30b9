//! Schemas inferred from example values: every example of a body is observed into one [`Node`]
//! tree, which the page's text then annotates ([`super::align`]) before it is written out as an
//! OpenAPI schema marked `x-pagegen-inferred: true`.

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// The extension marking a schema pagegen guessed rather than read.
pub const INFERRED: &str = "x-pagegen-inferred";

/// What the examples showed a value to be.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Kind {
    /// Only `null`, or never seen.
    #[default]
    Unknown,
    Boolean,
    Integer,
    Number,
    String,
    Array(Box<Node>),
    Object(IndexMap<String, Node>),
    /// Different kinds in different examples.
    Mixed,
}

/// One inferred schema, with what the page says about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub nullable: bool,
    /// Distinct scalar values seen (strings, numbers, booleans), in first-seen order.
    pub samples: Vec<Value>,
    pub description: Option<String>,
    /// From a `Possible values` list.
    pub enum_values: Option<Vec<String>>,
    /// Required property names (from `required` under a named object).
    pub required: Vec<String>,
    /// A free-form map (`additionalProperties: true`): its example keys are data, not fields.
    pub map: bool,
}

impl Node {
    /// A node observing every value in `values`.
    pub fn from_examples<'v>(values: impl IntoIterator<Item = &'v Value>) -> Node {
        let mut node = Node::default();
        for value in values {
            node.observe(value);
        }
        node
    }

    pub fn observe(&mut self, value: &Value) {
        let kind = match value {
            Value::Null => {
                self.nullable = true;
                return;
            }
            Value::Bool(_) => Kind::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => Kind::Integer,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array(Box::default()),
            Value::Object(_) => Kind::Object(IndexMap::new()),
        };
        self.merge_kind(kind);
        match (&mut self.kind, value) {
            (Kind::Array(items), Value::Array(values)) => {
                for v in values {
                    items.observe(v);
                }
            }
            (Kind::Object(props), Value::Object(map)) => {
                for (k, v) in map {
                    props.entry(k.clone()).or_default().observe(v);
                }
            }
            (Kind::Boolean | Kind::Integer | Kind::Number | Kind::String, _) if !self.samples.contains(value) => {
                self.samples.push(value.clone());
            }
            _ => {}
        }
    }

    fn merge_kind(&mut self, kind: Kind) {
        let same = std::mem::discriminant(&self.kind) == std::mem::discriminant(&kind);
        self.kind = match (std::mem::take(&mut self.kind), kind) {
            (Kind::Unknown, k) => k,
            (old, _) if same => old,
            (Kind::Integer, Kind::Number) | (Kind::Number, Kind::Integer) => Kind::Number,
            _ => Kind::Mixed,
        };
    }

    /// The object this node describes: itself, or the items of (nested) arrays of objects.
    pub fn object(&self) -> Option<&IndexMap<String, Node>> {
        match &self.kind {
            Kind::Object(props) => Some(props),
            Kind::Array(items) => items.object(),
            _ => None,
        }
    }

    pub fn object_mut(&mut self) -> Option<&mut IndexMap<String, Node>> {
        match &mut self.kind {
            Kind::Object(props) => Some(props),
            Kind::Array(items) => items.object_mut(),
            _ => None,
        }
    }

    /// The node holding scalar values: itself, or the items of (nested) arrays.
    pub fn scalar_mut(&mut self) -> &mut Node {
        match self.kind {
            Kind::Array(ref mut items) => items.scalar_mut(),
            _ => self,
        }
    }

    /// Whether `values` (a `Possible values` list) can describe this node: every scalar sample
    /// is one of them (a node seen only as `null` needs `null` in the list).
    pub fn accepts_enum(&self, values: &[String]) -> bool {
        let node = match &self.kind {
            Kind::Array(items) => return items.accepts_enum(values),
            Kind::Object(_) | Kind::Mixed => return false,
            _ => self,
        };
        if node.samples.is_empty() {
            return node.nullable && values.iter().any(|v| v == "null");
        }
        node.samples.iter().all(|s| {
            let text = match s {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            values.contains(&text)
        })
    }

    /// The OpenAPI schema. `path` names the node in warnings; `todo` collects what is missing.
    pub fn to_schema(&self, path: &str, todo: &mut Vec<String>) -> Value {
        let mut schema = Map::new();
        if let Some(d) = &self.description {
            schema.insert("description".into(), json!(d));
        }
        let mut kind = self.kind.clone();
        if kind == Kind::Unknown && self.enum_values.is_some() {
            kind = Kind::String;
        }
        match &kind {
            Kind::Unknown => todo.push(format!("`{path}` is null or absent in every example: give it a type")),
            Kind::Mixed => todo.push(format!("`{path}` has values of different types in the examples: give it a type")),
            Kind::Boolean => {
                schema.insert("type".into(), json!("boolean"));
            }
            Kind::Integer => {
                schema.insert("type".into(), json!("integer"));
            }
            Kind::Number => {
                schema.insert("type".into(), json!("number"));
            }
            Kind::String => {
                schema.insert("type".into(), json!("string"));
                if let Some(format) = string_format(&self.samples) {
                    schema.insert("format".into(), json!(format));
                }
            }
            Kind::Array(items) => {
                schema.insert("type".into(), json!("array"));
                if items.kind == Kind::Unknown && items.samples.is_empty() && !items.nullable {
                    todo.push(format!("`{path}` is an empty array in every example: give its items a schema"));
                }
                schema.insert("items".into(), items.to_schema(&format!("{path}[]"), todo));
            }
            Kind::Object(props) => {
                schema.insert("type".into(), json!("object"));
                if self.map || props.is_empty() {
                    schema.insert("additionalProperties".into(), json!(true));
                } else {
                    let mut properties = Map::new();
                    for (name, prop) in props {
                        let sub = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                        properties.insert(name.clone(), prop.to_schema(&sub, todo));
                    }
                    schema.insert("properties".into(), Value::Object(properties));
                }
            }
        }
        if self.nullable {
            schema.insert("nullable".into(), json!(true));
        }
        if let Some(values) = &self.enum_values {
            let typed: Vec<Value> = values.iter().map(|v| enum_value(&kind, v)).collect();
            schema.insert("enum".into(), Value::Array(typed));
        }
        if !self.required.is_empty() {
            schema.insert("required".into(), json!(self.required));
        }
        schema.insert(INFERRED.into(), json!(true));
        Value::Object(schema)
    }
}

/// A `Possible values` entry as a value of the schema's type.
fn enum_value(kind: &Kind, text: &str) -> Value {
    if text == "null" {
        return Value::Null;
    }
    let parsed = match kind {
        Kind::Integer | Kind::Number | Kind::Boolean => serde_json::from_str(text).ok(),
        _ => None,
    };
    parsed.unwrap_or_else(|| json!(text))
}

/// `date-time`, `date` or `uuid` when every string sample is one.
fn string_format(samples: &[Value]) -> Option<&'static str> {
    let strings: Vec<&str> = samples.iter().filter_map(Value::as_str).collect();
    if strings.is_empty() {
        return None;
    }
    let all = |check: fn(&str) -> bool| strings.iter().all(|s| check(s));
    if all(is_date_time) {
        Some("date-time")
    } else if all(is_date) {
        Some("date")
    } else if all(is_uuid) {
        Some("uuid")
    } else {
        None
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    if s.len() == n && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// RFC 3339 full-date: `2020-07-11`.
pub fn is_date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    digits(y, 4).is_some()
        && digits(m, 2).is_some_and(|m| (1..=12).contains(&m))
        && digits(d, 2).is_some_and(|d| (1..=31).contains(&d))
}

/// RFC 3339 date-time: `2020-07-11T21:23:15.000Z`, `2020-07-11t21:23:15+02:00`.
pub fn is_date_time(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let (clock, offset) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, None)
    } else if let Some(at) = time.rfind(['+', '-']) {
        (&time[..at], Some(&time[at + 1..]))
    } else {
        return false;
    };
    let (clock, fraction) = match clock.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (clock, None),
    };
    let hms: Vec<&str> = clock.split(':').collect();
    let offset_ok = offset.map_or(true, |o| {
        matches!(o.split_once(':'), Some((h, m)) if digits(h, 2).is_some_and(|h| h < 24)
            && digits(m, 2).is_some_and(|m| m < 60))
    });
    hms.len() == 3
        && digits(hms[0], 2).is_some_and(|h| h < 24)
        && digits(hms[1], 2).is_some_and(|m| m < 60)
        && digits(hms[2], 2).is_some_and(|s| s <= 60)
        && fraction.map_or(true, |f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        && offset_ok
}

/// `123e4567-e89b-12d3-a456-426614174000`.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date_time("2020-07-11T21:23:15.000Z"));
        assert!(is_date_time("2020-07-11T21:23:15+02:00"));
        assert!(!is_date_time("2020-07-11"));
        assert!(!is_date_time("2020-13-11T21:23:15Z"));
        assert!(!is_date_time("Started"));
        assert!(is_date("2020-07-11"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
    }

    #[test]
    fn merges_examples() {
        let node = Node::from_examples(&[
            json!({"a": 1, "b": null, "c": [{"x": "2020-07-11T21:23:15Z"}]}),
            json!({"a": 1.5, "b": "s", "d": true}),
        ]);
        let mut todo = Vec::new();
        let schema = node.to_schema("", &mut todo);
        assert_eq!(schema["properties"]["a"]["type"], "number");
        assert_eq!(schema["properties"]["b"]["type"], "string");
        assert_eq!(schema["properties"]["b"]["nullable"], true);
        assert_eq!(schema["properties"]["c"]["items"]["properties"]["x"]["format"], "date-time");
        assert_eq!(schema["properties"]["d"]["type"], "boolean");
        assert!(todo.is_empty(), "{todo:?}");
    }
}
