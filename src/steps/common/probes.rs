//! Calling a probe tool by its role (`the client calls the sampling tool`); the registry names the
//! tool (`mcp::probes`).

use crate::mcp::probes::{ProbeTool, probe};
use crate::steps::StepResult;
use crate::world::McpWorld;
use cucumber::when;

#[when(expr = "the client calls the {probe} tool")]
async fn call_probe_tool(world: &mut McpWorld, tool: ProbeTool) -> StepResult {
    let probe = probe(world, tool)?;
    world.call_tool(&probe.name, probe.arguments).await
}

#[when(expr = "{string} calls the {probe} tool")]
async fn named_client_calls_probe_tool(
    world: &mut McpWorld,
    client: String,
    tool: ProbeTool,
) -> StepResult {
    let probe = probe(world, tool)?;
    let reply = world
        .session(&client)?
        .call_tool(&probe.name, probe.arguments)
        .await?;
    let request = format!("tools/call \"{}\" by \"{client}\"", probe.name);
    world.record(crate::world::Outcome::Reply { request, reply });
    Ok(())
}
