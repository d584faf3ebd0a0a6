//! What the pet store received and holds: the checks that prove a script's calls really
//! reached the API.

use std::time::Duration;

use cucumber::gherkin::Step;
use cucumber::{given, then, when};

use crate::steps::StepResult;
use crate::steps::common::json_docstring;
use crate::systems::openapi_bridge::CarriedCredential;
use crate::systems::openapi_bridge::credentials::expect_no_credentials;
use crate::world::McpWorld;

#[given(
    expr = "a gateway in front of the pet store answers every request with HTTP {int} and an error page of {int} characters"
)]
async fn gateway_fails(world: &mut McpWorld, status: u16, length: usize) -> StepResult {
    world.openapi.fail_every_request(status, length)
}

#[when("the pet store stops")]
async fn store_stops(world: &mut McpWorld) -> StepResult {
    world.openapi.stop_store()
}

#[then(expr = "nothing answers at the pet store's address within {int} second(s)")]
async fn store_gone(world: &mut McpWorld, seconds: u64) -> StepResult {
    let limit = Duration::from_secs(seconds);
    world.openapi.expect_store_gone(limit).await
}

#[then(expr = "the pet store received exactly the requests {string}")]
async fn received_exactly(world: &mut McpWorld, requests: String) -> StepResult {
    world.openapi.expect_request_list(&requests)
}

#[then(expr = "the pet store received {int} times the request {string} and nothing else")]
async fn received_times(world: &mut McpWorld, times: usize, request: String) -> StepResult {
    world.openapi.expect_requests(&vec![request; times])
}

#[when("the pet store has received a request")]
async fn received_one(world: &mut McpWorld) -> StepResult {
    world.openapi.wait_for_requests(1, world.timeout).await
}

#[then(expr = "the pet store receives no further request within {int} second(s)")]
async fn no_further_requests(world: &mut McpWorld, seconds: u64) -> StepResult {
    let quiet = Duration::from_secs(seconds);
    world.openapi.expect_no_further_requests(quiet).await
}

#[then(expr = "the request {string} carried {carried_credential} credentials")]
async fn carried(world: &mut McpWorld, request: String, kind: CarriedCredential) -> StepResult {
    world.openapi.expect_carried(&request, kind)
}

#[then("the pet store holds the pet:")]
async fn holds_pet(world: &mut McpWorld, step: &Step) -> StepResult {
    world.openapi.expect_pet(&json_docstring(step)?)
}

#[then(expr = "the pet store holds no pet {int}")]
async fn holds_no_pet(world: &mut McpWorld, id: i64) -> StepResult {
    world.openapi.expect_no_pet(id)
}

#[then(expr = "the pet store holds {int} pets")]
async fn holds_pets(world: &mut McpWorld, count: usize) -> StepResult {
    world.openapi.expect_pet_count(count)
}

#[then("neither API credential appears in the frames exchanged or in the bridge's log")]
async fn no_credentials_shown(world: &mut McpWorld) -> StepResult {
    expect_no_credentials(world.client()?)
}
