//! Where pagegen predicts a contradicting example fails depends on how the generated types read
//! JSON: `runtime::FromJson` reads a struct's fields in declaration order, serde's derive reads
//! members as they come. The prediction follows each (the example tests assert it).

use pagegen::ir::types::check::{check, documented_examples, Contradiction, Decoder};
use pagegen::ir::types::{driver, TypeSpace};
use pagegen::GenerateOptions;
use serde_json::json;

/// One operation whose response has two declared fields, `id` (required) then `count`, and an
/// example that misses the first and gives the second the wrong kind, ahead of the rest.
fn space() -> TypeSpace {
    let api: openapiv3::OpenAPI = serde_json::from_value(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": {
            "operationId": "getThing",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}, "count": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}}
                },
                "example": {"tags": ["a", 1], "count": "many"}
            }}}}
        }}}
    }))
    .unwrap();
    let options = GenerateOptions::new("t");
    let (mut space, mut warnings) = (TypeSpace::new(&api, &options), Vec::new());
    for site in driver::sites(&api) {
        let id = space.add(site.schema, &site.hint, site.usage, &mut warnings);
        for (label, value) in site.examples {
            space.add_example(id, label, value);
        }
    }
    space.finish(&options, &mut warnings).unwrap();
    space
}

fn decode_pointer(space: &TypeSpace, decoder: Decoder) -> String {
    let [(id, _, value)] = documented_examples(space).try_into().unwrap();
    match check(space, id, &value, decoder) {
        Err(Contradiction::Decode { pointer, .. }) => pointer,
        other => panic!("expected a decode failure, got {other:?}"),
    }
}

#[test]
fn from_json_reports_the_first_declared_field_that_does_not_fit() {
    // `id` is declared first and missing: reported at the object.
    assert_eq!(decode_pointer(&space(), Decoder::FromJson), "");
}

#[test]
fn serde_derive_reports_the_first_member_in_the_document_that_does_not_fit() {
    // `tags` comes first; its second item is not a string. Missing `id` would come last.
    assert_eq!(decode_pointer(&space(), Decoder::SerdeDerive), "/tags/1");
}
