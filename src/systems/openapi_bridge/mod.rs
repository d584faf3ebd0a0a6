//! The OpenAPI bridge scenarios (`features/openapi/`): the pet store each scenario runs
//! against, the `mcp-openapi-bridge` started for it, and reading what the bridge answered
//! and what the pet store received.

use std::collections::BTreeMap;

use anyhow::{Context as _, Result, bail, ensure};
use serde_json::Value;

use crate::checks::expect;
use crate::harness::jwt::JWKS_URL_VAR;
use crate::mcp::jsonrpc::Reply;
use crate::mcp::registry::{AuthDeclaration, AuthKind, Target};
use crate::mcp::session::McpSession;
use pet_store::auth::{API_KEY, BEARER_TOKEN, Credential};
use pet_store::{PetStore, Received};

/// The issuer and audience the bridge accepts over HTTP (the doc's `test-issuer` and
/// `test-audience`, as URLs: RFC 9728 wants the resource, which is the audience, to be one).
pub const ISSUER: &str = "https://test-issuer.mcp-acceptance.test";
pub const AUDIENCE: &str = "https://test-audience.mcp-acceptance.test/mcp";

const BRIDGE: &str = "mcp-openapi-bridge";

/// What one scenario set up.
#[derive(Debug, Default)]
pub struct OpenApiScenario {
    pub store: Option<PetStore>,
    pub limits: Option<ScriptLimits>,
    /// The pet store's credentials the bridge finds in its environment.
    pub credentials: UpstreamCredentials,
    /// How long the last script took to answer.
    pub last_elapsed: Option<std::time::Duration>,
    /// `RUST_LOG` for the bridge, when a scenario wants its log verbose.
    pub log_level: Option<String>,
    /// The protected-resource metadata answer: HTTP status and body.
    pub metadata: Option<(u16, String)>,
}

/// `--timeout` and `--max-api-calls` for the bridge.
#[derive(Debug, Clone, Copy)]
pub struct ScriptLimits {
    pub seconds: u32,
    pub api_calls: u32,
}

/// Which of the pet store's credentials the bridge finds in its environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "upstream_credentials",
    regex = "the API bearer token|the API key|both API credentials|no API credentials"
)]
pub enum UpstreamCredentials {
    Bearer,
    ApiKey,
    Both,
    #[default]
    None,
}

impl std::str::FromStr for UpstreamCredentials {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "the API bearer token" => Self::Bearer,
            "the API key" => Self::ApiKey,
            "both API credentials" => Self::Both,
            "no API credentials" => Self::None,
            other => return Err(format!("unknown upstream credentials: {other}")),
        })
    }
}

impl UpstreamCredentials {
    /// `TEST_API_BEARER_TOKEN` / `TEST_API_API_KEY`; unset ones are empty, so that variables
    /// of the suite's own environment cannot leak in.
    fn env(self) -> BTreeMap<String, String> {
        let (bearer, key) = match self {
            Self::Bearer => (BEARER_TOKEN, ""),
            Self::ApiKey => ("", API_KEY),
            Self::Both => (BEARER_TOKEN, API_KEY),
            Self::None => ("", ""),
        };
        BTreeMap::from([
            ("TEST_API_BEARER_TOKEN".to_owned(), bearer.to_owned()),
            ("TEST_API_API_KEY".to_owned(), key.to_owned()),
        ])
    }
}

impl OpenApiScenario {
    pub fn store(&self) -> Result<&PetStore> {
        self.store
            .as_ref()
            .context("no pet store was started in this scenario")
    }

    /// The bridge for this scenario's pet store: stdio, or HTTP behind the suite's JWKS.
    pub fn bridge(&self) -> Result<Target> {
        let credentials = self.credentials;
        let mut args = vec!["run".to_owned(), self.store()?.spec_url()];
        if let Some(limits) = self.limits {
            args.extend([
                "--timeout".to_owned(),
                limits.seconds.to_string(),
                "--max-api-calls".to_owned(),
                limits.api_calls.to_string(),
            ]);
        }
        let mut http_args = args.clone();
        http_args.extend(
            [
                "--transport",
                "http",
                "--port",
                "0",
                "--auth-authority",
                ISSUER,
                "--auth-audience",
                AUDIENCE,
                "--auth-jwks-uri",
                &format!("${{{JWKS_URL_VAR}}}"),
            ]
            .map(str::to_owned),
        );
        let auth = AuthDeclaration {
            kind: AuthKind::BearerJwt,
            issuer: ISSUER.to_owned(),
            audience: AUDIENCE.to_owned(),
        };
        let mut env = credentials.env();
        if let Some(level) = &self.log_level {
            env.insert("RUST_LOG".to_owned(), level.clone());
        }
        Ok(Target::bundled_fixture(
            "openapi-bridge",
            BRIDGE,
            args,
            http_args,
            env,
            Some(auth),
        ))
    }

    /// The requests the pet store received for its API (not its OpenAPI document).
    pub fn api_requests(&self) -> Result<Vec<Received>> {
        Ok(self
            .store()?
            .requests()
            .into_iter()
            .filter(|r| r.path != "/openapi.json")
            .collect())
    }

    /// Waits (bounded by `limit`) until the pet store has received `count` API requests.
    pub async fn wait_for_requests(&self, count: usize, limit: std::time::Duration) -> Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let seen = self.api_requests()?.len();
            if seen >= count {
                return Ok(());
            }
            ensure!(
                tokio::time::Instant::now() < deadline,
                "the pet store received {seen} API requests within {limit:?}, expected {count}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// The API requests, as `METHOD /path?query` lines, are exactly `expected`, in order.
    pub fn expect_requests(&self, expected: &[String]) -> Result<()> {
        let seen: Vec<String> = self.api_requests()?.iter().map(Received::line).collect();
        ensure!(
            seen == expected,
            "the pet store received {} API requests:\n  {}\nexpected {}:\n  {}",
            seen.len(),
            seen.join("\n  "),
            expected.len(),
            expected.join("\n  ")
        );
        Ok(())
    }

    /// The credential the one request `line` carried.
    pub fn credential_of(&self, line: &str) -> Result<Credential> {
        let requests = self.api_requests()?;
        let matching: Vec<&Received> = requests.iter().filter(|r| r.line() == line).collect();
        match matching.as_slice() {
            [one] => Ok(one.credential),
            _ => bail!(
                "expected one request {line}, the pet store received {} (all: {:?})",
                matching.len(),
                requests.iter().map(Received::line).collect::<Vec<_>>()
            ),
        }
    }

    /// The pet `id` as the store holds it now, as JSON.
    pub fn pet(&self, id: i64) -> Result<Option<Value>> {
        let pet = self.store()?.pets().into_iter().find(|p| p.id == id);
        Ok(pet.map(serde_json::to_value).transpose()?)
    }
}

/// Where a call carries `_meta.auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "meta_place",
    regex = "the request's _meta|the arguments' _meta"
)]
pub enum MetaPlace {
    /// `params._meta`, where MCP puts request metadata.
    Request,
    /// `params.arguments._meta`, where the code-mcp plan's Python test puts it.
    Arguments,
}

impl std::str::FromStr for MetaPlace {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "the request's _meta" => Ok(Self::Request),
            "the arguments' _meta" => Ok(Self::Arguments),
            other => Err(format!("unknown _meta place: {other}")),
        }
    }
}

/// Which credential a call carries in `_meta.auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "meta_credential", regex = "API bearer token|API key")]
pub enum MetaCredential {
    Bearer,
    ApiKey,
}

impl std::str::FromStr for MetaCredential {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "API bearer token" => Ok(Self::Bearer),
            "API key" => Ok(Self::ApiKey),
            other => Err(format!("unknown _meta credential: {other}")),
        }
    }
}

impl MetaCredential {
    /// `{"test_api": {...}}` as `_meta.auth` holds it.
    pub fn meta_auth(self) -> Value {
        let entry = match self {
            Self::Bearer => serde_json::json!({"type": "bearer", "token": BEARER_TOKEN}),
            Self::ApiKey => serde_json::json!({"type": "api_key", "key": API_KEY}),
        };
        serde_json::json!({ "auth": { "test_api": entry } })
    }
}

/// The `tools/call` params of `execute_script` with `meta` (a `_meta` object) in `place`.
pub fn script_call(script: &str, meta: Option<(Value, MetaPlace)>) -> Value {
    let mut arguments = serde_json::json!({ "script": script });
    let mut params = serde_json::json!({ "name": "execute_script" });
    match meta {
        Some((meta, MetaPlace::Request)) => params["_meta"] = meta,
        Some((meta, MetaPlace::Arguments)) => arguments["_meta"] = meta,
        None => {}
    }
    params["arguments"] = arguments;
    params
}

/// Neither of the pet store's credentials is in the frames kept of `session` (both ways) nor
/// in the bridge's stderr.
pub fn expect_no_credentials(session: &McpSession) -> Result<()> {
    let frames = session.link.frames.frames().into_iter().map(|(_, f)| f);
    let log = session
        .link
        .process
        .as_ref()
        .map(|p| p.stderr.head(usize::MAX))
        .unwrap_or_default();
    ensure!(
        !log.is_empty(),
        "the bridge logged nothing: the check would prove nothing"
    );
    for (place, text) in frames
        .map(|f| ("a frame", f))
        .chain(log.into_iter().map(|l| ("the bridge's log", l)))
    {
        for (name, secret) in [("bearer token", BEARER_TOKEN), ("API key", API_KEY)] {
            ensure!(
                !text.contains(secret),
                "the API {name} appears in {place} (shown redacted): {}",
                text.replace(secret, "<redacted>")
            );
        }
    }
    Ok(())
}

/// A tool's successful answer, its text read as JSON.
pub fn json_answer(request: &str, reply: &Reply) -> Result<Value> {
    let result = expect::success(request, reply)?;
    let text = expect::text_of(result);
    serde_json::from_str(&text)
        .with_context(|| format!("{request}: the answer is not JSON:\n{text}"))
}

/// A tool's successful answer as text.
pub fn text_answer(request: &str, reply: &Reply) -> Result<String> {
    Ok(expect::text_of(expect::success(request, reply)?))
}

/// A tool error's text (the call did not succeed, and says why).
pub fn error_text(request: &str, reply: &Reply) -> Result<String> {
    expect::tool_error(request, reply)?;
    let Ok(result) = reply else {
        unreachable!("tool_error checked it is a result")
    };
    Ok(expect::text_of(result))
}

/// `actual` equals `expected` exactly (a missing key is not a null), with a diff on mismatch.
pub fn expect_json(what: &str, actual: &Value, expected: &Value) -> Result<()> {
    crate::checks::json::expect_equal(what, actual, expected)
}

/// `actual` and `expected` hold the same names, in any order.
pub fn expect_same_names(what: &str, actual: Vec<String>, expected: Vec<String>) -> Result<()> {
    let sorted = |mut names: Vec<String>| {
        names.sort();
        Value::from(names)
    };
    expect_json(what, &sorted(actual), &sorted(expected))
}

/// The names listed in an array of `{"name": …}` objects.
pub fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["name"].as_str().map(str::to_owned))
        .collect()
}

/// A comma-separated list in a step: `"a, b, c"`.
pub fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}
