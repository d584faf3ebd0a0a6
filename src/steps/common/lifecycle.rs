//! The lifecycle phrases the protocol and process features share: initialize offering a version
//! and its result, closing the connection, the server's exit, a ping still answered.

use crate::checks::jsonrpc::nothing_heard;
use crate::checks::lifecycle;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};
use cucumber::{then, when};
use std::time::Duration;

#[then(expr = "its exit status is {int}")]
async fn exit_status(world: &mut McpWorld, code: i32) -> StepResult {
    let evidence = world
        .client()
        .map(|s| s.link.evidence())
        .unwrap_or_default();
    lifecycle::exited_with(world.last.as_ref(), code, &evidence)
}

#[then(expr = "no response arrives within {float} seconds")]
async fn no_response(world: &mut McpWorld, seconds: f64) -> StepResult {
    let window = Duration::from_secs_f64(seconds);
    nothing_heard(world.raw()?.silence(window).await?)
}

#[when("the client closes the connection")]
async fn close_connection(world: &mut McpWorld) -> StepResult {
    world.client()?.close().await
}

#[when(expr = "the client sends initialize offering protocol version {string}")]
async fn send_initialize(world: &mut McpWorld, version: String) -> StepResult {
    let response = world.raw()?.initialize(&version).await?;
    let request = format!("initialize offering {version}");
    world.record(Outcome::Raw { request, response });
    Ok(())
}

#[then("the result declares the server's capabilities as an object")]
async fn declares_capabilities(world: &mut McpWorld) -> StepResult {
    lifecycle::declares_capabilities(&world.last_result()?)
}

#[then("the result names a protocol version the client can speak")]
async fn names_known_version(world: &mut McpWorld) -> StepResult {
    lifecycle::names_published_version(&world.last_result()?)
}

#[then("the result names the server and its version")]
async fn names_server(world: &mut McpWorld) -> StepResult {
    lifecycle::names_server(&world.last_result()?)
}

#[then(expr = "the server process exits on its own within {int} seconds")]
async fn exits_within(world: &mut McpWorld, seconds: u64) -> StepResult {
    let limit = Duration::from_secs(seconds);
    let status = world.client()?.wait_for_server_exit(limit).await?;
    world.record(Outcome::Exited(status));
    Ok(())
}

/// 2026-07-28 t26-5 (SHOULD exit promptly): a miss is a warning.
#[then(expr = "the server process should exit on its own within {int} seconds")]
async fn should_exit_within(world: &mut McpWorld, seconds: u64) -> StepResult {
    let check = exits_within(world, seconds).await;
    world.warnings.should(check);
    Ok(())
}

#[then("the server still answers a ping")]
async fn still_answers_ping(world: &mut McpWorld) -> StepResult {
    let response = world.raw()?.call("ping", None).await?;
    lifecycle::answers_ping(&response)
}

/// Advice (SDK convention for legacy SSE): a miss is a warning.
#[then(expr = "no response should arrive within {float} seconds")]
async fn no_response_should_come(world: &mut McpWorld, seconds: f64) -> StepResult {
    let check = no_response(world, seconds).await;
    world.warnings.should(check);
    Ok(())
}
