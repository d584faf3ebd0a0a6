//! Handshake, version negotiation, ping and shutdown.

use cucumber::{then, when};

use crate::checks::expect;
use crate::checks::lifecycle;
use crate::mcp::jsonrpc;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[then(expr = "the server agrees to protocol version {string}")]
async fn agrees_to_version(world: &mut McpWorld, offered: String) -> StepResult {
    lifecycle::agrees_to_version(&world.last_result()?, &offered, &*world.target()?)
}

#[then(expr = "the server proposes a published protocol version instead of {string}")]
async fn proposes_other_version(world: &mut McpWorld, offered: String) -> StepResult {
    lifecycle::proposes_other_version(&world.last_result()?, &offered)
}

#[when(expr = "the client sends the notification {string}")]
async fn send_notification(world: &mut McpWorld, method: String) -> StepResult {
    let frame = jsonrpc::notification(&method, None);
    world.raw()?.send(&frame).await
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

/// No revision forbids vendor methods: advice, a miss is a warning.
#[then("every message the server sent on its own should use a method MCP defines")]
async fn server_messages_should_be_mcp(world: &mut McpWorld) -> StepResult {
    let check = server_messages_are_mcp(world).await;
    world.warnings.should(check);
    Ok(())
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

#[then(regex = r"^a server that lists (tools|resources|prompts) declares that capability$")]
async fn lists_only_declared(world: &mut McpWorld, key: String) -> StepResult {
    let declared = world.declared_capabilities()?;
    let response = world.raw()?.call(&format!("{key}/list"), None).await?;
    lifecycle::lists_only_what_it_declares(&key, &response, &declared)
}
