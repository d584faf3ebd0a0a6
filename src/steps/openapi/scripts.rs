//! Running Luau scripts with `execute_script`, and what they returned or why they failed.

use std::time::{Duration, Instant};

use anyhow::{Context as _, ensure};
use cucumber::gherkin::Step;
use cucumber::{then, when};
use serde_json::Value;

use crate::steps::StepResult;
use crate::systems::openapi_bridge::{
    MetaCredential, MetaPlace, error_text, expect_json, json_answer, script_call,
};
use crate::world::{McpWorld, Outcome};

use super::docstring;

/// Calls `execute_script` and records the reply and how long it took.
async fn run(world: &mut McpWorld, script: &str, meta: Option<(Value, MetaPlace)>) -> StepResult {
    let request = match &meta {
        Some((_, place)) => {
            format!("execute_script with _meta.auth (redacted) in {place:?}:\n{script}")
        }
        None => format!("execute_script:\n{script}"),
    };
    let params = script_call(script, meta);
    let started = Instant::now();
    let reply = world.client()?.request("tools/call", params).await?;
    world.openapi.last_elapsed = Some(started.elapsed());
    world.record(Outcome::Reply { request, reply });
    Ok(())
}

/// The last script's whole answer: `{result, logs, stats}`.
fn answer(world: &McpWorld) -> anyhow::Result<Value> {
    let (request, reply) = world.last_reply()?;
    json_answer(&request, &reply)
}

#[when("the client runs the script:")]
async fn run_script(world: &mut McpWorld, step: &Step) -> StepResult {
    run(world, docstring(step)?, None).await
}

#[when(expr = "the client runs the script {string}")]
async fn run_script_inline(world: &mut McpWorld, script: String) -> StepResult {
    run(world, &script, None).await
}

#[when(expr = "the client runs the script with the {meta_credential} in {meta_place}.auth:")]
async fn run_script_with_meta(
    world: &mut McpWorld,
    credential: MetaCredential,
    place: MetaPlace,
    step: &Step,
) -> StepResult {
    run(
        world,
        docstring(step)?,
        Some((credential.meta_auth(), place)),
    )
    .await
}

#[when(expr = "the client runs the script with a _meta.auth of type {string}:")]
async fn run_script_with_bad_meta(world: &mut McpWorld, kind: String, step: &Step) -> StepResult {
    let meta = serde_json::json!({"auth": {"test_api": {"type": kind, "secret": "x"}}});
    run(world, docstring(step)?, Some((meta, MetaPlace::Request))).await
}

#[when(expr = "the client starts the script with id {int}:")]
async fn start_script(world: &mut McpWorld, id: i64, step: &Step) -> StepResult {
    let params = script_call(docstring(step)?, None);
    let frame = crate::mcp::jsonrpc::request(id.into(), "tools/call", Some(params));
    world.raw()?.send(&frame).await
}

#[then("the script result is:")]
async fn result_is(world: &mut McpWorld, step: &Step) -> StepResult {
    let expected: Value =
        serde_json::from_str(docstring(step)?).context("the expected result is not JSON")?;
    expect_json("the script result", &answer(world)?["result"], &expected)
}

#[then(expr = "the script result is {word}")]
async fn result_is_literal(world: &mut McpWorld, literal: String) -> StepResult {
    let expected: Value =
        serde_json::from_str(&literal).with_context(|| format!("{literal} is not JSON"))?;
    expect_json("the script result", &answer(world)?["result"], &expected)
}

#[then(expr = "the script made {int} API call(s)")]
async fn api_calls(world: &mut McpWorld, count: u64) -> StepResult {
    let answer = answer(world)?;
    ensure!(
        answer["stats"]["api_calls"] == count && answer["stats"]["duration_ms"].is_u64(),
        "the stats do not say {count} API calls (and a duration): {}",
        answer["stats"]
    );
    Ok(())
}

#[then("the script's logs are:")]
async fn logs_are(world: &mut McpWorld, step: &Step) -> StepResult {
    let expected: Value =
        serde_json::from_str(docstring(step)?).context("the expected logs are not JSON")?;
    expect_json("the script's logs", &answer(world)?["logs"], &expected)
}

#[then(expr = "the script fails with an error naming {string}")]
async fn fails_naming(world: &mut McpWorld, words: String) -> StepResult {
    expect_failure_naming(world, &[&words])
}

#[then(expr = "the script fails with an error naming {string} and {string}")]
async fn fails_naming_both(world: &mut McpWorld, first: String, second: String) -> StepResult {
    expect_failure_naming(world, &[&first, &second])
}

/// The last script's failure: `{error, stats}`, as the bridge answers a script that failed.
fn failure(world: &McpWorld) -> anyhow::Result<(String, Value)> {
    let (request, reply) = world.last_reply()?;
    let text = error_text(&request, &reply)?;
    let failure = serde_json::from_str(&text)
        .with_context(|| format!("{request}: the error is not the bridge's JSON:\n{text}"))?;
    Ok((request, failure))
}

/// The last script failed, and its error names each of `words` (ignoring case).
fn expect_failure_naming(world: &McpWorld, words: &[&str]) -> StepResult {
    let (request, failure) = failure(world)?;
    let error = failure["error"]
        .as_str()
        .with_context(|| format!("{request}: the failure has no error text: {failure}"))?;
    for word in words {
        ensure!(
            error.to_lowercase().contains(&word.to_lowercase()),
            "{request}: the error does not name {word:?}: {error}"
        );
    }
    Ok(())
}

#[then(expr = "the script failed within {int} seconds")]
async fn failed_within(world: &mut McpWorld, seconds: u64) -> StepResult {
    let elapsed = world.openapi.last_elapsed.context("no script was run")?;
    ensure!(
        elapsed <= Duration::from_secs(seconds),
        "the answer took {elapsed:?}, more than {seconds} s"
    );
    let (request, reply) = world.last_reply()?;
    error_text(&request, &reply).map(drop)
}

#[then(expr = "the failed script made {int} API call(s)")]
async fn failed_api_calls(world: &mut McpWorld, count: u64) -> StepResult {
    let (request, failure) = failure(world)?;
    ensure!(
        failure["stats"]["api_calls"] == count,
        "{request}: the failure's stats do not say {count} API calls: {}",
        failure["stats"]
    );
    Ok(())
}

#[then("the script result includes:")]
async fn result_includes(world: &mut McpWorld, step: &Step) -> StepResult {
    let expected: Value =
        serde_json::from_str(docstring(step)?).context("the expected fields are not JSON")?;
    let result = &answer(world)?["result"];
    let fields = expected
        .as_object()
        .context("the expected fields are not an object")?;
    for (key, value) in fields {
        expect_json(&format!("the result's {key}"), &result[key], value)?;
    }
    Ok(())
}
