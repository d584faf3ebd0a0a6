//! The bridge over streamable HTTP: its protected-resource metadata (RFC 9728).

use cucumber::{then, when};

use crate::steps::StepResult;
use crate::systems::openapi_bridge::metadata;
use crate::world::McpWorld;

#[when("the client fetches the protected-resource metadata the challenge names")]
async fn fetch_metadata(world: &mut McpWorld) -> StepResult {
    metadata::fetch(world).await
}

#[then(
    "the metadata names the bridge's audience as the resource and its issuer as an authorization server"
)]
async fn metadata_names(world: &mut McpWorld) -> StepResult {
    metadata::expect_audience_and_issuer(world)
}
