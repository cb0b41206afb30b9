//! The line reader: a small state machine that splits the copied text into the parts of one
//! operation. Blank lines carry no meaning in copied text, so they are dropped (line numbers are
//! kept for messages); every other line is trimmed.

use std::path::Path;

use serde_json::Value;

use super::tree::is_any_type;
use crate::{Error, Warning};

/// One non-blank line of the file.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub no: usize,
    pub text: &'a str,
}

/// A parameter listed under `Path Parameters`, `Query Parameters`...
#[derive(Debug, Clone, Default)]
pub struct Param {
    /// `path`, `query`, `header` or `cookie`.
    pub location: &'static str,
    pub name: String,
    pub type_text: String,
    pub required: bool,
    pub nullable: bool,
    pub possible: Option<Vec<String>>,
    pub default: Option<String>,
    pub example: Option<String>,
    pub description: Vec<String>,
    pub line: usize,
}

/// One example body as shown on the page.
#[derive(Debug, Clone)]
pub struct Example {
    /// The line shown above a named example (`An example of a 403 response object`).
    pub title: Option<String>,
    pub value: Value,
}

/// The request body, or one response with its content.
#[derive(Debug, Clone, Default)]
pub struct Section<'a> {
    /// Description paragraphs (for a response: its description).
    pub description: Vec<String>,
    pub line: usize,
    pub media_types: Vec<String>,
    /// `required` under `Body`.
    pub required: bool,
    /// `Body array`: the body is an array.
    pub array: bool,
    /// The tabs beside `Schema` and `Example (from schema)`: names of further examples.
    pub example_tabs: Vec<String>,
    /// The lines describing the schema (field descriptions, headers, possible values).
    pub schema_lines: Vec<Line<'a>>,
    pub examples: Vec<Example>,
}

/// Everything read from a rendered page.
#[derive(Debug, Clone, Default)]
pub struct Rendered<'a> {
    pub summary: Option<String>,
    /// Lower-case HTTP method.
    pub method: String,
    pub path: String,
    pub description: Vec<String>,
    pub parameters: Vec<Param>,
    pub request: Option<Section<'a>>,
    /// Status codes as listed under `Responses`, with their lines.
    pub statuses: Vec<(String, usize)>,
    /// Response sections in page order (matched to `statuses` by position).
    pub responses: Vec<Section<'a>>,
}

const METHODS: [&str; 8] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

/// `POST/identities/invite` (a space between method and path is accepted).
pub fn method_path(line: &str) -> Option<(String, String)> {
    let upper = line.get(..7.min(line.len()))?.to_ascii_uppercase();
    let method = METHODS.iter().find(|m| upper.starts_with(*m))?;
    let path = line[method.len()..].trim_start();
    (path.starts_with('/') && !path.contains(char::is_whitespace))
        .then(|| (method.to_ascii_lowercase(), path.to_owned()))
}

/// `PATCH` then `/access-profiles/:id` on the next line.
/// The path line may start with the portal's server URL (`https://api.example.com/v3/x/:id`);
/// that origin is returned third, to be dropped with a warning.
fn split_method_path(method: Option<&Line<'_>>, path: Option<&Line<'_>>) -> Option<(String, String, Option<String>)> {
    let (method, line) = (method?.text, path?.text);
    let known = METHODS.iter().any(|m| method.eq_ignore_ascii_case(m));
    let (origin, path) = match line.split_once("://") {
        Some((scheme, rest)) if matches!(scheme, "http" | "https") => {
            let at = rest.find('/')?;
            (Some(format!("{scheme}://{}", &rest[..at])), &rest[at..])
        }
        _ => (None, line),
    };
    (known && path.starts_with('/') && !path.contains(char::is_whitespace))
        .then(|| (method.to_ascii_lowercase(), path.to_owned(), origin))
}

/// `- application/json` (or, in today's theme, `application/json`): a media type tab.
fn media_type(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("- ").unwrap_or(line).trim();
    let (kind, sub) = rest.split_once('/')?;
    let token = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-*".contains(c));
    (token(kind) && token(sub.split(';').next().unwrap_or_default().trim())).then_some(rest)
}

/// `- 202`, `- 4XX`, `- default` (or `202` in today's theme): a status tab under `Responses`.
fn status(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("- ").unwrap_or(line).trim();
    let code = rest.len() == 3
        && rest.starts_with(['1', '2', '3', '4', '5'])
        && (rest[1..].chars().all(|c| c.is_ascii_digit()) || rest[1..].eq_ignore_ascii_case("XX"));
    (code || rest == "default").then_some(rest)
}

fn parameter_heading(line: &str) -> Option<&'static str> {
    match line {
        "Path Parameters" => Some("path"),
        "Query Parameters" => Some("query"),
        "Header Parameters" => Some("header"),
        "Cookie Parameters" => Some("cookie"),
        _ => None,
    }
}

/// `string`, `integer<int64>`, `object[]`, `string<date-time>[]`: the type line of a named item.
pub fn is_type_line(line: &str) -> bool {
    let mut base = line;
    while let Some(b) = base.strip_suffix("[]") {
        base = b;
    }
    let (name, format) = match base.split_once('<') {
        Some((name, rest)) => (name, rest.strip_suffix('>')),
        None => (base, Some("")),
    };
    let format_ok = format.is_some_and(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    format_ok && matches!(name, "string" | "integer" | "number" | "boolean" | "object" | "array" | "null")
}

/// Tab and heading lines that carry no information of their own.
fn is_tab_marker(line: &str) -> bool {
    matches!(
        line,
        "Schema" | "- Schema" | "- Example" | "- Example (from schema)" | "Example (auto)" | "Example (from schema)"
    )
}

/// Whether a line starts a JSON example: `{...`, or `[` followed by a JSON value or nothing.
pub fn starts_json(line: &str) -> bool {
    if line.starts_with('{') {
        return true;
    }
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    match rest.trim_start().chars().next() {
        None => true,
        Some(c) => "{[]\"-0123456789tfn".contains(c),
    }
}

/// Whether a line can be part of pretty-printed JSON (not prose).
fn json_like(line: &str) -> bool {
    line.starts_with(['"', '{', '}', '[', ']', ',', '-'])
        || line.starts_with(|c: char| c.is_ascii_digit())
        || ["true", "false", "null"].iter().any(|w| line.starts_with(w))
}

/// Nesting depth change of one line of JSON, ignoring brackets inside strings.
fn depth_change(line: &str, in_string: &mut bool) -> i64 {
    let mut depth = 0;
    let mut escaped = false;
    for c in line.chars() {
        if *in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => *in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => *in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// Parses `Possible values: [A, B]`, possibly spread over lines (`[A`, `, B`, `]`), starting
/// at `lines[i]`. Returns the values and the index after the list; `None` when the line is not a
/// list (`Possible values: >= 1`).
pub fn possible_values(lines: &[Line<'_>], i: usize) -> Option<(Vec<String>, usize)> {
    let rest = lines[i].text.strip_prefix("Possible values:")?.trim();
    let mut text = rest.strip_prefix('[')?.to_owned();
    let mut next = i + 1;
    while !text.trim_end().ends_with(']') {
        let line = lines.get(next)?;
        // Continuation lines start with `,` or are the closing `]`; anything else ends it.
        if !(line.text.starts_with(',') || line.text.starts_with(']')) {
            return None;
        }
        text.push_str(line.text);
        next += 1;
    }
    let inner = text.trim_end().strip_suffix(']').unwrap_or_default();
    let values = inner.split(',').map(|v| v.trim().trim_matches('`').to_owned()).filter(|v| !v.is_empty()).collect();
    Some((values, next))
}

/// The parts of a page are read in this order; each state names what is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Description,
    /// After `Request`, before `Body` or a parameter list.
    Request,
    Parameters(&'static str),
    /// After `Body`: the request body's schema lines and examples.
    Body,
    /// The `- 202` lines after `Responses`.
    Statuses,
    /// A response's description (before its media types).
    ResponseDescription,
    /// A response's tabs: `- application/json`, `- Schema`, `- Example (from schema)`, `- 403`.
    ResponseTabs,
    /// A response's schema lines, until its first example.
    ResponseSchema,
    /// After a response's example: more examples, or the next response.
    ResponseExamples,
}

struct Reader<'a, 'w> {
    file: &'a Path,
    lines: Vec<Line<'a>>,
    warnings: &'w mut Vec<Warning>,
    page: Rendered<'a>,
}

/// Reads a rendered page.
pub fn parse<'a>(file: &'a Path, text: &'a str, warnings: &mut Vec<Warning>) -> Result<Rendered<'a>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, l)| Line { no: i + 1, text: l.trim() })
        .filter(|l| !l.text.is_empty())
        .collect();
    let Some(first) = lines.first() else {
        return Err(
            Error::in_file(file, "the file is empty: expected the text of a rendered operation page").at("line 1")
        );
    };
    let mut page = Rendered::default();
    let start = if let Some((method, path)) = method_path(first.text) {
        warnings.push(Warning::new(
            Some(file),
            format!("line {}", first.no),
            "no summary line above the method and path; the draft has no summary",
        ));
        (page.method, page.path) = (method, path);
        1
    } else if let Some((method, path)) = lines.get(1).and_then(|l| method_path(l.text)) {
        page.summary = Some(first.text.to_owned());
        (page.method, page.path) = (method, path);
        2
    } else if let Some((method, path, origin)) = split_method_path(lines.get(1), lines.get(2)) {
        // Today's theme: the method badge and the path are separate blocks.
        if let Some(origin) = origin {
            warnings.push(Warning::new(
                Some(file),
                format!("line {}", lines[2].no),
                format!(
                    "the path is shown after the server URL `{origin}`; drafted as `{path}`: \
                     remove any base path of the server from it"
                ),
            ));
        }
        page.summary = Some(first.text.to_owned());
        (page.method, page.path) = (method, path);
        3
    } else {
        let line = lines.get(1).map_or(first.no + 1, |l| l.no);
        return Err(Error::in_file(
            file,
            "expected the method and path (like `POST/identities/invite`) on the line after \
             the summary",
        )
        .at(format!("line {line}")));
    };
    let mut reader = Reader { file, lines, warnings, page };
    reader.run(start);
    Ok(reader.page)
}

impl<'a> Reader<'a, '_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning::new(Some(self.file), format!("line {line}"), message));
    }

    fn run(&mut self, mut i: usize) {
        let mut state = State::Description;
        while i < self.lines.len() {
            let line = self.lines[i];
            let text = line.text;
            // Headings that switch state wherever they appear before the responses.
            if !matches!(
                state,
                State::Statuses
                    | State::ResponseDescription
                    | State::ResponseTabs
                    | State::ResponseSchema
                    | State::ResponseExamples
            ) {
                if text == "Request" {
                    state = State::Request;
                    i += 1;
                    continue;
                }
                // Today's theme shows the body's media type tabs right after the parameters.
                if let (State::Parameters(_), Some(media)) = (state, media_type(text)) {
                    self.request().media_types.push(media.to_owned());
                    state = State::Request;
                    i += 1;
                    continue;
                }
                if let Some(location) = parameter_heading(text) {
                    state = State::Parameters(location);
                    i += 1;
                    continue;
                }
                if text == "Responses" {
                    state = State::Statuses;
                    i += 1;
                    continue;
                }
                // `Body`, or today's `Body` tab then `Body array` / `Body` above the tree.
                if text == "Body" || text == "Body array" {
                    let required = self.lines.get(i + 1).is_some_and(|l| l.text == "required");
                    let body = self.request();
                    if body.line == 0 {
                        body.line = line.no;
                    }
                    body.array |= text == "Body array";
                    if required {
                        body.required = true;
                        i += 1;
                    }
                    state = State::Body;
                    i += 1;
                    continue;
                }
            }
            i = match state {
                State::Description => {
                    self.page.description.push(text.to_owned());
                    i + 1
                }
                State::Request => {
                    if let Some(media) = media_type(text) {
                        self.request().media_types.push(media.to_owned());
                    } else {
                        self.request().description.push(text.to_owned());
                    }
                    i + 1
                }
                State::Parameters(location) => self.parameter_line(i, location),
                State::Body => {
                    if starts_json(text) {
                        let (example, next) = self.example(i, None);
                        self.request().examples.extend(example);
                        next
                    } else {
                        // Among schema lines only a `- ` tab is a media type.
                        if let Some(media) = text.strip_prefix("- ").and_then(|_| media_type(text)) {
                            self.request().media_types.push(media.to_owned());
                        } else if !is_tab_marker(text) {
                            self.request().schema_lines.push(line);
                        }
                        i + 1
                    }
                }
                State::Statuses => {
                    if let Some(code) = status(text) {
                        self.page.statuses.push((code.to_owned(), line.no));
                        i + 1
                    } else {
                        state = State::ResponseDescription;
                        self.page.responses.push(Section { line: line.no, ..Section::default() });
                        i
                    }
                }
                State::ResponseDescription => {
                    let section = self.response();
                    if let Some(media) = media_type(text) {
                        section.media_types.push(media.to_owned());
                        state = State::ResponseTabs;
                    } else {
                        section.description.push(text.to_owned());
                    }
                    i + 1
                }
                State::ResponseTabs => {
                    let section = self.response();
                    if let Some(media) = media_type(text) {
                        section.media_types.push(media.to_owned());
                    } else if let Some(tab) = text.strip_prefix("- ") {
                        if !is_tab_marker(text) {
                            section.example_tabs.push(tab.trim().to_owned());
                        }
                    } else {
                        // `Schema` heads the schema lines; any other line already is one.
                        state = State::ResponseSchema;
                        if text != "Schema" {
                            continue;
                        }
                    }
                    i + 1
                }
                State::ResponseSchema => {
                    if starts_json(text) {
                        let (example, next) = self.example(i, None);
                        self.response().examples.extend(example);
                        state = State::ResponseExamples;
                        next
                    } else {
                        if !is_tab_marker(text) {
                            self.response().schema_lines.push(line);
                        }
                        i + 1
                    }
                }
                State::ResponseExamples => {
                    if starts_json(text) {
                        let (example, next) = self.example(i, None);
                        self.response().examples.extend(example);
                        next
                    } else if self.lines.get(i + 1).is_some_and(|l| starts_json(l.text)) {
                        let (example, next) = self.example(i + 1, Some(text.to_owned()));
                        self.response().examples.extend(example);
                        next
                    } else {
                        // Prose after the examples: the next response's description.
                        self.page.responses.push(Section { line: line.no, ..Section::default() });
                        state = State::ResponseDescription;
                        i
                    }
                }
            };
        }
    }

    /// One line under a parameter heading; returns the index of the next unread line.
    fn parameter_line(&mut self, i: usize, location: &'static str) -> usize {
        let line = self.lines[i];
        let next_is_type = self.lines.get(i + 1).is_some_and(|l| is_any_type(l.text));
        if next_is_type && !is_type_line(line.text) && !line.text.starts_with("Possible values:") {
            let mut param = Param {
                location,
                name: line.text.to_owned(),
                type_text: self.lines[i + 1].text.to_owned(),
                line: line.no,
                ..Param::default()
            };
            let mut next = i + 2;
            while let Some(flag) = self.lines.get(next).map(|l| l.text) {
                match flag {
                    "required" => param.required = true,
                    "nullable" => param.nullable = true,
                    "deprecated" => {}
                    _ => break,
                }
                next += 1;
            }
            self.page.parameters.push(param);
            return next;
        }
        let Some(param) = self.page.parameters.last_mut() else {
            self.warn(line.no, "text before the first parameter's name; ignored");
            return i + 1;
        };
        if let Some((values, next)) = possible_values(&self.lines, i) {
            param.possible = Some(values);
            return next;
        }
        if let Some(value) = line.text.strip_prefix("Default value:") {
            param.default = Some(value.trim().to_owned());
        } else if let Some(value) = line.text.strip_prefix("Example:") {
            param.example = Some(value.trim().to_owned());
        } else if !line.text.starts_with("Possible values:") {
            param.description.push(line.text.to_owned());
        }
        i + 1
    }

    /// Reads the JSON example starting at `lines[start]`; returns it (unless it is malformed,
    /// which is a warning) and the index of the first line after it.
    fn example(&mut self, start: usize, title: Option<String>) -> (Option<Example>, usize) {
        let mut text = String::new();
        let mut depth = 0;
        let mut in_string = false;
        let mut end = start;
        while let Some(line) = self.lines.get(end) {
            if end > start && !json_like(line.text) {
                break;
            }
            depth += depth_change(line.text, &mut in_string);
            text.push_str(line.text);
            text.push('\n');
            end += 1;
            if depth <= 0 && !in_string {
                break;
            }
        }
        let first = self.lines[start].no;
        match serde_json::from_str(&text) {
            Ok(value) => (Some(Example { title, value }), end),
            Err(e) => {
                let at = self.lines.get(start + e.line().saturating_sub(1)).map_or(first, |l| l.no);
                self.warn(
                    at,
                    format!(
                        "the example starting at line {first} is not valid JSON ({e}); it is \
                         left out, so the schema it would show must be filled in by hand"
                    ),
                );
                (None, end)
            }
        }
    }

    fn request(&mut self) -> &mut Section<'a> {
        self.page.request.get_or_insert_with(Section::default)
    }

    fn response(&mut self) -> &mut Section<'a> {
        if self.page.responses.is_empty() {
            self.page.responses.push(Section::default());
        }
        let last = self.page.responses.len() - 1;
        &mut self.page.responses[last]
    }
}
