//! Steps of `features/auth/`: bearer-JWT authorization over streamable HTTP. Tokens are minted
//! by `harness::jwt` for the issuer and audience the server declares in the registry; the
//! checks of a refusal's challenge live there too.

use anyhow::Context;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};

use crate::harness::jwt::{
    Credentials, TokenSpec, bearer_target, declared_auth, expect_bearer_challenge, post_initialize,
};
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::steps::common::json_docstring;
use crate::world::McpWorld;

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

#[given("a token with the claims:")]
async fn token_with_claims(world: &mut McpWorld, step: &Step) -> StepResult {
    let auth = declared_auth(&*world.target()?)?;
    world.token = Some(TokenSpec::with_claims(&auth, json_docstring(step)?)?);
    Ok(())
}

#[given(expr = "the token names the kid {string}")]
async fn token_kid(world: &mut McpWorld, kid: String) -> StepResult {
    world.token.as_mut().context("no token was described")?.kid = Some(kid);
    Ok(())
}

#[when("the client sends initialize with that token")]
async fn initialize_with_that_token(world: &mut McpWorld) -> StepResult {
    let spec = world.token.clone().context("no token was described")?;
    let request = format!("initialize with {spec:?}");
    let outcome = post_initialize(world.raw()?, request, Some(spec.bearer().await?)).await?;
    world.record(outcome);
    Ok(())
}

#[then("the refusal challenges the client for a Bearer token")]
async fn bearer_challenge(world: &mut McpWorld) -> StepResult {
    let auth = declared_auth(&*world.target()?)?;
    expect_bearer_challenge(world.last.as_ref(), &auth, world.timeout).await
}
