//! The corpus example runner: for each corpus folder, generate the client crate and run its
//! `cargo test` as generated, with warnings denied. Every documented example either round-trips
//! or contradicts its schema exactly as pagegen predicted at generation time (`pagegen lint`
//! lists the same ones); anything else fails. Prints, per folder, how many examples were tried,
//! round-tripped and contradict their schemas, by kind.
//!
//! It builds five large crates, so it is `#[ignore]`d in a plain `cargo test` (and reported as
//! ignored, never as passed); CI runs it with the reference spec too: `PAGEGEN_CORPUS_REFERENCE=1
//! cargo test -p pagegen-tests --test corpus_examples -- --ignored --nocapture`. Generated crates
//! build in one shared target folder (`PAGEGEN_CRATE_TARGET`, default
//! `$TMP/pagegen-generated-target`). `PAGEGEN_CORPUS_ONLY=<text>` runs only the folders whose
//! name contains the text; `PAGEGEN_CORPUS_REFERENCE=1` also runs the published beta spec of
//! `reference/`.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use support::Example;

const FOLDERS: &[&str] =
    &["pages-2022-raw/beta", "pages-2022-raw/v3", "pages-2024-compressed/beta", "pages-2024-compressed/v3"];

/// The folder also generated with serde's derive and every standard extra derive (types only):
/// its examples must do exactly what they do with the runtime's macros.
const SERDE_DERIVE_FOLDER: &str = "pages-2024-compressed/v3";

/// The folder whose crate is also built with a sample of its tag features alone (and none):
/// the first, middle and last by name, each warning-free with its example tests.
const TAG_SAMPLE_FOLDER: &str = "pages-2024-compressed/beta";

/// The published beta spec, run too when `PAGEGEN_CORPUS_REFERENCE` is set.
const REFERENCE: &str = "reference/sailpoint-api-specs/idn/sailpoint-api.beta.yaml";

/// The kind of a contradiction, from the reason the example test printed.
fn kind(reason: &str) -> String {
    if let Some(rest) = reason.strip_prefix("the example changed on its way back: ") {
        let what = rest.split_once("` ").map_or(rest, |(_, what)| what);
        let what = if what.starts_with("changes") { "changes" } else { what };
        return format!("read, but a member {what} on its way back");
    }
    let detail = reason.split_once("`: ").map_or(reason, |(_, detail)| detail);
    if detail.starts_with("missing field") {
        return "a required member is missing".into();
    }
    if detail.starts_with("data did not match any variant") {
        return "matches no variant of a union".into();
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, "?"));
        let found = found.split(' ').next().unwrap_or(found);
        let expected = if expected.starts_with("struct ") { "an object" } else { expected };
        return format!("{found} where {expected} is expected");
    }
    if let Some(rest) = detail.strip_prefix("invalid value: ") {
        let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, "?"));
        let found = found.split(' ').next().unwrap_or(found);
        return format!("{found} out of range for {expected}");
    }
    detail.chars().take(60).collect()
}

#[test]
#[ignore = "builds a crate per corpus folder (minutes); CI runs it with --ignored"]
fn corpus_examples_round_trip_or_fail_as_predicted() {
    let shared = std::env::var_os("PAGEGEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let corpus = shared.join("corpus");
    assert!(corpus.is_dir(), "shared test data not found at {} (set PAGEGEN_SHARED)", corpus.display());
    let work = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut report = vec![format!(
        "{:<28} {:>10} {:>11} {:>13} {:>12} {:>11} {:>6}",
        "folder", "documented", "round-trip", "contradicting", "synthesised", "round-trip", "failed"
    )];
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
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
        let files = pagegen::generate(&api, &options, &mut warnings).unwrap_or_else(|e| panic!("{e}"));
        let (findings, _) = pagegen::lint::lint(std::slice::from_ref(input)).unwrap_or_else(|e| panic!("{e}"));
        let dir = work.path().join(folder.replace(['/', '.'], "-"));
        pagegen::write::write_crate(&dir, &files).unwrap();
        // The crate's own tests, as a user runs them: all green, and not one warning.
        let args =
            ["test", "--config", "build.rustflags=[\"-D\", \"warnings\"]", "--", "--test-threads=1", "--nocapture"];
        let (ok, output) = support::cargo(&dir, &args);
        let results = support::example_results(&output);
        assert!(!results.is_empty(), "{folder}: no example ran:\n{output}");
        if !ok {
            let tail: Vec<&str> = output.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            problems.push(format!(
                "{folder}: `cargo test` (-D warnings) of the generated crate failed:\n{}",
                tail.join("\n")
            ));
        }
        let (mut round_trips, mut contradicting, mut failed) = (0, 0, 0);
        // Instances pagegen synthesised from the schemas (valid by construction) must all round-trip.
        let synthesised = results.keys().filter(|id| id.contains("_synthesised_")).count();
        let mut synthesised_round_trips = 0;
        for (id, result) in &results {
            match result {
                Example::RoundTrip if id.contains("_synthesised_") => synthesised_round_trips += 1,
                Example::RoundTrip => round_trips += 1,
                Example::Contradiction(reason) if id.contains("_synthesised_") => {
                    problems.push(format!("{folder}: {id}: the type loses a value its schema accepts: {reason}"));
                }
                Example::Contradiction(reason) => {
                    contradicting += 1;
                    *kinds.entry(kind(reason)).or_default() += 1;
                }
                Example::Failed(reason) => {
                    failed += 1;
                    problems.push(format!("{folder}: {id}: {reason}"));
                }
            }
        }
        // `pagegen lint` finds exactly the examples the tests found contradicting.
        if findings.len() != contradicting {
            problems.push(format!(
                "{folder}: pagegen lint lists {} contradictions, the tests confirmed {contradicting}",
                findings.len()
            ));
        }
        if *folder == TAG_SAMPLE_FOLDER {
            let manifest: toml::Table = toml::from_str(&files[Path::new("Cargo.toml")]).unwrap();
            let full = manifest["features"]["full"].as_array().expect("tag features");
            let sample = [None, full.first(), full.get(full.len() / 2), full.last()];
            for feature in sample.map(|f| f.map(|f| f.as_str().unwrap())) {
                let check = ["check", "--lib", "--tests", "--no-default-features", "--features"];
                let rustflags = ["--config", "build.rustflags=[\"-D\", \"warnings\"]"];
                let args: Vec<&str> = check.into_iter().chain([feature.unwrap_or("")]).chain(rustflags).collect();
                let (ok, output) = support::cargo(&dir, &args);
                eprintln!("{folder} with tag feature {feature:?} alone: {}", if ok { "ok" } else { "FAILED" });
                if !ok {
                    let lines: Vec<&str> = output.lines().collect();
                    let tail = lines[lines.len().saturating_sub(30)..].join("\n");
                    problems.push(format!("{folder} with tag feature {feature:?} alone:\n{tail}"));
                }
            }
        }
        if *folder == SERDE_DERIVE_FOLDER {
            let options = pagegen::GenerateOptions {
                types_only: true,
                serde_derive: true,
                extra_derives: ["Eq", "Hash", "PartialOrd", "Ord", "Default"].map(String::from).to_vec(),
                ..pagegen::GenerateOptions::new("corpus-serde-derive")
            };
            let files = pagegen::generate(&api, &options, &mut Vec::new()).unwrap_or_else(|e| panic!("{e}"));
            let dir = work.path().join("serde-derive");
            pagegen::write::write_crate(&dir, &files).unwrap();
            let (ok, output) = support::cargo(&dir, &args);
            let outcome = |e: &Example| std::mem::discriminant(e);
            let serde_results = support::example_results(&output);
            let differ: Vec<String> = serde_results
                .clone()
                .into_iter()
                .filter(|(id, result)| results.get(id).map(outcome) != Some(outcome(result)))
                .map(|(id, result)| format!("{id}: {result:?} (macros: {:?})", results.get(&id)))
                .collect();
            eprintln!("{folder} with serde-derive: {} examples, {} differ", serde_results.len(), differ.len());
            if !ok || !differ.is_empty() || serde_results.len() != results.len() {
                let lines: Vec<&str> = output.lines().collect();
                let tail = lines[lines.len().saturating_sub(30)..].join("\n");
                problems.push(format!("{folder} with serde-derive: {}\n{tail}", differ.join("\n")));
            }
        }
        report.push(format!(
            "{folder:<28} {:>10} {round_trips:>11} {contradicting:>13} {synthesised:>12} {synthesised_round_trips:>11} {failed:>6}",
            results.len() - synthesised
        ));
    }
    eprintln!("{}", report.join("\n"));
    eprintln!("contradictions by kind:");
    for (kind, n) in &kinds {
        eprintln!("{n:>6}  {kind}");
    }
    assert!(problems.is_empty(), "examples that did not do what pagegen predicted:\n{}", problems.join("\n"));
}
