//! Serving streamable HTTP (rmcp's service behind the triage middleware), plus `/health`.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context as _;
use axum::{
    Json, Router,
    body::Body,
    extract::Request,
    http::{Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    serve::ListenerExt as _,
};
use rmcp::{
    ServerHandler,
    transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
    },
};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use super::auth::{BearerAuth, METADATA_PATH, require_bearer};
use super::{ServeArgs, Triage, shutdown_signal, triage};

/// Largest POST body buffered by the HTTP layer; the same as rmcp's own default limit.
pub(super) const MAX_HTTP_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Browser origins admitted besides requests without `Origin`. rmcp admits only loopback
/// `Host` headers by default but checks `Origin` only when given a list: with this one a page
/// from any other origin (DNS rebinding) is refused with 403 even when its `Host` is loopback.
const LOOPBACK_ORIGINS: [&str; 6] = [
    "http://localhost:*",
    "http://127.0.0.1:*",
    "http://[::1]:*",
    "https://localhost:*",
    "https://127.0.0.1:*",
    "https://[::1]:*",
];

/// How long HTTP graceful shutdown may wait for open connections (SSE streams) to end.
const HTTP_SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

pub(super) async fn serve_http<S, F>(make_handler: F, args: &ServeArgs) -> anyhow::Result<()>
where
    S: ServerHandler,
    F: Fn() -> S + Send + Sync + 'static,
{
    let path = rooted(&args.path);
    // Cancelling this token ends every session and SSE stream, which graceful shutdown needs.
    let ct = CancellationToken::new();
    let mcp = StreamableHttpService::new(
        move || Ok(make_handler()),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default()
            .with_allowed_origins(LOOPBACK_ORIGINS)
            .with_cancellation_token(ct.child_token()),
    );
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
        .await
        .with_context(|| format!("cannot bind {}:{}", args.host, args.port))?;
    let address = listener.local_addr()?;

    let app = Router::new()
        .route_service(&path, mcp)
        .layer(middleware::from_fn(jsonrpc_errors_for_bad_bodies));
    let app = with_bearer_auth(app, args, address, &path)?;
    // The test suite waits for exactly this line; print it only once the socket accepts.
    eprintln!("listening on http://{address}{path}");
    serve_until_shutdown(listener, app, ct).await
}

/// `path` with a leading slash.
pub(super) fn rooted(path: &str) -> String {
    if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    }
}

/// `app` behind the bearer-JWT layer when the flags ask for it (with the RFC 9728 metadata
/// documents beside it), plus `GET /health` in any case. `path` names the protected resource.
pub(super) fn with_bearer_auth(
    mut app: Router,
    args: &ServeArgs,
    address: SocketAddr,
    path: &str,
) -> anyhow::Result<Router> {
    // The bearer check is the outer layer: a refused request reaches nothing else.
    if let Some(auth) = BearerAuth::from_args(&args.auth, &format!("http://{address}"), path)? {
        let metadata = auth.metadata();
        app = app
            .layer(middleware::from_fn_with_state(auth, require_bearer))
            // RFC 9728 also places it after the well-known prefix plus the resource's path.
            .route(
                &format!("{METADATA_PATH}{path}"),
                get({
                    let metadata = metadata.clone();
                    move || std::future::ready(Json(metadata.clone()))
                }),
            )
            .route(
                METADATA_PATH,
                get(move || std::future::ready(Json(metadata.clone()))),
            );
    }
    Ok(app.route("/health", get(|| async { Json(json!({"status": "ok"})) })))
}

/// Serves `app` until SIGTERM/SIGINT or `ct` is cancelled; cancelling `ct` must end every
/// session and event stream, and connections still open after a grace period are dropped.
pub(super) async fn serve_until_shutdown(
    listener: tokio::net::TcpListener,
    app: Router,
    ct: CancellationToken,
) -> anyhow::Result<()> {
    let on_signal = ct.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        on_signal.cancel();
    });
    let stopping = ct.clone();
    // Without TCP_NODELAY an SSE answer written in two parts (a notification, then the
    // response) waits for the client's delayed ACK: about 40 ms per round trip.
    let listener = listener.tap_io(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY");
        }
    });
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
pub(super) async fn jsonrpc_errors_for_bad_bodies(request: Request, next: Next) -> Response {
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
