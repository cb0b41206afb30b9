//! Tokens for the `client` module: per operation a method on `runtime::Client` taking the
//! required parameters, a builder for the optional ones that is sent by `.await`ing it, and an
//! error enum of the documented error statuses. Everything else is in the runtime, so that each
//! operation stays a few dozen lines.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::emit::docs::rustdoc as doc_lines;
use crate::ir::features::{Features, Gate};
use crate::ir::operations::{ApiInfo, Body, BodyKind, Content, Location, Operation, Param, Reply, StatusMatch, Style};
use crate::ir::types::TypeSpace;
use crate::ir::Ir;

/// The `client` module in parts that can be built and formatted on different threads (tokens
/// are not `Send`). Without tag features it is one file: the head (imports, `API`, the methods
/// on `Client`), the items of runs of operations, and the error enums. With them, `mod.rs` has
/// the head, the tag modules and the error enums several tags share, and each tag's file the
/// methods, builders and error enums of its operations.
pub struct Parts<'a> {
    ir: &'a Ir,
    errors: ErrorSets<'a>,
}

/// A file of the client: `None` for the whole module (or `mod.rs`), else a tag's (index into
/// `Features::tags`).
pub type File = Option<usize>;

impl<'a> Parts<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        Parts { ir, errors: ErrorSets::new(&ir.operations, &ir.types, &ir.features) }
    }

    /// The indices of the operations in `file`, in documented order.
    pub fn operations_of(&self, file: File) -> Vec<usize> {
        let features = &self.ir.features;
        (0..self.ir.operations.len()).filter(|i| features.is_empty() || features.operation(*i) == file).collect()
    }

    pub fn head(&self, file: File) -> TokenStream {
        let ir = self.ir;
        let ops = self.operations_of(file);
        let methods = ops.iter().map(|i| method(&ir.operations[*i], &ir.types));
        // Only named types are spelled `types::Name`: an API of strings and numbers has none,
        // and types may exist for webhooks alone.
        // With tag features, an error enum shared by several tags is in `mod.rs`, not here.
        let named_types = ops.iter().map(|i| &ir.operations[*i]).any(|op| {
            let errors_here = ir.features.is_empty() || self.errors.file_of(op) == file;
            let spelled = op.type_ids().filter(|id| errors_here || !is_error_type(op, *id));
            spelled.into_iter().any(|id| ir.types.mentions_named(id))
        });
        let features = &ir.features;
        let Some(tag) = file.filter(|_| !features.is_empty()) else {
            let types =
                if features.is_empty() { named_types.then(TokenStream::new) } else { self.shared_error_types() };
            let types = types.map(|cfg| {
                quote!(
                    #cfg
                    use super::types;
                )
            });
            let api = api_spec(&ir.api);
            let (methods, modules, by_tag) = if features.is_empty() {
                (Some(quote!(impl runtime::Client { #(#methods)* })), None, None)
            } else {
                let by_tag = " The operations of each tag are in a module of their own, compiled with the tag's \
                              cargo feature.";
                (None, Some(self.modules()), Some(quote!(#![doc = ""] #![doc = #by_tag])))
            };
            return quote! {
                //! One method per API operation on [`Client`](super::runtime::Client). Each returns a
                //! request builder: set optional parameters with its methods, then `.await` it.
                #by_tag

                use super::runtime;
                #types

                /// What the API documents say about servers and authentication.
                pub const API: runtime::ApiSpec = #api;

                #methods
                #modules
            };
        };
        let tag = &features.tags[tag];
        let doc = match tag.untagged {
            true => format!(" The operations without a tag: compiled with feature `{}`.", tag.feature),
            false => format!(" The operations tagged {:?}: compiled with feature `{}`.", tag.name, tag.feature),
        };
        // The crate's modules, and the shared error enums its operations name from `mod.rs`.
        let modules = if named_types { quote!(crate::{runtime, types}) } else { quote!(crate::runtime) };
        let shared: BTreeSet<String> = ops
            .iter()
            .map(|i| &ir.operations[*i])
            .filter(|op| self.errors.file_of(op).is_none())
            .map(|op| self.errors.name(op).to_string())
            .collect();
        let shared: Vec<Ident> = shared.iter().map(|name| ident(name)).collect();
        let shared = (!shared.is_empty()).then(|| quote!(use super::{#(#shared),*};));
        quote! {
            #![doc = #doc]

            use #modules;
            #shared

            impl runtime::Client {
                #(#methods)*
            }
        }
    }

    /// With tag features: the `cfg` under which the error enums of `mod.rs` name types, if they do.
    fn shared_error_types(&self) -> Option<TokenStream> {
        let features = &self.ir.features;
        let mut tags = BTreeSet::new();
        for ((_, ops), _) in self.errors.sets.iter().zip(&self.errors.files).filter(|(_, file)| file.is_none()) {
            let names_types = ops[0]
                .errors
                .iter()
                .any(|r| matches!(r.content, Content::Json(ty) if self.ir.types.mentions_named(ty)));
            if names_types {
                tags.extend(ops.iter().filter_map(|op| features.operation(self.errors.index[op.type_name.as_str()])));
            }
        }
        (!tags.is_empty()).then(|| super::gate::attr(&features.names(&Gate::Any(tags)).unwrap_or_default()))
    }

    /// `mod tag;` and its items re-exported, each with its feature.
    fn modules(&self) -> TokenStream {
        let modules = self.ir.features.tags.iter().map(|tag| {
            let (feature, module) = (&tag.feature, ident(&tag.module));
            quote! {
                #[cfg(feature = #feature)]
                mod #module;
                #[cfg(feature = #feature)]
                pub use #module::*;
            }
        });
        quote!(#(#modules)*)
    }

    /// The builders (and their aliases) of the operations with these indices.
    pub fn operations(&self, indices: &[usize]) -> TokenStream {
        let ops = indices.iter().map(|i| &self.ir.operations[*i]);
        ops.map(|op| operation(op, &self.ir.types, &self.errors)).collect()
    }

    /// The error enums of `file`: with tag features, those only its operations use, or in
    /// `mod.rs` those of several tags, each compiled with their features.
    pub fn error_enums(&self, file: File) -> TokenStream {
        let features = &self.ir.features;
        let sets = self.errors.sets.iter().zip(&self.errors.files).filter(|(_, f)| **f == file);
        sets.map(|((name, ops), _)| {
            // In `mod.rs`, compiled with the features of the operations using it.
            let cfg = match file {
                None if !features.is_empty() => {
                    let tags = ops.iter().filter_map(|op| features.operation(self.errors.index[op.type_name.as_str()]));
                    let tags: BTreeSet<usize> = tags.collect();
                    super::gate::attr(&features.names(&Gate::Any(tags)).unwrap_or_default())
                }
                _ => TokenStream::new(),
            };
            error_enum(ops, &ident(name), &self.ir.types, &cfg)
        })
        .collect()
    }
}

/// What makes two error sets the same: `(status, variant, body type)` of each documented error.
type ErrorKey = Vec<(String, String, String)>;

/// The error enums: one per distinct documented error set (same statuses, variants and body
/// types), shared by every operation that documents it.
struct ErrorSets<'a> {
    /// `(name, operations using it)` in order of first use.
    sets: Vec<(String, Vec<&'a Operation>)>,
    /// Per operation (by its builder's name, which is unique), its set.
    set_of: HashMap<&'a str, usize>,
    /// Per operation, its index in `Ir::operations`.
    index: HashMap<&'a str, usize>,
    /// Per set, its file: with tag features, its tag's when all its operations have that tag.
    files: Vec<File>,
}

impl<'a> ErrorSets<'a> {
    fn new(operations: &'a [Operation], types: &TypeSpace, features: &Features) -> Self {
        let key = |op: &Operation| -> ErrorKey {
            sorted_errors(op)
                .iter()
                .map(|r| {
                    let content = match r.content {
                        Content::Json(ty) => tokens(types, ty).to_string(),
                        Content::Bytes => "bytes".into(),
                        Content::Empty => String::new(),
                    };
                    (format!("{:?}", r.status), r.variant.clone(), content)
                })
                .collect()
        };
        let mut groups: Vec<(ErrorKey, Vec<&Operation>)> = Vec::new();
        for op in operations {
            let k = key(op);
            match groups.iter_mut().find(|(g, _)| *g == k) {
                Some((_, ops)) => ops.push(op),
                None => groups.push((k, vec![op])),
            }
        }
        // A shared set is named by its statuses; when several sets have the same statuses the
        // most used one gets that name and the others the name of their first operation.
        let taken: std::collections::BTreeSet<String> =
            operations.iter().flat_map(|op| [op.type_name.clone(), format!("{}Response", op.type_name)]).collect();
        let mut by_statuses: std::collections::BTreeMap<String, usize> = Default::default();
        for (_, ops) in &groups {
            if ops.len() > 1 {
                let best = by_statuses.entry(status_name(ops[0])).or_insert(ops.len());
                *best = (*best).max(ops.len());
            }
        }
        let mut used = std::collections::BTreeSet::new();
        let mut sets = Vec::new();
        for (_, ops) in groups {
            let own = format!("{}Error", ops[0].type_name);
            let shared = status_name(ops[0]);
            let name = if ops.len() > 1
                && by_statuses.get(&shared) == Some(&ops.len())
                && !taken.contains(&shared)
                && !used.contains(&shared)
            {
                shared
            } else {
                own
            };
            used.insert(name.clone());
            sets.push((name, ops));
        }
        let index: HashMap<&'a str, usize> =
            operations.iter().enumerate().map(|(i, op)| (op.type_name.as_str(), i)).collect();
        let mut set_of = HashMap::new();
        let mut files = Vec::new();
        for (set, (_, ops)) in sets.iter().enumerate() {
            let tags: BTreeSet<Option<usize>> =
                ops.iter().map(|op| features.operation(index[op.type_name.as_str()])).collect();
            files.push(if tags.len() == 1 { tags.into_iter().next().flatten() } else { None });
            set_of.extend(ops.iter().map(|op| (op.type_name.as_str(), set)));
        }
        ErrorSets { sets, set_of, index, files }
    }

    fn set(&self, op: &Operation) -> usize {
        self.set_of[op.type_name.as_str()]
    }

    fn name(&self, op: &Operation) -> Ident {
        ident(&self.sets[self.set(op)].0)
    }

    /// The file of the error enum `op` uses.
    fn file_of(&self, op: &Operation) -> File {
        self.files[self.set(op)]
    }
}

/// Whether `id` is the body of one of `op`'s documented errors only (not of a success, body or
/// parameter).
fn is_error_type(op: &Operation, id: crate::ir::types::TypeId) -> bool {
    let json = |r: &Reply| matches!(r.content, Content::Json(ty) if ty == id);
    let body = op.body.as_ref().is_some_and(|b| b.ty == id);
    op.errors.iter().any(json) && !op.success.iter().any(json) && !body && !op.params.iter().any(|p| p.ty == id)
}

/// `Error400_401_404` for the codes, `4xx` for a range, `Other` for `default`.
fn status_name(op: &Operation) -> String {
    let mut name = String::from("Error");
    for reply in sorted_errors(op) {
        let part = match reply.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(first) => format!("{first}xx"),
            StatusMatch::Default => "Other".into(),
        };
        if name.ends_with(|c: char| c.is_ascii_digit()) && part.starts_with(|c: char| c.is_ascii_digit()) {
            name.push('_');
        } else if name.ends_with('x') && part.starts_with(|c: char| c.is_ascii_digit()) {
            name.push_str("Or");
        }
        name.push_str(&part);
    }
    if name == "Error" {
        "UndocumentedError".into()
    } else {
        name
    }
}

/// Exact codes first, then ranges, then `default`, as OpenAPI orders them.
fn sorted_errors(op: &Operation) -> Vec<&Reply> {
    let mut replies: Vec<&Reply> = op.errors.iter().collect();
    replies.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    replies
}

/// A type as module `client` names it (`types::Name`).
fn tokens(types: &TypeSpace, id: crate::ir::types::TypeId) -> TokenStream {
    types.tokens_with(id, &quote!(types::))
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn docs(text: &str) -> TokenStream {
    crate::format::doc_attrs(doc_lines(text))
}

fn api_spec(api: &ApiInfo) -> TokenStream {
    let title = &api.title;
    let version = &api.version;
    let servers = api.servers.iter().map(|s| {
        let url = &s.url;
        let vars = s.variables.iter().map(|(n, d)| quote!((#n, #d)));
        quote!(runtime::ServerSpec { url: #url, variables: &[#(#vars),*] })
    });
    let token_url = match &api.token_url {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    quote! {
        runtime::ApiSpec {
            title: #title,
            version: #version,
            servers: &[#(#servers),*],
            token_url: #token_url,
        }
    }
}

/// What a successful call returns, and how a response is decoded into it.
struct Success {
    ty: TokenStream,
    /// The function of a `RawResponse` that decodes it (`runtime::ok_json`...).
    decode: TokenStream,
    /// A separate enum and its decoding function when there are several 2xx responses.
    enum_def: TokenStream,
    binary: bool,
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(first) => {
            let lo = Literal::u16_unsuffixed(first * 100);
            let hi = Literal::u16_unsuffixed(first * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// The body type of a reply and the `RawResponse` method that decodes it.
fn content(reply: &Reply, types: &TypeSpace) -> (TokenStream, TokenStream) {
    match reply.content {
        Content::Json(ty) => {
            let ty = tokens(types, ty);
            (ty.clone(), quote!(response.json::<#ty, _>()))
        }
        Content::Bytes => (quote!(runtime::Bytes), quote!(response.bytes())),
        Content::Empty => (quote!(()), quote!(response.empty())),
    }
}

fn success(op: &Operation, types: &TypeSpace, error: &Ident) -> Success {
    match op.success.as_slice() {
        [] => {
            Success { ty: quote!(()), decode: quote!(runtime::ok_empty), enum_def: TokenStream::new(), binary: false }
        }
        // One documented success: any 2xx is read as it (servers answer 200 for a documented
        // 201 now and then).
        [reply] => {
            let (ty, decode) = match reply.content {
                Content::Json(ty) => (tokens(types, ty), quote!(runtime::ok_json)),
                Content::Bytes => (quote!(runtime::Bytes), quote!(runtime::ok_bytes)),
                Content::Empty => (quote!(()), quote!(runtime::ok_empty)),
            };
            Success { ty, decode, enum_def: TokenStream::new(), binary: reply.content == Content::Bytes }
        }
        replies => {
            let name = format_ident!("{}Response", op.type_name);
            let builder = ident(&op.type_name);
            let doc = format!(" The successful responses of [`Client::{}`](runtime::Client::{}).", op.name, op.name);
            let mut variants = Vec::new();
            let mut arms = Vec::new();
            for reply in replies {
                let variant = ident(&reply.variant);
                let pattern = status_pattern(reply.status);
                let (ty, decode) = content(reply, types);
                let vdoc = docs(&format!("{}: {}", status_label(reply.status), reply.description));
                if reply.content == Content::Empty {
                    variants.push(quote!(#vdoc #variant));
                    arms.push(quote!(#pattern => #decode.map(|r| r.map(|()| #name::#variant)),));
                } else {
                    variants.push(quote!(#vdoc #variant(#ty)));
                    arms.push(quote!(#pattern => #decode.map(|r| r.map(#name::#variant)),));
                }
            }
            Success {
                ty: quote!(#name),
                decode: quote!(#builder::decode),
                enum_def: quote! {
                    #[doc = #doc]
                    #[derive(Debug)]
                    pub enum #name { #(#variants),* }

                    impl #builder<'_> {
                        #[inline]
                        fn decode(
                            response: runtime::RawResponse,
                        ) -> Result<runtime::ResponseValue<#name>, runtime::Error<#error>> {
                            match response.status().as_u16() {
                                #(#arms)*
                                _ => Err(response.error()),
                            }
                        }
                    }
                },
                binary: false,
            }
        }
    }
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("HTTP {code}"),
        StatusMatch::Range(first) => format!("HTTP {first}XX"),
        StatusMatch::Default => "Any other status".into(),
    }
}

/// An error enum and its `ErrorBody` impl, for the operations `ops` (same documented errors),
/// both compiled under `cfg` (if any).
fn error_enum(ops: &[&Operation], name: &Ident, types: &TypeSpace, cfg: &TokenStream) -> TokenStream {
    let links: Vec<String> = ops.iter().map(|op| format!("[`Client::{0}`](runtime::Client::{0})", op.name)).collect();
    let doc = match links.as_slice() {
        [one] => format!(" The documented error responses of {one}, by status."),
        [_, _, _] | [_, _] => format!(" The documented error responses, by status, of {}.", links.join(", ")),
        [first, ..] => format!(
            " The documented error responses, by status, of {} operations (their `…Error` types are aliases of \
             this one), e.g. {first}.",
            links.len()
        ),
        [] => unreachable!("an error set has operations"),
    };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let first = ops[0];
    for (i, reply) in sorted_errors(first).into_iter().enumerate() {
        let variant = ident(&reply.variant);
        let pattern = status_pattern(reply.status);
        // The description when every operation gives the same one, else the status alone.
        let same = ops.iter().all(|op| sorted_errors(op)[i].description.trim() == reply.description.trim());
        let text = if same {
            format!("{}: {}", status_label(reply.status), reply.description)
        } else {
            format!("{}.", status_label(reply.status))
        };
        let vdoc = docs(&text);
        match reply.content {
            Content::Json(ty) => {
                let ty = tokens(types, ty);
                variants.push(quote!(#vdoc #variant(#ty)));
                arms.push(quote!(#pattern => Some(runtime::decode_json(body).map(Self::#variant))));
            }
            Content::Bytes => {
                variants.push(quote!(#vdoc #variant(runtime::Bytes)));
                arms.push(quote!(#pattern => Some(Ok(Self::#variant(runtime::Bytes::copy_from_slice(body))))));
            }
            Content::Empty => {
                variants.push(quote!(#vdoc #variant));
                arms.push(quote!(#pattern => Some(Ok(Self::#variant))));
            }
        }
    }
    let status_arg = if arms.is_empty() { quote!(_status) } else { quote!(status) };
    let reads_body = sorted_errors(first).iter().any(|r| !matches!(r.content, Content::Empty));
    let body_arg = if reads_body { quote!(body) } else { quote!(_body) };
    let has_default = first.errors.iter().any(|r| r.status == StatusMatch::Default);
    let fallback = (!has_default).then(|| quote!(_ => None,));
    let body = if arms.is_empty() { quote!(None) } else { quote!(match status { #(#arms,)* #fallback }) };
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug)]
        pub enum #name { #(#variants),* }

        #cfg
        impl runtime::ErrorBody for #name {
            fn decode(#status_arg: u16, #body_arg: &[u8]) -> Option<Result<Self, String>> {
                #body
            }
        }
    }
}

fn style(style: Style) -> TokenStream {
    match style {
        Style::Form => quote!(runtime::Style::Form),
        Style::SpaceDelimited => quote!(runtime::Style::SpaceDelimited),
        Style::PipeDelimited => quote!(runtime::Style::PipeDelimited),
        Style::DeepObject => quote!(runtime::Style::DeepObject),
    }
}

/// The statement adding one parameter to `request`.
fn encode_param(p: &Param) -> TokenStream {
    let wire = &p.wire;
    let field = ident(&p.ident);
    match p.location {
        Location::Path => quote!(.path(#wire, &self.#field)),
        Location::Query => {
            let style = style(p.style);
            let explode = p.explode;
            quote!(.query(#wire, &self.#field, #style, #explode))
        }
        Location::Header => quote!(.header(#wire, &self.#field)),
    }
}

fn body_type(body: &Body, types: &TypeSpace) -> TokenStream {
    match body.kind {
        BodyKind::Json | BodyKind::Form => tokens(types, body.ty),
        BodyKind::Multipart => quote!(runtime::Form),
        BodyKind::Bytes => quote!(runtime::Bytes),
    }
}

/// The call adding a required body to the request chain, or the statement adding an optional one.
fn encode_body(body: &Body) -> (Option<TokenStream>, TokenStream) {
    let media = &body.media;
    let call = |value: TokenStream| match body.kind {
        BodyKind::Json => quote!(.json(#media, #value)),
        BodyKind::Form => quote!(.form(#value)),
        BodyKind::Multipart => quote!(.multipart(Clone::clone(#value))),
        BodyKind::Bytes => quote!(.bytes(#media, Clone::clone(#value))),
    };
    if body.required {
        (Some(call(quote!(&self.body))), TokenStream::new())
    } else {
        let set = call(quote!(body));
        (None, quote!(if let Some(body) = &self.body { request #set; }))
    }
}

fn body_doc(body: &Body) -> String {
    let mut doc = format!("`body`: the request body (`{}`)", body.media);
    if let Some(d) = &body.description {
        doc.push_str(". ");
        doc.push_str(d.trim());
    }
    if body.kind == BodyKind::Multipart && !body.fields.is_empty() {
        doc.push_str(". Parts:");
        for (name, text) in &body.fields {
            doc.push_str(&format!("\n  - `{name}` {text}"));
        }
    }
    doc
}

fn method_doc(op: &Operation) -> String {
    let mut text = Vec::new();
    if let Some(summary) = &op.summary {
        text.push(summary.trim().to_owned());
    }
    if let Some(description) = &op.description {
        if op.summary.as_deref().map(str::trim) != Some(description.trim()) {
            text.push(description.trim().to_owned());
        }
    }
    text.push(format!("`{} {}` (`{}`)", op.method.to_uppercase(), op.path, op.id));
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| match p.description.as_deref().and_then(|d| d.trim().lines().next()) {
            Some(first) => format!("- `{}`: {first}", p.ident),
            None => format!("- `{}`", p.ident),
        })
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(format!("- {}", body_doc(body)));
    }
    if !args.is_empty() {
        text.push(format!("Arguments:\n{}", args.join("\n")));
    }
    let optional =
        op.params.iter().filter(|p| !p.required).count() + usize::from(op.body.as_ref().is_some_and(|b| !b.required));
    if optional > 0 {
        text.push("Optional parameters are set on the returned builder.".into());
    }
    if op.experimental {
        text.push("Experimental endpoint: the client must opt in with `ClientBuilder::experimental`.".into());
    }
    text.join("\n\n")
}

/// The method of `runtime::Client` that starts the builder of `op`.
fn method(op: &Operation, types: &TypeSpace) -> TokenStream {
    let method_name = ident(&op.name);
    let builder = ident(&op.type_name);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let (name, ty) = (ident(&p.ident), tokens(types, p.ty));
        args.push(quote!(#name: impl Into<#ty>));
        values.push(quote!(#name.into()));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let ty = body_type(body, types);
        args.push(quote!(body: impl Into<#ty>));
        values.push(quote!(body.into()));
    }
    let method_doc = docs(&method_doc(op));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #method_doc
        #deprecated
        pub fn #method_name(&self, #(#args),*) -> #builder<'_> {
            #builder::new(self, #(#values),*)
        }
    }
}

/// The items of one operation: its builder declared by `runtime::operation!` (laid out here:
/// prettyplease would fill the macro's input as one paragraph), the builder's `fill`, and the
/// enum of its successful responses when it has several.
fn operation(op: &Operation, types: &TypeSpace, errors: &ErrorSets) -> TokenStream {
    let builder = ident(&op.type_name);
    let shared_error = errors.name(op);
    let own_error = format_ident!("{}Error", op.type_name);
    let success = success(op, types, &shared_error);
    let text = crate::format::type_text;

    // The struct: required parameters (arguments of `new`), then optional ones (with setters).
    let mut required = Vec::new();
    let mut optional = Vec::new();
    // The docs mark a field as optional for the macro, so a setter always has some.
    let mut add_optional = |name: &str, ty: String, doc: &str, fallback: &str| {
        let mut lines = doc_lines(doc);
        if lines.is_empty() {
            lines = doc_lines(fallback);
        }
        optional.extend(crate::format::doc_text(&lines, "        "));
        optional.push(format!("        {name}: Option<{ty}>,"));
    };
    for p in &op.params {
        let ty = text(tokens(types, p.ty));
        if p.required {
            required.push(format!("        {}: {ty},", p.ident));
        } else {
            let wire = format!("`{}`", p.wire.replace('`', "'"));
            add_optional(&p.ident, ty, p.description.as_deref().unwrap_or_default(), &wire);
        }
    }
    let body_ty = op.body.as_ref().map(|body| text(body_type(body, types)));
    if let (Some(body), Some(ty)) = (&op.body, &body_ty) {
        if body.required {
            required.push(format!("        body: {ty},"));
        } else {
            add_optional("body", ty.clone(), &body_doc(body), "The request body.");
        }
    }
    let how = if optional.is_empty() {
        "`.await` it to send the request"
    } else {
        "set optional parameters, then `.await` it"
    };
    let mut lines = vec![
        "runtime::operation! {".to_owned(),
        format!("    /// Request builder of [`Client::{0}`](runtime::Client::{0}):", op.name),
        format!("    /// {how}."),
    ];
    if required.is_empty() && optional.is_empty() {
        lines.push(format!("    pub struct {builder} {{}}"));
    } else {
        lines.push(format!("    pub struct {builder} {{"));
        lines.extend(required);
        lines.extend(optional);
        lines.push("    }".to_owned());
    }

    // The operation: method, path, id, success type, decoding and options.
    let mut options = vec![text(success.decode.clone())];
    if success.binary {
        options.push("streaming".into());
    }
    if op.paginated {
        options.push("pages".into());
    }
    let head = format!("    {} {} {}", op.method.to_uppercase(), Literal::string(&op.path), Literal::string(&op.id));
    let tail = format!("-> {}, {};", text(success.ty.clone()), options.join(", "));
    if head.len() + 1 + tail.len() <= 100 {
        lines.push(format!("{head} {tail}"));
    } else {
        lines.push(head);
        lines.push(format!("        {tail}"));
    }
    if shared_error == own_error {
        lines.push(format!("    error {own_error};"));
    } else {
        lines.push(format!("    error {own_error} = {shared_error};"));
    }
    if let Some(ty) = &body_ty {
        lines.push(format!("    body {}Body = {ty};", op.type_name));
    }
    lines.push("}".to_owned());
    let declaration = crate::format::verbatim_item(lines);

    // Building the request: one chain of `Request` calls.
    let mut calls: Vec<TokenStream> = op.params.iter().map(encode_param).collect();
    let mut conditional = TokenStream::new();
    if let Some(body) = &op.body {
        let (call, cond) = encode_body(body);
        match call {
            Some(call) => calls.push(call),
            None => conditional = cond,
        }
    }
    if op.experimental {
        calls.push(quote!(.experimental()));
    }
    if let Some(m) =
        op.success.iter().find_map(|r| r.media.clone()).filter(|m| m.is_ascii() && !m.contains(['\r', '\n']))
    {
        calls.push(quote!(.accept(#m)));
    }
    let request_arg = if calls.is_empty() && conditional.is_empty() { quote!(_request) } else { quote!(request) };
    let chain = (!calls.is_empty()).then(|| quote!(request #(#calls)*;));
    let enum_def = &success.enum_def;
    quote! {
        #declaration

        impl #builder<'_> {
            #[inline]
            fn fill(&self, #request_arg: &mut runtime::Request) {
                #chain
                #conditional
            }
        }

        #enum_def
    }
}
