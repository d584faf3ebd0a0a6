//! Process steps: checking the server's answers.

use super::*;

#[then(expr = "the call fails with the code {string}")]
pub(super) async fn fails_with_code(world: &mut McpWorld, code: String) -> StepResult {
    ps::results::expect_error_code(world, &code)
}

#[then(expr = "the error message mentions {string}")]
pub(super) async fn message_mentions(world: &mut McpWorld, text: String) -> StepResult {
    ps::results::expect_message_mentions(world, &text)
}

#[then("the result has:")]
pub(super) async fn result_has(world: &mut McpWorld, step: &Step) -> StepResult {
    ps::results::expect_rows(world, table(step)?)
}

#[then(expr = "the output lines include {string} from {word}")]
pub(super) async fn output_line(world: &mut McpWorld, text: String, stream: String) -> StepResult {
    ps::results::expect_output_line(world, &text, &stream)
}

#[then("the processes listed include that process")]
pub(super) async fn listed_include(world: &mut McpWorld) -> StepResult {
    ps::results::expect_listed(world, world.process.pid()?)
}

#[then(
    expr = "the reported memory use is within {float} MB of the resident memory the operating system reports"
)]
pub(super) async fn memory_matches_os(world: &mut McpWorld, margin: f64) -> StepResult {
    ps::results::expect_memory_near_os(world, margin)
}

#[then("the server has started no process")]
pub(super) async fn started_nothing(world: &mut McpWorld) -> StepResult {
    ps::results::expect_no_process_started(world).await
}

#[then(expr = "the scenario has taken less than {float} seconds")]
pub(super) async fn scenario_time(world: &mut McpWorld, seconds: f64) -> StepResult {
    world
        .process
        .expect_taken_less_than(Duration::from_secs_f64(seconds))
}
