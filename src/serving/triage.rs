//! JSON-RPC validation in front of rmcp (see [`triage`]).

use rmcp::model::{
    CallToolRequestMethod, CancelTaskMethod, ClientJsonRpcMessage, ClientRequest,
    CompleteRequestMethod, ConstString, DiscoverRequestMethod, GetMeta as _,
    GetPromptRequestMethod, GetSkillRequestMethod, GetTaskMethod, InitializeResultMethod,
    ListPromptsRequestMethod, ListResourceTemplatesRequestMethod, ListResourcesRequestMethod,
    ListSkillsRequestMethod, ListToolsRequestMethod, PingRequestMethod,
    ReadResourceDirectoryRequestMethod, ReadResourceRequestMethod, SetLevelRequestMethod,
    SubscribeRequestMethod, SubscriptionsListenRequestMethod, UnsubscribeRequestMethod,
    UpdateTaskMethod,
};
use serde_json::{Value, json};

/// JSON-RPC 2.0 error code for a frame that is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC 2.0 error code for JSON that is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// JSON-RPC 2.0 error code for a valid request whose params do not fit its method.
pub const INVALID_PARAMS: i64 = -32602;

/// What the validation layer decided about one incoming frame.
#[derive(Debug)]
pub enum Triage {
    /// A well-formed message rmcp understands: hand it over.
    Forward(Box<ClientJsonRpcMessage>),
    /// Not an acceptable JSON-RPC message: answer with this JSON-RPC error response.
    Reply(Value),
    /// A notification or response rmcp cannot use; JSON-RPC forbids answering it.
    Ignore,
}

/// Classifies one incoming frame (a stdio line or an HTTP POST body) per JSON-RPC 2.0.
///
/// Exists because rmcp 3.9 is not spec-correct on bad input:
/// - stdio silently drops frames that are not JSON (no -32700), and answers every other
///   frame it cannot deserialize with -32600 and id null, even when the id is readable or the
///   envelope is fine and only the params are wrong (which is -32602);
/// - streamable HTTP answers any body it cannot deserialize with `415` and plain text;
/// - both turn a known method whose params do not fit (e.g. `tools/call` without `name`) into
///   a custom request, which the handler answers with -32601 instead of -32602.
///
/// Numeric ids must fit in an i64: rmcp cannot represent larger ones, so those requests are
/// refused with -32600 (the id still echoed) rather than answered with the wrong id.
/// JSON-RPC batches are refused with a single -32600: MCP removed them in 2025-06-18.
pub fn triage(frame: &[u8]) -> Triage {
    // A UTF-8 BOM may precede JSON text (RFC 8259 §8.1); rmcp skips it too.
    let frame = frame.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(frame);
    let value: Value = match serde_json::from_slice(frame) {
        Ok(value) => value,
        Err(error) => {
            return Triage::Reply(error_response(
                Value::Null,
                PARSE_ERROR,
                format!("Parse error: {error}"),
            ));
        }
    };
    let Value::Object(message) = &value else {
        let why = if value.is_array() {
            "JSON-RPC batches are not supported (MCP removed them in 2025-06-18)"
        } else {
            "a message must be a JSON object"
        };
        return Triage::Reply(error_response(
            Value::Null,
            INVALID_REQUEST,
            format!("Invalid Request: {why}"),
        ));
    };
    // Echo the id whenever it is a legal JSON-RPC id, even if the rest of the frame is wrong.
    let id = match message.get("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id.clone(),
        _ => Value::Null,
    };
    let invalid = |why: &str| {
        Triage::Reply(error_response(
            id.clone(),
            INVALID_REQUEST,
            format!("Invalid Request: {why}"),
        ))
    };
    if message.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid("\"jsonrpc\" must be exactly \"2.0\"");
    }
    let has_result = message.contains_key("result");
    let has_error = message.contains_key("error");
    match (message.get("method"), message.get("id")) {
        (Some(Value::String(_)), _) if has_result || has_error => {
            invalid("a request must not carry \"result\" or \"error\"")
        }
        (Some(Value::String(_)), None) => match parse(frame) {
            Ok(notification) => Triage::Forward(Box::new(notification)),
            Err(_) => Triage::Ignore,
        },
        (Some(Value::String(method)), Some(Value::String(_))) => parse_request(frame, method, &id),
        (Some(Value::String(method)), Some(Value::Number(number))) if number.is_i64() => {
            parse_request(frame, method, &id)
        }
        (Some(Value::String(_)), Some(Value::Number(_))) => {
            invalid("a numeric \"id\" must be an integer within the signed 64-bit range")
        }
        (Some(Value::String(_)), Some(_)) => invalid("\"id\" must be a string or an integer"),
        (Some(_), _) => invalid("\"method\" must be a string"),
        // A response to a request the server sent.
        (None, _) if has_result != has_error => match parse(frame) {
            Ok(response) => Triage::Forward(Box::new(response)),
            Err(_) => Triage::Ignore,
        },
        (None, _) => invalid("a request needs a \"method\""),
    }
}

/// Request methods rmcp parses into typed requests. When params do not fit the typed request,
/// rmcp falls back to a `CustomRequest` and its handler answers -32601 for a method that
/// exists; for these methods that fallback means the params are wrong.
pub(super) const TYPED_REQUEST_METHODS: &[&str] = &[
    InitializeResultMethod::VALUE,
    PingRequestMethod::VALUE,
    DiscoverRequestMethod::VALUE,
    CompleteRequestMethod::VALUE,
    SetLevelRequestMethod::VALUE,
    GetPromptRequestMethod::VALUE,
    ListPromptsRequestMethod::VALUE,
    ListResourcesRequestMethod::VALUE,
    ListResourceTemplatesRequestMethod::VALUE,
    ReadResourceRequestMethod::VALUE,
    SubscriptionsListenRequestMethod::VALUE,
    SubscribeRequestMethod::VALUE,
    UnsubscribeRequestMethod::VALUE,
    CallToolRequestMethod::VALUE,
    ListToolsRequestMethod::VALUE,
    GetTaskMethod::VALUE,
    UpdateTaskMethod::VALUE,
    CancelTaskMethod::VALUE,
    ListSkillsRequestMethod::VALUE,
    GetSkillRequestMethod::VALUE,
    ReadResourceDirectoryRequestMethod::VALUE,
];

/// The envelope is a valid request here, so a failed typed parse can only be the params.
pub(super) fn parse_request(frame: &[u8], method: &str, id: &Value) -> Triage {
    let invalid_params = |detail: &dyn std::fmt::Display| {
        Triage::Reply(error_response(
            id.clone(),
            INVALID_PARAMS,
            format!("Invalid params for {method}: {detail}"),
        ))
    };
    match parse(frame) {
        Ok(ClientJsonRpcMessage::Request(request))
            if matches!(request.request, ClientRequest::CustomRequest(_))
                && TYPED_REQUEST_METHODS.contains(&method) =>
        {
            invalid_params(&"they do not match the method's parameter schema")
        }
        Ok(message) => Triage::Forward(Box::new(message)),
        Err(error) => invalid_params(&error),
    }
}

/// rmcp's handshake aborts the whole connection on a notification or a response arriving
/// before `initialize`; those are meaningless then, so a transport drops what this refuses.
#[derive(Debug, Default)]
pub struct HandshakeGate {
    handshake_started: bool,
}

impl HandshakeGate {
    /// Whether `message` may go to rmcp now.
    pub fn admits(&mut self, message: &ClientJsonRpcMessage) -> bool {
        if let ClientJsonRpcMessage::Request(request) = message {
            self.handshake_started |= match &request.request {
                ClientRequest::InitializeRequest(_) => true,
                // The 2026-07-28 lifecycle has no initialize: a request carrying its protocol
                // version in `_meta` starts it.
                other => other.get_meta().protocol_version().is_some(),
            };
            return true;
        }
        if !self.handshake_started {
            tracing::debug!("dropping a non-request before initialize");
        }
        self.handshake_started
    }
}

pub(super) fn parse(frame: &[u8]) -> serde_json::Result<ClientJsonRpcMessage> {
    serde_json::from_slice(frame).inspect_err(|error| {
        tracing::debug!(%error, "frame rmcp cannot deserialize");
    })
}

pub(super) fn error_response(id: Value, code: i64, message: String) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}
