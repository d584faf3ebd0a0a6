//! Running Luau scripts with `execute_script`, and checking what they returned (`{result,
//! logs, stats}`) or why they failed (`{error, stats}` in a tool error).

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, ensure};
use serde_json::{Value, json};

use super::answers::{error_text, last_json};
use super::credentials::{CallCredentials, MetaPlace};
use crate::checks::json::expect_equal;
use crate::mcp::jsonrpc;
use crate::world::{McpWorld, Outcome};

/// Calls `execute_script` on the default session, carrying `credentials` when given, and
/// records the reply and how long it took.
pub async fn run(
    world: &mut McpWorld,
    script: &str,
    credentials: Option<CallCredentials>,
) -> Result<()> {
    let request = match &credentials {
        Some(c) => format!(
            "execute_script with _meta.auth (redacted) in {:?}:\n{script}",
            c.place
        ),
        None => format!("execute_script:\n{script}"),
    };
    let params = call_params(script, credentials);
    let started = Instant::now();
    let reply = world.client()?.request("tools/call", params).await?;
    world.openapi.last_elapsed = Some(started.elapsed());
    world.record(Outcome::Reply { request, reply });
    Ok(())
}

/// Sends `execute_script` on the raw connection as request `id`, without waiting for an answer.
pub async fn start(world: &mut McpWorld, id: i64, script: &str) -> Result<()> {
    let frame = jsonrpc::request(id.into(), "tools/call", Some(call_params(script, None)));
    world.raw()?.send(&frame).await
}

/// The `tools/call` params of `execute_script`, with the credentials' `_meta` in its place.
fn call_params(script: &str, credentials: Option<CallCredentials>) -> Value {
    let mut arguments = json!({ "script": script });
    let mut params = json!({ "name": "execute_script" });
    match credentials {
        Some(CallCredentials {
            meta,
            place: MetaPlace::Request,
        }) => params["_meta"] = meta,
        Some(CallCredentials {
            meta,
            place: MetaPlace::Arguments,
        }) => arguments["_meta"] = meta,
        None => {}
    }
    params["arguments"] = arguments;
    params
}

/// The last script's result is exactly `expected`.
pub fn expect_result(world: &McpWorld, expected: &Value) -> Result<()> {
    expect_equal("the script result", &last_json(world)?["result"], expected)
}

/// The last script's result is the JSON literal `literal` (`4`, `true`, `"hijacked"`).
pub fn expect_result_literal(world: &McpWorld, literal: &str) -> Result<()> {
    let expected: Value =
        serde_json::from_str(literal).with_context(|| format!("{literal} is not JSON"))?;
    expect_result(world, &expected)
}

/// The last script's result holds each field of the object `expected` with exactly its value.
pub fn expect_result_fields(world: &McpWorld, expected: &Value) -> Result<()> {
    let result = &last_json(world)?["result"];
    let fields = expected
        .as_object()
        .context("the expected fields are not an object")?;
    for (key, value) in fields {
        expect_equal(&format!("the result's {key}"), &result[key], value)?;
    }
    Ok(())
}

/// The last script's logs (what it printed) are exactly `expected`.
pub fn expect_logs(world: &McpWorld, expected: &Value) -> Result<()> {
    expect_equal("the script's logs", &last_json(world)?["logs"], expected)
}

/// The last script succeeded, and its stats say `count` API calls and a duration.
pub fn expect_api_calls(world: &McpWorld, count: u64) -> Result<()> {
    let answer = last_json(world)?;
    ensure!(
        answer["stats"]["api_calls"] == count && answer["stats"]["duration_ms"].is_u64(),
        "the stats do not say {count} API calls (and a duration): {}",
        answer["stats"]
    );
    Ok(())
}

/// The last script failed, and its error names each of `words` (ignoring case).
pub fn expect_failure_naming(world: &McpWorld, words: &[&str]) -> Result<()> {
    let (request, error) = failure_error(world)?;
    for word in words {
        ensure!(
            error.to_lowercase().contains(&word.to_lowercase()),
            "{request}: the error does not name {word:?}: {error}"
        );
    }
    Ok(())
}

/// The last script failed, and its error quotes the gateway's error page: its first `shown`
/// characters and an ellipsis, or (`None`) the whole page and nothing after it that reads as cut.
pub fn expect_page_quoted(world: &McpWorld, shown: Option<usize>) -> Result<()> {
    let page = world
        .openapi
        .error_page
        .as_deref()
        .context("no error page was set up")?;
    let (request, error) = failure_error(world)?;
    let start = error
        .find(&page[..page.len().min(40)])
        .with_context(|| format!("{request}: the error quotes none of the page: {error}"))?;
    let quoted = &error[start..];
    let same = quoted
        .bytes()
        .zip(page.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let after: String = quoted[same..].chars().take(20).collect();
    let (length, cut) = shown.map_or((page.len(), false), |shown| (shown, true));
    ensure!(
        same == length && after.starts_with('…') == cut,
        "{request}: of the page's {} characters the error quotes the first {same}, then {after:?} \
         (expected the first {length}{})",
        page.len(),
        if cut {
            " and an ellipsis"
        } else {
            " and no ellipsis"
        }
    );
    Ok(())
}

/// The last script failed, and its answer came within `limit`.
pub fn expect_failed_within(world: &McpWorld, limit: Duration) -> Result<()> {
    let elapsed = world.openapi.last_elapsed.context("no script was run")?;
    ensure!(
        elapsed <= limit,
        "the answer took {elapsed:?}, more than {limit:?}"
    );
    let (request, reply) = world.last_reply()?;
    error_text(&request, &reply).map(drop)
}

/// The last script failed, and its failure's stats say `count` API calls.
pub fn expect_failed_api_calls(world: &McpWorld, count: u64) -> Result<()> {
    let (request, failure) = failure(world)?;
    ensure!(
        failure["stats"]["api_calls"] == count,
        "{request}: the failure's stats do not say {count} API calls: {}",
        failure["stats"]
    );
    Ok(())
}

/// The last script's failure: `{error, stats}`, as the bridge answers a script that failed.
/// The request of the last script that failed, and its failure's error text.
fn failure_error(world: &McpWorld) -> Result<(String, String)> {
    let (request, failure) = failure(world)?;
    let error = failure["error"]
        .as_str()
        .with_context(|| format!("{request}: the failure has no error text: {failure}"))?;
    Ok((request, error.to_owned()))
}

fn failure(world: &McpWorld) -> Result<(String, Value)> {
    let (request, reply) = world.last_reply()?;
    let text = error_text(&request, &reply)?;
    let failure = serde_json::from_str(&text)
        .with_context(|| format!("{request}: the error is not the bridge's JSON:\n{text}"))?;
    Ok((request, failure))
}
