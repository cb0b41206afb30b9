//! The whole pipeline on one page whose `api:` JSON is the input: `load` + `generate` give an
//! error, or a crate whose every `.rs` file parses. JSON-aware mutations as in `api_json`.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use pagegen_fuzz::{check_generate, page_with_api, write_files};

fuzz_target!(|data: &[u8]| {
    let paths = write_files(&[("fuzz.api.mdx".to_owned(), page_with_api(data))]);
    check_generate(&paths);
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    pagegen_fuzz::mutator(data, size, max_size, seed)
});
