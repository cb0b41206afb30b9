//! Authentication: none, a static bearer token, or OAuth2 client credentials with a cached
//! token that is refreshed before it expires, by one caller at a time.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::Mutex;

/// A secret (client secret, access token): never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

/// Getting an access token failed. Never contains the client secret.
#[derive(Debug)]
pub struct AuthError {
    pub token_url: String,
    /// The token endpoint's status, when it answered.
    pub status: Option<reqwest::StatusCode>,
    pub message: String,
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot get an access token from {}", self.token_url)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for AuthError {}

#[derive(Debug)]
pub(super) enum Auth {
    None,
    Bearer(Secret),
    ClientCredentials(TokenSource),
}

pub(super) struct TokenSource {
    pub(super) client_id: String,
    pub(super) client_secret: Secret,
    pub(super) token_url: String,
    cache: Mutex<Option<CachedToken>>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_url", &self.token_url)
            .finish()
    }
}

struct CachedToken {
    token: Secret,
    /// When to fetch a new one: a little before the token expires.
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<f64>,
}

impl TokenSource {
    pub(super) fn new(client_id: String, client_secret: Secret, token_url: String) -> Self {
        TokenSource { client_id, client_secret, token_url, cache: Mutex::new(None) }
    }

    /// The cached token, or a new one. The lock is held while fetching, so concurrent callers
    /// wait for the one refresh instead of each starting their own.
    pub(super) async fn token(&self, http: &reqwest::Client, timeout: Duration) -> Result<Secret, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        #[cfg(feature = "tracing")]
        let refresh = cache.is_some();
        let fetched = tokio::time::timeout(timeout, self.fetch(http))
            .await
            .unwrap_or_else(|_| Err(self.error(None, format!("no response within {timeout:?}"))));
        #[cfg(feature = "tracing")]
        super::trace::token_fetch(refresh, fetched.as_ref().map(|t| t.refresh_at).map_err(|e| e.status));
        let fetched = fetched?;
        let token = fetched.token.clone();
        *cache = Some(fetched);
        Ok(token)
    }

    /// Expires `used` after the server rejected it, unless another caller already replaced it.
    pub(super) async fn invalidate(&self, used: &Secret) {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_mut().filter(|c| c.token == *used) {
            cached.refresh_at = Instant::now();
        }
    }

    fn error(&self, status: Option<reqwest::StatusCode>, message: String) -> AuthError {
        AuthError { token_url: self.token_url.clone(), status, message }
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<CachedToken, AuthError> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
        ];
        let body =
            form.iter().map(|(k, v)| format!("{k}={}", super::encode::component(v))).collect::<Vec<_>>().join("&");
        let started = Instant::now();
        let response = http
            .post(&self.token_url)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            // Only the URL and the kind of failure: the request body holds the secret.
            .map_err(|e| self.error(None, e.without_url().to_string()))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| self.error(Some(status), e.without_url().to_string()))?;
        if !status.is_success() {
            let text: String = String::from_utf8_lossy(&bytes).chars().take(200).collect();
            return Err(self.error(Some(status), text));
        }
        let parsed: TokenResponse = serde_json::from_slice(&bytes)
            .map_err(|e| self.error(Some(status), format!("not a token response: {e}")))?;
        // Refresh at 90% of the lifetime, and at most a minute early.
        let lifetime = Duration::from_secs_f64(parsed.expires_in.unwrap_or(300.0).max(0.0));
        let margin = (lifetime / 10).min(Duration::from_secs(60));
        Ok(CachedToken { token: Secret::new(parsed.access_token), refresh_at: started + lifetime - margin })
    }
}
