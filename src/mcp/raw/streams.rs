//! One request's own response stream over streamable HTTP: everything that arrived on it, kept
//! apart from the other streams (the channel's reader mixes them). The 2026-07-28 protocol
//! scopes some messages to the stream of the request they belong to.

use anyhow::{Result, bail};
use futures::StreamExt;
use serde_json::Value;

use super::http::header;
use super::waiting::is_response_to;
use super::{HttpAnswer, PostHeaders, RawChannel, Wire};
use crate::harness::timeouts::bounded;

/// What one POST's answer carried, in order, up to and including the response to its request.
#[derive(Debug, Clone)]
pub struct StreamCapture {
    pub status: u16,
    pub messages: Vec<Value>,
    /// Whether the answer was an event stream (else a JSON body).
    pub event_stream: bool,
    /// The answer's `X-Accel-Buffering` header, if any.
    pub accel_buffering: Option<String>,
    /// For an event stream: whether it ended within [`END_WAIT`] of the response.
    pub ended_after_response: bool,
}

/// How long an event stream may stay open after the response before it counts as left open.
pub const END_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

impl StreamCapture {
    /// The response to the request, if it arrived on this stream.
    pub fn response(&self, id: &Value) -> Option<&Value> {
        self.messages.iter().find(|m| is_response_to(m, id))
    }
}

impl RawChannel {
    /// POSTs the request frame with id `id` and reads its answer whole (JSON or an event
    /// stream), until the response to `id` or the end of the body, within the channel's bound.
    /// HTTP only; several may run at once (`&self`). For stateless requests: no session id is
    /// sent, whatever `headers` say about one.
    pub async fn post_capturing(
        &self,
        id: &Value,
        frame: &str,
        headers: &PostHeaders,
    ) -> Result<StreamCapture> {
        let Wire::Http(http) = &self.wire else {
            bail!("a request's own stream applies to streamable HTTP only")
        };
        self.link.frames.record(true, frame);
        let mut request = http
            .client
            .post(&http.url)
            .header("Accept", "application/json, text/event-stream")
            .header("Content-Type", "application/json")
            .body(frame.to_owned());
        if let Some(Some(version)) = &headers.protocol_version {
            request = request.header("MCP-Protocol-Version", version);
        }
        for (name, value) in &http.headers {
            request = request.header(name, value.expose());
        }
        for (name, value) in &headers.extra {
            request = request.header(name, value);
        }
        let read = async {
            let response = request.send().await?;
            read_answer(response, id).await
        };
        let what = format!("the answer to {frame}");
        let capture = bounded(self.timeout, &what, read).await??;
        for message in &capture.messages {
            self.link.frames.record(false, &message.to_string());
        }
        Ok(capture)
    }
}

impl RawChannel {
    /// A DELETE of the endpoint naming the session `session` (whoever issued it); the status.
    pub async fn delete_naming_session(&self, session: &str) -> Result<HttpAnswer> {
        let Wire::Http(http) = &self.wire else {
            bail!("DELETE applies to streamable HTTP only")
        };
        let mut request = http
            .client
            .delete(&http.url)
            .header("Mcp-Session-Id", session);
        for (name, value) in &http.headers {
            request = request.header(name, value.expose());
        }
        self.link.frames.record(true, "DELETE (a made-up session)");
        let response = bounded(self.timeout, "the DELETE response", request.send()).await??;
        Ok(HttpAnswer {
            status: response.status().as_u16(),
            content_type: String::new(),
            session_id: None,
            body: response.text().await.ok(),
            www_authenticate: None,
        })
    }
}

/// The messages of one answer: a JSON body, or the events of a stream up to the response.
async fn read_answer(response: reqwest::Response, id: &Value) -> Result<StreamCapture> {
    let status = response.status().as_u16();
    let accel_buffering = header(&response, "x-accel-buffering");
    let streaming =
        header(&response, "content-type").is_some_and(|v| v.starts_with("text/event-stream"));
    if !streaming {
        let body = response.text().await.unwrap_or_default();
        let messages = match serde_json::from_str::<Value>(&body) {
            Ok(Value::Array(items)) => items,
            Ok(message) => vec![message],
            Err(_) => Vec::new(),
        };
        return Ok(StreamCapture {
            status,
            messages,
            event_stream: false,
            accel_buffering,
            ended_after_response: true,
        });
    }
    let mut capture = StreamCapture {
        status,
        messages: Vec::new(),
        event_stream: true,
        accel_buffering,
        ended_after_response: false,
    };
    let mut body = response.bytes_stream();
    let mut buffer = String::new();
    while let Some(chunk) = body.next().await {
        buffer.push_str(&String::from_utf8_lossy(&chunk?).replace("\r\n", "\n"));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let data: Vec<&str> = event
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(|d| d.strip_prefix(' ').unwrap_or(d))
                .collect();
            let Ok(message) = serde_json::from_str::<Value>(&data.join("\n")) else {
                continue;
            };
            let done = is_response_to(&message, id);
            capture.messages.push(message);
            if done {
                capture.ended_after_response = ends_soon(&mut body).await;
                return Ok(capture);
            }
        }
    }
    Ok(capture)
}

/// Whether the rest of the body ends within [`END_WAIT`] (what comes meanwhile is dropped).
async fn ends_soon(body: &mut (impl futures::Stream + Unpin)) -> bool {
    let end = async { while body.next().await.is_some() {} };
    tokio::time::timeout(END_WAIT, end).await.is_ok()
}
