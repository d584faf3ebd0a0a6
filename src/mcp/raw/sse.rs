//! Legacy SSE: frames are POSTed to the session's endpoint and answered on its event stream.

use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use serde_json::Value;
use tokio::sync::mpsc;

use super::{RawChannel, Received, Wire};
use crate::harness::timeouts::bounded;
use crate::mcp::jsonrpc;
use crate::mcp::link::FrameLog;
use mcp_serving::sse_client::{PostAnswer, SseConnection, SsePoster, StreamHandle, StreamItem};

/// Legacy SSE: frames are POSTed to the session's endpoint; the event stream's messages arrive
/// in `from_server`, which closes when the stream ends (`ended` says why).
pub(super) struct SseWire {
    pub(super) stream_url: reqwest::Url,
    pub(super) preamble: Vec<String>,
    pub(super) poster: SsePoster,
    pub(super) stream: StreamHandle,
    pub(super) from_server: mpsc::UnboundedReceiver<Received>,
    pub(super) ended: Arc<Mutex<Option<String>>>,
}

impl RawChannel {
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
}

impl SseWire {
    /// Forwards the stream's messages to the channel (recording each frame) until it ends.
    pub(super) fn start(connection: SseConnection, frames: &FrameLog) -> Self {
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
        }
    }

    /// POSTs one frame to `url`; returns the answer and what the channel should get from it: a
    /// JSON-RPC message in its body, or a refusal without one (as garbage, for the diagnostics).
    pub(super) async fn post(
        &self,
        url: &reqwest::Url,
        frame: &str,
        frames: &FrameLog,
    ) -> Result<(PostAnswer, Option<Received>)> {
        frames.record(true, frame);
        let answer = self.poster.post_to(url.clone(), frame.to_owned()).await?;
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
