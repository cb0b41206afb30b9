//! Tag features: with `default-features = false`, every tag alone (and none at all) compiles,
//! with the crate's tests, clippy-clean, for the committed seed crate and the fixture crate; and
//! a type is compiled exactly with the tags whose operations use it.

mod support;

use std::path::{Path, PathBuf};

fn crate_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// The features `full` lists, from the crate's manifest.
fn tag_features(dir: &Path) -> Vec<String> {
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(dir.join("Cargo.toml")).unwrap()).unwrap();
    let full = manifest["features"]["full"].as_array().expect("a `full` feature");
    assert_eq!(manifest["features"]["default"].as_array().unwrap(), &[toml::Value::from("full")]);
    full.iter().map(|f| f.as_str().unwrap().to_owned()).collect()
}

/// `cargo clippy --lib --tests -D warnings` with no tag, then with each tag alone.
fn each_tag_alone_is_clean(dir: &Path) -> usize {
    let tags = tag_features(dir);
    assert!(!tags.is_empty(), "{} has no tag features", dir.display());
    let configurations = std::iter::once(String::new()).chain(tags.iter().cloned());
    for features in configurations {
        let args =
            ["clippy", "--lib", "--tests", "--no-default-features", "--features", &features, "--", "-D", "warnings"];
        let (ok, output) = support::cargo(dir, &args);
        assert!(ok, "{} with features {features:?}:\n{output}", dir.display());
    }
    tags.len()
}

#[test]
fn the_seed_crate_builds_with_each_tag_alone() {
    assert_eq!(each_tag_alone_is_clean(&crate_dir("../generated")), 2);
}

#[test]
fn the_fixture_crate_builds_with_each_tag_alone() {
    // Five tags and the operation without one.
    assert_eq!(each_tag_alone_is_clean(&crate_dir("fixture-client")), 6);
}

/// The `#[cfg(...)]` right above the item that declares `name`, without spaces.
fn cfg_of(types: &str, name: &str) -> Option<String> {
    let at = types.find(&format!("pub struct {name} ")).or_else(|| types.find(&format!("pub enum {name} ")))?;
    let before = &types[..at];
    let item = before.rfind("\n\n").map_or(before, |start| &before[start..]);
    let start = item.find("#[cfg(")?;
    let cfg = &item[start..];
    Some(cfg[..cfg.find(")]").unwrap() + 2].split_whitespace().collect())
}

#[test]
fn types_are_compiled_with_the_tags_that_use_them() {
    let types = std::fs::read_to_string(crate_dir("fixture-client/src/types.rs")).unwrap();
    // The error body of the items operations, and of nothing else.
    assert_eq!(cfg_of(&types, "Error").as_deref(), Some("#[cfg(feature=\"items\")]"));
    // A multipart body's type, with its operation.
    assert_eq!(cfg_of(&types, "UploadFileRequest").as_deref(), Some("#[cfg(feature=\"files-and-forms\")]"));
    // The payload of a webhook: the webhooks module has no feature.
    assert_eq!(cfg_of(&types, "ItemChangedPayload"), None);
    // Every type under some tag names only tags that exist.
    let tags = tag_features(&crate_dir("fixture-client"));
    let gated = types.matches("feature = \"").count();
    assert!(gated >= 5, "{gated} feature mentions");
    for name in types.split("feature = \"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]) {
        assert!(tags.iter().any(|t| t == name), "unknown feature {name}");
    }
}
