//! `types-only`: a crate of the types and webhook payloads without the client, from the CLI, a
//! `pagegen.toml` or a build script. (The specimens test builds and tests one per specimen.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn specimen(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/specimens").join(name).join("pages")
}

fn files(types_only: bool) -> pagegen::FileSet {
    files_of("webhooks-31", types_only)
}

fn files_of(specimen_name: &str, types_only: bool) -> pagegen::FileSet {
    let (api, mut warnings) = pagegen::load(&[specimen(specimen_name)]).unwrap();
    // Tag features only gate what a client uses; without them both forms write the same types.
    let options =
        pagegen::GenerateOptions { types_only, tag_features: false, ..pagegen::GenerateOptions::new("parcels") };
    pagegen::generate(&api, &options, &mut warnings).unwrap()
}

#[test]
fn a_types_only_crate_has_the_types_webhooks_and_tests_and_no_client() {
    let full = files(false);
    let types_only = files(true);
    let paths: Vec<&str> = types_only.keys().map(|p| p.to_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/lib.rs",
            "src/runtime/mod.rs",
            "src/runtime/object.rs",
            "src/runtime/string_enum.rs",
            "src/runtime/webhook.rs",
            "src/types.rs",
            "src/webhooks.rs",
            "tests/examples.rs",
        ]
    );
    // The same types, payloads and example tests as the full crate.
    for same in ["src/types.rs", "src/webhooks.rs", "tests/examples.rs"] {
        assert_eq!(types_only[Path::new(same)], full[Path::new(same)], "{same}");
    }
    let manifest = &types_only[Path::new("Cargo.toml")];
    let dependencies: Vec<&str> = manifest
        .split("[dependencies]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap()
        .lines()
        .map(|line| line.split(' ').next().unwrap())
        .collect();
    assert_eq!(dependencies, ["serde", "serde_json", "chrono", "uuid"], "{manifest}");
    assert!(!manifest.contains("tokio") && !manifest.contains("[features]"), "{manifest}");
    let lib = &types_only[Path::new("src/lib.rs")];
    assert!(lib.contains("pub use runtime::{Webhook, WebhookError};") && !lib.contains("mod client"), "{lib}");
    // A callback names the operation that registers it; linked only where there is a client.
    let linked = "[`Client::create_subscription`](super::runtime::Client::create_subscription)";
    assert!(files_of("callbacks", false)[Path::new("src/webhooks.rs")].contains(linked));
    let plain = &files_of("callbacks", true)[Path::new("src/webhooks.rs")];
    assert!(plain.contains("of `createSubscription`") && !plain.contains("Client"), "{plain}");
}

#[test]
fn the_cli_pagegen_toml_and_build_scripts_take_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("parcels");
    let status = Command::new(env!("CARGO_BIN_EXE_pagegen"))
        .args(["generate", "--types-only", "--out"])
        .arg(&out)
        .arg(specimen("webhooks-31"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(out.join("src/types.rs").is_file() && !out.join("src/client.rs").exists());

    let toml = dir.path().join("pagegen.toml");
    let inputs = specimen("webhooks-31").display().to_string();
    std::fs::write(
        &toml,
        format!("inputs = [{inputs:?}]\noutput = \"x\"\n\n[crate]\ncrate-name = \"x\"\ntypes-only = true\n"),
    )
    .unwrap();
    let config = pagegen::Config::from_toml(&toml).unwrap();
    let (bundle, _) = config.generate().unwrap();
    assert!(bundle.contains("pub mod types") && !bundle.contains("pub mod client"));
    assert_eq!(pagegen::Config::types_only_dependencies().lines().count(), 4);

    let mut config = pagegen::Config::new("parcels");
    config.input(specimen("webhooks-31")).types_only();
    let (bundle, _) = config.generate().unwrap();
    assert!(bundle.contains("pub trait Webhook") && !bundle.contains("reqwest"));
}
