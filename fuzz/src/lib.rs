//! Helpers shared by the fuzz targets: a scratch folder for files `pagegen::load` reads, the
//! multi-file input format of the `openapi` target, wrapping JSON into a page, the property
//! checked on generated crates, and a structure-aware JSON mutator.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// A folder of this process's own (libFuzzer forks and jobs each get theirs).
pub fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("pagegen-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create scratch folder");
        dir
    })
}

/// Empties the scratch folder and writes `files` (name, contents) into it.
pub fn write_files(files: &[(String, Vec<u8>)]) -> Vec<PathBuf> {
    let dir = scratch_dir();
    for entry in std::fs::read_dir(dir).expect("read scratch folder").flatten() {
        let _ = std::fs::remove_file(entry.path());
    }
    files
        .iter()
        .map(|(name, contents)| {
            let path = dir.join(name);
            std::fs::write(&path, contents).expect("write scratch file");
            path
        })
        .collect()
}

/// Line that starts another file in a multi-file input (a YAML comment, so harmless).
pub const FILE_MARKER: &str = "#@file ";

/// Most files one multi-file input may name.
const MAX_FILES: usize = 6;

/// Splits an `openapi` input into files: the root document first (`x.yaml` unless the input
/// starts with a marker line), then one file per `#@file NAME` line. Names are reduced to
/// `[A-Za-z0-9._-]` so nothing is written outside the scratch folder.
pub fn split_files(data: &[u8], root_name: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = vec![(root_name.to_owned(), Vec::new())];
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(name) = line.strip_prefix(FILE_MARKER.as_bytes()) {
            if files.len() < MAX_FILES {
                let name = sanitize(name);
                if !files.iter().any(|(n, _)| *n == name) {
                    files.push((name, Vec::new()));
                    continue;
                }
            }
        }
        files.last_mut().expect("root file").1.extend_from_slice(line);
    }
    files
}

fn sanitize(raw: &[u8]) -> String {
    let mut name: String = String::from_utf8_lossy(raw)
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .take(40)
        .collect();
    name = name.trim_start_matches('.').to_owned();
    if name.is_empty() {
        name.push('f');
    }
    if ![".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext)) {
        name.push_str(".yaml");
    }
    name
}

/// An operation page whose `api:` line is `json` (newlines, which JSON allows only as
/// whitespace, become spaces so the value stays on one line).
pub fn page_with_api(json: &[u8]) -> Vec<u8> {
    let mut page = b"---\nid: fuzz\ntitle: Fuzz\nsidebar_label: Fuzz\napi: ".to_vec();
    page.extend(json.iter().map(|&b| if b == b'\n' || b == b'\r' { b' ' } else { b }));
    page.extend_from_slice(b"\n---\n\nbody\n");
    page
}

/// The property of the whole pipeline: `load` + `generate` either fails with a clear error, or
/// every generated `.rs` file parses. An "internal error" (generated code that does not parse)
/// is a pagegen bug, so it fails too.
pub fn check_generate(files: &[PathBuf]) {
    let Ok((api, mut warnings)) = pagegen::load(files) else {
        return;
    };
    let options = pagegen::GenerateOptions::new("fuzz-client");
    match pagegen::generate(&api, &options, &mut warnings) {
        Err(e) => assert!(!e.message.contains("internal error"), "pagegen bug: {e}"),
        Ok(out) => {
            for (path, text) in &out {
                if path.extension().is_some_and(|e| e == "rs") {
                    if let Err(e) = syn::parse_file(text) {
                        panic!("generated {} does not parse: {e}\n{text}", path.display());
                    }
                }
            }
        }
    }
}

/// A tiny deterministic generator (xorshift), seeded by libFuzzer's mutation seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Values that mean something to pagegen: schema shapes, names that are Rust keywords or not
/// identifiers, numbers at the edges.
fn interesting_value(rng: &mut Rng) -> Value {
    let texts = [
        r##"{"type":"string"}"##,
        r##"{"type":"string","format":"date-time"}"##,
        r##"{"type":"string","enum":["a","A","a-b","","1","self","Self","type"]}"##,
        r##"{"type":"integer","format":"int64","minimum":-1e308}"##,
        r##"{"type":"number","enum":[1.5,-0.0,1.7976931348623157e308]}"##,
        r##"{"type":"boolean","default":"yes"}"##,
        r##"{"type":"array","items":{"type":"array","items":{}}}"##,
        r##"{"type":"array"}"##,
        r##"{"type":"object","properties":{"type":{"type":"string"},"self":{},"":{},"1x":{},"a b":{},"fooBar":{},"foo_bar":{}}}"##,
        r##"{"type":"object","additionalProperties":{"type":"integer"}}"##,
        r##"{"type":"object","additionalProperties":true,"required":["missing"]}"##,
        r##"{"type":["string","null"]}"##,
        r##"{"allOf":[{"type":"object","properties":{"a":{}}},{"$ref":"#/components/schemas/Missing"}]}"##,
        r##"{"oneOf":[{"type":"string"},{"type":"string"},{"title":"Self"}],"discriminator":{"propertyName":"kind"}}"##,
        r##"{"anyOf":[]}"##,
        r##"{"not":{}}"##,
        r##"{"$ref":"#/components/schemas/X"}"##,
        r##"{"$ref":"other.yaml"}"##,
        r##"{"title":"Self","type":"object","properties":{"next":"circular(Self)"}}"##,
        r##""circular(Self)""##,
        r##"{"discriminator":{"propertyName":"t","mapping":{"a":{"title":"A","type":"object"}}},"oneOf":[{"title":"A"}]}"##,
        r##"{"name":"type","in":"query","schema":{"type":"string"}}"##,
        r##"{"name":"id","in":"path","required":true}"##,
        r##"{"name":"X-Header","in":"header","content":{"application/json":{}}}"##,
        r##"{"description":"","content":{"application/json":{"schema":{"type":"object"}}}}"##,
        r##"{"content":{"schema":{"type":"string"},"text/plain":{}}}"##,
        r##"{"200":{"description":"ok"},"2XX":{},"default":{},"oops":{}}"##,
        r##"{"multipart/form-data":{"schema":{"type":"object","properties":{"file":{"type":"string","format":"binary"}}}}}"##,
        r##"[]"##,
        r##"{}"##,
        r##"null"##,
        r##"true"##,
        r##"-9223372036854775809"##,
        r##"18446744073709551615"##,
        r##"1e308"##,
        r##""""##,
        r##""self""##,
        r##""r#type""##,
        r##""1abc""##,
        r##""a-b c.d/e{f}""##,
        r##""\u0000\n\"*/ */ /*""##,
        r##""ÿ💥é""##,
        r##""/x/{id}/{id}/{}""##,
        r##""get""##,
        r##""get /x""##,
    ];
    serde_json::from_str(texts[rng.below(texts.len())]).expect("interesting value parses")
}

fn interesting_key(rng: &mut Rng) -> String {
    let keys = [
        "type",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "enum",
        "required",
        "nullable",
        "$ref",
        "title",
        "description",
        "format",
        "additionalProperties",
        "discriminator",
        "parameters",
        "requestBody",
        "responses",
        "content",
        "schema",
        "operationId",
        "tags",
        "method",
        "path",
        "servers",
        "securitySchemes",
        "security",
        "info",
        "jsonRequestBodyExample",
        "extensions",
        "x-pagegen",
        "default",
        "example",
        "examples",
        "self",
        "Self",
        "crate",
        "super",
        "fn",
        "r#type",
        "",
        "_",
        "__",
        "1",
        "a-b",
        "a b",
        "fooBar",
        "foo_bar",
        "FOO_BAR",
        "ünï",
        "💥",
    ];
    keys[rng.below(keys.len())].to_owned()
}

/// Every node's path (object keys and array indices) below `value`.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Step::Key(key.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn node<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// One structural mutation of a JSON document: replace a node by an interesting value or by a
/// copy of another node, delete a node, rename a key, or add a key. `None` when the input is not
/// JSON (the caller falls back to libFuzzer's byte mutations).
pub fn mutate_json(data: &[u8], seed: u32) -> Option<Vec<u8>> {
    let mut value: Value = serde_json::from_slice(data).ok()?;
    let mut rng = Rng(u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut all = Vec::new();
    paths(&value, &mut Vec::new(), &mut all);
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        let target = all[rng.below(all.len())].clone();
        match rng.below(6) {
            0 | 1 => *node(&mut value, &target) = interesting_value(&mut rng),
            2 => {
                let source = node(&mut value, &all[rng.below(all.len())]).clone();
                *node(&mut value, &target) = source;
            }
            3 => {
                if let Some((last, parent)) = target.split_last() {
                    match (node(&mut value, parent), last) {
                        (Value::Object(map), Step::Key(k)) => {
                            map.shift_remove(k);
                        }
                        (Value::Array(items), Step::Index(i)) if *i < items.len() => {
                            items.remove(*i);
                        }
                        _ => {}
                    }
                }
            }
            4 => {
                if let Some((Step::Key(k), parent)) = target.split_last() {
                    let new_key = interesting_key(&mut rng);
                    if let Value::Object(map) = node(&mut value, parent) {
                        if let Some(child) = map.shift_remove(k) {
                            map.insert(new_key, child);
                        }
                    }
                }
            }
            _ => {
                let key = interesting_key(&mut rng);
                let child = interesting_value(&mut rng);
                match node(&mut value, &target) {
                    Value::Object(map) => {
                        map.insert(key, child);
                    }
                    Value::Array(items) => items.push(child),
                    other => *other = Value::Object(Map::from_iter([(key, child)])),
                }
            }
        }
        // Paths may have moved; recompute before the next round.
        all.clear();
        paths(&value, &mut Vec::new(), &mut all);
    }
    serde_json::to_vec(&value).ok()
}

/// The custom mutator of the JSON targets: half of the time a structural JSON mutation, else
/// (or when that fails or does not fit) libFuzzer's own byte mutations.
pub fn mutator(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> usize {
    if seed.is_multiple_of(2) {
        if let Some(out) = mutate_json(&data[..size], seed) {
            if out.len() <= max_size {
                data[..out.len()].copy_from_slice(&out);
                return out.len();
            }
        }
    }
    libfuzzer_sys::fuzzer_mutate(data, size, max_size)
}
