//! Nesting limits: deeply nested input gives a clear error or is read, never a stack overflow.
//!
//! pagegen walks JSON recursively in the `$ref` resolver (sources/openapi_doc.rs, bounded by
//! `MAX_DEPTH`), the tolerance pass (assemble/tolerate.rs) and the schema interner
//! (assemble/intern.rs); the strict model's deserialisation recurses too. A page's JSON is
//! bounded by serde_json's limit of 128 levels and a YAML file by serde_yaml's 128, but `$ref`s
//! into other files stack documents: `MAX_DEPTH` bounds the resolver's recursion and
//! `MAX_NESTING` the depth of the document it builds. Every test runs on a thread
//! with a small stack ([`STACK`]) so that it proves the bound, not the size of the default stack.

use std::path::{Path, PathBuf};

use pagegen::assemble::tolerate::MAX_SCHEMA_DEPTH;
use pagegen::sources::openapi_doc::{MAX_DEPTH, MAX_NESTING};

/// Stack of the threads the tests run on: the size of a test thread's default stack, a quarter
/// of a main thread's.
const STACK: usize = 2 << 20;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(STACK).spawn(f).expect("spawn").join().expect("no panic")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A page whose 200 response has `schema` as its schema (the schema sits 6 levels deep).
fn page_with_schema(schema: &str) -> String {
    let api = format!(
        r#"{{"method":"get","path":"/x","operationId":"getX","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{schema}}}}}}}}}}}"#
    );
    format!("---\nid: x\ntitle: X\napi: {api}\n---\n")
}

/// `levels` schemas nested through `items` (one JSON level each).
fn nested_items(levels: usize) -> String {
    let mut schema = r#"{"type":"string"}"#.to_owned();
    for _ in 0..levels {
        schema = format!(r#"{{"type":"array","items":{schema}}}"#);
    }
    schema
}

/// `levels` schemas nested through `properties` (two JSON levels each).
fn nested_properties(levels: usize) -> String {
    let mut schema = r#"{"type":"string"}"#.to_owned();
    for i in 0..levels {
        schema = format!(r#"{{"type":"object","title":"Level{i}","properties":{{"inner":{schema}}}}}"#);
    }
    schema
}

fn depth(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        serde_json::Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 1,
    }
}

fn load(files: Vec<PathBuf>) -> Result<openapiv3::OpenAPI, pagegen::Error> {
    on_small_stack(move || pagegen::load(&files).map(|(api, _)| api))
}

#[test]
fn page_json_nested_up_to_serde_jsons_limit_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // 6 levels of operation around the schema, 121 of schema: 127 in all, under 128.
    let items = write(dir.path(), "items.api.mdx", &page_with_schema(&nested_items(120)));
    load(vec![items]).expect("120 nested `items` schemas are read");
    let properties = write(dir.path(), "properties.api.mdx", &page_with_schema(&nested_properties(60)));
    load(vec![properties]).expect("60 nested `properties` schemas are read");
    // Example data nests without being walked as schemas.
    let mut example = "1".to_owned();
    for _ in 0..118 {
        example = format!("[{example}]");
    }
    let data = write(dir.path(), "data.api.mdx", &page_with_schema(&format!(r#"{{"example":{example}}}"#)));
    load(vec![data]).expect("nested example data is read");
}

#[test]
fn page_json_deeper_than_serde_jsons_limit_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "deep.api.mdx", &page_with_schema(&nested_items(200)));
    let err = load(vec![file.clone()]).expect_err("too deep");
    assert_eq!(err.file.as_deref(), Some(file.as_path()));
    assert!(err.message.contains("not valid JSON") && err.message.contains("recursion limit"), "{err}");
    assert!(err.place.as_deref().is_some_and(|p| p.starts_with("line 4 (api:)")), "{err}");
}

/// A root document whose schema `S` is `levels` nested `items` schemas, as block YAML.
fn yaml_root_with_nested_schema(levels: usize, leaf: &str) -> String {
    let mut text =
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    S:\n".to_owned();
    text.push_str(&yaml_nested_items(levels, leaf, 6));
    text
}

/// `levels` nested `items` schemas as block YAML indented by `indent`, the innermost `leaf`.
fn yaml_nested_items(levels: usize, leaf: &str, indent: usize) -> String {
    let mut text = String::new();
    for level in 0..levels {
        let pad = " ".repeat(indent + 2 * level);
        text.push_str(&format!("{pad}type: array\n{pad}items:\n"));
    }
    text.push_str(&format!("{}{leaf}\n", " ".repeat(indent + 2 * levels)));
    text
}

#[test]
fn yaml_nested_up_to_serde_yamls_limit_is_read_and_deeper_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "ok.yaml", &yaml_root_with_nested_schema(120, "type: string"));
    let api = load(vec![ok]).expect("120 nested schemas in YAML are read");
    assert!(api.components.unwrap().schemas.contains_key("S"));

    let deep = write(dir.path(), "deep.yaml", &yaml_root_with_nested_schema(200, "type: string"));
    let err = load(vec![deep.clone()]).expect_err("too deep");
    assert_eq!(err.file.as_deref(), Some(deep.as_path()));
    assert!(err.message.contains("invalid YAML") && err.message.contains("recursion limit"), "{err}");
    assert!(err.place.as_deref().is_some_and(|p| p.starts_with("line ")), "{err}");
}

/// Files `f0.yaml`..: each nests `levels` schemas and ends in a fragment `$ref` into the next
/// (fragments are inlined, so the depths add up); the last ends in a string schema.
fn fragment_chain(dir: &Path, files: usize, levels: usize) -> PathBuf {
    for i in 0..files {
        let leaf = if i + 1 == files { "type: string".to_owned() } else { format!("$ref: 'f{}.yaml#/s'", i + 1) };
        write(dir, &format!("f{i}.yaml"), &format!("s:\n{}", yaml_nested_items(levels, &leaf, 2)));
    }
    let root = yaml_root_with_nested_schema(1, "$ref: 'f0.yaml#/s'");
    write(dir, "root.yaml", &root)
}

#[test]
fn fragment_refs_stacking_past_max_depth_are_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // 8 files of 100 levels each: 800 levels, far past MAX_DEPTH.
    let root = fragment_chain(dir.path(), 8, 100);
    let err = load(vec![root]).expect_err("too deep");
    assert!(err.message.contains(&format!("nesting deeper than {MAX_DEPTH} levels")), "{err}");
    assert!(err.file.as_ref().is_some_and(|f| f.file_name().unwrap().to_string_lossy().starts_with('f')), "{err}");
    assert!(err.place.as_deref().is_some_and(|p| p.starts_with("/components/schemas/S")), "{err}");
}

#[test]
fn fragment_refs_stacking_up_to_max_nesting_are_read_and_past_it_are_a_clear_error() {
    // 3 files of 40 levels: 120 levels of schema, 127 with the root's own: one file's worth.
    let dir = tempfile::tempdir().unwrap();
    let api = load(vec![fragment_chain(dir.path(), 3, 40)]).expect("read");
    let schemas = serde_json::to_value(api.components.unwrap().schemas).unwrap();
    // Read, with schemas past MAX_SCHEMA_DEPTH cut to "any value" by the tolerance pass.
    let kept = depth(&schemas);
    assert!((MAX_SCHEMA_DEPTH..MAX_SCHEMA_DEPTH + 4).contains(&kept), "depth {kept}");

    // 5 files of 40 levels: each file is shallow, the document they build is not.
    let dir = tempfile::tempdir().unwrap();
    let root = fragment_chain(dir.path(), 5, 40);
    let err = load(vec![root.clone()]).expect_err("too deep");
    assert!(err.message.contains(&format!("nesting deeper than {MAX_NESTING} levels")), "{err}");
    assert_eq!(err.file.as_deref(), Some(root.as_path()));
    assert!(err.place.as_deref().is_some_and(|p| p.starts_with("/components/schemas/S/items/items")), "{err}");
}

#[test]
fn whole_file_schema_chains_are_components_and_a_very_long_chain_is_a_clear_error() {
    // a0.yaml -> a1.yaml -> ...: every file is a named component, so depth does not add up in
    // the document, but the resolver still follows the chain recursively.
    fn chain(dir: &Path, files: usize) -> PathBuf {
        for i in 0..files {
            let next = if i + 1 == files { "type: string".to_owned() } else { format!("$ref: 'a{}.yaml'", i + 1) };
            write(dir, &format!("a{i}.yaml"), &format!("type: object\nproperties:\n  next:\n    {next}\n"));
        }
        let root = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'a0.yaml'\n";
        write(dir, "root.yaml", root)
    }
    let dir = tempfile::tempdir().unwrap();
    let api = load(vec![chain(dir.path(), 100)]).expect("100 chained schema files are read");
    assert_eq!(api.components.unwrap().schemas.len(), 100);

    let dir = tempfile::tempdir().unwrap();
    let err = load(vec![chain(dir.path(), 1000)]).expect_err("too long");
    assert!(err.message.contains(&format!("nesting deeper than {MAX_DEPTH} levels")), "{err}");
}

/// Runs `f` in a child process (this test binary, re-run on this one test), so that a stack
/// overflow, which aborts the whole process, fails this test alone instead of the binary.
fn in_child_process(test: &str, f: impl FnOnce()) {
    if std::env::var_os("PAGEGEN_LIMITS_CHILD").is_some() {
        f();
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env("PAGEGEN_LIMITS_CHILD", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{test} failed in its child process ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// crash_2 (emit/format, owned by the emit work; fails until fixed there): the deepest schemas
/// the readers let through must generate, or fail with a clear error, on a small stack. With
/// 120 nested arrays the generated `Vec<Vec<...>>` overflows the stack in `syn::parse2`
/// (format::rust_file), called from emit::crate_files.
#[test]
fn crash_2_nested_schemas_at_the_limits_generate_or_fail_cleanly() {
    in_child_process("crash_2_nested_schemas_at_the_limits_generate_or_fail_cleanly", || {
        let dir = tempfile::tempdir().unwrap();
        let items = write(dir.path(), "items.api.mdx", &page_with_schema(&nested_items(120)));
        let properties = write(dir.path(), "properties.api.mdx", &page_with_schema(&nested_properties(60)));
        let fragments = tempfile::tempdir().unwrap();
        let stacked = fragment_chain(fragments.path(), 3, 40);
        for file in [items, properties, stacked] {
            on_small_stack(move || {
                let (api, mut warnings) = pagegen::load(&[&file]).expect("read");
                let options = pagegen::GenerateOptions::new("limits");
                if let Ok(files) = pagegen::generate(&api, &options, &mut warnings) {
                    for (path, text) in files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "rs")) {
                        syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    }
                }
            });
        }
    });
}
