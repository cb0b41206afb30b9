//! Stage 2: assembling every document into one [`openapiv3::OpenAPI`].
//!
//! Pages each carry one operation plus copies of the API-wide parts (servers, security schemes,
//! info); OpenAPI documents carry many operations. Everything is merged here: identical copies
//! collapse, real conflicts are errors naming both files. Documents are merged in a sorted order
//! and every map of the result is sorted, so the model never depends on input order.

mod intern;
pub mod paths;
mod stripped;
pub mod tolerate;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use openapiv3::{Components, Info, OpenAPI, Operation, PathItem, Paths, ReferenceOr, SecurityRequirement, Server, Tag};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::json_walk::Pos;
use crate::sources::openapi_doc::OpenApiDoc;
use crate::sources::page::{InfoPage, OperationPage, SchemaPage, TagPage, EVENT};
use crate::sources::Document;
use crate::{Error, Warning};

/// Where the assembled document (OpenAPI 3.0) keeps webhooks: name -> path item.
pub const X_WEBHOOKS: &str = "x-webhooks";
/// The OpenAPI 3.1 key for them (documents are read with `x-webhooks` renamed to it).
pub const WEBHOOKS: &str = "webhooks";

/// Extension on a request media type holding the page's `jsonRequestBodyExample`.
pub const JSON_REQUEST_BODY_EXAMPLE: &str = "x-json-request-body-example";

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The assembled document as `pagegen spec` writes it. openapiv3 writes some absent optional
/// fields as `null` (a server variable's `description`), which OpenAPI does not allow: those go,
/// while a `null` that is data (an example, a default) stays.
pub fn document(api: &OpenAPI) -> Value {
    fn drop_nulls(value: &mut Value, pos: Pos) {
        match value {
            Value::Object(map) if pos != Pos::Data => {
                map.retain(|key, v| !v.is_null() || pos.child(key) == Pos::Data);
                for (key, v) in map.iter_mut() {
                    drop_nulls(v, pos.child(key));
                }
            }
            Value::Array(items) if pos != Pos::Data => items.iter_mut().for_each(|v| drop_nulls(v, pos.element())),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(api).unwrap_or_default();
    drop_nulls(&mut value, Pos::Other);
    value
}

/// Merges documents into one model, on this thread.
pub fn assemble(docs: Vec<Document>, warnings: &mut Vec<Warning>) -> Result<OpenAPI, Error> {
    let mut preparer = Preparer::default();
    let prepared = docs.into_iter().map(|doc| (sort_key(&doc), preparer.prepare(doc))).collect();
    assemble_prepared(prepared, warnings)
}

/// Merges documents prepared in any order (on any threads), each beside its [`sort_key`]: in
/// sorted order, so the first error is the first in that order, preparing or merging.
pub(crate) fn assemble_prepared(
    mut prepared: Vec<(SortKey, Result<Prepared, Error>)>,
    warnings: &mut Vec<Warning>,
) -> Result<OpenAPI, Error> {
    prepared.sort_by(|a, b| a.0.cmp(&b.0));
    let mut asm = Assembly::default();
    for (_, doc) in prepared {
        asm.add(doc?, warnings)?;
    }
    Ok(asm.finish(warnings))
}

/// The order documents merge in: OpenAPI documents first (by file), then operation pages by path,
/// method and file, then schema pages by name (a schema an operation already named keeps that
/// form).
pub(crate) type SortKey = (u8, String, String, PathBuf);

pub(crate) fn sort_key(doc: &Document) -> SortKey {
    match doc {
        Document::OpenApi(d) => (0, String::new(), String::new(), d.file.clone()),
        Document::Operation(p) => (1, p.path.clone(), p.method.clone(), p.file.clone()),
        Document::Schema(p) => (2, p.name.clone(), String::new(), p.file.clone()),
        Document::Tag(p) => (3, p.name.clone(), String::new(), p.file.clone()),
        Document::Info(p) => (4, String::new(), String::new(), p.file.clone()),
    }
}

/// A document made ready to merge. An operation page does its heavy work here (tolerance pass,
/// schema interning, strict deserialisation), independently of every other document.
pub(crate) enum Prepared {
    Page(Box<PreparedPage>),
    OpenApi(OpenApiDoc),
    Schema(SchemaPage),
    Tag(TagPage),
    Info(InfoPage),
}

pub(crate) struct PreparedPage {
    file: PathBuf,
    path: String,
    method: String,
    extracted: Extracted,
    operation: Operation,
    servers: Vec<Server>,
    security_schemes: IndexMap<String, ReferenceOr<openapiv3::SecurityScheme>>,
    info: Option<Info>,
    /// Reported when the page is merged, so they come in merge order.
    warnings: Vec<Warning>,
}

/// Prepares documents; one per thread, as it keeps every distinct schema it has deserialised.
#[derive(Default)]
pub(crate) struct Preparer {
    interner: intern::Interner,
}

impl Preparer {
    pub fn prepare(&mut self, doc: Document) -> Result<Prepared, Error> {
        Ok(match doc {
            Document::Operation(page) => Prepared::Page(Box::new(self.page(*page)?)),
            Document::OpenApi(doc) => Prepared::OpenApi(doc),
            Document::Schema(page) => Prepared::Schema(page),
            Document::Tag(page) => Prepared::Tag(page),
            Document::Info(page) => Prepared::Info(page),
        })
    }

    fn page(&mut self, page: OperationPage) -> Result<PreparedPage, Error> {
        let file = page.file.as_path();
        let mut warnings = Vec::new();
        let mut extracted = Extracted::default();
        let mut value = Value::Object(page.operation);
        if page.method == EVENT {
            optional_responses(&mut value);
        }
        let mut tolerate = tolerate::Tolerate::new(file, &mut warnings);
        tolerate.walk(&mut value, Pos::Other, "api:");
        let found = Found::take(&mut tolerate, &value, "api:");
        found.into_components(file, &mut warnings, &mut extracted)?;
        self.interner.replace(&mut value, Pos::Other);
        let mut operation: Operation = strict(file, "api:", value, "OpenAPI operation")?;
        self.interner.fill_operation(&mut operation);
        if let Some(example) = page.json_request_body_example {
            let media = operation
                .request_body
                .as_mut()
                .and_then(|b| match b {
                    ReferenceOr::Item(b) => Some(b),
                    ReferenceOr::Reference { .. } => None,
                })
                .and_then(|b| b.content.iter_mut().find(|(media, _)| media.contains("json")).map(|(_, m)| m));
            if let Some(media) = media {
                media.extensions.insert(JSON_REQUEST_BODY_EXAMPLE.into(), example);
            }
        }
        let servers = match page.servers {
            Some(servers) => strict(file, "api: servers", servers, "server list")?,
            None => Vec::new(),
        };
        let security_schemes = match page.security_schemes {
            Some(schemes) => strict(file, "api: securitySchemes", schemes, "securitySchemes map")?,
            None => IndexMap::new(),
        };
        let info = page.info.map(|info| strict(file, "api: info", info, "info object")).transpose()?;
        Ok(PreparedPage {
            file: page.file,
            path: page.path,
            method: page.method,
            extracted,
            operation,
            servers,
            security_schemes,
            info,
            warnings,
        })
    }
}

/// What one document adds to the components, and what it leaves for the whole assembly.
#[derive(Default)]
struct Extracted {
    /// Schemas that must become components, in the order found (the first of a name wins).
    schemas: Vec<(String, ReferenceOr<openapiv3::Schema>)>,
    /// Titles of `circular(Title)` markers the document does not define: another input may.
    unresolved: Vec<String>,
    /// Whether the tolerance pass marked union branches the plugin emptied ([`stripped`]).
    stripped: bool,
}

/// What the tolerance pass found in one document that must become components.
struct Found<'v> {
    /// The document walked, and how the pass wrote its root in pointers.
    root: &'v Value,
    prefix: &'v str,
    circular: Vec<String>,
    titled: HashMap<String, String>,
    mapped: Vec<(String, Value)>,
    stripped: bool,
}

impl<'v> Found<'v> {
    fn take(tolerate: &mut tolerate::Tolerate<'_>, root: &'v Value, prefix: &'v str) -> Self {
        Found {
            root,
            prefix,
            circular: std::mem::take(&mut tolerate.circular),
            titled: std::mem::take(&mut tolerate.titled),
            mapped: std::mem::take(&mut tolerate.mapped),
            stripped: tolerate.stripped,
        }
    }

    /// Adds the schemas `circular(Title)` markers name (where the document defines them) and the
    /// discriminator mappings' targets to `out`, and the titles the document does not define.
    fn into_components(self, file: &Path, warnings: &mut Vec<Warning>, out: &mut Extracted) -> Result<(), Error> {
        out.stripped |= self.stripped;
        for title in self.circular {
            let pointer = self.titled.get(&title).map(|ptr| ptr.strip_prefix(self.prefix).unwrap_or(ptr));
            match pointer.and_then(|ptr| self.root.pointer(ptr)) {
                Some(schema) => mapped_schema(file, title, schema.clone(), warnings, out)?,
                None => out.unresolved.push(title),
            }
        }
        for (name, schema) in self.mapped {
            mapped_schema(file, name, schema, warnings, out)?;
        }
        Ok(())
    }
}

/// A schema that must become a component (circular targets, discriminator mappings, schema
/// pages), with the schemas inside it that must too.
fn mapped_schema(
    file: &Path,
    name: String,
    mut schema: Value,
    warnings: &mut Vec<Warning>,
    out: &mut Extracted,
) -> Result<(), Error> {
    let key = tolerate::component_key(&name);
    let prefix = format!("schema `{name}`");
    // Moved out before the tolerance pass reached inside: give it its own pass.
    let mut tolerate = tolerate::Tolerate::new(file, warnings);
    tolerate.walk(&mut schema, Pos::Schema, &prefix);
    let mut found = Found::take(&mut tolerate, &schema, &prefix);
    // A marker of its own title is the recursion of this very schema.
    found.circular.retain(|title| *title != name);
    found.into_components(file, warnings, out)?;
    let schema = strict(file, &prefix, schema, "schema")?;
    out.schemas.push((key, schema));
    Ok(())
}

/// A named component with the file it came from.
type Named<T> = BTreeMap<String, (T, PathBuf)>;

#[derive(Default)]
struct Assembly {
    paths: BTreeMap<String, PathItem>,
    /// (path, method) -> file that defined it.
    origins: HashMap<(String, String), PathBuf>,
    /// operationId -> (file, method, path).
    operation_ids: HashMap<String, (PathBuf, String, String)>,
    schemas: Named<ReferenceOr<openapiv3::Schema>>,
    responses: Named<ReferenceOr<openapiv3::Response>>,
    parameters: Named<ReferenceOr<openapiv3::Parameter>>,
    request_bodies: Named<ReferenceOr<openapiv3::RequestBody>>,
    headers: Named<ReferenceOr<openapiv3::Header>>,
    examples: Named<ReferenceOr<openapiv3::Example>>,
    security_schemes: Named<ReferenceOr<openapiv3::SecurityScheme>>,
    /// Every server seen, with how many documents listed it.
    servers: Vec<(Server, usize)>,
    security: Option<Vec<SecurityRequirement>>,
    tags: BTreeMap<String, Tag>,
    /// Info from OpenAPI documents (first wins) and from pages (most common wins).
    document_info: Option<Info>,
    page_infos: Vec<(Info, usize)>,
    info_pages: Vec<InfoPage>,
    /// Webhooks by name: the events the API sends (OpenAPI 3.1 `webhooks`, `x-webhooks`).
    webhooks: Named<PathItem>,
    /// `circular(Title)` markers whose schema the document holding them does not define, with
    /// that document: resolved once every input is in.
    unresolved: Vec<(String, PathBuf)>,
    /// Whether any document has union branches the plugin emptied ([`stripped`]).
    stripped: bool,
}

/// Deserializes into the strict model, naming the JSON path of the first mismatch.
fn strict<T: DeserializeOwned>(file: &Path, prefix: &str, value: Value, what: &str) -> Result<T, Error> {
    // Tracking the path costs on every node; only a failure needs it, so read again to find it.
    if let Ok(read) = T::deserialize(&value) {
        return Ok(read);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let place = if path == "." { prefix.to_owned() } else { format!("{prefix}{path}") };
        Error::in_file(file, format!("not a valid {what}: {}", e.inner())).at(place)
    })
}

fn count<T: PartialEq>(list: &mut Vec<(T, usize)>, item: T) {
    count_by(list, item, |a, b| a == b);
}

fn count_by<T>(list: &mut Vec<(T, usize)>, item: T, same: impl Fn(&T, &T) -> bool) {
    match list.iter_mut().find(|(seen, _)| same(seen, &item)) {
        Some((_, n)) => *n += 1,
        None => list.push((item, 1)),
    }
}

impl Assembly {
    fn openapi(&mut self, file: &Path, mut value: Value, warnings: &mut Vec<Warning>) -> Result<(), Error> {
        let mut tolerate = tolerate::Tolerate::new(file, warnings);
        tolerate.marks_stripped = false;
        tolerate.walk(&mut value, Pos::Other, "");
        let mapped = std::mem::take(&mut tolerate.mapped);
        // Documents are not the plugin's output: nothing in them is marked as emptied.
        let mut extracted = Extracted::default();
        for (name, schema) in mapped {
            mapped_schema(file, name, schema, warnings, &mut extracted)?;
        }
        self.extracted(file, extracted);
        let mut webhooks = value.as_object_mut().and_then(|doc| doc.remove(WEBHOOKS));
        let items = webhooks.iter_mut().filter_map(Value::as_object_mut).flat_map(|w| w.values_mut());
        for item in items.filter_map(Value::as_object_mut) {
            for (_, op) in item.iter_mut().filter(|(method, _)| METHODS.contains(&method.as_str())) {
                optional_responses(op);
            }
        }
        let api: OpenAPI = strict(file, "", value, "OpenAPI 3.0 document")?;
        if let Some(webhooks) = webhooks {
            let webhooks: IndexMap<String, ReferenceOr<PathItem>> =
                strict(file, "webhooks.", webhooks, "webhooks map")?;
            for (name, item) in webhooks {
                match item {
                    ReferenceOr::Item(item) => self.webhook(file, name, item)?,
                    ReferenceOr::Reference { reference } => {
                        return Err(Error::in_file(file, format!("webhook `$ref` {reference} cannot be resolved"))
                            .at(format!("{WEBHOOKS}/{name}")))
                    }
                }
            }
        }
        for (path, item) in api.paths.paths {
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    return Err(
                        Error::in_file(file, format!("path item `$ref` {reference} cannot be resolved")).at(path)
                    )
                }
            };
            for method in METHODS {
                if let Some(mut op) = operation_of(&item, method).cloned() {
                    // Path-level parameters apply to every operation that does not override them.
                    for param in &item.parameters {
                        let overridden = op.parameters.iter().any(|p| same_parameter(p, param));
                        if !overridden {
                            op.parameters.push(param.clone());
                        }
                    }
                    self.operation(file, &path, method, op)?;
                }
            }
        }
        if let Some(c) = api.components {
            merge(&mut self.schemas, c.schemas, file, "schema")?;
            merge(&mut self.responses, c.responses, file, "response")?;
            merge(&mut self.parameters, c.parameters, file, "parameter")?;
            merge(&mut self.request_bodies, c.request_bodies, file, "request body")?;
            merge(&mut self.headers, c.headers, file, "header")?;
            merge(&mut self.examples, c.examples, file, "example")?;
            merge(&mut self.security_schemes, c.security_schemes, file, "security scheme")?;
        }
        for server in api.servers {
            count_by(&mut self.servers, server, same_url);
        }
        if api.security.is_some() && self.security.is_none() {
            self.security = api.security;
        }
        for tag in api.tags {
            self.tags.entry(tag.name.clone()).or_insert(tag);
        }
        self.document_info.get_or_insert(api.info);
        Ok(())
    }

    fn add(&mut self, doc: Prepared, warnings: &mut Vec<Warning>) -> Result<(), Error> {
        match doc {
            Prepared::Page(page) => self.page(*page, warnings),
            Prepared::OpenApi(doc) => self.openapi(&doc.file, doc.value, warnings),
            Prepared::Schema(page) => {
                let mut extracted = Extracted::default();
                mapped_schema(&page.file, page.name, page.schema, warnings, &mut extracted)?;
                self.extracted(&page.file, extracted);
                Ok(())
            }
            Prepared::Tag(page) => {
                self.tag_page(page);
                Ok(())
            }
            Prepared::Info(page) => {
                self.info_pages.push(page);
                Ok(())
            }
        }
    }

    fn page(&mut self, page: PreparedPage, warnings: &mut Vec<Warning>) -> Result<(), Error> {
        let file = page.file.as_path();
        warnings.extend(page.warnings);
        self.extracted(file, page.extracted);
        if page.method == EVENT {
            // The plugin keeps neither the webhook's name nor its HTTP method (always POST).
            let name = page.operation.operation_id.clone().or_else(|| page.operation.summary.clone());
            let name = name.unwrap_or_else(|| file_stem(file));
            self.webhook(file, name, PathItem { post: Some(page.operation), ..PathItem::default() })?;
        } else {
            self.operation(file, &page.path, &page.method, page.operation)?;
        }
        for server in page.servers {
            count_by(&mut self.servers, server, same_url);
        }
        for (name, scheme) in page.security_schemes {
            match self.security_schemes.get(&name) {
                Some((seen, _)) if *seen != scheme => warnings.push(Warning::new(
                    Some(file),
                    "api: securitySchemes",
                    format!("security scheme `{name}` differs from an earlier page's; keeping the first"),
                )),
                Some(_) => {}
                None => {
                    self.security_schemes.insert(name, (scheme, file.to_path_buf()));
                }
            }
        }
        if let Some(info) = page.info {
            count(&mut self.page_infos, info);
        }
        Ok(())
    }

    /// Schemas a page or document named: the same name for two structures keeps the first (in
    /// sorted input order).
    fn extracted(&mut self, file: &Path, extracted: Extracted) {
        for (key, schema) in extracted.schemas {
            self.schemas.entry(key).or_insert_with(|| (schema, file.to_path_buf()));
        }
        self.unresolved.extend(extracted.unresolved.into_iter().map(|title| (title, file.to_path_buf())));
        self.stripped |= extracted.stripped;
    }

    fn operation(&mut self, file: &Path, path: &str, method: &str, op: Operation) -> Result<(), Error> {
        let key = (path.to_owned(), method.to_owned());
        let upper = method.to_ascii_uppercase();
        if let Some(first) = self.origins.get(&key) {
            let existing = self.paths.get(path).and_then(|item| operation_of(item, method));
            if existing == Some(&op) {
                return Ok(());
            }
            return Err(Error::in_file(
                file,
                format!("{upper} {path} is also defined, differently, in {}", first.display()),
            ));
        }
        if let Some(id) = &op.operation_id {
            if let Some((other, other_method, other_path)) = self.operation_ids.get(id) {
                return Err(Error::in_file(
                    file,
                    format!(
                        "operationId `{id}` of {upper} {path} is also used by {} {other_path} in {}",
                        other_method.to_ascii_uppercase(),
                        other.display()
                    ),
                ));
            }
            self.operation_ids.insert(id.clone(), (file.to_path_buf(), method.to_owned(), path.to_owned()));
        }
        for tag in &op.tags {
            self.tags.entry(tag.clone()).or_insert_with(|| Tag { name: tag.clone(), ..Tag::default() });
        }
        let item = self.paths.entry(path.to_owned()).or_default();
        *operation_slot(item, method) = Some(op);
        self.origins.insert(key, file.to_path_buf());
        Ok(())
    }

    fn webhook(&mut self, file: &Path, name: String, item: PathItem) -> Result<(), Error> {
        match self.webhooks.get(&name) {
            Some((seen, _)) if *seen == item => Ok(()),
            Some((_, first)) => Err(Error::in_file(
                file,
                format!("webhook `{name}` is also defined, differently, in {}", first.display()),
            )),
            None => {
                self.webhooks.insert(name, (item, file.to_path_buf()));
                Ok(())
            }
        }
    }

    fn tag_page(&mut self, page: TagPage) {
        let tag = self.tags.entry(page.name.clone()).or_insert_with(|| Tag { name: page.name, ..Tag::default() });
        if page.description.is_some() {
            tag.description = page.description;
        }
    }

    /// Fills union branches the plugin emptied from whole schemas of the same title, in any
    /// operation, webhook or component ([`stripped`]).
    fn fill_stripped(&mut self, warnings: &mut Vec<Warning>) {
        let Assembly { paths, origins, webhooks, schemas, .. } = self;
        let each = |visit: &mut stripped::Visit<'_>| {
            let mut place = String::new();
            for (path, item) in paths.iter_mut() {
                for (method, op) in paths::operations_mut(item) {
                    let file = origins.get(&(path.clone(), method.to_owned())).map_or(Path::new(""), PathBuf::as_path);
                    place.clear();
                    place.push_str("api:");
                    stripped::operation(op, file, &mut place, visit);
                }
            }
            for (item, file) in webhooks.values_mut() {
                for (_, op) in paths::operations_mut(item) {
                    place.clear();
                    place.push_str("api:");
                    stripped::operation(op, file, &mut place, visit);
                }
            }
            for (name, (schema, file)) in schemas.iter_mut() {
                if let ReferenceOr::Item(schema) = schema {
                    place.clear();
                    place.push_str(&format!("schema `{name}`"));
                    stripped::tree(schema, file, &mut place, visit);
                }
            }
        };
        stripped::fill(each, warnings);
    }

    fn finish(mut self, warnings: &mut Vec<Warning>) -> OpenAPI {
        for (title, file) in std::mem::take(&mut self.unresolved) {
            if let std::collections::btree_map::Entry::Vacant(slot) =
                self.schemas.entry(tolerate::component_key(&title))
            {
                let message = format!("`circular({title})` names no schema in any input; read as any value");
                warnings.push(Warning::new(Some(&file), "", message));
                slot.insert((ReferenceOr::Item(any_schema()), file));
            }
        }
        if self.stripped {
            self.fill_stripped(warnings);
        }
        let mut info = self.document_info.unwrap_or_else(|| {
            self.page_infos
                .iter()
                .max_by(|(a, n), (b, m)| n.cmp(m).then_with(|| a.title.cmp(&b.title).reverse()))
                .map(|(info, _)| info.clone())
                .unwrap_or_else(|| {
                    warnings.push(Warning::new(None, "", "no API info in any input; using a placeholder title"));
                    Info { title: "API".into(), version: "0.0.0".into(), ..Info::default() }
                })
        });
        for page in self.info_pages {
            info.title = page.title.unwrap_or(info.title);
            info.version = page.version.unwrap_or(info.version);
            info.description = page.description.or(info.description);
        }
        let mut servers = self.servers;
        // Most listed first; ties keep first-seen order, which follows the sorted inputs.
        servers.sort_by(|(_, n), (_, m)| m.cmp(n));
        fn items<T>(named: Named<T>) -> IndexMap<String, T> {
            named.into_iter().map(|(k, (v, _))| (k, v)).collect()
        }
        let components = Components {
            schemas: items(self.schemas),
            responses: items(self.responses),
            parameters: items(self.parameters),
            request_bodies: items(self.request_bodies),
            headers: items(self.headers),
            examples: items(self.examples),
            security_schemes: items(self.security_schemes),
            ..Components::default()
        };
        let mut paths = self.paths;
        paths::reconcile(&mut paths, &components.parameters, warnings);
        let security = self.security.or_else(|| {
            let names: Vec<&String> = components.security_schemes.keys().collect();
            (!names.is_empty()).then(|| names.into_iter().map(|n| IndexMap::from([(n.clone(), Vec::new())])).collect())
        });
        let mut extensions = IndexMap::new();
        if !self.webhooks.is_empty() {
            let webhooks: IndexMap<&String, &PathItem> = self.webhooks.iter().map(|(k, (v, _))| (k, v)).collect();
            extensions.insert(X_WEBHOOKS.to_owned(), serde_json::to_value(webhooks).unwrap_or_default());
        }
        OpenAPI {
            openapi: "3.0.3".into(),
            extensions,
            info,
            servers: servers.into_iter().map(|(s, _)| s).collect(),
            paths: Paths {
                paths: paths.into_iter().map(|(p, item)| (p, ReferenceOr::Item(item))).collect(),
                ..Paths::default()
            },
            components: Some(components),
            security,
            tags: self.tags.into_values().collect(),
            ..OpenAPI::default()
        }
    }
}

fn merge<T: PartialEq>(into: &mut Named<T>, from: IndexMap<String, T>, file: &Path, what: &str) -> Result<(), Error> {
    for (name, item) in from {
        match into.get(&name) {
            Some((seen, _)) if *seen == item => {}
            Some((_, other)) => {
                return Err(Error::in_file(
                    file,
                    format!("{what} component `{name}` is also defined, differently, in {}", other.display()),
                ))
            }
            None => {
                into.insert(name, (item, file.to_path_buf()));
            }
        }
    }
    Ok(())
}

fn same_parameter(a: &ReferenceOr<openapiv3::Parameter>, b: &ReferenceOr<openapiv3::Parameter>) -> bool {
    match (a, b) {
        (ReferenceOr::Item(a), ReferenceOr::Item(b)) => {
            std::mem::discriminant(a) == std::mem::discriminant(b)
                && a.parameter_data_ref().name == b.parameter_data_ref().name
        }
        (a, b) => a == b,
    }
}

/// Servers are one server when their URL templates are equal; the first description wins.
fn same_url(a: &Server, b: &Server) -> bool {
    a.url == b.url
}

fn any_schema() -> openapiv3::Schema {
    openapiv3::Schema { schema_data: Default::default(), schema_kind: openapiv3::SchemaKind::Any(Default::default()) }
}

pub(crate) fn operation_of<'a>(item: &'a PathItem, method: &str) -> Option<&'a Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

fn operation_slot<'a>(item: &'a mut PathItem, method: &str) -> &'a mut Option<Operation> {
    match method {
        "get" => &mut item.get,
        "put" => &mut item.put,
        "post" => &mut item.post,
        "delete" => &mut item.delete,
        "options" => &mut item.options,
        "head" => &mut item.head,
        "patch" => &mut item.patch,
        _ => &mut item.trace,
    }
}

fn file_stem(file: &Path) -> String {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.split('.').next().unwrap_or_default().to_owned()
}

/// A webhook may leave out `responses` (OpenAPI 3.1): the receiver's reply is not documented.
fn optional_responses(op: &mut Value) {
    if let Some(op) = op.as_object_mut() {
        op.entry("responses").or_insert_with(|| Value::Object(Map::new()));
    }
}
