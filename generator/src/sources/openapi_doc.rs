//! Reading OpenAPI 3.0 documents (YAML or JSON) whose `$ref`s may point into other files.
//!
//! External references are resolved here so that later stages see one self-contained document:
//! a whole file used as a schema becomes a named component (`#/components/schemas/Name`, the
//! name from the root document's `components.schemas` entry for that file, else the file stem),
//! which keeps names and makes recursion through files representable; anything else (path items,
//! responses, parameters, fragments) is inlined.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::assemble::{WEBHOOKS, X_WEBHOOKS};
use crate::json_walk::Pos;
use crate::{Error, Warning};

const UNREADABLE: &str = "cannot read `$ref` target";

/// Deepest nesting followed while resolving, far beyond any real document.
pub const MAX_DEPTH: usize = 512;

/// Deepest nesting of a resolved document: that of one JSON or YAML file (serde_json and
/// serde_yaml stop at 128), so that `$ref`s stacking files into each other cannot build a
/// document deeper than the later stages, which recurse, are known to take.
pub const MAX_NESTING: usize = 128;

/// A root OpenAPI document with every external reference resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenApiDoc {
    pub file: PathBuf,
    pub value: Value,
    /// Every other file its references read, sorted (for `cargo:rerun-if-changed`).
    pub referenced: Vec<PathBuf>,
}

/// Parses a YAML or JSON file into JSON values (YAML's integer keys, such as unquoted response
/// codes, become strings).
pub fn parse_file(file: &Path, text: &str) -> Result<Value, Error> {
    let is_json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        return serde_json::from_str(text).map_err(|e| {
            Error::in_file(file, format!("invalid JSON: {e}")).at(format!("line {}, column {}", e.line(), e.column()))
        });
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let place = e.location().map(|l| format!("line {}, column {}", l.line(), l.column()));
        Error::in_file(file, format!("invalid YAML: {e}")).at(place.unwrap_or_default())
    })?;
    yaml_to_json(file, yaml)
}

fn yaml_to_json(file: &Path, yaml: serde_yaml::Value) -> Result<Value, Error> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(|v| yaml_to_json(file, v)).collect::<Result<_, _>>()?),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(Error::in_file(file, format!("unsupported YAML mapping key {other:?}"))),
                };
                out.insert(key, yaml_to_json(file, v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(file, tagged.value)?,
    })
}

/// True when the text looks like an OpenAPI root document (cheap check for folder scans).
pub fn looks_like_openapi(file: &Path, text: &str) -> bool {
    if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        return serde_json::from_str::<Map<String, Value>>(text).is_ok_and(|m| m.contains_key("openapi"));
    }
    text.lines().any(|l| l.starts_with("openapi:") || l.starts_with("\"openapi\":") || l.starts_with("'openapi':"))
}

struct Resolver {
    root: PathBuf,
    /// `/components/{kind}/{name}` of everything the root document defines.
    root_pointers: Vec<String>,
    files: HashMap<PathBuf, Value>,
    /// Schema files already named: file -> component name.
    named: HashMap<PathBuf, String>,
    /// Component name -> resolved schema, in first-seen order of names.
    components: BTreeMap<String, Value>,
    /// `file#fragment` being inlined right now, to report cycles instead of looping.
    inlining: Vec<String>,
}

/// Reads a root OpenAPI document and resolves every external `$ref`.
pub fn read_openapi(file: &Path, text: &str, warnings: &mut Vec<Warning>) -> Result<OpenApiDoc, Error> {
    let root_file = normalize(file);
    let mut root = parse_file(file, text)?;
    if !root.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.")) {
        return Err(Error::in_file(file, "not an OpenAPI 3.x document: no `openapi: 3.x` key"));
    }
    if root.get("$ref").is_some() {
        // Followed, it would replace the whole document (with a string, say).
        return Err(Error::in_file(file, "the root of an OpenAPI document cannot be a `$ref`").at("/$ref"));
    }
    // 3.0 documents write 3.1's `webhooks` as `x-webhooks`, an extension, which nothing would
    // read inside (its `$ref`s included).
    if let Some(doc) = root.as_object_mut() {
        if let (false, Some(webhooks)) = (doc.contains_key(WEBHOOKS), doc.remove(X_WEBHOOKS)) {
            doc.insert(WEBHOOKS.into(), webhooks);
        }
    }
    let mut resolver = Resolver {
        root: root_file.clone(),
        root_pointers: component_pointers(&root),
        files: HashMap::new(),
        named: HashMap::new(),
        components: BTreeMap::new(),
        inlining: Vec::new(),
    };
    // Root components that are just a reference to a schema file give that file its name.
    let mut local_components = Map::new();
    if let Some(Value::Object(schemas)) = root.pointer_mut("/components/schemas").map(Value::take) {
        for (name, schema) in schemas {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(r) if !r.starts_with('#') && !r.contains('#') => {
                    resolver
                        .named
                        .insert(normalize(&root_file.parent().unwrap_or(Path::new("")).join(r)), name.clone());
                }
                _ => {}
            }
            local_components.insert(name, schema);
        }
    }
    // A path whose file is missing is dropped with a warning: the rest of the API stays usable.
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in std::mem::take(paths) {
            let pointer = format!("/paths/{}", path.replace('~', "~0").replace('/', "~1"));
            match resolver.walk(item, &root_file, Pos::Other, &pointer, 1) {
                Ok(item) => {
                    paths.insert(path, item);
                }
                Err(e) if e.message.starts_with(UNREADABLE) => {
                    warnings.push(Warning::new(Some(file), pointer, format!("path `{path}` skipped: {}", e.message)));
                }
                Err(e) => return Err(e),
            }
        }
    }
    let mut value = resolver.walk(root, &root_file, Pos::Other, "", 0)?;
    for (name, schema) in local_components {
        let schema = resolver.walk(schema, &root_file, Pos::Schema, &format!("/components/schemas/{name}"), 0)?;
        // A root entry that references a file is that file's component: stored once, by name.
        resolver.components.entry(name).or_insert(schema);
    }
    let Some(root_map) = value.as_object_mut() else {
        return Err(Error::in_file(file, "the root of an OpenAPI document must be an object"));
    };
    let components = root_map.entry("components").or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(components) = components {
        components.insert("schemas".into(), Value::Object(resolver.components.into_iter().collect()));
    }
    if let Some(pointer) = crate::json_walk::deeper_than(&value, MAX_NESTING) {
        return Err(Error::in_file(
            file,
            format!("nesting deeper than {MAX_NESTING} levels once the `$ref`s into other files are inlined"),
        )
        .at(pointer));
    }
    let mut referenced: Vec<PathBuf> = resolver.files.into_keys().collect();
    referenced.sort();
    Ok(OpenApiDoc { file: file.to_path_buf(), value, referenced })
}

impl Resolver {
    fn load(&mut self, file: &Path, from: &Path, pointer: &str) -> Result<&Value, Error> {
        if !self.files.contains_key(file) {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Error::in_file(from, format!("{UNREADABLE} {}: {e}", file.display())).at(pointer))?;
            let value = parse_file(file, &text)?;
            self.files.insert(file.to_path_buf(), value);
        }
        Ok(&self.files[file])
    }

    fn walk(&mut self, value: Value, base: &Path, pos: Pos, pointer: &str, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(Error::in_file(
                base,
                format!("nesting deeper than {MAX_DEPTH} levels while following `$ref`s"),
            )
            .at(pointer));
        }
        match value {
            Value::Object(map) if pos != Pos::Data => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    return self.resolve(reference.clone(), base, pos, pointer, depth);
                }
                let mut out = Map::new();
                for (key, child) in map {
                    let ptr = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    let child = self.walk(child, base, pos.child(&key), &ptr, depth + 1)?;
                    out.insert(key, child);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) if pos != Pos::Data => {
                let child = pos.element();
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    out.push(self.walk(item, base, child, &format!("{pointer}/{i}"), depth + 1)?);
                }
                Ok(Value::Array(out))
            }
            other => Ok(other),
        }
    }

    fn resolve(
        &mut self,
        reference: String,
        base: &Path,
        pos: Pos,
        pointer: &str,
        depth: usize,
    ) -> Result<Value, Error> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((&reference, ""));
        let target = if file_part.is_empty() {
            base.to_path_buf()
        } else {
            normalize(&base.parent().unwrap_or(Path::new("")).join(file_part))
        };
        if file_part.is_empty() && target == self.root {
            // A reference inside the root document stays a reference.
            return Ok(serde_json::json!({ "$ref": reference }));
        }
        if pos == Pos::Schema && fragment.is_empty() {
            let name = self.component(&target, base, pointer, depth)?;
            return Ok(serde_json::json!({ "$ref": format!("#/components/schemas/{name}") }));
        }
        let key = format!("{}#{fragment}", target.display());
        if self.inlining.contains(&key) {
            return Err(Error::in_file(base, format!("circular `$ref` to {reference} outside a schema")).at(pointer));
        }
        // Split documents often write `#/components/...` in a path file, meaning the root's.
        let in_root = file_part.is_empty() && self.root_pointers.iter().any(|p| p == fragment);
        let doc = self.load(&target, base, pointer)?;
        let value = if fragment.is_empty() { Some(doc) } else { doc.pointer(fragment) };
        if value.is_none() && in_root {
            return Ok(serde_json::json!({ "$ref": reference }));
        }
        let value = value.cloned().ok_or_else(|| {
            Error::in_file(base, format!("`$ref` {reference}: no `{fragment}` in {}", target.display())).at(pointer)
        })?;
        self.inlining.push(key);
        let resolved = self.walk(value, &target, pos, pointer, depth + 1);
        self.inlining.pop();
        resolved
    }

    /// The component name of a schema file, resolving and storing it the first time.
    fn component(&mut self, file: &Path, from: &Path, pointer: &str, depth: usize) -> Result<String, Error> {
        if let Some(name) = self.named.get(file) {
            if self.components.contains_key(name) {
                return Ok(name.clone());
            }
        }
        let name = match self.named.get(file) {
            Some(name) => name.clone(),
            None => {
                let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let mut name = stem.clone();
                let mut dirs =
                    file.parent().map(|p| p.components().rev().collect::<Vec<_>>()).unwrap_or_default().into_iter();
                while self.named.values().any(|n| *n == name) {
                    match dirs.next() {
                        Some(dir) => name = format!("{}_{name}", dir.as_os_str().to_string_lossy()),
                        None => name.push('_'),
                    }
                }
                self.named.insert(file.to_path_buf(), name.clone());
                name
            }
        };
        // Placeholder first, so a schema that refers to itself finds its name.
        self.components.insert(name.clone(), Value::Null);
        let value = self.load(file, from, pointer)?.clone();
        self.inlining.push(format!("{}#", file.display()));
        let resolved = self.walk(value, file, Pos::Schema, "", depth + 1);
        self.inlining.pop();
        self.components.insert(name.clone(), resolved?);
        Ok(name)
    }
}

fn component_pointers(root: &Value) -> Vec<String> {
    let Some(Value::Object(components)) = root.get("components") else { return Vec::new() };
    components
        .iter()
        .filter_map(|(kind, items)| Some((kind, items.as_object()?)))
        .flat_map(|(kind, items)| items.keys().map(move |name| format!("/components/{kind}/{name}")))
        .collect()
}

/// Removes `.` and `..` without touching the file system, so equal files get equal keys.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
