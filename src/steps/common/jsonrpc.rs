//! JSON-RPC 2.0 on the raw channel, shared by the protocol and process features: frames from
//! docstrings, ids of the same JSON type, many pings at once, error codes and ids.

use crate::checks::expect;
use crate::checks::jsonrpc::{self as checks, ExpectedId};
use crate::mcp::jsonrpc;
use crate::steps::StepResult;
use crate::steps::common::docstring;
use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};
use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::{Value, json};

#[then(regex = r"^the response carries id (.+), of the same JSON type$")]
async fn carries_id(world: &mut McpWorld, id: Value) -> StepResult {
    checks::echoes_id(world.last_raw_response()?, &id)?;
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).map(drop)
}

#[then(expr = "each of the {int} pings is answered exactly once, with its own id")]
async fn each_answered_once(world: &mut McpWorld, count: usize) -> StepResult {
    checks::batch_answered_once(world.last.as_ref(), count)
}

#[then("every line the server wrote on stdout was a JSON-RPC message")]
async fn stdout_is_jsonrpc_only(world: &mut McpWorld) -> StepResult {
    let session = world.session(DEFAULT_SESSION)?;
    checks::no_stray_output(&session.link.frames.stray_output())
}

#[when("the client sends the frame:")]
async fn send_docstring_frame(world: &mut McpWorld, step: &Step) -> StepResult {
    send_frame(world, docstring(step)?).await
}

#[when(expr = "the client sends {int} pings at once, each with its own id")]
async fn many_pings(world: &mut McpWorld, count: usize) -> StepResult {
    let ids = jsonrpc::mixed_ids(count);
    let responses = world.raw()?.ping_all(&ids).await?;
    world.record(Outcome::Batch { ids, responses });
    Ok(())
}

#[when(expr = "the client writes two pings with ids {int} and {int} in a single write")]
async fn two_pings_one_write(world: &mut McpWorld, first: i64, second: i64) -> StepResult {
    let frames = [first, second].map(|id| jsonrpc::request(json!(id), "ping", None));
    world.raw()?.send_all(&frames).await
}

#[then(expr = "the server answers with error code {int} and {expected_id}")]
async fn error_with_id(world: &mut McpWorld, code: i64, id: ExpectedId) -> StepResult {
    let (request, reply) = world.last_reply()?;
    checks::error_with_id(&request, &reply, world.last_raw_response()?, code, &id)
}

#[then(expr = "the server answers with id {int} and with id {int}")]
async fn answers_both(world: &mut McpWorld, first: i64, second: i64) -> StepResult {
    let raw = world.raw()?;
    raw.response_to(&json!(first)).await?;
    raw.response_to(&json!(second)).await.map(drop)
}

/// Sends `frame` on the raw channel and records the first response.
pub(crate) async fn send_frame(world: &mut McpWorld, frame: &str) -> StepResult {
    let response = world.raw()?.send_and_read(frame).await?;
    let request = format!("the frame {}", frame.trim());
    world.record(Outcome::Raw { request, response });
    Ok(())
}
