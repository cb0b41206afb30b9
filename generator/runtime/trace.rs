//! Spans and events of the crate's `tracing` feature (without it, this module is not compiled
//! and no call site exists).
//!
//! - span `api_call` (INFO), one per call of an operation, around all its attempts: `operation`
//!   (the operationId), `method`, `path_template` (e.g. `/items/{id}`: never the filled path,
//!   which may hold identifiers), `attempt` (the attempt being sent, from 1: the last one when
//!   the span closes, none if nothing was sent), `status` (of the response kept) or `error` (the
//!   kind of failure);
//! - event `retrying` (WARN): `attempt` (the one that failed), `wait_ms`, `status` and `reason`
//!   (its canonical reason, or `connection failed`);
//! - event `access token rejected` (INFO): `attempt`, `status` (401);
//! - event `access token fetched` (INFO): `refresh` (whether it replaces an expired or rejected
//!   one), `refresh_in_s`; or `access token fetch failed` (WARN): `refresh`, `status` (of the
//!   token endpoint, when it answered).
//!
//! No field holds a secret, a token, a header value, a body or an error message (which may
//! quote a body): only identifiers of the API's documentation, numbers and fixed words.

use std::future::Future;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::error::RequestError;
use super::request::Request;

/// Runs `call` (all attempts of one request) inside the request's `api_call` span, recording
/// the status of the response it gives, or the kind of its error. Generic over the two futures
/// of [`super::Client`] only (not per operation); what does not need the type is in
/// [`span`] and [`end`].
pub(super) async fn call<T>(
    request: &Request,
    call: impl Future<Output = Result<T, RequestError>>,
    status: fn(&T) -> StatusCode,
) -> Result<T, RequestError> {
    let span = span(request);
    let result = call.instrument(span.clone()).await;
    end(&span, result.as_ref().map(status));
    result
}

fn span(request: &Request) -> Span {
    tracing::info_span!(
        "api_call",
        operation = request.operation,
        method = request.method.as_str(),
        path_template = request.template,
        attempt = Empty,
        status = Empty,
        error = Empty,
    )
}

fn end(span: &Span, result: Result<StatusCode, &RequestError>) {
    match result {
        Ok(status) => span.record("status", status.as_u16()),
        Err(e) => span.record("error", kind(e)),
    };
}

/// The `api_call` span the current code runs in: not another one of the application's, when a
/// filter disabled ours.
fn current_call() -> Option<Span> {
    let span = Span::current();
    let ours = span.metadata().is_some_and(|m| m.name() == "api_call" && m.target() == module_path!());
    ours.then_some(span)
}

/// Attempt `attempt` (from 1) is sent.
pub(super) fn attempt(attempt: u32) {
    if let Some(span) = current_call() {
        span.record("attempt", attempt);
    }
}

/// Attempt `attempt` failed with `status` (`None`: the connection failed); the next one starts
/// after `wait`.
pub(super) fn retry(attempt: u32, wait: Duration, status: Option<StatusCode>) {
    let reason = match status {
        Some(status) => status.canonical_reason().unwrap_or("unknown status"),
        None => "connection failed",
    };
    let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
    tracing::warn!(attempt, wait_ms, status = status.map(|s| s.as_u16()), reason, "retrying");
}

/// The server rejected the access token of attempt `attempt`; a new one is fetched.
pub(super) fn token_rejected(attempt: u32) {
    tracing::info!(attempt, status = StatusCode::UNAUTHORIZED.as_u16(), "access token rejected");
}

/// A client-credentials token was fetched (`Ok`: when it is to be refreshed), or not (`Err`:
/// the token endpoint's status, when it answered). `refresh`: a cached token is replaced.
pub(super) fn token_fetch(refresh: bool, result: Result<Instant, Option<StatusCode>>) {
    match result {
        Ok(refresh_at) => {
            let refresh_in_s = refresh_at.saturating_duration_since(Instant::now()).as_secs();
            tracing::info!(refresh, refresh_in_s, "access token fetched");
        }
        Err(status) => tracing::warn!(refresh, status = status.map(|s| s.as_u16()), "access token fetch failed"),
    }
}

/// A name for the kind of error, without its message (which may quote a response body).
fn kind(e: &RequestError) -> &'static str {
    match e {
        RequestError::Transport(_) => "transport",
        RequestError::Timeout(_) => "timeout",
        RequestError::BodyTooLarge { .. } => "body_too_large",
        RequestError::Auth(_) => "auth",
        RequestError::ExperimentalNotEnabled { .. } => "experimental_not_enabled",
        RequestError::InvalidRequest(_) => "invalid_request",
        RequestError::UnplacedPathParameter { .. } => "unplaced_path_parameter",
    }
}
