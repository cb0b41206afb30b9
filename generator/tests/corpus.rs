//! The real corpus: every page folder and the reference specification assemble, read back from
//! the written document into an equal model, and generate code that parses.

mod common;

use std::path::Path;
use std::time::Instant;

fn count_pages(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".api.mdx"))
        .count()
}

fn roundtrip(input: &Path) -> openapiv3::OpenAPI {
    let started = Instant::now();
    let (api, warnings) = pagegen::load(&[input]).unwrap_or_else(|e| panic!("{e}"));
    let loaded = started.elapsed();
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in
        [("spec.yaml", serde_yaml::to_string(&api).unwrap()), ("spec.json", serde_json::to_string(&api).unwrap())]
    {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let (again, _) = pagegen::load(&[&file]).unwrap_or_else(|e| panic!("{e}"));
        if again != api {
            let (a, b) = (serde_json::to_value(&api).unwrap(), serde_json::to_value(&again).unwrap());
            panic!("{}: {name} reads back differently at {}", input.display(), first_difference(&a, &b, String::new()));
        }
    }
    eprintln!(
        "{}: {} operations, {} warnings, loaded in {:.2?}",
        input.display(),
        api.operations().count(),
        warnings.len(),
        loaded
    );
    api
}

/// The JSON pointer of the first place two values differ, with both values there.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if v == w => {}
                    Some(w) => return first_difference(v, w, format!("{at}/{k}")),
                    None => return format!("{at}/{k}: missing after reading back"),
                }
            }
            format!("{at}: keys {:?} vs {:?}", x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            let i = x.iter().zip(y).position(|(v, w)| v != w).unwrap_or(0);
            first_difference(&x[i], &y[i], format!("{at}/{i}"))
        }
        _ => format!("{at}: {a} vs {b}"),
    }
}

#[test]
fn every_page_folder_assembles_and_reads_back() {
    let corpus = common::shared().join("corpus");
    for folder in common::PAGE_FOLDERS {
        let dir = corpus.join(folder);
        let api = roundtrip(&dir);
        assert_eq!(api.operations().count(), count_pages(&dir), "{folder}: one operation per page");
    }
}

#[test]
fn the_reference_specifications_assemble_and_read_back() {
    let idn = common::shared().join("reference/sailpoint-api-specs/idn");
    for (root, at_least) in [("sailpoint-api.beta.yaml", 500), ("sailpoint-api.v3.yaml", 300)] {
        let api = roundtrip(&idn.join(root));
        let operations = api.operations().count();
        assert!(operations >= at_least, "{root}: only {operations} operations");
        let schemas = api.components.as_ref().map_or(0, |c| c.schemas.len());
        assert!(schemas > 100, "{root}: schema files become named components, got {schemas}");
    }
    // Files read through `$ref`s are reported, for build scripts' rerun-if-changed.
    let docs = pagegen::sources::read_inputs(&[idn.join("sailpoint-api.beta.yaml")], &mut Vec::new()).unwrap();
    let [pagegen::sources::Document::OpenApi(doc)] = docs.as_slice() else { panic!("one OpenAPI document") };
    assert!(doc.referenced.iter().any(|f| f.to_string_lossy().contains("/idn/v3/")), "beta refers into v3");
    assert!(doc.referenced.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
}

#[test]
fn every_corpus_input_generates_code_that_parses() {
    let shared = common::shared();
    let mut inputs: Vec<_> = common::PAGE_FOLDERS.iter().map(|f| shared.join("corpus").join(f)).collect();
    inputs.push(shared.join("reference/sailpoint-api-specs/idn/sailpoint-api.beta.yaml"));
    for input in inputs {
        let (api, mut warnings) = pagegen::load(&[&input]).unwrap();
        let files = pagegen::generate(&api, &pagegen::GenerateOptions::new("corpus-client"), &mut warnings)
            .unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        for (path, text) in &files {
            if path.extension().is_some_and(|e| e == "rs") {
                syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {}: {e}", input.display(), path.display()));
            }
        }
    }
}

#[test]
fn tag_and_info_pages_describe_the_api() {
    let corpus = common::shared().join("corpus");
    for folder in ["pages-2022-raw", "pages-2024-compressed"] {
        let pages = corpus.join(folder).join("v3");
        let tag_info = corpus.join(folder).join("tag-info/v3");
        let (api, _) = pagegen::load(&[&pages, &tag_info]).unwrap();
        let described = api.tags.iter().filter(|t| t.description.as_deref().is_some_and(|d| d.len() > 20)).count();
        assert!(described * 2 > api.tags.len(), "{folder}: {described} of {} tags described", api.tags.len());
        assert!(api.info.description.as_deref().is_some_and(|d| d.contains("APIs")), "{folder}: {:?}", api.info);
        assert!(!api.info.title.is_empty() && !api.info.version.is_empty());
    }
}

#[test]
fn loading_on_every_core_equals_reading_then_assembling_on_one_thread() {
    let corpus = common::shared().join("corpus");
    for folder in common::PAGE_FOLDERS {
        let dir = corpus.join(folder);
        let (api, warnings) = pagegen::load(&[&dir]).unwrap_or_else(|e| panic!("{e}"));
        let mut one_thread = Vec::new();
        let docs = pagegen::sources::read_inputs(&[&dir], &mut one_thread).unwrap();
        let expected = pagegen::assemble::assemble(docs, &mut one_thread).unwrap();
        assert!(api == expected, "{folder}: the models differ");
        assert!(warnings == one_thread, "{folder}: the warnings differ");
    }
}
