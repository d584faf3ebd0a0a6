//! The wrapper: mcp-bridge exposing a remote server that requires bearer tokens, holding the
//! token in its environment; and a bridge whose exposed side requires tokens itself.

use anyhow::{Context, bail, ensure};
use cucumber::{given, then, when};
use serde_json::Value;

use crate::harness::jwt::Credentials;
use crate::mcp::jsonrpc::pretty;
use crate::mcp::registry::AuthDeclaration;
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::{bridge_to_url, route_to, stopped_server_url};
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld, Outcome};

/// Where the wrapper reads its token (mcp-bridge's default `--bearer-token-env`).
const TOKEN_VARIABLE: &str = "MCP_AUTH_TOKEN";

#[given(expr = "the wrapper holds {credentials}")]
async fn wrapper_holds(world: &mut McpWorld, credentials: Credentials) -> StepResult {
    let auth = server_auth(world)?;
    world.gateway.last_bridge.env.clear();
    world.gateway.token = None;
    if let Some(header) = credentials.header(&auth).await? {
        let token = header
            .expose()
            .strip_prefix("Bearer ")
            .context("the wrapper holds bearer tokens only")?
            .to_owned();
        world.gateway.last_bridge.env = vec![(TOKEN_VARIABLE.to_owned(), token.clone())];
        world.gateway.token = Some(crate::mcp::registry::Secret::new(token));
    }
    Ok(())
}

#[when(expr = "a client sends initialize to it through a bridge over {transport}")]
async fn starts_session(world: &mut McpWorld, client: Transport) -> StepResult {
    let target = route_to(world, &[client]).await?;
    world.use_scenario_target(target);
    initialize_raw(world, client).await
}

#[when(
    expr = "a client sends initialize through a bridge over {transport} to a server that has stopped"
)]
async fn starts_session_with_stopped(world: &mut McpWorld, client: Transport) -> StepResult {
    let (server, server_transport) = world.gateway.server()?;
    let url = stopped_server_url(&server, server_transport, world.timeout).await?;
    let last = world.gateway.last_bridge.clone();
    let target = bridge_to_url(&server, url, server_transport, client, &last)?;
    world.use_scenario_target(target);
    initialize_raw(world, client).await
}

#[then(
    expr = "the session is refused with a JSON-RPC error naming HTTP {int} and the Bearer challenge"
)]
async fn refused_naming_status(world: &mut McpWorld, status: u16) -> StepResult {
    let error = refusal(world)?;
    let message = error["message"].as_str().unwrap_or_default();
    ensure!(
        message.contains(&format!("HTTP {status}"))
            && message.contains("WWW-Authenticate: Bearer")
            && error.pointer("/data/status") == Some(&Value::from(status)),
        "the refusal does not name HTTP {status} and the Bearer challenge:\n{}",
        pretty(&error)
    );
    Ok(())
}

#[then("the session is refused with a JSON-RPC error naming the unreachable server")]
async fn refused_unreachable(world: &mut McpWorld) -> StepResult {
    let error = refusal(world)?;
    let message = error["message"].as_str().unwrap_or_default();
    ensure!(
        message.contains("unreachable") && message.contains("http://"),
        "the refusal does not name the unreachable server:\n{}",
        pretty(&error)
    );
    Ok(())
}

#[then("the token appears nowhere in what the wrapper wrote")]
async fn token_never_shown(world: &mut McpWorld) -> StepResult {
    let token = world
        .gateway
        .token
        .clone()
        .context("the wrapper holds no token")?;
    let raw = world.raw()?;
    let mut written: Vec<String> = raw
        .link
        .frames
        .frames()
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    if let Some(process) = &raw.link.process {
        written.extend(process.stderr.tail(usize::MAX));
    }
    ensure!(!written.is_empty(), "the wrapper wrote nothing to check");
    if written.iter().any(|text| text.contains(token.expose())) {
        bail!("the wrapper's output or frames contain its bearer token");
    }
    Ok(())
}

#[given("a bridge over http requiring bearer tokens in front of it")]
async fn bridge_requiring_tokens(world: &mut McpWorld) -> StepResult {
    let auth = bridge_auth();
    let jwks = std::env::var("MCP_ACCEPTANCE_JWKS_URL")
        .context("the runner publishes no JWKS (MCP_ACCEPTANCE_JWKS_URL)")?;
    world.gateway.last_bridge.args = vec![
        "--jwks-url".into(),
        jwks,
        "--issuer".into(),
        auth.issuer.clone(),
        "--audience".into(),
        auth.audience.clone(),
    ];
    let target = route_to(world, &[Transport::Http]).await?;
    world.use_scenario_target(target.with_auth(auth));
    Ok(())
}

/// The tokens a bridge's exposed side accepts in these scenarios.
fn bridge_auth() -> AuthDeclaration {
    AuthDeclaration {
        kind: crate::mcp::registry::AuthKind::BearerJwt,
        issuer: "https://issuer.mcp-acceptance.test".to_owned(),
        audience: "mcp-acceptance-bridge".to_owned(),
    }
}

/// Opens a raw connection to the scenario's target and sends initialize; records the answer.
async fn initialize_raw(world: &mut McpWorld, client: Transport) -> StepResult {
    let raw = world.open_raw(client).await?;
    let response = raw.initialize(DEFAULT_PROTOCOL_VERSION).await?;
    world.record(Outcome::Raw {
        request: "initialize through the bridge".to_owned(),
        response,
    });
    Ok(())
}

/// The JSON-RPC error the last raw answer carried.
fn refusal(world: &McpWorld) -> anyhow::Result<Value> {
    let response = world.last_raw_response()?;
    let error = response
        .get("error")
        .with_context(|| format!("the session was not refused:\n{}", pretty(response)))?;
    ensure!(
        error["code"] == Value::from(-32603),
        "the refusal is not an internal error (-32603):\n{}",
        pretty(error)
    );
    Ok(error.clone())
}

fn server_auth(world: &McpWorld) -> anyhow::Result<AuthDeclaration> {
    let (server, _) = world.gateway.server()?;
    server
        .auth()
        .cloned()
        .with_context(|| format!("server '{}' declares no bearer auth", server.name))
}
