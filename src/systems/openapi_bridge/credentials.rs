//! The pet store's credentials on the bridge's side: the ones it finds in its environment,
//! the ones a call carries in its `_meta.auth`, and the check that neither leaks.

use std::collections::BTreeMap;

use anyhow::{Result, ensure};
use serde_json::{Value, json};

use crate::mcp::session::McpSession;
use pet_store::auth::{API_KEY, BEARER_TOKEN};

/// Credentials the pet store must refuse: each differs from the real one in its last
/// characters only (same prefix, same length), so a store that compared less than the whole
/// value would let them through.
pub const WRONG_BEARER_TOKEN: &str = "test-secret-999";
pub const WRONG_API_KEY: &str = "test-key-999";

/// Which of the pet store's credentials the bridge finds in its environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "upstream_credentials",
    regex = "the API bearer token|the API key|both API credentials|no API credentials|a wrong API bearer token|a wrong API key"
)]
pub enum UpstreamCredentials {
    Bearer,
    ApiKey,
    Both,
    WrongBearer,
    WrongApiKey,
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
            "a wrong API bearer token" => Self::WrongBearer,
            "a wrong API key" => Self::WrongApiKey,
            other => return Err(format!("unknown upstream credentials: {other}")),
        })
    }
}

impl UpstreamCredentials {
    /// `TEST_API_BEARER_TOKEN` / `TEST_API_API_KEY`; unset ones are empty, so that variables
    /// of the suite's own environment cannot leak in.
    pub(super) fn env(self) -> BTreeMap<String, String> {
        let (bearer, key) = match self {
            Self::Bearer => (BEARER_TOKEN, ""),
            Self::ApiKey => ("", API_KEY),
            Self::Both => (BEARER_TOKEN, API_KEY),
            Self::WrongBearer => (WRONG_BEARER_TOKEN, ""),
            Self::WrongApiKey => ("", WRONG_API_KEY),
            Self::None => ("", ""),
        };
        BTreeMap::from([
            ("TEST_API_BEARER_TOKEN".to_owned(), bearer.to_owned()),
            ("TEST_API_API_KEY".to_owned(), key.to_owned()),
        ])
    }
}

/// Where a call carries its credentials (`_meta.auth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "meta_place",
    regex = "the request's metadata|the call's arguments"
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
            "the request's metadata" => Ok(Self::Request),
            "the call's arguments" => Ok(Self::Arguments),
            other => Err(format!("unknown place for a call's credentials: {other}")),
        }
    }
}

/// Which credential a call carries in `_meta.auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "meta_credential",
    regex = "API bearer token|API key|wrong API bearer token|wrong API key"
)]
pub enum MetaCredential {
    Bearer,
    ApiKey,
    WrongBearer,
    WrongApiKey,
}

impl std::str::FromStr for MetaCredential {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "API bearer token" => Ok(Self::Bearer),
            "API key" => Ok(Self::ApiKey),
            "wrong API bearer token" => Ok(Self::WrongBearer),
            "wrong API key" => Ok(Self::WrongApiKey),
            other => Err(format!("unknown credential for a call: {other}")),
        }
    }
}

/// The credentials one call carries: a `_meta` object (`{"auth": {"test_api": {...}}}`) and
/// where in the call it goes.
#[derive(Debug, Clone)]
pub struct CallCredentials {
    pub meta: Value,
    pub place: MetaPlace,
}

impl CallCredentials {
    /// The pet store's real `credential`, or a wrong one.
    pub fn new(credential: MetaCredential, place: MetaPlace) -> Self {
        let bearer = |token: &str| json!({"type": "bearer", "token": token});
        let api_key = |key: &str| json!({"type": "api_key", "key": key});
        let entry = match credential {
            MetaCredential::Bearer => bearer(BEARER_TOKEN),
            MetaCredential::ApiKey => api_key(API_KEY),
            MetaCredential::WrongBearer => bearer(WRONG_BEARER_TOKEN),
            MetaCredential::WrongApiKey => api_key(WRONG_API_KEY),
        };
        Self::of_entry(entry, place)
    }

    /// A credential of a `kind` the bridge may not know, with a dummy secret.
    pub fn of_type(kind: &str, place: MetaPlace) -> Self {
        Self::of_entry(json!({"type": kind, "secret": "x"}), place)
    }

    fn of_entry(entry: Value, place: MetaPlace) -> Self {
        let meta = json!({ "auth": { "test_api": entry } });
        Self { meta, place }
    }
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
