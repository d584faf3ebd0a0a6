//! A named MCP client session (rmcp) with the server under test, over stdio, streamable HTTP or
//! legacy SSE.
//! Its handler records every notification and server→client request, so steps can assert on
//! them; every call is bounded and every failure carries the connection's evidence.

#![allow(deprecated)] // roots/sampling are deprecated in the spec (SEP-2577) but still tested.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use rmcp::model::{
    CallToolRequestParams, ClientNotification, ClientRequest, ErrorData, PingRequest,
    ProgressToken, ProtocolVersion, ServerPeerInfo, ServerResult, Tool,
};
use rmcp::service::{
    PeerRequestOptions, RoleClient, RunningService, RxJsonRpcMessage, ServiceError, ServiceExt,
    TxJsonRpcMessage,
};
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::{StreamableHttpClientTransport, Transport as RmcpTransport};
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use crate::harness::timeouts::{bounded, seconds};
use crate::mcp::client::{ClientBehaviour, Deliveries, Recorder, ServerMessage};
use crate::mcp::jsonrpc::{Reply, RpcError};
use crate::mcp::launch::{Endpoint, http_client, reach};
use crate::mcp::link::{FrameLog, Link, shorten};
use crate::mcp::progress_token::{ChosenProgressTokens, ProgressTokenChoice};
use crate::mcp::registry::{Secret, Target, ToolProbe};
use crate::mcp::transport::Transport;
use mcp_serving::sse_client::{EndReason, SseClientTransport, SsePoster};

/// Options for opening a session.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    pub label: String,
    /// The protocol version the client offers in `initialize`.
    pub protocol_version: String,
    pub behaviour: ClientBehaviour,
    pub timeout: Duration,
}

pub struct McpSession {
    pub transport: Transport,
    service: Option<RunningService<RoleClient, Recorder>>,
    recorder: Recorder,
    pub link: Link,
    /// Over legacy SSE: posts to this session's endpoint.
    pub sse_poster: Option<SsePoster>,
    timeout: Duration,
    /// How many server messages had arrived when a step last marked the session.
    mark: usize,
    /// A progress token of the client's own for its next request that asks for progress.
    progress_token: ProgressTokenChoice,
}

impl std::fmt::Debug for McpSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "session over {} with {:?}", self.transport, self.link)
    }
}

impl McpSession {
    /// Starts or reaches the target and completes the initialize handshake, within the bound.
    pub async fn open(
        target: &Target,
        transport: Transport,
        options: SessionOptions,
    ) -> Result<Self> {
        let reached = reach(target, transport, &options.label, options.timeout).await?;
        let mut link = reached.link;
        let version: ProtocolVersion =
            serde_json::from_value(Value::from(options.protocol_version.clone()))?;
        let recorder = Recorder::new(version, options.behaviour.clone());
        let progress_token = ProgressTokenChoice::default();
        let mut sse_poster = None;
        let handshake = match reached.endpoint {
            Endpoint::Stdio(pipes) => {
                let transport = PipeTransport {
                    to_server: Some(pipes.to_server),
                    from_server: pipes.from_server,
                    deliveries: recorder.deliveries(),
                };
                let transport = ChosenProgressTokens::new(transport, &progress_token);
                bounded(
                    options.timeout,
                    "the initialize handshake",
                    recorder.clone().serve(transport),
                )
                .await
            }
            Endpoint::Http { url, headers } => {
                let transport = Traced {
                    inner: http_transport(&url, &headers)?,
                    frames: link.frames.clone(),
                    end_reason: None,
                    deliveries: recorder.deliveries(),
                };
                let transport = ChosenProgressTokens::new(transport, &progress_token);
                bounded(
                    options.timeout,
                    "the initialize handshake",
                    recorder.clone().serve(transport),
                )
                .await
            }
            Endpoint::Sse { url, headers } => {
                let connected =
                    SseClientTransport::connect(http_client(&headers)?, &url, options.timeout)
                        .await;
                let inner = match connected {
                    Ok(inner) => inner,
                    Err(error) => {
                        let error =
                            error.context(format!("cannot open the SSE stream of {}", target.name));
                        return Err(link.explain(error).await);
                    }
                };
                sse_poster = Some(inner.poster());
                let transport = Traced {
                    end_reason: Some(inner.end_reason()),
                    inner,
                    frames: link.frames.clone(),
                    deliveries: recorder.deliveries(),
                };
                let transport = ChosenProgressTokens::new(transport, &progress_token);
                bounded(
                    options.timeout,
                    "the initialize handshake",
                    recorder.clone().serve(transport),
                )
                .await
            }
        };
        let service = match handshake {
            Ok(Ok(service)) => service,
            Ok(Err(error)) => {
                let error = initialize_failure_in_user_language(error, target, transport).context(
                    format!("initialize with {} over {transport} failed", target.name),
                );
                return Err(link.explain(error).await);
            }
            Err(timeout) => {
                let error = timeout.context(format!(
                    "{} over {transport} did not complete initialize",
                    target.name
                ));
                return Err(link.explain(error).await);
            }
        };
        Ok(Self {
            transport,
            service: Some(service),
            recorder,
            link,
            sse_poster,
            timeout: options.timeout,
            mark: 0,
            progress_token,
        })
    }

    fn service(&self) -> Result<&RunningService<RoleClient, Recorder>> {
        self.service.as_ref().context("the session is closed")
    }

    /// What the server said about itself in the handshake.
    pub fn server(&self) -> Result<Arc<ServerPeerInfo>> {
        self.service()?
            .peer_info()
            .context("the server sent no initialize result")
    }

    pub fn received(&self) -> Vec<ServerMessage> {
        self.recorder.received()
    }

    /// Waits (bounded) for a message received after the first `skip` ones that `wanted`
    /// accepts; `what` names it in the failure, which lists everything the server sent.
    pub async fn wait_for_message_where(
        &mut self,
        what: &str,
        skip: usize,
        wanted: impl Fn(&ServerMessage) -> bool,
    ) -> Result<ServerMessage> {
        match self
            .recorder
            .wait_for_where(skip, self.timeout, wanted)
            .await
        {
            Some(message) => Ok(message),
            None => {
                let seen: Vec<String> = self
                    .received()
                    .into_iter()
                    .map(|m| format!("{} {}", m.method, shorten(&m.params.to_string(), 200)))
                    .collect();
                let error = anyhow!(
                    "no {what} from the server within {}; it sent: {seen:?}",
                    seconds(self.timeout)
                );
                Err(self.link.explain(error).await)
            }
        }
    }

    /// The first request with `method` the server sent to the client.
    pub fn server_request(&self, method: &str) -> Result<ServerMessage> {
        let received = self.received();
        if let Some(found) = received.iter().find(|m| m.is_request && m.method == method) {
            return Ok(found.clone());
        }
        let seen: Vec<&str> = received.iter().map(|m| m.method.as_str()).collect();
        Err(anyhow!(
            "the server never sent {method} to the client; it sent: {seen:?}"
        ))
    }

    /// Waits (bounded) for the message `method` among those received after the first `skip`.
    pub async fn wait_for_message_after(
        &mut self,
        method: &str,
        skip: usize,
    ) -> Result<ServerMessage> {
        let what = format!("{method} after the call");
        self.wait_for_message_where(&what, skip, |m| m.method == method)
            .await
    }

    /// Waits (bounded) for notifications/resources/updated about `uri` or a resource under it
    /// (a notification may name a sub-resource of the one subscribed to).
    pub async fn wait_for_resource_update(&mut self, uri: &str) -> Result<ServerMessage> {
        let what = format!("notifications/resources/updated for {uri}");
        self.wait_for_message_where(&what, 0, |m| {
            m.method == "notifications/resources/updated"
                && m.params
                    .get("uri")
                    .and_then(Value::as_str)
                    .is_some_and(|updated| updated.starts_with(uri))
        })
        .await
    }

    /// The `notifications/resources/updated` params for `uri` that arrived since the mark or
    /// within `window` after this call (an update may come on another stream than the change's
    /// answer, so the whole window is waited).
    pub async fn resource_updates_since_mark(
        &mut self,
        uri: &str,
        window: std::time::Duration,
    ) -> Result<Vec<String>> {
        tokio::time::sleep(window).await;
        self.settle_notifications().await?;
        let updates: Vec<String> = self
            .received_since_mark()
            .into_iter()
            .filter(|m| m.method == "notifications/resources/updated")
            .filter(|m| {
                let updated = m.params.get("uri").and_then(Value::as_str);
                updated.is_some_and(|updated| updated.starts_with(uri))
            })
            .map(|m| m.params.to_string())
            .collect();
        Ok(updates)
    }

    /// Waits (bounded) until every notification that reached the client so far is in the
    /// record. On one stream the notifications a request causes come before its response, so
    /// after a response and this, all of them can be asserted on without waiting for more.
    pub async fn settle_notifications(&mut self) -> Result<()> {
        if self.recorder.settle(self.timeout).await {
            return Ok(());
        }
        let error = anyhow!(
            "the client did not finish recording the notifications it had received within {}",
            seconds(self.timeout)
        );
        Err(self.link.explain(error).await)
    }

    /// Marks what has arrived so far: later steps look only at what comes after.
    pub fn mark_received(&mut self) {
        self.mark = self.recorder.received().len();
    }

    /// The messages from the server since the last mark.
    pub fn received_since_mark(&self) -> Vec<ServerMessage> {
        self.received().into_iter().skip(self.mark).collect()
    }

    /// Waits (bounded) for a message with `method` that arrives after the last mark.
    pub async fn wait_for_message_since_mark(&mut self, method: &str) -> Result<ServerMessage> {
        match self
            .recorder
            .wait_for_after(method, self.mark, self.timeout)
            .await
        {
            Some(message) => Ok(message),
            None => {
                let seen: Vec<String> = self
                    .received_since_mark()
                    .into_iter()
                    .map(|m| m.method)
                    .collect();
                let error = anyhow!(
                    "no {method} from the server within {}; since then it sent: {seen:?}",
                    seconds(self.timeout)
                );
                Err(self.link.explain(error).await)
            }
        }
    }

    /// Any MCP request by method name, with `params` as JSON.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Reply> {
        let request: ClientRequest =
            serde_json::from_value(serde_json::json!({"method": method, "params": params}))
                .with_context(|| {
                    format!("{method} with params {params} is not a request the client can send")
                })?;
        let reply = self.request_typed(method, request).await?;
        Ok(reply.map(|result| to_json(&result)))
    }

    /// Sends a typed request; a JSON-RPC error is a [`Reply`] error, anything else (closed
    /// transport, timeout) fails with evidence.
    async fn request_typed(
        &mut self,
        what: &str,
        request: ClientRequest,
    ) -> Result<Result<ServerResult, RpcError>> {
        let peer = self.service()?.peer().clone();
        let outcome = bounded(self.timeout, what, peer.send_request(request)).await;
        self.settle(what, outcome).await
    }

    /// A request's outcome: a JSON-RPC error is a [`Reply`] error, anything else fails with
    /// evidence.
    async fn settle(
        &mut self,
        what: &str,
        outcome: Result<Result<ServerResult, ServiceError>>,
    ) -> Result<Result<ServerResult, RpcError>> {
        match outcome {
            Ok(Ok(result)) => Ok(Ok(result)),
            Ok(Err(ServiceError::McpError(error))) => Ok(Err(rpc_error(error))),
            Ok(Err(other)) => Err(self
                .link
                .explain(anyhow!(other).context(format!("{what} failed")))
                .await),
            Err(timeout) => Err(self.link.explain(timeout).await),
        }
    }

    /// Sends a notification; fails (with evidence) only if it cannot be sent.
    pub async fn notify(&mut self, notification: ClientNotification) -> Result<()> {
        let peer = self.service()?.peer().clone();
        let what = "sending a notification";
        match bounded(self.timeout, what, peer.send_notification(notification)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(self
                .link
                .explain(anyhow!(error).context(format!("{what} failed")))
                .await),
            Err(timeout) => Err(self.link.explain(timeout).await),
        }
    }

    pub async fn ping(&mut self) -> Result<Reply> {
        let reply = self
            .request_typed("ping", ClientRequest::PingRequest(PingRequest::default()))
            .await?;
        Ok(reply.map(|result| to_json(&result)))
    }

    /// Every tool, following pagination cursors.
    pub async fn list_tools(&mut self) -> Result<Result<Vec<Tool>, RpcError>> {
        let peer = self.service()?.peer().clone();
        match bounded(self.timeout, "tools/list", peer.list_all_tools()).await {
            Ok(Ok(tools)) => Ok(Ok(tools)),
            Ok(Err(ServiceError::McpError(error))) => Ok(Err(rpc_error(error))),
            Ok(Err(other)) => Err(self
                .link
                .explain(anyhow!(other).context("tools/list failed"))
                .await),
            Err(timeout) => Err(self.link.explain(timeout).await),
        }
    }

    /// Every tool as JSON (rmcp's typed walk of tools/list); a refusal fails.
    pub async fn listed_tools(&mut self) -> Result<Vec<Value>> {
        let tools = self
            .list_tools()
            .await?
            .map_err(|error| anyhow!("tools/list was refused: {error}"))?;
        Ok(tools
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()?)
    }

    /// The output schema the listed tool `name` declares, if any.
    pub async fn output_schema(&mut self, name: &str) -> Result<Option<Value>> {
        let tool = self.listed_tool(name).await?;
        Ok(tool
            .output_schema
            .map(|schema| Value::Object((*schema).clone())))
    }

    /// The input schema of the listed tool `name`.
    pub async fn input_schema(&mut self, name: &str) -> Result<Value> {
        let tool = self.listed_tool(name).await?;
        Ok(Value::Object((*tool.input_schema).clone()))
    }

    /// The protocol version agreed in the handshake.
    pub fn agreed_version(&self) -> Result<String> {
        let version = serde_json::to_value(&self.server()?.protocol_version)?;
        Ok(version.as_str().unwrap_or_default().to_owned())
    }

    /// logging/setLevel `level`, marking what arrived before it (later steps look at what the
    /// server sends from then on).
    pub async fn set_log_level(&mut self, level: &str) -> Result<Reply> {
        self.mark_received();
        self.request("logging/setLevel", serde_json::json!({ "level": level }))
            .await
    }

    /// Calls the probe's tool with the probe's arguments.
    pub async fn call_probe(&mut self, probe: &ToolProbe) -> Result<Reply> {
        self.call_tool(&probe.name, probe.arguments.clone()).await
    }

    /// Calls the probe's tool; returns how many messages the server had sent on its own before
    /// the call (what the call causes comes after those), and the reply.
    pub async fn call_probe_counted(&mut self, probe: &ToolProbe) -> Result<(usize, Reply)> {
        let received_before = self.received().len();
        let reply = self.call_probe(probe).await?;
        Ok((received_before, reply))
    }

    /// The listed tool called `name` (from a full tools/list walk).
    pub async fn listed_tool(&mut self, name: &str) -> Result<Tool> {
        let tools = self
            .list_tools()
            .await?
            .map_err(|e| anyhow!("tools/list was refused: {e}"))?;
        tools
            .into_iter()
            .find(|tool| tool.name == name)
            .with_context(|| format!("the tool \"{name}\" is not listed"))
    }

    pub async fn call_tool(&mut self, name: &str, arguments: Map<String, Value>) -> Result<Reply> {
        let params = CallToolRequestParams::new(name.to_owned()).with_arguments(arguments);
        let what = format!("tools/call \"{name}\"");
        let reply = self
            .request_typed(
                &what,
                ClientRequest::CallToolRequest(rmcp::model::Request::new(params)),
            )
            .await?;
        Ok(reply.map(|result| to_json(&result)))
    }

    /// Calls a tool and returns the progressToken its request carried (rmcp gives every
    /// request one), with the reply.
    pub async fn call_tool_tracked(
        &mut self,
        name: &str,
        arguments: Map<String, Value>,
    ) -> Result<(Value, Reply)> {
        self.call_tool_with_progress(name, arguments, None).await
    }

    /// As [`Self::call_tool_tracked`], with `token` as the call's progress token instead of
    /// rmcp's number (see [`crate::mcp::progress_token`]).
    pub async fn call_tool_with_progress(
        &mut self,
        name: &str,
        arguments: Map<String, Value>,
        token: Option<ProgressToken>,
    ) -> Result<(Value, Reply)> {
        let params = CallToolRequestParams::new(name.to_owned()).with_arguments(arguments);
        let request = ClientRequest::CallToolRequest(rmcp::model::Request::new(params));
        let what = format!("tools/call \"{name}\"");
        let peer = self.service()?.peer().clone();
        if let Some(chosen) = &token {
            self.progress_token.arm(chosen.clone());
        }
        let sent = peer
            .send_request_with_option(request, PeerRequestOptions::no_options())
            .await;
        let handle = match sent {
            Ok(handle) => handle,
            Err(error) => return Err(self.link.explain(anyhow!(error).context(what)).await),
        };
        let token = match token {
            Some(chosen) => chosen,
            None => handle.progress_token.clone(),
        };
        let token = serde_json::to_value(&token)?;
        let outcome = bounded(self.timeout, &what, handle.await_response()).await;
        let reply = self.settle(&what, outcome).await?;
        Ok((token, reply.map(|result| to_json(&result))))
    }

    /// Ends the session the way a client does: cancels the service, which closes stdin (stdio),
    /// ends the HTTP session, or closes the SSE stream.
    pub async fn close(&mut self) -> Result<()> {
        if let Some(service) = self.service.take() {
            bounded(self.timeout, "the session to close", service.cancel())
                .await?
                .ok();
        }
        Ok(())
    }

    /// Waits (bounded) for the stdio server process to exit after the session was closed.
    pub async fn wait_for_server_exit(
        &mut self,
        limit: Duration,
    ) -> Result<std::process::ExitStatus> {
        let process = self
            .link
            .process
            .as_mut()
            .context("the suite did not start this server")?;
        match process.wait_for_exit(limit).await {
            Ok(status) => Ok(status),
            Err(error) => Err(self
                .link
                .explain(error.context(format!(
                    "the server did not exit within {} after its input was closed",
                    seconds(limit)
                )))
                .await),
        }
    }
}

/// rmcp's initialize error, unless it has a plainer reading: a 401/403 becomes the server's
/// challenge and the setting that gives the suite a token (rmcp's own text is a chain of
/// transport type names ending in "Auth required").
fn initialize_failure_in_user_language(
    error: rmcp::service::ClientInitializeError,
    target: &Target,
    transport: Transport,
) -> anyhow::Error {
    match error.auth_challenge() {
        Some(challenge) => anyhow!(
            "the server refused the connection with HTTP 401/403 (it requires authorization)\n  \
             the server's challenge: WWW-Authenticate: {challenge}\n  {}",
            target.bearer_token_hint(transport)
        ),
        None => anyhow!(error),
    }
}

fn rpc_error(error: ErrorData) -> RpcError {
    RpcError {
        code: i64::from(error.code.0),
        message: error.message.to_string(),
        data: error.data,
    }
}

fn to_json(result: &ServerResult) -> Value {
    serde_json::to_value(result).unwrap_or(Value::Null)
}

fn http_transport(
    url: &str,
    headers: &[(String, Secret)],
) -> Result<StreamableHttpClientTransport<reqwest::Client>> {
    Ok(StreamableHttpClientTransport::with_client(
        http_client(headers)?,
        StreamableHttpClientTransportConfig::with_uri(url.to_owned()),
    ))
}

/// rmcp transport over the stdio pumps (which log and check every line).
struct PipeTransport {
    to_server: Option<mpsc::UnboundedSender<String>>,
    from_server: mpsc::UnboundedReceiver<String>,
    deliveries: Deliveries,
}

impl RmcpTransport<RoleClient> for PipeTransport {
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleClient>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        self.deliveries.sent(&item);
        let sent = match (&self.to_server, serde_json::to_string(&item)) {
            (Some(sender), Ok(line)) => sender.send(line + "\n").map_err(|_| closed()),
            (None, _) => Err(closed()),
            (_, Err(error)) => Err(std::io::Error::other(error)),
        };
        std::future::ready(sent)
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleClient>> {
        let line = self.from_server.recv().await?;
        // Anything but a message breaks the stdio contract: end the session at once (the
        // pump recorded the line as stray output, so the failure shows it).
        let message = serde_json::from_str(&line).ok()?;
        self.deliveries.received(&message);
        Some(message)
    }

    fn close(&mut self) -> impl Future<Output = Result<(), Self::Error>> + Send {
        self.to_server = None;
        std::future::ready(Ok(()))
    }
}

fn closed() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::BrokenPipe,
        "the server's stdin is closed",
    )
}

/// Logs (and traces) every message of a wrapped transport, and why it ended when it knows.
struct Traced<T> {
    inner: T,
    frames: FrameLog,
    end_reason: Option<EndReason>,
    deliveries: Deliveries,
}

impl<T: RmcpTransport<RoleClient>> RmcpTransport<RoleClient> for Traced<T> {
    type Error = T::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleClient>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        self.frames
            .record(true, &serde_json::to_string(&item).unwrap_or_default());
        self.deliveries.sent(&item);
        self.inner.send(item)
    }

    fn receive(&mut self) -> impl Future<Output = Option<RxJsonRpcMessage<RoleClient>>> + Send {
        let frames = self.frames.clone();
        let end_reason = self.end_reason.clone();
        let deliveries = self.deliveries.clone();
        let next = self.inner.receive();
        async move {
            let message = next.await;
            match &message {
                Some(message) => {
                    frames.record(false, &serde_json::to_string(message).unwrap_or_default());
                    deliveries.received(message);
                }
                None => {
                    if let Some(why) = end_reason.and_then(|reason| reason.get()) {
                        frames.record(false, &format!("({why})"));
                    }
                }
            }
            message
        }
    }

    fn close(&mut self) -> impl Future<Output = Result<(), Self::Error>> + Send {
        self.inner.close()
    }
}

/// Sessions of one scenario by name ("the client", "alice", …).
pub type Sessions = HashMap<String, McpSession>;

#[cfg(test)]
mod request_decoding {
    use rmcp::model::ClientRequest;

    #[test]
    fn typed_and_custom_requests_come_from_method_and_params() {
        let typed: ClientRequest =
            serde_json::from_value(serde_json::json!({"method": "resources/list", "params": {}}))
                .unwrap();
        assert!(
            matches!(typed, ClientRequest::ListResourcesRequest(_)),
            "{typed:?}"
        );
        let custom: ClientRequest = serde_json::from_value(
            serde_json::json!({"method": "vendor/thing", "params": {"a": 1}}),
        )
        .unwrap();
        assert!(
            matches!(custom, ClientRequest::CustomRequest(_)),
            "{custom:?}"
        );
        let back = serde_json::to_value(&custom).unwrap();
        assert_eq!(back["method"], "vendor/thing");
    }
}
