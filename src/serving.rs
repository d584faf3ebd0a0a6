//! The one serving helper shared by every fixture server.
//!
//! A fixture binary flattens [`ServeArgs`] into its CLI and calls [`serve`] with a factory for
//! its rmcp `ServerHandler`; the transport is picked at run time. [`triage`] is a thin
//! JSON-RPC validation layer in front of rmcp, correcting the places where rmcp's transports
//! are not spec-correct (see its doc comment); every transport must route frames through it.

use std::{io, sync::Arc, time::Duration};

use anyhow::Context as _;
use axum::{
    Json, Router,
    body::Body,
    extract::Request,
    http::{Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use rmcp::{
    RoleServer, ServerHandler, ServiceExt,
    model::{
        CallToolRequestMethod, CancelTaskMethod, ClientJsonRpcMessage, ClientRequest,
        CompleteRequestMethod, ConstString, DiscoverRequestMethod, GetMeta as _,
        GetPromptRequestMethod, GetSkillRequestMethod, GetTaskMethod, InitializeResultMethod,
        ListPromptsRequestMethod, ListResourceTemplatesRequestMethod, ListResourcesRequestMethod,
        ListSkillsRequestMethod, ListToolsRequestMethod, PingRequestMethod,
        ReadResourceDirectoryRequestMethod, ReadResourceRequestMethod, ServerJsonRpcMessage,
        SetLevelRequestMethod, SubscribeRequestMethod, SubscriptionsListenRequestMethod,
        UnsubscribeRequestMethod, UpdateTaskMethod,
    },
    service::ServerInitializeError,
    transport::{
        Transport,
        streamable_http_server::{
            StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
        },
    },
};
use serde::Serialize;
use serde_json::{Value, json};
use tokio::{
    io::AsyncWriteExt,
    sync::{Mutex, mpsc},
};
use tokio_util::sync::CancellationToken;

/// JSON-RPC 2.0 error code for a frame that is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC 2.0 error code for JSON that is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// JSON-RPC 2.0 error code for a valid request whose params do not fit its method.
pub const INVALID_PARAMS: i64 = -32602;

/// Largest POST body buffered by the HTTP layer; the same as rmcp's own default limit.
const MAX_HTTP_BODY_BYTES: usize = 4 * 1024 * 1024;

/// How long HTTP graceful shutdown may wait for open connections (SSE streams) to end.
const HTTP_SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Wire transport a fixture server speaks.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// Newline-delimited JSON-RPC on stdin/stdout.
    Stdio,
    /// MCP streamable HTTP (POST/GET/DELETE on one endpoint, with sessions).
    Http,
}

/// Serving options shared by every fixture binary (`#[command(flatten)]` them).
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Transport to serve on.
    #[arg(long, value_enum, default_value_t = TransportKind::Stdio)]
    pub transport: TransportKind,
    /// Address to bind (HTTP only). Keep it loopback: DNS-rebinding protection only admits
    /// loopback `Host` headers.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to bind (HTTP only); 0 lets the OS choose, the real one is printed on stderr.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Endpoint path of the MCP service (HTTP only).
    #[arg(long, default_value = "/mcp")]
    pub path: String,
}

/// Logs go to stderr only: in stdio mode stdout carries the protocol. `RUST_LOG` filters,
/// default `warn`. Calling it twice is harmless.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Serves the handlers made by `make_handler` on the transport chosen in `args` until the
/// peer goes away (stdio: stdin closed) or SIGTERM/SIGINT arrives; both end with `Ok`.
/// stdio serves one handler; HTTP makes one per session.
///
/// # Errors
/// The HTTP address cannot be bound, the stdio handshake fails, or the server task fails.
pub async fn serve<S, F>(make_handler: F, args: &ServeArgs) -> anyhow::Result<()>
where
    S: ServerHandler,
    F: Fn() -> S + Send + Sync + 'static,
{
    match args.transport {
        TransportKind::Stdio => serve_stdio(make_handler()).await,
        TransportKind::Http => serve_http(make_handler, args).await,
    }
}

/// Resolves on the first SIGTERM or SIGINT.
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(error) => {
            tracing::warn!(%error, "cannot watch SIGTERM, only SIGINT ends the server");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC validation layer
// ---------------------------------------------------------------------------------------------

/// What the validation layer decided about one incoming frame.
#[derive(Debug)]
pub enum Triage {
    /// A well-formed message rmcp understands: hand it over.
    Forward(Box<ClientJsonRpcMessage>),
    /// Not an acceptable JSON-RPC message: answer with this JSON-RPC error response.
    Reply(Value),
    /// A notification or response rmcp cannot use; JSON-RPC forbids answering it.
    Ignore,
}

/// Classifies one incoming frame (a stdio line or an HTTP POST body) per JSON-RPC 2.0.
///
/// Exists because rmcp 3.9 is not spec-correct on bad input:
/// - stdio silently drops frames that are not JSON (no -32700), and answers every other
///   frame it cannot deserialize with -32600 and id null, even when the id is readable or the
///   envelope is fine and only the params are wrong (which is -32602);
/// - streamable HTTP answers any body it cannot deserialize with `415` and plain text;
/// - both turn a known method whose params do not fit (e.g. `tools/call` without `name`) into
///   a custom request, which the handler answers with -32601 instead of -32602.
///
/// Numeric ids must fit in an i64: rmcp cannot represent larger ones, so those requests are
/// refused with -32600 (the id still echoed) rather than answered with the wrong id.
/// JSON-RPC batches are refused with a single -32600: MCP removed them in 2025-06-18.
pub fn triage(frame: &[u8]) -> Triage {
    // A UTF-8 BOM may precede JSON text (RFC 8259 §8.1); rmcp skips it too.
    let frame = frame.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(frame);
    let value: Value = match serde_json::from_slice(frame) {
        Ok(value) => value,
        Err(error) => {
            return Triage::Reply(error_response(
                Value::Null,
                PARSE_ERROR,
                format!("Parse error: {error}"),
            ));
        }
    };
    let Value::Object(message) = &value else {
        let why = if value.is_array() {
            "JSON-RPC batches are not supported (MCP removed them in 2025-06-18)"
        } else {
            "a message must be a JSON object"
        };
        return Triage::Reply(error_response(
            Value::Null,
            INVALID_REQUEST,
            format!("Invalid Request: {why}"),
        ));
    };
    // Echo the id whenever it is a legal JSON-RPC id, even if the rest of the frame is wrong.
    let id = match message.get("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id.clone(),
        _ => Value::Null,
    };
    let invalid = |why: &str| {
        Triage::Reply(error_response(
            id.clone(),
            INVALID_REQUEST,
            format!("Invalid Request: {why}"),
        ))
    };
    if message.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid("\"jsonrpc\" must be exactly \"2.0\"");
    }
    let has_result = message.contains_key("result");
    let has_error = message.contains_key("error");
    match (message.get("method"), message.get("id")) {
        (Some(Value::String(_)), _) if has_result || has_error => {
            invalid("a request must not carry \"result\" or \"error\"")
        }
        (Some(Value::String(_)), None) => match parse(frame) {
            Ok(notification) => Triage::Forward(Box::new(notification)),
            Err(_) => Triage::Ignore,
        },
        (Some(Value::String(method)), Some(Value::String(_))) => parse_request(frame, method, &id),
        (Some(Value::String(method)), Some(Value::Number(number))) if number.is_i64() => {
            parse_request(frame, method, &id)
        }
        (Some(Value::String(_)), Some(Value::Number(_))) => {
            invalid("a numeric \"id\" must be an integer within the signed 64-bit range")
        }
        (Some(Value::String(_)), Some(_)) => invalid("\"id\" must be a string or an integer"),
        (Some(_), _) => invalid("\"method\" must be a string"),
        // A response to a request the server sent.
        (None, _) if has_result != has_error => match parse(frame) {
            Ok(response) => Triage::Forward(Box::new(response)),
            Err(_) => Triage::Ignore,
        },
        (None, _) => invalid("a request needs a \"method\""),
    }
}

/// Request methods rmcp parses into typed requests. When params do not fit the typed request,
/// rmcp falls back to a `CustomRequest` and its handler answers -32601 for a method that
/// exists; for these methods that fallback means the params are wrong.
const TYPED_REQUEST_METHODS: &[&str] = &[
    InitializeResultMethod::VALUE,
    PingRequestMethod::VALUE,
    DiscoverRequestMethod::VALUE,
    CompleteRequestMethod::VALUE,
    SetLevelRequestMethod::VALUE,
    GetPromptRequestMethod::VALUE,
    ListPromptsRequestMethod::VALUE,
    ListResourcesRequestMethod::VALUE,
    ListResourceTemplatesRequestMethod::VALUE,
    ReadResourceRequestMethod::VALUE,
    SubscriptionsListenRequestMethod::VALUE,
    SubscribeRequestMethod::VALUE,
    UnsubscribeRequestMethod::VALUE,
    CallToolRequestMethod::VALUE,
    ListToolsRequestMethod::VALUE,
    GetTaskMethod::VALUE,
    UpdateTaskMethod::VALUE,
    CancelTaskMethod::VALUE,
    ListSkillsRequestMethod::VALUE,
    GetSkillRequestMethod::VALUE,
    ReadResourceDirectoryRequestMethod::VALUE,
];

/// The envelope is a valid request here, so a failed typed parse can only be the params.
fn parse_request(frame: &[u8], method: &str, id: &Value) -> Triage {
    let invalid_params = |detail: &dyn std::fmt::Display| {
        Triage::Reply(error_response(
            id.clone(),
            INVALID_PARAMS,
            format!("Invalid params for {method}: {detail}"),
        ))
    };
    match parse(frame) {
        Ok(ClientJsonRpcMessage::Request(request))
            if matches!(request.request, ClientRequest::CustomRequest(_))
                && TYPED_REQUEST_METHODS.contains(&method) =>
        {
            invalid_params(&"they do not match the method's parameter schema")
        }
        Ok(message) => Triage::Forward(Box::new(message)),
        Err(error) => invalid_params(&error),
    }
}

fn parse(frame: &[u8]) -> serde_json::Result<ClientJsonRpcMessage> {
    serde_json::from_slice(frame).inspect_err(|error| {
        tracing::debug!(%error, "frame rmcp cannot deserialize");
    })
}

fn error_response(id: Value, code: i64, message: String) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

// ---------------------------------------------------------------------------------------------
// stdio
// ---------------------------------------------------------------------------------------------

async fn serve_stdio<S: ServerHandler>(handler: S) -> anyhow::Result<()> {
    let ct = CancellationToken::new();
    let on_signal = ct.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        on_signal.cancel();
    });
    let running = match handler.serve_with_ct(StdioTransport::start()?, ct).await {
        Ok(running) => running,
        // The peer closed stdin, or a signal came, before initializing: a normal end.
        Err(ServerInitializeError::ConnectionClosed(_) | ServerInitializeError::Cancelled) => {
            return Ok(());
        }
        Err(error) => return Err(error).context("MCP handshake on stdio failed"),
    };
    running
        .waiting()
        .await
        .context("stdio service task failed")?;
    Ok(())
}

/// rmcp transport on stdin/stdout with [`triage`] in front of rmcp.
///
/// stdin is read on a plain thread, not tokio's: tokio reads stdin on its blocking pool,
/// which the runtime waits for at shutdown, so a read still blocked after SIGTERM would keep
/// the process alive.
struct StdioTransport {
    incoming: mpsc::Receiver<ClientJsonRpcMessage>,
    stdout: Arc<Mutex<tokio::io::Stdout>>,
}

impl StdioTransport {
    fn start() -> io::Result<Self> {
        let (line_tx, mut line_rx) = mpsc::channel::<Vec<u8>>(64);
        std::thread::Builder::new()
            .name("stdin-reader".into())
            .spawn(move || {
                use std::io::BufRead as _;
                let mut stdin = io::stdin().lock();
                loop {
                    let mut line = Vec::new();
                    match stdin.read_until(b'\n', &mut line) {
                        Ok(0) => break,
                        Ok(_) if line_tx.blocking_send(line).is_ok() => {}
                        Ok(_) => break,
                        Err(error) => {
                            tracing::error!(%error, "reading stdin failed");
                            break;
                        }
                    }
                }
            })?;

        let stdout = Arc::new(Mutex::new(tokio::io::stdout()));
        let (message_tx, incoming) = mpsc::channel(64);
        let replies = stdout.clone();
        // One task decides about every line in order, so an error reply can never overtake
        // the message before it. It ends at EOF, which closes `incoming` and ends rmcp.
        tokio::spawn(async move {
            // rmcp's handshake aborts the whole connection on a notification or a response
            // arriving before `initialize`; those are meaningless then, so they are dropped.
            let mut handshake_done = false;
            while let Some(line) = line_rx.recv().await {
                if line.trim_ascii().is_empty() {
                    continue;
                }
                match triage(&line) {
                    Triage::Forward(message) => {
                        match &*message {
                            ClientJsonRpcMessage::Request(request) => {
                                handshake_done |= match &request.request {
                                    ClientRequest::InitializeRequest(_) => true,
                                    // The 2026-07-28 lifecycle has no initialize: a request
                                    // carrying its protocol version in `_meta` starts it.
                                    other => other.get_meta().protocol_version().is_some(),
                                };
                            }
                            _ if !handshake_done => {
                                tracing::debug!("dropping a non-request before initialize");
                                continue;
                            }
                            _ => {}
                        }
                        if message_tx.send(*message).await.is_err() {
                            break;
                        }
                    }
                    Triage::Reply(error) => {
                        if let Err(error) = write_frame(&replies, &error).await {
                            tracing::error!(%error, "writing to stdout failed");
                            break;
                        }
                    }
                    Triage::Ignore => {}
                }
            }
        });
        Ok(Self { incoming, stdout })
    }
}

impl Transport<RoleServer> for StdioTransport {
    type Error = io::Error;

    fn send(
        &mut self,
        item: ServerJsonRpcMessage,
    ) -> impl Future<Output = io::Result<()>> + Send + 'static {
        let stdout = self.stdout.clone();
        async move { write_frame(&stdout, &item).await }
    }

    async fn receive(&mut self) -> Option<ClientJsonRpcMessage> {
        self.incoming.recv().await
    }

    async fn close(&mut self) -> io::Result<()> {
        self.incoming.close();
        Ok(())
    }
}

/// Writes one compact JSON frame plus newline; the lock keeps concurrent frames whole.
async fn write_frame(stdout: &Mutex<tokio::io::Stdout>, frame: &impl Serialize) -> io::Result<()> {
    let mut line = serde_json::to_vec(frame)?;
    line.push(b'\n');
    let mut stdout = stdout.lock().await;
    stdout.write_all(&line).await?;
    stdout.flush().await
}

// ---------------------------------------------------------------------------------------------
// streamable HTTP
// ---------------------------------------------------------------------------------------------

async fn serve_http<S, F>(make_handler: F, args: &ServeArgs) -> anyhow::Result<()>
where
    S: ServerHandler,
    F: Fn() -> S + Send + Sync + 'static,
{
    let path = if args.path.starts_with('/') {
        args.path.clone()
    } else {
        format!("/{}", args.path)
    };
    // Cancelling this token ends every session and SSE stream, which graceful shutdown needs.
    let ct = CancellationToken::new();
    let mcp = StreamableHttpService::new(
        move || Ok(make_handler()),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default().with_cancellation_token(ct.child_token()),
    );
    let app = Router::new()
        .route_service(&path, mcp)
        .layer(middleware::from_fn(jsonrpc_errors_for_bad_bodies))
        .route("/health", get(|| async { Json(json!({"status": "ok"})) }));

    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
        .await
        .with_context(|| format!("cannot bind {}:{}", args.host, args.port))?;
    let address = listener.local_addr()?;
    // The test suite waits for exactly this line; print it only once the socket accepts.
    eprintln!("listening on http://{address}{path}");

    let on_signal = ct.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        on_signal.cancel();
    });
    let stopping = ct.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        stopping.cancelled().await;
    });
    tokio::select! {
        served = server => served.context("HTTP server failed")?,
        // A client holding a connection open must not keep a stopping server alive.
        () = async {
            ct.cancelled().await;
            tokio::time::sleep(HTTP_SHUTDOWN_GRACE).await;
        } => tracing::warn!("connections still open after shutdown grace period"),
    }
    Ok(())
}

/// rmcp answers a POST body it cannot deserialize with `415 Unsupported Media Type` and plain
/// text, which no JSON-RPC client can read, and answers a known method with wrong params
/// (in a session's SSE stream) with -32601. This layer answers such bodies as [`triage`]
/// prescribes: a JSON-RPC error body (400), or 202 for a notification it cannot use.
async fn jsonrpc_errors_for_bad_bodies(request: Request, next: Next) -> Response {
    let declares_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if request.method() != Method::POST || !declares_json {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_HTTP_BODY_BYTES).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "request body too large or unreadable",
        )
            .into_response();
    };
    let answer = match triage(&body) {
        Triage::Forward(_) => return next.run(Request::from_parts(parts, Body::from(body))).await,
        Triage::Reply(error) => (StatusCode::BAD_REQUEST, Json(error)).into_response(),
        Triage::Ignore => StatusCode::ACCEPTED.into_response(),
    };
    // rmcp still sees the request, with an empty body it is sure to reject with 415 once its
    // Host, Origin and Accept checks pass: a refusal of those keeps precedence over our answer.
    let checked = next.run(Request::from_parts(parts, Body::empty())).await;
    if checked.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        answer
    } else {
        checked
    }
}
