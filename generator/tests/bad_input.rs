//! Every malformed input gives one clear error naming the file and the place in it.

use std::io::Write;

use base64::Engine;

fn deflate_base64(json: &str) -> String {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(json.as_bytes()).unwrap();
    base64::engine::general_purpose::STANDARD.encode(encoder.finish().unwrap())
}

fn page(api: &str) -> String {
    format!("---\nid: x\ntitle: X\napi: {api}\n---\nbody\n")
}

/// (case, file contents, expected words in the message, expected place)
fn cases() -> Vec<(&'static str, String, &'static str, &'static str)> {
    let huge = {
        // 65 MiB of zeros deflates to about 64 KiB: a zip bomb in miniature.
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..65 {
            encoder.write_all(&chunk).unwrap();
        }
        base64::engine::general_purpose::STANDARD.encode(encoder.finish().unwrap())
    };
    vec![
        ("no frontmatter", "# Just a page\n".to_owned(), "no frontmatter", "line 1"),
        ("unclosed frontmatter", "---\nid: x\napi: {}\n".to_owned(), "frontmatter is not closed", ""),
        ("no api key", "---\nid: x\n---\n".to_owned(), "no `api:` key", ""),
        ("empty api", page(""), "`api:` is empty", "line 4"),
        ("bad base64", page("eJ$$$not-base64"), "neither JSON nor valid base64", "line 4"),
        ("bad zlib", page("aGVsbG8gd29ybGQ="), "not a zlib stream", "line 4"),
        ("inflates too far", page(&huge), "inflates to more than 64 MiB", "line 4"),
        ("invalid raw json", page(r#"{"method":"get","path":}"#), "not valid JSON", "line 4 (api:), column 29"),
        (
            "invalid deflated json",
            page(&deflate_base64("{\n\"method\": \"get\",\n oops}")),
            "not valid JSON",
            "inflated JSON line 3, column 2",
        ),
        ("json not an object", page("[1, 2]"), "expected a JSON object", "line 4"),
        ("no method", page(r#"{"path":"/x","responses":{}}"#), "has no `method`", "line 4"),
        ("unknown method", page(r#"{"method":"fetch","path":"/x"}"#), "unknown method `fetch`", "line 4"),
        ("no path", page(r#"{"method":"get","responses":{}}"#), "has no `path`", "line 4"),
        ("relative path", page(r#"{"method":"get","path":"x"}"#), "does not start with `/`", "line 4"),
        (
            "not an operation",
            page(
                r#"{"method":"get","path":"/x","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":[]}}}}}}"#,
            ),
            "not a valid OpenAPI operation",
            "api:responses",
        ),
        ("bad frontmatter yaml", "---\nid: [x\napi: {}\n---\n".to_owned(), "invalid frontmatter YAML", ""),
        ("not utf-8", String::from_utf8_lossy(b"---\nid: \xff\n---\n").into_owned(), "", ""),
    ]
}

#[test]
fn each_malformed_page_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for (case, contents, message, place) in cases() {
        let file = dir.path().join(format!("{}.api.mdx", case.replace(' ', "-")));
        std::fs::write(&file, &contents).unwrap();
        let result = pagegen::load(&[&file]);
        if case == "not utf-8" {
            // Lossy conversion made it valid UTF-8: no frontmatter `api:` key is the error.
            let err = result.expect_err(case);
            assert!(err.to_string().contains("no `api:` key"), "{case}: {err}");
            continue;
        }
        let err = result.expect_err(case);
        let text = err.to_string();
        assert_eq!(err.file.as_deref(), Some(file.as_path()), "{case}: {text}");
        assert!(text.contains(message), "{case}: expected {message:?} in {text:?}");
        if !place.is_empty() {
            assert!(
                err.place.as_deref().unwrap_or_default().contains(place),
                "{case}: expected place {place:?} in {text:?}"
            );
        }
    }
}

#[test]
fn invalid_utf8_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bytes.api.mdx");
    std::fs::write(&file, b"---\nid: \xff\n---\n").unwrap();
    let err = pagegen::load(&[&file]).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: byte 8: file is not valid UTF-8", file.display()));
}

fn op_page(operation_id: &str, summary: &str) -> String {
    page(&format!(
        r#"{{"operationId":"{operation_id}","summary":"{summary}","method":"get","path":"/things/{operation_id}","responses":{{"200":{{"description":"ok"}}}}}}"#
    ))
}

#[test]
fn conflicting_duplicates_name_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.api.mdx");
    let b = dir.path().join("b.api.mdx");
    std::fs::write(&a, op_page("one", "First")).unwrap();
    std::fs::write(&b, op_page("one", "Second")).unwrap();
    let err = pagegen::load(&[dir.path()]).unwrap_err().to_string();
    assert!(err.contains("a.api.mdx") && err.contains("b.api.mdx"), "{err}");
    assert!(err.contains("GET /things/one is also defined, differently"), "{err}");

    // Identical duplicates collapse.
    std::fs::write(&b, op_page("one", "First")).unwrap();
    let (api, _) = pagegen::load(&[dir.path()]).unwrap();
    assert_eq!(api.operations().count(), 1);
}

#[test]
fn one_operation_id_on_two_operations_names_both_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.api.mdx"), op_page("one", "First")).unwrap();
    std::fs::write(
        dir.path().join("b.api.mdx"),
        page(r#"{"operationId":"one","method":"post","path":"/elsewhere","responses":{"200":{"description":"ok"}}}"#),
    )
    .unwrap();
    let err = pagegen::load(&[dir.path()]).unwrap_err().to_string();
    assert!(err.contains("operationId `one`") && err.contains("a.api.mdx") && err.contains("b.api.mdx"), "{err}");
}

#[test]
fn folders_skip_what_is_not_an_input_and_empty_inputs_fail() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sidebar.js"), "module.exports = {}").unwrap();
    std::fs::write(dir.path().join("intro.mdx"), "---\nid: intro\n---\nHello").unwrap();
    std::fs::write(dir.path().join("props.json"), r#"{"not":"openapi"}"#).unwrap();
    let err = pagegen::load(&[dir.path()]).unwrap_err().to_string();
    assert!(err.contains("no operation pages"), "{err}");
    std::fs::write(dir.path().join("op.api.mdx"), op_page("one", "First")).unwrap();
    let (api, warnings) = pagegen::load(&[dir.path()]).unwrap();
    assert_eq!(api.operations().count(), 1);
    // The only thing missing is API info, which pages normally carry.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("no API info"), "{warnings:?}");
    let missing = dir.path().join("missing");
    let err = pagegen::load(&[&missing]).unwrap_err();
    assert_eq!(err.file.as_deref(), Some(missing.as_path()));
}

#[test]
fn summary_comes_from_the_title_then_the_sidebar_label() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.api.mdx");
    std::fs::write(
        &file,
        "---\nsidebar_label: From label\napi: {\"method\":\"get\",\"path\":\"/x\",\"responses\":{}}\n---\n",
    )
    .unwrap();
    let (api, _) = pagegen::load(&[&file]).unwrap();
    let (_, _, op) = api.operations().next().unwrap();
    assert_eq!(op.summary.as_deref(), Some("From label"));
}

#[test]
fn of_many_bad_pages_the_first_in_order_is_reported_as_on_one_thread() {
    // Read errors come before assembly errors, and assembly errors in the order of paths.
    let bad_operation = |path: &str| {
        page(&format!(
            r#"{{"method":"get","path":"{path}","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"type":"object","properties":[]}}}}}}}}}}}}"#
        ))
    };
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(dir.path().join(format!("p{i:02}.api.mdx")), op_page(&format!("op{i}"), "Fine")).unwrap();
    }
    std::fs::write(dir.path().join("p07.api.mdx"), bad_operation("/z")).unwrap();
    std::fs::write(dir.path().join("p31.api.mdx"), bad_operation("/a")).unwrap();
    let on_one_thread = || {
        let docs = pagegen::sources::read_inputs(&[dir.path()], &mut Vec::new())?;
        pagegen::assemble::assemble(docs, &mut Vec::new())
    };
    let err = pagegen::load(&[dir.path()]).unwrap_err();
    assert!(err.to_string().contains("p31.api.mdx"), "path /a merges first: {err}");
    assert_eq!(Some(err), on_one_thread().err());

    std::fs::write(dir.path().join("p20.api.mdx"), page("eJ$$$not-base64")).unwrap();
    std::fs::write(dir.path().join("p35.api.mdx"), page("")).unwrap();
    let err = pagegen::load(&[dir.path()]).unwrap_err();
    assert!(err.to_string().contains("p20.api.mdx"), "the first file that cannot be read: {err}");
    assert_eq!(Some(err), on_one_thread().err());
}

#[test]
fn warnings_come_in_the_order_of_one_thread_reading_then_assembling() {
    // File names run against path order, so reading order and merge order differ.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30 {
        let api = format!(
            r#"{{"method":"get","path":"/x{:02}","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"type":"strange{i}"}}}}}}}}}}}}"#,
            29 - i
        );
        // No title: a reading warning; an unknown schema type: an assembly warning.
        std::fs::write(dir.path().join(format!("p{i:02}.api.mdx")), format!("---\nid: x\napi: {api}\n---\n")).unwrap();
    }
    let (_, warnings) = pagegen::load(&[dir.path()]).unwrap();
    let mut one_thread = Vec::new();
    let docs = pagegen::sources::read_inputs(&[dir.path()], &mut one_thread).unwrap();
    pagegen::assemble::assemble(docs, &mut one_thread).unwrap();
    assert_eq!(warnings, one_thread);
    let files: Vec<String> =
        warnings.iter().filter_map(|w| Some(w.file.as_ref()?.file_name()?.to_string_lossy().into_owned())).collect();
    let expected: Vec<String> = (0..30).chain((0..30).rev()).map(|i| format!("p{i:02}.api.mdx")).collect();
    assert_eq!(files, expected, "{warnings:?}");
}
