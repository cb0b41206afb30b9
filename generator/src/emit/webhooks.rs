//! Tokens for the `webhooks` module: one type per event the API sends (webhooks and callbacks),
//! implementing `runtime::Webhook` with the event's name, method, payload and reply types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::webhooks::{mention_named, Webhook};
use crate::ir::Ir;

/// `client`: whether the crate has a client, whose method registering a callback is linked.
pub fn module(ir: &Ir, client: bool) -> TokenStream {
    let types = mention_named(&ir.webhooks, &ir.types).then(|| {
        quote!(
            use super::types;
        )
    });
    let events = ir.webhooks.iter().map(|w| event(ir, w, client));
    quote! {
        //! The requests the API sends to a service of yours: one type per webhook and callback.
        //! Decode a request body with [`Webhook::decode`], answer with the event's
        //! [`Webhook::Reply`].

        use super::runtime;
        #types

        pub use super::runtime::{Webhook, WebhookError};

        #(#events)*
    }
}

fn event(ir: &Ir, w: &Webhook, client: bool) -> TokenStream {
    let ty = |id: Option<_>, otherwise: TokenStream| match id {
        Some(id) => ir.types.tokens_with(id, &quote!(types::)),
        None => otherwise,
    };
    let payload = ty(w.payload, quote!(serde_json::Value));
    let reply = ty(w.reply, quote!(()));
    let name = format_ident!("{}", w.type_name);
    let (wire, method) = (&w.name, &w.method);
    let doc = crate::format::doc_attrs(doc_lines(ir, w, client));
    let deprecated = w.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct #name;

        impl runtime::Webhook for #name {
            const NAME: &'static str = #wire;
            const METHOD: &'static str = #method;
            type Payload = #payload;
            type Reply = #reply;
        }
    }
}

/// The API's summary and description (cleaned as every description is), then pagegen's own
/// lines, with intra-doc links.
fn doc_lines(ir: &Ir, w: &Webhook, client: bool) -> Vec<String> {
    let mut documented = Vec::new();
    if let Some(summary) = &w.summary {
        documented.push(summary.trim());
    }
    if let Some(description) =
        w.description.as_deref().filter(|d| Some(d.trim()) != w.summary.as_deref().map(str::trim))
    {
        documented.push(description.trim());
    }
    let mut lines = crate::emit::docs::rustdoc(&documented.join("\n\n"));
    let mut text = Vec::new();
    let sent = match &w.callback {
        Some((owner, expression)) => {
            let registered = match ir.operations.iter().find(|op| op.id == *owner).filter(|_| client) {
                Some(op) => format!("[`Client::{0}`](super::runtime::Client::{0})", op.name),
                None => format!("`{owner}`"),
            };
            format!(
                "Callback `{}` of {registered}: the API sends `{}` to `{}`.",
                w.name.replace('`', "'"),
                w.method,
                expression.replace('`', "'")
            )
        }
        None => format!("Webhook `{}`: the API sends `{}` to the receiver's URL.", w.name.replace('`', "'"), w.method),
    };
    text.push(sent);
    let link = |id| match ir.types.type_name(id) {
        Some(name) => format!("[`types::{name}`]"),
        None => format!("`{}`", ir.types.tokens_with(id, &quote!(types::))),
    };
    let payload = match w.payload {
        Some(id) => format!("The payload is {}", link(id)),
        None => "The payload is not documented: any JSON value".to_owned(),
    };
    let reply = match w.reply {
        Some(id) => format!("the receiver answers with {}.", link(id)),
        None => "no reply body is documented.".to_owned(),
    };
    text.push(format!("{payload}; {reply}"));
    for paragraph in text {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!(" {paragraph}"));
    }
    lines
}
