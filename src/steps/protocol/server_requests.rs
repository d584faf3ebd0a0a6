//! Requests the server sends to a client that offers sampling (without tools), read frame by
//! frame: their ids, their messages and the server's own cancellations.

use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::checks::server_requests;
use crate::mcp::probes::{ProbeTool, probe};
use crate::steps::StepResult;
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

/// What the client answers a request of `method` with.
fn answer(method: &str) -> Value {
    match method {
        "sampling/createMessage" => json!({
            "role": "assistant",
            "content": {"type": "text", "text": "The capital of France is Paris."},
            "model": "mcp-acceptance",
            "stopReason": "endTurn",
        }),
        "roots/list" => json!({"roots": []}),
        _ => json!({}),
    }
}

#[given("the client has initialized it, offering sampling without tools")]
async fn initialized_offering_sampling(world: &mut McpWorld) -> StepResult {
    let capabilities = json!({"sampling": {}});
    let raw = world.raw()?;
    raw.handshake_declaring(DEFAULT_PROTOCOL_VERSION, capabilities)
        .await
}

#[when("the client calls the sampling tool twice, answering every request from the server")]
async fn call_sampling_twice(world: &mut McpWorld) -> StepResult {
    let sampling = probe(world, ProbeTool::Sampling)?;
    for _ in 0..2 {
        let (response, _) = world.raw()?.call_probe_answering(&sampling, answer).await?;
        let request = format!("tools/call \"{}\"", sampling.name);
        world.record(Outcome::Raw { request, response });
    }
    Ok(())
}

#[then("every request the server sent carried a string or integer id, never the same one twice")]
async fn request_ids(world: &mut McpWorld) -> StepResult {
    let seen = world.raw()?.messages_seen();
    server_requests::ids_proper(&server_requests::requests(seen))
}

#[then("no sampling request offered the model tools")]
async fn no_tools(world: &mut McpWorld) -> StepResult {
    let seen = world.raw()?.messages_seen();
    server_requests::no_tools_offered(&server_requests::requests(seen))
}

#[then("in every sampling request, tool results follow the tool uses they answer")]
async fn tool_results(world: &mut McpWorld) -> StepResult {
    let seen = world.raw()?.messages_seen();
    server_requests::tool_results_follow_uses(&server_requests::requests(seen))
}

#[then("every cancellation the server sent named a request of its own")]
async fn own_cancellations(world: &mut McpWorld) -> StepResult {
    server_requests::cancellations_name_own_requests(world.raw()?.messages_seen())
}
