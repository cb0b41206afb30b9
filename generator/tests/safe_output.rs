//! Nothing from the input decides a path outside the output folder, and links are not followed.

const PAGE: &str = "---\ntitle: T\napi: {\"operationId\":\"getThing\",\"method\":\"get\",\"path\":\"/thing\",\"responses\":{\"200\":{\"description\":\"ok\"}}}\n---\n";

#[test]
fn crate_names_cannot_leave_the_folder_or_break_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p.api.mdx");
    std::fs::write(&page, PAGE).unwrap();
    let (api, _) = pagegen::load(&[&page]).unwrap();
    for name in
        ["../escape", "a/b", "x\"\n[dependencies]\nevil = \"1\"", "", "1abc", "Ünïcode", &"a".repeat(65), "type", "ref"]
    {
        let err = pagegen::generate(&api, &pagegen::GenerateOptions::new(name), &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("invalid crate name"), "{name:?}: {err}");
        let err = pagegen::Config::new(name).input(&page).out_dir(dir.path()).compile().unwrap_err();
        assert!(err.to_string().contains("invalid crate name"), "{name:?}: {err}");
    }
    let only: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(only, ["p.api.mdx"]);
}

#[cfg(unix)]
#[test]
fn links_in_or_as_the_output_folder_are_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p.api.mdx");
    std::fs::write(&page, PAGE).unwrap();
    let (api, _) = pagegen::load(&[&page]).unwrap();
    let files = pagegen::generate(&api, &pagegen::GenerateOptions::new("client"), &mut Vec::new()).unwrap();

    // A link inside the old output folder pointing outside: replaced, never written through.
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("lib.rs"), "precious").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    symlink(&outside, out.join("src")).unwrap();
    pagegen::write::write_crate(&out, &files).unwrap();
    assert_eq!(std::fs::read_to_string(outside.join("lib.rs")).unwrap(), "precious");
    assert!(!std::fs::symlink_metadata(out.join("src")).unwrap().file_type().is_symlink());

    // The output folder itself being a link: refused, the target untouched.
    let linked = dir.path().join("linked");
    symlink(&outside, &linked).unwrap();
    let err = pagegen::write::write_crate(&linked, &files).unwrap_err();
    assert!(err.to_string().contains("not a folder"), "{err}");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1);
}
