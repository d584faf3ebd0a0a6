//! The stateless protocol (2026-07-28): no initialize handshake; every request carries the
//! protocol version and the client's capabilities in `params._meta`, and over HTTP the
//! `MCP-Protocol-Version` and `Mcp-Method` headers (SEP-2243), with no session.

use serde_json::{Value, json};

use crate::mcp::raw::PostHeaders;

/// The first protocol version without an initialize handshake.
pub const STATELESS_VERSION: &str = "2026-07-28";

pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
pub const META_CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";
pub const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";

/// The `_meta` every stateless request carries.
pub fn request_meta(version: &str) -> Value {
    json!({
        META_PROTOCOL_VERSION: version,
        META_CLIENT_INFO: {"name": "mcp-acceptance", "version": env!("CARGO_PKG_VERSION")},
        META_CLIENT_CAPABILITIES: {},
    })
}

/// `params` with the stateless `_meta` added.
pub fn params_with_meta(params: Value, version: &str) -> Value {
    let mut params = match params {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    params.insert("_meta".to_owned(), request_meta(version));
    Value::Object(params)
}

/// The HTTP headers of a stateless request: the version and method, and no session.
pub fn http_headers(method: &str, version: &str) -> PostHeaders {
    PostHeaders {
        session_id: Some(None),
        protocol_version: Some(Some(version.to_owned())),
        extra: vec![("Mcp-Method".to_owned(), method.to_owned())],
    }
}

/// The `Mcp-Name` a request of `method` names over HTTP (SEP-2243): the tool or prompt name,
/// or the resource URI; none for other methods.
pub fn named_in(method: &str, params: &Value) -> Option<String> {
    let member = match method {
        "tools/call" | "prompts/get" => "name",
        "resources/read" => "uri",
        _ => return None,
    };
    params
        .get(member)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The HTTP headers of a stateless request of `method` with `params`: [`http_headers`] plus
/// `Mcp-Name` where the method names something.
pub fn http_headers_for(method: &str, params: &Value, version: &str) -> PostHeaders {
    let mut headers = http_headers(method, version);
    if let Some(name) = named_in(method, params) {
        headers.extra.push(("Mcp-Name".to_owned(), name));
    }
    headers
}

/// How a stateless request departs from a well-formed one (the refusal scenarios).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departure {
    /// `Mcp-Method` names another method than the body.
    MethodHeaderDiffers,
    /// No `Mcp-Method` header.
    NoMethodHeader,
    /// `Mcp-Name` names another tool than the body.
    NameHeaderDiffers,
    /// `MCP-Protocol-Version` names another version than `_meta`.
    VersionHeaderDiffers,
    /// No `MCP-Protocol-Version` header.
    NoVersionHeader,
    /// A made-up `Mcp-Session-Id` and `Last-Event-ID` (which a stateless server ignores).
    MadeUpSession,
    /// `_meta` without the protocol version.
    NoMetaVersion,
    /// `_meta` without the client capabilities.
    NoMetaCapabilities,
}

/// A version the header names when it must differ from the one in `_meta`.
const OTHER_VERSION: &str = "2025-11-25";

impl Departure {
    /// `params` with the stateless `_meta`, as this departure leaves it.
    pub fn params(self, params: Value, version: &str) -> Value {
        let mut params = params_with_meta(params, version);
        let meta = &mut params["_meta"];
        match self {
            Self::NoMetaVersion => drop(
                meta.as_object_mut()
                    .map(|m| m.remove(META_PROTOCOL_VERSION)),
            ),
            Self::NoMetaCapabilities => drop(
                meta.as_object_mut()
                    .map(|m| m.remove(META_CLIENT_CAPABILITIES)),
            ),
            _ => {}
        }
        params
    }

    /// The HTTP headers of the request, as this departure changes them.
    pub fn headers(self, method: &str, params: &Value, version: &str) -> PostHeaders {
        let mut headers = http_headers_for(method, params, version);
        let set = |headers: &mut PostHeaders, name: &str, value: Option<String>| {
            headers.extra.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            headers.extra.extend(value.map(|v| (name.to_owned(), v)));
        };
        match self {
            Self::MethodHeaderDiffers => {
                let other = if method == "prompts/list" {
                    "tools/list"
                } else {
                    "prompts/list"
                };
                set(&mut headers, "Mcp-Method", Some(other.to_owned()));
            }
            Self::NoMethodHeader => set(&mut headers, "Mcp-Method", None),
            Self::NameHeaderDiffers => {
                set(
                    &mut headers,
                    "Mcp-Name",
                    Some("mcp-acceptance-another-name".to_owned()),
                );
            }
            Self::VersionHeaderDiffers => {
                headers.protocol_version = Some(Some(OTHER_VERSION.to_owned()));
            }
            Self::NoVersionHeader => headers.protocol_version = Some(None),
            Self::MadeUpSession => {
                headers.session_id = Some(Some("mcp-acceptance-made-up-session".to_owned()));
                let event = (
                    "Last-Event-ID".to_owned(),
                    "mcp-acceptance-made-up-event".to_owned(),
                );
                headers.extra.push(event);
            }
            Self::NoMetaVersion | Self::NoMetaCapabilities => {}
        }
        headers
    }
}
