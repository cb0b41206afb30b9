//! The client of `tests/fixtures/fixture.yaml` (crate `fixture-client`, committed in
//! `tests/fixture-client`): what the SailPoint seeds do not exercise.

mod common;

use std::time::Duration;

use common::{json, raw, serve, token};
use fixture_client::client::{GetItemError, StartJobResponse, SubmitFormBody};
use fixture_client::runtime::{Form, RequestError};
use fixture_client::types::ItemChangedReply;
use fixture_client::webhooks::{ItemChanged, Webhook};
use fixture_client::{Client, Error, RetryPolicy};
use futures::TryStreamExt;
use serde_json::json;

fn client(url: &str) -> Client {
    Client::builder(format!("{url}/v1")).client_credentials("id", "secret").build().unwrap()
}

/// Answers `GET /v1/items` from a list of `total` items, honouring limit and offset.
fn page(uri: &str, total: usize) -> Vec<serde_json::Value> {
    let query = uri.split_once('?').map_or("", |(_, q)| q);
    let number = |name: &str| {
        query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).and_then(|v| v.parse::<usize>().ok())
    };
    let (offset, limit) = (number("offset").unwrap_or(0), number("limit").unwrap_or(250));
    (offset..total.min(offset + limit))
        .map(|i| json!({"id": i.to_string(), "name": format!("item {i}"), "status": "ACTIVE"}))
        .collect()
}

#[tokio::test]
async fn pagination_fetches_pages_until_a_short_one() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            _ => json(200, page(&seen.uri, 5).into()),
        }
    })
    .await;
    let client = client(&server.url);
    let items: Vec<_> = client.list_items().limit(2).items().try_collect().await.unwrap();
    let ids: Vec<_> = items.iter().map(|i| serde_json::to_value(i).unwrap()["id"].clone()).collect();
    assert_eq!(ids, ["0", "1", "2", "3", "4"]);
    let pages: Vec<_> = server.seen().into_iter().filter(|s| s.path() == "/v1/items").collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].uri, "/v1/items?offset=4&limit=2");
}

#[tokio::test]
async fn pagination_stops_at_x_total_count() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            _ => {
                let body = serde_json::Value::from(page(&seen.uri, 4)).to_string();
                raw(200, &[("content-type", "application/json"), ("x-total-count", "4")], body)
            }
        }
    })
    .await;
    let client = client(&server.url);
    let items: Vec<_> = client.list_items().limit(2).count(true).items().try_collect().await.unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(server.count("/v1/items"), 2);
}

#[tokio::test]
async fn query_styles_headers_and_path_segments() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            "/v1/items" => json(200, json!([])),
            _ => json(200, json!({"id": "1", "status": "ARCHIVED", "unknownField": {"a": 1}})),
        }
    })
    .await;
    let client = client(&server.url);
    client
        .list_items()
        .ids(vec!["a".to_string(), "b".to_string()])
        .tags(vec!["x".to_string(), "y z".to_string()])
        .x_request_tag("tag-1")
        .await
        .unwrap();
    let seen = server.seen();
    let list = seen.iter().find(|s| s.path() == "/v1/items").unwrap();
    assert_eq!(list.uri, "/v1/items?ids=a,b&tags=x&tags=y%20z");
    assert_eq!(list.header("x-request-tag"), Some("tag-1"));

    // A value the enum does not list and a field the schema does not have: still decoded.
    let item = client.get_item("a/b c").await.unwrap();
    assert_eq!(server.seen().last().unwrap().path(), "/v1/items/a%2Fb%20c");
    assert_eq!(serde_json::to_value(&*item).unwrap()["status"], "ARCHIVED");
}

#[tokio::test]
async fn not_found_is_decoded_and_displayed() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            _ => json(
                404,
                json!({"detailCode": "404 Not found", "trackingId": "abc123",
                       "messages": [{"text": "No such item."}]}),
            ),
        }
    })
    .await;
    let err = client(&server.url).get_item("x").await.unwrap_err();
    assert!(matches!(err.body(), Some(GetItemError::NotFound(_))), "{err:?}");
    assert_eq!(err.to_string(), "HTTP 404 Not Found: No such item. (detailCode: 404 Not found, trackingId: abc123)");
}

#[tokio::test]
async fn a_body_that_does_not_fit_is_an_error_naming_the_members_leading_to_the_misfit() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            "/v1/items/nested" => json(200, json!({"id": "i1", "owner": {"id": 5}})),
            "/v1/items/top" => json(200, json!({"id": ["i1"]})),
            _ => raw(200, &[("content-type", "application/json")], "{\"id\": \"i1\",\n \"name\": }"),
        }
    })
    .await;
    let client = client(&server.url);
    let message = |err: Error<GetItemError>| match err {
        Error::Decode(e) => e.message,
        other => panic!("not a decode error: {other:?}"),
    };
    let nested = message(client.get_item("nested").await.unwrap_err());
    assert_eq!(nested, "at `owner.id`: invalid type: integer `5`, expected a string");
    let top = message(client.get_item("top").await.unwrap_err());
    assert_eq!(top, "at `id`: invalid type: sequence, expected a string");
    // Not JSON at all: the parser's line and column.
    let syntax = message(client.get_item("syntax").await.unwrap_err());
    assert_eq!(syntax, "expected value at line 2 column 10");
}

#[tokio::test]
async fn get_is_retried_on_503_until_the_budget_is_spent() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            _ => raw(503, &[], "unavailable"),
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url))
        .retry(RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let err = client.get_item("1").await.unwrap_err();
    assert!(matches!(&err, Error::Status(r) if r.status() == 503), "{err:?}");
    assert_eq!(server.count("/v1/items/1"), 3);
}

#[tokio::test]
async fn multipart_upload() {
    let server = serve(|seen| async move {
        let body = String::from_utf8_lossy(&seen.body).into_owned();
        let ok = seen.header("content-type").unwrap_or("").starts_with("multipart/form-data; boundary=")
            && body.contains("name=\"file\"; filename=\"a.csv\"")
            && body.contains("Content-Type: text/csv")
            && body.contains("a,b\n1,2\n")
            && body.contains("name=\"name\"");
        match ok {
            true => json(201, json!({"name": "report", "size": 8})),
            false => raw(400, &[], body),
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url)).build().unwrap();
    let form = Form::new().text("name", "report").file("file", "a.csv", Some("text/csv"), &b"a,b\n1,2\n"[..]);
    let created = client.upload_file(form).await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(serde_json::to_value(&*created).unwrap()["size"], 8);
}

#[tokio::test]
async fn form_body_and_text_response() {
    let server = serve(|seen| async move { raw(200, &[("content-type", "text/plain")], seen.body) }).await;
    let client = Client::builder(format!("{}/v1", server.url)).build().unwrap();
    let body: SubmitFormBody = serde_json::from_value(json!({"user": "a b", "note": "x&y"})).unwrap();
    let echo = client.submit_form(body).await.unwrap();
    assert_eq!(&echo[..], b"user=a%20b&note=x%26y");
    assert_eq!(server.seen()[0].header("content-type"), Some("application/x-www-form-urlencoded"));
}

#[tokio::test]
async fn downloads_as_bytes_or_a_stream() {
    let csv = "id,name\n".to_owned() + &"1,x\n".repeat(10_000);
    let body = csv.clone();
    let server = serve(move |_| {
        let body = body.clone();
        async move { raw(200, &[("content-type", "text/csv")], body) }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url)).max_response_bytes(1024).build().unwrap();
    // Too large to read into memory with this limit...
    let err = client.export_report().await.unwrap_err();
    assert!(matches!(err, Error::Request(RequestError::BodyTooLarge { .. })), "{err:?}");
    // ...but it streams.
    let stream = client.export_report().send_streaming().await.unwrap().into_inner();
    let chunks: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(chunks.concat(), csv.as_bytes());
}

/// What a builder gives (`send()`, `.into_future()`, `items()`, `send_streaming()`) can be
/// spawned on another thread, and the request future is `Unpin`, so `select!` takes it as is.
#[tokio::test]
async fn request_futures_can_be_spawned_and_polled_by_reference() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            "/v1/items" => json(200, page(&seen.uri, 3).into()),
            _ => raw(200, &[("content-type", "text/csv")], "id\n1\n".to_owned()),
        }
    })
    .await;
    let client: &'static Client = Box::leak(Box::new(client(&server.url)));
    let mut sent = client.list_items().send();
    let polled_by_reference = (&mut sent).await;
    assert_eq!(polled_by_reference.unwrap().into_inner().len(), 3);
    let spawned = tokio::spawn(std::future::IntoFuture::into_future(client.list_items().limit(1)));
    assert_eq!(spawned.await.unwrap().unwrap().into_inner().len(), 1);
    let items = tokio::spawn(client.list_items().limit(2).items().try_collect::<Vec<_>>());
    assert_eq!(items.await.unwrap().unwrap().len(), 3);
    let download = tokio::spawn(client.export_report().send_streaming());
    let chunks: Vec<_> = download.await.unwrap().unwrap().into_inner().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), b"id\n1\n");
}

#[tokio::test]
async fn experimental_endpoints_need_opting_in() {
    let server = serve(|seen| async move {
        match seen.header("x-sailpoint-experimental") {
            Some("true") => json(202, json!({"jobId": "j1"})),
            _ => raw(400, &[], "missing header"),
        }
    })
    .await;
    let plain = Client::builder(format!("{}/v1", server.url)).build().unwrap();
    let err = plain.start_job().await.unwrap_err();
    assert!(matches!(err, Error::Request(RequestError::ExperimentalNotEnabled { operation: "startJob" })), "{err:?}");
    assert!(err.to_string().contains("experimental"));
    assert!(server.seen().is_empty());

    let opted_in = Client::builder(format!("{}/v1", server.url)).experimental(true).build().unwrap();
    let response = opted_in.start_job().await.unwrap();
    assert!(matches!(response.into_inner(), StartJobResponse::Accepted(_)));
}

#[tokio::test]
async fn no_content() {
    let server = serve(|_| async { raw(204, &[], "") }).await;
    let client = Client::builder(format!("{}/v1", server.url)).build().unwrap();
    let deleted = client.delete_item("1").await.unwrap();
    assert_eq!(deleted.status(), 204);
    let job =
        Client::builder(format!("{}/v1", server.url)).experimental(true).build().unwrap().start_job().await.unwrap();
    assert!(matches!(job.into_inner(), StartJobResponse::NoContent));
}

#[tokio::test]
async fn paths_whose_template_and_parameters_disagree() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/v1/filters/f1" => json(200, json!({"id": "f1"})),
            _ => raw(204, &[], ""),
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url)).build().unwrap();
    // `{id}` filled by `filterId`, `{access-type}` by `accessType`, `{identity}` by an added argument.
    assert_eq!(client.get_filter("f1").await.unwrap().id.as_deref(), Some("f1"));
    client.compare_filter("f1", "a b").await.unwrap();
    client.get_mail_from("me").await.unwrap();
    let paths: Vec<_> = server.seen().iter().map(|s| s.path().to_owned()).collect();
    assert_eq!(paths, ["/v1/filters/f1", "/v1/filters/f1/compare/a%20b", "/v1/mail-from/me"]);
    // A path parameter with no placeholder: an error naming it, and nothing sent.
    let err = client.patch_filters("f1").await.unwrap_err();
    match &err {
        Error::Request(RequestError::UnplacedPathParameter { operation, parameter }) => {
            assert_eq!((*operation, parameter.as_str()), ("patchFilters", "id"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("no place in the path"), "{err}");
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn open_objects_keep_undeclared_members_in_order() {
    use fixture_client::types::Item;
    // Declared members first in documented order, then the others as they came.
    let text = r#"{"id":"i","zeta":1,"status":"ACTIVE","owner":{"id":"o","since":"2020"},"alpha":[true,null]}"#;
    let item: Item = serde_json::from_str(text).unwrap();
    let keys: Vec<&String> = item.additional_properties.keys().collect();
    assert_eq!(keys, ["zeta", "alpha"]);
    assert_eq!(item.owner.as_ref().unwrap().additional_properties["since"], "2020");
    let back = serde_json::to_string(&item).unwrap();
    assert_eq!(back, r#"{"id":"i","status":"ACTIVE","owner":{"id":"o","since":"2020"},"zeta":1,"alpha":[true,null]}"#);
    // Users can read and set them.
    let mut item = item;
    item.additional_properties.insert("added".into(), json!("x"));
    assert_eq!(serde_json::to_value(&item).unwrap()["added"], "x");
    // Nothing undeclared: the map stays empty (and allocates nothing: tests/tests/allocations.rs).
    let plain: Item = serde_json::from_str(r#"{"id":"p"}"#).unwrap();
    assert!(plain.additional_properties.is_empty());
}

/// Get an object the documentation under-describes, change one field, put it back: the server
/// receives every member it sent, nested ones included, unchanged.
#[tokio::test]
async fn read_modify_write_keeps_what_the_docs_do_not_list() {
    let stored = json!({
        "id": "i1",
        "name": "before",
        "status": "ACTIVE",
        "owner": {"id": "o1", "department": {"code": "D7", "cost": 12.5}},
        "createdBy": "svc-import",
        "labels": ["a", "b"],
        "lifecycle": {"state": "active", "history": [{"at": "2024-01-01", "by": null}]}
    });
    let body = stored.clone();
    let server = serve(move |seen| {
        let body = body.clone();
        async move {
            match seen.method.as_str() {
                "GET" => json(200, body),
                _ => json(200, seen.json()),
            }
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url)).build().unwrap();
    let mut item = client.get_item("i1").await.unwrap().into_inner();
    item.name = Some("after".into());
    client.put_item("i1", item).await.unwrap();
    let put = server.seen().into_iter().find(|s| s.method == "PUT").expect("the PUT reached the server");
    let mut expected = stored;
    expected["name"] = json!("after");
    assert_eq!(put.json(), expected);
}

/// A receiver as a service would write it (an axum handler: body in, typed reply out).
async fn item_changed(body: axum::body::Bytes) -> Result<ItemChangedReply, (u16, String)> {
    let event = ItemChanged::decode(&body).map_err(|e| (400, e.to_string()))?;
    Ok(ItemChangedReply { accepted: Some(event.item.status.is_some()), ..Default::default() })
}

#[tokio::test]
async fn webhook_payloads_decode_into_their_types() {
    let body = r#"{"item":{"id":"i1","status":"INACTIVE"},"changedAt":"2024-05-01T10:00:00Z"}"#;
    let reply = item_changed(body.into()).await.unwrap();
    assert_eq!(serde_json::to_value(reply).unwrap(), json!({"accepted": true}));
    let event = ItemChanged::decode(body.as_bytes()).unwrap();
    assert_eq!(serde_json::to_string(&event).unwrap(), body, "what the API sent comes back out unchanged");
    assert_eq!((ItemChanged::NAME, ItemChanged::METHOD), ("itemChanged", "POST"));

    // Not the payload: an error naming the event and the place, never a panic.
    let (status, message) = item_changed(r#"{"item":{"id":"i1"}}"#.into()).await.unwrap_err();
    assert_eq!(status, 400);
    assert_eq!(message, "not a payload of `itemChanged`: missing field `changedAt`");
    let err = ItemChanged::decode(br#"{"item":{"id":5},"changedAt":"2024-05-01T10:00:00Z"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a payload of `itemChanged`: at `item.id`: invalid type: integer `5`, expected a string"
    );
    assert_eq!(err.position(), None, "JSON, but not the payload: the path says where");
    assert_eq!(err.pointer().as_deref(), Some("/item/id"));
    // Not JSON: line and column.
    let err = ItemChanged::decode(b"{\n  \"item\": 7").unwrap_err();
    assert_eq!((err.event(), err.position(), err.pointer()), ("itemChanged", Some((2, 11)), None));
}

/// `tests/fixture-client` is what pagegen generates from the fixture today.
#[test]
fn fixture_crate_is_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (api, mut warnings) = pagegen::load(&[root.join("fixtures/fixture.yaml")]).unwrap();
    // Committed and inside the workspace: rustfmt-clean, like generated/.
    let options = pagegen::GenerateOptions { rustfmt: true, ..pagegen::GenerateOptions::new("fixture-client") };
    let files = pagegen::generate(&api, &options, &mut warnings).unwrap();
    let out = root.join("fixture-client");
    if std::env::var_os("PAGEGEN_BLESS").is_some() {
        pagegen::write::write_crate(&out, &files).unwrap();
        return;
    }
    let differences = pagegen::write::diff(&out, &files).unwrap();
    assert!(
        differences.is_empty(),
        "tests/fixture-client is stale ({} files differ); run \
         `PAGEGEN_BLESS=1 cargo test -p pagegen-tests --test fixture fixture_crate` and commit",
        differences.len()
    );
}

#[test]
fn string_enums_read_and_write_their_wire_values_and_keep_unknown_ones() {
    use fixture_client::types::ItemStatus;
    assert_eq!("ACTIVE".parse::<ItemStatus>(), Ok(ItemStatus::Active));
    assert_eq!(ItemStatus::Inactive.to_string(), "INACTIVE");
    assert_eq!(serde_json::to_value(ItemStatus::Active).unwrap(), "ACTIVE");
    let other: ItemStatus = serde_json::from_value(json!("ARCHIVED")).unwrap();
    assert_eq!(other, ItemStatus::Unknown("ARCHIVED".into()));
    assert_eq!(other.as_str(), "ARCHIVED");
    assert_eq!(serde_json::to_value(&other).unwrap(), "ARCHIVED");
    assert!(serde_json::from_value::<ItemStatus>(json!(1)).is_err(), "only strings are enum values");
}

#[test]
fn objects_read_and_write_their_members_by_kind() {
    use fixture_client::types::{Item, Record};
    let text = r#"{"id":"r1","owner":null,"label":"L","filter.$":3,"extra":7,"more":8}"#;
    let record: Record = serde_json::from_str(text).unwrap();
    assert_eq!(record.id, "r1");
    assert_eq!((record.owner.as_deref(), record.label.as_deref(), record.filter), (None, Some("L"), Some(3)));
    assert_eq!(record.additional_properties, [("extra".to_owned(), 7), ("more".to_owned(), 8)].into());
    // Declared members in declaration order, then the others; a null required member is written.
    assert_eq!(serde_json::to_string(&record).unwrap(), text);

    // Missing: an error for a required member, `None` for a nullable or an optional one, and
    // absent members are not written back.
    let err = serde_json::from_str::<Record>(r#"{"owner":"o"}"#).unwrap_err();
    assert_eq!(err.to_string(), "missing field `id`");
    let record: Record = serde_json::from_str(r#"{"id":"r2"}"#).unwrap();
    assert_eq!((&record.owner, &record.label, record.filter), (&None, &None, None));
    assert_eq!(serde_json::to_value(&record).unwrap(), json!({"id": "r2", "owner": null}));

    // Keys with escapes (not borrowed from the input), from a `Value` (owned keys), repeated (the
    // last wins), unknown ones skipped where there is no map for them.
    let record: Record = serde_json::from_str(r#"{"i\u0064":"r3","owner":"a","owner":"b"}"#).unwrap();
    assert_eq!((record.id.as_str(), record.owner.as_deref()), ("r3", Some("b")));
    let item: Item = serde_json::from_value(json!({"id": "i", "unknown": {"deep": [1]}})).unwrap();
    assert_eq!((item.id.as_deref(), item.name), (Some("i"), None));
    assert_eq!(item.additional_properties["unknown"], json!({"deep": [1]}), "an open object keeps the rest");
    // A closed object (`additionalProperties: false`) keeps nothing it does not declare.
    let error: fixture_client::types::Error = serde_json::from_value(json!({"detailCode": "d", "x": 1})).unwrap();
    assert_eq!(serde_json::to_value(error).unwrap(), json!({"detailCode": "d"}));

    // Wrong shapes are errors that name the type or the member.
    let err = serde_json::from_str::<Record>(r#"["r4"]"#).unwrap_err();
    assert_eq!(err.to_string(), "invalid type: sequence, expected struct Record");
    let err = serde_json::from_str::<Record>(r#"{"id":"r5","extra":"x"}"#).unwrap_err();
    assert_eq!(err.to_string(), "at `extra`: invalid type: string \"x\", expected i64");
}

#[test]
fn objects_write_through_to_json_and_a_declared_field_wins_over_the_rest_map() {
    use fixture_client::runtime::ToJson;
    use fixture_client::types::{Item, ItemChangedPayload};
    let sent = json!({"id": "i", "status": "PAUSED", "owner": {"id": "o", "k": 1}, "x": [1, {"y": null}]});
    let mut item: Item = serde_json::from_value(sent.clone()).unwrap();
    // `Serialize` writes what `to_json` builds, in the same order.
    assert_eq!(serde_json::to_string(&item).unwrap(), item.to_json().to_string());
    assert_eq!(item.to_json(), sent);
    // A member of the rest map named like a field does not shadow the field.
    item.additional_properties.insert("id".into(), json!("shadow"));
    assert_eq!(item.to_json()["id"], "i");
    // Scalars of other crates are written as their serde impls write them.
    let text = json!({"item": {"id": "i"}, "changedAt": "2024-05-06T07:08:09.500Z"});
    let changed: ItemChangedPayload = serde_json::from_value(text.clone()).unwrap();
    assert_eq!(changed.to_json(), text);
}

#[test]
fn a_misfit_names_its_place_and_the_first_declared_field_that_does_not_fit() {
    use fixture_client::runtime::FromJson;
    use fixture_client::types::{Error as ErrorDto, Record};
    // Items by index, members by name, escaped as a JSON pointer; the message is the decoder's.
    let value = json!({"messages": [{"text": "a"}, {"text": 5}]});
    let misfit = ErrorDto::from_json(value).unwrap_err();
    assert_eq!(
        (misfit.pointer(), misfit.message()),
        ("/messages/1/text".into(), "invalid type: integer `5`, expected a string")
    );
    assert_eq!(misfit.to_string(), "at `messages[1].text`: invalid type: integer `5`, expected a string");
    let misfit = Record::from_json(json!({"id": "r", "a/b~c": "x"})).unwrap_err();
    assert_eq!(misfit.pointer(), "/a~1b~0c");
    // Several misfits: the first declared field wins, whatever the order in the body; a missing
    // required field is reported where it is declared, at the object.
    let misfit = Record::from_json(json!({"filter.$": "x", "label": 1, "id": "r"})).unwrap_err();
    assert_eq!(misfit.pointer(), "/label");
    let misfit = Record::from_json(json!({"label": 1})).unwrap_err();
    assert_eq!((misfit.pointer(), misfit.message()), (String::new(), "missing field `id`"));
    // The whole value of the wrong kind.
    let misfit = Vec::<Record>::from_json(json!({"id": "r"})).unwrap_err();
    assert_eq!((misfit.pointer(), misfit.message()), (String::new(), "invalid type: map, expected a sequence"));
}
