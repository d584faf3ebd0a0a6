//! Process steps: raw JSON-RPC and the frames on the wire.

use super::*;

#[then("the client sent initialize first, and nothing more until the server answered it")]
pub(super) async fn initialize_first(world: &mut McpWorld) -> StepResult {
    ps::wire::initialize_came_first(&ps::wire::client_frames(world)?)
}

#[then("every request the client sent carried jsonrpc \"2.0\", an id, a method and params")]
pub(super) async fn requests_well_formed(world: &mut McpWorld) -> StepResult {
    ps::wire::requests_well_formed(&ps::wire::client_frames(world)?)
}

#[when(expr = "the client sends the request {word} with id {int} and params:")]
pub(super) async fn raw_request(
    world: &mut McpWorld,
    method: String,
    id: i64,
    step: &Step,
) -> StepResult {
    let params = match step.docstring {
        Some(_) => serde_json::from_str(docstring(step)?)?,
        None => serde_json::json!({}),
    };
    ps::wire::send_request(world, &method, id, params).await
}

#[then(expr = "the response is JSON-RPC 2.0 with id {int} and exactly one of result or error")]
pub(super) async fn valid_response(world: &mut McpWorld, id: i64) -> StepResult {
    ps::wire::valid_response(world.last_raw_response()?, id)
}

#[when(expr = "the client introduces itself as {string} version {string} in initialize")]
pub(super) async fn initialize_as(
    world: &mut McpWorld,
    name: String,
    version: String,
) -> StepResult {
    ps::wire::initialize_as(world, &name, &version).await
}

#[then("the client's requests are served after the handshake")]
pub(super) async fn served_after_handshake(world: &mut McpWorld) -> StepResult {
    ps::wire::expect_served_after_handshake(world).await
}
