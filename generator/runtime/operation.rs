//! What every operation builder shares: sending a request and decoding its response (generic
//! only in the types decoded to), and the [`operation!`](operation) macro that declares a
//! builder with its setters, `send` method and `.await`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::api_client::Client;
use super::error::{Error, ErrorBody, RequestError};
use super::request::Request;
use super::response::{ByteStream, RawResponse, ResponseValue};
use super::BoxFuture;

/// How an operation reads a response: the body `T` of a success, or the error `E`.
pub type Decode<T, E> = fn(RawResponse) -> Result<ResponseValue<T>, Error<E>>;

/// Sends a request and decodes its response with `decode`. Generic only in the types it
/// decodes to: what an operation builder's `send` and `.await` call.
pub fn send<T, E>(client: &Client, request: Request, decode: Decode<T, E>) -> ResponseFuture<'_, T, E> {
    ResponseFuture { response: start(client, request), decode }
}

/// The client's future for a request; not generic, so compiled once.
#[inline(never)]
fn start(client: &Client, request: Request) -> BoxFuture<'_, Result<RawResponse, RequestError>> {
    Box::pin(client.execute(request))
}

/// The future of a request sent: the response, then its decoding into the body `T` of a success
/// or the error `E`. What `.await` on an operation builder runs.
///
/// A plain struct around the client's (non-generic) future rather than a boxed `dyn Future`: it
/// is `Send` and `Unpin` whatever `T` and `E` are, and the compiler proves that once, not for
/// every operation (a boxed future's type cost a millisecond of type checking per operation).
#[must_use = "a request is sent only when awaited"]
pub struct ResponseFuture<'a, T, E> {
    response: BoxFuture<'a, Result<RawResponse, RequestError>>,
    decode: Decode<T, E>,
}

impl<T, E> Future for ResponseFuture<'_, T, E> {
    type Output = Result<ResponseValue<T>, Error<E>>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.response.as_mut().poll(cx) {
            Poll::Ready(Ok(response)) => Poll::Ready((self.decode)(response)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e.into())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T, E> std::fmt::Debug for ResponseFuture<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

/// Sends a request and streams the body as it arrives (error statuses are decoded as usual):
/// what a builder's `send_streaming` calls.
pub async fn send_streaming<E: ErrorBody>(
    client: &Client,
    request: Request,
) -> Result<ResponseValue<ByteStream>, Error<E>> {
    client.execute_streaming(request).await?.stream().await
}

/// Decodes any 2xx response as JSON of type `T`, anything else as an error.
pub fn ok_json<T: super::object::FromJson, E: ErrorBody>(
    response: RawResponse,
) -> Result<ResponseValue<T>, Error<E>> {
    if response.status().is_success() {
        response.json()
    } else {
        Err(response.error())
    }
}

/// Reads any 2xx response body as bytes, anything else as an error.
pub fn ok_bytes<E: ErrorBody>(response: RawResponse) -> Result<ResponseValue<bytes::Bytes>, Error<E>> {
    if response.status().is_success() {
        response.bytes()
    } else {
        Err(response.error())
    }
}

/// Accepts any 2xx response without reading its body, anything else is an error.
pub fn ok_empty<E: ErrorBody>(response: RawResponse) -> Result<ResponseValue<()>, Error<E>> {
    if response.status().is_success() {
        response.empty()
    } else {
        Err(response.error())
    }
}

/// Declares the request builder of an operation of module `client`, sent by `.await` (or
/// `send`):
///
/// ```text
/// operation! {
///     /// Docs.
///     pub struct GetItem {
///         id: String,
///         /// Docs of the setter.
///         limit: Option<i32>,
///     }
///     GET "/items/{id}" "getItem" -> types::Item, runtime::ok_json, pages;
///     error GetItemError = Error400_404;
///     body GetItemBody = types::Query;
/// }
/// ```
///
/// The struct gets a `client` field and a lifetime. Its undocumented fields come first: the
/// required parameters, arguments of its private `new`. The documented ones, each an `Option`,
/// are optional parameters with a setter of that name. The builder must also have an inherent
/// `fn fill(&self, &mut Request)` that adds its parameters and body to the request. The line
/// after the struct is the method, path template, operation id, success type and `decode`, a
/// function of a [`RawResponse`] such as [`ok_json`]; options after it add methods: `streaming`
/// adds `send_streaming`, `pages` adds `items`. `error` names the error type, which is an alias
/// of a shared error enum when one is given; `body` names an alias of the request body type.
///
/// What sends a request, encodes it and decodes its response is `#[inline]` (here, and `fill`
/// and any `decode` of the builder): compiled by the crate that calls the operation, not by this
/// one, so a program compiles the encoding and decoding of the operations it uses only. Built
/// alone, the reference client spent a quarter of its release build on them.
// Unused in a build with no tag feature on (`default-features = false`).
#[allow(unused_macros)]
macro_rules! operation {
    (
        $(#[$meta:meta])*
        $vis:vis struct $builder:ident {
            $($required:ident: $required_ty:ty,)*
            $($(#[$optional_meta:meta])+ $optional:ident: Option<$optional_ty:ty>,)*
        }
        $method:ident $path:literal $id:literal -> $output:ty, $decode:path $(, $option:ident)*;
        error $error:ident $(= $shared_error:ty)?;
        $(body $body:ident = $body_ty:ty;)?
    ) => {
        $(#[$meta])*
        #[must_use = "a request is sent only when awaited"]
        $vis struct $builder<'a> {
            client: &'a runtime::Client,
            $($required: $required_ty,)*
            $($optional: Option<$optional_ty>,)*
        }

        impl<'a> $builder<'a> {
            #[allow(clippy::too_many_arguments)]
            fn new(client: &'a runtime::Client $(, $required: $required_ty)*) -> Self {
                Self { client $(, $required)* $(, $optional: None)* }
            }

            $(
                $(#[$optional_meta])+
                pub fn $optional(mut self, value: impl Into<$optional_ty>) -> Self {
                    self.$optional = Some(value.into());
                    self
                }
            )*

            /// The request this builder describes.
            #[inline]
            fn request(&self) -> runtime::Request {
                let mut request = runtime::Request::new(runtime::Method::$method, $path, $id);
                $builder::fill(self, &mut request);
                request
            }

            /// Sends the request (what `.await` on the builder does).
            #[inline]
            pub fn send(self) -> runtime::ResponseFuture<'a, $output, $error> {
                runtime::send(self.client, self.request(), $decode)
            }
            $(runtime::operation!(@$option $output, $error, $decode);)*
        }

        impl<'a> std::future::IntoFuture for $builder<'a> {
            type Output = Result<runtime::ResponseValue<$output>, runtime::Error<$error>>;
            type IntoFuture = runtime::ResponseFuture<'a, $output, $error>;
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }

        $(
            #[doc = concat!("The documented error responses of [`", stringify!($builder), "`].")]
            $vis type $error = $shared_error;
        )?

        $(
            #[doc = concat!("The request body of [`", stringify!($builder), "`].")]
            $vis type $body = $body_ty;
        )?
    };
    (@streaming $output:ty, $error:ident, $decode:path) => {
        /// Sends the request and streams the body as it arrives, for large downloads (not
        /// subject to the client's body size limit).
        #[inline]
        pub fn send_streaming(
            self,
        ) -> impl std::future::Future<
            Output = Result<runtime::ResponseValue<runtime::ByteStream>, runtime::Error<$error>>,
        > + Send + 'a {
            runtime::send_streaming(self.client, self.request())
        }
    };
    (@pages $output:ty, $error:ident, $decode:path) => {
        /// Every item of every page, fetched as the stream is read (`limit` sets the page
        /// size, `offset` where to start).
        #[inline]
        pub fn items(self) -> runtime::ItemStream<'a, <$output as runtime::Page>::Item, $error> {
            runtime::paginate::<$output, $error>(self.client, self.request(), $decode)
        }
    };
}
pub(crate) use operation;
