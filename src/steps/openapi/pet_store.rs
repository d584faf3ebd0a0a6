//! What the pet store received and holds: the checks that prove a script's calls really
//! reached the API.

use anyhow::{Context as _, ensure};
use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::Value;

use crate::steps::StepResult;
use crate::systems::openapi_bridge::{expect_json, expect_no_credentials, list};
use crate::world::McpWorld;
use pet_store::auth::Credential;

use super::docstring;

#[then(expr = "the pet store received exactly the requests {string}")]
async fn received_exactly(world: &mut McpWorld, requests: String) -> StepResult {
    world.openapi.expect_requests(&list(&requests))
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
    let before = world.openapi.api_requests()?.len();
    tokio::time::sleep(std::time::Duration::from_secs(seconds)).await;
    let after = world.openapi.api_requests()?.len();
    ensure!(
        after == before,
        "the pet store received {} more requests within {seconds} s (had {before})",
        after - before
    );
    Ok(())
}

#[then(expr = "the request {string} carried {word} credentials")]
async fn carried(world: &mut McpWorld, request: String, kind: String) -> StepResult {
    let expected = match kind.as_str() {
        "no" => Credential::None,
        "bearer" => Credential::Bearer,
        "api-key" => Credential::ApiKey,
        other => anyhow::bail!("unknown credential kind {other:?} (no, bearer, api-key)"),
    };
    let carried = world.openapi.credential_of(&request)?;
    ensure!(
        carried == expected,
        "the request {request} carried {} credentials, not {kind}",
        carried.as_str()
    );
    Ok(())
}

#[then("the pet store holds the pet:")]
async fn holds_pet(world: &mut McpWorld, step: &Step) -> StepResult {
    let text = docstring(step)?;
    let expected: Value = serde_json::from_str(text).context("the pet is not JSON")?;
    let id = expected["id"]
        .as_i64()
        .context("the expected pet has no id")?;
    let held = world
        .openapi
        .pet(id)?
        .with_context(|| format!("the pet store holds no pet {id}"))?;
    expect_json(&format!("the pet store's pet {id}"), &held, &expected)
}

#[then(expr = "the pet store holds no pet {int}")]
async fn holds_no_pet(world: &mut McpWorld, id: i64) -> StepResult {
    let held = world.openapi.pet(id)?;
    ensure!(
        held.is_none(),
        "the pet store still holds pet {id}: {held:?}"
    );
    Ok(())
}

#[then(expr = "the pet store holds {int} pets")]
async fn holds_pets(world: &mut McpWorld, count: usize) -> StepResult {
    let pets = world.openapi.store()?.pets();
    ensure!(
        pets.len() == count,
        "the pet store holds {} pets, not {count}: {pets:?}",
        pets.len()
    );
    Ok(())
}

#[then("neither API credential appears in the frames exchanged or in the bridge's log")]
async fn no_credentials_shown(world: &mut McpWorld) -> StepResult {
    expect_no_credentials(world.client()?)
}
