//! The specimens (`tests/specimens/<name>/`): small OpenAPI documents, one feature each, and the
//! pages today's docusaurus-plugin-openapi-docs renders from them. Every folder of pages must
//! generate a crate that passes `cargo clippy -D warnings` and its own `cargo test` (documented
//! examples included); every source document must generate too.
//!
//! The crates are built together, as one workspace in one shared target folder, so it takes a
//! few minutes: `#[ignore]`d in a plain `cargo test` (reported as ignored, never as passed); CI
//! runs it: `cargo test -p pagegen-tests --test specimens -- --ignored --nocapture`.

mod support;

use std::path::{Path, PathBuf};

fn specimens() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specimens");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("openapi.yaml").is_file())
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), path))
        .collect();
    found.sort();
    assert!(found.len() >= 16, "specimens missing under {}", root.display());
    found
}

/// Every source document generates (warnings allowed: some specimens are broken on purpose).
#[test]
fn every_specimen_document_generates() {
    for (name, dir) in specimens() {
        let (api, _) = pagegen::load(&[dir.join("openapi.yaml")]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut warnings = Vec::new();
        pagegen::generate(&api, &pagegen::GenerateOptions::new(format!("specimen-{name}")), &mut warnings)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
#[ignore = "builds a crate per specimen (minutes); CI runs it with --ignored"]
fn every_specimen_crate_is_clippy_clean_and_its_tests_pass() {
    let work = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for (name, dir) in specimens() {
        let pages = dir.join("pages");
        let (api, _) = pagegen::load(&[&pages]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let options = pagegen::GenerateOptions::new(format!("specimen-{name}"));
        let mut warnings = Vec::new();
        let files = pagegen::generate(&api, &options, &mut warnings).unwrap_or_else(|e| panic!("{name}: {e}"));
        pagegen::write::write_crate(&work.path().join(&name), &files).unwrap();
        members.push(format!("{name:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(work.path().join("Cargo.toml"), manifest).unwrap();

    let (ok, output) = support::cargo(work.path(), &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    assert!(ok, "clippy -D warnings failed:\n{output}");
    let args = ["test", "--workspace", "--no-fail-fast", "--", "--test-threads=1", "--nocapture"];
    let (ok, output) = support::cargo(work.path(), &args);
    let examples = support::example_results(&output);
    let failed: Vec<String> =
        examples.iter().filter_map(|(id, why)| Some(format!("{id}: {}", why.as_deref()?))).collect();
    eprintln!("specimens: {} crates, {} documented examples, {} failed", members.len(), examples.len(), failed.len());
    assert!(failed.is_empty(), "examples that do not round-trip:\n{}", failed.join("\n"));
    assert!(ok, "cargo test failed:\n{output}");
}
