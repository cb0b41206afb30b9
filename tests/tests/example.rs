//! The crate's example program (`generator/crate-extra/examples/admin_reassign.rs`) against a
//! loopback server behaving like SailPoint's: token at `/oauth/token`, operations under `/beta`.
//! Its own test binary, because it sets the process environment.

mod common;

#[allow(dead_code)] // Its `main`: the test calls `run`.
#[path = "../../generator/crate-extra/examples/admin_reassign.rs"]
mod admin_reassign;

use std::process::ExitCode;

use common::{json, serve, token};

#[tokio::test]
async fn admin_reassign_example_runs_against_a_sailpoint_like_server() {
    let server = serve(|seen| async move {
        match (seen.method.as_str(), seen.path()) {
            ("POST", "/oauth/token") => token("t-1", 3600),
            ("POST", "/beta/campaigns/camp-1/reassign") if seen.header("authorization") == Some("Bearer t-1") => {
                json(202, serde_json::json!({"id": "task-1", "type": "ADMIN_REASSIGN"}))
            }
            _ => json(404, serde_json::json!({"messages": [{"text": "unexpected"}]})),
        }
    })
    .await;
    std::env::set_var("SAIL_BASE_URL", &server.url);
    std::env::set_var("SAIL_CLIENT_ID", "id");
    std::env::set_var("SAIL_CLIENT_SECRET", "secret");
    let args = ["camp-1", "cert-1", "ident-1"].map(String::from).to_vec();
    assert_eq!(admin_reassign::run(args).await, ExitCode::SUCCESS);
    let body = server.seen().last().unwrap().json();
    assert_eq!(body["certificationIds"], serde_json::json!(["cert-1"]));
    assert_eq!(body["reassignTo"], serde_json::json!({"id": "ident-1", "type": "IDENTITY"}));
}
