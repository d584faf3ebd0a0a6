//! The wrapper: mcp-bridge exposing a remote server that requires bearer tokens, holding the
//! token in its environment; and a bridge whose exposed side requires tokens itself. Support:
//! `systems::mcp_bridge::wrapper`.

use cucumber::{given, then, when};

use crate::harness::jwt::Credentials;
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::wrapper::{
    expect_refusal_naming_status, expect_refusal_naming_status_alone,
    expect_refusal_naming_unreachable, expect_token_never_shown, initialize_through_bridge,
    initialize_to_refusing_server, initialize_to_stopped_server, require_tokens_at_bridge,
};
use crate::world::McpWorld;

#[given(expr = "the wrapper holds {credentials}")]
async fn wrapper_holds(world: &mut McpWorld, credentials: Credentials) -> StepResult {
    world.gateway.give_wrapper(credentials).await
}

#[when(expr = "a client sends initialize to it through a bridge over {transport}")]
async fn starts_session(world: &mut McpWorld, client: Transport) -> StepResult {
    initialize_through_bridge(world, client).await
}

#[when(
    expr = "a client sends initialize through a bridge over {transport} to a server that has stopped"
)]
async fn starts_session_with_stopped(world: &mut McpWorld, client: Transport) -> StepResult {
    initialize_to_stopped_server(world, client).await
}

#[when(
    expr = "a client sends initialize through a bridge over {transport} to a server that answers it with HTTP status {int}"
)]
async fn starts_session_with_refusing(
    world: &mut McpWorld,
    client: Transport,
    status: u16,
) -> StepResult {
    initialize_to_refusing_server(world, client, status).await
}

#[then(expr = "the session is refused with a JSON-RPC error naming HTTP {int} and no challenge")]
async fn refused_naming_status_alone(world: &mut McpWorld, status: u16) -> StepResult {
    expect_refusal_naming_status_alone(world.last_raw_response()?, status)
}

#[then(
    expr = "the session is refused with a JSON-RPC error naming HTTP {int} and the Bearer challenge"
)]
async fn refused_naming_status(world: &mut McpWorld, status: u16) -> StepResult {
    expect_refusal_naming_status(world.last_raw_response()?, status)
}

#[then("the session is refused with a JSON-RPC error naming the unreachable server")]
async fn refused_unreachable(world: &mut McpWorld) -> StepResult {
    expect_refusal_naming_unreachable(world.last_raw_response()?)
}

#[then("the token appears nowhere in what the wrapper wrote")]
async fn token_never_shown(world: &mut McpWorld) -> StepResult {
    expect_token_never_shown(world)
}

#[given("a bridge over http requiring bearer tokens in front of it")]
async fn bridge_requiring_tokens(world: &mut McpWorld) -> StepResult {
    require_tokens_at_bridge(world).await
}
