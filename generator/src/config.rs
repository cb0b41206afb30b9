//! `pagegen.toml`: the job `cargo run` performs, and the options every way of running shares.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Error;

/// Options of code generation, shared by the CLI, `pagegen.toml` and the build.rs API.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GenerateOptions {
    /// Package name of the generated crate (`sailpoint-client`).
    pub crate_name: String,
    #[serde(default = "default_version")]
    pub crate_version: String,
    /// Type renames: the name pagegen would choose -> the name to use instead.
    #[serde(default)]
    pub type_names: BTreeMap<String, String>,
    /// Finish with `rustfmt` (default settings), so the crate passes `cargo fmt --check`. Off by
    /// default: prettyplease output is already tidy, and rustfmt takes longer than the rest of
    /// generation. For committed crates reviewers read.
    #[serde(default)]
    pub rustfmt: bool,
    /// Write the types (and the webhook payloads) without the client: no HTTP client, no async
    /// runtime among the dependencies, for services that receive or store the API's payloads.
    #[serde(default)]
    pub types_only: bool,
    /// Derives added to every generated type that can take them: `Eq`, `Hash`, `PartialOrd`,
    /// `Ord`, `Default`, `Copy` where every member has them (a warning names the types left
    /// out), any other path (`schemars::JsonSchema`) everywhere.
    #[serde(default)]
    pub extra_derives: Vec<String>,
    /// Write the types with serde's derive and `#[serde(...)]` attributes instead of the
    /// runtime's macros, so derives that read serde's attributes (schemars, utoipa, ts-rs) see
    /// the wire names. The same wire form; the crate takes longer to compile.
    #[serde(default)]
    pub serde_derive: bool,
    /// More `[dependencies]` of the generated crate (the crates of `extra-derives`): name ->
    /// TOML value, `"0.8"` or `{ version = "0.8", features = ["chrono04"] }`.
    #[serde(default, deserialize_with = "toml_values")]
    pub dependencies: BTreeMap<String, String>,
    /// One cargo feature per tag (`default = ["full"]`, the client split into a file per tag),
    /// so users of a big API compile only the sections they call. On by default; off for
    /// `build.rs` (an `include!`d client would read the including crate's features).
    #[serde(default = "yes")]
    pub tag_features: bool,
}

fn yes() -> bool {
    true
}

/// Dependencies as the TOML text of their values, to be written into `Cargo.toml` as given.
fn toml_values<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error> {
    let values = BTreeMap::<String, toml::Value>::deserialize(deserializer)?;
    Ok(values.into_iter().map(|(name, value)| (name, value.to_string())).collect())
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

impl GenerateOptions {
    /// Checks what ends up in file names, `Cargo.toml` and identifiers: a crate name is 1 to 64
    /// ASCII letters, digits, `-` or `_`, starting with a letter (Cargo's rule), so it can never
    /// name a path outside the output folder or break out of a TOML string; and not a keyword.
    pub fn validate(&self) -> Result<(), Error> {
        let name = &self.crate_name;
        let valid = (1..=64).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(Error::new(format!(
                "invalid crate name {name:?}: use 1 to 64 ASCII letters, digits, `-` or `_`, starting with a letter"
            )));
        }
        // Cargo takes capitals, but the library then fails `non_snake_case` in its own tests.
        if name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(Error::new(format!(
                "invalid crate name {name:?}: crate names are lower case; use {:?}",
                Self::crate_name_from(name)
            )));
        }
        // The library's name is an identifier in the generated tests and in users' code.
        let lib = name.replace('-', "_");
        if crate::ir::names::is_keyword(&lib) {
            return Err(Error::new(format!(
                "invalid crate name {name:?}: `{lib}` is a Rust keyword (the CLI takes the name from the output \
                 folder unless --crate-name is given)"
            )));
        }
        let version_ok = !self.crate_version.is_empty()
            && self.crate_version.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
        if !version_ok {
            return Err(Error::new(format!("invalid crate version {:?}", self.crate_version)));
        }
        crate::emit::types::derives::validate(&self.extra_derives)?;
        for (name, value) in &self.dependencies {
            let name_ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
            if !name_ok || value.contains('\n') || toml::from_str::<toml::Table>(&format!("x = {value}")).is_err() {
                return Err(Error::new(format!("invalid dependency {name} = {value}")));
            }
            if crate::emit::runtime::is_dependency(name) {
                return Err(Error::new(format!(
                    "dependency `{name}` is one the generated crate has already; it cannot be replaced"
                )));
            }
        }
        Ok(())
    }

    /// A crate name made from any text (an output folder's name): lower-case words joined by
    /// `-` (`my_allOf` -> `my-all-of`), `client-` before one that does not start with a letter
    /// (`2024-v3` -> `client-2024-v3`). What cannot be made valid stays so, for `validate`.
    pub fn crate_name_from(text: &str) -> String {
        use heck::ToKebabCase;
        let name = text.to_kebab_case();
        match name.chars().next() {
            Some(c) if c.is_ascii_alphabetic() => name,
            _ => format!("client-{name}"),
        }
    }

    /// For a client `include!`d by another crate: no tag features, which would read the
    /// including crate's.
    pub(crate) fn included(self) -> Self {
        GenerateOptions { tag_features: false, ..self }
    }

    pub fn new(crate_name: impl Into<String>) -> Self {
        GenerateOptions {
            crate_name: crate_name.into(),
            crate_version: default_version(),
            type_names: BTreeMap::new(),
            rustfmt: false,
            types_only: false,
            extra_derives: Vec::new(),
            serde_derive: false,
            dependencies: BTreeMap::new(),
            tag_features: true,
        }
    }
}

/// The whole of `pagegen.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct JobConfig {
    /// Input files and folders, relative to the folder of `pagegen.toml`.
    pub inputs: Vec<PathBuf>,
    /// The generated crate's folder, relative to the folder of `pagegen.toml`.
    pub output: PathBuf,
    /// A folder of hand-written files copied into the crate as they are (examples, README).
    #[serde(default)]
    pub extra: Option<PathBuf>,
    #[serde(rename = "crate")]
    pub options: GenerateOptions,
}

impl JobConfig {
    pub const FILE_NAME: &'static str = "pagegen.toml";

    /// Reads `pagegen.toml` and makes its paths absolute against the file's folder.
    pub fn load(file: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, &e))?;
        let mut config: JobConfig = toml::from_str(&text).map_err(|e| {
            let place = e
                .span()
                .map(|span| {
                    let (line, col) = line_col(&text, span.start);
                    format!("line {line}, column {col}")
                })
                .unwrap_or_default();
            Error::in_file(file, e.message().to_owned()).at(place)
        })?;
        let root = file.parent().unwrap_or(Path::new("."));
        for input in &mut config.inputs {
            *input = root.join(&*input);
        }
        config.output = root.join(&config.output);
        config.extra = config.extra.map(|extra| root.join(extra));
        Ok(config)
    }

    /// Finds `pagegen.toml` in `start` or the nearest folder above it.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start.ancestors().map(|dir| dir.join(Self::FILE_NAME)).find(|f| f.is_file())
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
