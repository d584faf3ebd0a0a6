//! JSON-RPC 2.0 vocabulary shared by the session and the raw channel.

use serde_json::{Value, json};

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;

/// A JSON-RPC error object as the server sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JSON-RPC error {} \"{}\"", self.code, self.message)?;
        if let Some(data) = &self.data {
            write!(f, " data {data}")?;
        }
        Ok(())
    }
}

/// The server's answer to one request: a result, or a JSON-RPC error.
pub type Reply = Result<Value, RpcError>;

/// Reads a response object (`{"jsonrpc","id","result"|"error"}`) into a [`Reply`].
pub fn reply_of(response: &Value) -> Option<Reply> {
    if let Some(result) = response.get("result") {
        return Some(Ok(result.clone()));
    }
    let error = response.get("error")?;
    Some(Err(RpcError {
        code: error
            .get("code")
            .and_then(Value::as_i64)
            .unwrap_or_default(),
        message: error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        data: error.get("data").cloned(),
    }))
}

pub fn code_name(code: i64) -> &'static str {
    match code {
        PARSE_ERROR => "parse error",
        INVALID_REQUEST => "invalid request",
        METHOD_NOT_FOUND => "method not found",
        INVALID_PARAMS => "invalid params",
        -32603 => "internal error",
        _ => "application error",
    }
}

pub fn request(id: Value, method: &str, params: Option<Value>) -> String {
    let mut frame = json!({"jsonrpc": "2.0", "id": id, "method": method});
    if let Some(params) = params {
        frame["params"] = params;
    }
    frame.to_string()
}

pub fn notification(method: &str, params: Option<Value>) -> String {
    let mut frame = json!({"jsonrpc": "2.0", "method": method});
    if let Some(params) = params {
        frame["params"] = params;
    }
    frame.to_string()
}

/// A tools/call request frame; `meta` goes to `params._meta` (a progress token, …).
pub fn tool_call(
    id: Value,
    name: &str,
    arguments: &serde_json::Map<String, Value>,
    meta: Option<Value>,
) -> String {
    let mut params = json!({"name": name, "arguments": arguments});
    if let Some(meta) = meta {
        params["_meta"] = meta;
    }
    request(id, "tools/call", Some(params))
}

/// The notifications/cancelled frame for the request `id`.
pub fn cancellation(id: &Value) -> String {
    let params = json!({"requestId": id, "reason": "cancelled by the acceptance suite"});
    notification("notifications/cancelled", Some(params))
}

/// `count` distinct request ids, numbers and strings alternately, so a server that mixes the
/// two up is caught.
pub fn mixed_ids(count: usize) -> Vec<Value> {
    (0..count)
        .map(|n| {
            if n % 2 == 0 {
                json!(5000 + n)
            } else {
                json!(format!("p-{n}"))
            }
        })
        .collect()
}

/// A request id or progress token as a scenario writes it: JSON, a string or an integer.
#[derive(Debug, Clone, PartialEq)]
pub struct Id(pub Value);

impl std::str::FromStr for Id {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let id: Value = serde_json::from_str(text.trim())
            .map_err(|error| format!("{text} is not JSON: {error}"))?;
        if !(id.is_string() || id.is_i64() || id.is_u64()) {
            return Err(format!(
                "an id or token is a string or an integer, got {id}"
            ));
        }
        Ok(Self(id))
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

pub fn initialize_params(protocol_version: &str) -> Value {
    json!({
        "protocolVersion": protocol_version,
        "capabilities": {},
        "clientInfo": {"name": "mcp-acceptance", "version": env!("CARGO_PKG_VERSION")}
    })
}

pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
