//! The answer stream of a 2026-07-28 request over HTTP (recommendations): marked for proxies
//! not to buffer it, and ended by the final response.

use anyhow::Context;
use cucumber::{then, when};

use crate::checks::stateless_refusals;
use crate::harness::skip::skip_scenario;
use crate::mcp::stateless_hints::call_reading_answer;
use crate::steps::StepResult;
use crate::world::McpWorld;

#[when("the client calls the sample tool without a handshake, reading its answer on its own")]
async fn call_reading(world: &mut McpWorld) -> StepResult {
    let sample = crate::mcp::probes::probe(world, crate::mcp::probes::ProbeTool::Sample)?;
    let params = serde_json::json!({"name": sample.name, "arguments": sample.arguments});
    let capture = call_reading_answer(world.raw()?, params).await?;
    if !capture.event_stream {
        skip_scenario("the server answered the call with a JSON body, not an event stream");
    }
    world.hints.capture = Some(capture);
    Ok(())
}

#[then("the answer stream should tell proxies not to buffer it")]
async fn should_be_unbuffered(world: &mut McpWorld) -> StepResult {
    let capture = world.hints.capture.as_ref().context("no answer was read")?;
    let check = stateless_refusals::unbuffered(capture);
    world.warnings.should(check);
    Ok(())
}

#[then("the answer stream should end with the response")]
async fn should_end(world: &mut McpWorld) -> StepResult {
    let capture = world.hints.capture.as_ref().context("no answer was read")?;
    let check = stateless_refusals::ended_with_response(capture);
    world.warnings.should(check);
    Ok(())
}
