//! pagegen turns API documentation pages (docusaurus-plugin-openapi-docs `*.api.mdx`) and plain
//! OpenAPI 3.0 documents into a typed async Rust client crate.
//!
//! The pipeline, one module per stage:
//! [`sources`] reads files -> [`assemble`] merges them into one [`openapiv3::OpenAPI`] ->
//! [`ir`] builds plain data (types, operations) -> [`emit`] turns it into tokens ->
//! [`format`] pretty-prints -> [`write`] replaces the output folder atomically.
//! [`load`] runs the first two stages, each file read and prepared on any core.

pub mod assemble;
pub mod build_script;
pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod import_text;
pub mod ir;
mod json_walk;
pub mod lint;
mod load;
mod memo;
pub mod sources;
pub mod write;

pub use build_script::Config;
pub use config::{GenerateOptions, JobConfig};
pub use diagnostics::{Error, Warning};
pub use load::load;

use std::path::PathBuf;

use ir::types::check::{check, documented_examples, Decoder};

/// The output of a run: relative path -> file contents, ordered by path.
pub type FileSet = std::collections::BTreeMap<PathBuf, String>;

/// Builds the files of a complete client crate from an assembled document.
pub fn generate(
    api: &openapiv3::OpenAPI,
    options: &GenerateOptions,
    warnings: &mut Vec<Warning>,
) -> Result<FileSet, Error> {
    options.validate()?;
    let ir = ir::build(api, options, warnings)?;
    let decoder = if options.serde_derive { Decoder::SerdeDerive } else { Decoder::FromJson };
    // What `pagegen lint` lists: the generated tests assert these failures.
    for (id, label, value) in documented_examples(&ir.types) {
        if let Err(contradiction) = check(&ir.types, id, &value, decoder) {
            let message = format!("contradicts its schema {contradiction}");
            warnings.push(Warning::new(None, format!("example `{label}`"), message));
        }
    }
    // A value the schema accepts that the type does not give back is pagegen's to fix.
    for (id, label, value) in ir.types.synthesised() {
        if let Err(contradiction) = check(&ir.types, *id, value, decoder) {
            let message = format!("the type loses part of a value its schema accepts: {contradiction}");
            warnings.push(Warning::new(None, format!("`{label}`"), message));
        }
    }
    let mut files = emit::crate_files(&ir, options, warnings)?;
    if options.rustfmt {
        format::rustfmt(&mut files)?;
        // Keep `cargo fmt` in an enclosing workspace from applying its own settings.
        files.insert(PathBuf::from("rustfmt.toml"), "# pagegen formats this crate with rustfmt's defaults.\n".into());
    }
    Ok(files)
}
