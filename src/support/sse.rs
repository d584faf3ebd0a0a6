//! Client side of the legacy HTTP+SSE transport (MCP 2024-11-05), which rmcp no longer has:
//! GET the event stream, read its `endpoint` event (skipping comments and empty priming events),
//! POST every message to that endpoint, read every server message from the stream.
//!
//! [`SseConnection`] is the wire (used by the raw channel for exact frames);
//! [`SseClientTransport`] puts an rmcp client on it, so `serve(transport)` works as on any other
//! transport. Both are public for the bridge binaries.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use futures::StreamExt as _;
use reqwest::Url;
use rmcp::RoleClient;
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use sse_stream::SseStream;
use tokio::sync::mpsc;

use crate::support::link::shorten;

/// What the event stream delivered.
#[derive(Debug, Clone)]
pub enum StreamItem {
    /// The data of one `message` event (a JSON-RPC message, unless the server misbehaves).
    Message(String),
    /// The stream is over; why, for diagnostics. Nothing follows.
    Ended(String),
}

/// One legacy SSE connection: the open event stream and the endpoint messages go to.
pub struct SseConnection {
    /// The event stream's URL.
    pub url: Url,
    /// Events that carried data but came before the `endpoint` event (which should be first).
    pub preamble: Vec<String>,
    pub poster: SsePoster,
    pub events: mpsc::UnboundedReceiver<StreamItem>,
    pub stream: StreamHandle,
}

impl std::fmt::Debug for SseConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SSE connection posting to {}", self.poster.endpoint)
    }
}

/// The task reading the event stream: closing it (or dropping this) closes the GET, which ends
/// the session on the server.
pub struct StreamHandle(tokio::task::JoinHandle<()>);

impl StreamHandle {
    pub fn close(&self) {
        self.0.abort();
    }
}

impl Drop for StreamHandle {
    fn drop(&mut self) {
        self.close();
    }
}

impl SseConnection {
    /// GETs `url` (the event stream) with `http` (which carries any auth headers) and waits, at
    /// most `limit`, for the `endpoint` event; its URL is resolved against `url`.
    ///
    /// # Errors
    /// The GET fails or is refused, the answer is not an event stream, or the stream ends,
    /// breaks or stays silent before naming the endpoint.
    pub async fn connect(http: reqwest::Client, url: &str, limit: Duration) -> Result<Self> {
        let base = Url::parse(url).with_context(|| format!("{url} is not a valid URL"))?;
        let opening = async {
            let response = http
                .get(base.clone())
                .header(reqwest::header::ACCEPT, "text/event-stream")
                .send()
                .await
                .with_context(|| format!("GET {base} failed"))?;
            let status = response.status();
            let kind = content_type(&response);
            if !status.is_success() {
                let challenge = response
                    .headers()
                    .get(reqwest::header::WWW_AUTHENTICATE)
                    .and_then(|value| value.to_str().ok())
                    .map(|value| format!(" (WWW-Authenticate: {value})"))
                    .unwrap_or_default();
                let body = response.text().await.unwrap_or_default();
                bail!(
                    "GET {base} was refused: HTTP {status}{challenge}: {}",
                    shorten(body.trim(), 300)
                );
            }
            if !kind.starts_with("text/event-stream") {
                bail!("GET {base} answered {kind:?}, not an event stream (text/event-stream)");
            }
            let mut stream = SseStream::from_bytes_stream(response.bytes_stream());
            let mut preamble = Vec::new();
            loop {
                match stream.next().await {
                    Some(Ok(event)) => {
                        let data = event.data.as_deref().unwrap_or("").trim();
                        if event.event.as_deref() == Some("endpoint") && !data.is_empty() {
                            let endpoint = base.join(data).with_context(|| {
                                format!("the endpoint event names no valid URL: {data:?}")
                            })?;
                            return Ok((endpoint, stream, preamble));
                        }
                        // Priming events (empty data) are no events; others are noted.
                        if !data.is_empty() {
                            preamble.push(format!(
                                "event {:?}: {}",
                                event.event.as_deref().unwrap_or("message"),
                                shorten(data, 200)
                            ));
                        }
                    }
                    Some(Err(error)) => bail!("the event stream of {base} broke: {error}"),
                    None => bail!("the event stream of {base} ended before an endpoint event"),
                }
            }
        };
        let (endpoint, stream, preamble) =
            tokio::time::timeout(limit, opening).await.map_err(|_| {
                anyhow!(
                    "no endpoint event on {base} within {:.1} s",
                    limit.as_secs_f64()
                )
            })??;
        let (sink, events) = mpsc::unbounded_channel();
        let reader = tokio::spawn(read_messages(stream, sink));
        Ok(Self {
            url: base,
            preamble,
            poster: SsePoster { http, endpoint },
            events,
            stream: StreamHandle(reader),
        })
    }
}

/// Forwards the data of every message event; the last item says why the stream ended.
async fn read_messages<S>(mut stream: S, sink: mpsc::UnboundedSender<StreamItem>)
where
    S: futures::Stream<Item = Result<sse_stream::Sse, sse_stream::Error>> + Unpin,
{
    let why = loop {
        match stream.next().await {
            Some(Ok(event)) => {
                let is_message = matches!(event.event.as_deref(), None | Some("message"));
                match event.data {
                    Some(data) if is_message && !data.trim().is_empty() => {
                        if sink.send(StreamItem::Message(data)).is_err() {
                            return;
                        }
                    }
                    _ => tracing::debug!(?event.event, "SSE event without a message skipped"),
                }
            }
            Some(Err(error)) => break format!("the SSE stream broke: {error}"),
            None => break "the server closed the SSE stream".to_owned(),
        }
    };
    drop(sink.send(StreamItem::Ended(why)));
}

/// POSTs messages to a session's endpoint; cheap to clone.
#[derive(Clone, Debug)]
pub struct SsePoster {
    http: reqwest::Client,
    pub endpoint: Url,
}

/// The HTTP answer to one POST.
#[derive(Debug, Clone)]
pub struct PostAnswer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl PostAnswer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl SsePoster {
    /// POSTs `frame` as is to the session's endpoint.
    pub async fn post(&self, frame: String) -> Result<PostAnswer> {
        self.post_to(self.endpoint.clone(), frame).await
    }

    /// POSTs `frame` to `url` (another session's endpoint, say) with this connection's headers.
    pub async fn post_to(&self, url: Url, frame: String) -> Result<PostAnswer> {
        let response = self
            .http
            .post(url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(frame)
            .send()
            .await
            .with_context(|| format!("POST {url} failed"))?;
        let status = response.status().as_u16();
        let content_type = content_type(&response);
        let body = response.text().await.unwrap_or_default();
        Ok(PostAnswer {
            status,
            content_type,
            body,
        })
    }

    /// The endpoint with its session id replaced by `session` (a session that may not exist),
    /// if the endpoint names its session in a query parameter (`sessionId`, `session_id`, …).
    pub fn endpoint_for_session(&self, session: &str) -> Option<Url> {
        let is_session = |name: &str| {
            let name = name.replace(['_', '-'], "").to_ascii_lowercase();
            name == "sessionid" || name == "session"
        };
        let pairs: Vec<(String, String)> = self
            .endpoint
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        if !pairs.iter().any(|(name, _)| is_session(name)) {
            return None;
        }
        let mut url = self.endpoint.clone();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(pairs.into_iter().map(|(name, value)| {
                let value = if is_session(&name) {
                    session.to_owned()
                } else {
                    value
                };
                (name, value)
            }));
        Some(url)
    }

    /// POSTs `frame` until the server refuses it (4xx), for at most `limit`: a session being
    /// ended may accept a message or two first. The answer is the refusal.
    pub async fn wait_until_refused(&self, frame: &str, limit: Duration) -> Result<PostAnswer> {
        let mut last_status = None;
        let polling = async {
            loop {
                let answer = self.post(frame.to_owned()).await?;
                if (400..500).contains(&answer.status) {
                    return Ok(answer);
                }
                last_status = Some(answer.status);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        };
        let outcome = tokio::time::timeout(limit, polling).await;
        outcome.map_err(|_| {
            let last = match last_status {
                Some(status) => format!("it was answered HTTP {status}"),
                None => "the server never answered the POST".to_owned(),
            };
            anyhow!(
                "POST {} was not refused (4xx) within {:.1} s: {last}",
                self.endpoint,
                limit.as_secs_f64()
            )
        })?
    }
}

fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// Why an SSE client transport stopped, once it has: for the failure that follows.
#[derive(Clone, Debug, Default)]
pub struct EndReason(Arc<Mutex<Option<String>>>);

impl EndReason {
    pub fn get(&self) -> Option<String> {
        self.0.lock().unwrap().clone()
    }

    fn set(&self, why: String) {
        self.0.lock().unwrap().get_or_insert(why);
    }
}

/// An rmcp client transport over legacy HTTP+SSE: `handler.serve(transport)` as on any other.
/// A POST the server refuses fails that send; the stream ending (or carrying something that is
/// not a JSON-RPC message) ends the transport, and [`EndReason`] says why.
pub struct SseClientTransport {
    connection: SseConnection,
    ended: EndReason,
}

impl SseClientTransport {
    /// Connects (see [`SseConnection::connect`]).
    pub async fn connect(http: reqwest::Client, url: &str, limit: Duration) -> Result<Self> {
        Ok(Self::new(SseConnection::connect(http, url, limit).await?))
    }

    pub fn new(connection: SseConnection) -> Self {
        Self {
            connection,
            ended: EndReason::default(),
        }
    }

    /// Filled in when the transport stops reading.
    pub fn end_reason(&self) -> EndReason {
        self.ended.clone()
    }

    /// Posts to this session's endpoint (e.g. to check it is gone once the transport closed).
    pub fn poster(&self) -> SsePoster {
        self.connection.poster.clone()
    }
}

impl rmcp::transport::Transport<RoleClient> for SseClientTransport {
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleClient>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let poster = self.connection.poster.clone();
        async move {
            let frame = serde_json::to_string(&item).map_err(std::io::Error::other)?;
            let answer = poster
                .post(frame)
                .await
                .map_err(|error| std::io::Error::other(format!("{error:#}")))?;
            if answer.is_success() {
                Ok(())
            } else {
                Err(std::io::Error::other(format!(
                    "POST {} was refused: HTTP {}: {}",
                    poster.endpoint,
                    answer.status,
                    shorten(answer.body.trim(), 300)
                )))
            }
        }
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleClient>> {
        let why = match self.connection.events.recv().await {
            Some(StreamItem::Message(data)) => match serde_json::from_str(&data) {
                Ok(message) => return Some(message),
                Err(error) => format!(
                    "the server sent an SSE message that is not a JSON-RPC message ({error}): {}",
                    shorten(&data, 300)
                ),
            },
            Some(StreamItem::Ended(why)) => why,
            None => "the SSE stream reader stopped".to_owned(),
        };
        tracing::debug!(%why, "SSE client transport ends");
        self.ended.set(why);
        self.connection.stream.close();
        None
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        self.connection.stream.close();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_session_replaces_only_the_session_id() {
        let poster = SsePoster {
            http: reqwest::Client::new(),
            endpoint: Url::parse("http://127.0.0.1:1/message?x=1&sessionId=abc").unwrap(),
        };
        let other = poster.endpoint_for_session("nope").unwrap();
        assert_eq!(
            other.as_str(),
            "http://127.0.0.1:1/message?x=1&sessionId=nope"
        );
        let python_style = SsePoster {
            endpoint: Url::parse("http://h/messages/?session_id=abc").unwrap(),
            ..poster.clone()
        };
        assert_eq!(
            python_style.endpoint_for_session("nope").unwrap().as_str(),
            "http://h/messages/?session_id=nope"
        );
        let no_session = SsePoster {
            endpoint: Url::parse("http://h/messages/abc").unwrap(),
            ..poster
        };
        assert!(no_session.endpoint_for_session("nope").is_none());
    }
}
