//! The runtime every pagegen client carries: connection settings, authentication, retries,
//! request encoding, response decoding, errors, pagination, and decoding the webhooks the API
//! sends. The generated `client` module only describes operations; everything they share
//! lives here.
//!
//! Paths between these modules are `super::`-relative so that the generated code can be
//! placed anywhere, even `include!`d inside a module of another crate.
//!
//! `#[cfg(feature = "tracing")]` is the generated crate's `tracing` feature; a crate that
//! `include!`s this code may not declare one (then no tracing code is compiled).
#![allow(unexpected_cfgs)]

mod api_client;
mod auth;
mod encode;
mod error;
mod operation;
mod paginate;
mod request;
mod response;
mod retry;
#[cfg(feature = "tracing")]
mod trace;
mod webhook;
// The wire forms of the types: an API without objects or string enums leaves them unused.
#[allow(unused)]
pub(crate) mod object;
#[allow(unused)]
pub(crate) mod string_enum;

pub use api_client::{Client, ClientBuilder, ConfigError};
pub use auth::{AuthError, Secret};
pub use error::{decode_json, DecodeError, Error, ErrorBody, ErrorResponse, RequestError};
#[allow(unused_imports)] // no operation compiled without tag features
pub(crate) use operation::operation;
pub use operation::{ok_bytes, ok_empty, ok_json, send, send_streaming, Decode, ResponseFuture};
pub use paginate::{paginate, ItemStream, Page};
pub use request::{Form, Request, Style};
pub use response::{ByteStream, RawResponse, ResponseValue, StreamingResponse};
pub use retry::RetryPolicy;
pub use object::{FromJson, Misfit, ToJson};
pub use webhook::{Webhook, WebhookError};
#[allow(unused)]
pub(crate) use {
    object::object,
    string_enum::{string_enum, string_enum_text},
};

pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode};

/// A boxed future that can move between threads: what a request runs as.
pub(crate) type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A server of the API as its documents describe it: a URL template and its variables.
#[derive(Clone, Copy, Debug)]
pub struct ServerSpec {
    /// URL template, e.g. `https://{tenant}.api.identitynow.com/beta`.
    pub url: &'static str,
    /// `(name, default value)` of every `{variable}` of the template.
    pub variables: &'static [(&'static str, &'static str)],
}

/// What the API documents say about the API as a whole.
#[derive(Clone, Copy, Debug)]
pub struct ApiSpec {
    pub title: &'static str,
    pub version: &'static str,
    /// The documented servers, first is the default.
    pub servers: &'static [ServerSpec],
    /// The documented OAuth2 client-credentials token URL, if any.
    pub token_url: Option<&'static str>,
}
