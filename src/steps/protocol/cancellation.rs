//! Cancellation: notifications/cancelled for a request in flight, over the raw channel.

use std::time::Duration;

use anyhow::{Context, bail};
use cucumber::{then, when};
use serde_json::{Value, json};

use crate::mcp::jsonrpc::{self, pretty};
use crate::steps::StepResult;
use crate::steps::protocol::probes::{ProbeTool, probe};
use crate::world::McpWorld;

/// A request id no client of this suite ever sends.
const NEVER_SENT_ID: i64 = 987_654_321;

#[when(regex = r"^the client calls the slow tool with id (.+)$")]
async fn call_slow_tool(world: &mut McpWorld, id: String) -> StepResult {
    let id = parse_id(&id)?;
    let probe = probe(world, ProbeTool::Slow)?;
    let params = json!({"name": probe.name, "arguments": probe.arguments});
    world
        .raw()?
        .send(&jsonrpc::request(id, "tools/call", Some(params)))
        .await
}

#[when(regex = r"^the client cancels the request with id (.+)$")]
async fn cancel(world: &mut McpWorld, id: String) -> StepResult {
    let id = parse_id(&id)?;
    send_cancel(world, id).await
}

#[when("the client cancels a request it never sent")]
async fn cancel_unknown(world: &mut McpWorld) -> StepResult {
    send_cancel(world, json!(NEVER_SENT_ID)).await
}

async fn send_cancel(world: &mut McpWorld, id: Value) -> StepResult {
    let params = json!({"requestId": id, "reason": "cancelled by the acceptance suite"});
    world
        .raw()?
        .send(&jsonrpc::notification(
            "notifications/cancelled",
            Some(params),
        ))
        .await
}

#[then(regex = r"^no response with id (.+) arrives within ([0-9.]+) seconds$")]
async fn no_response_to(world: &mut McpWorld, id: String, seconds: String) -> StepResult {
    let id = parse_id(&id)?;
    let window: f64 = seconds.parse().context("the window is not a number")?;
    let raw = world.raw()?;
    match raw
        .response_within(&id, Duration::from_secs_f64(window))
        .await?
    {
        None => Ok(()),
        Some(response) => {
            let error = anyhow::anyhow!(
                "the server answered the cancelled request {id}:\n{}",
                pretty(&response)
            );
            Err(raw.link.explain(error).await)
        }
    }
}

fn parse_id(text: &str) -> anyhow::Result<Value> {
    let id: Value =
        serde_json::from_str(text.trim()).with_context(|| format!("the id {text} is not JSON"))?;
    if !(id.is_string() || id.is_i64() || id.is_u64()) {
        bail!("a request id is a string or an integer, got {id}");
    }
    Ok(id)
}
