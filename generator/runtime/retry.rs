//! When to send a request again, and how long to wait first.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// Retries of rate-limited (429) and unavailable (502, 503, 504) responses, and of failed
/// connections. POST and PATCH are not idempotent, so they are retried on 429 only (the server
/// did not act on them). `Retry-After` is honoured; otherwise the wait grows exponentially,
/// with jitter. Both attempts and total time are bounded.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Wait before the first retry (then doubled each time, up to `max_backoff`).
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// No retry starts once this much time has passed since the first attempt, and none whose
    /// wait would end after it.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The wait before attempt `attempts + 1`, or `None` to give up. `response` is the status
    /// and headers received, `None` for a connection failure.
    pub(super) fn delay(
        &self,
        method: &Method,
        response: Option<(StatusCode, &HeaderMap)>,
        attempts: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempts >= self.max_attempts {
            return None;
        }
        let idempotent = !matches!(*method, Method::POST | Method::PATCH);
        let retry_after = match response {
            Some((StatusCode::TOO_MANY_REQUESTS, headers)) => retry_after(headers),
            Some((
                StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT,
                headers,
            )) if idempotent => retry_after(headers),
            Some(_) => return None,
            None if idempotent => None,
            None => return None,
        };
        let delay = retry_after.unwrap_or_else(|| self.backoff(attempts));
        (elapsed + delay <= self.max_elapsed).then_some(delay)
    }

    /// Exponential backoff with "equal jitter": half fixed, half random.
    fn backoff(&self, attempts: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << attempts.saturating_sub(1).min(16));
        let base = exp.min(self.max_backoff);
        base / 2 + base.mul_f64(random_fraction() / 2.0)
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) from the standard library's per-process random hash keys.
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        let later = SystemTime::now() + Duration::from_secs(30);
        headers.insert(RETRY_AFTER, httpdate::fmt_http_date(later).parse().unwrap());
        let got = retry_after(&headers).unwrap();
        assert!(got > Duration::from_secs(27) && got <= Duration::from_secs(30));
    }

    #[test]
    fn post_is_retried_on_429_only() {
        let policy = RetryPolicy::default();
        let headers = HeaderMap::new();
        let unavailable = Some((StatusCode::SERVICE_UNAVAILABLE, &headers));
        let limited = Some((StatusCode::TOO_MANY_REQUESTS, &headers));
        assert!(policy.delay(&Method::POST, unavailable, 1, Duration::ZERO).is_none());
        assert!(policy.delay(&Method::POST, limited, 1, Duration::ZERO).is_some());
        assert!(policy.delay(&Method::GET, unavailable, 1, Duration::ZERO).is_some());
        assert!(policy.delay(&Method::GET, unavailable, 4, Duration::ZERO).is_none());
    }
}
