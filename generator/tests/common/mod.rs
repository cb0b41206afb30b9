//! Where the shared test data lives: `$PAGEGEN_SHARED`, else `../shared` beside the checkout.
//! A missing folder fails the test loudly; it never passes silently.

use std::path::PathBuf;

pub fn shared() -> PathBuf {
    let dir = std::env::var_os("PAGEGEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    assert!(
        dir.join("corpus").is_dir(),
        "shared test data not found at {} (set PAGEGEN_SHARED to the folder holding corpus/ and reference/)",
        dir.display()
    );
    dir
}

/// The four page folders of the corpus.
// Every test binary includes `common`; not every one reads the corpus folders.
#[allow(dead_code)]
pub const PAGE_FOLDERS: [&str; 4] =
    ["pages-2022-raw/beta", "pages-2022-raw/v3", "pages-2024-compressed/beta", "pages-2024-compressed/v3"];
