//! The raw channel acting as a client that offers capabilities: a handshake declaring them,
//! and a tool call during which every request from the server is answered.

use anyhow::{Result, anyhow};
use serde_json::{Value, json};

use super::waiting::is_response_to;
use super::{RawChannel, Received};
use crate::mcp::jsonrpc::{self, pretty};
use crate::mcp::registry::ToolProbe;

impl RawChannel {
    /// initialize declaring `capabilities`, then notifications/initialized; fails unless the
    /// server accepted.
    pub async fn handshake_declaring(&mut self, version: &str, capabilities: Value) -> Result<()> {
        let mut params = jsonrpc::initialize_params(version);
        params["capabilities"] = capabilities;
        let response = self.call("initialize", Some(params)).await?;
        let Some(result) = response.get("result") else {
            let error = anyhow!("the server refused initialize:\n{}", pretty(&response));
            return Err(self.link.explain(error).await);
        };
        self.initialize_result = Some(result.clone());
        self.protocol_version = result
            .get("protocolVersion")
            .and_then(Value::as_str)
            .map(str::to_owned);
        self.send(&jsonrpc::notification("notifications/initialized", None))
            .await
    }

    /// Calls the probe's tool and answers each request the server sends meanwhile with the
    /// result `answer` gives for its method; returns the tool's response and those requests.
    pub async fn call_probe_answering(
        &mut self,
        probe: &ToolProbe,
        answer: impl Fn(&str) -> Value,
    ) -> Result<(Value, Vec<Value>)> {
        let id = self.fresh_id();
        let frame = jsonrpc::tool_call(id.clone(), &probe.name, &probe.arguments, None);
        self.send(&frame).await?;
        let mut requests = Vec::new();
        loop {
            let wanted = |item: &Received| matches!(item, Received::Message(m) if is_response_to(m, &id) || is_request(m));
            let Received::Message(message) = self.wait_for("the tool's response", wanted).await?
            else {
                unreachable!("only messages are wanted")
            };
            if is_response_to(&message, &id) {
                return Ok((message, requests));
            }
            let method = message["method"].as_str().unwrap_or_default();
            let reply = json!({"jsonrpc": "2.0", "id": message["id"], "result": answer(method)});
            self.send(&reply.to_string()).await?;
            requests.push(message);
        }
    }
}

/// A request from the server: a method and an `id` member (whatever its value).
fn is_request(message: &Value) -> bool {
    message.get("method").is_some_and(Value::is_string) && message.get("id").is_some()
}
