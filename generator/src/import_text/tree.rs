//! The schema tree today's theme shows: every property as a name line, a type line
//! (`string<date-time>`, `object[]`, a named type like `RequestableObjectType[]`), flags
//! (`required`, `nullable`), then its description, `Possible values`, `Default value` and
//! `Example` lines. Arrays of objects wrap their items in `Array [` ... `]`; `oneOf` / `anyOf`
//! list their options' labels and show the first option.
//!
//! The copied text has no indentation, so where a nested object's properties end is not visible:
//! the example JSON (when the copy holds it) says which names belong to which object. Without it
//! an object's properties are not on the page either (collapsed), so following properties are
//! its siblings.

use serde_json::{json, Map, Value};

use super::infer::{Node, INFERRED};
use super::parse::{is_type_line, possible_values, Line};

/// A named type: `RequestableObjectType`, `Ref[]` (the theme shows a schema's title as its type).
pub fn is_named_type(line: &str) -> bool {
    let base = line.trim_end_matches("[]");
    base.starts_with(|c: char| c.is_ascii_uppercase())
        && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !matches!(base, "Array" | "Schema" | "Example" | "Body" | "Request" | "Responses")
}

/// A type line as the theme shows it.
pub fn is_any_type(line: &str) -> bool {
    is_type_line(line) || is_named_type(line)
}

fn is_primitive(base: &str) -> bool {
    matches!(base, "string" | "integer" | "number" | "boolean" | "null")
}

/// Lines that are never a property name.
fn is_keyword(line: &str) -> bool {
    matches!(line, "Array [" | "]" | "required" | "nullable" | "deprecated" | "oneOf" | "anyOf" | "allOf")
        || line.starts_with("Possible values:")
        || line.starts_with("Default value:")
        || line.starts_with("Example:")
}

/// Whether `lines` show today's tree: some property has a scalar type line. The older theme (the
/// seed) names only objects and shows scalars as bare descriptions.
pub fn shows_tree(lines: &[Line<'_>]) -> bool {
    lines.windows(2).any(|w| {
        !is_keyword(w[0].text) && !is_type_line(w[0].text) && is_any_type(w[1].text) && {
            let base = w[1].text.trim_end_matches("[]");
            !base.starts_with("object")
        }
    })
}

/// One property (or the body itself, the root).
#[derive(Debug, Default, Clone)]
pub struct Prop {
    pub name: String,
    pub type_text: String,
    pub required: bool,
    pub nullable: bool,
    pub description: Vec<String>,
    pub possible: Option<Vec<String>>,
    pub default: Option<String>,
    pub example: Option<String>,
    /// `oneOf` / `anyOf` and its options' labels.
    pub composition: Option<(String, Vec<String>)>,
    /// `property name*` with this type: a map.
    pub map_value: Option<String>,
    /// `Array [` opened for this property: its type is an array of the children.
    pub bracketed: bool,
    pub children: Vec<usize>,
    /// The example's value for this property, if the copy shows one.
    pub sample: Option<Value>,
}

/// Properties in an arena; `props[0]` is the root.
#[derive(Debug)]
pub struct Tree {
    pub props: Vec<Prop>,
}

#[derive(Debug, PartialEq)]
enum Frame {
    /// The root, or an `Array [` ... `]`: closed only by its bracket.
    Fixed,
    /// An object whose example names its properties: closed by a name it does not have.
    Guided,
}

/// The object example of a value: itself, or the first item of (nested) arrays.
fn object_sample(value: Option<&Value>) -> Option<&Map<String, Value>> {
    match value? {
        Value::Object(map) => Some(map),
        Value::Array(items) => object_sample(items.first()),
        _ => None,
    }
}

/// Reads the tree from a body's schema lines; `example` is the body's first example.
pub fn read(lines: &[Line<'_>], example: Option<&Value>, root_type: &str) -> Tree {
    let root = Prop { type_text: root_type.to_owned(), sample: example.cloned(), ..Prop::default() };
    let mut tree = Tree { props: vec![root] };
    // Open containers: (prop, frame, names already read).
    let mut stack: Vec<(usize, Frame, Vec<String>)> = vec![(0, Frame::Fixed, Vec::new())];
    let mut last: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        let text = lines[i].text;
        if text == "Array [" {
            let top = stack.last().map_or(0, |f| f.0);
            let target = match last {
                Some(p) if tree.props[p].children.is_empty() && !tree.props[p].bracketed => p,
                _ => top,
            };
            tree.props[target].bracketed = true;
            stack.push((target, Frame::Fixed, Vec::new()));
            last = None;
            i += 1;
            continue;
        }
        if text == "]" {
            while let Some((_, frame, _)) = stack.pop() {
                if frame == Frame::Fixed {
                    break;
                }
            }
            if stack.is_empty() {
                stack.push((0, Frame::Fixed, Vec::new()));
            }
            last = None;
            i += 1;
            continue;
        }
        if let (Some(p), "oneOf" | "anyOf") = (last, text) {
            let (labels, next) = labels(lines, i + 1);
            tree.props[p].composition = Some((text.to_owned(), labels));
            i = next;
            continue;
        }
        // A type line is always read with its name, so a line here that looks like a named type
        // (`Name`) followed by a type is a property name.
        let header = !is_keyword(text) && !is_type_line(text) && lines.get(i + 1).is_some_and(|l| is_any_type(l.text));
        if header {
            let type_text = lines[i + 1].text.to_owned();
            i += 2;
            if text == "property name*" {
                // The values of a map: the last property's, unless it already has fields.
                let top = stack.last().map_or(0, |f| f.0);
                let owner = last.filter(|&p| tree.props[p].children.is_empty()).unwrap_or(top);
                tree.props[owner].map_value = Some(type_text);
                last = None;
                continue;
            }
            // Close objects whose example does not have this name.
            while let Some((p, Frame::Guided, seen)) = stack.last() {
                let has = object_sample(tree.props[*p].sample.as_ref()).is_some_and(|m| m.contains_key(text));
                if has && !seen.iter().any(|s| s == text) {
                    break;
                }
                stack.pop();
            }
            let (parent, _, seen) = stack.last_mut().expect("the root frame stays");
            let parent = *parent;
            seen.push(text.to_owned());
            let sample = object_sample(tree.props[parent].sample.as_ref()).and_then(|m| m.get(text)).cloned();
            let mut prop = Prop { name: text.to_owned(), type_text, sample, ..Prop::default() };
            while let Some(flag) = lines.get(i).map(|l| l.text) {
                match flag {
                    "required" => prop.required = true,
                    "nullable" => prop.nullable = true,
                    "deprecated" => {}
                    _ => break,
                }
                i += 1;
            }
            let index = tree.props.len();
            let nested = !is_primitive(prop.type_text.trim_end_matches("[]").split('<').next().unwrap_or_default())
                && object_sample(prop.sample.as_ref()).is_some_and(|m| !m.is_empty());
            tree.props.push(prop);
            tree.props[parent].children.push(index);
            if nested {
                stack.push((index, Frame::Guided, Vec::new()));
            }
            last = Some(index);
            continue;
        }
        // A line about the last property (or, before any, about the container).
        let target = last.unwrap_or_else(|| stack.last().map_or(0, |f| f.0));
        if let Some((values, next)) = possible_values(lines, i) {
            tree.props[target].possible = Some(values);
            i = next;
            continue;
        }
        let prop = &mut tree.props[target];
        if let Some(value) = text.strip_prefix("Default value:") {
            prop.default = Some(value.trim().to_owned());
        } else if let Some(value) = text.strip_prefix("Example:") {
            prop.example = Some(value.trim().to_owned());
        } else if !is_keyword(text) {
            prop.description.push(text.to_owned());
        }
        i += 1;
    }
    tree
}

/// The option labels after `oneOf` / `anyOf`, and the index after them. The first option's
/// panel follows; for a scalar option it is its type line again, which is not a label.
fn labels(lines: &[Line<'_>], start: usize) -> (Vec<String>, usize) {
    let mut labels: Vec<String> = Vec::new();
    let mut i = start;
    while let Some(line) = lines.get(i) {
        let starts_property = lines.get(i + 1).is_some_and(|n| is_any_type(n.text)) && !is_any_type(line.text);
        if starts_property || is_keyword(line.text) || !(is_any_type(line.text) || is_label(line.text)) {
            break;
        }
        if labels.len() >= 2 && labels[0] == line.text && is_type_line(line.text) {
            // The first option's panel: its type.
            i += 1;
            break;
        }
        labels.push(line.text.to_owned());
        i += 1;
    }
    (labels, i)
}

/// `MOD1`: the label of an untitled option.
fn is_label(line: &str) -> bool {
    line.strip_prefix("MOD").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Builds OpenAPI schemas from a tree; `notes` collects what had to be guessed.
pub struct Schemas<'t> {
    pub tree: &'t Tree,
    pub notes: Vec<String>,
}

/// `string<date-time>[]` -> (`string`, Some(`date-time`), 1).
fn split_type(text: &str) -> (&str, Option<&str>, usize) {
    let mut base = text;
    let mut depth = 0;
    while let Some(b) = base.strip_suffix("[]") {
        base = b;
        depth += 1;
    }
    match base.split_once('<') {
        Some((name, rest)) => (name, rest.strip_suffix('>').filter(|f| !f.is_empty()), depth),
        None => (base, None, depth),
    }
}

/// The first item of (nested) arrays `depth` deep.
fn item_sample(value: Option<&Value>, depth: usize) -> Option<&Value> {
    let mut value = value;
    for _ in 0..depth {
        value = value?.as_array()?.first();
    }
    value
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value shown as text (`250`, `true`, `ACTIVE`) as a value of `kind`.
pub fn typed(kind: &str, text: &str) -> Value {
    let text = text.trim().trim_matches('`');
    if text == "null" {
        return Value::Null;
    }
    match kind {
        "integer" | "number" | "boolean" => serde_json::from_str(text).unwrap_or_else(|_| json!(text)),
        _ => json!(text),
    }
}

/// The type of a named enum: what its values are.
fn enum_kind(values: &[String]) -> &'static str {
    let values: Vec<&String> = values.iter().filter(|v| *v != "null").collect();
    if !values.is_empty() && values.iter().all(|v| v.parse::<i64>().is_ok()) {
        "integer"
    } else if !values.is_empty() && values.iter().all(|v| v.parse::<f64>().is_ok()) {
        "number"
    } else {
        "string"
    }
}

impl Schemas<'_> {
    fn note(&mut self, path: &str, message: impl std::fmt::Display) {
        let at = if path.is_empty() { String::new() } else { format!("`{path}`: ") };
        self.notes.push(format!("{at}{message}"));
    }

    /// The schema of the root.
    pub fn root(&mut self) -> Value {
        self.prop(0, "")
    }

    /// The schema of `props[index]`; `path` names it in notes.
    fn prop(&mut self, index: usize, path: &str) -> Value {
        let prop = &self.tree.props[index];
        let (base, format, mut depth) = split_type(&prop.type_text);
        if base == "array" && depth == 0 {
            depth = 1; // `Body array`
        }
        if prop.bracketed && depth == 0 {
            depth = 1; // `Array [` under the root of a response
        }
        let item = item_sample(prop.sample.as_ref(), depth).cloned();
        let base = if base == "array" { "" } else { base };
        let mut schema = self.item(index, path, base, format, item.as_ref(), depth > 0);
        for _ in 0..depth {
            schema = json!({"type": "array", "items": schema});
        }
        let schema_map = schema.as_object_mut().expect("schemas are objects");
        if !prop.description.is_empty() {
            schema_map.insert("description".into(), json!(prop.description.join("\n\n")));
        }
        if prop.nullable {
            schema_map.insert("nullable".into(), json!(true));
        }
        if let Some(default) = &prop.default {
            let kind = schema_map.get("type").and_then(Value::as_str).unwrap_or("string").to_owned();
            schema_map.insert("default".into(), typed(&kind, default));
        }
        if let Some(example) = &prop.example {
            let kind = schema_map.get("type").and_then(Value::as_str).unwrap_or("string").to_owned();
            schema_map.insert("example".into(), typed(&kind, example));
        }
        schema
    }

    /// The schema of one item of `props[index]` (the property itself when it is no array).
    fn item(
        &mut self,
        index: usize,
        path: &str,
        base: &str,
        format: Option<&str>,
        sample: Option<&Value>,
        in_array: bool,
    ) -> Value {
        let prop = &self.tree.props[index];
        let mut schema = Map::new();
        if let Some((keyword, labels)) = &prop.composition {
            let options: Vec<Value> = labels
                .iter()
                .enumerate()
                .map(|(n, label)| {
                    if is_type_line(label) && !label.starts_with("object") {
                        let (b, f, _) = split_type(label);
                        let mut option = json!({"type": b});
                        if let Some(f) = f {
                            option["format"] = json!(f);
                        }
                        option
                    } else if n == 0 && !prop.children.is_empty() {
                        let mut option = self.object(index, path, sample);
                        if is_named_type(label) {
                            option["title"] = json!(label);
                        }
                        option
                    } else {
                        json!({"type": "object", "title": label, "additionalProperties": true, INFERRED: true})
                    }
                })
                .collect();
            self.note(path, format!("{keyword} options other than the first are not shown: check them"));
            schema.insert(keyword.clone(), Value::Array(options));
            return Value::Object(schema);
        }
        let kind = if is_primitive(base) {
            base.to_owned()
        } else if base == "object" || !prop.children.is_empty() || prop.map_value.is_some() {
            "object".to_owned()
        } else if let Some(values) = &prop.possible {
            // A named enum: the page shows its name, not its type.
            let kind = enum_kind(values);
            self.note(path, format!("the type of `{base}` is not shown; drafted as {kind} from its values"));
            schema.insert(INFERRED.into(), json!(true));
            kind.to_owned()
        } else {
            String::new()
        };
        match kind.as_str() {
            "object" => {
                let object = self.object(index, path, sample);
                if is_named_type(base) {
                    let mut object = object;
                    object["title"] = json!(base);
                    return object;
                }
                return object;
            }
            "" => {
                // Neither type nor fields shown: what the example says, else free-form.
                let mut inferred = match sample {
                    Some(value) if !value.is_null() => {
                        self.note(path, format!("type `{base}` is not shown; drafted from the example"));
                        let mut todo = Vec::new();
                        let s = Node::from_examples([value]).to_schema(path, &mut todo);
                        for t in todo {
                            self.notes.push(t);
                        }
                        s
                    }
                    _ => {
                        let what = if base.is_empty() { "the schema".to_owned() } else { format!("type `{base}`") };
                        self.note(path, format!("{what} is not shown and no example shows it: fill it in"));
                        json!({INFERRED: true})
                    }
                };
                if is_named_type(base) {
                    inferred["title"] = json!(base);
                }
                return inferred;
            }
            _ => {}
        }
        schema.insert("type".into(), json!(kind));
        if let Some(format) = format {
            schema.insert("format".into(), json!(format));
        }
        if let Some(values) = &prop.possible {
            let typed_values: Vec<Value> = values.iter().map(|v| typed(&kind, v)).collect();
            if typed_values.contains(&Value::Null) && in_array {
                schema.insert("nullable".into(), json!(true));
            }
            schema.insert("enum".into(), Value::Array(typed_values));
        }
        if let Some(value) = sample.filter(|v| !v.is_null()) {
            let shown = kind_of(value);
            let agrees = shown == kind || (kind == "number" && shown == "integer");
            if !agrees {
                self.note(path, format!("the page shows type {kind} but the example has {value}; drafted as {kind}"));
            }
        }
        Value::Object(schema)
    }

    /// An object schema from the children of `props[index]`.
    fn object(&mut self, index: usize, path: &str, sample: Option<&Value>) -> Value {
        let prop = &self.tree.props[index];
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        if let Some(value_type) = &prop.map_value {
            let (b, f, depth) = split_type(value_type);
            let mut value = if is_primitive(b) || b == "object" { json!({"type": b}) } else { json!({INFERRED: true}) };
            if let Some(f) = f {
                value["format"] = json!(f);
            }
            for _ in 0..depth {
                value = json!({"type": "array", "items": value});
            }
            schema.insert("additionalProperties".into(), value);
        }
        if prop.children.is_empty() {
            match sample.and_then(Value::as_object).filter(|m| !m.is_empty()) {
                Some(_) if prop.map_value.is_none() => {
                    self.note(path, "its properties are shown only in the example; drafted from it");
                    let mut todo = Vec::new();
                    let inferred = Node::from_examples(sample).to_schema(path, &mut todo);
                    self.notes.extend(todo);
                    return inferred;
                }
                _ if prop.map_value.is_none() => {
                    // A collapsed `oneOf` / `anyOf` is labelled `object` too: only any value is
                    // sure to read what the API sends.
                    self.note(path, "its properties are not shown (collapsed?): drafted as any JSON value");
                    return json!({ INFERRED: true });
                }
                _ => {}
            }
            return Value::Object(schema);
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        for &child in &self.tree.props[index].children.clone() {
            let name = self.tree.props[child].name.clone();
            let sub = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            if self.tree.props[child].required {
                required.push(json!(name));
            }
            let child_schema = self.prop(child, &sub);
            properties.insert(name, child_schema);
        }
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        Value::Object(schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t }).collect()
    }

    fn schema(text: &str, example: Option<Value>, root: &str) -> (Value, Vec<String>) {
        let lines = lines(text);
        let tree = read(&lines, example.as_ref(), root);
        let mut s = Schemas { tree: &tree, notes: Vec::new() };
        let v = s.root();
        (v, s.notes)
    }

    #[test]
    fn nested_objects_follow_the_example() {
        let (s, _) = schema("Name\nstring\nKind\nKind", None, "");
        assert_eq!(s["properties"]["Name"]["type"], "string");
        assert_eq!(s["properties"]["Kind"]["title"], "Kind");
        let text =
            "id\nstring\nrequired\nowner\nobject\nnullable\nWho owns it.\nid\nstring\nname\nstring\nsize\ninteger";
        let example = json!({"id": "a", "owner": {"id": "b", "name": "c"}, "size": 1});
        let (s, _) = schema(text, Some(example), "");
        assert_eq!(s["required"], json!(["id"]));
        assert_eq!(s["properties"]["owner"]["nullable"], true);
        assert_eq!(s["properties"]["owner"]["description"], "Who owns it.");
        assert_eq!(s["properties"]["owner"]["properties"]["name"]["type"], "string");
        assert_eq!(s["properties"]["size"]["type"], "integer");
        // Without the example the owner's fields are not known; the rest are siblings.
        let (s, notes) = schema("id\nstring\nowner\nobject\nsize\ninteger", None, "");
        assert_eq!(s["properties"]["owner"], json!({INFERRED: true}));
        assert_eq!(s["properties"]["size"]["type"], "integer");
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn arrays_named_types_and_options() {
        let text = "A list.\nArray [\nop\nstring\nrequired\nPossible values: [add, remove]\nvalue\nobject\noneOf\nstring\ninteger\nstring\n]";
        let (s, _) = schema(text, None, "array");
        assert_eq!(s["type"], "array");
        assert_eq!(s["description"], "A list.");
        assert_eq!(s["items"]["required"], json!(["op"]));
        assert_eq!(s["items"]["properties"]["op"]["enum"], json!(["add", "remove"]));
        assert_eq!(s["items"]["properties"]["value"]["oneOf"], json!([{"type": "string"}, {"type": "integer"}]));
        let (s, notes) = schema("statuses\nStatus[]\nnullable\nPossible values: [A, B, null]", None, "");
        let items = &s["properties"]["statuses"]["items"];
        assert_eq!(items["type"], "string");
        assert_eq!(items["enum"], json!(["A", "B", null]));
        assert_eq!(items["nullable"], true);
        assert_eq!(items[INFERRED], true);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn displayed_type_wins_over_the_example() {
        let (s, notes) = schema("sinceLastSeen\nstring\nExample: 15000", Some(json!({"sinceLastSeen": 15000})), "");
        assert_eq!(s["properties"]["sinceLastSeen"]["type"], "string");
        assert_eq!(s["properties"]["sinceLastSeen"]["example"], "15000");
        assert!(notes[0].contains("example has 15000"), "{notes:?}");
    }

    #[test]
    fn seed_style_text_is_not_a_tree() {
        assert!(!shows_tree(&lines("Target ID\ntarget\nobject\nnullable\nTarget name")));
        assert!(shows_tree(&lines("id\nstring")));
    }
}
