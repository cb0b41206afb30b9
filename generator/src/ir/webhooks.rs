//! Webhooks and callbacks: requests the API sends to a service of the user's. Each is described
//! by what a receiver needs: the payload it reads and, when documented, the reply it sends.
//!
//! They come from the assembled document's [`X_WEBHOOKS`] (webhook pages, OpenAPI 3.1
//! `webhooks`, 3.0 `x-webhooks`) and from every operation's `callbacks`.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{PathItem, StatusCode};

use crate::assemble::X_WEBHOOKS;
use crate::ir::names::camel;
use crate::ir::operations::{BodyKind, Content, Cx, StatusMatch};
use crate::ir::types::{NameHint, TypeId, TypeSpace};

/// One event the API sends.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The documented name: the `webhooks` key, the page's operationId or title, or the
    /// callback's name.
    pub name: String,
    /// `UpperCamelCase` name of its type in module `webhooks`.
    pub type_name: String,
    /// Upper-case HTTP method the API sends it with.
    pub method: String,
    /// For a callback: the operationId of the operation that registers it, and the URL
    /// expression (`{$request.body#/callbackUrl}`).
    pub callback: Option<(String, String)>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The JSON payload, when documented.
    pub payload: Option<TypeId>,
    /// The JSON reply the receiver sends, when a 2xx response documents one.
    pub reply: Option<TypeId>,
}

/// Names that a type of module `webhooks` must not take: what the module itself uses.
const RESERVED: &[&str] = &["Webhook", "WebhookError", "Result", "Option", "String", "Vec", "Self"];

/// Where an event is documented: its name, and for a callback the registering operation's id
/// and the URL expression.
struct Source {
    name: String,
    callback: Option<(String, String)>,
}

pub(super) fn collect(cx: &mut Cx<'_>) -> Vec<Webhook> {
    let api = cx.api;
    let documented: IndexMap<String, PathItem> =
        api.extensions.get(X_WEBHOOKS).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default();
    let mut found = Vec::new();
    for (name, item) in &documented {
        for (method, op) in item.iter() {
            found.push((Source { name: name.clone(), callback: None }, method, op));
        }
    }
    for (_, _, owner) in api.operations() {
        let owner_id = owner.operation_id.clone().unwrap_or_default();
        for (name, callback) in &owner.callbacks {
            for (expression, item) in callback {
                for (method, op) in item.iter() {
                    let callback = Some((owner_id.clone(), expression.clone()));
                    found.push((Source { name: name.clone(), callback }, method, op));
                }
            }
        }
    }
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    found.into_iter().map(|(source, method, op)| webhook(cx, &mut taken, source, method, op)).collect()
}

fn webhook(
    cx: &mut Cx<'_>,
    taken: &mut BTreeSet<String>,
    Source { name, callback }: Source,
    method: &str,
    op: &openapiv3::Operation,
) -> Webhook {
    // A callback is named after the operation that registers it, so two can share a name.
    let base = match &callback {
        Some((owner, _)) => camel(&format!("{owner} {name}")),
        None => camel(&name),
    };
    let base = if base.is_empty() { "Event".to_owned() } else { base };
    let type_name =
        (1..).map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") }).find(|n| !taken.contains(n));
    let type_name = type_name.unwrap_or_default();
    taken.insert(type_name.clone());
    let hint = NameHint::new(type_name.clone());
    let place = format!("webhook `{name}`");

    let body = op.request_body.as_ref().and_then(|b| cx.body(b, &name, &hint.push("Payload"), &place));
    let payload = match body {
        Some(body) if body.kind == BodyKind::Json => Some(body.ty),
        Some(body) => {
            cx.warn(place.clone(), format!("payload of media type `{}` is not JSON; not typed", body.media));
            None
        }
        None => None,
    };
    let mut reply = None;
    for (status, response) in &op.responses.responses {
        let status = match status {
            StatusCode::Code(code @ 200..=299) => StatusMatch::Code(*code),
            StatusCode::Range(2) => StatusMatch::Range(2),
            _ => continue,
        };
        let answer = cx.reply(status, response, &name, &hint.push("Reply"));
        if let (None, Content::Json(ty)) = (reply, answer.content) {
            reply = Some(ty);
        }
    }
    Webhook {
        name,
        type_name,
        method: method.to_ascii_uppercase(),
        callback,
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        payload,
        reply,
    }
}

/// Whether any webhook's payload or reply names a type of module `types`.
pub fn mention_named(webhooks: &[Webhook], types: &TypeSpace) -> bool {
    webhooks.iter().flat_map(|w| w.payload.iter().chain(&w.reply)).any(|ty| types.mentions_named(*ty))
}
