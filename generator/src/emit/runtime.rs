//! The hand-written runtime every generated crate carries (auth, retries, errors, pagination).
//! Its sources live in `generator/runtime/` as real Rust files, so they are read, linted and
//! reviewed like the rest of the code; they are copied into the crate verbatim.

macro_rules! runtime_files {
    ($($name:literal),* $(,)?) => {
        &[$((
            concat!("src/runtime/", $name),
            include_str!(concat!("../../runtime/", $name)),
        )),*]
    };
}

/// `(path inside the generated crate, contents)`.
pub const FILES: &[(&str, &str)] = runtime_files![
    "mod.rs",
    "api_client.rs",
    "auth.rs",
    "encode.rs",
    "object.rs",
    "error.rs",
    "operation.rs",
    "paginate.rs",
    "request.rs",
    "response.rs",
    "retry.rs",
    "string_enum.rs",
    "trace.rs",
    "webhook.rs",
];

/// The runtime of a types-only crate (`types-only`): its own `mod.rs` and the modules the types
/// and webhooks use.
pub const TYPES_ONLY_FILES: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../../runtime/types_only_mod.rs")),
    ("src/runtime/object.rs", include_str!("../../runtime/object.rs")),
    ("src/runtime/string_enum.rs", include_str!("../../runtime/string_enum.rs")),
    ("src/runtime/webhook.rs", include_str!("../../runtime/webhook.rs")),
];

/// The crates of [`DEPENDENCIES`] the types use; a types-only crate depends on these alone.
const TYPES_ONLY_CRATES: &[&str] = &["serde", "serde_json", "chrono", "uuid"];

/// The `[dependencies]` lines of a types-only crate: those of [`DEPENDENCIES`] that name a crate
/// the types use (no HTTP client, no async runtime).
pub fn types_only_dependencies() -> String {
    let used = |line: &&str| TYPES_ONLY_CRATES.iter().any(|name| line.split(' ').next() == Some(*name));
    DEPENDENCIES.lines().filter(used).map(|line| format!("{line}\n")).collect()
}

/// Whether the generated crate depends on `name` already (a dependency or dev-dependency).
pub fn is_dependency(name: &str) -> bool {
    let lines = DEPENDENCIES.lines().chain(OPTIONAL_DEPENDENCIES.lines()).chain(DEV_DEPENDENCIES.lines());
    lines.filter_map(|line| line.split(' ').next()).any(|crate_name| crate_name == name)
}

/// Extra `[dependencies]` lines the runtime needs in the generated crate's Cargo.toml.
pub const DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
bytes = "1"
futures = { version = "0.3", default-features = false, features = ["std"] }
httpdate = "1"
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "multipart", "stream"] }
tokio = { version = "1", features = ["sync", "time"] }
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde"] }
"#;

/// The `[dev-dependencies]` of the example tests and the client's own tests.
pub const DEV_DEPENDENCIES: &str = r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
"#;

/// The optional `[dependencies]` lines of the generated crate's `[features]` (not in
/// [`DEPENDENCIES`]: a crate that `include!`s the code adds them only with the features).
pub const OPTIONAL_DEPENDENCIES: &str = r#"tracing = { version = "0.1", optional = true, default-features = false, features = ["std"] }
"#;

/// The generated crate's `[features]` lines: all off by default.
pub const FEATURES: &str = r#"# A span per API call, events for retries and access token fetches (see `Client`); no tracing
# code is compiled without it.
tracing = ["dep:tracing"]
"#;
