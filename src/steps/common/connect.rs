//! Reaching the server under test: sessions, raw connections, transport and capability gates.

use cucumber::given;

use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::world::{DEFAULT_PROTOCOL_VERSION, DEFAULT_SESSION, McpWorld};

#[given(expr = "a client connected to the server under test over {transport}")]
async fn client_connected(world: &mut McpWorld, transport: Transport) -> StepResult {
    world
        .open_session(DEFAULT_SESSION, transport, DEFAULT_PROTOCOL_VERSION)
        .await
}

#[given(expr = "a client {string} connected to the server under test over {transport}")]
async fn named_client_connected(
    world: &mut McpWorld,
    name: String,
    transport: Transport,
) -> StepResult {
    world
        .open_session(&name, transport, DEFAULT_PROTOCOL_VERSION)
        .await
}

#[given(expr = "a raw connection to the server under test over {transport}")]
async fn raw_connection(world: &mut McpWorld, transport: Transport) -> StepResult {
    world.open_raw(transport).await.map(drop)
}

#[given(expr = "an initialized raw connection to the server under test over {transport}")]
async fn initialized_raw_connection(world: &mut McpWorld, transport: Transport) -> StepResult {
    world
        .open_raw(transport)
        .await?
        .handshake(DEFAULT_PROTOCOL_VERSION)
        .await
        .map(drop)
}

#[given(expr = "the server declares the {word} capability")]
async fn declares_capability(world: &mut McpWorld, capability: String) -> StepResult {
    world.require_capability(&capability)
}

#[given(expr = "each wait is bounded by {float} seconds")]
async fn wait_bound(world: &mut McpWorld, seconds: f64) -> StepResult {
    world.timeout = std::time::Duration::from_secs_f64(seconds);
    Ok(())
}
