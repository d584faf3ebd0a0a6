//! A raw JSON-RPC channel to the server under test: the suite writes exact frames (malformed
//! ones included) and reads exactly what comes back. Over stdio a frame is a line; over
//! streamable HTTP it is a POST whose answer is JSON, an SSE stream, or nothing (202); over
//! legacy SSE it is a POST to the session's endpoint, answered on the session's event stream.
//!
//! The channel opens and sends here; [`waiting`] reads what comes back, [`requests`] holds the
//! requests steps send whole, [`http`] and [`sse`] the transport specifics.

mod client_side;
mod event_streams;
mod http;
mod listening;
mod origin;
mod requests;
mod sse;
mod streams;
mod waiting;

use std::collections::VecDeque;
use std::time::Duration;

use anyhow::{Result, bail};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::harness::timeouts::bounded;
use crate::mcp::launch::{Endpoint, http_client, reach};
use crate::mcp::link::Link;
use crate::mcp::registry::Target;
use crate::mcp::stdio::StdioPipes;
use crate::mcp::transport::Transport;
use mcp_serving::sse_client::SseConnection;

pub use event_streams::{EventStream, SseEvent, StreamEnd};
use http::HttpWire;
pub use http::{Exchanged, HttpAnswer, OwnStream, PostHeaders};
use sse::SseWire;
pub use streams::{END_WAIT, StreamCapture};

/// One thing that came back.
#[derive(Debug, Clone)]
pub enum Received {
    Message(Value),
    /// Output that is not a JSON-RPC message (a stray stdout line, a non-JSON HTTP body).
    Garbage(String),
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
    /// Every JSON-RPC message the server sent on this channel so far, in arrival order.
    seen: Vec<Value>,
    /// The registry's headers for a legacy SSE server (sent on further streams).
    sse_headers: Vec<(String, crate::mcp::registry::Secret)>,
    timeout: Duration,
}

enum Wire {
    Stdio(StdioPipes),
    Http(HttpWire),
    Sse(SseWire),
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
                    to_reader,
                    from_server,
                    streams: Default::default(),
                })
            }
            Endpoint::Sse { url, headers } => {
                let mut link = reached.link;
                let connected = SseConnection::connect(http_client(&headers)?, &url, timeout).await;
                match connected {
                    Ok(connection) => {
                        let wire = SseWire::start(connection, &link.frames);
                        let mut channel = Self::over(transport, link, Wire::Sse(wire), timeout);
                        channel.sse_headers = headers;
                        return Ok(channel);
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
            seen: Vec::new(),
            sse_headers: Vec::new(),
            timeout,
        }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Bounds the waits from now on by `timeout` (a scenario may give a slow-starting server
    /// longer to come up than each later wait).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    pub fn fresh_id(&mut self) -> Value {
        self.next_id += 1;
        json!(self.next_id)
    }

    /// The id the next [`fresh_id`](Self::fresh_id) gives.
    pub fn upcoming_id(&self) -> Value {
        json!(self.next_id + 1)
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
                if let Some(Received::Message(message)) = &item {
                    self.seen.push(message.clone());
                }
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
            Ok(Some(item)) => {
                if let Received::Message(message) = &item {
                    self.seen.push(message.clone());
                }
                Ok(Some(item))
            }
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

    /// Every JSON-RPC message the server sent on this channel so far, in arrival order.
    pub fn messages_seen(&self) -> &[Value] {
        &self.seen
    }

    /// The streamable HTTP endpoint's URL (none on other transports).
    pub fn http_url(&self) -> Option<&str> {
        match &self.wire {
            Wire::Http(http) => Some(&http.url),
            Wire::Stdio(_) | Wire::Sse(_) => None,
        }
    }

    /// The `Mcp-Session-Id` the streamable HTTP server issued (none on other transports).
    pub fn session_id(&self) -> Option<String> {
        match &self.wire {
            Wire::Http(http) => http.session_id.lock().unwrap().clone(),
            Wire::Stdio(_) | Wire::Sse(_) => None,
        }
    }
}
