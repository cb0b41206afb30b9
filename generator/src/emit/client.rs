//! Tokens for the `client` module: one async method per operation.
//!
//! STUB until the real client lands.

use proc_macro2::TokenStream;

use crate::ir::Ir;

pub fn module(_ir: &Ir) -> TokenStream {
    TokenStream::new()
}
