//! Requests of the stateless protocol (2026-07-28) that a server must refuse: headers that
//! contradict the body, `_meta` without the version or capabilities, an unknown method; and
//! reading a resource that does not exist.

use anyhow::bail;
use cucumber::{Parameter, then, when};
use serde_json::{Value, json};

use crate::checks::stateless_refusals;
use crate::mcp::probes::{ProbeTool, probe};
use crate::mcp::raw::Exchanged;
use crate::mcp::stateless::{Departure, STATELESS_VERSION};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// How a request departs from a well-formed stateless request, in the feature's words.
#[derive(Debug, Clone, Copy, Parameter)]
#[param(
    name = "departure",
    regex = "with a method header naming another method|without the method header|with a version header other than the one in its metadata|without the version header|without the protocol version in its metadata|without the client capabilities in its metadata"
)]
struct DepartureWords(Departure);

impl std::str::FromStr for DepartureWords {
    type Err = String;

    fn from_str(words: &str) -> Result<Self, Self::Err> {
        Ok(Self(match words {
            "with a method header naming another method" => Departure::MethodHeaderDiffers,
            "without the method header" => Departure::NoMethodHeader,
            "with a version header other than the one in its metadata" => {
                Departure::VersionHeaderDiffers
            }
            "without the version header" => Departure::NoVersionHeader,
            "without the protocol version in its metadata" => Departure::NoMetaVersion,
            "without the client capabilities in its metadata" => Departure::NoMetaCapabilities,
            other => return Err(format!("unknown departure: {other}")),
        }))
    }
}

/// Records what came back: the HTTP answer over HTTP, the response over stdio.
pub(super) fn record(world: &mut McpWorld, request: String, exchanged: Exchanged) -> StepResult {
    match (exchanged.http, exchanged.response) {
        (Some(answer), _) => world.record(Outcome::Http { request, answer }),
        (None, Some(response)) => world.record(Outcome::Raw { request, response }),
        (None, None) => bail!("{request}: neither a response nor an HTTP answer came back"),
    }
    Ok(())
}

async fn departing(
    world: &mut McpWorld,
    method: &str,
    params: Value,
    how: Departure,
) -> StepResult {
    let raw = world.raw()?;
    let exchanged = raw.stateless_request_departing(method, params, how).await?;
    record(
        world,
        format!("{method} without a handshake ({how:?})"),
        exchanged,
    )
}

#[when(expr = "the client lists the tools without a handshake, {departure}")]
async fn list_tools_departing(world: &mut McpWorld, how: DepartureWords) -> StepResult {
    departing(world, "tools/list", json!({}), how.0).await
}

#[when(
    "the client calls the sample tool without a handshake, with a name header naming another tool"
)]
async fn call_naming_another_tool(world: &mut McpWorld) -> StepResult {
    let sample = probe(world, ProbeTool::Sample)?;
    let params = json!({"name": sample.name, "arguments": sample.arguments});
    departing(world, "tools/call", params, Departure::NameHeaderDiffers).await
}

#[when("the client sends a request of a method MCP does not define without a handshake")]
async fn unknown_method(world: &mut McpWorld) -> StepResult {
    let method = "mcp-acceptance/undefined-method";
    let raw = world.raw()?;
    let exchanged = raw
        .stateless_request(method, json!({}), STATELESS_VERSION)
        .await?;
    record(world, format!("{method} without a handshake"), exchanged)
}

#[when(expr = "the client reads the resource {string} without a handshake")]
async fn read_without_handshake(world: &mut McpWorld, uri: String) -> StepResult {
    let raw = world.raw()?;
    let params = json!({ "uri": uri });
    let exchanged = raw
        .stateless_request("resources/read", params, STATELESS_VERSION)
        .await?;
    let request = format!("resources/read \"{uri}\" without a handshake");
    match exchanged.response {
        Some(response) => world.record(Outcome::Raw { request, response }),
        None => record(world, request, exchanged)?,
    }
    Ok(())
}

#[then(expr = "the server refuses it with error code {int}, over HTTP with status {int}")]
async fn refused_with(world: &mut McpWorld, code: i64, status: u16) -> StepResult {
    stateless_refusals::refused_with(world.last.as_ref(), code, status)
}
