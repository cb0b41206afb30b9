//! Derives users choose (`extra-derives`) and serde's derive (`serde-derive`): both forms of the
//! same API build clippy-clean, pass the same example tests, and a derive that reads serde's
//! attributes (schemars) sees the wire names.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pagegen::{FileSet, GenerateOptions, Warning};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/derives.yaml")
}

fn generate(options: &GenerateOptions) -> (FileSet, Vec<Warning>) {
    let (api, mut warnings) = pagegen::load(&[fixture()]).unwrap_or_else(|e| panic!("{e}"));
    let files = pagegen::generate(&api, options, &mut warnings).unwrap_or_else(|e| panic!("{e}"));
    (files, warnings)
}

fn derives(list: &[&str]) -> Vec<String> {
    list.iter().map(|d| d.to_string()).collect()
}

/// The `#[derive(...)]` list written right above `pub struct|enum Name`, without spaces.
fn derives_of(types: &str, name: &str) -> String {
    let at = ["struct", "enum"]
        .iter()
        .find_map(|kind| types.find(&format!("pub {kind} {name} ")))
        .unwrap_or_else(|| panic!("no type {name}"));
    let start = types[..at].rfind("#[derive(").unwrap_or_else(|| panic!("{name} has no derive"));
    let list = &types[start + "#[derive(".len()..];
    list[..list.find(")]").unwrap()].split_whitespace().collect()
}

#[test]
fn standard_derives_go_where_every_member_has_them_and_a_warning_names_the_rest() {
    let options = GenerateOptions {
        extra_derives: derives(&["Eq", "Hash", "PartialOrd", "Ord", "Default"]),
        ..GenerateOptions::new("kennel")
    };
    let (files, warnings) = generate(&options);
    let types = &files[Path::new("src/types.rs")];
    // uuid, chrono, strings, enums, maps, boxed recursion: all of them.
    assert_eq!(derives_of(types, "WetMeal"), "Debug,Clone,PartialEq,Eq,Hash,PartialOrd,Ord,Default");
    // An open object keeps JSON values: equality and hashing, no order.
    assert_eq!(derives_of(types, "Pet"), "Debug,Clone,PartialEq,Eq,Hash");
    // An `f64`: an order, no `Eq` or `Hash`.
    assert_eq!(derives_of(types, "Weighing"), "Debug,Clone,PartialEq,PartialOrd,Default");
    // A string enum has its comparisons already; it has no default value.
    assert!(types.contains("runtime::string_enum! {\n    pub enum Kind {"), "{types}");
    let warned: BTreeMap<String, String> =
        warnings.iter().map(|w| w.to_string()).filter_map(|w| Some((derive_of(&w)?, w))).collect();
    assert!(warned["Eq"].contains("not on 1 of 8 types") && warned["Eq"].ends_with(": Weighing"), "{warned:?}");
    assert!(warned["Ord"].contains("Litter, Meal, Pet, Weighing"), "{warned:?}");
    assert!(warned["Default"].contains("Kind, Meal, Pet"), "{warned:?}");
    assert_eq!(warned.len(), 5, "{warned:?}");
}

fn derive_of(warning: &str) -> Option<String> {
    let rest = &warning[warning.find("extra derive `")? + "extra derive `".len()..];
    Some(rest[..rest.find('`')?].to_owned())
}

#[test]
fn bad_derive_options_are_refused() {
    let refused = |extra: &[&str], dependencies: &[(&str, &str)]| {
        let options = GenerateOptions {
            extra_derives: derives(extra),
            dependencies: dependencies.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            ..GenerateOptions::new("kennel")
        };
        let (api, _) = pagegen::load(&[fixture()]).unwrap();
        match pagegen::generate(&api, &options, &mut Vec::new()) {
            Ok(_) => panic!("{extra:?} {dependencies:?} were taken"),
            Err(e) => e.to_string(),
        }
    };
    assert!(refused(&["Ord"], &[]).contains("`Ord` needs `Eq` and `PartialOrd`"));
    assert!(refused(&["Hash<T>"], &[]).contains("not a Rust path"));
    assert!(refused(&[], &[("serde", "\"1\"")]).contains("already"));
    assert!(refused(&[], &[("schemars", "{ version = ")]).contains("invalid dependency"));
}

/// A derive that reads serde's attributes sees Rust names unless the types carry them.
#[test]
fn other_derives_without_serde_derive_are_warned_about() {
    let with = |serde_derive| {
        let options = GenerateOptions {
            extra_derives: derives(&["schemars::JsonSchema"]),
            serde_derive,
            ..GenerateOptions::new("kennel")
        };
        generate(&options).1.iter().any(|w| w.to_string().contains("only with `serde-derive = true`"))
    };
    assert!(with(false));
    assert!(!with(true));
}

const SCHEMA_TEST: &str = r#"
use std::collections::{BTreeSet, HashSet};

use kennel_serde::types::{Kind, Pet, WetMeal};

#[test]
fn the_json_schema_has_the_wire_names() {
    let pet = serde_json::to_value(schemars::schema_for!(Pet)).unwrap();
    let properties: Vec<&str> = pet["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(properties, ["petId", "displayName", "kind", "bornAt", "owner", "tags", "litter"]);
    assert_eq!(pet["required"], serde_json::json!(["petId", "displayName", "kind", "bornAt"]));
    assert_eq!(pet["properties"]["petId"]["format"], "uuid");
    let kind = serde_json::to_value(schemars::schema_for!(Kind)).unwrap();
    let values: Vec<Option<&str>> = kind["anyOf"].as_array().unwrap().iter().map(|k| k["const"].as_str()).collect();
    assert_eq!(values, [Some("dog"), Some("cat"), Some("ferret"), None]);
}

#[test]
fn hashed_and_ordered_types_go_in_sets() {
    let meal = |cans| WetMeal { meal_type: "wet".into(), cans, brand: None };
    let ordered: BTreeSet<WetMeal> = [meal(3), meal(1), meal(3)].into_iter().collect();
    assert_eq!(ordered.iter().map(|m| m.cans).collect::<Vec<_>>(), [1, 3]);
    let kinds: HashSet<Kind> = ["dog", "cat", "dog", "axolotl"].iter().map(|k| k.parse().unwrap()).collect();
    assert_eq!(kinds.len(), 3);
    assert!(kinds.contains(&Kind::Unknown("axolotl".into())));
    let unknown: Kind = serde_json::from_str("\"axolotl\"").unwrap();
    assert_eq!((unknown.as_str(), serde_json::to_string(&unknown).unwrap()), ("axolotl", "\"axolotl\"".into()));
}
"#;

#[test]
fn both_forms_build_and_pass_the_same_example_tests_and_schemars_sees_wire_names() {
    let work = tempfile::tempdir().unwrap();
    let all = ["Eq", "Hash", "PartialOrd", "Ord", "Default"];
    let macros = GenerateOptions { extra_derives: derives(&all), ..GenerateOptions::new("kennel-macros") };
    let serde = GenerateOptions {
        extra_derives: derives(&[&all[..], &["schemars::JsonSchema"]].concat()),
        serde_derive: true,
        dependencies: [("schemars".into(), r#"{ version = "1", features = ["chrono04", "uuid1"] }"#.into())].into(),
        ..GenerateOptions::new("kennel-serde")
    };
    for options in [&macros, &serde] {
        let (mut files, _) = generate(options);
        if options.serde_derive {
            let types = &files[Path::new("src/types.rs")];
            assert!(!types.contains("runtime::object!") && !types.contains("runtime::string_enum!"), "{types}");
            assert!(types.contains("#[serde(rename = \"petId\")]"), "{types}");
            files.insert("tests/schema.rs".into(), SCHEMA_TEST.trim_start().into());
        }
        pagegen::write::write_crate(&work.path().join(&options.crate_name), &files).unwrap();
    }
    let manifest = "[workspace]\nresolver = \"2\"\nmembers = [\"kennel-macros\", \"kennel-serde\"]\n";
    std::fs::write(work.path().join("Cargo.toml"), manifest).unwrap();
    let (ok, output) = support::cargo(work.path(), &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    assert!(ok, "clippy -D warnings failed:\n{output}");
    let examples = |name: &str| {
        let (ok, output) = support::cargo(work.path(), &["test", "-p", name, "--", "--nocapture", "--test-threads=1"]);
        assert!(ok, "cargo test of {name} failed:\n{output}");
        support::example_results(&output)
    };
    let (by_macros, by_serde) = (examples("kennel-macros"), examples("kennel-serde"));
    assert!(by_macros.len() >= 6, "{by_macros:?}");
    assert!(by_macros.values().all(|r| *r == support::Example::RoundTrip), "{by_macros:?}");
    assert_eq!(by_macros, by_serde);
}
