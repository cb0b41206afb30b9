//! The library API for build scripts, in the style of prost-build's `Config`:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), pagegen::Error> {
//!     pagegen::Config::new("sailpoint").input("specs").compile()?;
//!     Ok(())
//! }
//! // src/lib.rs
//! // pub mod sailpoint { include!(concat!(env!("OUT_DIR"), "/sailpoint.rs")); }
//! ```
//!
//! The including crate needs the generated code's dependencies: [`Config::dependencies`]
//! lists them (the same lines a generated crate's `Cargo.toml` has).

use std::path::{Path, PathBuf};

use crate::{emit, write, Error, GenerateOptions, JobConfig, Warning};

/// What to generate and where, for `build.rs`.
#[derive(Debug, Clone)]
pub struct Config {
    inputs: Vec<PathBuf>,
    options: GenerateOptions,
    out_dir: Option<PathBuf>,
}

impl Config {
    /// Generates module `name` into `$OUT_DIR/{name}.rs`.
    pub fn new(name: impl Into<String>) -> Self {
        Config { inputs: Vec::new(), options: GenerateOptions::new(name).included(), out_dir: None }
    }

    /// The inputs and options of a `pagegen.toml` (its `output` is not used: see [`Config::out_dir`]).
    pub fn from_toml(file: impl AsRef<Path>) -> Result<Self, Error> {
        let job = JobConfig::load(file.as_ref())?;
        Ok(Config { inputs: job.inputs, options: job.options.included(), out_dir: None })
    }

    /// Adds a page, an OpenAPI document, or a folder of them.
    pub fn input(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.inputs.push(path.into());
        self
    }

    /// Uses `chosen` wherever pagegen would name a type `generated`.
    pub fn type_name(&mut self, generated: impl Into<String>, chosen: impl Into<String>) -> &mut Self {
        self.options.type_names.insert(generated.into(), chosen.into());
        self
    }

    /// Writes into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates the types (and webhook payloads) without the client ([`GenerateOptions::types_only`]).
    pub fn types_only(&mut self) -> &mut Self {
        self.options.types_only = true;
        self
    }

    /// Adds a derive to every generated type that can take it ([`GenerateOptions::extra_derives`]).
    pub fn extra_derive(&mut self, path: impl Into<String>) -> &mut Self {
        self.options.extra_derives.push(path.into());
        self
    }

    /// Writes the types with serde's derive and attributes ([`GenerateOptions::serde_derive`]).
    pub fn serde_derive(&mut self) -> &mut Self {
        self.options.serde_derive = true;
        self
    }

    /// The `[dependencies]` lines the including crate needs.
    pub fn dependencies() -> &'static str {
        emit::runtime::DEPENDENCIES
    }

    /// The `[dependencies]` lines a crate including types-only code needs.
    pub fn types_only_dependencies() -> String {
        emit::runtime::types_only_dependencies()
    }

    /// Generates the single file, without writing it; warnings are returned beside it.
    pub fn generate(&self) -> Result<(String, Vec<Warning>), Error> {
        self.generate_tracked().map(|(text, warnings, _)| (text, warnings))
    }

    /// Also returns the files outside the inputs that `$ref`s read.
    fn generate_tracked(&self) -> Result<(String, Vec<Warning>, Vec<PathBuf>), Error> {
        let (api, mut warnings, referenced) = crate::load::load_tracked(&self.inputs)?;
        let files = crate::generate(&api, &self.options, &mut warnings)?;
        Ok((emit::bundle::bundle(&files)?, warnings, referenced))
    }

    /// Generates `{name}.rs` into the output folder, tells Cargo to rerun when any input
    /// changes, and prints warnings as Cargo build warnings. Returns the written file.
    pub fn compile(&self) -> Result<PathBuf, Error> {
        self.options.validate()?;
        for input in &self.inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let (text, warnings, referenced) = self.generate_tracked()?;
        for file in referenced {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for warning in &warnings {
            println!("cargo:warning={warning}");
        }
        let dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::new("OUT_DIR is not set: call compile() from build.rs, or set out_dir()"))?,
        };
        let file = dir.join(format!("{}.rs", self.options.crate_name.replace('-', "_")));
        write::write_file(&file, &text)?;
        Ok(file)
    }
}
