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
use std::net::SocketAddr;
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

/// Starts whatever serves one new session on its transport; it should end when the token is
/// cancelled (the stream closed) or the transport closes.
type StartSession = dyn Fn(SseSessionTransport, CancellationToken) + Send + Sync;

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
    let start_session = move |transport: SseSessionTransport, ct: CancellationToken| {
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
    serve_sse_sessions(start_session, args).await
}

/// Serves legacy SSE (paths, keep-alive, bearer layer and shutdown as in `args`), calling
/// `start_session` with the transport of each new session. Messages reach the transport only
/// after the JSON-RPC triage.
async fn serve_sse_sessions<F>(start_session: F, args: &ServeArgs) -> anyhow::Result<()>
where
    F: Fn(SseSessionTransport, CancellationToken) + Send + Sync + 'static,
{
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
        .await
        .with_context(|| format!("cannot bind {}:{}", args.host, args.port))?;
    let address = listener.local_addr()?;
    let ct = CancellationToken::new();
    let app = sse_app(Box::new(start_session), args, address, ct.clone())?;
    // The test suite waits for exactly this line; print it only once the socket accepts.
    eprintln!("listening on http://{address}{}", rooted(&args.sse_path));
    serve_until_shutdown(listener, app, ct).await
}

/// The routes of an SSE server bound at `address`; cancelling `ct` ends every session.
fn sse_app(
    start_session: Box<StartSession>,
    args: &ServeArgs,
    address: SocketAddr,
    ct: CancellationToken,
) -> anyhow::Result<Router> {
    let sse_path = rooted(&args.sse_path);
    let message_path = rooted(&args.message_path);
    let server = Arc::new(SseServer {
        sessions: Mutex::default(),
        start_session,
        message_path: message_path.clone(),
        keep_alive: Duration::from_secs(args.sse_keep_alive.max(1)),
        ct,
    });
    let app = Router::new()
        .route(&sse_path, get(open_stream))
        .route(&message_path, post(post_message))
        .layer(DefaultBodyLimit::max(MAX_HTTP_BODY_BYTES))
        .layer(middleware::from_fn(loopback_only))
        .with_state(server);
    with_bearer_auth(app, args, address, &sse_path)
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
    (server.start_session)(
        SseSessionTransport { incoming, outgoing },
        session.ct.clone(),
    );

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
        return (
            StatusCode::BAD_REQUEST,
            "the sessionId query parameter is missing",
        )
            .into_response();
    };
    let inbox = server.sessions.lock().unwrap().get(&id).cloned();
    let Some(inbox) = inbox else {
        return (
            StatusCode::NOT_FOUND,
            "no such session (its event stream is closed?)",
        )
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
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "[::1]"
    )
}

/// The rmcp server transport of one SSE session: POSTed messages in, stream events out.
pub struct SseSessionTransport {
    incoming: mpsc::Receiver<ClientJsonRpcMessage>,
    outgoing: mpsc::Sender<ServerJsonRpcMessage>,
}

impl Transport<RoleServer> for SseSessionTransport {
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
    use super::*;
    use clap::Parser as _;

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    /// Serves SSE with sessions that stay open and do nothing; returns the stream URL.
    async fn idle_server(flags: &[&str], ct: &CancellationToken) -> String {
        let args = Cli::parse_from([&["test", "--transport", "sse"], flags].concat()).serve;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let idle = |transport: SseSessionTransport, ct: CancellationToken| {
            tokio::spawn(async move {
                ct.cancelled().await;
                drop(transport);
            });
        };
        let app = sse_app(Box::new(idle), &args, address, ct.clone()).unwrap();
        tokio::spawn(axum::serve(listener, app).into_future());
        format!("http://{address}/sse")
    }

    #[tokio::test]
    async fn an_idle_stream_gets_keep_alive_comments() {
        let ct = CancellationToken::new();
        let url = idle_server(&["--sse-keep-alive", "1"], &ct).await;
        let response = reqwest::get(&url).await.unwrap();
        let mut body = response.bytes_stream();
        let mut text = String::new();
        let waited = tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(chunk) = body.next().await {
                text.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
                if text.starts_with("event: endpoint\n") && text.contains("\n\n:") {
                    return;
                }
            }
        })
        .await;
        ct.cancel();
        assert!(
            waited.is_ok(),
            "no keep-alive comment after the endpoint event: {text:?}"
        );
    }

    #[tokio::test]
    async fn with_bearer_auth_the_stream_and_the_endpoint_need_a_token() {
        let ct = CancellationToken::new();
        // The JWKS is never fetched: a request without a token is refused before that.
        let auth = [
            "--jwks-url",
            "http://127.0.0.1:9/jwks",
            "--issuer",
            "i",
            "--audience",
            "a",
        ];
        let url = idle_server(&auth, &ct).await;
        let client = reqwest::Client::new();
        let stream = client.get(&url).send().await.unwrap();
        assert_eq!(stream.status().as_u16(), 401);
        assert!(
            stream.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer ")
        );
        let message = url.replace("/sse", "/message?sessionId=x");
        let post = client.post(&message).body("{}").send().await.unwrap();
        assert_eq!(post.status().as_u16(), 401);
        ct.cancel();
    }

    #[tokio::test]
    async fn a_foreign_origin_or_host_is_refused() {
        let ct = CancellationToken::new();
        let url = idle_server(&[], &ct).await;
        let client = reqwest::Client::new();
        let status = |request: reqwest::RequestBuilder| async move {
            request.send().await.unwrap().status().as_u16()
        };
        let origin = client.get(&url).header("Origin", "http://evil.example");
        assert_eq!(status(origin).await, 403);
        let host = client.get(&url).header("Host", "evil.example");
        assert_eq!(status(host).await, 403);
        let local = client.get(&url).header("Origin", "http://localhost:5173");
        assert_eq!(status(local).await, 200);
        ct.cancel();
    }

    #[test]
    fn loopback_authorities_with_and_without_port() {
        for ok in [
            "localhost",
            "127.0.0.1:8080",
            "[::1]:1",
            "LOCALHOST:3000",
            "[::1]",
        ] {
            assert!(is_loopback_authority(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:80",
            "127.0.0.2",
            "localhost.evil:1",
            "",
        ] {
            assert!(!is_loopback_authority(refused), "{refused}");
        }
    }
}
