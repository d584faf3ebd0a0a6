//! Bearer-JWT phrases the auth, gateway and OpenAPI features share: the server that requires
//! tokens, an initialize sent with chosen credentials, the refusal's Bearer challenge.

use crate::harness::jwt::{
    Credentials, bearer_target, declared_auth, expect_bearer_challenge, post_initialize,
};
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::world::McpWorld;
use cucumber::{given, then, when};

#[given(
    expr = "a server requiring bearer JWTs: the server under test, or else the registered {string}"
)]
async fn bearer_server(world: &mut McpWorld, fallback: String) -> StepResult {
    let target = bearer_target(&*world.target()?, &fallback)?;
    world.use_scenario_target(target);
    world.require_transport(Transport::Http).map(drop)
}

#[when(expr = "the client sends initialize with {credentials}")]
async fn initialize_with(world: &mut McpWorld, credentials: Credentials) -> StepResult {
    let header = credentials.header_for(&*world.target()?).await?;
    let request = format!("initialize with {credentials:?}");
    let outcome = post_initialize(world.raw()?, request, header).await?;
    world.record(outcome);
    Ok(())
}

#[then("the refusal challenges the client for a Bearer token")]
async fn bearer_challenge(world: &mut McpWorld) -> StepResult {
    let auth = declared_auth(&*world.target()?)?;
    expect_bearer_challenge(world.last.as_ref(), &auth, world.timeout).await
}
