//! Auth fixtures for the whole run: one RSA-2048 key pair (generated lazily, once, off the async
//! workers), a JWKS endpoint on loopback publishing its public key, and a token minter for
//! valid tokens and every common defect. Tokens are [`Secret`]s: never shown in reports.
//!
//! [`publish_jwks_url`] starts the endpoint and sets [`JWKS_URL_VAR`] before the runner starts
//! any thread, so registry entries can pass `${MCP_ACCEPTANCE_JWKS_URL}` to the servers they
//! start.

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail, ensure};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey as _;
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use rsa::traits::PublicKeyParts as _;
use serde_json::{Map, Value, json};

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc;
use crate::mcp::raw::{HttpAnswer, PostHeaders, RawChannel};
use crate::mcp::registry::{AuthDeclaration, Secret, Target};
use crate::world::{DEFAULT_PROTOCOL_VERSION, Outcome};

/// The environment variable holding the JWKS URL of this run.
pub const JWKS_URL_VAR: &str = "MCP_ACCEPTANCE_JWKS_URL";

/// The path of the JWKS document on the endpoint.
const JWKS_PATH: &str = "/jwks.json";

/// How long minted tokens are valid unless a defect says otherwise.
const LIFETIME: Duration = Duration::from_secs(300);

/// Far enough outside a validator's leeway (seconds).
const FAR: u64 = 600;

/// The run's signing key pair.
pub struct KeyPair {
    pub kid: String,
    encoding: EncodingKey,
    /// The public key as PEM (SubjectPublicKeyInfo): what an HS256 confusion attack signs with.
    public_pem: String,
    /// The public key as a JWK (`kty`, `kid`, `n`, `e`, `alg`, `use`).
    pub jwk: Value,
    /// How long generating it took.
    pub generated_in: Duration,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("kid", &self.kid)
            .field("private", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl KeyPair {
    fn generate() -> Result<Self> {
        let started = Instant::now();
        let mut rng = rsa::rand_core::OsRng;
        let private = rsa::RsaPrivateKey::new(&mut rng, 2048).context("RSA key generation")?;
        let der = private.to_pkcs1_der().context("encoding the RSA key")?;
        let public = private.to_public_key();
        let public_pem = public
            .to_public_key_pem(LineEnding::LF)
            .context("encoding the RSA public key")?;
        let kid = "mcp-acceptance-1".to_owned();
        let jwk = json!({
            "kty": "RSA",
            "kid": kid,
            "alg": "RS256",
            "use": "sig",
            "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
        });
        Ok(Self {
            kid,
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            public_pem,
            jwk,
            generated_in: started.elapsed(),
        })
    }

    /// The JWKS document publishing this key.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk] })
    }
}

/// The run's key pair, generated on first use (blocking: call from a blocking thread).
fn keys_blocking() -> Result<&'static KeyPair> {
    static KEYS: OnceLock<std::result::Result<KeyPair, String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let keys = KeyPair::generate().map_err(|e| format!("{e:#}"));
        if let Ok(keys) = &keys
            && std::env::var_os("MCP_TRACE").is_some()
        {
            eprintln!(
                "auth: RSA-2048 key pair generated in {:?}",
                keys.generated_in
            );
        }
        keys
    })
    .as_ref()
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The run's key pair; the first call generates it on a blocking thread.
pub async fn keys() -> Result<&'static KeyPair> {
    tokio::task::spawn_blocking(keys_blocking)
        .await
        .context("the key generation thread failed")?
}

/// Starts the run's JWKS endpoint on 127.0.0.1 (its own thread and runtime) and sets
/// [`JWKS_URL_VAR`]. Call it once, before any other thread starts.
pub fn publish_jwks_url() -> Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("binding the JWKS port")?;
    let url = format!("http://{}{JWKS_PATH}", listener.local_addr()?);
    // SAFETY: called at the start of the runner's `main`, before any other thread exists.
    unsafe { std::env::set_var(JWKS_URL_VAR, &url) };
    start_jwks(listener)?;
    Ok(url)
}

/// Serves the JWKS on `listener` from a thread of its own.
fn start_jwks(listener: std::net::TcpListener) -> Result<()> {
    listener.set_nonblocking(true)?;
    std::thread::Builder::new()
        .name("jwks".into())
        .spawn(move || serve_jwks(listener))
        .context("starting the JWKS thread")?;
    Ok(())
}

fn serve_jwks(listener: std::net::TcpListener) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return eprintln!("auth: no runtime for the JWKS endpoint: {error}"),
    };
    runtime.block_on(async move {
        let app = axum::Router::new().route(
            JWKS_PATH,
            axum::routing::get(|| async {
                // The first request generates the key on this thread: it serves nothing else.
                match keys_blocking() {
                    Ok(keys) => Ok(axum::Json(keys.jwks())),
                    Err(error) => Err((
                        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                        format!("{error:#}"),
                    )),
                }
            }),
        );
        let served = match tokio::net::TcpListener::from_std(listener) {
            Ok(listener) => axum::serve(listener, app).await,
            Err(error) => Err(error),
        };
        if let Err(error) = served {
            eprintln!("auth: the JWKS endpoint failed: {error}");
        }
    });
}

/// What is wrong with a minted token, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defect {
    None,
    Expired,
    NotYetValid,
    WrongAudience,
    WrongIssuer,
    UnknownKid,
    TamperedSignature,
    AlgNone,
    Hs256WithPublicKey,
}

/// A token to mint: the claims a valid token carries, the kid, and a defect.
#[derive(Debug, Clone)]
pub struct TokenSpec {
    pub issuer: String,
    pub audience: String,
    pub subject: String,
    /// Further claims, added as given (they may override the standard ones).
    pub custom: Map<String, Value>,
    /// `None`: the run key's kid.
    pub kid: Option<String>,
    pub defect: Defect,
}

impl TokenSpec {
    pub fn new(issuer: &str, audience: &str) -> Self {
        Self {
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            subject: "mcp-acceptance".to_owned(),
            custom: Map::new(),
            kid: None,
            defect: Defect::None,
        }
    }

    pub fn with_defect(mut self, defect: Defect) -> Self {
        self.defect = defect;
        self
    }

    /// A valid token for `auth` carrying the further `claims` (a JSON object).
    pub fn with_claims(auth: &AuthDeclaration, claims: Value) -> Result<Self> {
        let Value::Object(custom) = claims else {
            bail!("the claims are not a JSON object: {claims}");
        };
        let mut spec = Self::new(&auth.issuer, &auth.audience);
        spec.custom = custom;
        Ok(spec)
    }

    /// The `Authorization` header value carrying this token, signed with the run's key.
    pub async fn bearer(&self) -> Result<Secret> {
        let token = self.mint(keys().await?)?;
        Ok(Secret::new(format!("Bearer {}", token.expose())))
    }

    /// The claims, with the defect's changes.
    pub fn claims(&self, now: u64) -> Value {
        let lifetime = LIFETIME.as_secs();
        let (iat, nbf, exp) = match self.defect {
            Defect::Expired => (now - FAR - lifetime, now - FAR - lifetime, now - FAR),
            Defect::NotYetValid => (now, now + FAR, now + FAR + lifetime),
            _ => (now, now, now + lifetime),
        };
        let issuer = match self.defect {
            Defect::WrongIssuer => format!("{}-not", self.issuer),
            _ => self.issuer.clone(),
        };
        let audience = match self.defect {
            Defect::WrongAudience => format!("{}-not", self.audience),
            _ => self.audience.clone(),
        };
        let mut claims = json!({
            "iss": issuer, "aud": audience, "sub": self.subject,
            "iat": iat, "nbf": nbf, "exp": exp,
        });
        if let Value::Object(map) = &mut claims {
            map.extend(self.custom.clone());
        }
        claims
    }

    /// Signs the token with the run's key (or as the defect says).
    pub fn mint(&self, keys: &KeyPair) -> Result<Secret> {
        let claims = self.claims(unix_now());
        let kid = match (self.defect, &self.kid) {
            (Defect::UnknownKid, _) => "mcp-acceptance-unknown".to_owned(),
            (_, Some(kid)) => kid.clone(),
            (_, None) => keys.kid.clone(),
        };
        let token = match self.defect {
            Defect::AlgNone => {
                let header = json!({"alg": "none", "typ": "JWT", "kid": kid});
                format!(
                    "{}.{}.",
                    URL_SAFE_NO_PAD.encode(header.to_string()),
                    URL_SAFE_NO_PAD.encode(claims.to_string())
                )
            }
            Defect::Hs256WithPublicKey => {
                let mut header = Header::new(Algorithm::HS256);
                header.kid = Some(kid);
                let key = EncodingKey::from_secret(keys.public_pem.as_bytes());
                jsonwebtoken::encode(&header, &claims, &key).context("signing with HS256")?
            }
            _ => {
                let mut header = Header::new(Algorithm::RS256);
                header.kid = Some(kid);
                let token = jsonwebtoken::encode(&header, &claims, &keys.encoding)
                    .context("signing with RS256")?;
                if self.defect == Defect::TamperedSignature {
                    tamper(&token)?
                } else {
                    token
                }
            }
        };
        Ok(Secret::new(token))
    }
}

/// The token with one bit of its signature flipped.
fn tamper(token: &str) -> Result<String> {
    let Some((signed, signature)) = token.rsplit_once('.') else {
        bail!("a JWT has three parts");
    };
    let mut bytes = URL_SAFE_NO_PAD
        .decode(signature)
        .context("the signature is not base64url")?;
    bytes[0] ^= 0x01;
    Ok(format!("{signed}.{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// What a request carries in its `Authorization` header (the `{credentials}` of the steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "credentials",
    regex = "no Authorization header|a malformed Authorization header|a valid token|an expired token|a token not yet valid|a token for another audience|a token from another issuer|a token with an unknown kid|a token with a tampered signature|an unsigned token with alg none|an HS256 token signed with the public key"
)]
pub enum Credentials {
    NoHeader,
    /// Not `Bearer <token>`: a Basic credential.
    Malformed,
    Token(Defect),
}

impl std::str::FromStr for Credentials {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "no Authorization header" => Self::NoHeader,
            "a malformed Authorization header" => Self::Malformed,
            "a valid token" => Self::Token(Defect::None),
            "an expired token" => Self::Token(Defect::Expired),
            "a token not yet valid" => Self::Token(Defect::NotYetValid),
            "a token for another audience" => Self::Token(Defect::WrongAudience),
            "a token from another issuer" => Self::Token(Defect::WrongIssuer),
            "a token with an unknown kid" => Self::Token(Defect::UnknownKid),
            "a token with a tampered signature" => Self::Token(Defect::TamperedSignature),
            "an unsigned token with alg none" => Self::Token(Defect::AlgNone),
            "an HS256 token signed with the public key" => Self::Token(Defect::Hs256WithPublicKey),
            other => return Err(format!("unknown credentials: {other}")),
        })
    }
}

impl Credentials {
    /// The `Authorization` header value for `target`, minted for the bearer auth it declares.
    pub async fn header_for(self, target: &Target) -> Result<Option<Secret>> {
        self.header(&declared_auth(target)?).await
    }

    /// The credentials an optional part of a step names (empty: none).
    pub fn optional(words: &str) -> Result<Option<Self>> {
        match words {
            "" => Ok(None),
            words => Ok(Some(words.parse().map_err(anyhow::Error::msg)?)),
        }
    }

    /// The `Authorization` header value, for a server that declares `auth`.
    pub async fn header(self, auth: &AuthDeclaration) -> Result<Option<Secret>> {
        match self {
            Self::NoHeader => Ok(None),
            Self::Malformed => Ok(Some(Secret::new("Basic bWNwOmFjY2VwdGFuY2U=".to_owned()))),
            Self::Token(defect) => {
                let spec = TokenSpec::new(&auth.issuer, &auth.audience).with_defect(defect);
                Ok(Some(spec.bearer().await?))
            }
        }
    }
}

/// The bearer auth `target` declares in the registry (its issuer and audience).
pub fn declared_auth(target: &Target) -> Result<AuthDeclaration> {
    target
        .auth()
        .cloned()
        .with_context(|| format!("server '{}' declares no bearer auth", target.name))
}

/// `target` with every request carrying `credentials`, minted for the bearer auth it declares.
pub async fn credentialed(target: Target, credentials: Credentials) -> Result<Target> {
    Ok(match credentials.header_for(&target).await? {
        Some(value) => target.with_header("Authorization", value),
        None => target,
    })
}

/// The server the auth scenarios address: the run's target when it declares bearer auth; the
/// registered `fallback` when the run's target is the registry default (no `MCP_SUT*` given).
/// A target chosen on purpose that declares none skips the scenario.
pub fn bearer_target(run: &Target, fallback: &str) -> Result<Target> {
    if run.auth().is_some() {
        return Ok(run.clone());
    }
    let chosen = ["MCP_SUT", "MCP_SUT_COMMAND", "MCP_SUT_URL"]
        .iter()
        .any(|var| std::env::var(var).is_ok_and(|v| !v.trim().is_empty()));
    if chosen {
        skip_scenario(format!(
            "server '{}' declares no bearer auth (auth = {{ kind = \"bearer-jwt\", … }} in the registry)",
            run.name
        ));
    }
    Target::registered(fallback)
}

/// The `resource_metadata` URL a `WWW-Authenticate: Bearer …` challenge names (RFC 9728), if any.
pub fn resource_metadata_url(challenge: &str) -> Option<String> {
    static PATTERN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"resource_metadata="([^"]+)""#).expect("a valid pattern")
    });
    PATTERN.captures(challenge).map(|c| c[1].to_owned())
}

/// POSTs initialize outside any session on the raw channel (streamable HTTP), carrying
/// `authorization` (none: no header); returns the HTTP answer as the outcome of `request`.
pub async fn post_initialize(
    raw: &mut RawChannel,
    request: String,
    authorization: Option<Secret>,
) -> Result<Outcome> {
    let headers = PostHeaders {
        session_id: Some(None),
        protocol_version: Some(None),
        extra: authorization
            .map(|value| vec![("Authorization".to_owned(), value.expose().to_owned())])
            .unwrap_or_default(),
    };
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    let frame = jsonrpc::request(raw.fresh_id(), "initialize", Some(params));
    let answer = raw.post_with(&frame, &headers).await?;
    Ok(Outcome::Http { request, answer })
}

/// The last outcome is an HTTP refusal whose challenge passes [`check_challenge`].
pub async fn expect_bearer_challenge(
    last: Option<&Outcome>,
    auth: &AuthDeclaration,
    timeout: Duration,
) -> Result<()> {
    let Some(Outcome::Http { answer, .. }) = last else {
        bail!("no HTTP answer to check (last outcome: {last:?})");
    };
    check_challenge(answer, auth, timeout).await
}

/// Checks a refusal's `WWW-Authenticate` challenge: the Bearer scheme, and when it names
/// `resource_metadata`, a metadata document (RFC 9728) naming the resource and the issuer.
pub async fn check_challenge(
    answer: &HttpAnswer,
    auth: &AuthDeclaration,
    timeout: Duration,
) -> Result<()> {
    let Some(challenge) = &answer.www_authenticate else {
        bail!("the refusal carries no WWW-Authenticate header: {answer}");
    };
    let scheme = challenge.split_whitespace().next().unwrap_or_default();
    ensure!(
        scheme.eq_ignore_ascii_case("Bearer"),
        "the challenge is not of the Bearer scheme: WWW-Authenticate: {challenge}"
    );
    let Some(url) = resource_metadata_url(challenge) else {
        return Ok(());
    };
    let document: Value = reqwest::Client::builder()
        .timeout(timeout)
        .build()?
        .get(&url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .with_context(|| format!("cannot fetch the resource metadata {url}"))?
        .json()
        .await
        .with_context(|| format!("the resource metadata {url} is not JSON"))?;
    let shown = serde_json::to_string_pretty(&document)?;
    let resource = document["resource"].as_str().unwrap_or_default();
    ensure!(
        resource.starts_with("http://") || resource.starts_with("https://"),
        "the resource metadata {url} names no resource URL:\n{shown}"
    );
    let servers = document["authorization_servers"].as_array();
    ensure!(
        servers.is_some_and(|list| list.iter().any(|s| s == auth.issuer.as_str())),
        "the resource metadata {url} does not list the issuer {} in authorization_servers:\n{shown}",
        auth.issuer
    );
    Ok(())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mcp_serving::auth::{AuthArgs, BearerAuth};

    /// Every defect is refused by the serving layer, and the valid token passes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_validator_refuses_every_defect_and_accepts_a_valid_token() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let jwks_url = format!("http://{}{JWKS_PATH}", listener.local_addr().unwrap());
        start_jwks(listener).unwrap();
        let keys = keys().await.unwrap();
        let args = AuthArgs {
            jwks_url: Some(jwks_url),
            issuer: Some("https://issuer.test".into()),
            audience: Some("aud".into()),
        };
        let auth = BearerAuth::from_args(&args, "http://127.0.0.1:1", "/mcp")
            .unwrap()
            .unwrap();
        let spec = TokenSpec::new("https://issuer.test", "aud");
        let valid = spec.mint(keys).unwrap();
        auth.validate(valid.expose()).await.unwrap();
        for defect in [
            Defect::Expired,
            Defect::NotYetValid,
            Defect::WrongAudience,
            Defect::WrongIssuer,
            Defect::UnknownKid,
            Defect::TamperedSignature,
            Defect::AlgNone,
            Defect::Hs256WithPublicKey,
        ] {
            let token = spec.clone().with_defect(defect).mint(keys).unwrap();
            assert!(
                auth.validate(token.expose()).await.is_err(),
                "{defect:?} was accepted"
            );
        }
        let shown = format!("{valid:?} {keys:?}");
        assert!(!shown.contains(valid.expose()), "a token shows in Debug");
    }
}
