//! The part of the pagegen runtime a types-only crate carries: the wire forms of the types
//! (objects that keep the members they do not declare, string enums that keep values they do
//! not list) and decoding the requests the API sends (webhooks, callbacks). No HTTP client and
//! no async runtime: for services that receive or store the API's payloads.

mod webhook;
// The wire forms of the types: an API without objects or string enums leaves them unused.
#[allow(unused)]
pub(crate) mod object;
#[allow(unused)]
pub(crate) mod string_enum;

pub use object::{FromJson, Misfit, ToJson};
pub use webhook::{Webhook, WebhookError};
#[allow(unused)]
pub(crate) use {
    object::object,
    string_enum::{string_enum, string_enum_text},
};
