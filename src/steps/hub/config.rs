//! What the hub is configured with: its backends, aliases, the call timeout, an API key.

use cucumber::{gherkin::Step, given};

use super::table;
use crate::steps::StepResult;
use crate::systems::mcp_hub::setup::backends_from_table;
use crate::world::McpWorld;

#[given("a hub with the backends:")]
async fn hub_with(world: &mut McpWorld, step: &Step) -> StepResult {
    let servers = backends_from_table(world, table(step)?).await?;
    world.hub.servers = servers;
    Ok(())
}

#[given(expr = "the backend {string} lists its tool {string} as {string}")]
async fn tool_alias(
    world: &mut McpWorld,
    backend: String,
    tool: String,
    alias: String,
) -> StepResult {
    world.hub.server_mut(&backend)?["aliases"][tool] = alias.into();
    Ok(())
}

#[given(expr = "the hub's calls time out after {int} ms")]
async fn call_timeout(world: &mut McpWorld, ms: u64) -> StepResult {
    world.hub.call_timeout_ms = Some(ms);
    Ok(())
}

#[given("the hub requires an API key")]
async fn api_key(world: &mut McpWorld) -> StepResult {
    world.hub.api_key = Some(format!("key-{}", uuid::Uuid::new_v4().simple()));
    Ok(())
}

#[given("the hub is running in the background")]
async fn running(world: &mut McpWorld) -> StepResult {
    let limit = world.timeout;
    world.hub.start_http(limit).await.map(drop)
}
