//! Offset pagination: a stream of items that fetches pages (`limit`/`offset`) as it goes.
//!
//! Fetching and counting pages is one non-generic [`Pages`]; each paginated operation adds only
//! [`Items`], which decodes a page and hands out its items.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use reqwest::header::HeaderMap;

use super::api_client::Client;
use super::error::{Error, RequestError};
use super::operation::Decode;
use super::request::Request;
use super::response::RawResponse;
use super::BoxFuture;

/// A stream of items, each page fetched when the previous one is used up.
pub type ItemStream<'a, T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>;

/// A response body that is a page of items.
pub trait Page {
    type Item;
    fn into_items(self) -> Vec<Self::Item>;
}

impl<T> Page for Vec<T> {
    type Item = T;
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl Page for serde_json::Value {
    type Item = serde_json::Value;
    fn into_items(self) -> Vec<serde_json::Value> {
        match self {
            serde_json::Value::Array(items) => items,
            serde_json::Value::Null => Vec::new(),
            other => vec![other],
        }
    }
}

/// Page size when the caller sets no `limit` (the largest SailPoint's list endpoints allow).
const DEFAULT_LIMIT: u64 = 250;

/// Where the next page starts, whether there is one, and its fetch once started.
struct Pages<'a> {
    client: &'a Client,
    request: Request,
    offset: u64,
    limit: u64,
    done: bool,
    fetching: Option<BoxFuture<'a, Result<RawResponse, RequestError>>>,
}

impl<'a> Pages<'a> {
    fn new(client: &'a Client, request: Request) -> Self {
        let number = |name: &str| request.query_value(name).and_then(|v| v.parse::<u64>().ok());
        let offset = number("offset").unwrap_or(0);
        let limit = number("limit").filter(|n| *n > 0).unwrap_or(DEFAULT_LIMIT);
        Pages { client, request, offset, limit, done: false, fetching: None }
    }

    /// Fetches the next page: started on the first poll, polled on the next ones.
    fn poll_fetch(&mut self, cx: &mut Context<'_>) -> Poll<Result<RawResponse, RequestError>> {
        let fetching = self.fetching.get_or_insert_with(|| {
            let mut request = self.request.clone();
            request.set_query("offset", &self.offset.to_string());
            request.set_query("limit", &self.limit.to_string());
            Box::pin(self.client.execute(request))
        });
        let fetched = std::task::ready!(fetching.as_mut().poll(cx));
        self.fetching = None;
        Poll::Ready(fetched)
    }

    /// Moves past a page of `count` items: the last one when it is short or empty, or when it
    /// reaches the total the server sent.
    fn advance(&mut self, count: usize, total: Option<u64>) {
        let count = count as u64;
        self.offset += count;
        self.done = count < self.limit || total.is_some_and(|t| self.offset >= t);
    }
}

/// The `X-Total-Count` a server may send with a page.
fn total_count(headers: &HeaderMap) -> Option<u64> {
    headers.get("X-Total-Count").and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
}

/// The items of each page in turn.
struct Items<'a, T: Page, E> {
    pages: Pages<'a>,
    decode: Decode<T, E>,
    items: std::vec::IntoIter<T::Item>,
}

// No field is pinned: the page being fetched is boxed.
impl<T: Page, E> Unpin for Items<'_, T, E> {}

impl<T: Page, E> Stream for Items<'_, T, E> {
    type Item = Result<T::Item, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.pages.done {
                return Poll::Ready(None);
            }
            let Poll::Ready(fetched) = this.pages.poll_fetch(cx) else {
                return Poll::Pending;
            };
            match fetched.map_err(Error::from).and_then(this.decode) {
                Ok(page) => {
                    let total = total_count(page.headers());
                    let items = page.into_inner().into_items();
                    this.pages.advance(items.len(), total);
                    this.items = items.into_iter();
                }
                Err(e) => {
                    this.pages.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}

/// Streams the items of every page, starting at the request's `offset` (default 0) with pages
/// of its `limit` (default 250). Stops on a short or empty page, or at `X-Total-Count` when the
/// server sends it; an error ends the stream after it is yielded.
pub fn paginate<'a, T, E>(
    client: &'a Client,
    request: Request,
    decode: Decode<T, E>,
) -> ItemStream<'a, T::Item, E>
where
    T: Page + Send + 'a,
    T::Item: Send + 'a,
    E: Send + 'a,
{
    let pages = Pages::new(client, request);
    Box::pin(Items { pages, decode, items: Vec::new().into_iter() })
}
