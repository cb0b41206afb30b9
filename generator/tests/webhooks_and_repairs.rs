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

#[test]
fn union_branches_the_plugin_emptied_are_filled_from_a_whole_schema_of_the_same_title() {
    let dir = tempfile::tempdir().unwrap();
    // Plugin < 4.2 empties anyOf/oneOf branches before writing `api:`: title and required remain.
    let emptied = r#"{"method":"post","path":"/pay","requestBody":{"content":{"application/json":{"schema":{"oneOf":[
        {"title":"Card","type":"object","required":["number"]},
        {"title":"Wallet","type":"object","required":["address"]},
        {"title":"Iban","required":["iban"]},
        {"title":"Anything","type":"object"}]}}}},"responses":{"204":{"description":"paid"}}}"#
        .replace('\n', "");
    write(dir.path(), "pay.api.mdx", &format!("---\ntitle: Pay\napi: {emptied}\n---\n"));
    // Another page still has Card whole, and a Wallet that lacks the member the branch requires.
    let whole = r#"{"method":"get","path":"/methods","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{
        "card":{"title":"Card","type":"object","required":["number"],"properties":{"number":{"type":"string"},"expiry":{"type":"string"}}},
        "wallet":{"title":"Wallet","type":"object","properties":{"id":{"type":"string"}}}}}}}}}}"#
        .replace('\n', "");
    write(dir.path(), "methods.api.mdx", &format!("---\ntitle: Methods\napi: {whole}\n---\n"));
    let (api, warnings) = pagegen::load(&[dir.path()]).unwrap();
    let doc = serde_json::to_value(&api).unwrap();
    let branches = &doc["paths"]["/pay"]["post"]["requestBody"]["content"]["application/json"]["schema"]["oneOf"];
    assert_eq!(branches[0]["properties"]["expiry"]["type"], "string", "{branches:#}");
    assert_eq!(branches[0]["required"], serde_json::json!(["number"]));
    // Not filled: a Wallet that does not declare `address`, no whole Iban, a free-form object.
    assert!(branches[1].get("properties").is_none() && branches[2].get("properties").is_none());
    assert!(doc.to_string().find("x-pagegen-stripped").is_none(), "markers are gone from the model");
    let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let about = |needle: &str| text.iter().filter(|w| w.contains(needle)).count();
    assert_eq!(about("`Card` was emptied by the plugin"), 1, "{text:#?}");
    assert!(text.iter().any(|w| w.contains("pay.api.mdx")
        && w.contains("filled from the whole schema in")
        && w.contains("methods.api.mdx")));
    assert_eq!(about("union branch `Wallet` requires address but declares no properties"), 1, "{text:#?}");
    assert_eq!(about("union branch `Iban` requires iban"), 1, "{text:#?}");
    assert_eq!(about("Anything"), 0, "a titled free-form branch is not reported: {text:#?}");
}

#[test]
fn optional_frontmatter_keys_of_every_plugin_version_change_nothing() {
    // proxy (1.5+), hide_send_button (1.6+), show_extensions (1.7+), mask_credentials (4.6+), the
    // deprecated class (5.1+): display options of the page, never part of the operation.
    let api = r#"{"method":"get","path":"/x","operationId":"getX","responses":{"200":{"description":"ok"}}}"#;
    let plain = format!("---\nid: get-x\ntitle: \"Get X\"\nsidebar_label: \"Get X\"\napi: {api}\nsidebar_class_name: \"get api-method\"\ncustom_edit_url: null\n---\n");
    let optional =
        "proxy: https://cors.example.com\nhide_send_button: true\nshow_extensions: true\nmask_credentials: false\n";
    let decorated = plain
        .replace("custom_edit_url: null\n", &format!("custom_edit_url: null\n{optional}"))
        .replace("\"get api-method\"", "\"get api-method menu__list-item--deprecated\"");
    let load = |text: &str| {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "get-x.api.mdx", text);
        let (api, warnings) = pagegen::load(&[dir.path()]).unwrap();
        (api, warnings.len())
    };
    assert_ne!(plain, decorated);
    assert_eq!(load(&plain), load(&decorated));
}
