//! The hand-written runtime every generated crate carries (auth, retries, errors, pagination).
//! Its sources live in `generator/runtime/` as real Rust files, so they are read, linted and
//! reviewed like the rest of the code; they are copied into the crate verbatim.

/// `(path inside the generated crate, contents)`.
pub const FILES: &[(&str, &str)] = &[];

/// Extra `[dependencies]` lines the runtime needs in the generated crate's Cargo.toml.
pub const DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = "1"
"#;
