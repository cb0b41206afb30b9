//! Reading docusaurus-plugin-openapi-docs pages.
//!
//! An operation page (`*.api.mdx`) starts with YAML frontmatter whose `api:` key holds the whole
//! operation, either as one line of raw JSON (plugin 1.x) or as base64 of zlib-deflated JSON
//! (plugin 2.x, `eJ...`). The `api:` line can be megabytes long, so it is cut out of the
//! frontmatter by hand and only the small remaining keys go through the YAML parser.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::{Map, Value};

use crate::{Error, Warning};

/// Largest inflated `api:` JSON accepted (the largest real page inflates to about 1 MiB).
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;

/// Keys the plugin adds beside the operation; everything else is the operation itself.
const PLUGIN_KEYS: &[&str] =
    &["method", "path", "servers", "securitySchemes", "jsonRequestBodyExample", "info", "postman", "extensions"];

/// The `method` of a webhook page (plugin 3.x and later, for OpenAPI 3.1 `webhooks` and
/// `x-webhooks`): the operation is an event the API sends, its payload the `requestBody`.
pub const EVENT: &str = "event";

/// How the `api:` value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    RawJson,
    DeflatedBase64,
}

/// One operation page, split into the operation and what the plugin put beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationPage {
    pub file: PathBuf,
    pub encoding: Encoding,
    /// Lower-case HTTP method, or [`EVENT`] for a webhook page.
    pub method: String,
    /// The path template; empty on a webhook page.
    pub path: String,
    /// The OpenAPI operation object, `summary` restored from the page title.
    pub operation: Map<String, Value>,
    pub servers: Option<Value>,
    pub security_schemes: Option<Value>,
    pub info: Option<Value>,
    pub json_request_body_example: Option<Value>,
}

/// A `*.schema.mdx` page (plugin 2.1 and later, for component schemas with `showSchemas` or
/// `x-tags`): a named schema, which no operation may use.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaPage {
    pub file: PathBuf,
    /// The page title: the schema's `title`, else its component name.
    pub name: String,
    pub schema: Value,
}

/// A `*.tag.mdx` page: a tag's name and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPage {
    pub file: PathBuf,
    pub name: String,
    pub description: Option<String>,
}

/// A `*.info.mdx` page: the API's title, version and introduction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoPage {
    pub file: PathBuf,
    pub title: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
}

/// The frontmatter of a page: its small keys, the `api:` value and where that value starts.
struct Frontmatter<'a> {
    keys: serde_yaml::Mapping,
    api: Option<(&'a str, usize)>,
    body: &'a str,
}

fn frontmatter<'a>(file: &Path, text: &'a str) -> Result<Frontmatter<'a>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err(Error::in_file(file, "no frontmatter: the page must start with a `---` line").at("line 1"));
    }
    let mut offset = first.len();
    let mut yaml = String::new();
    let mut api = None;
    for (index, line) in lines.enumerate() {
        let line_no = index + 2;
        let start = offset;
        offset += line.len();
        if line.trim_end() == "---" {
            let keys = if yaml.trim().is_empty() {
                serde_yaml::Mapping::new()
            } else {
                serde_yaml::from_str(&yaml).map_err(|e| {
                    let place = e.location().map(|l| format!("frontmatter line {}", l.line() + 1));
                    Error::in_file(file, format!("invalid frontmatter YAML: {e}")).at(place.unwrap_or_default())
                })?
            };
            return Ok(Frontmatter { keys, api, body: &text[offset..] });
        }
        if let Some(value) = line.strip_prefix("api:") {
            api = Some((&text[start + 4..start + 4 + value.len()], line_no));
            yaml.push('\n');
        } else {
            yaml.push_str(line);
        }
    }
    Err(Error::in_file(file, "frontmatter is not closed: no second `---` line"))
}

fn string_key(keys: &serde_yaml::Mapping, key: &str) -> Option<String> {
    keys.get(key).and_then(serde_yaml::Value::as_str).map(str::to_owned).filter(|s| !s.trim().is_empty())
}

/// Decodes the `api:` value to JSON text, raw or inflated.
fn decode_api(file: &Path, raw: &str, line: usize) -> Result<(Encoding, Vec<u8>), Error> {
    let at = format!("line {line} (api:)");
    let value = raw.trim();
    let value = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .or_else(|| value.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
        .unwrap_or(value);
    if value.is_empty() {
        return Err(Error::in_file(file, "`api:` is empty").at(at));
    }
    if value.starts_with(['{', '[']) {
        return Ok((Encoding::RawJson, value.as_bytes().to_vec()));
    }
    let compressed = base64::engine::general_purpose::STANDARD
        .decode(value)
        .map_err(|e| Error::in_file(file, format!("`api:` is neither JSON nor valid base64: {e}")).at(&at))?;
    let mut json = Vec::new();
    flate2::read::ZlibDecoder::new(compressed.as_slice())
        .take(MAX_INFLATED_BYTES + 1)
        .read_to_end(&mut json)
        .map_err(|e| Error::in_file(file, format!("`api:` is base64 but not a zlib stream: {e}")).at(&at))?;
    if json.len() as u64 > MAX_INFLATED_BYTES {
        return Err(Error::in_file(
            file,
            format!("`api:` inflates to more than {} MiB; refusing to read it", MAX_INFLATED_BYTES >> 20),
        )
        .at(at));
    }
    Ok((Encoding::DeflatedBase64, json))
}

/// True when the page's frontmatter has an `api:` key (an operation page by content, whatever
/// its file name).
pub fn has_api_key(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    lines.next().is_some_and(|l| l.trim_end() == "---")
        && lines.take_while(|l| l.trim_end() != "---").any(|l| l.starts_with("api:"))
}

/// Reads an operation page.
pub fn read_operation_page(file: &Path, text: &str, warnings: &mut Vec<Warning>) -> Result<OperationPage, Error> {
    let fm = frontmatter(file, text)?;
    let Some((raw, line)) = fm.api else {
        return Err(Error::in_file(file, "the frontmatter has no `api:` key"));
    };
    let (encoding, json) = decode_api(file, raw, line)?;
    let value: Value = serde_json::from_slice(&json).map_err(|e| {
        let place = match encoding {
            Encoding::RawJson => {
                let lead = "api:".len() + raw.len() - raw.trim_start().len();
                format!("line {line} (api:), column {}", lead + e.column())
            }
            Encoding::DeflatedBase64 => {
                format!("line {line} (api:), inflated JSON line {}, column {}", e.line(), e.column())
            }
        };
        Error::in_file(file, format!("`api:` is not valid JSON: {e}")).at(place)
    })?;
    let Value::Object(mut operation) = value else {
        return Err(
            Error::in_file(file, "`api:` is not an operation: expected a JSON object").at(format!("line {line}"))
        );
    };
    let method = match operation.get("method") {
        Some(Value::String(m)) if !m.trim().is_empty() => m.trim().to_ascii_lowercase(),
        _ => return Err(Error::in_file(file, "`api:` has no `method`").at(format!("line {line}"))),
    };
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace", EVENT];
    if !METHODS.contains(&method.as_str()) {
        return Err(Error::in_file(file, format!("`api:` has an unknown method `{method}`")).at(format!("line {line}")));
    }
    let path = match operation.get("path") {
        Some(Value::String(p)) if p.starts_with('/') => p.clone(),
        // A webhook page's path is a placeholder (`webhook`): the receiver's URL is not the API's.
        _ if method == EVENT => String::new(),
        Some(Value::String(p)) => {
            return Err(
                Error::in_file(file, format!("`api:` path `{p}` does not start with `/`")).at(format!("line {line}"))
            )
        }
        _ => return Err(Error::in_file(file, "`api:` has no `path`").at(format!("line {line}"))),
    };
    let mut take = |key: &str| operation.remove(key);
    let servers = take("servers");
    let security_schemes = take("securitySchemes");
    let info = take("info");
    let json_request_body_example = take("jsonRequestBodyExample").filter(|v| !v.is_null());
    if let Some(Value::Array(extensions)) = take("extensions") {
        // Plugin 2.x lists the operation's `x-` keys as `[{key, value}]`; put them back.
        for ext in extensions {
            if let (Some(Value::String(key)), Some(value)) = (ext.get("key"), ext.get("value")) {
                if key.starts_with("x-") && !operation.contains_key(key) {
                    operation.insert(key.clone(), value.clone());
                }
            }
        }
    }
    for key in PLUGIN_KEYS {
        operation.remove(*key);
    }
    if !operation.contains_key("summary") {
        match string_key(&fm.keys, "title").or_else(|| string_key(&fm.keys, "sidebar_label")) {
            Some(summary) => {
                operation.insert("summary".into(), Value::String(summary));
            }
            None => warnings.push(Warning::new(
                Some(file),
                "",
                "no `title` or `sidebar_label`: the operation has no summary",
            )),
        }
    }
    Ok(OperationPage {
        file: file.to_path_buf(),
        encoding,
        method,
        path,
        operation,
        servers,
        security_schemes,
        info,
        json_request_body_example,
    })
}

/// Reads a schema page. Plugin 4.2 and later pass the schema to a `<Schema>` component, inline
/// (`schema={...}`) or from a JSON file beside the page (`{...require("./x.json")}`); older
/// versions render it as text only, so such a page is skipped with a warning, like one whose
/// schema cannot be read: a schema page only adds a type, it never makes a folder fail.
pub fn read_schema_page(file: &Path, text: &str, warnings: &mut Vec<Warning>) -> Result<Option<SchemaPage>, Error> {
    let fm = match frontmatter(file, text) {
        Ok(fm) => fm,
        Err(e) => {
            let message = format!("schema page: {}; skipped", e.message);
            warnings.push(Warning::new(Some(file), e.place.unwrap_or_default(), message));
            return Ok(None);
        }
    };
    let name = string_key(&fm.keys, "title").unwrap_or_else(|| {
        let stem = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        stem.trim_end_matches(".schema.mdx").to_owned()
    });
    match page_schema(file, fm.body) {
        Ok(schema) => Ok(Some(SchemaPage { file: file.to_path_buf(), name, schema })),
        Err(why) => {
            warnings.push(Warning::new(Some(file), "", format!("schema page `{name}`: {why}; skipped")));
            Ok(None)
        }
    }
}

/// The schema a page's `<Schema>` component is given, or why there is none.
fn page_schema(file: &Path, body: &str) -> Result<Value, String> {
    let start = body
        .match_indices("<Schema")
        .map(|(i, _)| i + "<Schema".len())
        .find(|&i| body[i..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'))
        .ok_or("no `<Schema>` component carries the schema (plugins before 4.2 write it as text only)")?;
    let props = body[start..].trim_start();
    let schema = if let Some(spread) = props.strip_prefix("{...require(") {
        let quoted = spread.split_once(")}").map_or("", |(q, _)| q.trim());
        let target = quoted
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .filter(|t| is_beside(t))
            .ok_or_else(|| format!("`require({quoted})` does not name a file beside the page"))?;
        let path = file.parent().unwrap_or(Path::new("")).join(target);
        // Read like any input: the same size limit, UTF-8 checked.
        let json = super::read_text(&path).map_err(|e| format!("cannot read {}: {}", path.display(), e.message))?;
        let props: Value =
            serde_json::from_str(&json).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
        props.get("schema").cloned()
    } else {
        // Inline: `schema={<JSON>}`, the JSON running to the end of its first value.
        let at = props.find("schema={").ok_or("the `<Schema>` component has no `schema` prop")? + "schema={".len();
        let mut values = serde_json::Deserializer::from_str(&props[at..]).into_iter::<Value>();
        values.next().transpose().map_err(|e| format!("its `schema` prop is not valid JSON: {e}"))?
    };
    schema.filter(Value::is_object).ok_or_else(|| "the `<Schema>` component is given no schema object".to_owned())
}

/// A `require` target in the page's folder or below it, never elsewhere.
fn is_beside(target: &str) -> bool {
    use std::path::Component;
    let path = Path::new(target);
    !target.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Reads a tag page: `title` names the tag, the Markdown body describes it.
pub fn read_tag_page(file: &Path, text: &str) -> Result<TagPage, Error> {
    let fm = frontmatter(file, text)?;
    let name = string_key(&fm.keys, "title")
        .or_else(|| string_key(&fm.keys, "sidebar_label"))
        .ok_or_else(|| Error::in_file(file, "tag page has no `title`"))?;
    Ok(TagPage { file: file.to_path_buf(), name, description: markdown_text(fm.body) })
}

/// Reads an info page: the `<h1>` title, the `Version:` badge and the introduction text.
pub fn read_info_page(file: &Path, text: &str) -> Result<InfoPage, Error> {
    let fm = frontmatter(file, text)?;
    let title = fm
        .body
        .split_once("<h1")
        .and_then(|(_, rest)| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</h1>"))
        .map(|(title, _)| title.trim().to_owned());
    let version =
        fm.body.split_once("Version: ").and_then(|(_, rest)| rest.split_once('<')).map(|(v, _)| v.trim().to_owned());
    let intro = fm.body.split_once("</h1>").map_or(fm.body, |(_, rest)| rest);
    let intro = intro.split("<div").next().unwrap_or_default();
    Ok(InfoPage { file: file.to_path_buf(), title, version, description: markdown_text(intro) })
}

/// The Markdown of an MDX body without `import` lines and JSX-only lines.
fn markdown_text(body: &str) -> Option<String> {
    let text = body
        .lines()
        .filter(|l| !l.starts_with("import ") && !l.trim_start().starts_with('<'))
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
