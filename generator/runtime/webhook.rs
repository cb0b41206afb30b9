//! Receiving the requests the API sends: webhooks and callbacks. Module `webhooks` declares
//! one type per event; a receiving service (axum, actix-web, hyper) hands the body it got to
//! that event's [`Webhook::decode`], and answers with its [`Webhook::Reply`].

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::object::{FromJson, Misfit};

/// One event the API sends to a receiver.
///
/// ```text
/// async fn parcel_delivered(body: Bytes) -> Result<Json<Receipt>, StatusCode> {
///     let event = webhooks::ParcelDelivered::decode(&body).map_err(|_| StatusCode::BAD_REQUEST)?;
///     Ok(Json(Receipt { received: true, ..Default::default() }))
/// }
/// ```
pub trait Webhook {
    /// The name the API documents give the event.
    const NAME: &'static str;
    /// The HTTP method the API sends it with (`POST`).
    const METHOD: &'static str;
    /// What the API sends: the request body.
    type Payload: FromJson + Serialize;
    /// What the receiver answers with, `()` when no reply body is documented.
    type Reply: DeserializeOwned + Serialize;

    /// Decodes a request body the API sent. Bad input is an error naming the event and the
    /// place in the body, never a panic.
    fn decode(body: &[u8]) -> Result<Self::Payload, WebhookError> {
        let failed = |source| WebhookError { event: Self::NAME, source };
        let value = serde_json::from_slice(body).map_err(|e| failed(Failure::Syntax(e)))?;
        Self::Payload::from_json(value).map_err(|e| failed(Failure::Misfit(e)))
    }
}

/// A request body that is not the event's documented payload.
#[derive(Debug)]
pub struct WebhookError {
    event: &'static str,
    source: Failure,
}

#[derive(Debug)]
enum Failure {
    /// Not JSON.
    Syntax(serde_json::Error),
    /// JSON, but not the payload.
    Misfit(Misfit),
}

impl WebhookError {
    /// The event's name ([`Webhook::NAME`]).
    pub fn event(&self) -> &'static str {
        self.event
    }

    /// Line and column (1-based) in the body where it stops being JSON; `None` when it is JSON
    /// but not the payload (the message then names the members leading to the misfit).
    pub fn position(&self) -> Option<(usize, usize)> {
        match &self.source {
            Failure::Syntax(e) => Some((e.line(), e.column())),
            Failure::Misfit(_) => None,
        }
    }

    /// Where in the body the payload does not fit, as a JSON pointer (`/item/id`); `None` when
    /// the body is not JSON.
    pub fn pointer(&self) -> Option<String> {
        match &self.source {
            Failure::Syntax(_) => None,
            Failure::Misfit(e) => Some(e.pointer()),
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a payload of `{}`: ", self.event)?;
        match &self.source {
            Failure::Syntax(e) => e.fmt(f),
            Failure::Misfit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            Failure::Syntax(e) => Some(e),
            Failure::Misfit(e) => Some(e),
        }
    }
}
