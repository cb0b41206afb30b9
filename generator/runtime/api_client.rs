//! The [`Client`]: connection settings, and sending a [`Request`] with authentication, retries,
//! timeouts and the body size limit applied.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_LENGTH};
use reqwest::StatusCode;

use super::auth::{Auth, Secret, TokenSource};
use super::error::RequestError;
use super::request::Request;
use super::response::{RawResponse, StreamingResponse};
use super::retry::RetryPolicy;
use super::{ApiSpec, ServerSpec};

/// The API this crate was generated for.
const API: &ApiSpec = &super::super::client::API;

/// A client of the API. Cheap to clone: clones share the connection pool and the token cache.
/// Every operation of the API is a method; see the `client` module.
///
/// With the crate's `tracing` feature, every call is a span `api_call` with fields `operation`
/// (the operationId), `method`, `path_template`, `attempt` and `status` (or `error`); retries
/// and access token fetches are events in it. No field holds a token, a secret, a header value
/// or a body.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    http: reqwest::Client,
    auth: Auth,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    experimental: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `auth` shows no secret: see `Secret`.
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("experimental", &self.inner.experimental)
            .finish()
    }
}

/// A client's configuration could not be used.
#[derive(Debug, Clone)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Builds a [`Client`]. Defaults: no authentication, 60 s per request, [`RetryPolicy::default`],
/// 64 MiB response bodies, experimental endpoints off.
#[derive(Debug)]
pub struct ClientBuilder {
    base: Base,
    auth: AuthConfig,
    token_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    experimental: bool,
    http: Option<reqwest::Client>,
}

#[derive(Debug)]
enum Base {
    Url(String),
    Server(&'static ServerSpec, Vec<(String, String)>),
}

#[derive(Debug)]
enum AuthConfig {
    None,
    Bearer(Secret),
    ClientCredentials { id: String, secret: Secret },
}

impl Client {
    /// A client of any base URL, e.g. `https://acme.api.identitynow.com/beta` or a test server.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(Base::Url(base_url.into()))
    }

    /// A client of the documented server (the first), its `{tenant}` variable set to `tenant`
    /// and other variables at their defaults.
    pub fn for_tenant(tenant: &str) -> ClientBuilder {
        Client::for_default_server().server_variable("tenant", tenant)
    }

    /// A client of the documented server (the first), its variables at their defaults.
    pub fn for_default_server() -> ClientBuilder {
        match API.servers.first() {
            Some(server) => ClientBuilder::new(Base::Server(server, Vec::new())),
            None => ClientBuilder::new(Base::Url(String::new())),
        }
    }

    /// A client configured like SailPoint's SDKs: `SAIL_BASE_URL` (the API host, e.g.
    /// `https://acme.api.identitynow.com`; the server path of this API, e.g. `/beta`, is appended),
    /// `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET` (OAuth2 client credentials; the token comes from
    /// `{SAIL_BASE_URL}/oauth/token`).
    pub fn from_env() -> Result<ClientBuilder, ConfigError> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| ConfigError(format!("environment variable {name} is not set")))
        };
        let host = var("SAIL_BASE_URL")?;
        let host = host.trim().trim_end_matches('/');
        let suffix = API.servers.first().map_or("", |s| server_path(s.url));
        let base_url = if host.ends_with(suffix) { host.to_owned() } else { format!("{host}{suffix}") };
        Ok(Client::builder(base_url)
            .token_url(format!("{host}/oauth/token"))
            .client_credentials(var("SAIL_CLIENT_ID")?, var("SAIL_CLIENT_SECRET")?))
    }

    /// The base URL requests are sent to (operation paths are appended to it).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request: authenticated, retried per the policy, and read in full within the
    /// timeout and the size limit. Any status is returned; decoding is the caller's.
    pub async fn execute(&self, request: Request) -> Result<RawResponse, RequestError> {
        let call = async {
            let (response, deadline) = self.send(&request).await?;
            let limit = self.inner.max_response_bytes;
            tokio::time::timeout_at(deadline.into(), read_body(response, limit))
                .await
                .map_err(|_| RequestError::Timeout(self.inner.timeout))?
        };
        #[cfg(feature = "tracing")]
        let call = super::trace::call(&request, call, RawResponse::status);
        call.await
    }

    /// Like [`Client::execute`], but the body is left unread, to be streamed.
    pub async fn execute_streaming(&self, request: Request) -> Result<StreamingResponse, RequestError> {
        let call = async {
            let (response, _) = self.send(&request).await?;
            Ok::<_, RequestError>(StreamingResponse { response, limit: self.inner.max_response_bytes })
        };
        #[cfg(feature = "tracing")]
        let call = super::trace::call(&request, call, |r| r.response.status());
        call.await
    }

    /// Sends until a response should be kept; returns it with the deadline of its attempt.
    async fn send(&self, request: &Request) -> Result<(reqwest::Response, Instant), RequestError> {
        if let Some(message) = &request.invalid {
            return Err(RequestError::InvalidRequest(format!("{}: {message}", request.operation)));
        }
        if let Some(parameter) = &request.unplaced {
            let (operation, parameter) = (request.operation, parameter.clone());
            return Err(RequestError::UnplacedPathParameter { operation, parameter });
        }
        // Values are percent-encoded, so a brace left in the path is a placeholder never filled.
        if let Some(start) = request.path.find('{') {
            let placeholder = request.path[start..].split_inclusive('}').next().unwrap_or_default();
            return Err(RequestError::InvalidRequest(format!(
                "{}: the path placeholder `{placeholder}` was not filled; nothing was sent",
                request.operation
            )));
        }
        if request.experimental && !self.inner.experimental {
            return Err(RequestError::ExperimentalNotEnabled { operation: request.operation });
        }
        let url = format!("{}{}", self.inner.base_url, request.path_and_query());
        let started = Instant::now();
        let mut attempts = 0;
        let mut refreshed = false;
        loop {
            attempts += 1;
            let token = self.token().await?;
            #[cfg(feature = "tracing")]
            super::trace::attempt(attempts);
            let deadline = Instant::now() + self.inner.timeout;
            let mut builder = self.inner.http.request(request.method.clone(), &url);
            if let Some(token) = &token {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                    .map_err(|_| RequestError::InvalidRequest("invalid access token".into()))?;
                value.set_sensitive(true);
                builder = builder.header(AUTHORIZATION, value);
            }
            if request.experimental {
                builder = builder.header("X-SailPoint-Experimental", "true");
            }
            let sent = tokio::time::timeout_at(deadline.into(), request.apply(builder).send())
                .await
                .map_err(|_| RequestError::Timeout(self.inner.timeout))?;
            let retry = match &sent {
                Ok(response) => {
                    let status = response.status();
                    // A rejected token (expired early, revoked) is replaced once.
                    if status == StatusCode::UNAUTHORIZED && !refreshed {
                        if let (Auth::ClientCredentials(source), Some(used)) = (&self.inner.auth, &token) {
                            refreshed = true;
                            #[cfg(feature = "tracing")]
                            super::trace::token_rejected(attempts);
                            attempts -= 1;
                            source.invalidate(used).await;
                            continue;
                        }
                    }
                    let headers = response.headers();
                    self.inner.retry.delay(&request.method, Some((status, headers)), attempts, started.elapsed())
                }
                Err(e) if e.is_connect() => self.inner.retry.delay(&request.method, None, attempts, started.elapsed()),
                Err(_) => None,
            };
            #[cfg(feature = "tracing")]
            if let Some(delay) = retry {
                super::trace::retry(attempts, delay, sent.as_ref().ok().map(reqwest::Response::status));
            }
            match (sent, retry) {
                (_, Some(delay)) => tokio::time::sleep(delay).await,
                (Ok(response), None) => return Ok((response, deadline)),
                (Err(e), None) => return Err(RequestError::Transport(e.without_url())),
            }
        }
    }

    async fn token(&self) -> Result<Option<Secret>, RequestError> {
        match &self.inner.auth {
            Auth::None => Ok(None),
            Auth::Bearer(token) => Ok(Some(token.clone())),
            Auth::ClientCredentials(source) => {
                source.token(&self.inner.http, self.inner.timeout).await.map(Some).map_err(RequestError::Auth)
            }
        }
    }
}

/// Reads a body, failing (not panicking, not allocating) past `limit` bytes.
pub(super) async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<RawResponse, RequestError> {
    let too_large = RequestError::BodyTooLarge { limit };
    let declared = response.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large);
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| RequestError::Transport(e.without_url()))? {
        if body.len() + chunk.len() > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse::new(response.status(), response.headers().clone(), Bytes::from(body)))
}

/// The path of a server URL template (`https://{tenant}.host/beta` -> `/beta`).
fn server_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("", |i| after_scheme[i..].trim_end_matches('/'))
}

impl ClientBuilder {
    fn new(base: Base) -> Self {
        ClientBuilder {
            base,
            auth: AuthConfig::None,
            token_url: None,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_response_bytes: 64 * 1024 * 1024,
            experimental: false,
            http: None,
        }
    }

    /// Sets a `{variable}` of the documented server URL (ignored with an explicit base URL).
    pub fn server_variable(mut self, name: &str, value: &str) -> Self {
        if let Base::Server(_, vars) = &mut self.base {
            vars.retain(|(n, _)| n != name);
            vars.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// OAuth2 client credentials. The token comes from [`ClientBuilder::token_url`] when set,
    /// otherwise from the documented token URL's path on the base URL's host (as SailPoint's
    /// SDKs do: `https://acme.api.identitynow.com/oauth/token`).
    pub fn client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.auth = AuthConfig::ClientCredentials { id: client_id.into(), secret: Secret::new(client_secret) };
        self
    }

    /// A fixed bearer token, e.g. a personal access token's access token.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth = AuthConfig::Bearer(Secret::new(token));
        self
    }

    /// Where client-credentials tokens come from.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Time for one attempt: connecting, sending and reading the whole response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Largest response body read into memory; larger ones fail with
    /// [`RequestError::BodyTooLarge`]. Streamed downloads are not limited.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Opts in to experimental endpoints (sends `X-SailPoint-Experimental: true` to them).
    pub fn experimental(mut self, enabled: bool) -> Self {
        self.experimental = enabled;
        self
    }

    /// Uses this reqwest client (proxies, TLS settings...) instead of a new one.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn build(self) -> Result<Client, ConfigError> {
        let base_url = match self.base {
            Base::Url(url) => url,
            Base::Server(server, vars) => fill_server(server, &vars)?,
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        let parsed =
            reqwest::Url::parse(&base_url).map_err(|e| ConfigError(format!("invalid base URL `{base_url}`: {e}")))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| ConfigError(format!("cannot create the HTTP client: {e}")))?,
        };
        let auth = match self.auth {
            AuthConfig::None => Auth::None,
            AuthConfig::Bearer(token) => Auth::Bearer(token),
            AuthConfig::ClientCredentials { id, secret } => {
                let token_url = self.token_url.unwrap_or_else(|| derive_token_url(&parsed));
                Auth::ClientCredentials(TokenSource::new(id, secret, token_url))
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                http,
                auth,
                timeout: self.timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                experimental: self.experimental,
            }),
        })
    }
}

fn fill_server(server: &ServerSpec, vars: &[(String, String)]) -> Result<String, ConfigError> {
    let mut url = server.url.to_owned();
    for (name, value) in vars {
        let placeholder = format!("{{{name}}}");
        if !url.contains(&placeholder) {
            return Err(ConfigError(format!("the server URL `{}` has no variable `{name}`", server.url)));
        }
        url = url.replace(&placeholder, value);
    }
    for (name, default) in server.variables {
        url = url.replace(&format!("{{{name}}}"), default);
    }
    Ok(url)
}

/// The documented token URL's path (default `/oauth/token`) on the base URL's origin.
fn derive_token_url(base: &reqwest::Url) -> String {
    let path = API
        .token_url
        .and_then(|url| reqwest::Url::parse(url).ok())
        .map_or_else(|| "/oauth/token".to_owned(), |url| url.path().to_owned());
    format!("{}{path}", base.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_paths() {
        assert_eq!(server_path("https://{tenant}.api.identitynow.com/beta"), "/beta");
        assert_eq!(server_path("https://x.com"), "");
        assert_eq!(server_path("/v3/"), "/v3");
    }
}
