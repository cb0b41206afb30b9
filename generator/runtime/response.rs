//! Responses: the typed value callers get, and the raw response it is decoded from.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::error::{decode_json, DecodeError, Error, ErrorBody, ErrorResponse, RequestError};
use super::object::FromJson;

/// A successful response: the decoded body with the status and headers it came with.
/// Derefs to the body; [`ResponseValue::into_inner`] takes it.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    inner: T,
    status: StatusCode,
    headers: HeaderMap,
}

impl<T> ResponseValue<T> {
    pub fn new(inner: T, status: StatusCode, headers: HeaderMap) -> Self {
        ResponseValue { inner, status, headers }
    }

    pub fn into_inner(self) -> T {
        self.inner
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue { inner: f(self.inner), status: self.status, headers: self.headers }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

/// A response read in full (up to the client's size limit), not yet decoded.
#[derive(Clone)]
pub struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl RawResponse {
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse { status, headers, body }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text, invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes a JSON body.
    pub fn json<T: FromJson, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        match decode_json(&self.body) {
            Ok(value) => Ok(ResponseValue::new(value, self.status, self.headers)),
            Err(message) => Err(Error::Decode(self.undecoded(message))),
        }
    }

    /// The error of a body that does not decode; not generic, so compiled once.
    #[inline(never)]
    fn undecoded(self, message: String) -> Box<DecodeError> {
        Box::new(DecodeError { response: self, message })
    }

    /// A response without a body (any body sent is ignored).
    pub fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(ResponseValue::new((), self.status, self.headers))
    }

    /// The body as bytes, whatever its media type.
    pub fn bytes<E>(self) -> Result<ResponseValue<Bytes>, Error<E>> {
        Ok(ResponseValue::new(self.body, self.status, self.headers))
    }

    /// An error status: decoded into the operation's error type when documented.
    pub fn error<E: ErrorBody>(self) -> Error<E> {
        match E::decode(self.status.as_u16(), &self.body) {
            Some(Ok(body)) => Error::Api(Box::new(ErrorResponse { body, response: self })),
            Some(Err(message)) => Error::Decode(self.undecoded(message)),
            None => Error::Status(Box::new(self)),
        }
    }
}

/// A body delivered as it arrives, for large downloads. Not subject to the size limit.
pub struct ByteStream(Pin<Box<dyn Stream<Item = Result<Bytes, RequestError>> + Send>>);

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, RequestError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

/// A response whose body has not been read yet.
#[derive(Debug)]
pub struct StreamingResponse {
    pub(super) response: reqwest::Response,
    pub(super) limit: usize,
}

impl StreamingResponse {
    /// The body as a stream on success; on an error status the body is read (within the size
    /// limit) and decoded like any error.
    pub async fn stream<E: ErrorBody>(self) -> Result<ResponseValue<ByteStream>, Error<E>> {
        let status = self.response.status();
        if !status.is_success() {
            let raw = super::api_client::read_body(self.response, self.limit).await?;
            return Err(raw.error());
        }
        let headers = self.response.headers().clone();
        let stream =
            futures::StreamExt::map(self.response.bytes_stream(), |chunk| chunk.map_err(RequestError::Transport));
        Ok(ResponseValue::new(ByteStream(Box::pin(stream)), status, headers))
    }
}
