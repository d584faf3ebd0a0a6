//! What crosses a bridge besides the time server's answers: the server's lists and answers,
//! the progress the client reports on the server's requests, and its notifications.
//! Support: `systems::mcp_bridge::crossing`.

use anyhow::Context;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};

use crate::checks::listing::McpList;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::crossing::{
    call_impatient_sampling, expect_client_notifications_received, expect_gave_up_on_client,
    expect_log_metadata_kept, expect_same_answers, expect_same_list,
    expect_sampling_cancelled_once, expect_sampling_progress_received, tell_own_notification,
    tell_roots_changed,
};
use crate::world::McpWorld;

#[then(expr = "the client lists the same {mcp_list} as the client {string}")]
async fn same_list(world: &mut McpWorld, list: McpList, direct: String) -> StepResult {
    expect_same_list(world, list, &direct).await
}

#[given("the client reports progress while it samples")]
async fn reports_sampling_progress(world: &mut McpWorld) -> StepResult {
    world.client_behaviour.reports_sampling_progress = true;
    Ok(())
}

#[when(expr = "the client calls the server's sampling tool that waits only {int} ms for it")]
async fn impatient_sampling(world: &mut McpWorld, millis: u64) -> StepResult {
    call_impatient_sampling(world, millis).await
}

#[then("the tool result is an error saying the client did not answer in time")]
async fn gave_up(world: &mut McpWorld) -> StepResult {
    expect_gave_up_on_client(world)
}

#[then("the client was told once that the server's sampling request was cancelled")]
async fn cancelled_once(world: &mut McpWorld) -> StepResult {
    expect_sampling_cancelled_once(world).await
}

#[then("the server received that progress under the token of its sampling request")]
async fn sampling_progress_received(world: &mut McpWorld) -> StepResult {
    expect_sampling_progress_received(world).await
}

#[then("each log message kept the metadata the server gave it")]
async fn log_metadata_kept(world: &mut McpWorld) -> StepResult {
    expect_log_metadata_kept(world)
}

#[when("the client tells the server that its roots changed")]
async fn roots_changed(world: &mut McpWorld) -> StepResult {
    tell_roots_changed(world).await
}

#[when("the client tells the server something in a method MCP does not define")]
async fn own_notification(world: &mut McpWorld) -> StepResult {
    tell_own_notification(world).await
}

#[then("the server received both, the second with its parameters")]
async fn notifications_received(world: &mut McpWorld) -> StepResult {
    expect_client_notifications_received(world).await
}

#[then(expr = "the client gets the same answers as the client {string} when both, in turn:")]
async fn same_answers(world: &mut McpWorld, direct: String, step: &Step) -> StepResult {
    let table = step
        .table
        .as_ref()
        .context("this step needs a table of requests")?;
    let requests: Vec<String> = table
        .rows
        .iter()
        .skip(1)
        .map(|row| row[0].clone())
        .collect();
    expect_same_answers(world, &direct, &requests).await
}
