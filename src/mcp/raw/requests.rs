//! Requests sent whole over the raw channel: a call and its response, the handshake, a batch
//! of pings, a tool call with a progress token, a stateless request.

use anyhow::{Result, anyhow};
use serde_json::{Value, json};

use super::{Exchanged, RawChannel};
use crate::mcp::jsonrpc::{self, pretty};
use crate::mcp::registry::ToolProbe;
use crate::mcp::stateless::{Departure, STATELESS_VERSION, http_headers_for, params_with_meta};

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

    /// Sends one frame as given and returns the first response (whatever its id).
    pub async fn send_and_read(&mut self, frame: &str) -> Result<Value> {
        self.send(frame).await?;
        self.next_response().await
    }

    /// Sends a ping for each of `ids` at once and collects the responses, up to one per ping,
    /// within the bound.
    pub async fn ping_all(&mut self, ids: &[Value]) -> Result<Vec<Value>> {
        let frames: Vec<String> = ids
            .iter()
            .map(|id| jsonrpc::request(id.clone(), "ping", None))
            .collect();
        self.send_all(&frames).await?;
        self.responses(ids.len()).await
    }

    /// Calls the probe's tool with `token` as its progress token and returns the response.
    pub async fn call_probe_with_progress(
        &mut self,
        probe: &ToolProbe,
        token: &Value,
    ) -> Result<Value> {
        let id = self.fresh_id();
        let meta = json!({ "progressToken": token });
        let frame = jsonrpc::tool_call(id.clone(), &probe.name, &probe.arguments, Some(meta));
        self.send(&frame).await?;
        self.response_to(&id).await
    }

    /// A stateless request: `params` carry the protocol `version` and the client's capabilities
    /// in `_meta` (over HTTP also the version and method headers, and no session).
    pub async fn stateless_request(
        &mut self,
        method: &str,
        params: Value,
        version: &str,
    ) -> Result<Exchanged> {
        let id = self.fresh_id();
        let headers = http_headers_for(method, &params, version);
        let frame = jsonrpc::request(id.clone(), method, Some(params_with_meta(params, version)));
        self.exchange(&id, &frame, &headers).await
    }

    /// A stateless request that departs from a well-formed one as `departure` says.
    pub async fn stateless_request_departing(
        &mut self,
        method: &str,
        params: Value,
        departure: Departure,
    ) -> Result<Exchanged> {
        let id = self.fresh_id();
        let headers = departure.headers(method, &params, STATELESS_VERSION);
        let params = departure.params(params, STATELESS_VERSION);
        let frame = jsonrpc::request(id.clone(), method, Some(params));
        self.exchange(&id, &frame, &headers).await
    }

    /// `result`, or its error with the connection's evidence.
    pub async fn with_evidence<T>(&mut self, result: Result<T>) -> Result<T> {
        match result {
            Ok(value) => Ok(value),
            Err(error) => Err(self.link.explain(error).await),
        }
    }
}
