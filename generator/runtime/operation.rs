//! What every operation builder shares: the [`Operation`] trait (how to build its request and
//! decode its response), generic sending, and the [`operation!`](operation) macro that declares
//! a builder with its setters, `send` method and `.await`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::api_client::Client;
use super::error::{Error, ErrorBody, RequestError};
use super::paginate::{paginate, ItemStream, Page};
use super::request::Request;
use super::response::{ByteStream, RawResponse, ResponseValue};
use super::BoxFuture;

/// One API operation with its arguments: a request builder of module `client`.
pub trait Operation<'a>: Send + Sized + 'a {
    /// The body of a successful response.
    type Output: Send + 'a;
    /// The documented error bodies, by status.
    type Error: ErrorBody + Send + 'a;
    /// The client that sends the request.
    fn client(&self) -> &'a Client;
    /// The encoded request.
    fn request(&self) -> Request;
    /// Decodes a response: the success body, or the error.
    fn decode(response: RawResponse) -> OperationResult<'a, Self>;
}

/// What sending operation `O` gives.
pub type OperationResult<'a, O> =
    Result<ResponseValue<<O as Operation<'a>>::Output>, Error<<O as Operation<'a>>::Error>>;

/// Sends the request of an operation and decodes its response.
///
/// The future is a plain struct around the client's (non-generic) future, so that it is `Send`
/// without the compiler proving it anew for every operation.
pub fn send<'a, O: Operation<'a>>(operation: O) -> BoxFuture<'a, OperationResult<'a, O>> {
    let response = start(operation.client(), operation.request());
    Box::pin(Decoding { response, decode: O::decode })
}

/// The client's future for a request; not generic, so compiled once.
#[inline(never)]
fn start(client: &Client, request: Request) -> BoxFuture<'_, Result<RawResponse, RequestError>> {
    Box::pin(client.execute(request))
}

type Decode<T, E> = fn(RawResponse) -> Result<ResponseValue<T>, Error<E>>;

/// The future of [`send`]: the response, then its decoding.
struct Decoding<'a, T, E> {
    response: BoxFuture<'a, Result<RawResponse, RequestError>>,
    decode: Decode<T, E>,
}

impl<T, E> Future for Decoding<'_, T, E> {
    type Output = Result<ResponseValue<T>, Error<E>>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.response.as_mut().poll(cx) {
            Poll::Ready(Ok(response)) => Poll::Ready((self.decode)(response)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e.into())),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Sends the request and streams the body as it arrives (error statuses are decoded as usual).
pub async fn send_streaming<'a, O: Operation<'a>>(operation: O) -> Result<ResponseValue<ByteStream>, Error<O::Error>> {
    let (client, request) = (operation.client(), operation.request());
    drop(operation);
    client.execute_streaming(request).await?.stream().await
}

/// Every item of every page of a paginated operation.
pub fn items<'a, O>(operation: O) -> ItemStream<'a, <O::Output as Page>::Item, O::Error>
where
    O: Operation<'a>,
    O::Output: Page,
    <O::Output as Page>::Item: Send + 'a,
{
    paginate(operation.client(), operation.request(), O::decode)
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

/// Declares the request builder of an operation of module `client` and makes it an
/// [`Operation`] that is sent by `.await` (or `send`):
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

            /// Sends the request (what `.await` on the builder does).
            pub fn send(self) -> runtime::BoxFuture<'a, runtime::OperationResult<'a, Self>> {
                runtime::send(self)
            }
            $(runtime::operation!(@$option);)*
        }

        impl<'a> runtime::Operation<'a> for $builder<'a> {
            type Output = $output;
            type Error = $error;
            fn client(&self) -> &'a runtime::Client {
                self.client
            }
            fn request(&self) -> runtime::Request {
                let mut request = runtime::Request::new(runtime::Method::$method, $path, $id);
                $builder::fill(self, &mut request);
                request
            }
            fn decode(response: runtime::RawResponse) -> runtime::OperationResult<'a, Self> {
                $decode(response)
            }
        }

        impl<'a> std::future::IntoFuture for $builder<'a> {
            type Output = runtime::OperationResult<'a, Self>;
            type IntoFuture = runtime::BoxFuture<'a, Self::Output>;
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
    (@streaming) => {
        /// Sends the request and streams the body as it arrives, for large downloads (not
        /// subject to the client's body size limit).
        pub async fn send_streaming(
            self,
        ) -> Result<runtime::ResponseValue<runtime::ByteStream>, runtime::Error<<Self as runtime::Operation<'a>>::Error>>
        {
            runtime::send_streaming(self).await
        }
    };
    (@pages) => {
        /// Every item of every page, fetched as the stream is read (`limit` sets the page
        /// size, `offset` where to start).
        pub fn items(
            self,
        ) -> runtime::ItemStream<
            'a,
            <<Self as runtime::Operation<'a>>::Output as runtime::Page>::Item,
            <Self as runtime::Operation<'a>>::Error,
        > {
            runtime::items(self)
        }
    };
}
pub(crate) use operation;
