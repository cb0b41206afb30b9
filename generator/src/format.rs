//! Formatting: tokens to rustfmt-style source with prettyplease, and rustdoc-safe doc text.

use proc_macro2::TokenStream;

use crate::emit::HEADER;
use crate::Error;

/// Parses the tokens as a file and pretty-prints them, header first. A parse failure is a
/// pagegen bug; it is reported as an error instead of writing code that does not compile.
pub fn rust_file(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| Error::new(format!("internal error: generated code does not parse: {e}")))?;
    Ok(format!("{HEADER}{}", prettyplease::unparse(&file)))
}

/// Splits a description into doc lines (each gets a leading space after `///`).
pub fn doc_lines(text: &str) -> Vec<String> {
    text.trim_end().lines().map(|l| format!(" {}", l.trim_end())).collect()
}
