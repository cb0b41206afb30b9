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
//! Today's docusaurus-theme-openapi-docs shows more: `PATCH` and `/access-profiles/:id` on two
//! lines, tabs without `- `, `Body array`, and a schema tree naming every property with its type
//! (`string<date-time>`, `object[]`, named types like `RequestableObjectType[]`), flags,
//! `Possible values`, `Default value` and `oneOf` / `anyOf` options.
//!
//! [`parse`] splits the text into those parts and [`path`] puts the path in OpenAPI form and
//! checks it against the path parameters. Where the page shows the tree, [`tree`] reads it as the
//! source of truth and the example only fills in what the tree does not show; on older pages
//! (the seed) [`infer`] derives schemas from the examples and [`align`] attaches descriptions,
//! enums and flags to the inferred fields. Everything guessed is marked
//! `x-pagegen-inferred: true`; what cannot be recovered is a free-form schema and a warning
//! saying what to fill in by hand.

mod align;
mod infer;
mod parse;
mod path;
mod tree;

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
    let operation = Draft { file, warnings }.operation(page)?;
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

    fn operation(&mut self, mut page: Rendered<'_>) -> Result<Value, Error> {
        self.normalize_path(&mut page)?;
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
        Ok(Value::Object(op))
    }

    /// Puts the path in OpenAPI form and checks its places against the path parameters: a
    /// parameter with no place would never be sent, so it is an error of the page, not a guess.
    fn normalize_path(&mut self, page: &mut Rendered<'_>) -> Result<(), Error> {
        let declared: Vec<&str> =
            page.parameters.iter().filter(|p| p.location == "path").map(|p| p.name.as_str()).collect();
        let template = path::openapi_template(&page.path, &declared);
        if template != page.path {
            self.warnings.push(Warning::new(
                Some(self.file),
                "",
                format!("path `{}` written in OpenAPI form as `{template}`", page.path),
            ));
        }
        let places = path::names(&template);
        let unplaced: Vec<&str> = declared.iter().copied().filter(|d| !places.iter().any(|p| p == d)).collect();
        if let Some(first) = unplaced.first() {
            let line = page.parameters.iter().find(|p| p.location == "path" && p.name == *first).map_or(0, |p| p.line);
            return Err(Error::in_file(
                self.file,
                format!(
                    "path parameter{} `{}` ha{} no place in the path `{template}`: the client \
                     could never send {}; fix the path (`{{name}}` or `:name`) or the parameter \
                     list",
                    if unplaced.len() > 1 { "s" } else { "" },
                    unplaced.join("`, `"),
                    if unplaced.len() > 1 { "ve" } else { "s" },
                    if unplaced.len() > 1 { "them" } else { "it" },
                ),
            )
            .at(format!("line {line}")));
        }
        page.path = template;
        Ok(())
    }

    fn parameters(&mut self, page: &Rendered<'_>) -> Vec<Value> {
        let mut out = Vec::new();
        for p in &page.parameters {
            let schema = self.parameter_schema(p);
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
                param.insert("example".into(), tree::typed(&kind, example));
            }
            param.insert("schema".into(), schema);
            out.push(Value::Object(param));
        }
        for name in path::names(&page.path) {
            let declared = page.parameters.iter().any(|p| p.location == "path" && p.name == name);
            if !declared {
                self.warnings.push(Warning::new(
                    Some(self.file),
                    "",
                    format!(
                        "path parameter `{name}` has a place in the path but is not described \
                         on the page; drafted as a required string marked `{INFERRED}`: check \
                         its type and add a description"
                    ),
                ));
                out.push(json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string", INFERRED: true},
                    INFERRED: true,
                }));
            }
        }
        out
    }

    /// A parameter's schema, read like a property of the schema tree (named types, enums of
    /// array items).
    fn parameter_schema(&mut self, p: &parse::Param) -> Value {
        let prop = tree::Prop {
            name: p.name.clone(),
            type_text: p.type_text.clone(),
            nullable: p.nullable,
            possible: p.possible.clone(),
            default: p.default.clone(),
            ..tree::Prop::default()
        };
        let props = tree::Tree { props: vec![tree::Prop { children: vec![1], ..tree::Prop::default() }, prop] };
        let mut schemas = tree::Schemas { tree: &props, notes: Vec::new() };
        let schema = schemas.root()["properties"][&p.name].take();
        for note in schemas.notes {
            self.warn(p.line, format!("{} parameter {note}", p.location));
        }
        schema
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
        let schema = if tree::shows_tree(&section.schema_lines) {
            // Today's theme: the tree is the source of truth, the example fills in the rest.
            let root_type = if section.array { "array" } else { "" };
            let example = section.examples.first().map(|e| &e.value);
            let tree = tree::read(&section.schema_lines, example, root_type);
            let mut schemas = tree::Schemas { tree: &tree, notes: Vec::new() };
            let schema = schemas.root();
            for note in schemas.notes {
                self.warn(section.line, format!("{what}: {note}"));
            }
            schema
        } else if section.examples.is_empty() {
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
