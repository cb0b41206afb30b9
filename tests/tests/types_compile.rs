//! The generated types compile, pass clippy-free `cargo test`, and every documented example of the
//! mapping fixture round-trips (a fixture covering every schema mapping).

mod support;

use std::path::Path;

#[test]
fn fixture_types_build_and_examples_round_trip() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixtures/types/mappings.yaml");
    let (api, _) = pagegen::load(&[fixture]).unwrap_or_else(|e| panic!("{e}"));
    let options = pagegen::GenerateOptions::new("types-fixture");
    let files = support::types_crate(&api, &options);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("types-fixture");
    pagegen::write::write_crate(&out, &files).unwrap();
    let (ok, output) = support::cargo(&out, &["test", "--", "--test-threads=2"]);
    assert!(ok, "cargo test failed in the generated crate:\n{output}");
    let (ok, output) = support::cargo(&out, &["test", "--test", "examples", "--", "--nocapture"]);
    assert!(ok, "example tests failed:\n{output}");
    let results = support::example_results(&output);
    assert!(results.len() >= 5, "too few examples ran:\n{output}");
    assert!(results.values().all(|r| *r == support::Example::RoundTrip), "{output}");
    // rustdoc accepts the docs (no broken links, no unclosed HTML, no doctests that fail).
    let (ok, output) = support::cargo(&out, &["test", "--doc", "--quiet"]);
    assert!(ok, "doc tests failed:\n{output}");
}

/// The runtime's type macros and the `types` import go unused when the API has no objects or
/// string enums; the crate must still build without a warning.
#[test]
fn an_api_of_plain_values_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("plain.yaml");
    let text = "openapi: 3.0.3\ninfo: { title: Plain, version: '1' }\npaths:\n  /count:\n    get:\n      \
                operationId: getCount\n      responses:\n        '200':\n          description: ok\n          \
                content:\n            application/json:\n              schema: { type: integer }\n";
    std::fs::write(&spec, text).unwrap();
    let (api, mut warnings) = pagegen::load(&[&spec]).unwrap_or_else(|e| panic!("{e}"));
    let files = pagegen::generate(&api, &pagegen::GenerateOptions::new("plain"), &mut warnings).unwrap();
    assert!(!files[Path::new("src/types.rs")].contains("pub struct"), "the API should have no named types");
    let out = dir.path().join("plain");
    pagegen::write::write_crate(&out, &files).unwrap();
    let (ok, output) = support::cargo(&out, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    assert!(ok, "the crate of an API without named types has warnings:\n{output}");
}
