//! Schema pages (`*.schema.mdx`): a named schema each, read from the `<Schema>` component of the
//! page body (inline props or a JSON file beside the page); a type even when no operation uses it.

use std::path::{Path, PathBuf};

fn specimen(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/specimens").join(name).join("pages")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    file
}

fn types_rs(inputs: &[PathBuf]) -> (String, Vec<pagegen::Warning>) {
    let (api, mut warnings) = pagegen::load(inputs).unwrap_or_else(|e| panic!("{e}"));
    let files = pagegen::generate(&api, &pagegen::GenerateOptions::new("client"), &mut warnings).unwrap();
    (files[Path::new("src/types.rs")].clone(), warnings)
}

const OPERATION: &str = "---\ntitle: Get\napi: {\"method\":\"get\",\"path\":\"/x\",\"responses\":{}}\n---\n";

fn schema_page(title: &str, body: &str) -> String {
    format!("---\nid: {0}\ntitle: \"{title}\"\nhide_title: true\nschema: true\nsample: {{\"a\":1}}\ncustom_edit_url: null\n---\n\nimport Schema from \"@theme/Schema\";\n\n{body}\n", title.to_lowercase())
}

#[test]
fn schemas_no_operation_uses_become_types_from_props_files_and_inline_props() {
    let (external, warnings) = types_rs(&[specimen("schema-pages")]);
    assert!(warnings.is_empty(), "{warnings:?}");
    // AuditEvent and the recursive AccountNode are on schema pages only.
    for ty in ["pub struct AuditEvent", "pub struct AccountNode", "pub struct Invoice", "pub struct Money"] {
        assert!(external.contains(ty), "{ty} missing:\n{external}");
    }
    assert!(external.contains("pub children: Option<Vec<AccountNode>>"), "{external}");
    // No schema page and no use: the plugin published nothing of it.
    assert!(!external.contains("Untagged"));
    let (inline, _) = types_rs(&[specimen("schema-pages-31")]);
    assert!(inline.contains("pub struct PriceChanged"), "{inline}");
    assert!(inline.contains("pub struct Product"), "{inline}");
}

#[test]
fn a_schema_an_operation_uses_is_one_type_with_its_schema_page() {
    let (types, _) = types_rs(&[specimen("schema-pages")]);
    assert_eq!(types.matches("pub struct Money").count(), 1);
    assert!(!types.contains("Money2") && !types.contains("InvoiceTotal"), "{types}");
}

#[test]
fn pages_without_a_readable_schema_cost_a_warning_not_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "get.api.mdx", OPERATION);
    // Plugin 2.x/3.x: the schema is rendered as text only.
    write(dir.path(), "old.schema.mdx", &schema_page("Old", "<SchemaItem name={\"a\"}></SchemaItem>"));
    write(
        dir.path(),
        "gone.schema.mdx",
        &schema_page("Gone", "<Schema\n  {...require(\"./gone.Schema.json\")}\n>\n</Schema>"),
    );
    write(dir.path(), "away.schema.mdx", &schema_page("Away", "<Schema\n  {...require(\"../x.json\")}\n>\n</Schema>"));
    write(dir.path(), "bad.schema.mdx", &schema_page("Bad", "<Schema\n  schema={{\"type\": }}\n>\n</Schema>"));
    write(dir.path(), "broken.schema.mdx", "---\ntitle: [unclosed\n---\n");
    let (api, warnings) = pagegen::load(&[dir.path()]).unwrap();
    let schemas = api.components.map(|c| c.schemas).unwrap_or_default();
    assert!(schemas.is_empty(), "{schemas:?}");
    let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    for expected in [
        "old.schema.mdx: schema page `Old`: no `<Schema>` component carries the schema",
        "gone.schema.mdx: schema page `Gone`: cannot read",
        "away.schema.mdx: schema page `Away`: `require(\"../x.json\")` does not name a file beside the page",
        "bad.schema.mdx: schema page `Bad`: its `schema` prop is not valid JSON",
        "broken.schema.mdx",
    ] {
        assert!(text.iter().any(|w| w.contains(expected)), "no warning like {expected:?} in {text:#?}");
    }
}

#[test]
fn a_circular_marker_resolves_to_a_schema_any_input_defines() {
    let dir = tempfile::tempdir().unwrap();
    // The operation names `circular(Node)` but does not define Node; the schema page does.
    let op = r#"{"method":"get","path":"/x","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"root":"circular(Node)"}}}}}}}"#;
    write(dir.path(), "get.api.mdx", &format!("---\ntitle: Get\napi: {op}\n---\n"));
    let node = r#"{"type":"object","title":"Node","properties":{"next":"circular(Node)","label":{"type":"string"}}}"#;
    write(dir.path(), "node.schema.mdx", &schema_page("Node", &format!("<Schema\n  schema={{{node}}}\n>\n</Schema>")));
    let (types, warnings) = types_rs(&[dir.path().to_path_buf()]);
    assert!(warnings.iter().all(|w| !w.to_string().contains("circular")), "{warnings:?}");
    assert!(types.contains("pub label: Option<String>"), "{types}");
    assert!(types.contains("pub next: Option<Box<Node>>"), "{types}");
    // Without the schema page nothing defines it: any value, with a warning naming the page.
    std::fs::remove_file(dir.path().join("node.schema.mdx")).unwrap();
    let (_, warnings) = types_rs(&[dir.path().to_path_buf()]);
    let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|w| w.contains("get.api.mdx") && w.contains("`circular(Node)` names no schema in any input")),
        "{text:#?}"
    );
}

#[test]
fn unused_components_of_a_document_become_types() {
    let dir = tempfile::tempdir().unwrap();
    let doc = "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Stored:\n      type: object\n      properties:\n        id: { type: string }\n";
    let (types, _) = types_rs(&[write(dir.path(), "api.yaml", doc)]);
    assert!(types.contains("pub struct Stored"), "{types}");
}
