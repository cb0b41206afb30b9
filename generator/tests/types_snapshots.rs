//! The type space on small fixtures: snapshots of the formatted `types` module for each mapping,
//! and names that depend neither on add order nor on unrelated inputs.

use std::path::{Path, PathBuf};

use pagegen::ir::types::{driver, TypeSpace};
use pagegen::{GenerateOptions, Warning};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/types").join(name)
}

fn load(names: &[&str]) -> openapiv3::OpenAPI {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    pagegen::load(&paths).unwrap_or_else(|e| panic!("{e}")).0
}

/// Builds the type space with the sites added in the order `order` gives.
fn space_with(
    api: &openapiv3::OpenAPI,
    options: &GenerateOptions,
    order: impl Fn(&mut Vec<driver::Site<'_>>),
) -> (TypeSpace, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut space = TypeSpace::new(api, options);
    let mut sites = driver::sites(api);
    order(&mut sites);
    for site in sites {
        let id = space.add(site.schema, &site.hint, site.usage, &mut warnings);
        for (label, value) in site.examples {
            space.add_example(id, label, value);
        }
    }
    space.finish(options, &mut warnings).unwrap();
    (space, warnings)
}

fn types_rs(space: &TypeSpace) -> String {
    pagegen::format::rust_file(|| pagegen::emit::types::module(space)).unwrap()
}

#[test]
fn mappings() {
    let api = load(&["mappings.yaml"]);
    let (space, warnings) = space_with(&api, &GenerateOptions::new("fixture"), |_| {});
    insta::assert_snapshot!("mappings_types", types_rs(&space));
    let tests = pagegen::emit::types::example_tests(&space, "fixture").unwrap().unwrap();
    insta::assert_snapshot!("mappings_examples", tests);
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("mappings_warnings", warnings.join("\n"));
}

/// The same types written with serde's derive and every standard extra derive, with the
/// warnings naming the types each derive skips.
#[test]
fn mappings_with_serde_derive() {
    let api = load(&["mappings.yaml"]);
    let mut options = GenerateOptions::new("fixture");
    options.serde_derive = true;
    options.extra_derives = ["Eq", "Hash", "PartialOrd", "Ord", "Default"].map(String::from).to_vec();
    let (space, mut warnings) = space_with(&api, &options, |_| {});
    let before = warnings.len();
    let style = pagegen::emit::types::Style::of(&space, &options, &Default::default(), &mut warnings);
    let types = pagegen::format::rust_file(|| pagegen::emit::types::module_with(&space, &style)).unwrap();
    insta::assert_snapshot!("mappings_serde_derive_types", types);
    let warnings: Vec<String> = warnings[before..].iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("mappings_serde_derive_warnings", warnings.join("\n"));
}

#[test]
fn add_order_does_not_matter() {
    let api = load(&["mappings.yaml"]);
    let options = GenerateOptions::new("fixture");
    let (forward, _) = space_with(&api, &options, |_| {});
    let (backward, _) = space_with(&api, &options, |s| s.reverse());
    let (rotated, _) = space_with(&api, &options, |s| {
        let n = s.len() / 2;
        s.rotate_left(n)
    });
    assert_eq!(types_rs(&forward), types_rs(&backward));
    assert_eq!(types_rs(&forward), types_rs(&rotated));
    let tests = |space: &TypeSpace| pagegen::emit::types::example_tests(space, "f").unwrap().unwrap();
    assert_eq!(tests(&forward), tests(&backward));
}

#[test]
fn identical_structures_are_one_type() {
    let api = load(&["mappings.yaml"]);
    let (space, _) = space_with(&api, &GenerateOptions::new("fixture"), |_| {});
    let text = types_rs(&space);
    // The inline 404 schema of updatePet is the `Error` component with other docs (and without
    // its `additionalProperties: false`, which is the default: no map of other members).
    assert_eq!(text.matches("pub struct Error").count(), 1, "{text}");
    let error = &text[text.find("pub struct Error {").unwrap()..];
    let error = &error[..error.find("\n}\n").unwrap()];
    assert!(!error.contains("additional_properties"), "{error}");
    // Docs: the most common description, then the longest.
    assert!(text.contains("/// The other copy of the error schema, with other docs."));
}

#[test]
fn unrelated_inputs_do_not_rename() {
    let alone = load(&["mappings.yaml"]);
    let both = load(&["mappings.yaml", "unrelated.yaml"]);
    let options = GenerateOptions::new("fixture");
    let (alone, _) = space_with(&alone, &options, |_| {});
    let (both, _) = space_with(&both, &options, |_| {});
    let with = types_rs(&both);
    // Every item of the smaller crate appears unchanged in the larger one.
    let items = |text: &str| -> Vec<String> {
        let file = syn::parse_file(text).unwrap();
        file.items.iter().map(|item| quote::quote!(#item).to_string()).collect()
    };
    let larger = items(&with);
    for item in items(&types_rs(&alone)) {
        assert!(larger.contains(&item), "changed by an unrelated page:\n{item}");
    }
    assert!(with.contains("pub struct Zebra"));
}

#[test]
fn overrides_rename_and_warn() {
    let api = load(&["mappings.yaml"]);
    let mut options = GenerateOptions::new("fixture");
    options.type_names.insert("Pet".into(), "Animal".into());
    options.type_names.insert("NoSuchType".into(), "Whatever".into());
    let (space, warnings) = space_with(&api, &options, |_| {});
    let text = types_rs(&space);
    assert!(text.contains("pub struct Animal"));
    assert!(!text.contains("pub struct Pet "));
    assert!(warnings.iter().any(|w| w.message.contains("NoSuchType")));
}

#[test]
fn tokens_work_from_any_child_module() {
    let api = load(&["mappings.yaml"]);
    let (mut space, _) = space_with(&api, &GenerateOptions::new("fixture"), |_| {});
    let mut warnings = Vec::new();
    let schema = openapiv3::ReferenceOr::Reference { reference: "#/components/schemas/Pet".into() };
    let hint = pagegen::ir::types::NameHint::new("x");
    let id = space.add(&schema, &hint, pagegen::ir::types::Usage::Response, &mut warnings);
    assert_eq!(space.tokens(id).to_string(), "super :: types :: Pet");
    assert_eq!(space.shape(id), pagegen::ir::types::Shape::Object);
}
