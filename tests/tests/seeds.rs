//! The committed client of `specs/` (crate `sailpoint-client`) against a loopback server that
//! behaves like SailPoint's: token at `/oauth/token`, operations under `/beta`, the documented
//! example bodies.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{json, raw, serve, token};
use sailpoint_client::client::{AdminReassignBody, AdminReassignError, StartIdentitiesInviteBody};
use sailpoint_client::runtime::RequestError;
use sailpoint_client::{Client, Error, RetryPolicy};
use serde_json::Value;

const REASSIGN: &str = "/beta/campaigns/ef38f94347e94562b5bb8424a56397d8/reassign";

/// The documented examples of an operation in `specs/`, read from the pages themselves.
struct Examples(Value);

impl Examples {
    fn of(path: &str) -> Self {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs");
        let (api, _) = pagegen::load(&[root]).expect("specs load");
        let op = serde_json::to_value(&api.paths.paths[path]).unwrap()["post"].clone();
        Examples(op)
    }

    fn request(&self) -> Value {
        self.0["requestBody"]["content"]["application/json"]["x-json-request-body-example"].clone()
    }

    /// The status's `example`, or its first named `examples` value.
    fn response(&self, status: u16) -> Value {
        let media = &self.0["responses"][status.to_string()]["content"]["application/json"];
        match &media["example"] {
            Value::Null => media["examples"]
                .as_object()
                .and_then(|m| m.values().next())
                .map(|e| e["value"].clone())
                .unwrap_or(Value::Null),
            example => example.clone(),
        }
    }
}

fn client(url: &str) -> Client {
    Client::builder(format!("{url}/beta"))
        .client_credentials("client-id", "s3cr3t-value")
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn reassign(client: &Client, body: Value) -> Result<Value, Error<AdminReassignError>> {
    let body: AdminReassignBody = serde_json::from_value(body).unwrap();
    let response = client.admin_reassign("ef38f94347e94562b5bb8424a56397d8", body).await?;
    Ok(serde_json::to_value(response.into_inner()).unwrap())
}

#[tokio::test]
async fn admin_reassign_end_to_end() {
    let examples = Examples::of("/campaigns/{id}/reassign");
    let task = examples.response(202);
    let answer = task.clone();
    let server = serve(move |seen| {
        let answer = answer.clone();
        async move {
            match seen.path() {
                "/oauth/token" => token("token-1", 3600),
                p if p == REASSIGN && seen.header("authorization") == Some("Bearer token-1") => json(202, answer),
                _ => json(404, serde_json::json!({})),
            }
        }
    })
    .await;
    let got = reassign(&client(&server.url), examples.request()).await.unwrap();
    assert_eq!(got, task);

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].method, "POST");
    let form = String::from_utf8_lossy(&seen[0].body).into_owned();
    assert_eq!(form, "grant_type=client_credentials&client_id=client-id&client_secret=s3cr3t-value");
    assert_eq!(seen[1].header("content-type"), Some("application/json"));
    assert_eq!(seen[1].json(), examples.request());
}

#[tokio::test]
async fn start_identities_invite_end_to_end_with_a_personal_access_token() {
    let examples = Examples::of("/identities/invite");
    let task = examples.response(202);
    let answer = task.clone();
    let server = serve(move |seen| {
        let answer = answer.clone();
        async move {
            match (seen.path(), seen.header("authorization")) {
                ("/beta/identities/invite", Some("Bearer pat-token")) => json(202, answer),
                _ => json(401, serde_json::json!({"error": "no"})),
            }
        }
    })
    .await;
    let client = Client::builder(format!("{}/beta", server.url)).bearer_token("pat-token").build().unwrap();
    let body: StartIdentitiesInviteBody = serde_json::from_value(examples.request()).unwrap();
    let response = client.start_identities_invite(body).await.unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(serde_json::to_value(response.into_inner()).unwrap(), task);
    assert_eq!(server.seen()[0].json(), examples.request());
}

#[tokio::test]
async fn every_documented_error_status_is_decoded() {
    let examples = Arc::new(Examples::of("/campaigns/{id}/reassign"));
    let server = {
        let examples = examples.clone();
        serve(move |seen| {
            let examples = examples.clone();
            async move {
                if seen.path() == "/oauth/token" {
                    return token("t", 3600);
                }
                let status: u16 = seen.json()["reason"].as_str().unwrap().parse().unwrap();
                // Statuses without a documented example get the body their schema describes.
                let body = match (examples.response(status), status) {
                    (Value::Null, 401) => {
                        serde_json::json!({"error": "JWT validation failed: JWT is expired"})
                    }
                    (Value::Null, 429) => serde_json::json!({"message": " Rate Limit Exceeded "}),
                    (Value::Null, _) => serde_json::json!({
                        "detailCode": "400.1 Bad Request Content",
                        "trackingId": "e7eab60924f64aa284175b9fa3309599",
                        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT",
                                      "text": "The request was syntactically correct but its content is semantically invalid."}],
                    }),
                    (example, _) => example,
                };
                json(status, body)
            }
        })
        .await
    };
    let client = client(&server.url);
    for status in [400, 401, 403, 404, 429, 500] {
        let mut body = examples.request();
        body["reason"] = status.to_string().into();
        let err = reassign(&client, body).await.unwrap_err();
        let shown = err.to_string();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{shown}");
        let decoded = err.body().unwrap_or_else(|| panic!("{status} not decoded: {err:?}"));
        let right_variant = match status {
            400 => matches!(decoded, AdminReassignError::BadRequest(_)),
            401 => matches!(decoded, AdminReassignError::Unauthorized(_)),
            403 => matches!(decoded, AdminReassignError::Forbidden(_)),
            404 => matches!(decoded, AdminReassignError::NotFound(_)),
            429 => matches!(decoded, AdminReassignError::TooManyRequests(_)),
            _ => matches!(decoded, AdminReassignError::InternalServerError(_)),
        };
        assert!(right_variant, "{status}: {decoded:?}");
        // Display: status, message and tracking id, whichever shape the body has.
        assert!(shown.starts_with(&format!("HTTP {status}")), "{shown}");
        let expected = match status {
            401 => "JWT validation failed: JWT is expired",
            429 => "Rate Limit Exceeded",
            404 => "The server did not find a current representation",
            _ => "",
        };
        assert!(shown.contains(expected), "{shown}");
        if ![401, 429].contains(&status) {
            assert!(shown.contains("trackingId: "), "{shown}");
            assert!(err.tracking_id().is_some());
        }
    }
}

#[tokio::test]
async fn bad_answers_are_errors_that_keep_the_raw_response() {
    let examples = Examples::of("/campaigns/{id}/reassign");
    let server = serve(|seen| async move {
        if seen.path() == "/oauth/token" {
            return token("t", 3600);
        }
        match seen.json()["reason"].as_str().unwrap() {
            "teapot" => raw(418, &[], "short and stout"),
            "truncated" => raw(202, &[("content-type", "application/json")], r#"{"id": "2c9"#),
            "html" => raw(202, &[("content-type", "text/html")], "<html>maintenance</html>"),
            "utf8" => raw(202, &[("content-type", "application/json")], vec![b'"', 0xff, b'"']),
            "empty" => raw(202, &[], ""),
            _ => raw(200, &[], "[]"),
        }
    })
    .await;
    let client = client(&server.url);
    let call = |reason: &str| {
        let mut body = examples.request();
        body["reason"] = reason.into();
        reassign(&client, body)
    };
    match call("teapot").await.unwrap_err() {
        Error::Status(response) => {
            assert_eq!(response.status(), 418);
            assert_eq!(response.text(), "short and stout");
        }
        other => panic!("{other:?}"),
    }
    for reason in ["truncated", "html", "utf8"] {
        match call(reason).await.unwrap_err() {
            Error::Decode(e) => assert_eq!(e.response.status(), 202),
            other => panic!("{reason}: {other:?}"),
        }
    }
    // An empty body is an error for a typed body, `null` for an untyped one: never a panic.
    let _ = call("empty").await;
}

#[tokio::test]
async fn token_is_fetched_once_per_expiry_under_concurrent_calls() {
    let tokens = Arc::new(AtomicUsize::new(0));
    let issued = tokens.clone();
    let server = serve(move |seen| {
        let issued = issued.clone();
        async move {
            if seen.path() == "/oauth/token" {
                let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
                // Slow, so that concurrent callers really do wait for the same refresh.
                tokio::time::sleep(Duration::from_millis(100)).await;
                return token(&format!("token-{n}"), 2);
            }
            json(202, serde_json::json!({"id": "task"}))
        }
    })
    .await;
    let client = client(&server.url);
    let burst = || {
        let calls = (0..20).map(|_| reassign(&client, serde_json::json!({})));
        futures::future::join_all(calls)
    };
    assert!(burst().await.iter().all(Result::is_ok));
    assert_eq!(tokens.load(Ordering::SeqCst), 1);
    // Refreshed shortly before the 2 s lifetime ends.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert!(burst().await.iter().all(Result::is_ok));
    assert_eq!(tokens.load(Ordering::SeqCst), 2);
    let bearer = server.seen().last().unwrap().header("authorization").map(str::to_owned);
    assert_eq!(bearer.as_deref(), Some("Bearer token-2"));
}

#[tokio::test]
async fn a_rejected_token_is_replaced_once() {
    let tokens = Arc::new(AtomicUsize::new(0));
    let issued = tokens.clone();
    let server = serve(move |seen| {
        let issued = issued.clone();
        async move {
            if seen.path() == "/oauth/token" {
                let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
                return token(&format!("token-{n}"), 3600);
            }
            match seen.header("authorization") {
                Some("Bearer token-2") => json(202, serde_json::json!({"id": "task"})),
                _ => json(401, serde_json::json!({"error": "JWT validation failed: JWT is expired"})),
            }
        }
    })
    .await;
    let client = client(&server.url);
    reassign(&client, serde_json::json!({})).await.unwrap();
    assert_eq!(tokens.load(Ordering::SeqCst), 2);
    assert_eq!(server.count(REASSIGN), 2);
}

#[tokio::test]
async fn rate_limited_post_waits_for_retry_after_then_succeeds() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = serve(move |seen| {
        let counter = counter.clone();
        async move {
            if seen.path() == "/oauth/token" {
                return token("t", 3600);
            }
            match counter.fetch_add(1, Ordering::SeqCst) {
                0 => raw(429, &[("retry-after", "1")], r#"{"message":"Rate Limit Exceeded"}"#),
                _ => json(202, serde_json::json!({"id": "task"})),
            }
        }
    })
    .await;
    let client = Client::builder(format!("{}/beta", server.url)).client_credentials("id", "secret").build().unwrap();
    let started = Instant::now();
    reassign(&client, serde_json::json!({})).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn post_is_not_retried_on_503() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            _ => raw(503, &[], "unavailable"),
        }
    })
    .await;
    let client = Client::builder(format!("{}/beta", server.url)).client_credentials("id", "secret").build().unwrap();
    let err = reassign(&client, serde_json::json!({})).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.count(REASSIGN), 1);
}

#[tokio::test]
async fn stalls_time_out_and_large_bodies_are_refused() {
    let server = serve(|seen| async move {
        match seen.path() {
            "/oauth/token" => token("t", 3600),
            _ if seen.json()["reason"] == "stall" => {
                tokio::time::sleep(Duration::from_secs(10)).await;
                json(202, serde_json::json!({}))
            }
            _ => json(202, serde_json::json!({"id": "x".repeat(1000)})),
        }
    })
    .await;
    let client = Client::builder(format!("{}/beta", server.url))
        .client_credentials("id", "secret")
        .timeout(Duration::from_millis(300))
        .max_response_bytes(100)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = reassign(&client, serde_json::json!({"reason": "stall"})).await.unwrap_err();
    assert!(matches!(err, Error::Request(RequestError::Timeout(_))), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let err = reassign(&client, serde_json::json!({})).await.unwrap_err();
    assert!(matches!(err, Error::Request(RequestError::BodyTooLarge { limit: 100 })), "{err:?}");
}

#[tokio::test]
async fn tenant_urls_and_secrets() {
    let tenant = Client::for_tenant("acme").client_credentials("client-id", "s3cr3t-value").build().unwrap();
    assert_eq!(tenant.base_url(), "https://acme.api.identitynow.com/beta");
    let debug = format!("{tenant:?}");
    assert!(debug.contains("https://acme.api.identitynow.com/oauth/token"), "{debug}");
    assert!(!debug.contains("s3cr3t-value"), "{debug}");
    let default = Client::for_default_server().build().unwrap();
    assert_eq!(default.base_url(), "https://sailpoint.api.identitynow.com/beta");

    // A failing token endpoint: the error names it, never the secret.
    let server = serve(|_| async { raw(400, &[], r#"{"error":"invalid_client"}"#) }).await;
    let err = reassign(&client(&server.url), serde_json::json!({})).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(matches!(err, Error::Request(RequestError::Auth(_))), "{shown}");
    assert!(shown.contains("invalid_client") && !shown.contains("s3cr3t-value"), "{shown}");
}
