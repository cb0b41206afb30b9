//! `pagegen import-text`: drafting an operation page from the text of a rendered page.
//!
//! The seed tests read the shared folder (see `common`); `cargo test --test import_text --
//! --nocapture` prints the comparison's numbers.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pagegen::import_text::{import_file, import_text, INFERRED};
use pagegen::sources::page::{read_operation_page, OperationPage};
use pagegen::{GenerateOptions, Warning};
use serde_json::{json, Value};

fn seed() -> PathBuf {
    let file = common::shared().join("seeds/invite-identities.rendered.txt");
    assert!(file.is_file(), "the seed {} is missing", file.display());
    file
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rendered").join(name)
}

/// Imports `file`, reads the draft back as a page, and loads and generates from it.
fn import_and_generate(file: &Path) -> (OperationPage, Vec<Warning>) {
    let mut warnings = Vec::new();
    let draft = import_file(file, &mut warnings).expect("import");
    let dir = tempfile::tempdir().unwrap();
    let page_file = dir.path().join("draft.api.mdx");
    std::fs::write(&page_file, &draft).unwrap();
    let page = read_operation_page(&page_file, &draft, &mut Vec::new()).expect("draft reads back");
    let (api, mut load_warnings) = pagegen::load(&[&page_file]).expect("draft loads");
    let files =
        pagegen::generate(&api, &GenerateOptions::new("draft-client"), &mut load_warnings).expect("draft generates");
    assert!(files.contains_key(Path::new("src/client.rs")));
    (page, warnings)
}

fn media<'v>(page: &'v OperationPage, status: &str) -> &'v Value {
    &page.operation["responses"][status]["content"]["application/json"]
}

/// Every example of a media object.
fn examples(media: &Value) -> Vec<&Value> {
    let mut out: Vec<&Value> = media.get("example").into_iter().collect();
    if let Some(Value::Object(named)) = media.get("examples") {
        out.extend(named.values().map(|e| &e["value"]));
    }
    out
}

// --- a small validator for the schemas the importer writes ------------------------------------

fn validate(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if value.is_null() {
        let typed = schema.get("type").is_some();
        if typed && schema["nullable"] != json!(true) {
            errors.push(format!("{path}: null but not nullable"));
        }
        return;
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        if !values.contains(value) {
            errors.push(format!("{path}: {value} is not in the enum"));
        }
    }
    let ok = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("string") => match value.as_str() {
            Some(s) if schema["format"] == "date-time" => {
                s.len() >= 20 && s.as_bytes()[10] == b'T' && s[..4].parse::<u32>().is_ok()
            }
            Some(_) => true,
            None => false,
        },
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    validate(&schema["items"], item, &format!("{path}[{i}]"), errors);
                }
                true
            }
            None => false,
        },
        Some("object") => match value.as_object() {
            Some(map) => {
                for name in schema["required"].as_array().into_iter().flatten() {
                    if !map.contains_key(name.as_str().unwrap_or_default()) {
                        errors.push(format!("{path}: required `{name}` is missing"));
                    }
                }
                let props = schema.get("properties").and_then(Value::as_object);
                for (key, v) in map {
                    match props.and_then(|p| p.get(key)) {
                        Some(s) => validate(s, v, &format!("{path}.{key}"), errors),
                        None if schema["additionalProperties"] == json!(true) => {}
                        None => errors.push(format!("{path}: unexpected property `{key}`")),
                    }
                }
                true
            }
            None => false,
        },
        Some(other) => {
            errors.push(format!("{path}: unknown type {other}"));
            true
        }
    };
    if !ok {
        errors.push(format!("{path}: {value} does not match {}", schema["type"]));
    }
}

/// Every schema object under `schema` (itself, properties, items) carries the inferred mark.
fn all_marked(schema: &Value) -> bool {
    schema[INFERRED] == json!(true)
        && schema.get("properties").and_then(Value::as_object).map_or(true, |p| p.values().all(all_marked))
        && schema.get("items").map_or(true, all_marked)
}

// --- the seed ---------------------------------------------------------------------------------

#[test]
fn seed_drafts_a_page_that_generates() {
    let (page, warnings) = import_and_generate(&seed());
    assert_eq!(page.method, "post");
    assert_eq!(page.path, "/identities/invite");
    let op = &page.operation;
    assert_eq!(op["operationId"], "inviteIdentitiesToRegister");
    assert_eq!(op["summary"], "Invite identities to register");
    let description = op["description"].as_str().unwrap();
    assert!(description.starts_with("This API submits a task for inviting given identities"));
    assert_eq!(description.split("\n\n").count(), 4);
    assert_eq!(op["requestBody"]["required"], true);
    let request = &op["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(request[INFERRED], true);
    assert!(request["description"].as_str().unwrap().contains("The list of Identities IDs to invite"));
    assert!(
        warnings.iter().any(|w| w.message.contains("request body") && w.message.contains("by hand")),
        "{warnings:?}"
    );

    let statuses: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["202", "400", "401", "403", "404", "429", "500"]);
    assert_eq!(
        op["responses"]["429"]["description"],
        "Too Many Requests - Returned in response to too many requests in a given period of \
         time - rate limited. The Retry-After header in the response includes how long to wait \
         before trying again."
    );
    for status in statuses {
        let media = media(&page, status);
        let schema = &media["schema"];
        assert!(all_marked(schema), "{status}: unmarked schema");
        let examples = examples(media);
        assert!(!examples.is_empty(), "{status}: no example kept");
        for example in examples {
            let mut errors = Vec::new();
            validate(schema, example, status, &mut errors);
            assert!(errors.is_empty(), "{status}: {errors:#?}");
        }
    }
    // The 403 keeps the named example under its tab's name.
    let named = &media(&page, "403")["examples"]["403"];
    assert_eq!(named["summary"], "An example of a 403 response object");
    assert_eq!(named["value"]["detailCode"], "403 Forbidden");

    let task = &media(&page, "202")["schema"];
    assert_eq!(task["properties"]["created"]["format"], "date-time");
    assert_eq!(task["properties"]["target"]["nullable"], true);
    assert_eq!(
        task["properties"]["completionStatus"]["enum"],
        json!(["SUCCESS", "WARNING", "ERROR", "TERMINATED", "TEMPERROR", null])
    );
    assert_eq!(task["required"], json!(["messages", "returns", "attributes"]));
    assert_eq!(task["properties"]["attributes"]["additionalProperties"], true);
    let message = &task["properties"]["messages"]["items"];
    assert_eq!(message["properties"]["localizedText"]["nullable"], true);
    assert_eq!(message["properties"]["localizedText"]["properties"]["message"]["description"], "Message text");
}

// --- comparison with the real definition ------------------------------------------------------

/// Reads a YAML file and resolves its `$ref`s to other files, relative to each file.
fn resolved(file: &Path) -> Value {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let value: Value = serde_yaml::from_str(&text).unwrap();
    resolve(value, file.parent().unwrap())
}

fn resolve(value: Value, dir: &Path) -> Value {
    match value {
        Value::Object(mut map) => {
            if let Some(Value::String(reference)) = map.remove("$ref") {
                let mut target = resolved(&dir.join(reference));
                // Siblings of `$ref` (a description) override the target's.
                for (k, v) in map {
                    target[k] = resolve(v, dir);
                }
                return target;
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, resolve(v, dir))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| resolve(v, dir)).collect()),
        other => other,
    }
}

#[derive(Debug, Default)]
struct Field {
    ty: Option<String>,
    nullable: bool,
    enumeration: Option<BTreeSet<String>>,
}

/// `messages[].localizedText.locale` -> type and enum, for every property under `schema`.
fn fields(schema: &Value, prefix: &str, out: &mut BTreeMap<String, Field>) {
    if let Some(items) = schema.get("items") {
        fields(items, &format!("{prefix}[]"), out);
    }
    for (name, prop) in schema["properties"].as_object().into_iter().flatten() {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let enumeration = prop["enum"].as_array().map(|v| v.iter().map(Value::to_string).collect());
        out.insert(
            path.clone(),
            Field {
                ty: prop["type"].as_str().map(str::to_owned),
                nullable: prop["nullable"] == json!(true),
                enumeration,
            },
        );
        fields(prop, &path, out);
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Agreement {
    fields: usize,
    present: usize,
    typed: usize,
    types: usize,
    enums: usize,
    enums_agreeing: usize,
    nullable: usize,
    nullable_agreeing: usize,
    extra: usize,
}

fn compare(real: &Value, draft: &Value) -> Agreement {
    let (mut want, mut got) = (BTreeMap::new(), BTreeMap::new());
    fields(real, "", &mut want);
    fields(draft, "", &mut got);
    let mut a = Agreement {
        fields: want.len(),
        extra: got.keys().filter(|k| !want.contains_key(*k)).count(),
        ..Agreement::default()
    };
    for (path, field) in &want {
        let Some(draft) = got.get(path) else {
            continue;
        };
        a.present += 1;
        if let Some(ty) = &field.ty {
            a.typed += 1;
            a.types += usize::from(draft.ty.as_ref() == Some(ty));
        }
        if field.nullable {
            a.nullable += 1;
            a.nullable_agreeing += usize::from(draft.nullable);
        }
        if let Some(values) = &field.enumeration {
            a.enums += 1;
            a.enums_agreeing += usize::from(draft.enumeration.as_ref() == Some(values));
        }
    }
    a
}

#[test]
fn seed_agrees_with_the_real_definition() {
    let (page, _) = import_and_generate(&seed());
    let idn = common::shared().join("reference/sailpoint-api-specs/idn");
    let real = resolved(&idn.join("beta/paths/identities-invite.yaml"))["post"].clone();
    assert_eq!(page.operation["summary"], real["summary"]);
    let real_ops = real["responses"].as_object().unwrap();
    let draft_ops = page.operation["responses"].as_object().unwrap();
    assert_eq!(real_ops.keys().collect::<Vec<_>>(), draft_ops.keys().collect::<Vec<_>>());
    let mut total = Agreement::default();
    println!("status  fields present typed types enums agreeing nullable agreeing extra");
    for (status, response) in real_ops {
        let draft = &draft_ops[status];
        assert_eq!(draft["description"], response["description"], "{status}");
        let a = compare(
            &response["content"]["application/json"]["schema"],
            &draft["content"]["application/json"]["schema"],
        );
        println!(
            "{status}     {:>6} {:>7} {:>5} {:>5} {:>5} {:>8} {:>8} {:>8} {:>5}",
            a.fields, a.present, a.typed, a.types, a.enums, a.enums_agreeing, a.nullable, a.nullable_agreeing, a.extra,
        );
        if status == "202" {
            // TaskStatus: every field, type and enum.
            assert_eq!(a.present, a.fields, "202 fields");
            assert!(a.types * 10 >= a.typed * 9, "202 types: {a:?}");
            assert_eq!(a.enums_agreeing, a.enums, "202 enums");
            assert!(a.fields >= 35);
        }
        for (sum, add) in [
            (&mut total.fields, a.fields),
            (&mut total.present, a.present),
            (&mut total.typed, a.typed),
            (&mut total.types, a.types),
            (&mut total.enums, a.enums),
            (&mut total.enums_agreeing, a.enums_agreeing),
            (&mut total.nullable, a.nullable),
            (&mut total.nullable_agreeing, a.nullable_agreeing),
            (&mut total.extra, a.extra),
        ] {
            *sum += add;
        }
    }
    println!(
        "all     {:>6} {:>7} {:>5} {:>5} {:>5} {:>8} {:>8} {:>8} {:>5}",
        total.fields,
        total.present,
        total.typed,
        total.types,
        total.enums,
        total.enums_agreeing,
        total.nullable,
        total.nullable_agreeing,
        total.extra
    );
    assert_eq!(total.present, total.fields);
    assert_eq!(total.types, total.typed);
    assert_eq!(total.enums_agreeing, total.enums);
    // Nullable is only visible where an example is null, an enum lists null, or a header says
    // so; the rest of the real `nullable: true` fields cannot be seen on the page.
    assert!(total.nullable_agreeing * 3 >= total.nullable, "{total:?}");
    // `messages[].parameters[].name`: the real items are `anyOf: [object, string]`.
    assert!(total.extra <= 1, "{total:?}");

    // The request shows no example: nothing is recovered, which the draft says.
    let request = compare(
        &real["requestBody"]["content"]["application/json"]["schema"],
        &page.operation["requestBody"]["content"]["application/json"]["schema"],
    );
    println!("request {:>6} {:>7} (no example on the page)", request.fields, request.present);
    assert_eq!((request.fields, request.present), (2, 0));
}

// --- a second page, not the seed --------------------------------------------------------------

#[test]
fn list_page_infers_its_structure() {
    let (page, warnings) = import_and_generate(&fixture("list-account-events.rendered.txt"));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(page.method, "get");
    assert_eq!(page.path, "/accounts/{id}/events");
    let op = &page.operation;
    assert_eq!(op["operationId"], "listAccountEvents");
    assert!(op.get("requestBody").is_none());
    let params = &op["parameters"];
    assert_eq!(params[0]["name"], "id");
    assert_eq!(params[0]["in"], "path");
    assert_eq!(params[0]["required"], true);
    assert_eq!(params[1]["name"], "limit");
    assert_eq!(params[1]["schema"], json!({"type": "integer", "format": "int32", "default": 250}));
    assert_eq!(params[1]["example"], 50);
    assert_eq!(params[2]["schema"]["enum"], json!(["PENDING", "DONE"]));

    let list = &media(&page, "200")["schema"];
    assert!(all_marked(list));
    assert_eq!(list["type"], "array");
    let event = &list["items"];
    let props = event["properties"].as_object().unwrap();
    let names: Vec<&String> = props.keys().collect();
    assert_eq!(
        names,
        ["id", "kind", "occurredAt", "acknowledgedAt", "actor", "changes", "retries", "replayed", "riskScore", "tags"]
    );
    assert_eq!(event["required"], json!(["actor"]));
    assert_eq!(props["kind"]["enum"], json!(["CREATED", "UPDATED", "DELETED"]));
    assert_eq!(props["kind"]["description"], "What happened to the account");
    assert_eq!(props["occurredAt"]["format"], "date-time");
    assert_eq!(props["acknowledgedAt"]["format"], "date-time");
    assert_eq!(props["acknowledgedAt"]["nullable"], true);
    let actor = &props["actor"];
    assert_eq!(actor["description"], "Who caused the event");
    assert_eq!(actor["properties"]["type"]["enum"], json!(["IDENTITY", "SYSTEM"]));
    assert_eq!(actor["properties"]["id"]["description"], "ID of the actor");
    assert_eq!(actor["properties"]["name"]["nullable"], true);
    let change = &props["changes"]["items"];
    assert_eq!(change["properties"]["after"]["type"], "string");
    assert_eq!(change["properties"]["before"]["description"], "Value before the change");
    assert_eq!(props["retries"]["type"], "integer");
    assert_eq!(props["replayed"]["type"], "boolean");
    assert_eq!(props["riskScore"]["type"], "number");
    assert_eq!(props["riskScore"]["description"], "Risk score of the event, from 0 to 1");
    assert_eq!(props["tags"]["items"]["enum"], json!(["low", "medium", "high"]));
    assert_eq!(props["tags"]["description"], "Labels of the event");

    let error = media(&page, "404");
    assert_eq!(error["example"]["detailCode"], "404 Not found");
    let message = &error["schema"]["properties"]["messages"]["items"]["properties"];
    assert_eq!(message["localeOrigin"]["enum"], json!(["DEFAULT", "REQUEST", null]));
    for status in ["200", "404"] {
        let media = media(&page, status);
        for example in examples(media) {
            let mut errors = Vec::new();
            validate(&media["schema"], example, status, &mut errors);
            assert!(errors.is_empty(), "{status}: {errors:#?}");
        }
    }
}

// --- odd input --------------------------------------------------------------------------------

fn import(text: &str) -> (Result<String, pagegen::Error>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let result = import_text(Path::new("page.txt"), text, &mut warnings);
    (result, warnings)
}

fn draft_op(draft: &str) -> OperationPage {
    read_operation_page(Path::new("draft.api.mdx"), draft, &mut Vec::new()).expect("reads back")
}

#[test]
fn empty_input_is_an_error() {
    for text in ["", "\n\n   \n"] {
        let err = import(text).0.unwrap_err();
        assert_eq!(err.place.as_deref(), Some("line 1"));
        assert!(err.message.contains("empty"), "{err}");
    }
}

#[test]
fn missing_method_line_is_an_error() {
    let err = import("Invite identities\nThis API invites.\nResponses\n").0.unwrap_err();
    assert_eq!(err.place.as_deref(), Some("line 2"));
    assert!(err.message.contains("method and path"), "{err}");
    assert!(err.to_string().starts_with("page.txt: line 2: "));
}

#[test]
fn method_line_without_summary_warns() {
    let (draft, warnings) = import("GET/things\nResponses\n- 204\nNo content\n");
    let page = draft_op(&draft.unwrap());
    assert_eq!(page.operation["operationId"], "getThings");
    assert_eq!(page.operation["responses"]["204"]["description"], "No content");
    assert!(warnings.iter().any(|w| w.message.contains("no summary")));
}

#[test]
fn malformed_example_is_a_warning() {
    let text = "Get a thing\nGET/things/{id}\nResponses\n- 200\nThe thing\n- application/json\n\
                - Schema\nSchema\nThe name\n{\n\"name\": \"x\",,\n}\n";
    let (draft, warnings) = import(text);
    let page = draft_op(&draft.unwrap());
    let warning = warnings.iter().find(|w| w.message.contains("not valid JSON")).expect("a warning about the example");
    assert_eq!(warning.place.as_deref(), Some("line 11"));
    let schema = &media(&page, "200")["schema"];
    assert_eq!(schema[INFERRED], true);
    assert!(schema.get("type").is_none());
    // The undescribed path parameter is drafted, with a warning.
    assert_eq!(page.operation["parameters"][0]["name"], "id");
    assert!(warnings.iter().any(|w| w.message.contains("`id`")));
}

#[test]
fn unterminated_example_does_not_swallow_the_next_response() {
    let text = "Get a thing\nGET/things\nResponses\n- 200\n- 404\nThe thing\n- application/json\n\
                Schema\n{\n\"name\": \"x\"\nNot found\n- application/json\nSchema\n{\"error\": \"no\"}\n";
    let (draft, warnings) = import(text);
    let page = draft_op(&draft.unwrap());
    assert!(warnings.iter().any(|w| w.message.contains("not valid JSON")));
    assert_eq!(page.operation["responses"]["404"]["description"], "Not found");
    assert_eq!(media(&page, "404")["example"], json!({"error": "no"}));
}

#[test]
fn responses_without_content_keep_their_descriptions() {
    let text = "Delete a thing\nDELETE/things/{id}\nRequest\nPath Parameters\nid\nstring\nrequired\n\
                Responses\n- 200\n- 204\n- 404\nDeleted\n- application/json\nSchema\n{\"ok\": true}\n\
                No content\nNot found\n- application/json\nSchema\n{\"error\": \"no\"}\n";
    let (draft, _) = import(text);
    let page = draft_op(&draft.unwrap());
    let responses = &page.operation["responses"];
    assert_eq!(responses["204"], json!({"description": "No content"}));
    assert_eq!(responses["404"]["description"], "Not found");
    assert_eq!(media(&page, "200")["schema"]["properties"]["ok"]["type"], "boolean");
}

#[test]
fn every_prefix_of_the_pages_imports_or_fails_cleanly() {
    let mut pages = vec![std::fs::read_to_string(fixture("list-account-events.rendered.txt")).unwrap()];
    if let Ok(seed) = std::fs::read_to_string(seed()) {
        pages.push(seed);
    }
    pages.extend(rendered_texts().iter().map(|(_, _, file)| std::fs::read_to_string(file).unwrap()));
    for text in pages {
        let lines: Vec<&str> = text.lines().collect();
        for n in 0..=lines.len() {
            let prefix = lines[..n].join("\n");
            match import(&prefix).0 {
                Ok(draft) => {
                    draft_op(&draft);
                }
                Err(e) => assert!(e.place.is_some(), "{e}"),
            }
            // Odd lines in odd places.
            let mut shuffled = lines.clone();
            if n < shuffled.len() {
                shuffled.insert(n, "Possible values: [A");
                shuffled.insert(n, "]");
            }
            if let Ok(draft) = import(&shuffled.join("\n")).0 {
                draft_op(&draft);
            }
        }
    }
}

// --- pages rendered from documents we wrote (tests/import-text) -------------------------------
//
// `scripts/render-theme-text` renders each operation of `tests/import-text/*.yaml` with
// docusaurus-theme-openapi-docs and writes the text a browser copies: `*.shown.txt` (the page as
// it opens) and `*.expanded.txt` (every section opened, every tab shown). Each is imported and
// the draft compared with the source operation.

fn import_text_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/import-text")
}

/// Replaces `#/components/...` references by their targets (siblings override).
fn resolve_local(value: &Value, doc: &Value) -> Value {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let pointer = reference.strip_prefix('#').expect("local reference");
                let mut target = resolve_local(doc.pointer(pointer).expect("reference target"), doc);
                for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
                    target[k] = resolve_local(v, doc);
                }
                return target;
            }
            Value::Object(map.iter().map(|(k, v)| (k.clone(), resolve_local(v, doc))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve_local(v, doc)).collect()),
        other => other.clone(),
    }
}

/// `allOf` parts merged into one schema.
fn merged(schema: &Value) -> Value {
    let Some(parts) = schema.get("allOf").and_then(Value::as_array) else {
        return schema.clone();
    };
    let mut out = schema.clone();
    out.as_object_mut().unwrap().remove("allOf");
    for part in parts {
        for (k, v) in merged(part).as_object().unwrap() {
            match (k.as_str(), out.get_mut(k)) {
                ("properties", Some(Value::Object(props))) => props.extend(v.as_object().unwrap().clone()),
                ("required", Some(Value::Array(req))) => req.extend(v.as_array().unwrap().clone()),
                (_, Some(_)) => {}
                (_, None) => out[k] = v.clone(),
            }
        }
    }
    out
}

/// The type as the theme shows it: `string`, `object[]`, `oneOf`.
fn shown_type(schema: &Value) -> String {
    let schema = merged(schema);
    for keyword in ["oneOf", "anyOf"] {
        if schema.get(keyword).is_some() {
            return keyword.to_owned();
        }
    }
    match schema["type"].as_str() {
        Some("array") => format!("{}[]", shown_type(&schema["items"])),
        Some(t) => t.to_owned(),
        None if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => "object".into(),
        None => "any".into(),
    }
}

/// The schema, or the items of the arrays it is, marked `x-pagegen-inferred`: `any[]` claims
/// only an array.
fn marked_inferred(schema: &Value) -> bool {
    schema[INFERRED] == json!(true) || (schema["type"] == "array" && marked_inferred(&schema["items"]))
}

/// `requestedItems[].id` -> (type, required, marked inferred) for every property under `schema`.
fn properties(schema: &Value, prefix: &str, out: &mut BTreeMap<String, (String, bool, bool)>) {
    let schema = merged(schema);
    if schema["type"] == "array" {
        return properties(&schema["items"], &format!("{prefix}[]"), out);
    }
    let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    for (name, prop) in schema["properties"].as_object().into_iter().flatten() {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let inferred = marked_inferred(prop);
        out.insert(path.clone(), (shown_type(prop), required.contains(&name.as_str()), inferred));
        properties(prop, &path, out);
    }
}

/// Agreement of one part of the draft: `agree` of `total` items.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Score {
    agree: usize,
    total: usize,
}

impl std::ops::AddAssign for Score {
    fn add_assign(&mut self, other: Score) {
        self.agree += other.agree;
        self.total += other.total;
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.agree, self.total)
    }
}

/// Per-field agreement of a draft with its source operation.
#[derive(Debug, Default, Clone, Copy)]
struct Fields {
    method: Score,
    path: Score,
    params: Score,
    statuses: Score,
    body_type: Score,
    /// Properties of the request body and 2xx responses the draft has at all.
    props_present: Score,
    /// Of those present: the type agrees.
    props_typed: Score,
    /// Of those present: the required mark agrees.
    props_required: Score,
    /// Of those present and not marked `x-pagegen-inferred`: the type agrees.
    props_claimed: Score,
}

impl Fields {
    fn add(&mut self, o: &Fields) {
        for (a, b) in [
            (&mut self.method, o.method),
            (&mut self.path, o.path),
            (&mut self.params, o.params),
            (&mut self.statuses, o.statuses),
            (&mut self.body_type, o.body_type),
            (&mut self.props_present, o.props_present),
            (&mut self.props_typed, o.props_typed),
            (&mut self.props_required, o.props_required),
            (&mut self.props_claimed, o.props_claimed),
        ] {
            *a += b;
        }
    }
}

impl std::fmt::Display for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "method {}, path {}, params {}, statuses {}, body type {}, properties {} (of those: types {}, \
             required {}; types not marked inferred {})",
            self.method,
            self.path,
            self.params,
            self.statuses,
            self.body_type,
            self.props_present,
            self.props_typed,
            self.props_required,
            self.props_claimed
        )
    }
}

fn score(ok: bool) -> Score {
    Score { agree: usize::from(ok), total: 1 }
}

fn json_schema(holder: &Value) -> Option<&Value> {
    holder["content"].as_object()?.values().next().map(|m| &m["schema"])
}

fn compare_props(real: Option<&Value>, draft: Option<&Value>, what: &str, f: &mut Fields, misses: &mut Vec<String>) {
    let (mut want, mut got) = (BTreeMap::new(), BTreeMap::new());
    if let Some(real) = real {
        properties(real, "", &mut want);
    }
    if let Some(draft) = draft {
        properties(draft, "", &mut got);
    }
    for (path, (ty, required, _)) in &want {
        let Some((draft_ty, draft_required, inferred)) = got.get(path) else {
            f.props_present += score(false);
            misses.push(format!("{what} {path}: missing"));
            continue;
        };
        f.props_present += score(true);
        f.props_typed += score(ty == draft_ty);
        f.props_required += score(required == draft_required);
        if !inferred {
            f.props_claimed += score(ty == draft_ty);
        }
        if ty != draft_ty || required != draft_required {
            misses.push(format!("{what} {path}: {ty}/{required} drafted as {draft_ty}/{draft_required}"));
        }
    }
    for path in got.keys().filter(|k| !want.contains_key(*k)) {
        misses.push(format!("{what} {path}: not in the source"));
    }
}

fn compare_operation(real: &Value, method: &str, path: &str, page: &OperationPage) -> (Fields, Vec<String>) {
    let mut f = Fields { method: score(page.method == method), path: score(page.path == path), ..Fields::default() };
    let mut misses = Vec::new();
    let op = &page.operation;
    let draft_params = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    for p in real["parameters"].as_array().into_iter().flatten() {
        let found = draft_params.iter().find(|d| d["name"] == p["name"] && d["in"] == p["in"]);
        let ok = found.is_some_and(|d| {
            d["required"].as_bool().unwrap_or(false) == p["required"].as_bool().unwrap_or(false)
                && shown_type(&d["schema"]) == shown_type(&p["schema"])
        });
        if !ok {
            misses.push(format!("parameter {}: {found:?}", p["name"]));
        }
        f.params += score(ok);
    }
    let real_count = real["parameters"].as_array().map_or(0, Vec::len);
    if draft_params.len() > real_count {
        misses.push(format!("{} extra parameters", draft_params.len() - real_count));
        f.params.total += draft_params.len() - real_count;
    }
    let real_codes: BTreeSet<&String> = real["responses"].as_object().unwrap().keys().collect();
    let draft_codes: BTreeSet<&String> =
        op.get("responses").and_then(Value::as_object).map(|r| r.keys().collect()).unwrap_or_default();
    f.statuses =
        Score { agree: real_codes.intersection(&draft_codes).count(), total: real_codes.union(&draft_codes).count() };
    let real_body = json_schema(&real["requestBody"]);
    let draft_body = op.get("requestBody").and_then(json_schema);
    if real_body.is_some() || draft_body.is_some() {
        let ok = real_body.map(shown_type) == draft_body.map(shown_type)
            && real["requestBody"]["required"] == op["requestBody"]["required"];
        f.body_type += score(ok);
    }
    compare_props(real_body, draft_body, "body", &mut f, &mut misses);
    for (code, response) in real["responses"].as_object().unwrap().iter().filter(|(c, _)| c.starts_with('2')) {
        let draft = op.get("responses").and_then(|r| r.get(code)).and_then(json_schema);
        compare_props(json_schema(response), draft, &format!("response {code}"), &mut f, &mut misses);
    }
    (f, misses)
}

/// Every rendered text beside the source documents: (document, copy kind, text file).
fn rendered_texts() -> Vec<(PathBuf, &'static str, PathBuf)> {
    let dir = import_text_dir();
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let doc = entry.unwrap().path();
        if doc.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let pages = doc.with_extension("");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&pages)
            .unwrap_or_else(|e| panic!("{} has no rendered texts: {e}", pages.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let kind = if name.ends_with(".expanded.txt") {
                "expanded"
            } else if name.ends_with(".shown.txt") {
                "shown"
            } else {
                continue;
            };
            out.push((doc.clone(), kind, file));
        }
    }
    out.sort();
    out
}

#[test]
fn rendered_pages_agree_with_their_source() {
    let texts = rendered_texts();
    assert!(texts.len() >= 6, "{texts:?}");
    let mut totals: BTreeMap<&str, Fields> = BTreeMap::new();
    for (doc, kind, file) in &texts {
        let source: Value = serde_yaml::from_str(&std::fs::read_to_string(doc).unwrap()).unwrap();
        let (page, _) = import_and_generate(file);
        let real = resolve_local(&source["paths"][&page.path][&page.method], &source);
        assert!(real.is_object(), "{}: no {} {} in {}", file.display(), page.method, page.path, doc.display());
        let (fields, misses) = compare_operation(&real, &page.method, &page.path, &page);
        println!("{kind:>8} {}: {fields}", file.file_name().unwrap().to_string_lossy());
        for miss in &misses {
            println!("           {miss}");
        }
        // Claimed for both copies: everything the page shows at first sight.
        let name = file.display();
        for (what, s) in [
            ("method", fields.method),
            ("path", fields.path),
            ("params", fields.params),
            ("statuses", fields.statuses),
            ("body type", fields.body_type),
        ] {
            assert_eq!(s.agree, s.total, "{name}: {what} {s}: {misses:?}");
        }
        // What the draft has agrees; in the expanded copy it has every property.
        assert_eq!(fields.props_claimed.agree, fields.props_claimed.total, "{name}: {misses:?}");
        assert_eq!(fields.props_required.agree, fields.props_required.total, "{name}: {misses:?}");
        if *kind == "expanded" {
            assert_eq!(fields.props_typed.agree, fields.props_typed.total, "{name}: {misses:?}");
            assert_eq!(fields.props_present.agree, fields.props_present.total, "{name}: {misses:?}");
        }
        totals.entry(kind).or_default().add(&fields);
    }
    for (kind, fields) in &totals {
        println!("{kind:>8} all: {fields}");
    }
}

// --- path templates ---------------------------------------------------------------------------

#[test]
fn colon_paths_are_drafted_in_openapi_form() {
    for line in ["PATCH\n/access-profiles/:id", "PATCH/access-profiles/{id}"] {
        let text = format!(
            "Patch one\n{line}\nRequest\nPath Parameters\nid\nstring\nrequired\nThe ID\nResponses\n204\nDone.\n"
        );
        let (draft, _) = import(&text);
        let page = draft_op(&draft.unwrap());
        assert_eq!(page.path, "/access-profiles/{id}");
        assert_eq!(page.operation["parameters"][0]["name"], "id");
        assert_eq!(page.operation["parameters"][0]["in"], "path");
        assert!(page.operation["parameters"][0].get(INFERRED).is_none());
    }
}

#[test]
fn path_parameter_without_a_place_is_an_error() {
    let text =
        "Patch one\nPATCH\n/access-profiles\nRequest\nPath Parameters\nid\nstring\nrequired\nResponses\n204\nDone.\n";
    let err = import(text).0.unwrap_err();
    assert!(err.message.contains("`id` has no place in the path `/access-profiles`"), "{err}");
    assert_eq!(err.place.as_deref(), Some("line 6"));
}

#[test]
fn place_without_a_parameter_is_an_inferred_parameter() {
    let text = "Get one\nGET\n/sources/:sourceId/items/:id\nRequest\nPath Parameters\nid\nstring\nrequired\nResponses\n204\nDone.\n";
    let (draft, warnings) = import(text);
    let page = draft_op(&draft.unwrap());
    assert_eq!(page.path, "/sources/{sourceId}/items/{id}");
    let inferred = page.operation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "sourceId")
        .expect("sourceId drafted")
        .clone();
    assert_eq!(inferred["in"], "path");
    assert_eq!(inferred["required"], true);
    assert_eq!(inferred[INFERRED], true);
    assert!(warnings.iter().any(|w| w.message.contains("`sourceId`") && w.message.contains(INFERRED)), "{warnings:?}");
}

#[test]
fn server_url_before_the_path_is_dropped_with_a_warning() {
    let text = "Get one\nGET\nhttps://api.example.com/items/:id\nRequest\nPath Parameters\nid\nstring\nrequired\nResponses\n204\nDone.\n";
    let (draft, warnings) = import(text);
    assert_eq!(draft_op(&draft.unwrap()).path, "/items/{id}");
    assert!(warnings.iter().any(|w| w.message.contains("`https://api.example.com`")), "{warnings:?}");
}
