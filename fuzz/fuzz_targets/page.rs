//! Any bytes as a page: reading it as an operation, tag or info page never panics, and the
//! cheap `api:` detection used for folder scans agrees with the full reader.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pagegen::sources::page;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = Path::new("fuzz.api.mdx");
    let mut warnings = Vec::new();
    let operation = page::read_operation_page(file, &text, &mut warnings);
    if operation.is_ok() {
        assert!(page::has_api_key(&text), "read an operation page that has_api_key() rejects");
    }
    let _ = page::read_tag_page(Path::new("fuzz.tag.mdx"), &text);
    let _ = page::read_info_page(Path::new("fuzz.info.mdx"), &text);
});
