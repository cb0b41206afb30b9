//! Shared by the tests that build generated crates: write a crate, run cargo in it, read results.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use pagegen::ir::types::{driver, TypeSpace};
use pagegen::{FileSet, GenerateOptions};

/// Where generated crates build: one target folder for all, so dependencies compile once.
pub fn shared_target() -> PathBuf {
    std::env::var_os("PAGEGEN_CRATE_TARGET")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("pagegen-generated-target"))
}

/// A crate holding just the `types` module and its example tests, built by the type space alone
/// (independent of the client emitter), with the manifest `pagegen::generate` writes.
pub fn types_crate(api: &openapiv3::OpenAPI, options: &GenerateOptions) -> FileSet {
    let mut warnings = Vec::new();
    let full = pagegen::generate(api, options, &mut warnings).unwrap_or_else(|e| panic!("{e}"));
    let mut space = TypeSpace::new(api, options);
    driver::register_operations(&mut space, api, &mut warnings);
    space.finish(options, &mut warnings).unwrap();
    let crate_ident = options.crate_name.replace('-', "_");
    let mut files = FileSet::new();
    files.insert("Cargo.toml".into(), full[Path::new("Cargo.toml")].clone());
    // The types use the runtime's `string_enum!`, and the runtime reads `client::API`.
    files.insert(
        "src/lib.rs".into(),
        "//! Generated types only.\npub mod client;\npub mod runtime;\npub mod types;\n".into(),
    );
    files.extend(full.iter().filter(|(path, _)| path.starts_with("src/runtime")).map(|(p, t)| (p.clone(), t.clone())));
    let client = full.get(Path::new("src/client.rs")).or_else(|| full.get(Path::new("src/client/mod.rs")));
    let client = client.expect("a client module");
    let api = client
        .find("pub const API")
        .and_then(|start| Some(&client[start..start + client[start..].find("\n};\n")? + 4]));
    files.insert("src/client.rs".into(), format!("use super::runtime;\n{}", api.expect("client.rs has `API`")));
    files.insert("src/types.rs".into(), pagegen::format::rust_file(|| pagegen::emit::types::module(&space)).unwrap());
    if let Some(tests) = pagegen::emit::types::example_tests(&space, &crate_ident).unwrap() {
        files.insert("tests/examples.rs".into(), tests);
    }
    files
}

/// Runs `cargo <args>` in `dir`; returns (success, stdout + stderr).
pub fn cargo(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", shared_target())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// `test name ... ok|FAILED` lines of libtest output: (name, passed).
pub fn test_results(output: &str) -> Vec<(String, bool)> {
    output
        .lines()
        .filter_map(|l| l.strip_prefix("test "))
        .filter_map(|l| {
            let (name, result) = l.rsplit_once(" ... ")?;
            match result.trim() {
                "ok" => Some((name.to_owned(), true)),
                "FAILED" => Some((name.to_owned(), false)),
                _ => None,
            }
        })
        .collect()
}

/// What one documented example did in a generated crate's tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Example {
    /// Read and written back unchanged.
    RoundTrip,
    /// Contradicts its schema, and failed exactly as pagegen predicted (the reason).
    Contradiction(String),
    /// Did something else than pagegen predicted (the reason).
    Failed(String),
}

/// `pagegen-example <id> ok|contradiction|FAILED <reason>` lines of the example tests of one
/// crate: id -> what happened.
pub fn example_results(output: &str) -> std::collections::BTreeMap<String, Example> {
    example_lines(output).into_iter().collect()
}

/// The same lines in order, for the output of several crates (where ids may repeat).
pub fn example_lines(output: &str) -> Vec<(String, Example)> {
    output
        .lines()
        // libtest may have written `test name ... ` at the start of the same line.
        .filter_map(|l| l.split_once("pagegen-example ").map(|(_, rest)| rest))
        .filter_map(|l| {
            let (id, rest) = l.split_once(' ')?;
            let (result, reason) = rest.split_once(' ').unwrap_or((rest, ""));
            let example = match result {
                "ok" => Example::RoundTrip,
                "contradiction" => Example::Contradiction(reason.to_owned()),
                "FAILED" => Example::Failed(reason.to_owned()),
                _ => return None,
            };
            Some((id.to_owned(), example))
        })
        .collect()
}
