//! Cancelling a request on the raw channel (protocol, gateway and OpenAPI features): a slow call
//! with a chosen id, its cancellation, and no response to it afterwards.

use crate::checks::jsonrpc::unanswered;
use crate::mcp::jsonrpc::{self, Id};
use crate::mcp::probes::cancellable_probe;
use crate::steps::StepResult;
use crate::world::McpWorld;
use cucumber::{then, when};
use std::time::Duration;

#[then(regex = r"^no response with id (.+) arrives within ([0-9.]+) seconds$")]
async fn no_response_to(world: &mut McpWorld, id: Id, seconds: f64) -> StepResult {
    let raw = world.raw()?;
    let window = Duration::from_secs_f64(seconds);
    let response = raw.response_within(&id.0, window).await?;
    raw.with_evidence(unanswered(&id.0, response)).await
}

/// Responses to different requests are not ordered, so nothing but time proves the cancelled
/// call's answer will not come: the wait ends just past the time the call takes uncancelled.
#[then(regex = r"^no response with id (.+) arrives by the time the slow tool would have answered$")]
async fn no_response_by_then(world: &mut McpWorld, id: Id) -> StepResult {
    let window = cancellable_probe(world)?.silence_after_cancel();
    let raw = world.raw()?;
    let response = raw.response_within(&id.0, window).await?;
    raw.with_evidence(unanswered(&id.0, response)).await
}

#[when(regex = r"^the client calls the slow tool with id (.+)$")]
async fn call_slow_tool(world: &mut McpWorld, id: Id) -> StepResult {
    let probe = cancellable_probe(world)?.probe;
    let frame = jsonrpc::tool_call(id.0, &probe.name, &probe.arguments, None);
    world.raw()?.send(&frame).await
}

#[when(regex = r"^the client cancels the request with id (.+)$")]
async fn cancel(world: &mut McpWorld, id: Id) -> StepResult {
    world.raw()?.send(&jsonrpc::cancellation(&id.0)).await
}

/// can-2 (SHOULD not answer a cancelled request; one that cannot be stopped may still be
/// answered): a miss is a warning.
#[then(
    regex = r"^no response with id (.+) should arrive by the time the slow tool would have answered$"
)]
async fn no_response_should_come(world: &mut McpWorld, id: Id) -> StepResult {
    let check = no_response_by_then(world, id).await;
    world.warnings.should(check);
    Ok(())
}
