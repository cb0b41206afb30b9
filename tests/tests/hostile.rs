//! Hostile names and descriptions cannot inject code: a page full of them generates a crate that
//! compiles, passes clippy, has no item the input tried to smuggle in, and still round-trips data
//! under the original (hostile) wire names.

mod support;

use serde_json::json;

const EVIL: &str = "*/ \"# ]] fn injected() {} /* #![deny(warnings)] \u{202e}txt\u{202c} `unclosed <b> [link]";

fn hostile_page() -> String {
    let long = "x".repeat(300);
    let properties = json!({
        "$ref": {"type": "string", "description": EVIL},
        "@odata.type": {"type": "string"},
        "1st": {"type": "integer"},
        "type": {"type": "string", "enum": ["*/", "", "a\"b", "Active", "ACTIVE", "active", "\u{202e}x", "fn"]},
        "Type": {"type": "boolean"},
        // Nested types are named after the property: `…SelfType`, never `…Self_Type`.
        "self": {"type": "object", "properties": {"type": {"type": "string", "enum": ["A", "B"]}}},
        "crate": {"type": "string"},
        "a\nb": {"type": "string"},
        "\u{202e}rtl": {"type": "string"},
        long.clone(): {"type": "string"},
    });
    let api = json!({
        "operationId": "*/ fn evil() {} /*",
        "summary": EVIL,
        "description": format!("{EVIL}\n\n```\nfn doctest() {{ panic!() }}\n```\n    indented code\n"),
        "method": "post",
        "path": "/things/{id*/}",
        "tags": [EVIL],
        "parameters": [
            {"in": "path", "name": "id*/", "required": true, "schema": {"type": "string"}, "description": EVIL},
            {"in": "query", "name": "\"#", "schema": {"type": "string"}},
            {"in": "header", "name": "X-Evil\"", "schema": {"type": "string"}},
            // Parameters named like the builder's own methods and fields.
            {"in": "query", "name": "client", "required": true, "schema": {"type": "string"}},
            {"in": "query", "name": "new", "schema": {"type": "string"}},
            {"in": "query", "name": "fill", "schema": {"type": "string"}},
            {"in": "query", "name": "send", "schema": {"type": "string"}},
            // Blank docs: the setter is documented by its wire name.
            {"in": "query", "name": "blank", "description": " \n", "schema": {"type": "string"}},
            {"in": "query", "name": "", "description": "\u{202e}", "schema": {"type": "string"}},
        ],
        "requestBody": {"content": {"application/json": {"schema": {
            "title": "#![no_std] struct Owned",
            "type": "object",
            "properties": properties,
        }}}},
        "responses": {"200": {"description": EVIL, "content": {"application/json": {"schema": {"type": "object", "properties": properties}}}}},
    });
    format!("---\ntitle: Hostile\napi: {api}\n---\n")
}

/// Every function and method name defined in these items, however deeply nested.
fn function_names(items: &[syn::Item]) -> Vec<String> {
    let mut names = Vec::new();
    for item in items {
        match item {
            syn::Item::Fn(f) => names.push(f.sig.ident.to_string()),
            syn::Item::Impl(i) => names.extend(i.items.iter().filter_map(|i| match i {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })),
            syn::Item::Mod(m) => {
                names.extend(m.content.as_ref().map(|(_, items)| function_names(items)).unwrap_or_default())
            }
            _ => {}
        }
    }
    names
}

#[test]
fn hostile_input_cannot_inject_code() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("hostile.api.mdx");
    std::fs::write(&page, hostile_page()).unwrap();
    let (api, mut warnings) = pagegen::load(&[&page]).unwrap_or_else(|e| panic!("{e}"));
    let files = pagegen::generate(&api, &pagegen::GenerateOptions::new("hostile"), &mut warnings)
        .unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &files {
        if path.extension().is_some_and(|e| e == "rs") {
            let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // Only pagegen's own inner attributes; nothing named like what the input tried to add.
            // (Doc attributes may quote the input: a string literal cannot inject.)
            for attr in &file.attrs {
                let name = attr.path();
                assert!(
                    !name.is_ident("no_std") && !name.is_ident("deny"),
                    "{}: {}",
                    path.display(),
                    quote::quote!(#attr)
                );
            }
            let names = function_names(&file.items);
            assert!(!names.iter().any(|n| n == "injected" || n == "evil"), "{}: {names:?}", path.display());
            // Bidi overrides would make the code read differently from how it compiles.
            assert!(!text.contains('\u{202e}'), "{}: raw U+202E", path.display());
        }
    }
    let out = dir.path().join("hostile");
    pagegen::write::write_crate(&out, &files).unwrap();
    let (ok, output) = support::cargo(&out, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    assert!(ok, "the hostile crate does not pass clippy:\n{output}");
    let (ok, output) = support::cargo(&out, &["test", "--doc", "--quiet"]);
    assert!(ok, "doc tests ran or failed:\n{output}");
}
