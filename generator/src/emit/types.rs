//! Tokens for the `types` module and the example round-trip tests.
//!
//! STUB until the real type space lands.

use proc_macro2::TokenStream;

use crate::ir::types::TypeSpace;

/// The `types` module: every named type with its serde attributes and docs.
pub fn module(_space: &TypeSpace) -> TokenStream {
    TokenStream::new()
}

/// The example round-trip tests (`tests/examples.rs`), if any example was recorded.
pub fn example_tests(_space: &TypeSpace, _crate_ident: &str) -> Option<TokenStream> {
    None
}
