//! Per-request log levels (2026-07-28): log messages only for a request that asked for a level,
//! only on its own stream; an unknown level refused as invalid params (a SHOULD).

use anyhow::Context;
use cucumber::{then, when};
use serde_json::{Value, json};

use crate::checks::request_logging;
use crate::harness::skip::skip_scenario;
use crate::mcp::probes::{ProbeTool, probe};
use crate::mcp::stateless_hints::{two_streams, watched_request};
use crate::steps::StepResult;
use crate::world::McpWorld;

/// The `tools/call` params of the probe `tool`.
fn call_params(world: &McpWorld, tool: ProbeTool) -> anyhow::Result<Value> {
    let tool = probe(world, tool)?;
    Ok(json!({"name": tool.name, "arguments": tool.arguments}))
}

#[when(
    regex = r#"^the client calls the (logging|sample) tool without a handshake, asking for (?:log level "([^"]*)"|no log level)$"#
)]
async fn call_asking(world: &mut McpWorld, tool: ProbeTool, level: String) -> StepResult {
    let params = call_params(world, tool)?;
    let level = (!level.is_empty()).then(|| json!(level));
    let watched = watched_request(world.raw()?, "tools/call", params, level.as_ref()).await?;
    world.hints.watched = Some(watched);
    Ok(())
}

#[then("log messages came for it, so their absence can be told")]
async fn some_came(world: &mut McpWorld) -> StepResult {
    let watched = world.hints.watched()?;
    if request_logging::log_messages(&watched.during).is_empty() {
        skip_scenario(format!(
            "{}: no log message came even when asked for, so their absence proves nothing",
            watched.request
        ));
    }
    Ok(())
}

#[then("no log message came for it before its response")]
async fn none_came(world: &mut McpWorld) -> StepResult {
    let watched = world.hints.watched()?;
    request_logging::none_without_a_level(&watched.request, &watched.during)
}

#[then("the server should refuse it as invalid params")]
async fn should_refuse(world: &mut McpWorld) -> StepResult {
    let watched = world.hints.watched()?;
    let check = request_logging::refused_as_invalid_params(&watched.request, &watched.exchanged);
    world.warnings.should(check);
    Ok(())
}

#[when(
    expr = "the client calls the logging tool asking for log level {string} while the slow tool runs, without a handshake"
)]
async fn beside_slow(world: &mut McpWorld, level: String) -> StepResult {
    let logging = call_params(world, ProbeTool::Logging)?;
    let slow = call_params(world, ProbeTool::Slow)?;
    let raw = world.raw()?;
    let streams = two_streams(
        raw,
        ("tools/call", logging),
        ("tools/call", slow),
        &json!(level),
    )
    .await?;
    world.hints.streams = Some(streams);
    Ok(())
}

#[then("no log message came on the slow tool's stream")]
async fn none_on_slow(world: &mut McpWorld) -> StepResult {
    let (asking, other) = world
        .hints
        .streams
        .as_ref()
        .context("no two requests were sent")?;
    if request_logging::log_messages(&asking.messages).is_empty() {
        skip_scenario(
            "the logging tool sent no log message on its own stream either: the check would prove nothing",
        );
    }
    request_logging::none_on_the_other_stream(&other.messages)
}
