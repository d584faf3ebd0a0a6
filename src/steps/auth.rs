//! Steps of `features/auth/`: bearer-JWT authorization over streamable HTTP. Tokens are minted
//! by `harness::jwt` for the issuer and audience the server declares in the registry; the
//! checks of a refusal's challenge live there too.

use anyhow::Context;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};

use crate::harness::jwt::{TokenSpec, declared_auth, post_initialize};
use crate::steps::StepResult;
use crate::steps::common::json_docstring;
use crate::world::McpWorld;

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

#[then(
    "the server advertises its protected-resource metadata, in the challenge or at a well-known address"
)]
async fn metadata_advertised(world: &mut McpWorld) -> StepResult {
    let raw = world.raw()?;
    let endpoint = raw.http_url().context("not an HTTP connection")?.to_owned();
    let timeout = raw.timeout();
    crate::checks::auth_metadata::advertised(world.last.as_ref(), &endpoint, timeout).await
}
