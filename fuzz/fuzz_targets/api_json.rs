//! Any bytes as the `api:` JSON of an operation page, read through `pagegen::load` (page reader,
//! tolerance pass, interning, strict model): never panics. JSON-aware mutations (see
//! `pagegen_fuzz::mutate_json`) keep most inputs valid JSON so the later stages are reached.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use pagegen_fuzz::{page_with_api, write_files};

fuzz_target!(|data: &[u8]| {
    let paths = write_files(&[("fuzz.api.mdx".to_owned(), page_with_api(data))]);
    let _ = pagegen::load(&paths);
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    pagegen_fuzz::mutator(data, size, max_size, seed)
});
