//! Requests sent whole over the raw channel: a call and its response, the handshake.

use anyhow::{Result, anyhow};
use serde_json::Value;

use super::RawChannel;
use crate::mcp::jsonrpc::{self, pretty};

impl RawChannel {
    /// A request with a fresh id; returns the response object.
    pub async fn call(&mut self, method: &str, params: Option<Value>) -> Result<Value> {
        let id = self.fresh_id();
        self.send(&jsonrpc::request(id.clone(), method, params))
            .await?;
        self.response_to(&id).await
    }

    /// The initialize request offering `version`; remembers the agreed version.
    pub async fn initialize(&mut self, version: &str) -> Result<Value> {
        let response = self
            .call("initialize", Some(jsonrpc::initialize_params(version)))
            .await?;
        if let Some(agreed) = response
            .pointer("/result/protocolVersion")
            .and_then(Value::as_str)
        {
            self.protocol_version = Some(agreed.to_owned());
        }
        if let Some(result) = response.get("result") {
            self.initialize_result = Some(result.clone());
        }
        Ok(response)
    }

    /// initialize + notifications/initialized, failing unless the server accepted.
    pub async fn handshake(&mut self, version: &str) -> Result<Value> {
        let response = self.initialize(version).await?;
        if response.get("result").is_none() {
            let error = anyhow!("the server refused initialize:\n{}", pretty(&response));
            return Err(self.link.explain(error).await);
        }
        self.send(&jsonrpc::notification("notifications/initialized", None))
            .await?;
        Ok(response)
    }
}
