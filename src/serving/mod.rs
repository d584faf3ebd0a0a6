//! The one serving helper shared by every fixture server.
//!
//! A fixture binary flattens [`ServeArgs`] into its CLI and calls [`serve`] with a factory for
//! its rmcp `ServerHandler`; the transport (stdio, streamable HTTP or legacy SSE) is picked at
//! run time. [`triage`] is a thin
//! JSON-RPC validation layer in front of rmcp, correcting the places where rmcp's transports
//! are not spec-correct (see its doc comment); every transport must route frames through it.

use rmcp::ServerHandler;

pub mod auth;
mod http;
mod sse;
mod stdio;
mod triage;

use http::serve_http;
use sse::serve_sse;
use stdio::serve_stdio;
pub use triage::{HandshakeGate, INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR, Triage, triage};

/// Wire transport a fixture server speaks.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// Newline-delimited JSON-RPC on stdin/stdout.
    Stdio,
    /// MCP streamable HTTP (POST/GET/DELETE on one endpoint, with sessions).
    #[value(alias = "streamable-http")]
    Http,
    /// The legacy HTTP+SSE transport (2024-11-05): GET an event stream, POST messages.
    Sse,
}

impl TransportKind {
    /// The name used on the command line (`--transport` / `--mode`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stdio => "stdio",
            Self::Http => "http",
            Self::Sse => "sse",
        }
    }
}

/// Serving options shared by every fixture binary (`#[command(flatten)]` them).
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Transport to serve on.
    #[arg(long, visible_alias = "mode", value_enum, default_value_t = TransportKind::Stdio)]
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
    /// Path of the event stream (SSE only).
    #[arg(long, default_value = "/sse")]
    pub sse_path: String,
    /// Path messages are POSTed to (SSE only); the `endpoint` event names it with the session.
    #[arg(long, default_value = "/message")]
    pub message_path: String,
    /// Seconds between keep-alive comments on an idle event stream (SSE only).
    #[arg(long, default_value_t = 15)]
    pub sse_keep_alive: u64,
    /// Bearer-JWT authorization of the HTTP endpoint (off unless all three flags are given).
    #[command(flatten)]
    pub auth: auth::AuthArgs,
}

/// Logs go to stderr only: in stdio mode stdout carries the protocol. `RUST_LOG` filters,
/// default `warn`. Calling it twice is harmless.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Serves the handlers made by `make_handler` on the transport chosen in `args` until the
/// peer goes away (stdio: stdin closed) or SIGTERM/SIGINT arrives; both end with `Ok`.
/// stdio serves one handler; HTTP and SSE make one per session.
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
        TransportKind::Sse => serve_sse(make_handler, args).await,
    }
}

/// For fixture servers' `list_*` handlers: a list served in one page refuses any cursor (none
/// was ever issued), with -32602 as the spec asks for an invalid cursor.
///
/// # Errors
/// The request carries a cursor.
pub fn refuse_cursor(
    request: Option<&rmcp::model::PaginatedRequestParams>,
) -> Result<(), rmcp::ErrorData> {
    match request.and_then(|request| request.cursor.as_deref()) {
        None => Ok(()),
        Some(cursor) => Err(rmcp::ErrorData::invalid_params(
            format!("invalid cursor: {cursor:?} (this list has a single page)"),
            None,
        )),
    }
}

/// Resolves on the first SIGTERM or SIGINT.
pub(super) async fn shutdown_signal() {
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
