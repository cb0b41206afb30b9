//! Any bytes as an OpenAPI document, read through `pagegen::load` (sources + assemble): never
//! panics. The input may name further files (`#@file NAME` lines) for `$ref`s to reach; a
//! single-file input is read both as `x.yaml` and as `x.json`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pagegen_fuzz::{split_files, write_files};

fuzz_target!(|data: &[u8]| {
    for root in ["x.yaml", "x.json"] {
        let files = split_files(data, root);
        let multi = files.len() > 1;
        let paths = write_files(&files);
        let _ = pagegen::load(&paths[..1]);
        if multi {
            // Several files: the root as YAML is enough (other files keep their own names).
            break;
        }
    }
});
