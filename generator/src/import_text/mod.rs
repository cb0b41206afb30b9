//! `pagegen import-text`: a draft operation page from the text a browser shows for a rendered
//! docusaurus-plugin-openapi-docs page, for portals that do not publish their pages' source.
//!
//! The copied text looks like this (blank lines do not matter):
//!
//! ```text
//! Invite identities to register            summary
//! POST/identities/invite                   method and path
//! This API submits a task ...              description paragraphs
//! Request
//! Path Parameters                          (or Query/Header/Cookie): name, type line,
//! id / string / required / The ID          `required`, Possible values, Default value, text
//! - application/json                       request media types
//! Body / required                          request body, then its schema lines and examples
//! Responses
//! - 202 / - 400 ...                        status tabs
//! Responds with ...                        per response, in order: description,
//! - application/json                       media types,
//! - Schema / - Example (from schema) / - 403   tabs (extra tabs name further examples),
//! Schema                                   schema lines: descriptions without names,
//! target / object / nullable / required    named object headers,
//! Possible values: [A, B, null]            enum lists,
//! { ...pretty JSON... }                    the example from the schema,
//! An example of a 403 response object      then titled further examples.
//! { ... }
//! ```
//!
//! [`parse`] splits the text into those parts, [`infer`] derives schemas from the examples, and
//! [`align`] attaches descriptions, enums and flags to the inferred fields. Everything guessed
//! is marked `x-pagegen-inferred: true`; what cannot be recovered is a free-form schema and a
//! warning saying what to fill in by hand.

mod align;
mod infer;
mod parse;

use std::path::Path;

use heck::{ToKebabCase, ToLowerCamelCase};
use serde_json::{json, Map, Value};

pub use infer::INFERRED;
use parse::{Rendered, Section};

use crate::{Error, Warning};

/// Reads the rendered text in `file` and returns the draft page.
pub fn import_file(file: &Path, warnings: &mut Vec<Warning>) -> Result<String, Error> {
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| Error::in_file(file, format!("not UTF-8 text: {e}")))?;
    import_text(file, &text, warnings)
}

/// The draft page for rendered `text` (`file` names it in messages).
pub fn import_text(file: &Path, text: &str, warnings: &mut Vec<Warning>) -> Result<String, Error> {
    let page = parse::parse(file, text, warnings)?;
    let summary = page.summary.clone();
    let operation = Draft { file, warnings }.operation(page);
    let id = operation["operationId"].as_str().unwrap_or("operation").to_kebab_case();
    let title = summary.unwrap_or_else(|| id.clone());
    let method = operation["method"].as_str().unwrap_or_default().to_owned();
    let api = serde_json::to_string(&operation).map_err(|e| Error::in_file(file, e.to_string()))?;
    let quoted = json!(title).to_string();
    let source = file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(format!(
        "---\n\
         id: {id}\n\
         title: {quoted}\n\
         sidebar_label: {quoted}\n\
         hide_title: true\n\
         api: {api}\n\
         sidebar_class_name: \"{method} api-method\"\n\
         ---\n\
         \n\
         {{/* Drafted by `pagegen import-text` from {source}: check every schema marked \
         `{INFERRED}: true`. */}}\n"
    ))
}

/// Words of a summary or path as an operationId: `inviteIdentitiesToRegister`.
fn operation_id(page: &Rendered<'_>) -> String {
    let words: String = match &page.summary {
        Some(summary) => summary.clone(),
        None => format!("{} {}", page.method, page.path),
    }
    .chars()
    .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
    .collect();
    let id = words.to_lower_camel_case();
    if id.is_empty() {
        "operation".to_owned()
    } else {
        id
    }
}

struct Draft<'a, 'w> {
    file: &'a Path,
    warnings: &'w mut Vec<Warning>,
}

impl Draft<'_, '_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning::new(Some(self.file), format!("line {line}"), message));
    }

    fn operation(&mut self, mut page: Rendered<'_>) -> Value {
        let mut op = Map::new();
        op.insert("operationId".into(), json!(operation_id(&page)));
        if let Some(summary) = &page.summary {
            op.insert("summary".into(), json!(summary));
        }
        if !page.description.is_empty() {
            op.insert("description".into(), json!(page.description.join("\n\n")));
        }
        let parameters = self.parameters(&page);
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::Array(parameters));
        }
        let mut request_example = None;
        if let Some(request) = page.request.take() {
            let (body, example) = self.request_body(request);
            op.insert("requestBody".into(), body);
            request_example = example;
        }
        op.insert("responses".into(), self.responses(&mut page));
        op.insert("method".into(), json!(page.method));
        op.insert("path".into(), json!(page.path));
        if let Some(example) = request_example {
            op.insert("jsonRequestBodyExample".into(), example);
        }
        Value::Object(op)
    }

    fn parameters(&mut self, page: &Rendered<'_>) -> Vec<Value> {
        let mut out = Vec::new();
        for p in &page.parameters {
            let mut schema = type_schema(&p.type_text);
            if let Some(values) = &p.possible {
                let kind = schema["type"].as_str().unwrap_or("string").to_owned();
                let typed: Vec<Value> = values.iter().map(|v| typed_value(&kind, v)).collect();
                schema["enum"] = Value::Array(typed);
            }
            if let Some(default) = &p.default {
                let kind = schema["type"].as_str().unwrap_or("string").to_owned();
                schema["default"] = typed_value(&kind, default);
            }
            let mut param = Map::new();
            param.insert("name".into(), json!(p.name));
            param.insert("in".into(), json!(p.location));
            if !p.description.is_empty() {
                param.insert("description".into(), json!(p.description.join("\n\n")));
            }
            param.insert("required".into(), json!(p.required || p.location == "path"));
            if p.location == "path" && !p.required {
                self.warn(p.line, format!("path parameter `{}` not marked required; made required", p.name));
            }
            if let Some(example) = &p.example {
                let kind = schema["type"].as_str().unwrap_or("string").to_owned();
                param.insert("example".into(), typed_value(&kind, example));
            }
            param.insert("schema".into(), schema);
            out.push(Value::Object(param));
        }
        for name in path_names(&page.path) {
            let declared = page.parameters.iter().any(|p| p.location == "path" && p.name == name);
            if !declared {
                self.warnings.push(Warning::new(
                    Some(self.file),
                    "",
                    format!(
                        "path parameter `{name}` is not described on the page; drafted as a \
                         string: check its type and add a description"
                    ),
                ));
                out.push(json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string", INFERRED: true},
                }));
            }
        }
        out
    }

    fn request_body(&mut self, request: Section<'_>) -> (Value, Option<Value>) {
        let mut media_types = request.media_types.clone();
        if media_types.is_empty() {
            self.warn(request.line, "the request body names no media type; drafted as application/json");
            media_types.push("application/json".into());
        }
        let example = request.examples.first().map(|e| e.value.clone());
        let media = self.media(&request, "request body");
        let content: Map<String, Value> = media_types.into_iter().map(|m| (m, media.clone())).collect();
        let mut body = Map::new();
        if !request.description.is_empty() {
            body.insert("description".into(), json!(request.description.join("\n\n")));
        }
        body.insert("content".into(), Value::Object(content));
        if request.required {
            body.insert("required".into(), json!(true));
        }
        (Value::Object(body), example)
    }

    fn responses(&mut self, page: &mut Rendered<'_>) -> Value {
        let statuses = std::mem::take(&mut page.statuses);
        let sections = split_empty(std::mem::take(&mut page.responses), statuses.len());
        if statuses.is_empty() {
            self.warnings.push(Warning::new(
                Some(self.file),
                "",
                "no `Responses` status list on the page; drafted a `default` response: add the \
                 real responses by hand",
            ));
        }
        if sections.len() > statuses.len() && !statuses.is_empty() {
            let line = sections[statuses.len()].line;
            self.warn(
                line,
                format!(
                    "{} response sections but only {} status codes; the extra sections are left \
                     out",
                    sections.len(),
                    statuses.len()
                ),
            );
        }
        let mut responses = Map::new();
        let mut sections = sections.into_iter();
        for (code, line) in &statuses {
            let Some(section) = sections.next() else {
                self.warn(*line, format!("response {code} has no section on the page; describe it by hand"));
                responses.insert(code.clone(), json!({"description": ""}));
                continue;
            };
            responses.insert(code.clone(), self.response(code, section));
        }
        if statuses.is_empty() {
            let response = match sections.next() {
                Some(section) => self.response("default", section),
                None => json!({"description": ""}),
            };
            responses.insert("default".into(), response);
        }
        Value::Object(responses)
    }

    fn response(&mut self, code: &str, section: Section<'_>) -> Value {
        let mut response = Map::new();
        response.insert("description".into(), json!(section.description.join("\n\n")));
        if !section.media_types.is_empty() {
            let media = self.media(&section, &format!("response {code}"));
            let content: Map<String, Value> = section.media_types.iter().map(|m| (m.clone(), media.clone())).collect();
            response.insert("content".into(), Value::Object(content));
        } else if !section.examples.is_empty() || !section.schema_lines.is_empty() {
            self.warn(section.line, format!("response {code} shows a body but no media type; add its content by hand"));
        }
        Value::Object(response)
    }

    /// A media type object: the inferred schema and the examples.
    fn media(&mut self, section: &Section<'_>, what: &str) -> Value {
        let tokens = align::tokenize(&section.schema_lines);
        let mut media = Map::new();
        let schema = if section.examples.is_empty() {
            let described: Vec<String> = tokens
                .iter()
                .map(|t| match t {
                    align::Token::Header(h) => format!("`{}` ({})", h.name, h.type_text),
                    align::Token::Possible { values, .. } => {
                        format!("Possible values: [{}]", values.join(", "))
                    }
                    align::Token::Text { text, .. } => text.clone(),
                })
                .collect();
            let mut message = format!(
                "{what}: the page shows no example, so its schema is free-form: fill in its \
                 fields by hand"
            );
            let mut schema = Map::new();
            if !described.is_empty() {
                message.push_str(&format!(" (the page describes, without names: {})", described.join(" | ")));
                let list: Vec<String> = described.iter().map(|d| format!("- {d}")).collect();
                schema.insert(
                    "description".into(),
                    json!(format!("Fields described on the page, names unknown:\n{}", list.join("\n"))),
                );
            }
            schema.insert(INFERRED.into(), json!(true));
            self.warn(section.line, message);
            Value::Object(schema)
        } else {
            let mut node = infer::Node::from_examples(section.examples.iter().map(|e| &e.value));
            align::annotate(&mut node, &tokens, what, self.file, self.warnings);
            let mut todo = Vec::new();
            let schema = node.to_schema("", &mut todo);
            for item in todo {
                self.warn(section.line, format!("{what}: {item}"));
            }
            schema
        };
        media.insert("schema".into(), schema);
        match section.examples.as_slice() {
            [] => {}
            [one] => {
                media.insert("example".into(), one.value.clone());
            }
            [first, rest @ ..] => {
                let mut examples = Map::new();
                examples.insert("example".into(), json!({"summary": "Example (from schema)", "value": first.value}));
                for (i, example) in rest.iter().enumerate() {
                    let mut key = section
                        .example_tabs
                        .get(i)
                        .cloned()
                        .or_else(|| example.title.as_deref().map(|t| t.to_lower_camel_case()))
                        .filter(|k| !k.is_empty())
                        .unwrap_or_else(|| format!("example{}", i + 2));
                    while examples.contains_key(&key) {
                        key.push('_');
                    }
                    let mut entry = Map::new();
                    if let Some(title) = &example.title {
                        entry.insert("summary".into(), json!(title));
                    }
                    entry.insert("value".into(), example.value.clone());
                    examples.insert(key, Value::Object(entry));
                }
                media.insert("examples".into(), Value::Object(examples));
            }
        }
        Value::Object(media)
    }
}

/// Responses without content show only a description line, which the reader joins to the next
/// response's description. While sections are missing, split leading description lines off.
fn split_empty(sections: Vec<Section<'_>>, statuses: usize) -> Vec<Section<'_>> {
    let mut missing = statuses.saturating_sub(sections.len());
    let mut out = Vec::with_capacity(sections.len() + missing);
    for mut section in sections {
        while missing > 0 && section.description.len() > 1 {
            let first = section.description.remove(0);
            out.push(Section { description: vec![first], line: section.line, ..Section::default() });
            missing -= 1;
        }
        out.push(section);
    }
    out
}

/// `{id}` names in a path template.
fn path_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}'))
        .map(|(name, _)| name.to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

/// A schema from a type line: `string`, `integer<int32>`, `string<date-time>[]`.
fn type_schema(text: &str) -> Value {
    if let Some(inner) = text.strip_suffix("[]") {
        return json!({"type": "array", "items": type_schema(inner)});
    }
    let (name, format) = match text.split_once('<') {
        Some((name, rest)) => (name, rest.strip_suffix('>')),
        None => (text, None),
    };
    let mut schema = Map::new();
    if !name.is_empty() && name != "null" {
        schema.insert("type".into(), json!(name));
    }
    if let Some(format) = format.filter(|f| !f.is_empty()) {
        schema.insert("format".into(), json!(format));
    }
    Value::Object(schema)
}

/// A value shown on the page (`250`, `true`, `ACTIVE`) as the schema's type.
fn typed_value(kind: &str, text: &str) -> Value {
    let text = text.trim().trim_matches('`');
    if text == "null" {
        return Value::Null;
    }
    match kind {
        "integer" | "number" | "boolean" => serde_json::from_str(text).unwrap_or_else(|_| json!(text)),
        _ => json!(text),
    }
}
