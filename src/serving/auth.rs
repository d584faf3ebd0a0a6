//! Optional bearer-JWT layer of the HTTP transport: with `--jwks-url`, `--issuer` and
//! `--audience` every request to the MCP endpoint must carry `Authorization: Bearer <JWT>`,
//! an RS256 token signed by a key of the JWKS, issued by the issuer for the audience, within its
//! `nbf`..`exp` (with [`LEEWAY_SECONDS`]). Refusals are `401` with a `WWW-Authenticate: Bearer`
//! challenge naming the RFC 9728 metadata document, served at
//! `/.well-known/oauth-protected-resource`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use axum::{
    Json,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use tokio::sync::Mutex;

/// Clock skew allowed on `exp` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 10;

/// An unknown `kid` refetches the JWKS, but not more often than this.
const REFETCH_INTERVAL: Duration = Duration::from_secs(2);

/// Where the protected-resource metadata (RFC 9728) is served.
pub const METADATA_PATH: &str = "/.well-known/oauth-protected-resource";

/// The serving flags that turn the layer on; all three or none.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct AuthArgs {
    /// JWKS URL whose RSA keys sign accepted bearer tokens (HTTP and SSE only; needs --issuer and
    /// --audience). Without it the server takes no authorization.
    #[arg(long, alias = "auth-jwks-uri", requires_all = ["issuer", "audience"])]
    pub jwks_url: Option<String>,
    /// The `iss` accepted tokens carry.
    #[arg(long, alias = "auth-authority", requires_all = ["jwks_url", "audience"])]
    pub issuer: Option<String>,
    /// The `aud` accepted tokens carry; when it is an http(s) URL it is also the resource
    /// identifier the metadata names (RFC 8707: the audience is the resource).
    #[arg(long, alias = "auth-audience", requires_all = ["jwks_url", "issuer"])]
    pub audience: Option<String>,
}

/// The bearer-JWT validator of one HTTP server.
pub struct BearerAuth {
    jwks_url: String,
    issuer: String,
    audience: String,
    /// The protected resource's identifier: the audience when it is a URL, else the MCP
    /// endpoint's URL.
    resource: String,
    /// The metadata document's URL, named in every challenge.
    metadata_url: String,
    http: reqwest::Client,
    keys: Mutex<KeyCache>,
}

#[derive(Default)]
struct KeyCache {
    by_kid: HashMap<String, DecodingKey>,
    fetched_at: Option<Instant>,
}

impl std::fmt::Debug for BearerAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BearerAuth")
            .field("jwks_url", &self.jwks_url)
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl BearerAuth {
    /// The validator the flags ask for, if any; `base` is `http://HOST:PORT` as bound.
    pub fn from_args(args: &AuthArgs, base: &str, path: &str) -> Result<Option<Arc<Self>>> {
        let (Some(jwks_url), Some(issuer), Some(audience)) =
            (&args.jwks_url, &args.issuer, &args.audience)
        else {
            return Ok(None);
        };
        Ok(Some(Arc::new(Self {
            jwks_url: jwks_url.clone(),
            issuer: issuer.clone(),
            audience: audience.clone(),
            resource: if audience.starts_with("https://") || audience.starts_with("http://") {
                audience.clone()
            } else {
                format!("{base}{path}")
            },
            metadata_url: format!("{base}{METADATA_PATH}"),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()?,
            keys: Mutex::default(),
        })))
    }

    /// The RFC 9728 protected-resource metadata document.
    pub fn metadata(&self) -> Value {
        json!({
            "resource": self.resource,
            "authorization_servers": [self.issuer],
            "bearer_methods_supported": ["header"],
        })
    }

    /// Checks one token; the error says why it is refused (never the token itself).
    pub async fn validate(&self, token: &str) -> Result<()> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| anyhow!("the token's header is unreadable: {e}"))?;
        if header.alg != Algorithm::RS256 {
            bail!("algorithm {:?} is not accepted (RS256 only)", header.alg);
        }
        let kid = header.kid.context("the token names no kid")?;
        let key = self.key(&kid).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map(drop)
            .map_err(|e| anyhow!("the token is invalid: {e}"))
    }

    /// The key `kid` names, fetching the JWKS on first use and again (rate-limited) for a
    /// kid it does not hold.
    async fn key(&self, kid: &str) -> Result<DecodingKey> {
        let mut cache = self.keys.lock().await;
        if let Some(key) = cache.by_kid.get(kid) {
            return Ok(key.clone());
        }
        let may_fetch = cache
            .fetched_at
            .is_none_or(|at| at.elapsed() >= REFETCH_INTERVAL);
        if may_fetch {
            cache.fetched_at = Some(Instant::now());
            cache.by_kid = self.fetch_keys().await?;
        }
        cache
            .by_kid
            .get(kid)
            .cloned()
            .ok_or_else(|| anyhow!("kid {kid:?} is not in the JWKS"))
    }

    async fn fetch_keys(&self) -> Result<HashMap<String, DecodingKey>> {
        let set: Value = self
            .http
            .get(&self.jwks_url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .with_context(|| format!("cannot fetch the JWKS {}", self.jwks_url))?
            .json()
            .await
            .with_context(|| format!("the JWKS {} is not JSON", self.jwks_url))?;
        let keys = set["keys"].as_array().cloned().unwrap_or_default();
        Ok(keys
            .iter()
            .filter(|key| key["kty"] == "RSA")
            .filter_map(|key| {
                let kid = key["kid"].as_str()?;
                let n = key["n"].as_str()?;
                let e = key["e"].as_str()?;
                Some((kid.to_owned(), DecodingKey::from_rsa_components(n, e).ok()?))
            })
            .collect())
    }

    /// The 401 answer; `error` is set when a token (or a malformed header) was given.
    fn challenge(&self, error: Option<&str>) -> Response {
        let mut value = String::from("Bearer ");
        if let Some(description) = error {
            let description = description.replace(['"', '\\'], "'");
            value.push_str(&format!(
                "error=\"invalid_token\", error_description=\"{description}\", "
            ));
        }
        value.push_str(&format!("resource_metadata=\"{}\"", self.metadata_url));
        let mut response = (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": error.map_or("unauthorized", |_| "invalid_token")})),
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}

/// Middleware in front of the MCP endpoint: only requests with a valid bearer token pass.
pub async fn require_bearer(
    State(auth): State<Arc<BearerAuth>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(given) = request.headers().get(header::AUTHORIZATION) else {
        return auth.challenge(None);
    };
    let token = given
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty());
    let Some(token) = token else {
        return auth.challenge(Some("the Authorization header is not 'Bearer <token>'"));
    };
    match auth.validate(token).await {
        Ok(()) => next.run(request).await,
        Err(error) => {
            tracing::info!(%error, "bearer token refused");
            auth.challenge(Some(&format!("{error:#}")))
        }
    }
}
