//! Talking to the MCP ticket server as a token's holder: an rmcp session (list and call tools),
//! and raw HTTP requests for what a typed client cannot send (no token, another token's session,
//! the `/mcp/` path).

use std::time::Duration;

use anyhow::{Context as _, Result, ensure};
use rmcp::model::{
    CallToolRequestParams, ClientCapabilities, ClientConfig, Implementation, ProtocolVersion,
};
use rmcp::service::RunningService;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};

use crate::harness::timeouts::bounded;

pub const PROTOCOL_VERSION: &str = "2025-11-25";

/// What a tool call came to.
#[derive(Debug, Clone)]
pub enum ToolAnswer {
    /// A result: its text, and whether it is a tool error.
    Result { text: String, is_error: bool },
    /// A JSON-RPC error: its code and message.
    Refused { code: i32, message: String },
}

impl ToolAnswer {
    /// The result's text as JSON, when it is a successful result.
    pub fn json(&self) -> Result<Value> {
        match self {
            Self::Result {
                text,
                is_error: false,
            } => serde_json::from_str(text)
                .with_context(|| format!("the tool's answer is not JSON: {text}")),
            other => anyhow::bail!("the call did not succeed: {other:?}"),
        }
    }

    pub fn refused(&self) -> bool {
        matches!(
            self,
            Self::Refused { .. } | Self::Result { is_error: true, .. }
        )
    }
}

/// One MCP session opened with a token.
pub struct TicketClient {
    service: RunningService<RoleClient, ClientConfig>,
    limit: Duration,
}

impl TicketClient {
    pub async fn open(url: &str, token: &str, limit: Duration) -> Result<Self> {
        let config =
            StreamableHttpClientTransportConfig::with_uri(url.to_owned()).auth_header(token);
        let transport = StreamableHttpClientTransport::from_config(config);
        let info = ClientConfig::new(
            ClientCapabilities::default(),
            Implementation::new("mcp-acceptance", env!("CARGO_PKG_VERSION")),
        )
        .with_protocol_version(ProtocolVersion::V_2025_11_25);
        let service = bounded(limit, "an MCP session to open", info.serve(transport))
            .await?
            .context("the MCP session did not open")?;
        // A server with tools must say so when it introduces itself (the specification's MUST).
        let declares_tools = service
            .peer_info()
            .is_some_and(|info| info.capabilities.tools.is_some());
        ensure!(
            declares_tools,
            "the MCP server offers tools but declared no tools capability: {:?}",
            service.peer_info()
        );
        Ok(Self { service, limit })
    }

    pub async fn tool_names(&self) -> Result<Vec<String>> {
        let tools = bounded(self.limit, "tools/list", self.service.list_all_tools()).await??;
        Ok(tools.into_iter().map(|t| t.name.to_string()).collect())
    }

    pub async fn call(&self, tool: &str, arguments: &Value) -> Result<ToolAnswer> {
        let params = CallToolRequestParams::new(tool.to_owned())
            .with_arguments(arguments.as_object().cloned().unwrap_or_default());
        let what = format!("tools/call {tool}");
        match bounded(self.limit, &what, self.service.call_tool(params)).await? {
            Ok(result) => {
                let text = result
                    .content
                    .iter()
                    .filter_map(|block| block.as_text().map(|t| t.text.clone()))
                    .collect();
                Ok(ToolAnswer::Result {
                    text,
                    is_error: result.is_error == Some(true),
                })
            }
            Err(rmcp::ServiceError::McpError(error)) => Ok(ToolAnswer::Refused {
                code: error.code.0,
                message: error.message.to_string(),
            }),
            Err(other) => Err(other).context(what),
        }
    }

    pub async fn close(self) {
        let _ = tokio::time::timeout(Duration::from_secs(3), self.service.cancel()).await;
    }
}

/// The arguments the scenarios call each tool with (a ticket id where one is needed).
pub fn sample_arguments(tool: &str, ticket_id: Option<&str>) -> Value {
    match tool {
        "create_ticket" => {
            json!({"title": "Printer on fire", "description": "Smoke from tray 2", "category": "hardware"})
        }
        "search_tickets" => json!({"query": "printer"}),
        "get_ticket" => {
            json!({"ticket_id": ticket_id.unwrap_or("00000000-0000-0000-0000-000000000000")})
        }
        _ => json!({"page": 1, "page_size": 5}),
    }
}

/// An HTTP answer to a raw request.
#[derive(Debug, Clone)]
pub struct HttpAnswer {
    pub status: u16,
    pub challenge: Option<String>,
    pub session: Option<String>,
    pub location: Option<String>,
    pub body: String,
}

/// POSTs one JSON-RPC message to `url` with `authorization` (and a session id), without following
/// redirects.
pub async fn post(
    url: &str,
    authorization: Option<&str>,
    session: Option<&str>,
    message: &Value,
    limit: Duration,
) -> Result<HttpAnswer> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mut request = http
        .post(url)
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .body(message.to_string());
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    if let Some(id) = session {
        request = request
            .header("mcp-session-id", id)
            .header("mcp-protocol-version", PROTOCOL_VERSION);
    }
    let response = bounded(limit, &format!("POST {url}"), request.send()).await??;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (challenge, session, location) = (
        header("www-authenticate"),
        header("mcp-session-id"),
        header("location"),
    );
    let status = response.status().as_u16();
    let body = bounded(limit, "the answer's body", response.text()).await??;
    Ok(HttpAnswer {
        status,
        challenge,
        session,
        location,
        body,
    })
}

pub fn initialize_message() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": PROTOCOL_VERSION, "capabilities": {},
        "clientInfo": {"name": "mcp-acceptance", "version": env!("CARGO_PKG_VERSION")}}})
}

pub fn tools_list_message() -> Value {
    json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}})
}

pub fn initialized_message() -> Value {
    json!({"jsonrpc": "2.0", "method": "notifications/initialized"})
}
