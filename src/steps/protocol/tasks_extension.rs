//! Steps of `features/protocol/tasks_extension.feature`: the tasks extension of 2026-07-28.

use std::time::Instant;

use anyhow::{Context, bail};
use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::checks::tasks_extension as checks;
use crate::harness::skip::skip_scenario;
use crate::mcp::registry::ToolProbe;
use crate::mcp::tasks::extension::{Declaring, TASKS_EXTENSION};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// The registry's probe for a call the server runs as a task under the extension.
const PROBE: &str = "tasks_extension_tool";

#[given("the server offers the tasks extension")]
async fn offers_extension(world: &mut McpWorld) -> StepResult {
    let declared = world.declared_capabilities()?;
    if declared
        .pointer("/extensions")
        .and_then(|e| e.get(TASKS_EXTENSION))
        .is_none()
    {
        skip_scenario(format!(
            "the server does not declare the {TASKS_EXTENSION} extension"
        ));
    }
    Ok(())
}

#[when(
    regex = r"^the client calls the extension's task tool, declaring (the tasks extension|nothing)$"
)]
async fn call_tool(world: &mut McpWorld, declaring: String) -> StepResult {
    let declaring = if declaring == "nothing" {
        Declaring::Nothing
    } else {
        Declaring::Extension
    };
    let probe: ToolProbe = world.required_probe(PROBE)?;
    // The 2025-11-25 opt-in rides along: under the extension it must change nothing.
    let params = json!({"name": probe.name, "arguments": probe.arguments, "task": {"ttl": 60000}});
    send(world, "tools/call", &probe.name.clone(), params, declaring).await
}

#[when(
    regex = r"^the client (polls|cancels|asks for the result of) the task(, declaring nothing)?$"
)]
async fn on_task(world: &mut McpWorld, verb: String, nothing: String) -> StepResult {
    let id = world.tasks.last_id()?;
    let declaring = if nothing.is_empty() {
        Declaring::Extension
    } else {
        Declaring::Nothing
    };
    send(
        world,
        method_of(&verb),
        &id,
        json!({"taskId": id}),
        declaring,
    )
    .await
}

/// A task id no server issued.
const UNKNOWN_TASK: &str = "mcp-acceptance-no-such-task";

#[when("the client polls a task that never existed")]
async fn poll_unknown(world: &mut McpWorld) -> StepResult {
    poll(world, UNKNOWN_TASK).await
}

#[when("the client cancels a task that never existed")]
async fn cancel_unknown(world: &mut McpWorld) -> StepResult {
    let params = json!({"taskId": UNKNOWN_TASK});
    send(
        world,
        "tasks/cancel",
        UNKNOWN_TASK,
        params,
        Declaring::Extension,
    )
    .await
}

#[when("the client polls the task until it ends")]
async fn poll_until_end(world: &mut McpWorld) -> StepResult {
    let id = world.tasks.last_id()?;
    poll_while_working(world, &id).await
}

#[then("the server answers with a task handle")]
async fn answers_handle(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let id = checks::task_handle(&request, &reply)?;
    world.tasks.ids.push(id);
    Ok(())
}

#[then("the answer reports the task")]
async fn reports_task(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    checks::polled(&request, &reply, &world.tasks.last_id()?).map(drop)
}

#[then("the task has completed with the tool's result")]
async fn completed(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let status = checks::polled(&request, &reply, &world.tasks.last_id()?)?;
    if status != "completed" {
        bail!("{request}: the task ended \"{status}\" (or was still working at the wait bound)");
    }
    checks::completed_with_tool_result(&request, &reply)
}

#[then("the server acknowledges it")]
async fn acknowledges(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    checks::acknowledged(&request, &reply)
}

#[then("the call is not answered with a task")]
async fn not_a_task(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    checks::not_a_task(&request, &reply)
}

#[then("the server does not also declare the tasks capability of 2025-11-25")]
async fn no_legacy(world: &mut McpWorld) -> StepResult {
    let declared = world.declared_capabilities()?;
    checks::no_legacy_capability(&declared)
}

fn method_of(verb: &str) -> &'static str {
    match verb {
        "polls" => "tasks/get",
        "cancels" => "tasks/cancel",
        _ => "tasks/result",
    }
}

/// The interval the server suggests, bounded to 50 ms … 1 s.
fn poll_interval(reply: &crate::mcp::jsonrpc::Reply) -> std::time::Duration {
    let suggested = reply
        .as_ref()
        .ok()
        .and_then(|r| r.get("pollIntervalMs"))
        .and_then(Value::as_u64);
    std::time::Duration::from_millis(suggested.unwrap_or(200).clamp(50, 1000))
}

/// Polls `id`, at the interval the server suggests, until it is no longer working or the
/// scenario's wait bound has passed; the last answer is recorded.
async fn poll_while_working(world: &mut McpWorld, id: &str) -> StepResult {
    let started = Instant::now();
    loop {
        poll(world, id).await?;
        let (request, reply) = world.last_reply()?;
        if checks::polled(&request, &reply, id)? != "working" || started.elapsed() > world.timeout {
            return Ok(());
        }
        tokio::time::sleep(poll_interval(&reply)).await;
    }
}

/// One `tasks/get` of `id`, declaring the extension; the answer is recorded.
async fn poll(world: &mut McpWorld, id: &str) -> StepResult {
    let params = json!({"taskId": id});
    send(world, "tasks/get", id, params, Declaring::Extension).await
}

async fn send(
    world: &mut McpWorld,
    method: &str,
    name: &str,
    params: Value,
    declaring: Declaring,
) -> StepResult {
    let request = format!("{method} with {params} ({declaring:?} declared)");
    let response = world
        .raw()?
        .extension_request(method, name, params, declaring)
        .await;
    let response = response.with_context(|| format!("{request} failed"))?;
    world.record(Outcome::Raw { request, response });
    Ok(())
}
