//! Receiving the requests the API sends: webhooks and callbacks. Module `webhooks` declares
//! one type per event; a receiving service (axum, actix-web, hyper) hands the body it got to
//! that event's [`Webhook::decode`], and answers with its [`Webhook::Reply`].

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

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
    type Payload: DeserializeOwned + Serialize;
    /// What the receiver answers with, `()` when no reply body is documented.
    type Reply: DeserializeOwned + Serialize;

    /// Decodes a request body the API sent. Bad input is an error naming the event and the
    /// place in the body, never a panic.
    fn decode(body: &[u8]) -> Result<Self::Payload, WebhookError> {
        serde_json::from_slice(body).map_err(|e| WebhookError { event: Self::NAME, source: e })
    }
}

/// A request body that is not the event's documented payload.
#[derive(Debug)]
pub struct WebhookError {
    event: &'static str,
    source: serde_json::Error,
}

impl WebhookError {
    /// The event's name ([`Webhook::NAME`]).
    pub fn event(&self) -> &'static str {
        self.event
    }

    /// Line and column (1-based) in the body where decoding failed.
    pub fn position(&self) -> (usize, usize) {
        (self.source.line(), self.source.column())
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a payload of `{}`: {}", self.event, self.source)
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
