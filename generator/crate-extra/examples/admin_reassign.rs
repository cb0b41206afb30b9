//! Reassigns certifications of a campaign to another identity and prints the submitted task.
//!
//! ```text
//! SAIL_BASE_URL=https://acme.api.identitynow.com SAIL_CLIENT_ID=... SAIL_CLIENT_SECRET=... \
//!     cargo run --example admin_reassign -- CAMPAIGN_ID CERTIFICATION_ID IDENTITY_ID
//! ```

use std::process::ExitCode;

use sailpoint_client::client::AdminReassignBody;
use sailpoint_client::Client;

#[tokio::main]
async fn main() -> ExitCode {
    run(std::env::args().skip(1).collect()).await
}

/// The whole program but reading the arguments, so that tests can run it in-process.
pub async fn run(args: Vec<String>) -> ExitCode {
    let [campaign, certification, identity] = args.as_slice() else {
        eprintln!("usage: admin_reassign CAMPAIGN_ID CERTIFICATION_ID IDENTITY_ID");
        eprintln!("environment: SAIL_BASE_URL, SAIL_CLIENT_ID, SAIL_CLIENT_SECRET");
        return ExitCode::from(2);
    };
    let client = match Client::from_env().and_then(|builder| builder.build()) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let body = serde_json::json!({
        "certificationIds": [certification],
        "reassignTo": { "id": identity, "type": "IDENTITY" },
        "reason": "reassigned by the admin_reassign example",
    });
    let body: AdminReassignBody = match serde_json::from_value(body) {
        Ok(body) => body,
        Err(e) => {
            eprintln!("error: invalid request body: {e}");
            return ExitCode::FAILURE;
        }
    };
    match client.admin_reassign(campaign.as_str(), body).await {
        Ok(task) => {
            match serde_json::to_string_pretty(&task.into_inner()) {
                Ok(json) => println!("{json}"),
                Err(e) => eprintln!("error: cannot print the task: {e}"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
