//! What a client sees of the time server at the end of a route: its identity, answers, errors
//! and progress. Support: `systems::mcp_bridge::time_server`.

use cucumber::{then, when};

use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::time_server::{
    ask_conversion, ask_time_in, ask_time_with_progress, expect_conversion, expect_own_identity,
    expect_progress_under_token, expect_time_answer, expect_timezone_error,
};
use crate::world::McpWorld;

#[then("the client sees the time server's own identity")]
async fn own_identity(world: &mut McpWorld) -> StepResult {
    expect_own_identity(world.client()?)
}

#[when(expr = "the client asks for the current time in {string}")]
async fn current_time_in(world: &mut McpWorld, timezone: String) -> StepResult {
    ask_time_in(world, &timezone).await
}

#[then(expr = "the answer gives the time in {string} as served over {transport}")]
async fn time_answered(world: &mut McpWorld, timezone: String, served: Transport) -> StepResult {
    expect_time_answer(world.last_reply()?, &timezone, served)
}

#[when(expr = "the client converts {string} from {string} to {string}")]
async fn converts(world: &mut McpWorld, time: String, from: String, to: String) -> StepResult {
    ask_conversion(world, &time, &from, &to).await
}

#[then(expr = "the answer is {string}, converted from {string}")]
async fn converted(world: &mut McpWorld, target: String, source: String) -> StepResult {
    expect_conversion(world.last_reply()?, &target, &source)
}

#[then(expr = "the answer is the error {int} naming {string} in its message and data")]
async fn error_intact(world: &mut McpWorld, code: i64, named: String) -> StepResult {
    expect_timezone_error(world.last_reply()?, code, &named)
}

#[when("the client asks for the current time with a progress token")]
async fn current_time_with_progress(world: &mut McpWorld) -> StepResult {
    ask_time_with_progress(world).await
}

#[then("progress arrives under that token with the answer")]
async fn progress_under_token(world: &mut McpWorld) -> StepResult {
    expect_progress_under_token(world).await
}
