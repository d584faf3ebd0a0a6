//! Raw JSON-RPC frames: error codes, ids, concurrency, notifications, stdio framing.

use crate::steps::common::strip_media_type;
use std::collections::HashMap;

use anyhow::{Context, bail, ensure};
use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::{Value, json};

use crate::checks::expect;
use crate::mcp::jsonrpc;
use crate::steps::StepResult;
use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};

async fn send_frame_and_read(world: &mut McpWorld, frame: &str) -> StepResult {
    let raw = world.raw()?;
    raw.send(frame).await?;
    let response = raw.next_response().await?;
    world.record(Outcome::Raw {
        request: format!("the frame {}", frame.trim()),
        response,
    });
    Ok(())
}

#[when("the client sends the frame:")]
async fn send_docstring_frame(world: &mut McpWorld, step: &Step) -> StepResult {
    let frame = step
        .docstring
        .as_deref()
        .context("this step needs the frame as a docstring")?;
    send_frame_and_read(world, strip_media_type(frame)).await
}

#[when(regex = r"^the client sends the frame (.+)$")]
async fn send_inline_frame(world: &mut McpWorld, frame: String) -> StepResult {
    send_frame_and_read(world, &frame).await
}

#[then(expr = "the server answers with error code {int} and a null id")]
async fn error_with_null_id(world: &mut McpWorld, code: i64) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::error_code(&request, &reply, code)?;
    let response = world.last_raw_response()?;
    ensure!(
        response.get("id") == Some(&Value::Null),
        "{request}: the error should carry \"id\": null, got {response}"
    );
    Ok(())
}

#[then(expr = "the server answers with error code {int} and id {int}")]
async fn error_with_id(world: &mut McpWorld, code: i64, id: i64) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::error_code(&request, &reply, code)?;
    let response = world.last_raw_response()?;
    ensure!(
        response.get("id") == Some(&json!(id)),
        "{request}: the error should carry id {id}, got {response}"
    );
    Ok(())
}

#[when(regex = r"^the client pings the server with id (.+)$")]
async fn ping_with_id(world: &mut McpWorld, id: String) -> StepResult {
    let id: Value =
        serde_json::from_str(&id).with_context(|| format!("the id {id} is not JSON"))?;
    send_frame_and_read(world, &jsonrpc::request(id, "ping", None)).await
}

#[then(regex = r"^the response carries id (.+), of the same JSON type$")]
async fn carries_id(world: &mut McpWorld, id: String) -> StepResult {
    let expected: Value = serde_json::from_str(&id)?;
    let response = world.last_raw_response()?;
    let actual = response.get("id").cloned().unwrap_or(Value::Null);
    ensure!(
        actual == expected,
        "sent id {expected}, the response carries id {actual}: {response}"
    );
    let (request, reply) = world.last_reply()?;
    expect::success(&request, &reply).map(drop)
}

#[when(expr = "the client sends {int} pings at once, each with its own id")]
async fn many_pings(world: &mut McpWorld, count: usize) -> StepResult {
    // Numbers and strings alike, so a server that mixes them up is caught.
    let ids: Vec<Value> = (0..count)
        .map(|n| {
            if n % 2 == 0 {
                json!(5000 + n)
            } else {
                json!(format!("p-{n}"))
            }
        })
        .collect();
    let frames: Vec<String> = ids
        .iter()
        .map(|id| jsonrpc::request(id.clone(), "ping", None))
        .collect();
    let raw = world.raw()?;
    raw.send_all(&frames).await?;
    let responses = raw.responses(count).await?;
    world.record(Outcome::Batch { ids, responses });
    Ok(())
}

#[then(expr = "each of the {int} pings is answered exactly once, with its own id")]
async fn each_answered_once(world: &mut McpWorld, count: usize) -> StepResult {
    let Some(Outcome::Batch { ids, responses }) = &world.last else {
        bail!("no batch of requests was sent")
    };
    ensure!(
        ids.len() == count,
        "{} requests were sent, not {count}",
        ids.len()
    );
    let mut answers: HashMap<String, usize> = HashMap::new();
    for response in responses {
        *answers
            .entry(response.get("id").map(Value::to_string).unwrap_or_default())
            .or_default() += 1;
    }
    let missing: Vec<String> = ids
        .iter()
        .map(Value::to_string)
        .filter(|id| !answers.contains_key(id))
        .collect();
    let repeated: Vec<&String> = answers
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, _)| id)
        .collect();
    let sent: Vec<String> = ids.iter().map(Value::to_string).collect();
    let foreign: Vec<&String> = answers.keys().filter(|id| !sent.contains(id)).collect();
    ensure!(
        missing.is_empty() && repeated.is_empty() && foreign.is_empty(),
        "{} responses to {count} pings; unanswered ids: {missing:?}; answered twice: {repeated:?}; ids never sent: {foreign:?}",
        responses.len()
    );
    Ok(())
}

#[when(expr = "the client writes two pings with ids {int} and {int} in a single write")]
async fn two_pings_one_write(world: &mut McpWorld, first: i64, second: i64) -> StepResult {
    let frames = [
        jsonrpc::request(json!(first), "ping", None),
        jsonrpc::request(json!(second), "ping", None),
    ];
    world.raw()?.send_all(&frames).await
}

#[then(expr = "the server answers with id {int} and with id {int}")]
async fn answers_both(world: &mut McpWorld, first: i64, second: i64) -> StepResult {
    let raw = world.raw()?;
    raw.response_to(&json!(first)).await?;
    raw.response_to(&json!(second)).await?;
    Ok(())
}

#[then("every line the server wrote on stdout was a JSON-RPC message")]
async fn stdout_is_jsonrpc_only(world: &mut McpWorld) -> StepResult {
    let session = world.session(DEFAULT_SESSION)?;
    let stray = session.link.frames.stray_output();
    ensure!(
        stray.is_empty(),
        "the server wrote {} line(s) on stdout that are not JSON-RPC messages:\n{}",
        stray.len(),
        stray.join("\n")
    );
    Ok(())
}
