//! Steps of `features/openapi/`: the pet-store API, the OpenAPI bridge made from its document,
//! its documentation tools, Luau scripts, upstream credentials, limits and the HTTP transport.
//! Holding its credentials makes the bridge the scenario's server under test, so the generic
//! steps (raw connections, tokens) address it too; support lives in
//! [`crate::systems::openapi_bridge`].

mod docs;
mod http;
mod pet_store;
mod scripts;

use cucumber::given;

use crate::steps::StepResult;
use crate::systems::openapi_bridge::{ScriptLimits, UpstreamCredentials, launch};
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
    launch::hold(world, credentials)
}

#[given(expr = "the bridge logs at level {word}")]
async fn bridge_log_level(world: &mut McpWorld, level: String) -> StepResult {
    world.openapi.log_level = Some(level);
    Ok(())
}
