//! A request before it is sent: path, query, headers and body, all already encoded, so it can
//! be sent again (retries, token refresh, next page) without the caller's values.

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde_json::Value;

use super::encode;
use super::object::ToJson;

/// OpenAPI `style` of a query parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// An encoded request. Operation builders fill it; [`super::Client::execute`] sends it.
#[derive(Clone, Debug)]
pub struct Request {
    pub(super) method: Method,
    /// Path below the base URL, parameters already substituted.
    pub(super) path: String,
    /// Encoded `name=value` pairs.
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) body: Body,
    pub(super) experimental: bool,
    pub(super) operation: &'static str,
    /// The path template, e.g. `/items/{id}` (for the span of the `tracing` feature).
    #[cfg(feature = "tracing")]
    pub(super) template: &'static str,
    /// The first encoding problem, reported when the request is executed.
    pub(super) invalid: Option<String>,
    /// A path parameter the path template has no placeholder for (the API documentation's
    /// mistake), reported when the request is executed.
    pub(super) unplaced: Option<String>,
}

#[derive(Clone, Debug)]
pub(super) enum Body {
    Empty,
    Bytes { content_type: String, data: Bytes },
    Multipart(Form),
}

impl Request {
    /// A request for `operation` (its operationId, for error messages and tracing); `path` is
    /// the template, e.g. `/items/{id}`.
    pub fn new(method: Method, path: &'static str, operation: &'static str) -> Self {
        Request {
            method,
            path: path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            experimental: false,
            operation,
            #[cfg(feature = "tracing")]
            template: path,
            invalid: None,
            unplaced: None,
        }
    }

    fn fail(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// Substitutes `{name}` with the value as one percent-encoded path segment
    /// (arrays: `simple` style, comma-separated).
    pub fn path<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        self.path_value(name, value.to_json())
    }

    fn path_value(&mut self, name: &str, value: Value) -> &mut Self {
        let placeholder = format!("{{{name}}}");
        if !self.path.contains(&placeholder) {
            self.unplaced.get_or_insert_with(|| name.to_owned());
            return self;
        }
        let text = match &value {
            Value::Array(items) => items.iter().map(|v| encode::component(&encode::scalar(v))).collect::<Vec<_>>().join(","),
            other => encode::component(&encode::scalar(other)),
        };
        self.path = self.path.replace(&placeholder, &text);
        self
    }

    /// Adds a query parameter following OpenAPI `style`/`explode`; `None` (null) adds nothing.
    pub fn query<T: ToJson + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) -> &mut Self {
        self.query_json(name, value.to_json(), style, explode)
    }

    fn query_json(&mut self, name: &str, value: Value, style: Style, explode: bool) -> &mut Self {
        let key = encode::component(name);
        match (&value, style) {
            (Value::Null, _) => {}
            (Value::Array(items), _) if explode && style != Style::DeepObject => {
                for item in items {
                    let text = encode::component(&encode::scalar(item));
                    self.query.push((key.clone(), text));
                }
            }
            (Value::Array(items), _) => {
                let separator = match style {
                    Style::SpaceDelimited => "%20",
                    Style::PipeDelimited => "|",
                    _ => ",",
                };
                let text =
                    items.iter().map(|v| encode::component(&encode::scalar(v))).collect::<Vec<_>>().join(separator);
                self.query.push((key, text));
            }
            (Value::Object(_), Style::DeepObject) => {
                for (k, v) in encode::pairs(&value) {
                    let name = encode::component(&format!("{name}[{k}]"));
                    self.query.push((name, encode::component(&v)));
                }
            }
            (Value::Object(_), _) if explode => {
                for (k, v) in encode::pairs(&value) {
                    self.query.push((encode::component(&k), encode::component(&v)));
                }
            }
            (Value::Object(_), _) => {
                let text = encode::pairs(&value)
                    .iter()
                    .flat_map(|(k, v)| [encode::component(k), encode::component(v)])
                    .collect::<Vec<_>>()
                    .join(",");
                self.query.push((key, text));
            }
            (scalar, _) => {
                let text = encode::component(&encode::scalar(scalar));
                self.query.push((key, text));
            }
        }
        self
    }

    /// Replaces every value of a query parameter (pagination moves `offset` this way).
    pub fn set_query(&mut self, name: &str, value: &str) -> &mut Self {
        let key = encode::component(name);
        self.query.retain(|(k, _)| *k != key);
        self.query.push((key, encode::component(value)));
        self
    }

    /// The text of a query parameter, if set once.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        let key = encode::component(name);
        self.query.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// Adds a header (arrays comma-separated); `None` (null) adds nothing.
    pub fn header<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        self.header_json(name, value.to_json())
    }

    fn header_json(&mut self, name: &str, value: Value) -> &mut Self {
        let text = match value {
            Value::Null => return self,
            Value::Array(items) => items.iter().map(encode::scalar).collect::<Vec<_>>().join(","),
            other => encode::scalar(&other),
        };
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&text)) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => self.fail(format!("header `{name}` cannot carry the value given")),
        }
        self
    }

    /// A JSON body (`application/json`, `+json` and `json-patch+json` media types).
    pub fn json<T: ToJson + ?Sized>(&mut self, content_type: &str, body: &T) -> &mut Self {
        // Writing a `Value` as text does not fail: its map keys are strings.
        self.bytes(content_type, body.to_json().to_string())
    }

    /// An `application/x-www-form-urlencoded` body from an object's fields.
    pub fn form<T: ToJson + ?Sized>(&mut self, body: &T) -> &mut Self {
        self.form_value(&body.to_json())
    }

    fn form_value(&mut self, body: &Value) -> &mut Self {
        let text = encode::pairs(body)
            .iter()
            .map(|(k, v)| format!("{}={}", encode::component(k), encode::component(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.bytes("application/x-www-form-urlencoded", text)
    }

    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, form: Form) -> &mut Self {
        self.body = Body::Multipart(form);
        self
    }

    /// A raw body with its media type.
    pub fn bytes(&mut self, content_type: &str, data: impl Into<Bytes>) -> &mut Self {
        self.body = Body::Bytes { content_type: content_type.to_owned(), data: data.into() };
        self
    }

    /// Marks an endpoint that needs the `X-SailPoint-Experimental` header: it is sent only when
    /// the client opted in, otherwise the request fails before anything is sent.
    pub fn experimental(&mut self) -> &mut Self {
        self.experimental = true;
        self
    }

    /// Sets `Accept`.
    pub fn accept(&mut self, media: &'static str) -> &mut Self {
        self.headers.push((reqwest::header::ACCEPT, HeaderValue::from_static(media)));
        self
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Path and query below the base URL.
    pub fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (i, (k, v)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
        out
    }

    /// Applies headers and body to a reqwest builder (once per attempt).
    pub(super) fn apply(&self, mut builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        match &self.body {
            Body::Empty => builder,
            Body::Bytes { content_type, data } => {
                builder.header(CONTENT_TYPE, content_type.as_str()).body(data.clone())
            }
            Body::Multipart(form) => builder.multipart(form.to_reqwest()),
        }
    }
}

/// A `multipart/form-data` body: text fields and file parts. Cheap to clone (parts are
/// [`Bytes`]), so it can be sent again on a retry.
#[derive(Clone, Debug, Default)]
pub struct Form {
    parts: Vec<Part>,
}

#[derive(Clone, Debug)]
struct Part {
    name: String,
    data: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Form {
    pub fn new() -> Self {
        Form::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            data: Bytes::from(value.into()),
            file_name: None,
            content_type: None,
        });
        self
    }

    /// Adds a file part; `content_type` defaults to `application/octet-stream`.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: Option<&str>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            data: data.into(),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.unwrap_or("application/octet-stream").to_owned()),
        });
        self
    }

    /// Adds a field holding a value as JSON text (objects, arrays) or plain text (scalars).
    pub fn json<T: ToJson + ?Sized>(self, name: impl Into<String>, value: &T) -> Self {
        self.text(name, encode::scalar(&value.to_json()))
    }

    fn to_reqwest(&self) -> reqwest::multipart::Form {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let mut p = reqwest::multipart::Part::stream(part.data.clone());
            if let Some(media) = &part.content_type {
                // An unparsable media type is sent without one rather than failing.
                p = p.mime_str(media).unwrap_or_else(|_| reqwest::multipart::Part::stream(part.data.clone()));
            }
            if let Some(name) = &part.file_name {
                p = p.file_name(name.clone());
            }
            form = form.part(part.name.clone(), p);
        }
        form
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        let mut r = Request::new(Method::GET, "/a/{id}", "t");
        r.path("id", "x/y z");
        r.query("ids", &["a", "b c"], Style::Form, true);
        r.query("csv", &["a", "b"], Style::Form, false);
        r.query("none", &Option::<i32>::None, Style::Form, true);
        r.query("limit", &Some(5), Style::Form, true);
        assert_eq!(r.path_and_query(), "/a/x%2Fy%20z?ids=a&ids=b%20c&csv=a,b&limit=5");
    }

    #[test]
    fn a_parameter_without_placeholder_is_kept_aside() {
        let mut r = Request::new(Method::PATCH, "/entitlements", "t");
        r.path("id", "{id}");
        assert_eq!((r.path.as_str(), r.unplaced.as_deref()), ("/entitlements", Some("id")));
        let mut r = Request::new(Method::GET, "/a/{id}", "t");
        r.path("id", "{b}");
        assert_eq!((r.path.as_str(), r.unplaced), ("/a/%7Bb%7D", None));
    }
}
