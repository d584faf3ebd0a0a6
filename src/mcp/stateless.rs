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
