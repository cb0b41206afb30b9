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
