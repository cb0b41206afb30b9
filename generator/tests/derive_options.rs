//! `extra-derives`, `serde-derive` and the generated crate's extra dependencies, from the CLI, a
//! `pagegen.toml` and a build script. (`tests/tests/derives.rs` builds and tests such crates.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/derives.yaml")
}

#[test]
fn the_cli_takes_derives_serde_derive_and_dependencies() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kennel");
    let run = Command::new(env!("CARGO_BIN_EXE_pagegen"))
        .args(["generate", "--serde-derive", "--derive", "Eq", "--derive", "schemars::JsonSchema"])
        .args(["--dependency", r#"schemars = { version = "1", features = ["uuid1"] }"#, "--out"])
        .arg(&out)
        .arg(fixture())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("extra derive `Eq`: not on 1 of 8 types"), "{stderr}");
    let types = std::fs::read_to_string(out.join("src/types.rs")).unwrap();
    assert!(types.contains("#[serde(rename = \"petId\")]") && types.contains("schemars::JsonSchema"), "{types}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nschemars = { version = \"1\", features = [\"uuid1\"] }\n"), "{manifest}");

    // A bad option is an error naming it, and nothing is written.
    let bad = dir.path().join("bad");
    let run = Command::new(env!("CARGO_BIN_EXE_pagegen"))
        .args(["generate", "--derive", "Ord", "--out"])
        .arg(&bad)
        .arg(fixture())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("`Ord` needs `Eq` and `PartialOrd`"));
    assert!(!bad.exists());
    let run = Command::new(env!("CARGO_BIN_EXE_pagegen"))
        .args(["generate", "--dependency", "schemars", "--out"])
        .arg(&bad)
        .arg(fixture())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--dependency \"schemars\""));
}

#[test]
fn pagegen_toml_and_build_scripts_take_them() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("pagegen.toml");
    let text = format!(
        "inputs = [{:?}]\noutput = \"kennel\"\n\n[crate]\ncrate-name = \"kennel\"\nextra-derives = [\"Hash\"]\n\
         serde-derive = true\n\n[crate.dependencies]\nschemars = {{ version = \"1\", features = [\"chrono04\"] }}\n\
         ts-rs = \"10\"\n",
        fixture().display().to_string()
    );
    std::fs::write(&toml, text).unwrap();
    let job = pagegen::JobConfig::load(&toml).unwrap();
    assert_eq!(job.options.extra_derives, ["Hash"]);
    assert!(job.options.serde_derive);
    let dependencies: Vec<(&str, &str)> =
        job.options.dependencies.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(dependencies, [("schemars", r#"{ features = ["chrono04"], version = "1" }"#), ("ts-rs", r#""10""#)]);

    let mut config = pagegen::Config::new("kennel");
    config.input(fixture()).extra_derive("Eq").extra_derive("Hash").serde_derive();
    let (bundle, warnings) = config.generate().unwrap();
    assert!(bundle.contains("#[serde(rename = \"displayName\")]"), "{bundle}");
    assert!(warnings.iter().any(|w| w.to_string().contains("extra derive `Hash`: not on 1 of 8")));
}
