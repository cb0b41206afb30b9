//! The command line: exit codes, messages, and the promise that a failed run writes nothing.

use std::path::Path;
use std::process::{Command, Output};

const PAGE: &str = "---\ntitle: Get a thing\napi: {\"operationId\":\"getThing\",\"method\":\"get\",\"path\":\"/thing\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"responses\":{\"200\":{\"description\":\"ok\"}}}\n---\n";

fn pagegen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pagegen")).current_dir(dir).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_failed_generate_leaves_the_output_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("client");
    std::fs::create_dir_all(out_dir.join("src")).unwrap();
    std::fs::write(out_dir.join("src/lib.rs"), "// mine").unwrap();
    std::fs::write(dir.path().join("bad.api.mdx"), "---\nid: x\n---\n").unwrap();

    let out = pagegen(dir.path(), &["generate", "bad.api.mdx", "--out", "client"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).trim(), "error: bad.api.mdx: the frontmatter has no `api:` key");
    assert_eq!(std::fs::read_to_string(out_dir.join("src/lib.rs")).unwrap(), "// mine");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staging folder may remain: {leftovers:?}");

    std::fs::write(dir.path().join("good.api.mdx"), PAGE).unwrap();
    let out = pagegen(dir.path(), &["generate", "good.api.mdx", "--out", "client"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(out_dir.join("src/lib.rs")).unwrap().starts_with("// @generated"));
    assert!(std::fs::read_to_string(out_dir.join("Cargo.toml")).unwrap().contains("name = \"client\""));
}

#[test]
fn check_reports_a_stale_crate_and_run_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    std::fs::write(dir.path().join("pages/get-thing.api.mdx"), PAGE).unwrap();
    std::fs::write(
        dir.path().join("pagegen.toml"),
        "inputs = [\"pages\"]\noutput = \"out\"\n[crate]\ncrate-name = \"thing-client\"\n",
    )
    .unwrap();

    let out = pagegen(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("is stale") && text.contains("missing:    Cargo.toml"), "{text}");
    assert!(text.contains("run `cargo run` and commit the result"), "{text}");

    // No command means: run the job of the nearest pagegen.toml, also from a subfolder.
    let out = pagegen(&dir.path().join("pages"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = pagegen(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));

    std::fs::write(dir.path().join("out/src/extra.rs"), "").unwrap();
    std::fs::write(dir.path().join("out/Cargo.toml"), "edited").unwrap();
    let text = stderr(&pagegen(dir.path(), &["check"]));
    assert!(text.contains("changed:    Cargo.toml") && text.contains("unexpected: src/extra.rs"), "{text}");
}

#[test]
fn bad_pagegen_toml_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pagegen.toml"), "inputs = [\"pages\"]\noutput = 3\n").unwrap();
    let out = pagegen(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("pagegen.toml: line 2, column 10"), "{text}");
}

#[test]
fn spec_writes_yaml_or_json_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("get-thing.api.mdx"), PAGE).unwrap();
    for format in ["yaml", "json"] {
        let file = format!("spec.{format}");
        let out = pagegen(dir.path(), &["spec", "get-thing.api.mdx", "-o", &file, "--format", format]);
        assert!(out.status.success(), "{}", stderr(&out));
        let (api, _) = pagegen::load(&[dir.path().join(&file)]).unwrap();
        let (path, method, op) = api.operations().next().unwrap();
        assert_eq!((path, method, op.summary.as_deref()), ("/thing", "get", Some("Get a thing")));
    }
}

#[test]
fn crate_names_are_lower_case_taken_from_the_folder_or_refused_when_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.api.mdx"), PAGE).unwrap();
    // From the folder: made a valid lower-case name (capitals would fail `non_snake_case`).
    let out = pagegen(dir.path(), &["generate", "good.api.mdx", "--out", "my_allOf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(dir.path().join("my_allOf/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-all-of\""), "{manifest}");
    let out = pagegen(dir.path(), &["generate", "good.api.mdx", "--out", "2024_v3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(dir.path().join("2024_v3/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"client-2024-v3\""), "{manifest}");
    // Given explicitly: refused with the name to use instead, and nothing written.
    let out = pagegen(dir.path(), &["generate", "good.api.mdx", "--out", "other", "--crate-name", "My_Client"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim(),
        "error: invalid crate name \"My_Client\": crate names are lower case; use \"my-client\""
    );
    assert!(!dir.path().join("other").exists());
}

#[test]
fn lint_exits_1_and_lists_contradicting_examples() {
    let dir = tempfile::tempdir().unwrap();
    let bad = PAGE.replace(
        "\"responses\":{\"200\":{\"description\":\"ok\"}}",
        "\"responses\":{\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":{\"type\":\"integer\"},\"example\":\"18,\"}}}}",
    );
    std::fs::write(dir.path().join("bad.api.mdx"), bad).unwrap();
    let out = pagegen(dir.path(), &["lint", "bad.api.mdx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        listed.trim(),
        "bad.api.mdx: example `getThing response 200 example` contradicts its schema at the root: expected an integer that fits i64, found string \"18,\""
    );
    std::fs::write(dir.path().join("bad.api.mdx"), PAGE).unwrap();
    let out = pagegen(dir.path(), &["lint", "bad.api.mdx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
