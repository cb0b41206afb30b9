//! The type space on the real corpus: every folder's `types` module parses, dedup is effective,
//! and generation stays fast. Needs the shared folder (see `common`); fails without it.

mod common;

use std::time::Instant;

use pagegen::ir::types::{driver, TypeSpace};
use pagegen::GenerateOptions;

#[test]
fn corpus_types_parse_and_dedup() {
    let corpus = common::shared().join("corpus");
    for folder in common::PAGE_FOLDERS {
        let (api, _) = pagegen::load(&[corpus.join(folder)]).unwrap_or_else(|e| panic!("{e}"));
        let options = GenerateOptions::new("corpus-client");
        let mut warnings = Vec::new();
        let started = Instant::now();
        let mut space = TypeSpace::new(&api, &options);
        driver::register_operations(&mut space, &api, &mut warnings);
        space.finish(&options, &mut warnings).unwrap();
        let built = started.elapsed();
        let text = pagegen::format::rust_file(|| pagegen::emit::types::module(&space))
            .unwrap_or_else(|e| panic!("{folder}: {e}"));
        syn::parse_file(&text).unwrap_or_else(|e| panic!("{folder}: {e}"));
        let tests =
            pagegen::emit::types::example_tests(&space, "corpus_client").unwrap_or_else(|e| panic!("{folder}: {e}"));
        let elapsed = started.elapsed();
        eprintln!(
            "{folder}: {} named types, {} lines of types.rs, {} example tests, type space {built:.2?}, with emit {elapsed:.2?}",
            space.named_count(),
            text.lines().count(),
            tests.map_or(0, |t| t.matches("#[test]").count()),
        );
        // The 2024 folders hold 362-571 distinct object structures; far fewer than occurrences.
        assert!(space.named_count() < 1500, "{folder}: dedup is not effective");
        if std::env::var_os("PAGEGEN_DUMP").is_some() {
            let out = std::env::temp_dir().join(format!("types-{}.rs", folder.replace('/', "-")));
            std::fs::write(&out, &text).unwrap();
            eprintln!("  written to {}", out.display());
        }
    }
}
