//! The specimens (`tests/specimens/<name>/`): small OpenAPI documents, one feature each, and the
//! pages today's docusaurus-plugin-openapi-docs renders from them, plus some of them as every
//! plugin major version renders them (`tests/plugin-versions/`). Every folder of pages must
//! generate a crate that passes `cargo clippy -D warnings` and its own `cargo test` (documented
//! examples and synthesised instances included), and document without a rustdoc warning with
//! every feature on; so must every specimen's types-only crate, and its crate with serde's derive and
//! every standard extra derive (`serde-derive`, `extra-derives`). Every source document must
//! generate too.
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
    assert!(found.len() >= 18, "specimens missing under {}", root.display());
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

/// Pages of some specimens as every plugin major version (1.x to 5.x) renders them
/// (`tests/plugin-versions/<major>.x/<specimen>/`): `(crate name, folder)`.
fn plugin_versions() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("plugin-versions");
    let mut found = Vec::new();
    for version in std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()) {
        let major = version.file_name().unwrap().to_string_lossy().into_owned();
        if !version.join("plugin.txt").is_file() {
            continue;
        }
        for specimen in std::fs::read_dir(&version).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
            let name = format!("v{}-{}", major.trim_end_matches(".x"), specimen.file_name().unwrap().to_string_lossy());
            found.push((name, specimen));
        }
    }
    found.sort();
    assert!(found.len() >= 25, "plugin version pages missing under {}", root.display());
    found
}

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Default,
    TypesOnly,
    SerdeDerive,
}

#[test]
#[ignore = "builds a crate per specimen (minutes); CI runs it with --ignored"]
fn every_specimen_crate_is_clippy_clean_and_its_tests_pass() {
    let work = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    // Every specimen also as a types-only crate (no client), built and tested the same way.
    let folders = specimens().into_iter().map(|(name, dir)| (name, dir.join("pages"), true));
    let versions = plugin_versions().into_iter().map(|(name, dir)| (name, dir, false));
    for (name, pages, also_types_only) in folders.chain(versions) {
        let (api, _) = pagegen::load(&[&pages]).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Every specimen also with serde's derive and every standard extra derive.
        let forms = [Form::Default, Form::TypesOnly, Form::SerdeDerive];
        for form in forms.into_iter().filter(|f| *f == Form::Default || also_types_only) {
            let types_only = form == Form::TypesOnly;
            let crate_name = match form {
                Form::Default => format!("specimen-{name}"),
                Form::TypesOnly => format!("types-only-{name}"),
                Form::SerdeDerive => format!("serde-derive-{name}"),
            };
            let options = pagegen::GenerateOptions {
                types_only,
                serde_derive: form == Form::SerdeDerive,
                extra_derives: match form {
                    Form::SerdeDerive => ["Eq", "Hash", "PartialOrd", "Ord", "Default"].map(String::from).to_vec(),
                    _ => Vec::new(),
                },
                ..pagegen::GenerateOptions::new(&crate_name)
            };
            let mut warnings = Vec::new();
            let files = pagegen::generate(&api, &options, &mut warnings).unwrap_or_else(|e| panic!("{name}: {e}"));
            if types_only {
                let manifest = &files[Path::new("Cargo.toml")];
                assert!(!manifest.contains("reqwest") && !manifest.contains("tokio"), "{crate_name}:\n{manifest}");
                assert!(!files.contains_key(Path::new("src/client.rs")), "{crate_name} has a client");
            }
            pagegen::write::write_crate(&work.path().join(&crate_name), &files).unwrap();
            members.push(format!("{crate_name:?}"));
        }
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(work.path().join("Cargo.toml"), manifest).unwrap();

    let (ok, output) = support::cargo(work.path(), &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    assert!(ok, "clippy -D warnings failed:\n{output}");
    // Their docs too, every feature on (`tracing`).
    let doc =
        ["doc", "--workspace", "--no-deps", "--all-features", "--config", r#"build.rustdocflags=["-D","warnings"]"#];
    let (ok, output) = support::cargo(work.path(), &doc);
    assert!(ok, "cargo doc -D warnings failed:\n{output}");
    let args = ["test", "--workspace", "--no-fail-fast", "--", "--test-threads=1", "--nocapture"];
    let (ok, output) = support::cargo(work.path(), &args);
    let examples = support::example_lines(&output);
    let not_round_trips: Vec<String> = examples
        .iter()
        .filter(|(_, result)| *result != support::Example::RoundTrip)
        .map(|(id, result)| format!("{id}: {result:?}"))
        .collect();
    let synthesised = examples.iter().filter(|(id, _)| id.contains("_synthesised_")).count();
    eprintln!(
        "specimens: {} crates, {} documented examples, {synthesised} synthesised instances",
        members.len(),
        examples.len() - synthesised
    );
    // The specimens' examples are valid against their schemas, and so is every synthesised
    // instance: each must come back unchanged.
    assert!(not_round_trips.is_empty(), "examples that do not round-trip:\n{}", not_round_trips.join("\n"));
    assert!(ok, "cargo test failed:\n{output}");
}
