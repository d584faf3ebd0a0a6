//! Steps of `features/auth/`: bearer-JWT authorization over streamable HTTP. Tokens are minted
//! by `support::auth` for the issuer and audience the server declares in the registry.

use anyhow::{Context, bail};
use cucumber::{given, then, when};

use crate::registry::AuthDeclaration;
use crate::steps::StepResult;
use crate::support::auth::{Credentials, bearer_target, check_challenge};
use crate::support::jsonrpc;
use crate::support::raw::PostHeaders;
use crate::transport::Transport;
use crate::world::{DEFAULT_PROTOCOL_VERSION, DEFAULT_SESSION, McpWorld, Outcome};

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
    let headers = PostHeaders {
        session_id: Some(None),
        protocol_version: Some(None),
        extra: header
            .map(|value| vec![("Authorization".to_owned(), value.expose().to_owned())])
            .unwrap_or_default(),
    };
    let raw = world.raw()?;
    let params = jsonrpc::initialize_params(DEFAULT_PROTOCOL_VERSION);
    let frame = jsonrpc::request(raw.fresh_id(), "initialize", Some(params));
    let answer = raw.post_with(&frame, &headers).await?;
    let request = format!("initialize with {credentials:?}");
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

#[given(expr = "a client connected over http with {credentials}")]
async fn client_with(world: &mut McpWorld, credentials: Credentials) -> StepResult {
    let target = world.target()?;
    if let Some(value) = credentials.header(&declared_auth(world)?).await? {
        world.use_scenario_target((*target).clone().with_header("Authorization", value));
    }
    world
        .open_session(DEFAULT_SESSION, Transport::Http, DEFAULT_PROTOCOL_VERSION)
        .await
}

fn declared_auth(world: &McpWorld) -> anyhow::Result<AuthDeclaration> {
    let target = world.target()?;
    target
        .auth()
        .cloned()
        .with_context(|| format!("server '{}' declares no bearer auth", target.name))
}
