//! Operations: one plain-data value per API operation, plus what the client needs to know about
//! the API as a whole (servers, security). Names are decided here, once, so that methods, builder
//! types and error types never collide.

use std::collections::BTreeSet;

use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema, SchemaKind,
    SecurityScheme, StatusCode, Type,
};

use crate::assemble::paths;
use crate::ir::names::{camel, snake};
use crate::ir::types::{NameHint, Shape, TypeId, TypeSpace, Usage};
use crate::{Error, Warning};

/// The header SailPoint requires on experimental endpoints; sent by the runtime on opt-in.
const EXPERIMENTAL_HEADER: &str = "x-sailpoint-experimental";

/// Headers the runtime sets itself; documented ones are not parameters of the methods.
const RUNTIME_HEADERS: &[&str] = &["authorization", "content-type", "accept"];

/// Methods of `Client` and of every builder that operations must not take as names.
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "for_tenant",
    "for_default_server",
    "from_env",
    "base_url",
    "execute",
    "execute_streaming",
    "clone",
    "fmt",
];
const BUILDER_METHODS: &[&str] =
    &["send", "send_streaming", "items", "request", "decode", "into_future", "client", "body", "new", "fill"];

/// Each operation's types in the `client` module: builder, errors, responses, body alias.
const TYPE_SUFFIXES: [&str; 4] = ["", "Error", "Response", "Body"];

/// Names a type in the `client` module must not take: prelude names the generated code uses.
const RESERVED_TYPES: &[&str] = &[
    "Client",
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Send",
    "Sync",
    "Sized",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Future",
    "IntoFuture",
    "Self",
    "From",
    "Into",
    "Drop",
    "Fn",
    "Iterator",
    "ToString",
    "Eq",
    "PartialEq",
    "API",
];

/// The API as a whole.
#[derive(Debug, Clone, Default)]
pub struct ApiInfo {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    pub servers: Vec<ServerInfo>,
    /// The documented OAuth2 client-credentials token URL.
    pub token_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ServerInfo {
    pub url: String,
    /// `(name, default)`.
    pub variables: Vec<(String, String)>,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId (or the method and path when there is none), for messages.
    pub id: String,
    /// `snake_case` method name.
    pub name: String,
    /// `UpperCamelCase` base of the builder, error and response type names.
    pub type_name: String,
    /// Lowercase HTTP method.
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// 2xx responses.
    pub success: Vec<Reply>,
    /// Documented error responses (4xx, 5xx, ranges, default).
    pub errors: Vec<Reply>,
    /// Needs the `X-SailPoint-Experimental` header.
    pub experimental: bool,
    /// Has `limit` and `offset` query parameters and returns an array.
    pub paginated: bool,
    /// The operation's tags, as documented (the first decides its cargo feature).
    pub tags: Vec<String>,
}

impl Operation {
    /// Every type the operation's method, builder and errors spell out.
    pub fn type_ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        let body = self.body.iter().filter(|b| matches!(b.kind, BodyKind::Json | BodyKind::Form)).map(|b| b.ty);
        let replies = self.success.iter().chain(&self.errors).filter_map(|r| match r.content {
            Content::Json(ty) => Some(ty),
            _ => None,
        });
        self.params.iter().map(|p| p.ty).chain(body).chain(replies)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

/// OpenAPI `style` of a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// `snake_case` argument and setter name.
    pub ident: String,
    pub location: Location,
    pub required: bool,
    pub ty: TypeId,
    pub style: Style,
    pub explode: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON, `+json`, `json-patch+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: the caller builds a `runtime::Form`.
    Multipart,
    /// Anything else: raw bytes.
    Bytes,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub kind: BodyKind,
    pub media: String,
    pub ty: TypeId,
    pub required: bool,
    pub description: Option<String>,
    /// For multipart bodies: `(field, description)` of the schema's properties, for the docs.
    pub fields: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX`: the first digit.
    Range(u16),
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Json(TypeId),
    Bytes,
    Empty,
}

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusMatch,
    /// Variant name in the response or error enum (`NotFound`, `Status418`).
    pub variant: String,
    pub content: Content,
    /// Media type of a [`Content::Json`] or [`Content::Bytes`] body.
    pub media: Option<String>,
    pub description: String,
}

pub fn collect(
    api: &OpenAPI,
    types: &mut TypeSpace,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Operation>, ApiInfo), Error> {
    let info = api_info(api);
    let mut names = Names::default();
    let mut operations = Vec::new();
    let mut cx = Cx { api, types, warnings };
    for (path, method, op) in api.operations() {
        operations.push(cx.operation(path, method, op, &mut names));
    }
    Ok((operations, info))
}

fn api_info(api: &OpenAPI) -> ApiInfo {
    let servers = api
        .servers
        .iter()
        .map(|s| ServerInfo {
            url: s.url.clone(),
            variables: s.variables.iter().flatten().map(|(name, v)| (name.clone(), v.default.clone())).collect(),
        })
        .collect();
    let token_url = api.components.iter().flat_map(|c| c.security_schemes.values()).find_map(|scheme| match scheme {
        ReferenceOr::Item(SecurityScheme::OAuth2 { flows, .. }) => {
            flows.client_credentials.as_ref().map(|f| f.token_url.clone())
        }
        _ => None,
    });
    ApiInfo {
        title: api.info.title.clone(),
        description: api.info.description.clone(),
        version: api.info.version.clone(),
        servers,
        token_url,
    }
}

/// Names taken so far, across all operations.
#[derive(Default)]
struct Names {
    methods: BTreeSet<String>,
    types: BTreeSet<String>,
}

impl Names {
    fn method(&mut self, base: String) -> String {
        let mut name = base.clone();
        let mut n = 1;
        while CLIENT_METHODS.contains(&name.as_str()) || self.methods.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        self.methods.insert(name.clone());
        name
    }

    /// A type base name `X` such that `X`, `XError`, `XResponse` and `XBody` are all free.
    fn types(&mut self, base: String) -> String {
        let mut name = base.clone();
        let mut n = 1;
        let taken = |names: &BTreeSet<String>, name: &str| {
            TYPE_SUFFIXES
                .iter()
                .map(|suffix| format!("{name}{suffix}"))
                .any(|n| names.contains(&n) || RESERVED_TYPES.contains(&n.as_str()))
        };
        while taken(&self.types, &name) {
            n += 1;
            name = format!("{base}{n}");
        }
        for suffix in TYPE_SUFFIXES {
            self.types.insert(format!("{name}{suffix}"));
        }
        name
    }
}

pub(super) struct Cx<'a> {
    pub api: &'a OpenAPI,
    pub types: &'a mut TypeSpace,
    pub warnings: &'a mut Vec<Warning>,
}

/// `get /accounts/{id}/roles` -> `get_accounts_by_id_roles`, for operations without an id.
fn fallback_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(var) => words.push(format!("by {var}")),
            None => words.push(segment.to_owned()),
        }
    }
    words.join(" ")
}

impl Cx<'_> {
    pub(super) fn warn(&mut self, place: String, message: String) {
        self.warnings.push(Warning::new(None, place, message));
    }

    fn operation(&mut self, path: &str, method: &str, op: &openapiv3::Operation, names: &mut Names) -> Operation {
        let id = op.operation_id.clone().unwrap_or_else(|| fallback_name(method, path));
        let name = names.method(snake(&id));
        let type_name = names.types(camel(&id));
        let hint = NameHint::new(id.clone());
        let place = format!("{} {path}", method.to_uppercase());

        let mut experimental =
            op.extensions.get(EXPERIMENTAL_HEADER).is_some_and(|v| !matches!(v, serde_json::Value::Bool(false)));
        let mut params: Vec<Param> = Vec::new();
        let mut idents: BTreeSet<String> = BUILDER_METHODS.iter().map(|s| s.to_string()).collect();
        // Path parameters the path has no placeholder for: arguments still, but calls fail.
        let unplaced: Vec<Parameter> =
            op.extensions.get(paths::UNPLACED).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default();
        let listed = op.parameters.iter().map(|p| resolve_parameter(self.api, p));
        for param in listed.chain(unplaced.iter().map(Some)) {
            let Some(param) = param else {
                self.warn(place.clone(), "unresolvable parameter `$ref` skipped".into());
                continue;
            };
            let data = param.parameter_data_ref();
            let lower = data.name.to_ascii_lowercase();
            let (location, style) = match param {
                Parameter::Path { .. } => (Location::Path, Style::Form),
                Parameter::Query { style, .. } => (
                    Location::Query,
                    match style {
                        QueryStyle::Form => Style::Form,
                        QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                        QueryStyle::PipeDelimited => Style::PipeDelimited,
                        QueryStyle::DeepObject => Style::DeepObject,
                    },
                ),
                Parameter::Header { .. } if lower == EXPERIMENTAL_HEADER => {
                    experimental = true;
                    continue;
                }
                Parameter::Header { .. } if RUNTIME_HEADERS.contains(&lower.as_str()) => continue,
                Parameter::Header { .. } => (Location::Header, Style::Form),
                Parameter::Cookie { .. } => {
                    self.warn(place.clone(), format!("cookie parameter `{}` is not supported; skipped", data.name));
                    continue;
                }
            };
            let any = ReferenceOr::Item(any_schema());
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(content) => {
                    content.values().find_map(|m| m.schema.as_ref()).unwrap_or(&any)
                }
            };
            let ty =
                self.types.add(schema, &hint.push("Param").push(data.name.clone()), Usage::Parameter, self.warnings);
            let documented = data.extensions.get(paths::DOCUMENTED_NAME).and_then(|v| v.as_str());
            let mut ident = snake(documented.unwrap_or(&data.name));
            while !idents.insert(ident.clone()) {
                ident.push_str("_param");
            }
            params.push(Param {
                wire: data.name.clone(),
                ident,
                location,
                required: data.required || location == Location::Path,
                ty,
                style,
                // OpenAPI: `form` explodes by default, every other style does not.
                explode: data.explode.unwrap_or(style == Style::Form),
                description: match location {
                    Location::Path if !paths::placeholders(path).contains(&data.name.as_str()) => Some(format!(
                        "The API documentation gives this path parameter no place in the path `{path}`: calls \
                         fail with `RequestError::UnplacedPathParameter`, sending nothing, until it is corrected.{}",
                        data.description.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default()
                    )),
                    _ => data.description.clone(),
                },
            });
        }
        // Path parameters in the order of the path template, so arguments read like the URL.
        params.sort_by_key(|p| match p.location {
            Location::Path => path.find(&format!("{{{}}}", p.wire)).unwrap_or(usize::MAX),
            _ => usize::MAX,
        });

        let body = op.request_body.as_ref().and_then(|b| self.body(b, &id, &hint.push("Request"), &place));

        let mut success = Vec::new();
        let mut errors = Vec::new();
        for (status, response) in &op.responses.responses {
            let status = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(first) => StatusMatch::Range(*first),
            };
            let reply = self.reply(status, response, &id, &hint.push("Response").push(status_label(status)));
            match status {
                StatusMatch::Code(200..=299) | StatusMatch::Range(2) => success.push(reply),
                _ => errors.push(reply),
            }
        }
        if let Some(default) = &op.responses.default {
            let reply = self.reply(StatusMatch::Default, default, &id, &hint.push("Response").push("default"));
            if success.is_empty() {
                // The default response is the only one documented: read it as the success.
                success.push(Reply { status: StatusMatch::Range(2), variant: "Ok".into(), ..reply });
            } else {
                errors.push(reply);
            }
        }

        let has_query = |name: &str| params.iter().any(|p| p.location == Location::Query && p.wire == name);
        let paginated = has_query("limit")
            && has_query("offset")
            && success.len() == 1
            && matches!(success[0].content, Content::Json(ty) if self.is_array(ty, op, &success[0]));

        Operation {
            id,
            name,
            type_name,
            method: method.to_owned(),
            path: path.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            success,
            errors,
            experimental,
            paginated,
            tags: op.tags.clone(),
        }
    }

    /// Whether a success body is a page of items: a `Vec`, or a JSON value whose schema is an
    /// array. A struct or union never is, whatever its schema says besides its properties.
    fn is_array(&self, ty: TypeId, op: &openapiv3::Operation, reply: &Reply) -> bool {
        match self.types.shape(ty) {
            Shape::Array(_) => return true,
            Shape::Any if self.types.is_json_value(ty) => {}
            _ => return false,
        }
        let response = op.responses.responses.iter().find_map(|(status, r)| {
            let matches = match (status, reply.status) {
                (StatusCode::Code(a), StatusMatch::Code(b)) => *a == b,
                (StatusCode::Range(a), StatusMatch::Range(b)) => *a == b,
                _ => false,
            };
            matches.then_some(r)
        });
        let schema = response
            .and_then(|r| resolve_response(self.api, r))
            .and_then(|r| r.content.get(reply.media.as_deref()?))
            .and_then(|m| m.schema.as_ref())
            .and_then(|s| resolve_schema(self.api, s));
        match schema.map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::Array(_))) => true,
            Some(SchemaKind::Any(any)) => any.typ.as_deref() == Some("array") || any.items.is_some(),
            _ => false,
        }
    }

    pub(super) fn body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        id: &str,
        hint: &NameHint,
        place: &str,
    ) -> Option<Body> {
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                match component(reference, "requestBodies")
                    .and_then(|name| self.api.components.as_ref()?.request_bodies.get(name))
                {
                    Some(ReferenceOr::Item(b)) => b,
                    _ => {
                        self.warn(place.to_owned(), format!("request body {reference} not found"));
                        return None;
                    }
                }
            }
        };
        // One media type per operation: the one the client can best encode.
        let (media, content) = body.content.iter().min_by_key(|(media, _)| body_kind_rank(media))?;
        let kind = body_kind(media);
        let any = ReferenceOr::Item(any_schema());
        let schema = content.schema.as_ref().unwrap_or(&any);
        let ty = self.types.add(schema, hint, Usage::Request, self.warnings);
        self.examples(ty, content, &format!("{id} request"));
        if let Some(example) = content.extensions.get(crate::assemble::JSON_REQUEST_BODY_EXAMPLE) {
            self.types.add_example(ty, format!("{id} request body example"), example.clone());
        }
        let fields = match kind {
            BodyKind::Multipart => self.multipart_fields(schema),
            _ => Vec::new(),
        };
        Some(Body {
            kind,
            media: media.clone(),
            ty,
            required: body.required,
            description: body.description.clone(),
            fields,
        })
    }

    fn multipart_fields(&self, schema: &ReferenceOr<Schema>) -> Vec<(String, String)> {
        let Some(schema) = resolve_schema(self.api, schema) else {
            return Vec::new();
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return Vec::new();
        };
        object
            .properties
            .iter()
            .map(|(name, prop)| {
                let prop = match prop {
                    ReferenceOr::Item(p) => resolve_schema_item(self.api, p),
                    ReferenceOr::Reference { reference } => component(reference, "schemas")
                        .and_then(|n| self.api.components.as_ref()?.schemas.get(n))
                        .and_then(|s| resolve_schema(self.api, s)),
                };
                let mut text = String::new();
                if let Some(prop) = prop {
                    if let SchemaKind::Type(Type::String(s)) = &prop.schema_kind {
                        if matches!(
                            &s.format,
                            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
                        ) {
                            text.push_str("(file) ");
                        }
                    }
                    if let Some(d) = &prop.schema_data.description {
                        text.push_str(d.lines().next().unwrap_or_default());
                    }
                }
                let required = if object.required.contains(name) { " (required)" } else { "" };
                (name.clone(), format!("{}{required}", text.trim_end()))
            })
            .collect()
    }

    pub(super) fn reply(
        &mut self,
        status: StatusMatch,
        response: &ReferenceOr<openapiv3::Response>,
        id: &str,
        hint: &NameHint,
    ) -> Reply {
        let label = status_label(status);
        let variant = variant_name(status);
        let Some(response) = resolve_response(self.api, response) else {
            return Reply { status, variant, content: Content::Empty, media: None, description: String::new() };
        };
        let description = response.description.clone();
        // JSON when documented (an error may also list images), else raw bytes.
        let json = response.content.iter().find(|(m, _)| is_json(m));
        let (content, media) = match json {
            Some((media, m)) => {
                let any = ReferenceOr::Item(any_schema());
                let schema = m.schema.as_ref().unwrap_or(&any);
                let ty = self.types.add(schema, hint, Usage::Response, self.warnings);
                self.examples(ty, m, &format!("{id} response {label}"));
                (Content::Json(ty), Some(media.clone()))
            }
            None => match response.content.keys().next() {
                Some(media) => (Content::Bytes, Some(media.clone())),
                None => (Content::Empty, None),
            },
        };
        Reply { status, variant, content, media, description }
    }

    fn examples(&mut self, ty: TypeId, media: &MediaType, label: &str) {
        if let Some(example) = &media.example {
            self.types.add_example(ty, format!("{label} example"), example.clone());
        }
        for (name, example) in &media.examples {
            let example = match example {
                ReferenceOr::Item(e) => Some(e),
                ReferenceOr::Reference { reference } => component(reference, "examples")
                    .and_then(|n| self.api.components.as_ref()?.examples.get(n))
                    .and_then(|e| e.as_item()),
            };
            if let Some(value) = example.and_then(|e| e.value.clone()) {
                self.types.add_example(ty, format!("{label} example `{name}`"), value);
            }
        }
    }
}

/// `200`, `4XX`, `default`: a status as documents write it.
fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(first) => format!("{first}XX"),
        StatusMatch::Default => "default".into(),
    }
}

fn resolve_parameter<'a>(api: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    match p {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => component(reference, "parameters")
            .and_then(|n| api.components.as_ref()?.parameters.get(n))
            .and_then(|p| p.as_item()),
    }
}

fn resolve_response<'a>(api: &'a OpenAPI, r: &'a ReferenceOr<openapiv3::Response>) -> Option<&'a openapiv3::Response> {
    match r {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => component(reference, "responses")
            .and_then(|n| api.components.as_ref()?.responses.get(n))
            .and_then(|r| r.as_item()),
    }
}

fn resolve_schema<'a>(api: &'a OpenAPI, s: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    let mut current = s;
    // Bounded, in case of `$ref` cycles.
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(s) => return resolve_schema_item(api, s),
            ReferenceOr::Reference { reference } => {
                current = component(reference, "schemas").and_then(|n| api.components.as_ref()?.schemas.get(n))?;
            }
        }
    }
    None
}

/// A schema that is only `allOf: [one]` stands for that one.
fn resolve_schema_item<'a>(api: &'a OpenAPI, s: &'a Schema) -> Option<&'a Schema> {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => resolve_schema(api, &all_of[0]),
        _ => Some(s),
    }
}

/// `#/components/{kind}/{name}` -> `name`.
fn component<'a>(reference: &'a str, kind: &str) -> Option<&'a str> {
    reference.strip_prefix("#/components/")?.strip_prefix(kind)?.strip_prefix('/')
}

fn any_schema() -> Schema {
    Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(Default::default()) }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn body_kind(media: &str) -> BodyKind {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if is_json(&essence) || essence == "text/json" {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else {
        BodyKind::Bytes
    }
}

fn body_kind_rank(media: &str) -> u8 {
    match body_kind(media) {
        BodyKind::Json => 0,
        BodyKind::Form => 1,
        BodyKind::Multipart => 2,
        BodyKind::Bytes => 3,
    }
}

/// Variant names from the standard reason phrases, so matches read `Error::NotFound`.
fn variant_name(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(first) => return format!("Status{first}xx"),
        StatusMatch::Default => return "Other".into(),
    };
    let reason = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_names_read_like_the_path() {
        assert_eq!(snake(&fallback_name("get", "/accounts/{id}/roles")), "get_accounts_by_id_roles");
    }

    #[test]
    fn names_never_collide() {
        let mut names = Names::default();
        assert_eq!(names.method("builder".into()), "builder_2");
        assert_eq!(names.method("list".into()), "list");
        assert_eq!(names.method("list".into()), "list_2");
        assert_eq!(names.types("Foo".into()), "Foo");
        assert_eq!(names.types("FooError".into()), "FooError2");
        assert_eq!(names.types("Result".into()), "Result2");
    }

    #[test]
    fn media_kinds() {
        assert_eq!(body_kind("application/json-patch+json"), BodyKind::Json);
        assert_eq!(body_kind("application/scim+json; charset=utf-8"), BodyKind::Json);
        assert_eq!(body_kind("multipart/form-data"), BodyKind::Multipart);
        assert_eq!(body_kind("text/csv"), BodyKind::Bytes);
    }
}
