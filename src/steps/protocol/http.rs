//! Streamable HTTP specifics: session ids, the MCP-Protocol-Version header, DNS rebinding
//! protection. Each request is an exact POST with chosen headers over the raw channel.

use anyhow::Context;
use cucumber::{given, then, when};
use serde_json::Value;

use crate::checks::http;
use crate::mcp::jsonrpc;
use crate::mcp::raw::PostHeaders;
use crate::steps::StepResult;
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

/// Sends `method` with `headers` and records what came back: the JSON-RPC response of an
/// accepted (2xx) request, otherwise the HTTP answer.
async fn post(
    world: &mut McpWorld,
    request: String,
    method: &str,
    params: Option<Value>,
    headers: PostHeaders,
) -> StepResult {
    let raw = world.raw()?;
    let id = raw.fresh_id();
    let frame = jsonrpc::request(id.clone(), method, params);
    let exchanged = raw.exchange(&id, &frame, &headers).await?;
    let answer = exchanged
        .http
        .context("these requests are HTTP requests; the connection is not HTTP")?;
    match exchanged.response {
        Some(response) if answer.is_success() => world.record(Outcome::Raw { request, response }),
        _ => world.record(Outcome::Http { request, answer }),
    }
    Ok(())
}

/// A ping sent with `headers`, named `request` in failures.
async fn ping(world: &mut McpWorld, request: String, headers: PostHeaders) -> StepResult {
    post(world, request, "ping", None, headers).await
}

/// The session id the server issued; a server that issued none skips the scenario.
fn session_id(world: &mut McpWorld) -> anyhow::Result<String> {
    let server = world.target()?.name.clone();
    Ok(http::issued_session_id(world.raw()?.session_id(), &server))
}

#[then("the server issued a session id of visible ASCII characters")]
async fn issued_session_id(world: &mut McpWorld) -> StepResult {
    http::visible_ascii(&session_id(world)?)
}

#[given("the server keeps sessions")]
async fn keeps_sessions(world: &mut McpWorld) -> StepResult {
    session_id(world).map(drop)
}

#[when("the client sends a ping without the session id")]
async fn ping_without_session(world: &mut McpWorld) -> StepResult {
    let request = "a ping without Mcp-Session-Id".to_owned();
    ping(world, request, PostHeaders::without_session()).await
}

#[when(expr = "the client sends a ping in the session {string}")]
async fn ping_in_session(world: &mut McpWorld, session: String) -> StepResult {
    let request = format!("a ping with Mcp-Session-Id \"{session}\"");
    ping(world, request, PostHeaders::in_session(session)).await
}

#[when("the client sends a ping in the ended session")]
async fn ping_in_ended_session(world: &mut McpWorld) -> StepResult {
    let request = "a ping in the ended session".to_owned();
    ping(world, request, PostHeaders::default()).await
}

#[when(expr = "the client sends a ping with the MCP-Protocol-Version header {string}")]
async fn ping_with_version(world: &mut McpWorld, version: String) -> StepResult {
    let request = format!("a ping with MCP-Protocol-Version \"{version}\"");
    ping(world, request, PostHeaders::with_protocol_version(version)).await
}

#[when(expr = "the client sends initialize with the {word} header {string}")]
async fn initialize_with_header(world: &mut McpWorld, name: String, value: String) -> StepResult {
    let request = format!("initialize with {name}: {value}");
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    let headers = PostHeaders::first_contact_with(name, value);
    post(world, request, "initialize", Some(params), headers).await
}

#[when(expr = "the client posts the notification {string}")]
async fn post_notification(world: &mut McpWorld, method: String) -> StepResult {
    let frame = jsonrpc::notification(&method, None);
    let answer = world
        .raw()?
        .post_with(&frame, &PostHeaders::default())
        .await?;
    let request = format!("the notification {method}");
    world.record(Outcome::Http { request, answer });
    Ok(())
}

#[when("the client posts a ping")]
async fn post_ping(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    let frame = jsonrpc::request(raw.fresh_id(), "ping", None);
    let answer = raw.post_with(&frame, &PostHeaders::default()).await?;
    let request = "a ping".to_owned();
    world.record(Outcome::Http { request, answer });
    Ok(())
}

#[then("the server accepts it with HTTP status 202 and no body")]
async fn accepted_without_body(world: &mut McpWorld) -> StepResult {
    http::accepted_without_body(world.last.as_ref())
}

#[then("the server answers it as JSON or as an event stream")]
async fn json_or_event_stream(world: &mut McpWorld) -> StepResult {
    http::json_or_event_stream(world.last.as_ref())
}

#[when("the client opens an event stream with GET")]
async fn open_get_stream(world: &mut McpWorld) -> StepResult {
    let answer = world.raw()?.open_get_stream().await?;
    let request = "a GET of the endpoint".to_owned();
    world.record(Outcome::Http { request, answer });
    Ok(())
}

#[then("the server answers with an event stream or refuses GET with HTTP status 405")]
async fn event_stream_or_405(world: &mut McpWorld) -> StepResult {
    http::event_stream_or_405(world.last.as_ref())
}
