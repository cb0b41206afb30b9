//! Offset pagination: a stream of items that fetches pages (`limit`/`offset`) as it goes.

use std::collections::VecDeque;
use std::pin::Pin;

use futures::Stream;

use super::api_client::Client;
use super::error::Error;
use super::request::Request;
use super::response::{RawResponse, ResponseValue};

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

struct State<'a, T: Page, E> {
    client: &'a Client,
    request: Request,
    decode: fn(RawResponse) -> Result<ResponseValue<T>, Error<E>>,
    offset: u64,
    limit: u64,
    buffer: VecDeque<T::Item>,
    done: bool,
}

/// Streams the items of every page, starting at the request's `offset` (default 0) with pages
/// of its `limit` (default 250). Stops on a short or empty page, or at `X-Total-Count` when the
/// server sends it; an error ends the stream after it is yielded.
pub fn paginate<'a, T, E>(
    client: &'a Client,
    request: Request,
    decode: fn(RawResponse) -> Result<ResponseValue<T>, Error<E>>,
) -> ItemStream<'a, T::Item, E>
where
    T: Page + Send + 'a,
    T::Item: Send + 'a,
    E: Send + 'a,
{
    let number = |name: &str| request.query_value(name).and_then(|v| v.parse::<u64>().ok());
    let offset = number("offset").unwrap_or(0);
    let limit = number("limit").filter(|n| *n > 0).unwrap_or(DEFAULT_LIMIT);
    let state = State { client, request, decode, offset, limit, buffer: VecDeque::new(), done: false };
    Box::pin(futures::stream::unfold(state, next))
}

async fn next<T: Page, E>(mut state: State<'_, T, E>) -> Option<(Result<T::Item, Error<E>>, State<'_, T, E>)> {
    loop {
        if let Some(item) = state.buffer.pop_front() {
            return Some((Ok(item), state));
        }
        if state.done {
            return None;
        }
        let mut request = state.request.clone();
        request.set_query("offset", &state.offset.to_string());
        request.set_query("limit", &state.limit.to_string());
        let page = match state.client.execute(request).await {
            Ok(raw) => (state.decode)(raw),
            Err(e) => Err(e.into()),
        };
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                state.done = true;
                return Some((Err(e), state));
            }
        };
        let total = page.headers().get("X-Total-Count").and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
        let items = page.into_inner().into_items();
        let count = items.len() as u64;
        state.offset += count;
        state.done = count < state.limit || total.is_some_and(|t| state.offset >= t);
        state.buffer.extend(items);
    }
}
