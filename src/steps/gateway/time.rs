//! What a client sees of the time server at the end of a route: its identity, tools, answers,
//! errors, progress, and how long a round trip takes.

use std::time::Instant;

use anyhow::{Context, bail, ensure};
use cucumber::{then, when};
use serde_json::{Map, Value, json};

use crate::harness::latency::{Row, report};
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::systems::mcp_bridge::time_answer;
use crate::world::{McpWorld, Outcome};

/// The time server's name in its initialize answer (fixtures/time-server).
const TIME_SERVER_NAME: &str = "mcp-acceptance-time";
const PROGRESS: &str = "notifications/progress";
/// Calls before the timed ones: connections, caches and JWKS fetches settle first.
const WARM_UP_CALLS: usize = 3;

#[then("the client sees the time server's own identity")]
async fn own_identity(world: &mut McpWorld) -> StepResult {
    let server = world.client()?.server()?;
    let name = server.server_info.as_ref().map(|info| info.name.as_str());
    ensure!(
        name == Some(TIME_SERVER_NAME),
        "the initialize answer names the server {name:?}, not the time server {TIME_SERVER_NAME:?}: {server:?}"
    );
    ensure!(
        server.capabilities.tools.is_some(),
        "the initialize answer lost the time server's tools capability: {server:?}"
    );
    Ok(())
}

#[then(expr = "the client sees the tools {word} and {word}")]
async fn sees_tools(world: &mut McpWorld, first: String, second: String) -> StepResult {
    let tools = world
        .client()?
        .list_tools()
        .await?
        .map_err(|e| anyhow::anyhow!("tools/list was refused: {e}"))?;
    let names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
    for wanted in [&first, &second] {
        ensure!(
            names.contains(&wanted.as_str()),
            "{wanted} is not listed: {names:?}"
        );
    }
    Ok(())
}

#[when(expr = "the client asks for the current time in {string}")]
async fn current_time_in(world: &mut McpWorld, timezone: String) -> StepResult {
    world
        .call_tool("get_current_time", timezone_argument(&timezone))
        .await
}

#[then(expr = "the answer gives the time in {string} as served over {transport}")]
async fn time_answered(world: &mut McpWorld, timezone: String, served: Transport) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let result = reply.map_err(|e| anyhow::anyhow!("{request} failed: {e}"))?;
    let answer = time_answer(&result)?;
    ensure!(
        answer["timezone"] == json!(timezone) && answer["mode"] == json!(served.to_string()),
        "expected the time in {timezone} served over {served}, got {answer}"
    );
    let time = answer["time"].as_str().context("the answer has no time")?;
    let instant = chrono::DateTime::parse_from_rfc3339(time)
        .with_context(|| format!("the time {time:?} is not RFC 3339"))?;
    let skew = (chrono::Utc::now() - instant.to_utc()).num_seconds().abs();
    ensure!(skew < 60, "the time {time} is {skew} s away from now");
    Ok(())
}

#[then(expr = "the answer is the error {int} naming {string} in its message and data")]
async fn error_intact(world: &mut McpWorld, code: i64, named: String) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let Err(error) = reply else {
        bail!("{request} succeeded, expected error {code}");
    };
    ensure!(
        error.code == code
            && error.message.contains(&format!("{named:?}"))
            && error.data == Some(json!({"timezone": named})),
        "{request}: expected error {code} naming {named:?} in message and data {{\"timezone\": …}}, got {error}"
    );
    Ok(())
}

#[when("the client asks for the current time with a progress token")]
async fn current_time_with_progress(world: &mut McpWorld) -> StepResult {
    let session = world.client()?;
    let before = session.received().len();
    let (token, reply) = session
        .call_tool_tracked("get_current_time", Map::new())
        .await?;
    world.gateway.progress_token = Some(token);
    world.record(Outcome::ReplyAfter {
        request: "tools/call \"get_current_time\" with a progress token".to_owned(),
        reply,
        received_before: before,
    });
    Ok(())
}

#[then("progress arrives under that token with the answer")]
async fn progress_under_token(world: &mut McpWorld) -> StepResult {
    let Some(Outcome::ReplyAfter {
        request,
        reply,
        received_before,
    }) = &world.last
    else {
        bail!(
            "no call with a progress token was made (last outcome: {:?})",
            world.last
        );
    };
    if let Err(error) = reply {
        bail!("{request} failed: {error}");
    }
    let skip = *received_before;
    let token = world
        .gateway
        .progress_token
        .clone()
        .context("no progress token was sent")?;
    world
        .client()?
        .wait_for_message_where(&format!("{PROGRESS} for token {token}"), skip, |m| {
            m.method == PROGRESS && m.params.get("progressToken") == Some(&token)
        })
        .await
        .map(drop)
}

#[when(expr = "the client asks for the current time {int} times")]
async fn many_calls(world: &mut McpWorld, count: usize) -> StepResult {
    timed_calls(world, &[crate::world::DEFAULT_SESSION], count).await
}

#[then("the round-trip latency of the route is reported")]
async fn latency_reported(world: &mut McpWorld) -> StepResult {
    let route = world
        .gateway
        .routes
        .last()
        .context("the scenario opened no route")?
        .description
        .clone();
    report_latency(world, crate::world::DEFAULT_SESSION, route)
}

/// Warms up, then times `count` get_current_time round trips of each session in `names`,
/// taking turns so that all see the same load; every call must succeed. The samples stay with
/// the scenario under the session's name.
pub(super) async fn timed_calls(world: &mut McpWorld, names: &[&str], count: usize) -> StepResult {
    ensure!(count > 0, "time at least one call");
    let mut all: Vec<crate::harness::latency::Samples> = vec![Default::default(); names.len()];
    for index in 0..WARM_UP_CALLS + count {
        for (name, samples) in names.iter().zip(all.iter_mut()) {
            let session = world.session(name)?;
            let started = Instant::now();
            let reply = session
                .call_tool("get_current_time", timezone_argument("UTC"))
                .await?;
            let took = started.elapsed();
            reply.map_err(|e| anyhow::anyhow!("call {} of \"{name}\" failed: {e}", index + 1))?;
            if index >= WARM_UP_CALLS {
                samples.push(took);
            }
        }
    }
    for (name, samples) in names.iter().zip(all) {
        world.gateway.samples.insert((*name).to_owned(), samples);
    }
    Ok(())
}

/// Prints the samples of session `name` as a line of the latency table.
pub(super) fn report_latency(world: &McpWorld, name: &str, what: String) -> StepResult {
    let samples = world.gateway.samples(name)?.clone();
    report(Row { what, samples }.render());
    Ok(())
}

fn timezone_argument(timezone: &str) -> Map<String, Value> {
    let mut arguments = Map::new();
    arguments.insert("timezone".to_owned(), json!(timezone));
    arguments
}
