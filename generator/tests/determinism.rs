//! Same inputs, byte-identical output: whatever the order inputs are named in, the folder they
//! sit in, or the working directory.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use pagegen::{FileSet, GenerateOptions};

fn generate(inputs: &[PathBuf]) -> FileSet {
    let (api, mut warnings) = pagegen::load(inputs).unwrap_or_else(|e| panic!("{e}"));
    pagegen::generate(&api, &GenerateOptions::new("same-client"), &mut warnings).unwrap()
}

fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|f| f.to_string_lossy().ends_with(".api.mdx"));
    files.sort();
    files
}

/// A fixed permutation that moves every element (no randomness: failures must reproduce).
fn shuffle<T>(items: &mut [T]) {
    let n = items.len();
    for i in 0..n {
        items.swap(i, (i * 7919 + 13) % n);
    }
}

fn assert_same(a: &FileSet, b: &FileSet, what: &str) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{what}: file list differs");
    for (path, text) in a {
        assert!(text == &b[path], "{what}: {} differs", path.display());
    }
}

#[test]
fn output_does_not_depend_on_order_folder_or_working_directory() {
    let source = common::shared().join("corpus/pages-2024-compressed/v3");
    let reference = generate(std::slice::from_ref(&source));

    // The same pages named one by one, in a shuffled order.
    let mut files = pages(&source);
    shuffle(&mut files);
    assert_same(&reference, &generate(&files), "shuffled file list");

    // Copied into a differently named folder, under new names, in another nesting.
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("elsewhere/other-name");
    for (i, file) in files.iter().enumerate() {
        let dir = copy.join(if i % 2 == 0 { "even" } else { "odd" });
        std::fs::create_dir_all(&dir).unwrap();
        let name = format!("{i:04}-{}", file.file_name().unwrap().to_string_lossy());
        std::fs::copy(file, dir.join(name)).unwrap();
    }
    assert_same(&reference, &generate(std::slice::from_ref(&copy)), "renamed and moved folder");

    // The command line, run from an unrelated working directory, with relative paths.
    let cwd = tmp.path().join("elsewhere");
    let out = Command::new(env!("CARGO_BIN_EXE_pagegen"))
        .current_dir(&cwd)
        .args(["generate", "other-name", "--out", "../out", "--crate-name", "same-client"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = pagegen::write::read_tree(&tmp.path().join("out")).unwrap();
    assert_same(&reference, &written, "command line from another directory");

    // And twice in one process.
    assert_same(&reference, &generate(&[source]), "second run");
}
