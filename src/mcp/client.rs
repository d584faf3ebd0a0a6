//! The client side of a session: what the client offers the server (a scenario sets it up in
//! Gherkin), how it answers the server's requests, and a record of everything the server sent
//! on its own (notifications and requests), for steps to assert on.

#![allow(deprecated)] // roots/sampling are deprecated in the spec (SEP-2577) but still tested.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use rmcp::model::{
    ClientCapabilities, ClientConfig, ClientNotification, ClientResult, ErrorCode, ErrorData,
    GetExtensions, GetMeta, Implementation, JsonRpcMessage, NotificationMetaObject,
    ProgressNotificationParam, ProgressToken, ProtocolVersion, RequestId, ServerNotification,
    ServerRequest,
};
use rmcp::service::{
    NotificationContext, RequestContext, RoleClient, RxJsonRpcMessage, Service, TxJsonRpcMessage,
};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// Something the server sent on its own: a notification or a request to the client.
#[derive(Debug, Clone)]
pub struct ServerMessage {
    pub is_request: bool,
    /// The id of a request (notifications have none).
    pub id: Option<Value>,
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
    /// Whether the user opens the web pages a server names (URL mode elicitation): declared as
    /// the `url` elicitation mode, and accepted.
    pub opens_web_pages: bool,
    /// Whether the client reports [`SAMPLING_PROGRESS`] on a sampling request (under its
    /// progressToken) before it answers.
    pub reports_sampling_progress: bool,
    /// How long the client takes to answer a sampling request; a cancellation of the request
    /// by the server ends the wait (unanswered).
    pub sampling_delay: Option<Duration>,
}

/// The progress the client reports while it samples, when it does: (progress, message) of a
/// total of 2.
pub const SAMPLING_PROGRESS: [(f64, &str); 2] =
    [(1.0, "reading the prompt"), (2.0, "writing the answer")];

/// [`SAMPLING_PROGRESS`] as `notifications/progress` params under `token`.
pub fn sampling_progress(token: &ProgressToken) -> Vec<ProgressNotificationParam> {
    SAMPLING_PROGRESS
        .iter()
        .map(|(progress, message)| {
            ProgressNotificationParam::new(token.clone(), *progress)
                .with_total(2.0)
                .with_message(*message)
        })
        .collect()
}

impl ClientBehaviour {
    /// Answers sampling requests with an assistant message holding `text`.
    pub fn answer_sampling_with(&mut self, text: &str) {
        self.sampling = Some(json!({
            "role": "assistant",
            "content": {"type": "text", "text": text},
            "model": "mcp-acceptance",
            "stopReason": "endTurn"
        }));
    }

    /// The text the client answers sampling requests with.
    pub fn sampled_text(&self) -> anyhow::Result<String> {
        self.sampling
            .as_ref()
            .and_then(|s| s.pointer("/content/text"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .context("the scenario did not say how the client answers sampling")
    }

    /// Accepts elicitation requests with the user's `answers`, a JSON object.
    pub fn accept_elicitation(&mut self, answers: Value) -> anyhow::Result<()> {
        anyhow::ensure!(
            answers.is_object(),
            "the answers must be a JSON object, got {answers}"
        );
        self.elicitation = Some(json!({"action": "accept", "content": answers}));
        Ok(())
    }

    /// Refuses elicitation requests: the user `declines` or `cancels`.
    pub fn refuse_elicitation(&mut self, verb: &str) -> anyhow::Result<()> {
        let action = match verb {
            "declines" => "decline",
            "cancels" => "cancel",
            other => anyhow::bail!("the user declines or cancels, not \"{other}\""),
        };
        self.elicitation = Some(json!({ "action": action }));
        Ok(())
    }

    /// The answers the user gives when accepting a form.
    pub fn elicitation_answers(&self) -> anyhow::Result<serde_json::Map<String, Value>> {
        self.elicitation
            .as_ref()
            .and_then(|e| e.get("content"))
            .and_then(Value::as_object)
            .cloned()
            .context("the scenario did not give the user's answers")
    }

    /// Exposes the roots of a table whose header names the columns `uri` and (optionally)
    /// `name`; an empty name is left out.
    pub fn expose_roots(&mut self, rows: &[Vec<String>]) -> anyhow::Result<()> {
        let mut rows = rows.iter();
        let header = rows.next().context("the roots table is empty")?;
        let column = |name: &str| header.iter().position(|h| h.trim() == name);
        let uri = column("uri").context("the roots table needs a uri column")?;
        let name = column("name");
        let roots = rows
            .map(|row| {
                let mut root = json!({"uri": row[uri].trim()});
                if let Some(name) = name.map(|i| row[i].trim()).filter(|n| !n.is_empty()) {
                    root["name"] = json!(name);
                }
                root
            })
            .collect();
        self.roots = Some(roots);
        Ok(())
    }

    /// The URIs of the roots the client exposes.
    pub fn root_uris(&self) -> anyhow::Result<Vec<String>> {
        let roots = self
            .roots
            .as_ref()
            .context("the scenario did not say which roots the client exposes")?;
        Ok(roots
            .iter()
            .filter_map(|root| root.get("uri").and_then(Value::as_str).map(str::to_owned))
            .collect())
    }

    fn capabilities(&self) -> Value {
        let mut capabilities = serde_json::Map::new();
        if self.sampling.is_some() {
            capabilities.insert("sampling".into(), json!({}));
        }
        let mut modes = serde_json::Map::new();
        if self.elicitation.is_some() {
            modes.insert("form".into(), json!({}));
        }
        if self.opens_web_pages {
            modes.insert("url".into(), json!({}));
        }
        if !modes.is_empty() {
            capabilities.insert("elicitation".into(), Value::Object(modes));
        }
        if self.roots.is_some() {
            capabilities.insert("roots".into(), json!({"listChanged": false}));
        }
        Value::Object(capabilities)
    }
}

/// The notifications a session's transport handed to rmcp since the client sent
/// `notifications/initialized`, counted in the order they came off the wire. rmcp hands each one
/// to the [`Recorder`] on a task of its own, so a response can overtake the notifications sent
/// before it; [`Recorder::settle`] waits until the record has caught up with this count.
#[derive(Clone, Default)]
pub struct Deliveries {
    counting: Arc<AtomicBool>,
    count: Arc<AtomicUsize>,
}

impl Deliveries {
    /// Called by the transport for every message the client sends.
    pub fn sent(&self, message: &TxJsonRpcMessage<RoleClient>) {
        if let JsonRpcMessage::Notification(notification) = message
            && matches!(
                notification.notification,
                ClientNotification::InitializedNotification(_)
            )
        {
            self.counting.store(true, Ordering::SeqCst);
        }
    }

    /// Called by the transport for every message it hands to rmcp.
    pub fn received(&self, message: &RxJsonRpcMessage<RoleClient>) {
        if matches!(message, JsonRpcMessage::Notification(_)) && self.is_counting() {
            self.count.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn is_counting(&self) -> bool {
        self.counting.load(Ordering::SeqCst)
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
    deliveries: Deliveries,
    /// Notifications recorded while `deliveries` counts.
    recorded: Arc<AtomicUsize>,
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
            deliveries: Deliveries::default(),
            recorded: Default::default(),
        }
    }

    /// The counter the session's transport keeps for this recorder.
    pub fn deliveries(&self) -> Deliveries {
        self.deliveries.clone()
    }

    /// Waits, at most `limit`, until every notification the transport has handed over so far
    /// is in the record; false if the bound passed first.
    pub async fn settle(&self, limit: Duration) -> bool {
        let delivered = self.deliveries.count.load(Ordering::SeqCst);
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let arrived = self.arrived.notified();
            if self.recorded.load(Ordering::SeqCst) >= delivered {
                return true;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return false;
            }
        }
    }

    /// Records a request of the server (with its `id`) or a notification (`None`).
    pub(crate) fn record(&self, id: Option<&RequestId>, message: &impl serde::Serialize) {
        let is_request = id.is_some();
        let value = serde_json::to_value(message).unwrap_or_default();
        let method = value
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        let params = value.get("params").cloned().unwrap_or(Value::Null);
        self.received.lock().unwrap().push(ServerMessage {
            is_request,
            id: id.and_then(|id| serde_json::to_value(id).ok()),
            method,
            params,
        });
        if !is_request && self.deliveries.is_counting() {
            self.recorded.fetch_add(1, Ordering::SeqCst);
        }
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
        context: RequestContext<RoleClient>,
    ) -> Result<ClientResult, ErrorData> {
        self.record(Some(&context.id), &request);
        let behaviour = self.behaviour.clone();
        match request {
            ServerRequest::PingRequest(_) => Ok(ClientResult::empty(())),
            ServerRequest::ListRootsRequest(_) => {
                let roots = behaviour.roots.map(|roots| json!({"roots": roots}));
                Self::answer(roots, "roots").map(ClientResult::ListRootsResult)
            }
            ServerRequest::CreateMessageRequest(_) => {
                let token = context.meta.get_progress_token();
                if let Some(token) = token.filter(|_| behaviour.reports_sampling_progress) {
                    for progress in sampling_progress(&token) {
                        let _ = context.peer.notify_progress(progress).await;
                    }
                }
                if let Some(delay) = behaviour.sampling_delay {
                    tokio::select! {
                        () = tokio::time::sleep(delay) => {}
                        () = context.ct.cancelled() => return Err(ErrorData::internal_error(
                            "the server cancelled its sampling request",
                            None,
                        )),
                    }
                }
                Self::answer(behaviour.sampling, "sampling")
                    .map(|r| ClientResult::CreateMessageResult(Box::new(r)))
            }
            ServerRequest::ElicitRequest(elicit) => {
                // The form the server sent decides which of the scenario's values are answered.
                let params = serde_json::to_value(&elicit)
                    .ok()
                    .and_then(|v| v.get("params").cloned())
                    .unwrap_or_default();
                let answer = if params["mode"] == "url" {
                    // The user opened the page and finished there; no content comes back.
                    behaviour
                        .opens_web_pages
                        .then(|| json!({"action": "accept"}))
                } else {
                    behaviour
                        .elicitation
                        .map(|answer| crate::mcp::elicitation::fit_to_form(answer, &params))
                };
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
        mut notification: ServerNotification,
        context: NotificationContext<RoleClient>,
    ) -> Result<(), ErrorData> {
        // rmcp 3.9 moves the params' `_meta` into `context.extensions` (not `context.meta`) and
        // leaves an empty one on the notification: record it as the server sent it, or none.
        let meta = context
            .extensions
            .get::<NotificationMetaObject>()
            .filter(|meta| !meta.is_empty())
            .cloned()
            .unwrap_or(context.meta);
        if meta.is_empty() {
            notification
                .extensions_mut()
                .remove::<NotificationMetaObject>();
        } else {
            *notification.get_meta_mut() = meta;
        }
        self.record(None, &notification);
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
        recorder.record(None, &notification);
        let custom: ServerNotification =
            serde_json::from_value(json!({"method": "vendor/strange", "params": {"a": 1}}))
                .unwrap();
        recorder.record(None, &custom);
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
