//! The tolerance pass: real pages are sloppy (see the corpus STATS.md). Before the JSON is read
//! into the strict OpenAPI model, what a careful reader can make sense of is rewritten into valid
//! OpenAPI 3.0 with a warning; what cannot be understood is left for the model to reject.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

use serde_json::{Map, Value};

use super::stripped;
use crate::json_walk::Pos;
use crate::Warning;

/// Context of one pass over one file.
pub struct Tolerate<'a> {
    pub file: &'a Path,
    pub warnings: &'a mut Vec<Warning>,
    /// Title -> JSON pointer of the first schema seen with it, to resolve `circular(Title)`.
    pub titled: HashMap<String, String>,
    /// Titles named by `circular(Title)` markers.
    pub circular: Vec<String>,
    /// Discriminator mapping targets given as whole schemas: (name, schema).
    pub mapped: Vec<(String, Value)>,
    /// Whether to mark union branches the plugin emptied (pages; documents are not its output).
    pub marks_stripped: bool,
    /// Whether a union branch the plugin emptied was marked ([`super::stripped`]).
    pub stripped: bool,
    /// How many schemas enclose the current value.
    schema_depth: usize,
    /// JSON pointer of the current value: one buffer, extended and cut back on the way down,
    /// as this pass visits every node of every page and the pointer is read only for warnings.
    pointer: String,
}

/// Deepest schema nesting kept (real pages nest 11 deep). Deeper schemas become "any value":
/// the generated types would nest as deep, and compilers and parsers recurse over them.
pub const MAX_SCHEMA_DEPTH: usize = 32;

impl<'a> Tolerate<'a> {
    pub fn new(file: &'a Path, warnings: &'a mut Vec<Warning>) -> Self {
        Tolerate {
            file,
            warnings,
            titled: HashMap::new(),
            circular: Vec::new(),
            mapped: Vec::new(),
            marks_stripped: true,
            stripped: false,
            schema_depth: 0,
            pointer: String::new(),
        }
    }

    fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(Warning::new(Some(self.file), self.pointer.as_str(), message));
    }

    /// Rewrites `value` (at `pos`, whose place is written `pointer` in warnings) in place.
    pub fn walk(&mut self, value: &mut Value, pos: Pos, pointer: &str) {
        self.pointer.clear();
        self.pointer.push_str(pointer);
        self.visit(value, pos);
    }

    fn visit(&mut self, value: &mut Value, pos: Pos) {
        match pos {
            Pos::Schema if self.schema_depth >= MAX_SCHEMA_DEPTH => {
                self.warn(format!("schemas nested deeper than {MAX_SCHEMA_DEPTH} levels; read as any value"));
                *value = Value::Object(Map::new());
                return;
            }
            Pos::Schema => {
                self.schema(value);
                self.schema_depth += 1;
                self.children(value, pos);
                self.schema_depth -= 1;
                return;
            }
            Pos::Data => return,
            _ => {}
        }
        if pos == Pos::Other {
            if let Value::Object(map) = value {
                let keys = Keys::of(map);
                // `components.responses` is keyed by names, not status codes.
                if keys.responses && !self.pointer.ends_with("/components") {
                    if let Some(Value::Object(responses)) = map.get_mut("responses") {
                        let len = self.enter("responses");
                        self.responses(responses);
                        self.pointer.truncate(len);
                    }
                }
                if keys.request_body {
                    if let Some(Value::Object(content)) = map.get_mut("requestBody").and_then(|b| b.get_mut("content"))
                    {
                        let len = self.enter("requestBody");
                        self.enter("content");
                        self.content(content);
                        self.pointer.truncate(len);
                    }
                }
                if keys.parameter_without_schema() {
                    self.parameter(map);
                }
            }
        }
        self.children(value, pos);
    }

    /// Appends `/key` (escaped) to the pointer; returns the length to cut it back to.
    fn enter(&mut self, key: &str) -> usize {
        let len = self.pointer.len();
        self.pointer.push('/');
        if !key.contains(['~', '/']) {
            self.pointer.push_str(key);
            return len;
        }
        for c in key.chars() {
            match c {
                '~' => self.pointer.push_str("~0"),
                '/' => self.pointer.push_str("~1"),
                c => self.pointer.push(c),
            }
        }
        len
    }

    fn children(&mut self, value: &mut Value, pos: Pos) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    // openapiv3 reads `additionalProperties: true|false` itself; as a schema,
                    // `false` would become `{not: {}}`, a map of anything instead of none.
                    if pos == Pos::Schema && key == "additionalProperties" && child.is_boolean() {
                        continue;
                    }
                    let len = self.enter(key);
                    self.visit(child, pos.child(key));
                    self.pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let len = self.pointer.len();
                    let _ = write!(self.pointer, "/{i}");
                    self.visit(item, pos.element());
                    self.pointer.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// Response maps: keys must be status codes, `1XX`..`5XX` or `default`.
    fn responses(&mut self, responses: &mut Map<String, Value>) {
        let bad: Vec<String> = responses.keys().filter(|k| !is_status_key(k)).cloned().collect();
        for key in bad {
            responses.remove(&key);
            self.warn(format!("`{key}` is not a response status code; ignored"));
        }
        for (code, response) in responses.iter_mut() {
            if let Value::Object(response) = response {
                if !response.contains_key("description") && !response.contains_key("$ref") {
                    response.insert("description".into(), Value::String(String::new()));
                }
                if let Some(Value::Object(content)) = response.get_mut("content") {
                    let len = self.enter(code);
                    self.enter("content");
                    self.content(content);
                    self.pointer.truncate(len);
                }
            }
        }
    }

    /// Content maps: keys must be media types, each a media type object.
    fn content(&mut self, content: &mut Map<String, Value>) {
        // `application/json:` left empty (YAML null): the media type without a schema.
        for (key, media) in content.iter_mut().filter(|(_, media)| media.is_null()) {
            self.warnings.push(Warning::new(
                Some(self.file),
                format!("{}/{}", self.pointer, key.replace('~', "~0").replace('/', "~1")),
                "media type object is null; read as a media type without a schema",
            ));
            *media = Value::Object(Map::new());
        }
        let bad: Vec<String> = content.keys().filter(|k| !k.contains('/') && k.as_str() != "*").cloned().collect();
        for key in bad {
            let Some(value) = content.remove(&key) else {
                continue;
            };
            // `content: {schema: ...}` (the media type forgotten): read it as JSON.
            if key == "schema" && !content.contains_key("application/json") {
                self.warn("content without a media type; read as application/json");
                content.insert("application/json".into(), serde_json::json!({ "schema": value }));
            } else {
                self.warn(format!("`{key}` is not a media type; ignored"));
            }
        }
    }

    /// Parameters need a schema or content; a missing one is read as a string.
    fn parameter(&mut self, map: &mut Map<String, Value>) {
        let is_parameter = map.get("in").is_some_and(Value::is_string) && map.get("name").is_some_and(Value::is_string);
        if is_parameter {
            self.warn("parameter without schema; read as a string");
            map.insert("schema".into(), serde_json::json!({ "type": "string" }));
        }
    }

    fn schema(&mut self, value: &mut Value) {
        match value {
            Value::Bool(true) => *value = Value::Object(Map::new()),
            Value::Bool(false) => *value = serde_json::json!({ "not": {} }),
            Value::String(s) => {
                if let Some(title) = s.strip_prefix("circular(").and_then(|t| t.strip_suffix(')')) {
                    let title = title.to_owned();
                    *value = serde_json::json!({ "$ref": format!("#/components/schemas/{}", component_key(&title)) });
                    self.circular.push(title);
                } else {
                    self.warn(format!("`{s}` is not a schema; read as any value"));
                    *value = Value::Object(Map::new());
                }
            }
            Value::Object(map) => self.schema_object(map),
            _ => {
                self.warn("not a schema; read as any value");
                *value = Value::Object(Map::new());
            }
        }
    }

    fn schema_object(&mut self, map: &mut Map<String, Value>) {
        let keys = Keys::of(map);
        if keys.reference {
            return;
        }
        // OpenAPI 3.1 style type lists: `[string, null]`.
        if let Some(Value::Array(types)) = keys.ty.then(|| map.get("type")).flatten() {
            let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
            if non_null.len() < types.len() {
                map.insert("nullable".into(), Value::Bool(true));
            }
            match non_null.as_slice() {
                [one] => {
                    map.insert("type".into(), one.clone());
                }
                _ => {
                    map.remove("type");
                }
            }
        }
        if let Some(Value::String(ty)) = keys.ty.then(|| map.get("type")).flatten() {
            let ty = ty.clone();
            let fixed = match ty.as_str() {
                "string" | "number" | "integer" | "boolean" | "array" | "object" => None,
                "text" | "str" | "char" => Some(("string", None)),
                "uuid" | "UUID" => Some(("string", Some("uuid"))),
                "date-time" | "datetime" => Some(("string", Some("date-time"))),
                "date" => Some(("string", Some("date"))),
                "int" | "long" | "int64" => Some(("integer", Some("int64"))),
                "int32" => Some(("integer", Some("int32"))),
                "float" | "double" => Some(("number", Some("double"))),
                "bool" => Some(("boolean", None)),
                "map" | "dict" => Some(("object", None)),
                "list" => Some(("array", None)),
                _ => {
                    self.warn(format!("unknown schema type `{ty}`; read as any value"));
                    map.remove("type");
                    None
                }
            };
            if let Some((new, format)) = fixed {
                self.warn(format!("schema type `{ty}` is not an OpenAPI type; read as `{new}`"));
                map.insert("type".into(), Value::String(new.into()));
                if let Some(format) = format {
                    map.entry("format").or_insert_with(|| Value::String(format.into()));
                }
            }
        }
        // An array without `type` but with `items`, or properties without `type`.
        if (keys.items || keys.properties) && !keys.composition && !map.contains_key("type") {
            if keys.items {
                map.insert("type".into(), Value::String("array".into()));
            } else {
                map.insert("type".into(), Value::String("object".into()));
            }
        }
        if keys.composition && !keys.discriminator && self.marks_stripped {
            self.mark_stripped_branches(map);
        }
        // Enum values must match the type for the strict model.
        let ty = if keys.enumeration {
            map.get("type").and_then(Value::as_str).unwrap_or("").to_owned()
        } else {
            String::new()
        };
        if let Some(Value::Array(values)) = keys.enumeration.then(|| map.get_mut("enum")).flatten() {
            let mut converted = false;
            for v in values.iter_mut() {
                let new = match (ty.as_str(), &*v) {
                    ("string", Value::Number(_) | Value::Bool(_)) => Some(Value::String(v.to_string())),
                    ("integer", Value::String(s)) => s.parse::<i64>().ok().map(Value::from),
                    _ => None,
                };
                if let Some(new) = new {
                    *v = new;
                    converted = true;
                }
            }
            let has_null = values.iter().any(Value::is_null);
            if converted {
                self.warn("enum values of another type than the schema's; converted");
            }
            if has_null {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
        // 3.1 style numeric exclusive bounds.
        let bounds: &[(&str, &str)] =
            if keys.exclusive { &[("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] } else { &[] };
        for (exclusive, bound) in bounds {
            if let Some(n @ Value::Number(_)) = map.get(*exclusive).cloned() {
                map.insert((*bound).into(), n);
                map.insert((*exclusive).into(), Value::Bool(true));
            }
        }
        // `required` must be a list of names.
        if let Some(required) = keys.required.then(|| map.get("required")).flatten() {
            if !required.as_array().is_some_and(|r| r.iter().all(Value::is_string)) {
                self.warn("`required` is not a list of property names; ignored");
                map.remove("required");
            }
        }
        // Discriminator mappings whose targets are whole schemas (the plugin resolves them).
        let mapping =
            keys.discriminator.then(|| map.get_mut("discriminator")).flatten().and_then(|d| d.get_mut("mapping"));
        if let Some(Value::Object(mapping)) = mapping {
            for (key, target) in mapping.iter_mut() {
                if target.is_object() {
                    let name = target.get("title").and_then(Value::as_str).map_or_else(|| key.clone(), str::to_owned);
                    let reference = Value::String(format!("#/components/schemas/{}", component_key(&name)));
                    let schema = std::mem::replace(target, reference);
                    self.mapped.push((name, schema));
                }
            }
        }
        // A `default` the schema itself rejects (`6 Months from created date` for a date-time)
        // makes the document invalid; it says nothing a client can use.
        if let Some(default) = keys.default.then(|| map.get("default")).flatten() {
            if let Some(why) = default_contradicts(map, default) {
                self.warn(format!("`default` {default} is {why}; ignored"));
                map.remove("default");
            }
        }
        if let Some(Value::String(title)) = keys.title.then(|| map.get("title")).flatten() {
            if !self.titled.contains_key(title) {
                self.titled.insert(title.clone(), self.pointer.clone());
            }
        }
    }
}

impl Tolerate<'_> {
    /// Marks union branches the plugin emptied, for [`super::stripped`] to fill once every input
    /// is in: a branch of an object (or no) type with a `title` or `required` and nothing that
    /// gives it a shape. (A discriminator's mapping keeps the whole schemas; those are read there.)
    fn mark_stripped_branches(&mut self, map: &mut Map<String, Value>) {
        for union in ["anyOf", "oneOf"] {
            let Some(Value::Array(branches)) = map.get_mut(union) else { continue };
            for branch in branches.iter_mut().filter_map(Value::as_object_mut) {
                let object_or_untyped = branch.get("type").map_or(true, |t| t.as_str() == Some("object"));
                if !object_or_untyped || stripped::SHAPE.iter().any(|key| branch.contains_key(*key)) {
                    continue;
                }
                let required = match branch.remove("required") {
                    Some(Value::Array(names)) => names,
                    _ => Vec::new(),
                };
                if required.is_empty() && !branch.contains_key("title") {
                    continue;
                }
                branch.insert(stripped::MARKER.into(), Value::Array(required));
                self.stripped = true;
            }
        }
    }
}

/// The keys this pass acts on, found in one pass over an object's keys: a hashed lookup per
/// name cost more than the rest of the pass.
#[derive(Default)]
struct Keys {
    reference: bool,
    ty: bool,
    items: bool,
    properties: bool,
    composition: bool,
    enumeration: bool,
    exclusive: bool,
    required: bool,
    discriminator: bool,
    title: bool,
    default: bool,
    responses: bool,
    request_body: bool,
    parameter: [bool; 2],
    schema_or_content: bool,
}

impl Keys {
    fn of(map: &Map<String, Value>) -> Keys {
        let mut keys = Keys::default();
        for key in map.keys() {
            match key.as_str() {
                "$ref" => keys.reference = true,
                "type" => keys.ty = true,
                "items" => keys.items = true,
                "properties" => keys.properties = true,
                "allOf" | "oneOf" | "anyOf" | "not" => keys.composition = true,
                "enum" => keys.enumeration = true,
                "exclusiveMinimum" | "exclusiveMaximum" => keys.exclusive = true,
                "required" => keys.required = true,
                "discriminator" => keys.discriminator = true,
                "title" => keys.title = true,
                "default" => keys.default = true,
                "responses" => keys.responses = true,
                "requestBody" => keys.request_body = true,
                "in" => keys.parameter[0] = true,
                "name" => keys.parameter[1] = true,
                "schema" | "content" => keys.schema_or_content = true,
                _ => {}
            }
        }
        keys
    }

    /// Has `in` and `name` (a parameter, if both are strings) but neither schema nor content.
    fn parameter_without_schema(&self) -> bool {
        self.parameter == [true, true] && !self.schema_or_content
    }
}

/// Keys of a responses object that OpenAPI allows.
fn is_status_key(key: &str) -> bool {
    key == "default"
        || (key.len() == 3 && key.chars().all(|c| c.is_ascii_digit()))
        || (key.len() == 3 && key.as_bytes()[0].is_ascii_digit() && key[1..].eq_ignore_ascii_case("XX"))
}

/// A component key from a title: JSON-pointer safe (titles may contain spaces and slashes).
pub fn component_key(title: &str) -> String {
    title.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' { c } else { '_' }).collect()
}

/// Why a schema's `default` contradicts the schema's own type, format or enum, if it does.
fn default_contradicts(schema: &Map<String, Value>, default: &Value) -> Option<&'static str> {
    if default.is_null() {
        let nullable = schema.get("nullable") == Some(&Value::Bool(true));
        return (!nullable).then_some("null in a schema that is not nullable");
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let fits = match ty {
        Some("string") => default.is_string(),
        Some("integer") => default.is_i64() || default.is_u64(),
        Some("number") => default.is_number(),
        Some("boolean") => default.is_boolean(),
        Some("array") => default.is_array(),
        Some("object") => default.is_object(),
        _ => true,
    };
    if !fits {
        return Some("not of the schema's type");
    }
    let format = schema.get("format").and_then(Value::as_str);
    match (format, default.as_str()) {
        (Some("date-time"), Some(text)) if !crate::ir::types::formats::is_rfc3339(text) => {
            return Some("not a date-time")
        }
        (Some("date"), Some(text)) if !crate::ir::types::formats::is_date(text) => return Some("not a date"),
        _ => {}
    }
    match schema.get("enum") {
        Some(Value::Array(values)) if !values.contains(default) => Some("not one of the enum's values"),
        _ => None,
    }
}
