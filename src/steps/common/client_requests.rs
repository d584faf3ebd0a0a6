//! What a server asks of its client, shared by the protocol, gateway and transport features:
//! sampling answered from Gherkin, and the tool result that carries the sampled text.

use crate::checks::{client_requests, expect};
use crate::mcp::probes::{ProbeTool, check_expected_text};
use crate::steps::StepResult;
use crate::world::McpWorld;
use cucumber::{given, then};
use std::time::Duration;

#[given(expr = "the client answers sampling requests with the text {string}")]
async fn answers_sampling(world: &mut McpWorld, text: String) -> StepResult {
    world.client_behaviour.answer_sampling_with(&text);
    Ok(())
}

#[given(expr = "the client takes {int} seconds to answer sampling requests")]
async fn slow_sampling(world: &mut McpWorld, seconds: u64) -> StepResult {
    world.client_behaviour.sampling_delay = Some(Duration::from_secs(seconds));
    Ok(())
}

#[then("the server asked the client for sampling with messages and a token limit")]
async fn asked_for_sampling(world: &mut McpWorld) -> StepResult {
    let request = world.client()?.server_request("sampling/createMessage")?;
    client_requests::sampling_request(&request.params)
}

#[then("the tool result contains the text the client sampled")]
async fn result_has_sampled_text(world: &mut McpWorld) -> StepResult {
    let sampled = world.client_behaviour.sampled_text()?;
    let (call, reply) = world.last_reply()?;
    let text = expect::success_text(&call, &reply)?;
    expect::text_contains(&call, &text, &sampled, "the text the client sampled")?;
    check_expected_text(world, ProbeTool::Sampling, &call, &text)
}
