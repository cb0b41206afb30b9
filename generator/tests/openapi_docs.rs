//! OpenAPI documents: `$ref`s across files, named components, what is skipped and what fails.

use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let file = dir.join(name);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

const ROOT: &str = r#"openapi: 3.0.1
info: {title: Split, version: "1"}
paths:
  /pets:
    $ref: './paths/pets.yaml'
  /gone:
    $ref: './paths/missing.yaml'
components:
  schemas:
    Pet:
      $ref: './schemas/Pet.yaml'
  responses:
    NotFound:
      description: Not found
"#;

#[test]
fn split_documents_resolve_into_named_components() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "root.yaml", ROOT);
    write(
        dir.path(),
        "paths/pets.yaml",
        "get:\n  operationId: listPets\n  responses:\n    200:\n      description: ok\n      content:\n        application/json:\n          schema:\n            type: array\n            items:\n              $ref: '../schemas/Pet.yaml'\n    404:\n      $ref: '#/components/responses/NotFound'\n",
    );
    write(
        dir.path(),
        "schemas/Pet.yaml",
        "type: object\nproperties:\n  owner:\n    $ref: './Owner.yaml'\n  parent:\n    $ref: './Pet.yaml'\n",
    );
    write(dir.path(), "schemas/Owner.yaml", "type: object\nproperties:\n  name: {type: string}\n");

    let (api, warnings) = pagegen::load(&[dir.path().join("root.yaml")]).unwrap();
    let schemas = &api.components.as_ref().unwrap().schemas;
    // The root's name for Pet.yaml wins; Owner.yaml is named after its file; recursion stays a reference.
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Owner", "Pet"]);
    let pet = serde_json::to_value(&schemas["Pet"]).unwrap();
    assert_eq!(pet["properties"]["parent"]["$ref"], "#/components/schemas/Pet");
    assert_eq!(pet["properties"]["owner"]["$ref"], "#/components/schemas/Owner");
    // components.responses keeps its names; the operation's 404 still refers to it.
    let op = serde_json::to_value(&api.paths.paths["/pets"]).unwrap();
    assert_eq!(op["get"]["responses"]["404"]["$ref"], "#/components/responses/NotFound");
    assert!(api.components.as_ref().unwrap().responses.contains_key("NotFound"));
    // The path whose file is missing is skipped with a warning naming it; nothing else warns.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("path `/gone` skipped"), "{}", warnings[0]);
    assert!(!api.paths.paths.contains_key("/gone"));
}

#[test]
fn broken_references_name_the_referring_file_and_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "root.yaml",
        "openapi: 3.0.1\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: './nowhere.yaml'\n",
    );
    let err = pagegen::load(&[dir.path().join("root.yaml")]).unwrap_err();
    assert!(err.to_string().contains("cannot read `$ref` target"), "{err}");
    assert_eq!(err.place.as_deref(), Some("/components/schemas/A/properties/b"));

    write(dir.path(), "root.yaml", "openapi: 3.0.1\ninfo: {title: T, version: '1'}\npaths: {}\n  bad: [\n");
    let err = pagegen::load(&[dir.path().join("root.yaml")]).unwrap_err();
    assert!(err.to_string().contains("invalid YAML"), "{err}");
    assert!(err.place.as_deref().is_some_and(|p| p.starts_with("line ")), "{err}");

    write(dir.path(), "swagger.yaml", "swagger: '2.0'\n");
    let err = pagegen::load(&[dir.path().join("swagger.yaml")]).unwrap_err();
    assert!(err.to_string().contains("not an OpenAPI 3.x document"), "{err}");
}
