//! The build.rs API: one file for `include!`, the same errors as the command line.

use std::path::PathBuf;

fn specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

#[test]
fn compile_writes_one_self_contained_file() {
    let out = tempfile::tempdir().unwrap();
    let file = pagegen::Config::new("sail-point").input(specs()).out_dir(out.path()).compile().unwrap();
    assert_eq!(file, out.path().join("sail_point.rs"));
    let text = std::fs::read_to_string(&file).unwrap();
    let parsed = syn::parse_file(&text).unwrap();
    assert!(parsed.attrs.is_empty(), "an include!d file cannot start with inner attributes");
    fn no_outlined_modules(items: &[syn::Item]) {
        for item in items {
            if let syn::Item::Mod(m) = item {
                let (_, inner) = m.content.as_ref().unwrap_or_else(|| panic!("`mod {};` left outlined", m.ident));
                no_outlined_modules(inner);
            }
        }
    }
    no_outlined_modules(&parsed.items);
    let modules: Vec<String> = parsed
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    assert!(modules.contains(&"types".to_owned()) && modules.contains(&"client".to_owned()), "{modules:?}");
}

#[test]
fn compile_fails_with_the_cli_message() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.api.mdx");
    std::fs::write(&page, "---\nid: x\n---\n").unwrap();
    let err = pagegen::Config::new("x").input(&page).out_dir(dir.path()).compile().unwrap_err();
    let expected = format!("{}: the frontmatter has no `api:` key", page.display());
    assert_eq!(err.to_string(), expected);
    assert_eq!(format!("{err:?}"), expected, "build scripts print Debug");
    assert!(!dir.path().join("x.rs").exists());
}

#[test]
fn from_toml_reads_the_job_options() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let config = pagegen::Config::from_toml(root.join("pagegen.toml")).unwrap();
    let (text, _) = config.generate().unwrap();
    assert!(text.contains("pub mod client"), "{}", &text[..200.min(text.len())]);
}
