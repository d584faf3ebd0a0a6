//! List-change notifications: a tool call that changes a list makes the server say so.

use anyhow::{Result, bail};
use cucumber::{then, when};

use crate::checks::expect;
use crate::checks::listing::McpList;
use crate::mcp::jsonrpc::Reply;
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[when(expr = "the client calls the server's tool that changes the {mcp_list} list")]
async fn call_changing_tool(world: &mut McpWorld, list: McpList) -> StepResult {
    let probe: ToolProbe = world.required_probe(list.changing_tool_role())?;
    let request = format!("{} (changes the {list} list)", probe.describe());
    let counted = world.client()?.call_probe_counted(&probe).await?;
    world.record(reply_after(request, counted));
    Ok(())
}

/// The outcome of a call made after the server had sent `received_before` messages on its own.
fn reply_after(request: String, (received_before, reply): (usize, Reply)) -> Outcome {
    Outcome::ReplyAfter {
        request,
        reply,
        received_before,
    }
}

/// How many messages the server had sent on its own before the call that changes `list`.
fn received_before(world: &McpWorld, list: McpList) -> Result<usize> {
    match world.last {
        Some(Outcome::ReplyAfter {
            received_before, ..
        }) => Ok(received_before),
        _ => bail!("no tool call that changes the {list} list was made in this scenario"),
    }
}

#[then(expr = "the client is notified that the {mcp_list} list changed")]
async fn notified_list_changed(world: &mut McpWorld, list: McpList) -> StepResult {
    let (method, skip) = (list.changed_notification()?, received_before(world, list)?);
    let message = world.client()?.wait_for_message_after(method, skip).await?;
    expect::is_notification(&message)
}
