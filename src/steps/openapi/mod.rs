//! Steps of `features/openapi/`: the pet-store API, the OpenAPI bridge made from its document,
//! its documentation tools, Luau scripts, upstream credentials, limits and the HTTP transport.
//! The bridge becomes the scenario's target, so the generic steps (tools, raw HTTP, bearer
//! tokens) address it too.

mod docs;
mod http;
mod pet_store;
mod scripts;

use anyhow::Context as _;
use cucumber::gherkin::Step;
use cucumber::given;

use crate::steps::StepResult;
use crate::steps::common::strip_media_type;
use crate::systems::openapi_bridge::{ScriptLimits, UpstreamCredentials};
use crate::world::McpWorld;
use ::pet_store::PetStore;

#[given("the pet store API is running")]
async fn pet_store_running(world: &mut McpWorld) -> StepResult {
    world.openapi.store = Some(PetStore::start().await?);
    Ok(())
}

#[given(expr = "the bridge limits each script to {int} seconds and {int} API calls")]
async fn bridge_limits(world: &mut McpWorld, seconds: u32, api_calls: u32) -> StepResult {
    world.openapi.limits = Some(ScriptLimits { seconds, api_calls });
    Ok(())
}

#[given(expr = "the OpenAPI bridge holds {upstream_credentials}")]
async fn bridge_holds(world: &mut McpWorld, credentials: UpstreamCredentials) -> StepResult {
    world.openapi.credentials = credentials;
    Ok(())
}

/// The bridge as the scenario's target, for the generic steps (raw connections, tokens).
#[given(expr = "the OpenAPI bridge with {upstream_credentials} as the server under test")]
async fn bridge_as_target(world: &mut McpWorld, credentials: UpstreamCredentials) -> StepResult {
    world.openapi.credentials = credentials;
    let target = world.openapi.bridge()?;
    world.use_scenario_target(target);
    Ok(())
}

#[given(expr = "the bridge logs at level {word}")]
async fn bridge_log_level(world: &mut McpWorld, level: String) -> StepResult {
    world.openapi.log_level = Some(level);
    Ok(())
}

/// A step's docstring, without its media type.
fn docstring(step: &Step) -> anyhow::Result<&str> {
    let text = step
        .docstring
        .as_deref()
        .context("this step needs a docstring")?;
    Ok(strip_media_type(text))
}
