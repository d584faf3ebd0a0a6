//! Running Luau scripts with `execute_script`, and what they returned or why they failed.

use std::time::Duration;

use cucumber::gherkin::Step;
use cucumber::{then, when};

use crate::steps::StepResult;
use crate::steps::common::{docstring, json_docstring};
use crate::systems::openapi_bridge::credentials::CallCredentials;
use crate::systems::openapi_bridge::{MetaCredential, MetaPlace, scripts};
use crate::world::McpWorld;

#[when("the client runs the script:")]
async fn run_script(world: &mut McpWorld, step: &Step) -> StepResult {
    scripts::run(world, docstring(step)?, None).await
}

#[when(expr = "the client runs the script {string}")]
async fn run_script_inline(world: &mut McpWorld, script: String) -> StepResult {
    scripts::run(world, &script, None).await
}

#[when(expr = "the client runs the script with the {meta_credential} in {meta_place}:")]
async fn run_script_with_credential(
    world: &mut McpWorld,
    credential: MetaCredential,
    place: MetaPlace,
    step: &Step,
) -> StepResult {
    let credentials = CallCredentials::new(credential, place);
    scripts::run(world, docstring(step)?, Some(credentials)).await
}

#[when(expr = "the client runs the script with credentials of type {string} in {meta_place}:")]
async fn run_script_with_credential_type(
    world: &mut McpWorld,
    kind: String,
    place: MetaPlace,
    step: &Step,
) -> StepResult {
    let credentials = CallCredentials::of_type(&kind, place);
    scripts::run(world, docstring(step)?, Some(credentials)).await
}

#[when(expr = "the client starts the script with id {int}:")]
async fn start_script(world: &mut McpWorld, id: i64, step: &Step) -> StepResult {
    scripts::start(world, id, docstring(step)?).await
}

#[then("the script result is:")]
async fn result_is(world: &mut McpWorld, step: &Step) -> StepResult {
    scripts::expect_result(world, &json_docstring(step)?)
}

#[then(expr = "the script result is {word}")]
async fn result_is_literal(world: &mut McpWorld, literal: String) -> StepResult {
    scripts::expect_result_literal(world, &literal)
}

#[then("the script result includes:")]
async fn result_includes(world: &mut McpWorld, step: &Step) -> StepResult {
    scripts::expect_result_fields(world, &json_docstring(step)?)
}

#[then(expr = "the script made {int} API call(s)")]
async fn api_calls(world: &mut McpWorld, count: u64) -> StepResult {
    scripts::expect_api_calls(world, count)
}

#[then("the script's logs are:")]
async fn logs_are(world: &mut McpWorld, step: &Step) -> StepResult {
    scripts::expect_logs(world, &json_docstring(step)?)
}

#[then(expr = "the script fails with an error naming {string}")]
async fn fails_naming(world: &mut McpWorld, words: String) -> StepResult {
    scripts::expect_failure_naming(world, &[&words])
}

#[then(expr = "the script fails with an error naming {string} and {string}")]
async fn fails_naming_both(world: &mut McpWorld, first: String, second: String) -> StepResult {
    scripts::expect_failure_naming(world, &[&first, &second])
}

#[then("the script fails with an error quoting the whole page")]
async fn quotes_whole_page(world: &mut McpWorld) -> StepResult {
    scripts::expect_page_quoted(world, None)
}

#[then(
    expr = "the script fails with an error quoting the page's first {int} characters and an ellipsis"
)]
async fn quotes_page_start(world: &mut McpWorld, shown: usize) -> StepResult {
    scripts::expect_page_quoted(world, Some(shown))
}

#[then(expr = "the script failed within {int} seconds")]
async fn failed_within(world: &mut McpWorld, seconds: u64) -> StepResult {
    scripts::expect_failed_within(world, Duration::from_secs(seconds))
}

#[then(expr = "the failed script made {int} API call(s)")]
async fn failed_api_calls(world: &mut McpWorld, count: u64) -> StepResult {
    scripts::expect_failed_api_calls(world, count)
}
