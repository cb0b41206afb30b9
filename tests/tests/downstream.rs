//! The downstream crate `tests/downstream` generates its client in build.rs with
//! `pagegen::Config` and `include!`s it; here it calls an operation against a loopback server.

mod common;

use common::{json, serve, token};
use downstream_example::sailpoint::client::AdminReassignBody;
use downstream_example::sailpoint::{Client, RetryPolicy};

#[tokio::test]
async fn the_build_script_client_calls_an_operation() {
    let task = serde_json::json!({"id": "2c918086719eec070171a7e3355a360a", "type": "ADMIN_REASSIGN"});
    let answer = task.clone();
    let server = serve(move |seen| {
        let answer = answer.clone();
        async move {
            match seen.path() {
                "/oauth/token" => token("t", 3600),
                "/beta/campaigns/c1/reassign" => json(202, answer),
                _ => json(404, serde_json::json!({})),
            }
        }
    })
    .await;
    let client = Client::builder(format!("{}/beta", server.url))
        .client_credentials("id", "secret")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let body: AdminReassignBody =
        serde_json::from_value(serde_json::json!({"certificationIds": ["a"], "reason": "r"})).unwrap();
    let response = client.admin_reassign("c1", body).await.unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(serde_json::to_value(response.into_inner()).unwrap()["type"], "ADMIN_REASSIGN");
    assert_eq!(server.seen()[1].json()["certificationIds"][0], "a");
}

/// The including crate must carry every dependency the generated code uses.
#[test]
fn downstream_manifest_lists_what_config_dependencies_says() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/downstream/Cargo.toml")).unwrap();
    for line in pagegen::Config::dependencies().lines().filter(|l| !l.trim().is_empty()) {
        assert!(manifest.lines().any(|m| m.trim() == line.trim()), "tests/downstream/Cargo.toml lacks `{line}`");
    }
}
