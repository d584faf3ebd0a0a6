//! A raw JSON-RPC channel to the server under test: the suite writes exact frames (malformed
//! ones included) and reads exactly what comes back. Over stdio a frame is a line; over
//! streamable HTTP it is a POST whose answer is JSON, an SSE stream, or nothing (202); over
//! legacy SSE it is a POST to the session's endpoint, answered on the session's event stream.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::harness::timeouts::{bounded, seconds};
use crate::mcp::jsonrpc::{self, pretty};
use crate::mcp::launch::{Endpoint, http_client, reach};
use crate::mcp::link::{FrameLog, Link, shorten};
use crate::mcp::registry::{Secret, Target};
use crate::mcp::stdio::StdioPipes;
use crate::mcp::transport::Transport;
use mcp_serving::sse_client::{PostAnswer, SseConnection, SsePoster, StreamHandle, StreamItem};

/// One thing that came back.
#[derive(Debug, Clone)]
pub enum Received {
    Message(Value),
    /// Output that is not a JSON-RPC message (a stray stdout line, a non-JSON HTTP body).
    Garbage(String),
}

/// The HTTP status and headers of one POST or DELETE.
#[derive(Debug, Clone)]
pub struct HttpExchange {
    pub method: &'static str,
    pub status: u16,
    pub content_type: String,
}

/// How one exact POST departs from the channel's usual headers (HTTP specifics).
#[derive(Debug, Clone, Default)]
pub struct PostHeaders {
    /// `None`: the session id the server issued, if any; `Some(None)`: no `Mcp-Session-Id`;
    /// `Some(Some(id))`: that id.
    pub session_id: Option<Option<String>>,
    /// The same choice for `MCP-Protocol-Version` (usually the agreed version, if any).
    pub protocol_version: Option<Option<String>>,
    /// Further headers (`Host`, `Origin`, `Mcp-Method`, …), sent as given.
    pub extra: Vec<(String, String)>,
}

/// The HTTP answer to one exact POST.
#[derive(Debug, Clone)]
pub struct HttpAnswer {
    pub status: u16,
    pub content_type: String,
    /// The `Mcp-Session-Id` the answer carries (not adopted by the channel).
    pub session_id: Option<String>,
    /// The body, unless it is an event stream (whose messages go to the channel).
    pub body: Option<String>,
    /// The `WWW-Authenticate` challenge of a refusal, if any.
    pub www_authenticate: Option<String>,
}

impl HttpAnswer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl std::fmt::Display for HttpAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {} ({})", self.status, self.content_type)?;
        match self.body.as_deref().map(str::trim) {
            Some("") | None => Ok(()),
            Some(body) => write!(f, ": {}", shorten(body, 400)),
        }
    }
}

/// What came of a request sent with chosen headers: the HTTP answer (HTTP only) and the
/// JSON-RPC response to the request, unless the HTTP answer refused it without one.
#[derive(Debug, Clone)]
pub struct Exchanged {
    pub http: Option<HttpAnswer>,
    pub response: Option<Value>,
}

pub struct RawChannel {
    pub transport: Transport,
    pub link: Link,
    wire: Wire,
    /// Messages read while waiting for something else (e.g. notifications before a response).
    backlog: VecDeque<Received>,
    next_id: i64,
    /// The version agreed in `initialize` (sent as MCP-Protocol-Version over HTTP).
    pub protocol_version: Option<String>,
    /// The `result` of the last successful initialize.
    pub initialize_result: Option<Value>,
    /// The `result` of a successful `server/discover` (stateless protocol, 2026-07-28).
    pub discover_result: Option<Value>,
    timeout: Duration,
}

enum Wire {
    Stdio(StdioPipes),
    Http(HttpWire),
    Sse(SseWire),
}

/// Legacy SSE: frames are POSTed to the session's endpoint; the event stream's messages arrive
/// in `from_server`, which closes when the stream ends (`ended` says why).
struct SseWire {
    stream_url: reqwest::Url,
    preamble: Vec<String>,
    poster: SsePoster,
    stream: StreamHandle,
    from_server: mpsc::UnboundedReceiver<Received>,
    ended: Arc<Mutex<Option<String>>>,
    exchanges: Arc<Mutex<Vec<HttpExchange>>>,
}

struct HttpWire {
    client: reqwest::Client,
    url: String,
    headers: Vec<(String, Secret)>,
    session_id: Arc<Mutex<Option<String>>>,
    exchanges: Arc<Mutex<Vec<HttpExchange>>>,
    to_reader: mpsc::UnboundedSender<Received>,
    from_server: mpsc::UnboundedReceiver<Received>,
}

impl std::fmt::Debug for RawChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "raw channel over {} with {:?}",
            self.transport, self.link
        )
    }
}

impl RawChannel {
    pub async fn open(
        target: &Target,
        transport: Transport,
        label: &str,
        timeout: Duration,
    ) -> Result<Self> {
        let reached = reach(target, transport, label, timeout).await?;
        let wire = match reached.endpoint {
            Endpoint::Stdio(pipes) => Wire::Stdio(pipes),
            Endpoint::Http { url, headers } => {
                let (to_reader, from_server) = mpsc::unbounded_channel();
                Wire::Http(HttpWire {
                    client: reqwest::Client::builder().build()?,
                    url,
                    headers,
                    session_id: Default::default(),
                    exchanges: Default::default(),
                    to_reader,
                    from_server,
                })
            }
            Endpoint::Sse { url, headers } => {
                let mut link = reached.link;
                let connected = SseConnection::connect(http_client(&headers)?, &url, timeout).await;
                match connected {
                    Ok(connection) => {
                        let wire = SseWire::start(connection, &link.frames);
                        return Ok(Self::over(transport, link, Wire::Sse(wire), timeout));
                    }
                    Err(error) => return Err(link.explain(error).await),
                }
            }
        };
        Ok(Self::over(transport, reached.link, wire, timeout))
    }

    fn over(transport: Transport, link: Link, wire: Wire, timeout: Duration) -> Self {
        Self {
            transport,
            link,
            wire,
            backlog: VecDeque::new(),
            next_id: 1000,
            protocol_version: None,
            initialize_result: None,
            discover_result: None,
            timeout,
        }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn fresh_id(&mut self) -> Value {
        self.next_id += 1;
        json!(self.next_id)
    }

    /// Sends one frame exactly as given (over stdio a newline is added when missing).
    pub async fn send(&mut self, frame: &str) -> Result<()> {
        match &self.wire {
            Wire::Stdio(pipes) => pipes.send_line(frame),
            Wire::Http(http) => {
                let post = http.post(frame, self.protocol_version.clone(), &self.link.frames);
                bounded(self.timeout, "the HTTP response headers", post).await?
            }
            Wire::Sse(sse) => {
                let post = sse.post(&sse.poster.endpoint, frame, &self.link.frames);
                let (_, item) = bounded(self.timeout, "the POST answer", post).await??;
                self.backlog.extend(item);
                Ok(())
            }
        }
    }

    /// Sends several frames at once: one write over stdio, concurrent POSTs over HTTP.
    pub async fn send_all(&mut self, frames: &[String]) -> Result<()> {
        match &self.wire {
            Wire::Stdio(pipes) => {
                let chunk: String = frames
                    .iter()
                    .map(|f| format!("{}\n", f.trim_end()))
                    .collect();
                pipes.send_raw(chunk)
            }
            Wire::Http(http) => {
                let version = self.protocol_version.clone();
                let posts = frames
                    .iter()
                    .map(|f| http.post(f, version.clone(), &self.link.frames));
                let results = bounded(
                    self.timeout,
                    "the HTTP responses",
                    futures::future::join_all(posts),
                )
                .await?;
                results.into_iter().collect()
            }
            Wire::Sse(sse) => {
                let posts = frames
                    .iter()
                    .map(|f| sse.post(&sse.poster.endpoint, f, &self.link.frames));
                let results = bounded(
                    self.timeout,
                    "the POST answers",
                    futures::future::join_all(posts),
                )
                .await?;
                for result in results {
                    self.backlog.extend(result?.1);
                }
                Ok(())
            }
        }
    }

    /// The next thing the server sends on the wire, within `limit` (the backlog is not read).
    async fn receive(&mut self, limit: Duration) -> Result<Option<Received>> {
        let next = match &mut self.wire {
            Wire::Stdio(pipes) => {
                let line = tokio::time::timeout(limit, pipes.from_server.recv()).await;
                line.map(|line| {
                    line.map(|line| match serde_json::from_str::<Value>(&line) {
                        Ok(value) if crate::mcp::stdio::is_jsonrpc_message(&line) => {
                            Received::Message(value)
                        }
                        _ => Received::Garbage(line),
                    })
                })
            }
            Wire::Http(http) => tokio::time::timeout(limit, http.from_server.recv()).await,
            Wire::Sse(sse) => tokio::time::timeout(limit, sse.from_server.recv()).await,
        };
        match next {
            Ok(Some(item)) => Ok(Some(item)),
            Ok(None) => match &self.wire {
                Wire::Sse(sse) => bail!(
                    "{}",
                    sse.ended
                        .lock()
                        .unwrap()
                        .clone()
                        .unwrap_or_else(|| "the SSE stream ended".to_owned())
                ),
                _ => bail!("the server closed the connection"),
            },
            Err(_) => Ok(None),
        }
    }

    /// Takes the first backlog item that `wanted` accepts.
    fn take_from_backlog(&mut self, wanted: impl Fn(&Received) -> bool) -> Option<Received> {
        let index = self.backlog.iter().position(wanted)?;
        self.backlog.remove(index)
    }

    /// Waits for the first item `wanted` accepts (backlog first, then the wire, within the
    /// bound); everything else is kept in the backlog for later steps.
    async fn wait_for(
        &mut self,
        what: &str,
        wanted: impl Fn(&Received) -> bool,
    ) -> Result<Received> {
        if let Some(found) = self.take_from_backlog(&wanted) {
            return Ok(found);
        }
        let deadline = tokio::time::Instant::now() + self.timeout;
        let mut skipped = Vec::new();
        let result = loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await {
                Ok(Some(item)) if wanted(&item) => break Ok(item),
                Ok(Some(other)) => skipped.push(other),
                Ok(None) => {
                    break Err(anyhow!(
                        "no {what} within {}{}",
                        seconds(self.timeout),
                        describe_skipped(&skipped)
                    ));
                }
                Err(error) => break Err(error.context(format!("waiting for {what}"))),
            }
        };
        self.backlog.extend(skipped);
        match result {
            Ok(item) => Ok(item),
            Err(error) => Err(self.link.explain(error).await),
        }
    }

    /// Waits for the response carrying `id` (compared as JSON, so 1 and "1" differ).
    pub async fn response_to(&mut self, id: &Value) -> Result<Value> {
        let what = format!("response with id {id}");
        match self
            .wait_for(
                &what,
                |item| matches!(item, Received::Message(m) if is_response_to(m, id)),
            )
            .await?
        {
            Received::Message(message) => Ok(message),
            Received::Garbage(_) => unreachable!("only messages are wanted"),
        }
    }

    /// The first response (whatever its id), or the first output that is not JSON-RPC.
    pub async fn next_response(&mut self) -> Result<Value> {
        let wanted = |item: &Received| match item {
            Received::Message(m) => is_response(m),
            Received::Garbage(_) => true,
        };
        match self.wait_for("response", wanted).await? {
            Received::Message(message) => Ok(message),
            Received::Garbage(text) => {
                let error = anyhow!(
                    "the server answered with something that is not JSON-RPC:\n  {}",
                    shorten(&text, 600)
                );
                Err(self.link.explain(error).await)
            }
        }
    }

    /// Up to `count` responses, collected until they are all in or the bound runs out.
    pub async fn responses(&mut self, count: usize) -> Result<Vec<Value>> {
        let mut responses = Vec::new();
        while responses.len() < count {
            match self
                .take_from_backlog(|item| matches!(item, Received::Message(m) if is_response(m)))
            {
                Some(Received::Message(m)) => responses.push(m),
                _ => break,
            }
        }
        let deadline = tokio::time::Instant::now() + self.timeout;
        while responses.len() < count {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await? {
                Some(Received::Message(m)) if is_response(&m) => responses.push(m),
                Some(other) => self.backlog.push_back(other),
                None => break,
            }
        }
        Ok(responses)
    }

    /// What arrives within `window` other than notifications (which are kept), if anything.
    pub async fn silence(&mut self, window: Duration) -> Result<Option<Received>> {
        let deadline = tokio::time::Instant::now() + window;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await? {
                Some(Received::Message(m)) if m.get("id").is_none() => {
                    self.backlog.push_back(Received::Message(m))
                }
                Some(other) => return Ok(Some(other)),
                None => return Ok(None),
            }
        }
    }

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

    /// The last HTTP exchange (HTTP only).
    pub fn last_exchange(&self) -> Option<HttpExchange> {
        match &self.wire {
            Wire::Http(http) => http.exchanges.lock().unwrap().last().cloned(),
            Wire::Sse(sse) => sse.exchanges.lock().unwrap().last().cloned(),
            Wire::Stdio(_) => None,
        }
    }

    /// The `Mcp-Session-Id` the streamable HTTP server issued (none on other transports).
    pub fn session_id(&self) -> Option<String> {
        match &self.wire {
            Wire::Http(http) => http.session_id.lock().unwrap().clone(),
            Wire::Stdio(_) | Wire::Sse(_) => None,
        }
    }

    fn sse_wire(&self) -> Result<&SseWire> {
        match &self.wire {
            Wire::Sse(sse) => Ok(sse),
            _ => bail!(
                "this applies to the legacy SSE transport only, not {}",
                self.transport
            ),
        }
    }

    /// The event stream's URL, and the endpoint its `endpoint` event named for this session's
    /// messages (SSE only).
    pub fn sse_urls(&self) -> Result<(reqwest::Url, reqwest::Url)> {
        let sse = self.sse_wire()?;
        Ok((sse.stream_url.clone(), sse.poster.endpoint.clone()))
    }

    /// Events with data that came before the `endpoint` event (SSE only).
    pub fn sse_preamble(&self) -> Result<Vec<String>> {
        Ok(self.sse_wire()?.preamble.clone())
    }

    /// Posts to this session's endpoint outside the channel (SSE only).
    pub fn sse_poster(&self) -> Result<SsePoster> {
        Ok(self.sse_wire()?.poster.clone())
    }

    /// POSTs one frame to the session's endpoint, or, with `session`, to the endpoint of that
    /// session id instead (SSE only); returns the HTTP answer. A JSON-RPC message in its body
    /// goes to the channel as usual.
    pub async fn post_sse(&mut self, frame: &str, session: Option<&str>) -> Result<PostAnswer> {
        let sse = self.sse_wire()?;
        let url = match session {
            Some(id) => sse.poster.endpoint_for_session(id).with_context(|| {
                format!(
                    "the endpoint {} names no session in its query, so no other session can \
                     be addressed",
                    sse.poster.endpoint
                )
            })?,
            None => sse.poster.endpoint.clone(),
        };
        let post = sse.post(&url, frame, &self.link.frames);
        let (answer, item) = bounded(self.timeout, "the POST answer", post).await??;
        self.backlog.extend(item);
        Ok(answer)
    }

    /// Closes the SSE event stream (SSE only); the server should end the session.
    pub fn close_sse_stream(&mut self) -> Result<()> {
        self.sse_wire()?.stream.close();
        self.link
            .frames
            .record(true, "(the client closed the SSE stream)");
        Ok(())
    }

    /// DELETE of the HTTP session; returns the status.
    pub async fn end_http_session(&mut self) -> Result<u16> {
        let Wire::Http(http) = &self.wire else {
            bail!("only an HTTP session can be ended with DELETE")
        };
        let session = http
            .session_id
            .lock()
            .unwrap()
            .clone()
            .context("the server issued no Mcp-Session-Id")?;
        let mut request = http
            .client
            .delete(&http.url)
            .header("Mcp-Session-Id", session);
        for (name, value) in &http.headers {
            request = request.header(name, value.expose());
        }
        let response = bounded(self.timeout, "the DELETE response", request.send()).await??;
        let status = response.status().as_u16();
        http.exchanges.lock().unwrap().push(HttpExchange {
            method: "DELETE",
            status,
            content_type: content_type(&response),
        });
        self.link.frames.record(true, "DELETE (end of session)");
        Ok(status)
    }

    /// POSTs one frame with the headers chosen in `headers` (HTTP only) and returns the HTTP
    /// answer. Messages in the body go to the channel as usual; the channel does not adopt a
    /// session id from this answer.
    pub async fn post_with(&mut self, frame: &str, headers: &PostHeaders) -> Result<HttpAnswer> {
        let Wire::Http(http) = &self.wire else {
            bail!("choosing HTTP headers applies to streamable HTTP only")
        };
        let usual_version = self.protocol_version.clone();
        let post = http.post_with(frame, headers, usual_version, &self.link.frames);
        bounded(self.timeout, "the HTTP response", post).await?
    }

    /// Sends a request frame with id `id` (over HTTP with the chosen headers; over stdio the
    /// headers do not apply) and waits for its response, unless HTTP refused it without one.
    pub async fn exchange(
        &mut self,
        id: &Value,
        frame: &str,
        headers: &PostHeaders,
    ) -> Result<Exchanged> {
        if !matches!(self.wire, Wire::Http(_)) {
            self.send(frame).await?;
            let response = self.response_to(id).await?;
            return Ok(Exchanged {
                http: None,
                response: Some(response),
            });
        }
        let answer = self.post_with(frame, headers).await?;
        let carries_response = answer.content_type.starts_with("text/event-stream")
            || answer
                .body
                .as_deref()
                .and_then(|body| serde_json::from_str::<Value>(body).ok())
                .is_some_and(|body| match body {
                    Value::Array(items) => items.iter().any(|m| is_response_to(m, id)),
                    message => is_response_to(&message, id),
                });
        let response = if carries_response {
            Some(self.response_to(id).await?)
        } else {
            None
        };
        Ok(Exchanged {
            http: Some(answer),
            response,
        })
    }

    /// The notifications with `method` received so far while waiting for other messages, in
    /// the order they arrived (they stay in the backlog).
    pub fn notifications_received(&self, method: &str) -> Vec<Value> {
        self.backlog
            .iter()
            .filter_map(|item| match item {
                Received::Message(m)
                    if m.get("id").is_none()
                        && m.get("method").and_then(Value::as_str) == Some(method) =>
                {
                    Some(m.clone())
                }
                _ => None,
            })
            .collect()
    }

    /// The response to `id` if one arrives within `window` (everything else is kept).
    pub async fn response_within(&mut self, id: &Value, window: Duration) -> Result<Option<Value>> {
        if let Some(Received::Message(m)) = self
            .take_from_backlog(|item| matches!(item, Received::Message(m) if is_response_to(m, id)))
        {
            return Ok(Some(m));
        }
        let deadline = tokio::time::Instant::now() + window;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await? {
                Some(Received::Message(m)) if is_response_to(&m, id) => return Ok(Some(m)),
                Some(other) => self.backlog.push_back(other),
                None => return Ok(None),
            }
        }
    }

    /// Closes the server's stdin (stdio only): the old sender is dropped, which ends the pump.
    pub fn close_input(&mut self) -> Result<()> {
        match &mut self.wire {
            Wire::Stdio(pipes) => {
                pipes.to_server = mpsc::unbounded_channel().0;
                Ok(())
            }
            Wire::Http(_) | Wire::Sse(_) => {
                bail!("closing the input applies to stdio servers only")
            }
        }
    }
}

impl HttpWire {
    /// POSTs one frame with the usual headers, adopting the session id the server issues; what
    /// the body carries goes to the channel (a body that is not JSON-RPC as garbage).
    async fn post(
        &self,
        frame: &str,
        protocol_version: Option<String>,
        frames: &FrameLog,
    ) -> Result<()> {
        let answer = self
            .post_with(frame, &PostHeaders::default(), protocol_version, frames)
            .await?;
        if let Some(session) = &answer.session_id {
            self.session_id
                .lock()
                .unwrap()
                .get_or_insert_with(|| session.clone());
        }
        if let Some(body) = answer.body.filter(|body| !body.trim().is_empty()) {
            let is_message = serde_json::from_str::<Value>(&body)
                .is_ok_and(|v| v.is_array() || jsonrpc::reply_of(&v).is_some());
            if !is_message {
                let garbage = format!("HTTP {} {}: {body}", answer.status, answer.content_type);
                drop(self.to_reader.send(Received::Garbage(garbage)));
            }
        }
        Ok(())
    }
    /// POSTs one frame with chosen headers; returns the status, content type and (for a body that
    /// is not an event stream) the body, whose messages also go to the channel.
    async fn post_with(
        &self,
        frame: &str,
        headers: &PostHeaders,
        usual_version: Option<String>,
        frames: &FrameLog,
    ) -> Result<HttpAnswer> {
        frames.record(true, frame);
        let mut request = self
            .client
            .post(&self.url)
            .header("Accept", "application/json, text/event-stream")
            .header("Content-Type", "application/json")
            .body(frame.to_owned());
        let session = match &headers.session_id {
            None => self.session_id.lock().unwrap().clone(),
            Some(choice) => choice.clone(),
        };
        if let Some(session) = session {
            request = request.header("Mcp-Session-Id", session);
        }
        if let Some(version) = headers.protocol_version.clone().unwrap_or(usual_version) {
            request = request.header("MCP-Protocol-Version", version);
        }
        for (name, value) in &self.headers {
            request = request.header(name, value.expose());
        }
        for (name, value) in &headers.extra {
            request = request.header(name, value);
        }
        let response = request.send().await.context("the HTTP request failed")?;
        let status = response.status().as_u16();
        let kind = content_type(&response);
        let session_id = response
            .headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let www_authenticate = response
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        self.exchanges.lock().unwrap().push(HttpExchange {
            method: "POST",
            status,
            content_type: kind.clone(),
        });
        let mut answer = HttpAnswer {
            status,
            content_type: kind.clone(),
            session_id,
            body: None,
            www_authenticate,
        };
        if kind.starts_with("text/event-stream") {
            let sink = self.to_reader.clone();
            let frames = frames.clone();
            tokio::spawn(async move { read_sse(response, &sink, &frames).await });
            return Ok(answer);
        }
        let body = response.text().await.unwrap_or_default();
        if !body.trim().is_empty() {
            frames.record(false, &body);
            match serde_json::from_str::<Value>(&body) {
                Ok(Value::Array(items)) => items
                    .into_iter()
                    .for_each(|m| drop(self.to_reader.send(Received::Message(m)))),
                Ok(message) if jsonrpc::reply_of(&message).is_some() => {
                    drop(self.to_reader.send(Received::Message(message)))
                }
                _ => {}
            }
        }
        answer.body = Some(body);
        Ok(answer)
    }
}

impl SseWire {
    /// Forwards the stream's messages to the channel (recording each frame) until it ends.
    fn start(connection: SseConnection, frames: &FrameLog) -> Self {
        let SseConnection {
            url: stream_url,
            preamble,
            poster,
            mut events,
            stream,
        } = connection;
        let (to_reader, from_server) = mpsc::unbounded_channel();
        let ended = Arc::new(Mutex::new(None));
        let frames = frames.clone();
        let ended_by = ended.clone();
        tokio::spawn(async move {
            while let Some(item) = events.recv().await {
                match item {
                    StreamItem::Message(data) => {
                        frames.record(false, &data);
                        if to_reader.send(received(&data)).is_err() {
                            return;
                        }
                    }
                    StreamItem::Ended(why) => {
                        frames.record(false, &format!("({why})"));
                        *ended_by.lock().unwrap() = Some(why);
                    }
                }
            }
        });
        Self {
            stream_url,
            preamble,
            poster,
            stream,
            from_server,
            ended,
            exchanges: Arc::default(),
        }
    }

    /// POSTs one frame to `url`; returns the answer and what the channel should get from it: a
    /// JSON-RPC message in its body, or a refusal without one (as garbage, for the diagnostics).
    async fn post(
        &self,
        url: &reqwest::Url,
        frame: &str,
        frames: &FrameLog,
    ) -> Result<(PostAnswer, Option<Received>)> {
        frames.record(true, frame);
        let answer = self.poster.post_to(url.clone(), frame.to_owned()).await?;
        self.exchanges.lock().unwrap().push(HttpExchange {
            method: "POST",
            status: answer.status,
            content_type: answer.content_type.clone(),
        });
        let body = answer.body.trim();
        let item = match serde_json::from_str::<Value>(body) {
            Ok(message) if jsonrpc::reply_of(&message).is_some() => {
                frames.record(false, body);
                Some(Received::Message(message))
            }
            _ if !answer.is_success() => Some(Received::Garbage(format!(
                "HTTP {} {}: {body}",
                answer.status, answer.content_type
            ))),
            _ => None,
        };
        Ok((answer, item))
    }
}

/// One frame's data as the channel receives it.
fn received(data: &str) -> Received {
    match serde_json::from_str::<Value>(data) {
        Ok(message) if message.is_object() => Received::Message(message),
        _ => Received::Garbage(format!("SSE data: {data}")),
    }
}

/// Reads an SSE body event by event; empty `data:` (priming) events carry nothing.
async fn read_sse(
    response: reqwest::Response,
    sink: &mpsc::UnboundedSender<Received>,
    frames: &FrameLog,
) {
    let mut body = response.bytes_stream();
    let mut buffer = String::new();
    while let Some(Ok(chunk)) = body.next().await {
        buffer.push_str(&String::from_utf8_lossy(&chunk).replace("\r\n", "\n"));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let data: Vec<&str> = event
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(|d| d.strip_prefix(' ').unwrap_or(d))
                .collect();
            let data = data.join("\n");
            if data.trim().is_empty() {
                continue;
            }
            frames.record(false, &data);
            let item = match serde_json::from_str::<Value>(&data) {
                Ok(message) => Received::Message(message),
                Err(_) => Received::Garbage(format!("SSE data: {data}")),
            };
            if sink.send(item).is_err() {
                return;
            }
        }
    }
}

fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

fn is_response(message: &Value) -> bool {
    message.get("result").is_some() || message.get("error").is_some()
}

fn is_response_to(message: &Value, id: &Value) -> bool {
    message.get("id") == Some(id) && is_response(message)
}

fn describe_skipped(skipped: &[Received]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let list: Vec<String> = skipped
        .iter()
        .map(|r| match r {
            Received::Message(m) => format!("  {}", shorten(&m.to_string(), 300)),
            Received::Garbage(g) => format!("  (not JSON-RPC) {}", shorten(g, 300)),
        })
        .collect();
    format!("; meanwhile the server sent:\n{}", list.join("\n"))
}
