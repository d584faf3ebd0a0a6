//! Listening for what the server sends on its own for a while (everything is kept in the
//! backlog for later steps), and calling a tool by a raw frame.

use std::time::Duration;

use anyhow::Result;
use serde_json::Value;

use super::{RawChannel, Received};
use crate::mcp::jsonrpc;
use crate::mcp::registry::ToolProbe;

impl RawChannel {
    /// The messages that arrive within `window`; they also stay in the backlog.
    pub async fn listen(&mut self, window: Duration) -> Result<Vec<Value>> {
        let deadline = tokio::time::Instant::now() + window;
        let mut arrived = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await? {
                Some(Received::Message(message)) => {
                    arrived.push(message.clone());
                    self.backlog.push_back(Received::Message(message));
                }
                Some(garbage) => self.backlog.push_back(garbage),
                None => return Ok(arrived),
            }
        }
    }

    /// Calls the probe's tool with a raw frame and returns the response.
    pub async fn call_probe(&mut self, probe: &ToolProbe) -> Result<Value> {
        let id = self.fresh_id();
        let frame = jsonrpc::tool_call(id.clone(), &probe.name, &probe.arguments, None);
        self.send(&frame).await?;
        self.response_to(&id).await
    }
}
