//! The corpus example runner: for each corpus folder, generate the client crate, run its example
//! round-trip tests (`tests/examples.rs`), and print how many examples were tried, passed,
//! contradict their own schema (listed with a reason in `tests/corpus-contradictions.toml`), and
//! failed. Unlisted failures fail this test; so do listed ones that now pass (stale entries).
//!
//! It builds four large crates, so it is `#[ignore]`d in a plain `cargo test` (and reported as
//! ignored, never as passed); CI runs it with the reference spec too: `PAGEGEN_CORPUS_REFERENCE=1
//! cargo test -p pagegen-tests --test corpus_examples -- --ignored --nocapture`. Generated crates
//! build in one shared
//! target folder (`PAGEGEN_CRATE_TARGET`, default `$TMP/pagegen-generated-target`).
//! `PAGEGEN_CORPUS_ONLY=<text>` runs only the folders whose name contains the text;
//! `PAGEGEN_CORPUS_REFERENCE=1` also runs the published beta spec of `reference/`;
//! `PAGEGEN_CORPUS_PROBLEMS=<file>` writes the problems (ready-to-review list entries) there.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FOLDERS: &[&str] =
    &["pages-2022-raw/beta", "pages-2022-raw/v3", "pages-2024-compressed/beta", "pages-2024-compressed/v3"];

/// The published beta spec, run too when `PAGEGEN_CORPUS_REFERENCE` is set.
const REFERENCE: &str = "reference/sailpoint-api-specs/idn/sailpoint-api.beta.yaml";

#[derive(serde::Deserialize)]
struct Contradictions {
    #[serde(default)]
    contradiction: Vec<Contradiction>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Contradiction {
    folder: String,
    /// The example's id (`pagegen-example <id> ...` line of the generated tests).
    example: String,
    reason: String,
}

/// Listed contradictions: folder -> example ids. Every entry needs a reason.
fn listed() -> BTreeMap<String, BTreeSet<String>> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus-contradictions.toml");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let parsed: Contradictions = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in parsed.contradiction {
        assert!(!c.reason.trim().is_empty(), "{}: {} has no reason", c.folder, c.example);
        let fresh = out.entry(c.folder.clone()).or_default().insert(c.example.clone());
        assert!(fresh, "{}: {} is listed twice", c.folder, c.example);
    }
    out
}

#[test]
#[ignore = "builds a crate per corpus folder (minutes); CI runs it with --ignored"]
fn corpus_examples_round_trip() {
    let shared = std::env::var_os("PAGEGEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let corpus = shared.join("corpus");
    assert!(corpus.is_dir(), "shared test data not found at {} (set PAGEGEN_SHARED)", corpus.display());
    let listed = listed();
    let work = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut report =
        vec![format!("{:<28} {:>6} {:>6} {:>13} {:>6}", "folder", "tried", "passed", "contradicting", "failed")];
    let mut inputs: Vec<(&str, PathBuf)> = FOLDERS.iter().map(|f| (*f, corpus.join(f))).collect();
    if std::env::var_os("PAGEGEN_CORPUS_REFERENCE").is_some() {
        inputs.push((REFERENCE, shared.join(REFERENCE)));
    }
    // `PAGEGEN_CORPUS_ONLY=beta` runs the inputs whose name contains `beta`.
    let only = std::env::var("PAGEGEN_CORPUS_ONLY").unwrap_or_default();
    for (folder, input) in inputs.iter().filter(|(name, _)| name.contains(&only)) {
        let (api, _) = pagegen::load(std::slice::from_ref(input)).unwrap_or_else(|e| panic!("{e}"));
        let options = pagegen::GenerateOptions::new("corpus-client");
        let mut warnings = Vec::new();
        let mut files = pagegen::generate(&api, &options, &mut warnings).unwrap_or_else(|e| panic!("{e}"));
        if !files.contains_key(Path::new("tests/examples.rs")) {
            // The operations IR registers no examples yet: test the type space on its own.
            files = support::types_crate(&api, &options);
        }
        let dir = work.path().join(folder.replace(['/', '.'], "-"));
        pagegen::write::write_crate(&dir, &files).unwrap();
        // One thread: libtest's own "test x ... ok" lines would otherwise split ours.
        let args = ["test", "--test", "examples", "--", "--test-threads=1", "--nocapture"];
        let (_, output) = support::cargo(&dir, &args);
        let results = support::example_results(&output);
        assert!(!results.is_empty(), "{folder}: no example ran:\n{output}");
        let mut known = listed.get(*folder).cloned().unwrap_or_default();
        let (mut passed, mut contradicting, mut failed) = (0, 0, 0);
        for (id, failure) in &results {
            match (failure, known.remove(id)) {
                (None, false) => passed += 1,
                (None, true) => {
                    passed += 1;
                    problems.push(format!("{folder}: {id} passes now; remove it from the list"));
                }
                (Some(_), true) => contradicting += 1,
                (Some(why), false) => {
                    failed += 1;
                    problems
                        .push(format!("[[contradiction]]\nfolder = {folder:?}\nexample = {id:?}\nreason = {why:?}\n"));
                }
            }
        }
        for id in known {
            problems.push(format!("{folder}: {id} is listed but no such example ran; remove it from the list"));
        }
        report.push(format!("{folder:<28} {:>6} {passed:>6} {contradicting:>13} {failed:>6}", results.len()));
    }
    eprintln!("{}", report.join("\n"));
    if let Some(out) = std::env::var_os("PAGEGEN_CORPUS_PROBLEMS") {
        std::fs::write(out, problems.join("\n")).unwrap();
    }
    assert!(problems.is_empty(), "examples that fail without a reviewed reason:\n{}", problems.join("\n"));
}
