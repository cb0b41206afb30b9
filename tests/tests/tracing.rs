//! The `tracing` feature of a generated crate (`fixture-client`, built with it): the spans and
//! events of calls, retries and access token fetches, recorded by a subscriber of this file, and
//! no secret in any of them.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{json, raw, serve, token};
use fixture_client::runtime::RequestError;
use fixture_client::{Client, Error, RetryPolicy};
use futures::TryStreamExt;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_core::span::Current;

/// A span as recorded: its fields with their last values.
#[derive(Clone, Debug)]
struct SpanRecord {
    id: u64,
    metadata: &'static Metadata<'static>,
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
    /// Its name, and every field name and value recorded (overwritten ones included).
    all: Vec<String>,
}

/// An event as recorded, with the span it happened in.
#[derive(Clone, Debug)]
struct EventRecord {
    level: Level,
    target: String,
    span: Option<u64>,
    fields: BTreeMap<String, String>,
    /// Every field name and value.
    all: Vec<String>,
}

impl EventRecord {
    fn message(&self) -> &str {
        self.fields.get("message").map_or("", String::as_str)
    }
}

#[derive(Default)]
struct State {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
    /// The entered spans of the (one) thread the test runs on.
    stack: Vec<u64>,
}

/// A subscriber keeping every span and event in memory, for the thread of one test.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<State>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>, &'a mut Vec<String>);

impl Fields<'_> {
    fn put(&mut self, field: &Field, value: String) {
        self.1.push(field.name().to_owned());
        self.1.push(value.clone());
        self.0.insert(field.name().to_owned(), value);
    }
}

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.put(field, format!("{value:?}"));
    }
}

impl Subscriber for Recorder {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::always()
    }

    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut state = self.0.lock().unwrap();
        let state = &mut *state;
        let id = state.spans.len() as u64 + 1;
        let parent = match attributes.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if attributes.is_contextual() => state.stack.last().copied(),
            None => None,
        };
        let (mut fields, mut all) = (BTreeMap::new(), vec![attributes.metadata().name().to_owned()]);
        attributes.record(&mut Fields(&mut fields, &mut all));
        state.spans.push(SpanRecord { id, metadata: attributes.metadata(), parent, fields, all });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut state = self.0.lock().unwrap();
        let record = &mut state.spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(&mut record.fields, &mut record.all));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut state = self.0.lock().unwrap();
        let state = &mut *state;
        let span = match event.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if event.is_contextual() => state.stack.last().copied(),
            None => None,
        };
        let (mut fields, mut all) = (BTreeMap::new(), Vec::new());
        event.record(&mut Fields(&mut fields, &mut all));
        let metadata = event.metadata();
        let target = metadata.target().to_owned();
        state.events.push(EventRecord { level: *metadata.level(), target, span, fields, all });
    }

    fn enter(&self, span: &Id) {
        self.0.lock().unwrap().stack.push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut state = self.0.lock().unwrap();
        if let Some(at) = state.stack.iter().rposition(|id| *id == span.into_u64()) {
            state.stack.remove(at);
        }
    }

    fn current_span(&self) -> Current {
        let state = self.0.lock().unwrap();
        match state.stack.last() {
            Some(&id) => Current::new(Id::from_u64(id), state.spans[id as usize - 1].metadata),
            None => Current::none(),
        }
    }
}

/// What the generated crate recorded (not the server's or the HTTP libraries').
struct Recorded {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
}

const CRATE: &str = "fixture_client::";

impl Recorder {
    fn recorded(&self) -> Recorded {
        let state = self.0.lock().unwrap();
        let ours = |target: &str| target.starts_with(CRATE);
        Recorded {
            spans: state.spans.iter().filter(|s| ours(s.metadata.target())).cloned().collect(),
            events: state.events.iter().filter(|e| ours(&e.target)).cloned().collect(),
        }
    }
}

impl Recorded {
    /// The `api_call` spans.
    fn calls(&self) -> Vec<&SpanRecord> {
        self.spans.iter().filter(|s| s.metadata.name() == "api_call").collect()
    }

    fn events(&self, message: &str) -> Vec<&EventRecord> {
        self.events.iter().filter(|e| e.message() == message).collect()
    }

    /// No span name, field name or value (overwritten ones included) contains any of `secrets`.
    fn assert_free_of(&self, secrets: &[&str]) {
        let everything: Vec<&String> =
            self.spans.iter().flat_map(|s| &s.all).chain(self.events.iter().flat_map(|e| &e.all)).collect();
        assert!(!everything.is_empty());
        for secret in secrets {
            let found: Vec<_> = everything.iter().filter(|value| value.contains(secret)).collect();
            assert!(found.is_empty(), "`{secret}` was recorded: {found:?}");
        }
    }
}

/// The fields of `record` named in `expected`, and which of them it lacks (as `<none>`).
fn fields<'a>(record: &'a BTreeMap<String, String>, expected: &[(&'a str, &str)]) -> Vec<(&'a str, &'a str)> {
    expected.iter().map(|(name, _)| (*name, record.get(*name).map_or("<none>", String::as_str))).collect()
}

fn assert_fields(record: &BTreeMap<String, String>, expected: &[(&str, &str)]) {
    let expected_pairs: Vec<(&str, &str)> = expected.to_vec();
    assert_eq!(fields(record, expected), expected_pairs, "all fields: {record:?}");
}

/// Runs `test` with a [`Recorder`] as this thread's subscriber (the runtime of `#[tokio::test]`
/// polls everything on this thread).
async fn recording<F: std::future::Future<Output = ()>>(test: impl FnOnce() -> F) -> Recorded {
    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    test().await;
    drop(guard);
    recorder.recorded()
}

#[tokio::test]
async fn a_call_is_one_span_with_the_operation_and_the_path_template() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/v1/items/secret-item-7f3a" => json(200, json!({"id": "secret-item-7f3a", "name": "body-text-91"})),
            _ => json(404, json!({"detailCode": "404 Not found", "messages": [{"text": "No such item."}]})),
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url)).bearer_token("bearer-token-e5d1").build().unwrap();
    let recorded = recording(|| async {
        client.get_item("secret-item-7f3a").await.unwrap();
        let err = client.get_item("absent").await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    })
    .await;

    let calls = recorded.calls();
    assert_eq!(calls.len(), 2, "{:?}", recorded.spans);
    for (call, status) in calls.iter().zip(["200", "404"]) {
        assert!(call.metadata.target().starts_with("fixture_client::runtime"), "{}", call.metadata.target());
        assert_eq!(*call.metadata.level(), Level::INFO);
        assert_eq!(call.parent, None);
        assert_fields(
            &call.fields,
            &[
                ("operation", "getItem"),
                ("method", "GET"),
                ("path_template", "/items/{id}"),
                ("attempt", "1"),
                ("status", status),
                ("error", "<none>"),
            ],
        );
    }
    // No retry, no token fetch.
    assert!(recorded.events.is_empty(), "{:?}", recorded.events);
    recorded.assert_free_of(&["secret-item-7f3a", "bearer-token-e5d1", "Bearer", "body-text-91", "No such item"]);
}

#[tokio::test]
async fn retries_are_events_of_the_call_span() {
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let server = serve(move |seen| {
        let counter = counter.clone();
        async move {
            if seen.path() == "/oauth/token" {
                return token("access-token-4c2b", 3600);
            }
            match counter.fetch_add(1, Ordering::SeqCst) {
                0 => raw(503, &[], "unavailable-body-1"),
                1 => raw(429, &[("retry-after", "0")], "slow-down-body-2"),
                _ => json(200, json!({"id": "1"})),
            }
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url))
        .client_credentials("client-id-8a9f", "client-secret-77e0")
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(20), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let recorded = recording(|| async {
        client.get_item("1").await.unwrap();
    })
    .await;
    assert_eq!(requests.load(Ordering::SeqCst), 3);

    let calls = recorded.calls();
    assert_eq!(calls.len(), 1, "{:?}", recorded.spans);
    let call = calls[0];
    assert_fields(
        &call.fields,
        &[
            ("operation", "getItem"),
            ("method", "GET"),
            ("path_template", "/items/{id}"),
            ("attempt", "3"),
            ("status", "200"),
            ("error", "<none>"),
        ],
    );

    let retries = recorded.events("retrying");
    assert_eq!(retries.len(), 2, "{:?}", recorded.events);
    for retry in &retries {
        assert_eq!(retry.span, Some(call.id), "{retry:?}");
        assert_eq!(retry.level, Level::WARN);
    }
    assert_fields(&retries[0].fields, &[("attempt", "1"), ("status", "503"), ("reason", "Service Unavailable")]);
    // Equal jitter on a 20 ms backoff: 10 to 20 ms.
    let wait: u64 = retries[0].fields["wait_ms"].parse().unwrap();
    assert!((10..=20).contains(&wait), "{wait}");
    // Retry-After: 0.
    assert_fields(
        &retries[1].fields,
        &[("attempt", "2"), ("status", "429"), ("reason", "Too Many Requests"), ("wait_ms", "0")],
    );

    // The token was fetched once, in the call, before the first attempt.
    let fetched = recorded.events("access token fetched");
    assert_eq!(fetched.len(), 1, "{:?}", recorded.events);
    assert_eq!(fetched[0].span, Some(call.id));
    assert_fields(&fetched[0].fields, &[("refresh", "false")]);
    // Refreshed at 90% of the hour, at most a minute early: 3540 s from the fetch.
    let refresh_in: u64 = fetched[0].fields["refresh_in_s"].parse().unwrap();
    assert!((3530..=3540).contains(&refresh_in), "{refresh_in}");

    recorded.assert_free_of(&[
        "access-token-4c2b",
        "client-secret-77e0",
        "client-id-8a9f",
        "Bearer",
        "unavailable-body-1",
        "slow-down-body-2",
        "/items/1",
    ]);
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_within_the_call() {
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let server = serve(move |seen| {
        let counter = counter.clone();
        async move {
            match seen.path() {
                "/oauth/token" => match counter.fetch_add(1, Ordering::SeqCst) {
                    0 => token("first-token-a1b2", 3600),
                    _ => token("second-token-c3d4", 3600),
                },
                _ if seen.header("authorization") == Some("Bearer first-token-a1b2") => {
                    raw(401, &[], "expired-token-body")
                }
                _ => json(200, json!({"id": "1"})),
            }
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url))
        .client_credentials("client-id-8a9f", "client-secret-77e0")
        .build()
        .unwrap();
    let recorded = recording(|| async {
        client.get_item("1").await.unwrap();
    })
    .await;
    assert_eq!(fetches.load(Ordering::SeqCst), 2);

    let calls = recorded.calls();
    assert_eq!(calls.len(), 1, "{:?}", recorded.spans);
    let call = calls[0];
    // The attempt with the rejected token is not counted: the server did not act on it.
    assert_fields(&call.fields, &[("operation", "getItem"), ("attempt", "1"), ("status", "200")]);
    let messages: Vec<_> = recorded.events.iter().map(EventRecord::message).collect();
    assert_eq!(messages, ["access token fetched", "access token rejected", "access token fetched"]);
    assert!(recorded.events.iter().all(|e| e.span == Some(call.id) && e.level == Level::INFO), "{:?}", recorded.events);
    assert_fields(&recorded.events[0].fields, &[("refresh", "false")]);
    assert_fields(&recorded.events[1].fields, &[("attempt", "1"), ("status", "401")]);
    assert_fields(&recorded.events[2].fields, &[("refresh", "true")]);
    recorded.assert_free_of(&[
        "first-token-a1b2",
        "second-token-c3d4",
        "client-secret-77e0",
        "client-id-8a9f",
        "Bearer",
        "expired-token-body",
    ]);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_by_the_next_call_and_a_failed_fetch_is_a_warning() {
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let server = serve(move |seen| {
        let counter = counter.clone();
        async move {
            match seen.path() {
                // Tokens that expire at once, then a refusal quoting the secret.
                "/oauth/token" => match counter.fetch_add(1, Ordering::SeqCst) {
                    0 | 1 => token("short-token-9e8d", 0),
                    _ => raw(400, &[], "invalid_client: client-secret-77e0"),
                },
                _ => json(200, json!({"id": "1"})),
            }
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url))
        .client_credentials("client-id-8a9f", "client-secret-77e0")
        .build()
        .unwrap();
    let recorded = recording(|| async {
        client.get_item("1").await.unwrap();
        client.get_item("1").await.unwrap();
        let err = client.get_item("1").await.unwrap_err();
        assert!(matches!(err, Error::Request(RequestError::Auth(_))), "{err:?}");
    })
    .await;

    let calls = recorded.calls();
    assert_eq!(calls.len(), 3, "{:?}", recorded.spans);
    let events: Vec<_> = recorded.events.iter().map(|e| (e.span, e.level, e.message())).collect();
    let fetched = "access token fetched";
    assert_eq!(
        events,
        [
            (Some(calls[0].id), Level::INFO, fetched),
            (Some(calls[1].id), Level::INFO, fetched),
            (Some(calls[2].id), Level::WARN, "access token fetch failed"),
        ]
    );
    assert_fields(&recorded.events[0].fields, &[("refresh", "false"), ("refresh_in_s", "0")]);
    assert_fields(&recorded.events[1].fields, &[("refresh", "true")]);
    assert_fields(&recorded.events[2].fields, &[("refresh", "true"), ("status", "400")]);
    // No attempt was made: the token comes first.
    assert_fields(&calls[2].fields, &[("attempt", "<none>"), ("status", "<none>"), ("error", "auth")]);
    recorded.assert_free_of(&["short-token-9e8d", "client-secret-77e0", "client-id-8a9f", "invalid_client"]);
}

#[tokio::test]
async fn a_failed_connection_is_retried_and_its_error_recorded() {
    // A port nothing listens on any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder(format!("http://{address}/v1"))
        .bearer_token("bearer-token-e5d1")
        .retry(RetryPolicy { max_attempts: 2, initial_backoff: Duration::from_millis(2), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let recorded = recording(|| async {
        let err = client.delete_item("secret-item-7f3a").await.unwrap_err();
        assert!(matches!(err, Error::Request(RequestError::Transport(_))), "{err:?}");
    })
    .await;

    let calls = recorded.calls();
    assert_eq!(calls.len(), 1, "{:?}", recorded.spans);
    assert_fields(
        &calls[0].fields,
        &[
            ("operation", "deleteItem"),
            ("method", "DELETE"),
            ("path_template", "/items/{id}"),
            ("attempt", "2"),
            ("status", "<none>"),
            ("error", "transport"),
        ],
    );
    let retries = recorded.events("retrying");
    assert_eq!(retries.len(), 1, "{:?}", recorded.events);
    assert_fields(&retries[0].fields, &[("attempt", "1"), ("status", "<none>"), ("reason", "connection failed")]);
    recorded.assert_free_of(&["secret-item-7f3a", "bearer-token-e5d1", "Bearer"]);
}

#[tokio::test]
async fn pages_and_streamed_downloads_are_calls_too() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/v1/items" => {
                // Five items in pages of two.
                let offset = seen.uri.split_once("offset=").map_or(0, |(_, rest)| rest.as_bytes()[0] - b'0');
                let items: Vec<_> = (offset..5.min(offset + 2)).map(|i| json!({"id": i.to_string()})).collect();
                json(200, items.into())
            }
            _ => raw(200, &[("content-type", "text/csv")], "id,name\n".to_owned() + &"1,x\n".repeat(1000)),
        }
    })
    .await;
    let client = Client::builder(format!("{}/v1", server.url)).max_response_bytes(1024).build().unwrap();
    let recorded = recording(|| async {
        let items: Vec<_> = client.list_items().limit(2).items().try_collect().await.unwrap();
        assert_eq!(items.len(), 5);
        let err = client.export_report().await.unwrap_err();
        assert!(matches!(err, Error::Request(RequestError::BodyTooLarge { .. })), "{err:?}");
        let stream = client.export_report().send_streaming().await.unwrap().into_inner();
        let _: Vec<_> = stream.try_collect().await.unwrap();
    })
    .await;

    let calls: Vec<_> = recorded
        .calls()
        .iter()
        .map(|c| {
            let field = |name: &str| c.fields.get(name).map_or("<none>", String::as_str).to_owned();
            (field("operation"), field("path_template"), field("status"), field("error"))
        })
        .collect();
    let call = |operation: &str, path: &str, status: &str, error: &str| {
        (operation.to_owned(), path.to_owned(), status.to_owned(), error.to_owned())
    };
    assert_eq!(
        calls,
        [
            call("listItems", "/items", "200", "<none>"),
            call("listItems", "/items", "200", "<none>"),
            call("listItems", "/items", "200", "<none>"),
            call("exportReport", "/export", "<none>", "body_too_large"),
            call("exportReport", "/export", "200", "<none>"),
        ]
    );
    recorded.assert_free_of(&["offset=", "limit=", "1,x"]);
}

/// Generated crates declare the feature, off by default: without it, no tracing dependency.
#[test]
fn the_feature_is_optional_and_off_by_default() {
    for crate_dir in ["../generated", "fixture-client"] {
        let path = format!("{}/{crate_dir}/Cargo.toml", env!("CARGO_MANIFEST_DIR"));
        let manifest: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let dependency = &manifest["dependencies"]["tracing"];
        assert_eq!(dependency.get("optional").and_then(|o| o.as_bool()), Some(true), "{path}");
        assert_eq!(manifest["features"]["tracing"].as_array().unwrap(), &[toml::Value::from("dep:tracing")]);
        // By default every tag is on (`full`), and nothing else.
        let default = manifest["features"].get("default").and_then(|d| d.as_array()).cloned().unwrap_or_default();
        assert_eq!(default, [toml::Value::from("full")], "{path}: default features");
        let full = manifest["features"]["full"].as_array().unwrap();
        assert!(!full.contains(&toml::Value::from("tracing")), "{path}: `full` turns tracing on");
    }
}
