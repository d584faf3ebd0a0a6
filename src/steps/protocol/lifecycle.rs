//! Handshake, version negotiation, ping and shutdown.

use std::time::Duration;

use cucumber::{then, when};
use serde_json::Value;

use crate::checks::expect;
use crate::checks::jsonrpc::nothing_heard;
use crate::checks::lifecycle;
use crate::mcp::jsonrpc;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[when(expr = "the client sends initialize offering protocol version {string}")]
async fn send_initialize(world: &mut McpWorld, version: String) -> StepResult {
    let response = world.raw()?.initialize(&version).await?;
    let request = format!("initialize offering {version}");
    world.record(Outcome::Raw { request, response });
    Ok(())
}

/// The result of the last request (initialize, server/discover), which must be a success.
fn last_result(world: &McpWorld) -> anyhow::Result<Value> {
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).cloned()
}

#[then("the result names the server and its version")]
async fn names_server(world: &mut McpWorld) -> StepResult {
    lifecycle::names_server(&last_result(world)?)
}

#[then("the result declares the server's capabilities as an object")]
async fn declares_capabilities(world: &mut McpWorld) -> StepResult {
    lifecycle::declares_capabilities(&last_result(world)?)
}

#[then("the result names a protocol version the client can speak")]
async fn names_known_version(world: &mut McpWorld) -> StepResult {
    lifecycle::names_published_version(&last_result(world)?)
}

#[then(expr = "the server agrees to protocol version {string}")]
async fn agrees_to_version(world: &mut McpWorld, offered: String) -> StepResult {
    lifecycle::agrees_to_version(&last_result(world)?, &offered, &*world.target()?)
}

#[then(expr = "the server proposes a published protocol version instead of {string}")]
async fn proposes_other_version(world: &mut McpWorld, offered: String) -> StepResult {
    lifecycle::proposes_other_version(&last_result(world)?, &offered)
}

#[when(expr = "the client sends the notification {string}")]
async fn send_notification(world: &mut McpWorld, method: String) -> StepResult {
    let frame = jsonrpc::notification(&method, None);
    world.raw()?.send(&frame).await
}

#[then(expr = "no response arrives within {float} seconds")]
async fn no_response(world: &mut McpWorld, seconds: f64) -> StepResult {
    let window = Duration::from_secs_f64(seconds);
    nothing_heard(world.raw()?.silence(window).await?)
}

#[then("the server still answers a ping")]
async fn still_answers_ping(world: &mut McpWorld) -> StepResult {
    let response = world.raw()?.call("ping", None).await?;
    lifecycle::answers_ping(&response)
}

#[when("the client pings the server")]
async fn ping(world: &mut McpWorld) -> StepResult {
    let reply = world.client()?.ping().await?;
    let request = "ping".to_owned();
    world.record(Outcome::Reply { request, reply });
    Ok(())
}

#[then("the server answers with an empty result")]
async fn empty_result(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::empty_result(&request, &reply)
}

#[then("every message the server sent on its own uses a method MCP defines")]
async fn server_messages_are_mcp(world: &mut McpWorld) -> StepResult {
    lifecycle::only_mcp_methods(&world.client()?.received())
}

#[when("the client closes the connection")]
async fn close_connection(world: &mut McpWorld) -> StepResult {
    world.client()?.close().await
}

#[then(expr = "the server process exits on its own within {int} seconds")]
async fn exits_within(world: &mut McpWorld, seconds: u64) -> StepResult {
    let limit = Duration::from_secs(seconds);
    let status = world.client()?.wait_for_server_exit(limit).await?;
    world.record(Outcome::Exited(status));
    Ok(())
}

#[then(expr = "its exit status is {int}")]
async fn exit_status(world: &mut McpWorld, code: i32) -> StepResult {
    let evidence = world
        .client()
        .map(|s| s.link.evidence())
        .unwrap_or_default();
    lifecycle::exited_with(world.last.as_ref(), code, &evidence)
}

#[when("the client ends the HTTP session")]
async fn end_http_session(world: &mut McpWorld) -> StepResult {
    let status = world.raw()?.end_http_session().await?;
    world.record(Outcome::HttpStatus(status));
    Ok(())
}

#[then("the server confirms the end of the session")]
async fn confirms_end(world: &mut McpWorld) -> StepResult {
    lifecycle::session_ended(world.last.as_ref(), &world.target()?.name)
}
