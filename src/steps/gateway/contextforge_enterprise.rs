//! Steps of the ContextForge enterprise features: the tool cache under repeated calls and across
//! a cluster of gateways, and several tenants of one gateway. Behaviour lives in
//! `systems::contextforge::{cache, tenants}`.

use cucumber::{given, then, when};

use crate::steps::StepResult;
use crate::systems::contextforge::{cache, tenants};
use crate::world::McpWorld;

#[when(expr = "the client asks {string} for the current time {int} times")]
async fn repeated_calls(world: &mut McpWorld, tool: String, count: usize) -> StepResult {
    cache::watched_calls(world, &tool, count).await
}

#[then(expr = "more than {int}% of those calls found the tool in the gateway's cache")]
async fn hit_rate(world: &mut McpWorld, percent: u32) -> StepResult {
    cache::expect_hit_rate_above(world, f64::from(percent))
}

#[when(regex = r#"^the administrator (deactivates|activates) the tool "([^"]+)"$"#)]
async fn tool_state(world: &mut McpWorld, change: String, tool: String) -> StepResult {
    cache::set_tool_state(world, &tool, change == "activates").await
}

#[then(expr = "the client's call of {string} is refused as {word}")]
async fn call_refused(world: &mut McpWorld, tool: String, word: String) -> StepResult {
    cache::expect_call_refused(world, &tool, &word).await
}

#[given(expr = "the tenants {string} and {string}, each in a team of its own")]
async fn two_tenants(world: &mut McpWorld, first: String, second: String) -> StepResult {
    tenants::add_tenant(world, &first).await?;
    tenants::add_tenant(world, &second).await
}

#[given(expr = "{string} creates a virtual server {string} for its team with the tool {string}")]
async fn team_server(
    world: &mut McpWorld,
    tenant: String,
    server: String,
    tool: String,
) -> StepResult {
    tenants::team_server(world, &server, &tenant, &tool).await
}

#[then(expr = "the virtual servers listed to {string} are exactly {string}")]
async fn servers_listed(world: &mut McpWorld, tenant: String, servers: String) -> StepResult {
    tenants::expect_servers_listed(world, &tenant, &servers).await
}
