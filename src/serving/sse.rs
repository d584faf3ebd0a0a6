//! Serving the legacy HTTP+SSE transport (MCP 2024-11-05), which rmcp no longer has.
//!
//! `GET /sse` opens an event stream and a session: its first event is `endpoint`, whose data is
//! the URL to POST that session's messages to (`/message?sessionId=<id>`). A POSTed message is
//! answered `202 Accepted` (`400` with a JSON-RPC error body when [`triage`] refuses it, `404`
//! for an unknown session); everything the server sends (responses, notifications, its own
//! requests) goes out as `event: message` on the session's stream. Closing the stream ends the
//! session and its rmcp service. Each session runs one handler from the factory over a channel
//! pair, behind the same triage, Host/Origin protection and bearer layer as streamable HTTP.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Query, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
    routing::{get, post},
};
use futures::{StreamExt as _, stream};
use rmcp::{
    RoleServer, ServerHandler, ServiceExt as _,
    model::{ClientJsonRpcMessage, ServerJsonRpcMessage},
    transport::Transport,
};
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::http::{MAX_HTTP_BODY_BYTES, rooted, serve_until_shutdown, with_bearer_auth};
use super::{HandshakeGate, ServeArgs, Triage, triage};

/// Messages queued per session in each direction before the sender waits.
const SESSION_QUEUE: usize = 64;

/// Starts the rmcp service of one new session on its transport; it ends when the token is
/// cancelled or the transport closes.
type StartSession = dyn Fn(ChannelTransport, CancellationToken) + Send + Sync;

struct SseServer {
    sessions: Mutex<HashMap<String, Inbox>>,
    start_session: Box<StartSession>,
    message_path: String,
    keep_alive: Duration,
    /// Cancelled at shutdown: ends every session and stream.
    ct: CancellationToken,
}

/// Where a session's POSTed messages go.
#[derive(Clone)]
struct Inbox {
    to_service: mpsc::Sender<ClientJsonRpcMessage>,
    gate: Arc<Mutex<HandshakeGate>>,
}

pub(super) async fn serve_sse<S, F>(make_handler: F, args: &ServeArgs) -> anyhow::Result<()>
where
    S: ServerHandler,
    F: Fn() -> S + Send + Sync + 'static,
{
    let sse_path = rooted(&args.sse_path);
    let message_path = rooted(&args.message_path);
    let ct = CancellationToken::new();
    let start_session = move |transport: ChannelTransport, ct: CancellationToken| {
        let handler = make_handler();
        tokio::spawn(async move {
            match handler.serve_with_ct(transport, ct).await {
                Ok(running) => {
                    if let Err(error) = running.waiting().await {
                        tracing::warn!(%error, "SSE session task failed");
                    }
                }
                Err(error) => tracing::debug!(%error, "SSE session ended before initialize"),
            }
        });
    };
    let server = Arc::new(SseServer {
        sessions: Mutex::default(),
        start_session: Box::new(start_session),
        message_path: message_path.clone(),
        keep_alive: Duration::from_secs(args.sse_keep_alive.max(1)),
        ct: ct.clone(),
    });
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
        .await
        .with_context(|| format!("cannot bind {}:{}", args.host, args.port))?;
    let address = listener.local_addr()?;

    let app = Router::new()
        .route(&sse_path, get(open_stream))
        .route(&message_path, post(post_message))
        .layer(DefaultBodyLimit::max(MAX_HTTP_BODY_BYTES))
        .layer(middleware::from_fn(loopback_only))
        .with_state(server);
    let app = with_bearer_auth(app, args, address, &sse_path)?;
    // The test suite waits for exactly this line; print it only once the socket accepts.
    eprintln!("listening on http://{address}{sse_path}");
    serve_until_shutdown(listener, app, ct).await
}

/// `GET /sse`: a new session; its stream carries the `endpoint` event, then every message.
async fn open_stream(State(server): State<Arc<SseServer>>) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let (to_service, incoming) = mpsc::channel(SESSION_QUEUE);
    let (outgoing, to_client) = mpsc::channel(SESSION_QUEUE);
    let session = SessionGuard {
        id: id.clone(),
        ct: server.ct.child_token(),
        server: server.clone(),
    };
    let inbox = Inbox {
        to_service,
        gate: Arc::default(),
    };
    server.sessions.lock().unwrap().insert(id.clone(), inbox);
    (server.start_session)(ChannelTransport { incoming, outgoing }, session.ct.clone());

    let endpoint = Event::default()
        .event("endpoint")
        .data(format!("{}?sessionId={id}", server.message_path));
    let stopping = session.ct.clone();
    // The stream owns the guard: when the client goes away axum drops the stream, and the
    // guard ends the session. The service ending (sender dropped) ends the stream too.
    let messages = tokio_stream_of(to_client)
        .take_until(async move { stopping.cancelled().await })
        .map(move |message: ServerJsonRpcMessage| {
            let _session = &session;
            Event::default()
                .event("message")
                .json_data(&message)
                .unwrap_or_else(|error| {
                    tracing::error!(%error, "cannot serialize a server message");
                    Event::default().comment("unserializable message dropped")
                })
        });
    let events = stream::once(async { endpoint })
        .chain(messages)
        .map(Ok::<_, Infallible>);
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(server.keep_alive))
        .into_response()
}

fn tokio_stream_of<T: Send + 'static>(
    mut receiver: mpsc::Receiver<T>,
) -> impl futures::Stream<Item = T> + Send {
    stream::poll_fn(move |cx| receiver.poll_recv(cx))
}

/// Ends its session when dropped (the stream closed, or the server is stopping).
struct SessionGuard {
    id: String,
    ct: CancellationToken,
    server: Arc<SseServer>,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.ct.cancel();
        self.server.sessions.lock().unwrap().remove(&self.id);
        tracing::debug!(session = %self.id, "SSE stream closed, session ended");
    }
}

#[derive(Deserialize)]
struct SessionQuery {
    #[serde(rename = "sessionId")]
    session_id: Option<String>,
}

/// `POST /message?sessionId=…`: one JSON-RPC message for a session.
async fn post_message(
    State(server): State<Arc<SseServer>>,
    Query(query): Query<SessionQuery>,
    body: Bytes,
) -> Response {
    let Some(id) = query.session_id.filter(|id| !id.is_empty()) else {
        return (StatusCode::BAD_REQUEST, "the sessionId query parameter is missing").into_response();
    };
    let inbox = server.sessions.lock().unwrap().get(&id).cloned();
    let Some(inbox) = inbox else {
        return (StatusCode::NOT_FOUND, "no such session (its event stream is closed?)")
            .into_response();
    };
    match triage(&body) {
        Triage::Forward(message) => {
            if inbox.gate.lock().unwrap().admits(&message)
                && inbox.to_service.send(*message).await.is_err()
            {
                return (StatusCode::NOT_FOUND, "the session has ended").into_response();
            }
            accepted()
        }
        Triage::Reply(error) => (StatusCode::BAD_REQUEST, Json(error)).into_response(),
        Triage::Ignore => accepted(),
    }
}

fn accepted() -> Response {
    (StatusCode::ACCEPTED, "Accepted").into_response()
}

/// DNS-rebinding protection, as rmcp gives streamable HTTP: only a loopback `Host` is served,
/// and a browser `Origin`, when given, must be loopback too; anything else gets `403`.
async fn loopback_only(request: Request, next: Next) -> Response {
    if is_loopback_request(request.headers()) {
        next.run(request).await
    } else {
        (
            StatusCode::FORBIDDEN,
            "only loopback Host and Origin are served (DNS-rebinding protection)",
        )
            .into_response()
    }
}

fn is_loopback_request(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .map(|value: &HeaderValue| value.to_str().unwrap_or("\u{fffd}"))
    };
    let host_ok = text(header::HOST).is_none_or(is_loopback_authority);
    let origin_ok = text(header::ORIGIN).is_none_or(|origin| {
        ["http://", "https://"]
            .iter()
            .find_map(|scheme| origin.strip_prefix(scheme))
            .is_some_and(is_loopback_authority)
    });
    host_ok && origin_ok
}

/// `localhost`, `127.0.0.1` or `[::1]`, with or without a port.
fn is_loopback_authority(authority: &str) -> bool {
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            host
        }
        _ => authority,
    };
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "[::1]"
    )
}

/// rmcp transport of one session: POSTed messages in, stream events out.
struct ChannelTransport {
    incoming: mpsc::Receiver<ClientJsonRpcMessage>,
    outgoing: mpsc::Sender<ServerJsonRpcMessage>,
}

impl Transport<RoleServer> for ChannelTransport {
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: ServerJsonRpcMessage,
    ) -> impl Future<Output = std::io::Result<()>> + Send + 'static {
        let outgoing = self.outgoing.clone();
        async move {
            outgoing.send(item).await.map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::BrokenPipe,
                    "the session's event stream is closed",
                )
            })
        }
    }

    async fn receive(&mut self) -> Option<ClientJsonRpcMessage> {
        self.incoming.recv().await
    }

    async fn close(&mut self) -> std::io::Result<()> {
        self.incoming.close();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback_authority;

    #[test]
    fn loopback_authorities_with_and_without_port() {
        for ok in ["localhost", "127.0.0.1:8080", "[::1]:1", "LOCALHOST:3000", "[::1]"] {
            assert!(is_loopback_authority(ok), "{ok}");
        }
        for refused in ["evil.example", "evil.example:80", "127.0.0.2", "localhost.evil:1", ""] {
            assert!(!is_loopback_authority(refused), "{refused}");
        }
    }
}
