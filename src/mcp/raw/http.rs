//! Streamable HTTP: each frame is a POST whose answer is JSON, an event stream or nothing; a
//! POST may choose its headers; DELETE ends the session.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use serde_json::Value;
use tokio::sync::mpsc;

use super::event_streams::{EventStream, EventStreams, StreamEnd, StreamRecorder};
use super::waiting::is_response_to;
use super::{RawChannel, Received, Wire};
use crate::harness::timeouts::bounded;
use crate::mcp::jsonrpc;
use crate::mcp::link::{FrameLog, shorten};
use crate::mcp::registry::Secret;

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

impl PostHeaders {
    /// Without any `Mcp-Session-Id`.
    pub fn without_session() -> Self {
        Self {
            session_id: Some(None),
            ..Self::default()
        }
    }

    /// In the session `id`, whoever issued it.
    pub fn in_session(id: String) -> Self {
        Self {
            session_id: Some(Some(id)),
            ..Self::default()
        }
    }

    /// With `MCP-Protocol-Version: version`.
    pub fn with_protocol_version(version: String) -> Self {
        Self {
            protocol_version: Some(Some(version)),
            ..Self::default()
        }
    }

    /// A first contact: no session, no version, and the header `name: value`.
    pub fn first_contact_with(name: String, value: String) -> Self {
        Self {
            session_id: Some(None),
            protocol_version: Some(None),
            extra: vec![(name, value)],
        }
    }
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

/// The answer to a POST read apart from the channel: its HTTP head, and what it carries.
#[derive(Debug)]
pub struct OwnStream {
    pub answer: HttpAnswer,
    pub messages: mpsc::UnboundedReceiver<Received>,
    /// The task reading the event stream (none for a JSON or empty body).
    pub reader: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for OwnStream {
    fn drop(&mut self) {
        if let Some(reader) = &self.reader {
            reader.abort();
        }
    }
}

pub(super) struct HttpWire {
    pub(super) client: reqwest::Client,
    pub(super) url: String,
    pub(super) headers: Vec<(String, Secret)>,
    pub(super) session_id: Arc<Mutex<Option<String>>>,
    pub(super) to_reader: mpsc::UnboundedSender<Received>,
    pub(super) from_server: mpsc::UnboundedReceiver<Received>,
    /// Every SSE stream the server answered with, event by event.
    pub(super) streams: EventStreams,
}

impl RawChannel {
    /// A GET of the MCP endpoint asking for an event stream, in the session; returns the status
    /// and content type, then drops the stream unread (only the answer's head is under test).
    pub async fn open_get_stream(&mut self) -> Result<HttpAnswer> {
        let response = self.get_event_stream(None).await?;
        Ok(head_of(&response))
    }

    /// A GET of the MCP endpoint that stays open, resuming after `last_event_id` when given:
    /// its events are recorded (see [`Self::event_streams`]) and its messages go to the
    /// channel. Returns the answer's head.
    pub async fn listen_with_get(&mut self, last_event_id: Option<&str>) -> Result<HttpAnswer> {
        let response = self.get_event_stream(last_event_id).await?;
        let answer = head_of(&response);
        let Wire::Http(http) = &self.wire else {
            unreachable!("get_event_stream refuses other transports")
        };
        if answer.is_success() && answer.content_type.starts_with("text/event-stream") {
            let opened_by = match last_event_id {
                Some(id) => format!("the GET resuming after event {id}"),
                None => "the GET stream".to_owned(),
            };
            let recorder = http
                .streams
                .open(opened_by, last_event_id.map(str::to_owned));
            let (sink, frames) = (http.to_reader.clone(), self.link.frames.clone());
            tokio::spawn(async move { read_sse(response, &sink, &frames, recorder).await });
        }
        Ok(answer)
    }

    /// Every SSE stream the server answered with so far (streamable HTTP; empty otherwise).
    pub fn event_streams(&self) -> Vec<EventStream> {
        match &self.wire {
            Wire::Http(http) => http.streams.snapshot(),
            _ => Vec::new(),
        }
    }

    async fn get_event_stream(&mut self, last_event_id: Option<&str>) -> Result<reqwest::Response> {
        let Wire::Http(http) = &self.wire else {
            bail!("a GET stream applies to streamable HTTP only")
        };
        let mut request = http
            .client
            .get(&http.url)
            .header("Accept", "text/event-stream");
        if let Some(session) = http.session_id.lock().unwrap().clone() {
            request = request.header("Mcp-Session-Id", session);
        }
        if let Some(version) = &self.protocol_version {
            request = request.header("MCP-Protocol-Version", version);
        }
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        for (name, value) in &http.headers {
            request = request.header(name, value.expose());
        }
        let what = match last_event_id {
            Some(id) => format!("GET (event stream, Last-Event-ID {id})"),
            None => "GET (event stream)".to_owned(),
        };
        self.link.frames.record(true, &what);
        Ok(bounded(self.timeout, "the GET response", request.send()).await??)
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

    /// POSTs one frame with chosen headers whose answer is read apart from the channel: an event
    /// stream of its own (a `subscriptions/listen` stream), with the task reading it.
    pub async fn post_own_stream(
        &mut self,
        frame: &str,
        headers: &PostHeaders,
    ) -> Result<OwnStream> {
        let Wire::Http(http) = &self.wire else {
            bail!("a stream of its own applies to streamable HTTP only")
        };
        let (sink, messages) = mpsc::unbounded_channel();
        let usual_version = self.protocol_version.clone();
        let post = http.post_into(frame, headers, usual_version, &self.link.frames, sink);
        let (answer, reader) = bounded(self.timeout, "the HTTP response", post).await??;
        Ok(OwnStream {
            answer,
            messages,
            reader,
        })
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
}

impl HttpWire {
    /// POSTs one frame with the usual headers, adopting the session id the server issues; what
    /// the body carries goes to the channel (a body that is not JSON-RPC as garbage).
    pub(super) async fn post(
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
    pub(super) async fn post_with(
        &self,
        frame: &str,
        headers: &PostHeaders,
        usual_version: Option<String>,
        frames: &FrameLog,
    ) -> Result<HttpAnswer> {
        let sink = self.to_reader.clone();
        let (answer, _reader) = self
            .post_into(frame, headers, usual_version, frames, sink)
            .await?;
        Ok(answer)
    }

    /// [`Self::post_with`], with what the answer carries sent to `sink`; an event stream is read
    /// by the task returned (aborting it closes the stream).
    pub(super) async fn post_into(
        &self,
        frame: &str,
        headers: &PostHeaders,
        usual_version: Option<String>,
        frames: &FrameLog,
        sink: mpsc::UnboundedSender<Received>,
    ) -> Result<(HttpAnswer, Option<tokio::task::JoinHandle<()>>)> {
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
        let session_id = header(&response, "mcp-session-id");
        let www_authenticate = header(&response, "www-authenticate");
        let mut answer = HttpAnswer {
            status,
            content_type: kind.clone(),
            session_id,
            body: None,
            www_authenticate,
        };
        if kind.starts_with("text/event-stream") {
            let recorder = self
                .streams
                .open(format!("the POST of {}", summary(frame)), None);
            let frames = frames.clone();
            let reader =
                tokio::spawn(async move { read_sse(response, &sink, &frames, recorder).await });
            return Ok((answer, Some(reader)));
        }
        let body = response.text().await.unwrap_or_default();
        if !body.trim().is_empty() {
            frames.record(false, &body);
            match serde_json::from_str::<Value>(&body) {
                Ok(Value::Array(items)) => items
                    .into_iter()
                    .for_each(|m| drop(sink.send(Received::Message(m)))),
                Ok(message) if jsonrpc::reply_of(&message).is_some() => {
                    drop(sink.send(Received::Message(message)))
                }
                _ => {}
            }
        }
        answer.body = Some(body);
        Ok((answer, None))
    }
}

/// Reads an SSE body event by event; empty `data:` (priming) events carry nothing.
async fn read_sse(
    response: reqwest::Response,
    sink: &mpsc::UnboundedSender<Received>,
    frames: &FrameLog,
    recorder: StreamRecorder,
) {
    let mut body = response.bytes_stream();
    let mut buffer = String::new();
    while let Some(chunk) = body.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(error) => {
                let broke = stream_broke(&error, &buffer);
                if let Received::Garbage(why) = &broke {
                    recorder.ended(StreamEnd::Broke(why.clone()));
                }
                drop(sink.send(broke));
                return;
            }
        };
        buffer.push_str(&String::from_utf8_lossy(&chunk).replace("\r\n", "\n"));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            recorder.event(&event);
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
    recorder.ended(StreamEnd::Closed(Instant::now()));
}

/// "tools/call (id 7)" for a request frame, for the record of the stream that answers it.
fn summary(frame: &str) -> String {
    let message: Value = serde_json::from_str(frame).unwrap_or_default();
    let method = message["method"].as_str().unwrap_or("a message");
    match message.get("id") {
        Some(id) => format!("{method} (id {id})"),
        None => method.to_owned(),
    }
}

/// An event stream that broke before its answer was complete: the error and the unfinished
/// event, for the waiting step to show at once.
fn stream_broke(error: &reqwest::Error, unfinished: &str) -> Received {
    let mut why = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        why = format!("{why}: {cause}");
        source = cause.source();
    }
    Received::Garbage(format!(
        "the event stream broke ({why}); unfinished event: {}",
        shorten(unfinished.trim(), 300)
    ))
}

/// The status and content type of an answer whose body is read elsewhere (or not at all).
fn head_of(response: &reqwest::Response) -> HttpAnswer {
    HttpAnswer {
        status: response.status().as_u16(),
        content_type: content_type(response),
        session_id: None,
        body: None,
        www_authenticate: None,
    }
}

fn content_type(response: &reqwest::Response) -> String {
    header(response, "content-type").unwrap_or_default()
}

/// The value of a response header `name`, if present and readable text.
pub(super) fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
