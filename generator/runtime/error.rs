//! Errors: one generic [`Error`] whose `E` is the operation's documented error bodies.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

use super::auth::AuthError;
use super::object::{tri, FromJson};
use super::response::RawResponse;

/// The failure of an operation. `E` is the operation's error enum: one variant per documented
/// error status, holding the decoded body.
#[derive(Debug)]
pub enum Error<E> {
    /// A documented error status, its body decoded.
    Api(Box<ErrorResponse<E>>),
    /// A status the operation does not document; the response is kept as it came.
    Status(Box<RawResponse>),
    /// A body that does not match its documented type (truncated, invalid JSON or UTF-8...).
    Decode(Box<DecodeError>),
    /// The request could not be made or completed.
    Request(RequestError),
}

/// A documented error status with its decoded body and the raw response.
#[derive(Debug)]
pub struct ErrorResponse<E> {
    pub body: E,
    pub response: RawResponse,
}

/// A body that could not be decoded, kept raw.
#[derive(Debug)]
pub struct DecodeError {
    pub response: RawResponse,
    pub message: String,
}

/// Why a request could not be made or completed.
#[derive(Debug)]
pub enum RequestError {
    /// Connecting, sending or receiving failed.
    Transport(reqwest::Error),
    /// No complete response within the client's per-request timeout.
    Timeout(Duration),
    /// The response body is larger than the client's limit.
    BodyTooLarge { limit: usize },
    /// Getting an access token failed.
    Auth(AuthError),
    /// The endpoint is experimental and the client did not opt in
    /// ([`super::ClientBuilder::experimental`]); nothing was sent.
    ExperimentalNotEnabled { operation: &'static str },
    /// A parameter or body could not be encoded; nothing was sent.
    InvalidRequest(String),
    /// The API documentation gives this path parameter of the operation no place in the path,
    /// so no correct URL can be built; nothing was sent.
    UnplacedPathParameter { operation: &'static str, parameter: String },
}

impl<E> From<RequestError> for Error<E> {
    fn from(e: RequestError) -> Self {
        Error::Request(e)
    }
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        self.response().map(RawResponse::status)
    }

    /// The response, when one was received (headers and raw body included).
    pub fn response(&self) -> Option<&RawResponse> {
        match self {
            Error::Api(e) => Some(&e.response),
            Error::Status(r) => Some(r),
            Error::Decode(e) => Some(&e.response),
            Error::Request(_) => None,
        }
    }

    /// The decoded body of a documented error status.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(&e.body),
            _ => None,
        }
    }

    /// The `trackingId` SailPoint puts in its error bodies, to quote to support.
    pub fn tracking_id(&self) -> Option<String> {
        let json = body_json(self.response()?)?;
        json.get("trackingId")?.as_str().map(str::to_owned)
    }
}

fn body_json(response: &RawResponse) -> Option<Value> {
    serde_json::from_slice(response.body()).ok()
}

/// A one-line summary of an error body, read from the raw JSON so that it works for any of the
/// shapes SailPoint uses (`messages[0].text`, `error`, `message`, plus `detailCode` and
/// `trackingId`).
fn summary(response: &RawResponse) -> String {
    let status = response.status();
    let mut out = format!("HTTP {status}");
    let Some(json) = body_json(response) else {
        let text = response.text();
        let text = text.trim();
        if !text.is_empty() && !text.starts_with('<') {
            out.push_str(": ");
            out.extend(text.chars().take(200));
        }
        return out;
    };
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::trim).map(str::to_owned);
    let message = text(json.pointer("/messages/0/text"))
        .or_else(|| text(json.get("error")))
        .or_else(|| text(json.get("message")))
        .or_else(|| text(json.get("error_description")));
    if let Some(message) = message {
        out.push_str(": ");
        out.push_str(&message);
    }
    let details: Vec<String> = ["detailCode", "trackingId"]
        .iter()
        .filter_map(|key| text(json.get(*key)).map(|v| format!("{key}: {v}")))
        .collect();
    if !details.is_empty() {
        out.push_str(&format!(" ({})", details.join(", ")));
    }
    out
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => f.write_str(&summary(&e.response)),
            Error::Status(r) => write!(f, "undocumented status: {}", summary(r)),
            Error::Decode(e) => write!(f, "{}: cannot decode the body: {}", summary(&e.response), e.message),
            Error::Request(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Transport(e) => write!(f, "request failed: {e}"),
            RequestError::Timeout(d) => write!(f, "no response within {d:?}"),
            RequestError::BodyTooLarge { limit } => {
                write!(f, "response body larger than the limit of {limit} bytes")
            }
            RequestError::Auth(e) => e.fmt(f),
            RequestError::ExperimentalNotEnabled { operation } => write!(
                f,
                "`{operation}` is an experimental endpoint: enable experimental endpoints on \
                 the client (ClientBuilder::experimental) to call it"
            ),
            RequestError::InvalidRequest(message) => f.write_str(message),
            RequestError::UnplacedPathParameter { operation, parameter } => write!(
                f,
                "`{operation}`: the API documentation gives the path parameter `{parameter}` no place in the \
                 path, so no correct URL can be built; nothing was sent"
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request(e) => Some(e),
            _ => None,
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::Transport(e) => Some(e),
            RequestError::Auth(e) => Some(e),
            _ => None,
        }
    }
}

/// The documented error bodies of one operation, decoded by status code.
pub trait ErrorBody: Sized {
    /// `None` when `status` is not documented; otherwise the decoded body or why it failed.
    fn decode(status: u16, body: &[u8]) -> Option<Result<Self, String>>;
}

/// Decodes JSON, naming where it failed: line and column when the body is not JSON, the path of
/// members (``at `owner.id`: invalid type: ...``) when it is JSON but not the type. An empty
/// body decodes as `null`, so that types that accept it (`Option`, `serde_json::Value`) do.
pub fn decode_json<T: FromJson>(body: &[u8]) -> Result<T, String> {
    match T::from_json(tri!(parse_json(body))) {
        Ok(value) => Ok(value),
        Err(misfit) => Err(misfit.to_string()),
    }
}

fn parse_json(body: &[u8]) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| e.to_string())
}
