//! The client side of a session: what the client offers the server (a scenario sets it up in
//! Gherkin), how it answers the server's requests, and a record of everything the server sent
//! on its own (notifications and requests), for steps to assert on.

#![allow(deprecated)] // roots/sampling are deprecated in the spec (SEP-2577) but still tested.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rmcp::model::{
    ClientCapabilities, ClientConfig, ClientResult, ErrorCode, ErrorData, Implementation,
    ProtocolVersion, ServerNotification, ServerRequest,
};
use rmcp::service::{NotificationContext, RequestContext, RoleClient, Service};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// Something the server sent on its own: a notification or a request to the client.
#[derive(Debug, Clone)]
pub struct ServerMessage {
    pub is_request: bool,
    pub method: String,
    pub params: Value,
}

/// What the client offers the server and how it answers. A capability is declared exactly when
/// its answer is configured.
#[derive(Debug, Clone, Default)]
pub struct ClientBehaviour {
    /// The `sampling/createMessage` result to answer with.
    pub sampling: Option<Value>,
    /// The `elicitation/create` result to answer with (`action`, and `content` on accept).
    pub elicitation: Option<Value>,
    /// The roots to list.
    pub roots: Option<Vec<Value>>,
}

impl ClientBehaviour {
    fn capabilities(&self) -> Value {
        let mut capabilities = serde_json::Map::new();
        if self.sampling.is_some() {
            capabilities.insert("sampling".into(), json!({}));
        }
        if self.elicitation.is_some() {
            capabilities.insert("elicitation".into(), json!({"form": {}}));
        }
        if self.roots.is_some() {
            capabilities.insert("roots".into(), json!({"listChanged": false}));
        }
        Value::Object(capabilities)
    }
}

/// The rmcp handler of the suite's client: answers as its [`ClientBehaviour`] says and records
/// every notification and request from the server.
#[derive(Clone)]
pub struct Recorder {
    config: ClientConfig,
    behaviour: ClientBehaviour,
    received: Arc<Mutex<Vec<ServerMessage>>>,
    arrived: Arc<Notify>,
}

impl Recorder {
    pub fn new(protocol_version: ProtocolVersion, behaviour: ClientBehaviour) -> Self {
        let capabilities: ClientCapabilities = serde_json::from_value(behaviour.capabilities())
            .expect("client capabilities are well formed");
        let info = Implementation::new("mcp-acceptance", env!("CARGO_PKG_VERSION"));
        let config = ClientConfig::new(capabilities, info).with_protocol_version(protocol_version);
        Self {
            config,
            behaviour,
            received: Default::default(),
            arrived: Default::default(),
        }
    }

    pub(crate) fn record(&self, is_request: bool, message: &impl serde::Serialize) {
        let value = serde_json::to_value(message).unwrap_or_default();
        let method = value
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        let params = value.get("params").cloned().unwrap_or(Value::Null);
        self.received.lock().unwrap().push(ServerMessage {
            is_request,
            method,
            params,
        });
        self.arrived.notify_waiters();
    }

    pub fn received(&self) -> Vec<ServerMessage> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until a message with `method` has been received, at most `limit`.
    pub async fn wait_for(&self, method: &str, limit: Duration) -> Option<ServerMessage> {
        self.wait_for_where(0, limit, |m| m.method == method).await
    }

    /// Waits until a message received after the first `skip` ones satisfies `wanted`, at most
    /// `limit`.
    pub async fn wait_for_where(
        &self,
        skip: usize,
        limit: Duration,
        wanted: impl Fn(&ServerMessage) -> bool,
    ) -> Option<ServerMessage> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let arrived = self.arrived.notified();
            if let Some(found) = self.received().into_iter().skip(skip).find(|m| wanted(m)) {
                return Some(found);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return None;
            }
        }
    }

    /// Waits until a message with `method` arrives after the first `skip` messages, at most
    /// `limit`.
    pub async fn wait_for_after(
        &self,
        method: &str,
        skip: usize,
        limit: Duration,
    ) -> Option<ServerMessage> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let arrived = self.arrived.notified();
            let found = self
                .received()
                .into_iter()
                .skip(skip)
                .find(|m| m.method == method);
            if found.is_some() {
                return found;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return None;
            }
        }
    }

    /// The configured answer as rmcp's type, or method-not-found when the client does not offer
    /// it (the server asked for something the client never declared).
    fn answer<T: serde::de::DeserializeOwned>(
        answer: Option<Value>,
        what: &str,
    ) -> Result<T, ErrorData> {
        let value = answer.ok_or_else(|| {
            ErrorData::new(
                ErrorCode::METHOD_NOT_FOUND,
                format!("the acceptance client does not offer {what}"),
                None,
            )
        })?;
        serde_json::from_value(value).map_err(|e| {
            ErrorData::internal_error(
                format!("the scenario's {what} answer is malformed: {e}"),
                None,
            )
        })
    }
}

impl Service<RoleClient> for Recorder {
    async fn handle_request(
        &self,
        request: ServerRequest,
        _context: RequestContext<RoleClient>,
    ) -> Result<ClientResult, ErrorData> {
        self.record(true, &request);
        let behaviour = self.behaviour.clone();
        match request {
            ServerRequest::PingRequest(_) => Ok(ClientResult::empty(())),
            ServerRequest::ListRootsRequest(_) => {
                let roots = behaviour.roots.map(|roots| json!({"roots": roots}));
                Self::answer(roots, "roots").map(ClientResult::ListRootsResult)
            }
            ServerRequest::CreateMessageRequest(_) => Self::answer(behaviour.sampling, "sampling")
                .map(|r| ClientResult::CreateMessageResult(Box::new(r))),
            ServerRequest::ElicitRequest(elicit) => {
                // The form the server sent decides which of the scenario's values are answered.
                let params = serde_json::to_value(&elicit)
                    .ok()
                    .and_then(|v| v.get("params").cloned())
                    .unwrap_or_default();
                let answer = behaviour
                    .elicitation
                    .map(|answer| crate::mcp::elicitation::fit_to_form(answer, &params));
                Self::answer(answer, "elicitation").map(ClientResult::ElicitResult)
            }
            other => Err(ErrorData::new(
                ErrorCode::METHOD_NOT_FOUND,
                format!(
                    "the acceptance client does not answer {:?}",
                    serde_json::to_value(&other)
                        .ok()
                        .and_then(|v| v.get("method").cloned())
                ),
                None,
            )),
        }
    }

    async fn handle_notification(
        &self,
        notification: ServerNotification,
        _context: NotificationContext<RoleClient>,
    ) -> Result<(), ErrorData> {
        self.record(false, &notification);
        Ok(())
    }

    fn get_info(&self) -> ClientConfig {
        self.config.clone()
    }
}

#[cfg(test)]
mod tests {
    use rmcp::model::{ServerNotification, ToolListChangedNotification};

    use super::*;

    #[test]
    fn recorded_notifications_keep_their_method() {
        let recorder = Recorder::new(ProtocolVersion::V_2025_11_25, ClientBehaviour::default());
        let notification =
            ServerNotification::ToolListChangedNotification(ToolListChangedNotification::default());
        recorder.record(false, &notification);
        let custom: ServerNotification =
            serde_json::from_value(json!({"method": "vendor/strange", "params": {"a": 1}}))
                .unwrap();
        recorder.record(false, &custom);
        let methods: Vec<String> = recorder.received().into_iter().map(|m| m.method).collect();
        assert_eq!(
            methods,
            ["notifications/tools/list_changed", "vendor/strange"]
        );
    }

    #[test]
    fn capabilities_follow_the_configured_answers() {
        let behaviour = ClientBehaviour {
            roots: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            behaviour.capabilities(),
            json!({"roots": {"listChanged": false}})
        );
    }
}
