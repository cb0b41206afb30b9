//! Webhook pages and documents, and the repairs that keep an odd page from costing the folder:
//! each read as a user would expect, with a warning where pagegen had to interpret.

use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    file
}

fn webhooks(api: &openapiv3::OpenAPI) -> serde_json::Map<String, serde_json::Value> {
    api.extensions.get("x-webhooks").and_then(|w| w.as_object()).cloned().unwrap_or_default()
}

const EVENT: &str = r#"{"method":"event","path":"webhook","operationId":"parcelDelivered","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"id":{"type":"string"}}}}}}}"#;

#[test]
fn an_event_page_is_a_webhook_named_by_its_operation_id_or_title() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "delivered.api.mdx", &format!("---\ntitle: Parcel delivered\napi: {EVENT}\n---\n"));
    let untitled = EVENT.replace(r#""operationId":"parcelDelivered","#, "");
    write(dir.path(), "returned.api.mdx", &format!("---\ntitle: Parcel returned\napi: {untitled}\n---\n"));
    write(
        dir.path(),
        "get.api.mdx",
        "---\ntitle: Get\napi: {\"method\":\"get\",\"path\":\"/x\",\"responses\":{}}\n---\n",
    );
    let (api, _) = pagegen::load(&[dir.path()]).unwrap();
    let hooks = webhooks(&api);
    assert_eq!(hooks.keys().collect::<Vec<_>>(), ["Parcel returned", "parcelDelivered"]);
    // The plugin keeps no method: the API POSTs, and 3.1 lets `responses` be left out.
    assert_eq!(hooks["parcelDelivered"]["post"]["responses"], serde_json::json!({}));
    assert_eq!(api.operations().count(), 1, "a webhook is not an operation of the client");
    // `pagegen spec` output reads back to the same model.
    let spec = write(dir.path(), "spec.json", &serde_json::to_string(&api).unwrap());
    assert_eq!(pagegen::load(&[spec]).unwrap().0, api);
}

#[test]
fn documents_give_webhooks_as_3_1_webhooks_or_3_0_x_webhooks() {
    let dir = tempfile::tempdir().unwrap();
    let hook = "    post:\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: './event.yaml' }\n";
    write(dir.path(), "event.yaml", "type: object\nproperties:\n  id: { type: string }\n");
    let head = "info: { title: T, version: '1' }\npaths: {}\n";
    let v31 = write(dir.path(), "a.yaml", &format!("openapi: 3.1.0\n{head}webhooks:\n  created:\n{hook}"));
    let v30 = write(dir.path(), "b.yaml", &format!("openapi: 3.0.3\n{head}x-webhooks:\n  created:\n{hook}"));
    let (a, _) = pagegen::load(&[v31]).unwrap();
    let (b, _) = pagegen::load(&[v30]).unwrap();
    assert_eq!(webhooks(&a), webhooks(&b));
    // The external `$ref` inside the extension is followed like any other.
    let schema = &webhooks(&a)["created"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(schema["$ref"], "#/components/schemas/event");
}

#[test]
fn a_null_media_type_is_a_media_type_without_schema() {
    let dir = tempfile::tempdir().unwrap();
    let api =
        r#"{"method":"get","path":"/x","responses":{"200":{"description":"ok","content":{"application/json":null}}}}"#;
    let file = write(dir.path(), "x.api.mdx", &format!("---\ntitle: X\napi: {api}\n---\n"));
    let (api, warnings) = pagegen::load(&[file]).unwrap();
    assert!(warnings.iter().any(|w| w.message.contains("media type object is null")), "{warnings:?}");
    let (_, _, op) = api.operations().next().unwrap();
    let response = op.responses.responses.values().next().unwrap().as_item().unwrap();
    assert_eq!(response.content["application/json"], openapiv3::MediaType::default());
}

#[test]
fn a_default_its_own_schema_rejects_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let schema = r#"{"type":"object","properties":{"expires":{"type":"string","format":"date-time","default":"6 months"},"on":{"type":"boolean","default":"true"},"n":{"type":"integer","default":3}}}"#;
    let api = format!(
        r#"{{"method":"get","path":"/x","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{schema}}}}}}}}}}}"#
    );
    let file = write(dir.path(), "x.api.mdx", &format!("---\ntitle: X\napi: {api}\n---\n"));
    let (api, warnings) = pagegen::load(&[file]).unwrap();
    let dropped: Vec<&str> =
        warnings.iter().filter(|w| w.message.contains("`default`")).map(|w| w.message.as_str()).collect();
    assert_eq!(
        dropped,
        [
            "`default` \"6 months\" is not a date-time; ignored",
            "`default` \"true\" is not of the schema's type; ignored"
        ]
    );
    let text = serde_json::to_string(&api).unwrap();
    assert!(text.contains(r#""default":3"#), "a default that fits stays: {text}");
}

#[test]
fn lint_lists_contradicting_examples_with_their_page() {
    let dir = tempfile::tempdir().unwrap();
    let schema =
        r#"{"type":"object","required":["id"],"properties":{"id":{"type":"string"},"count":{"type":"integer"}}}"#;
    let page = |id: &str, example: &str| {
        format!(
            "---\ntitle: {id}\napi: {{\"method\":\"get\",\"path\":\"/{id}\",\"operationId\":\"{id}\",\"responses\":{{\"200\":{{\"description\":\"ok\",\"content\":{{\"application/json\":{{\"schema\":{schema},\"example\":{example}}}}}}}}}}}\n---\n"
        )
    };
    write(dir.path(), "good.api.mdx", &page("good", r#"{"id":"a","count":2,"extra":true}"#));
    let bad = write(dir.path(), "bad.api.mdx", &page("bad", r#"{"id":"a","count":"18,"}"#));
    let (findings, _) = pagegen::lint::lint(&[dir.path()]).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].file.as_deref(), Some(bad.as_path()));
    assert_eq!(findings[0].contradiction.pointer(), "/count");
    assert_eq!(
        findings[0].to_string(),
        format!(
            "{}: example `bad response 200 example` contradicts its schema at `/count`: expected an integer that fits i64, found string \"18,\"",
            bad.display()
        )
    );
}
