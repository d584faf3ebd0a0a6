//! Steps of `features/auth/`: bearer-JWT authorization over streamable HTTP. Tokens are minted
//! by `harness::jwt` for the issuer and audience the server declares in the registry.

use anyhow::{Context, bail};
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Map, Value};

use crate::harness::jwt::{Credentials, TokenSpec, bearer_target, check_challenge, keys};
use crate::mcp::jsonrpc;
use crate::mcp::raw::PostHeaders;
use crate::mcp::registry::{AuthDeclaration, Secret};
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::steps::common::strip_media_type;
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

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
    let header = credentials.header(&declared_auth(world)?).await?;
    post_initialize(world, format!("initialize with {credentials:?}"), header).await
}

#[given("a token with the claims:")]
async fn token_with_claims(world: &mut McpWorld, step: &Step) -> StepResult {
    let text = step
        .docstring
        .as_deref()
        .context("this step needs a JSON docstring")?;
    let custom: Map<String, Value> = serde_json::from_str(strip_media_type(text))
        .context("the claims docstring is not a JSON object")?;
    let auth = declared_auth(world)?;
    let mut spec = TokenSpec::new(&auth.issuer, &auth.audience);
    spec.custom = custom;
    world.token = Some(spec);
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
    let token = spec.mint(keys().await?)?;
    let header = Secret::new(format!("Bearer {}", token.expose()));
    post_initialize(world, format!("initialize with {spec:?}"), Some(header)).await
}

/// POSTs initialize with `authorization` (or none) and records the HTTP answer.
async fn post_initialize(
    world: &mut McpWorld,
    request: String,
    authorization: Option<Secret>,
) -> StepResult {
    let headers = PostHeaders {
        session_id: Some(None),
        protocol_version: Some(None),
        extra: authorization
            .map(|value| vec![("Authorization".to_owned(), value.expose().to_owned())])
            .unwrap_or_default(),
    };
    let raw = world.raw()?;
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    let frame = jsonrpc::request(raw.fresh_id(), "initialize", Some(params));
    let answer = raw.post_with(&frame, &headers).await?;
    world.record(Outcome::Http { request, answer });
    Ok(())
}

#[then("the refusal challenges the client for a Bearer token")]
async fn bearer_challenge(world: &mut McpWorld) -> StepResult {
    let auth = declared_auth(world)?;
    let Some(Outcome::Http { answer, .. }) = &world.last else {
        bail!("no HTTP answer to check (last outcome: {:?})", world.last);
    };
    check_challenge(answer, &auth, world.timeout).await
}

fn declared_auth(world: &McpWorld) -> anyhow::Result<AuthDeclaration> {
    let target = world.target()?;
    target
        .auth()
        .cloned()
        .with_context(|| format!("server '{}' declares no bearer auth", target.name))
}
