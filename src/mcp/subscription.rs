//! A `subscriptions/listen` request (2026-07-28) over the raw channel: the client names the
//! changes it wants to hear about, and the server answers with a long-lived stream of them.
//! Over streamable HTTP that stream is the event stream answering the request, read apart from
//! the channel's other messages; over stdio everything shares one channel, so the
//! subscription's messages are those naming it (its id in `_meta`, the response to it, a
//! cancellation of it).

use std::time::Duration;

use anyhow::Result;
use serde_json::{Value, json};

use crate::mcp::jsonrpc;
use crate::mcp::raw::{HttpAnswer, OwnStream, RawChannel, Received};
use crate::mcp::stateless::{
    META_CLIENT_CAPABILITIES, STATELESS_VERSION, http_headers, params_with_meta,
};

pub const LISTEN: &str = "subscriptions/listen";
pub const ACKNOWLEDGED: &str = "notifications/subscriptions/acknowledged";
pub const CANCELLED: &str = "notifications/cancelled";
pub const SUBSCRIPTION_ID: &str = "io.modelcontextprotocol/subscriptionId";

/// A change a client can subscribe to, with its filter field and its notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Tools,
    Prompts,
    Resources,
    /// `notifications/resources/updated` for this URI.
    Updated(String),
}

impl Change {
    pub fn notification(&self) -> &'static str {
        match self {
            Self::Tools => "notifications/tools/list_changed",
            Self::Prompts => "notifications/prompts/list_changed",
            Self::Resources => "notifications/resources/list_changed",
            Self::Updated(_) => "notifications/resources/updated",
        }
    }

    /// The subscription filter asking for exactly these changes.
    pub fn filter(changes: &[Change]) -> Value {
        let mut filter = serde_json::Map::new();
        for change in changes {
            match change {
                Self::Tools => drop(filter.insert("toolsListChanged".into(), json!(true))),
                Self::Prompts => drop(filter.insert("promptsListChanged".into(), json!(true))),
                Self::Resources => drop(filter.insert("resourcesListChanged".into(), json!(true))),
                Self::Updated(uri) => {
                    let uris = filter
                        .entry("resourceSubscriptions")
                        .or_insert_with(|| json!([]));
                    if let Some(uris) = uris.as_array_mut() {
                        uris.push(json!(uri));
                    }
                }
            }
        }
        Value::Object(filter)
    }

    /// Whether `notification` (any server message) is the notification of a change.
    pub fn is_change_notification(notification: &Value) -> bool {
        let method = notification.get("method").and_then(Value::as_str);
        notification.get("id").is_none()
            && [
                Self::Tools,
                Self::Prompts,
                Self::Resources,
                Self::Updated(String::new()),
            ]
            .iter()
            .any(|change| Some(change.notification()) == method)
    }
}

/// An open subscription and what it has carried so far.
#[derive(Debug)]
pub struct Subscription {
    pub id: Value,
    /// The filter the client sent (`params.notifications`).
    pub filter: Value,
    /// stdio: how many messages the channel had seen before the request went out.
    since: usize,
    /// HTTP: the request's own event stream.
    stream: Option<OwnStream>,
    /// HTTP: every message the stream carried, in arrival order.
    carried: Vec<Value>,
    /// Why the stream or connection ended, once it has.
    pub closed: Option<String>,
    /// How many of [`Self::messages`] had arrived when the server was asked to stop.
    pub stop_mark: Option<usize>,
}

impl Subscription {
    /// Sends `subscriptions/listen` asking for `changes` (over HTTP with the stateless headers)
    /// and reads until its first message, or until `timeout`: changes made before the
    /// subscription is acknowledged need not reach it.
    pub async fn open(raw: &mut RawChannel, changes: &[Change], timeout: Duration) -> Result<Self> {
        Self::open_until_answered(raw, Change::filter(changes), json!({}), timeout).await
    }

    /// Opens a subscription like [`Self::open_with`] and reads until its first message (an
    /// acknowledgement or a refusal), or until `timeout`.
    pub async fn open_until_answered(
        raw: &mut RawChannel,
        filter: Value,
        capabilities: Value,
        timeout: Duration,
    ) -> Result<Self> {
        let mut subscription = Self::open_with(raw, filter, capabilities).await?;
        subscription
            .read_until(raw, timeout, |messages| !messages.is_empty())
            .await;
        Ok(subscription)
    }

    /// Sends `subscriptions/listen` with this `filter`, the request declaring `capabilities`.
    pub async fn open_with(
        raw: &mut RawChannel,
        filter: Value,
        capabilities: Value,
    ) -> Result<Self> {
        let id = raw.fresh_id();
        let mut params = params_with_meta(json!({ "notifications": filter }), STATELESS_VERSION);
        params["_meta"][META_CLIENT_CAPABILITIES] = capabilities;
        let frame = jsonrpc::request(id.clone(), LISTEN, Some(params));
        let since = raw.messages_seen().len();
        let stream = if raw.http_url().is_some() {
            let headers = http_headers(LISTEN, STATELESS_VERSION);
            Some(raw.post_own_stream(&frame, &headers).await?)
        } else {
            raw.send(&frame).await?;
            None
        };
        Ok(Self {
            id,
            filter,
            since,
            stream,
            carried: Vec::new(),
            closed: None,
            stop_mark: None,
        })
    }

    /// HTTP: the answer to the listen request's POST, unless it was an event stream (a
    /// refusal with a JSON body, say).
    pub fn http_refusal(&self) -> Option<&HttpAnswer> {
        let answer = &self.stream.as_ref()?.answer;
        (!answer.content_type.starts_with("text/event-stream")).then_some(answer)
    }

    /// The messages of this subscription so far, in arrival order.
    pub fn messages(&self, raw: &RawChannel) -> Vec<Value> {
        match &self.stream {
            Some(_) => self.carried.clone(),
            None => raw.messages_seen()[self.since..]
                .iter()
                .filter(|message| names_subscription(message, &self.id))
                .cloned()
                .collect(),
        }
    }

    /// The notifications naming this subscription: on stdio two subscriptions to the same
    /// changes are told apart only by the id each notification carries.
    pub fn own_notifications(&self, raw: &RawChannel) -> Vec<Value> {
        let messages = self.messages(raw).into_iter();
        messages
            .filter(|message| message.get("id").is_none())
            .collect()
    }

    /// The notifications to judge by the filter: over HTTP every notification the stream
    /// carried; over stdio every change notification since the request (under 2026-07-28 only
    /// a subscription may carry one) and every other notification naming the subscription.
    pub fn notifications(&self, raw: &RawChannel) -> Vec<Value> {
        let of_stdio = |message: &&Value| {
            Change::is_change_notification(message) || names_subscription(message, &self.id)
        };
        let messages: Vec<Value> = match &self.stream {
            Some(_) => self.carried.clone(),
            None => raw.messages_seen()[self.since..]
                .iter()
                .filter(of_stdio)
                .cloned()
                .collect(),
        };
        messages
            .into_iter()
            .filter(|message| message.get("id").is_none())
            .collect()
    }

    /// Reads for at most `window`, until `enough` holds for [`Self::messages`] or the stream
    /// (HTTP) or connection (stdio) ends.
    pub async fn read_until(
        &mut self,
        raw: &mut RawChannel,
        window: Duration,
        enough: impl Fn(&[Value]) -> bool,
    ) {
        let deadline = tokio::time::Instant::now() + window;
        while self.closed.is_none() && !enough(&self.messages(raw)) {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return;
            }
            match &mut self.stream {
                Some(stream) => match tokio::time::timeout(left, stream.messages.recv()).await {
                    Ok(Some(Received::Message(message))) => self.carried.push(message),
                    Ok(Some(Received::Garbage(text))) => self.closed = Some(text),
                    Ok(None) => self.closed = Some("the server closed the event stream".into()),
                    Err(_) => return,
                },
                None => {
                    if let Err(error) = raw.listen(left.min(Duration::from_millis(50))).await {
                        self.closed = Some(format!("{error:#}"));
                    }
                }
            }
        }
    }
}

/// Whether `message` belongs to the subscription `id`: it carries the id in `_meta`, answers
/// the listen request, or cancels it.
pub fn names_subscription(message: &Value, id: &Value) -> bool {
    let tagged = message
        .pointer("/params/_meta")
        .and_then(|m| m.get(SUBSCRIPTION_ID))
        == Some(id);
    let answers = message.get("id") == Some(id) && message.get("method").is_none();
    let cancels = message.get("method").and_then(Value::as_str) == Some(CANCELLED)
        && message.pointer("/params/requestId") == Some(id);
    tagged || answers || cancels
}

/// What a subscription scenario holds: the subscription, and the changes it made happen.
#[derive(Debug, Default)]
pub struct SubscriptionScenario {
    pub open: Option<Subscription>,
    pub made: Vec<Change>,
    /// How many messages the client had seen when it ended the subscription itself.
    pub ended_at: Option<usize>,
    /// A second subscription to the same changes, kept open while the first one ends.
    pub second: Option<Subscription>,
}

/// The client's notification that ends the subscription `id`.
pub fn client_cancellation(id: &Value) -> Value {
    json!({
        "jsonrpc": "2.0",
        "method": CANCELLED,
        "params": {"requestId": id, "reason": "the client is done with it"},
    })
}

/// No message of `after` (what came once the client ended subscription `id`) names it.
pub fn after_the_end(after: &[Value], id: &Value) -> anyhow::Result<()> {
    let more: Vec<&Value> = after.iter().filter(|m| names_subscription(m, id)).collect();
    anyhow::ensure!(
        more.is_empty(),
        "the server sent on subscription {id} after the client had ended it: {}",
        serde_json::to_string(&more).unwrap_or_default()
    );
    Ok(())
}

/// The changes a server with these `capabilities` declares it can notify; resource updates
/// for `watched` (the registry's watched resource), if any.
pub fn declared_changes(capabilities: &Value, watched: Option<String>) -> Vec<Change> {
    let declared = |pointer: &str| capabilities.pointer(pointer) == Some(&Value::Bool(true));
    let mut changes = Vec::new();
    if declared("/tools/listChanged") {
        changes.push(Change::Tools);
    }
    if declared("/prompts/listChanged") {
        changes.push(Change::Prompts);
    }
    if declared("/resources/listChanged") {
        changes.push(Change::Resources);
    }
    if let Some(uri) = watched.filter(|_| declared("/resources/subscribe")) {
        changes.push(Change::Updated(uri));
    }
    changes
}

impl Change {
    /// The registry role of the tool call that makes this change (resource updates: the
    /// watched resource's trigger).
    pub fn trigger_role(&self) -> &'static str {
        match self {
            Self::Tools => "tools_list_changing_tool",
            Self::Prompts => "prompts_list_changing_tool",
            Self::Resources => "resources_list_changing_tool",
            Self::Updated(_) => "watched_resource",
        }
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Tools => write!(f, "the tools list"),
            Self::Prompts => write!(f, "the prompts list"),
            Self::Resources => write!(f, "the resources list"),
            Self::Updated(uri) => write!(f, "the resource {uri}"),
        }
    }
}

impl Subscription {
    /// Every message the server sent in the scenario: the channel's and the stream's.
    pub fn everything_sent(&self, raw: &RawChannel) -> Vec<Value> {
        let mut sent = raw.messages_seen().to_vec();
        sent.extend(self.carried.iter().cloned());
        sent
    }
}
