//! Streamable HTTP specifics: session ids, the MCP-Protocol-Version header, DNS rebinding
//! protection. Each request is an exact POST with chosen headers over the raw channel.

use anyhow::{Context, ensure};
use cucumber::{given, then, when};

use crate::harness::skip::skip_scenario;
use crate::mcp::jsonrpc::{self};
use crate::mcp::raw::PostHeaders;
use crate::steps::StepResult;
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

/// Sends `method` with `headers` and records what came back: the JSON-RPC response of an
/// accepted (2xx) request, otherwise the HTTP answer.
async fn post(
    world: &mut McpWorld,
    what: String,
    method: &str,
    params: Option<serde_json::Value>,
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
        Some(response) if answer.is_success() => world.record(Outcome::Raw {
            request: what,
            response,
        }),
        _ => world.record(Outcome::Http {
            request: what,
            answer,
        }),
    }
    Ok(())
}

#[then("the server issued a session id of visible ASCII characters")]
async fn issued_session_id(world: &mut McpWorld) -> StepResult {
    let Some(id) = world.raw()?.session_id() else {
        return skip_without_sessions(world);
    };
    ensure!(
        !id.is_empty() && id.bytes().all(|b| (0x21..=0x7e).contains(&b)),
        "the Mcp-Session-Id \"{}\" must be visible ASCII (0x21 to 0x7E) only",
        id.escape_debug()
    );
    Ok(())
}

#[given("the server keeps sessions")]
async fn keeps_sessions(world: &mut McpWorld) -> StepResult {
    if world.raw()?.session_id().is_none() {
        return skip_without_sessions(world);
    }
    Ok(())
}

/// Skips the scenario: the server issued no session id.
fn skip_without_sessions(world: &McpWorld) -> StepResult {
    let name = world.target()?.name.clone();
    skip_scenario(format!(
        "server '{name}' issued no Mcp-Session-Id in its initialize answer: it keeps no sessions"
    ))
}

#[when("the client sends a ping without the session id")]
async fn ping_without_session(world: &mut McpWorld) -> StepResult {
    let headers = PostHeaders {
        session_id: Some(None),
        ..Default::default()
    };
    post(
        world,
        "a ping without Mcp-Session-Id".into(),
        "ping",
        None,
        headers,
    )
    .await
}

#[when(expr = "the client sends a ping in the session {string}")]
async fn ping_in_session(world: &mut McpWorld, session: String) -> StepResult {
    let what = format!("a ping with Mcp-Session-Id \"{session}\"");
    let headers = PostHeaders {
        session_id: Some(Some(session)),
        ..Default::default()
    };
    post(world, what, "ping", None, headers).await
}

#[when("the client sends a ping in the ended session")]
async fn ping_in_ended_session(world: &mut McpWorld) -> StepResult {
    let what = "a ping in the ended session".to_owned();
    post(world, what, "ping", None, PostHeaders::default()).await
}

#[when(expr = "the client sends a ping with the MCP-Protocol-Version header {string}")]
async fn ping_with_version(world: &mut McpWorld, version: String) -> StepResult {
    let what = format!("a ping with MCP-Protocol-Version \"{version}\"");
    let headers = PostHeaders {
        protocol_version: Some(Some(version)),
        ..Default::default()
    };
    post(world, what, "ping", None, headers).await
}

#[when(expr = "the client sends initialize with the {word} header {string}")]
async fn initialize_with_header(world: &mut McpWorld, name: String, value: String) -> StepResult {
    let what = format!("initialize with {name}: {value}");
    let headers = PostHeaders {
        session_id: Some(None),
        protocol_version: Some(None),
        extra: vec![(name, value)],
    };
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    post(world, what, "initialize", Some(params), headers).await
}
