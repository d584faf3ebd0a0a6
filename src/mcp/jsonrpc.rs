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
