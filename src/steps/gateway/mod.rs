//! Steps of `features/gateway/`: routes from a client to a server through `mcp-bridge`
//! fixtures, what the client sees through them, the wrapper's authentication, and latency
//! (support: `systems::mcp_bridge`); and the real ContextForge gateway
//! (`systems::contextforge`).

mod chains;
mod contextforge;
mod contextforge_enterprise;
mod latency;
mod time;
mod wrapper;

use cucumber::{given, then, when};

use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::routes::{disconnect, expect_cancellation_passed_on, route_to};
use crate::world::McpWorld;

#[given(
    regex = r"^(the time server|the reference server|the time server requiring bearer tokens) serving over (stdio|http|sse)$"
)]
async fn server_serving(world: &mut McpWorld, name: String, transport: Transport) -> StepResult {
    world.gateway.serve(&name, transport)
}

#[given(expr = "the way to it goes through a bridge exposing {transport}")]
async fn route_through_bridge(world: &mut McpWorld, exposed: Transport) -> StepResult {
    let target = route_to(world, &[exposed]).await?;
    world.use_scenario_target(target);
    Ok(())
}

#[then(expr = "the bridge passed the cancellation of {word} on to the server")]
async fn cancellation_passed_on(world: &mut McpWorld, method: String) -> StepResult {
    expect_cancellation_passed_on(world.raw()?, &method).await
}

#[when("the client disconnects")]
async fn client_disconnects(world: &mut McpWorld) -> StepResult {
    disconnect(world).await;
    Ok(())
}
