//! The stateless protocol (2026-07-28): server/discover and requests that carry their own
//! protocol version and client capabilities in `_meta`, with no handshake and no session.

use anyhow::{Context, bail};
use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::checks::stateless;
use crate::mcp::stateless::STATELESS_VERSION;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// Sends a stateless request and records its response, or the HTTP answer that refused it.
async fn stateless_request(
    world: &mut McpWorld,
    method: &str,
    params: Value,
    version: &str,
) -> StepResult {
    let exchanged = world
        .raw()?
        .stateless_request(method, params, version)
        .await?;
    let request = format!("{method} with _meta protocol version {version}");
    match (exchanged.response, exchanged.http) {
        (Some(response), _) => world.record(Outcome::Raw { request, response }),
        (None, Some(answer)) => world.record(Outcome::Http { request, answer }),
        (None, None) => bail!("{request}: neither a response nor an HTTP answer came back"),
    }
    Ok(())
}

/// Keeps the result of the server/discover just sent, or skips: see [`stateless::discovery`].
fn keep_discovery(world: &mut McpWorld) -> StepResult {
    let discovery = stateless::discovery(world.last.as_ref(), &*world.target()?)?;
    world.raw()?.discover_result = Some(discovery);
    Ok(())
}

#[when(expr = "the client discovers the server with protocol version {string}")]
async fn discover(world: &mut McpWorld, version: String) -> StepResult {
    stateless_request(world, "server/discover", json!({}), &version).await
}

#[then("the server speaks the stateless protocol")]
async fn speaks_stateless(world: &mut McpWorld) -> StepResult {
    keep_discovery(world)
}

#[given("the server speaks the stateless protocol")]
async fn given_speaks_stateless(world: &mut McpWorld) -> StepResult {
    stateless_request(world, "server/discover", json!({}), STATELESS_VERSION).await?;
    keep_discovery(world)
}

#[then(expr = "the discovery lists the versions it supports, including {string}")]
async fn lists_versions(world: &mut McpWorld, version: String) -> StepResult {
    let raw = world.raw()?;
    let discovery = raw.discover_result.as_ref();
    let discovery = discovery.context("the server has not answered server/discover")?;
    stateless::lists_version(discovery, &version)
}

#[when(
    regex = r#"^the client lists the tools without a handshake(?:, naming protocol version "([^"]+)")?$"#
)]
async fn list_tools_stateless(world: &mut McpWorld, version: String) -> StepResult {
    let version = Some(version.as_str()).filter(|v| !v.is_empty());
    let version = version.unwrap_or(STATELESS_VERSION);
    stateless_request(world, "tools/list", json!({}), version).await
}

#[then(expr = "the result is marked {string}")]
async fn result_type(world: &mut McpWorld, expected: String) -> StepResult {
    stateless::marked(world.last.as_ref(), &expected)
}

#[then("the result lists tools")]
async fn result_lists_tools(world: &mut McpWorld) -> StepResult {
    stateless::lists_tools(world.last.as_ref())
}

#[then("the error names the protocol versions the server supports")]
async fn error_names_versions(world: &mut McpWorld) -> StepResult {
    stateless::error_names_versions(world.last.as_ref())
}
