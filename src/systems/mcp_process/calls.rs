//! Calling mcp-process's tools for a scenario: the arguments (the remembered process or service,
//! a docstring), recording the answer, remembering what a start reports, and waiting (bounded by
//! the scenario's wait) until a tool answers what the scenario waits for.

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use serde_json::{Map, Value, json};

use super::results::{arguments_from, tool_json};
use crate::mcp::jsonrpc::pretty;
use crate::world::{McpWorld, Outcome};

/// A process id no server started (and no process has).
pub const UNKNOWN_PID: i64 = 999_999_999;

/// Calls a tool on the default session, records the reply, and remembers the process or
/// service a start reports.
pub async fn call(world: &mut McpWorld, tool: &str, arguments: Map<String, Value>) -> Result<()> {
    let request = format!(
        "tools/call \"{tool}\" with {}",
        Value::Object(arguments.clone())
    );
    let reply = world.client()?.call_tool(tool, arguments).await?;
    if let Ok((is_error, result)) = tool_json(&request, &reply) {
        world.process.remember_start(tool, is_error, &result);
    }
    world.record(Outcome::Reply { request, reply });
    Ok(())
}

/// `arguments` and those of a docstring (`$pid`, `$serviceId`: the remembered ones).
pub fn with_docstring(
    world: &McpWorld,
    mut arguments: Map<String, Value>,
    docstring: &str,
) -> Result<Map<String, Value>> {
    let scenario = &world.process;
    let extra = arguments_from(docstring, scenario.pid, scenario.service_id.as_deref())?;
    arguments.extend(extra);
    Ok(arguments)
}

/// `{"executable": …, "args": […]}` from a program and its arguments as a shell would split them.
pub fn program_arguments(executable: &str, args: &str) -> Result<Map<String, Value>> {
    let args =
        shell_words::split(args).map_err(|e| anyhow::anyhow!("bad arguments {args}: {e}"))?;
    Ok(object(json!({"executable": executable, "args": args})))
}

/// `{"pid": …}` of the remembered process.
pub fn for_process(world: &McpWorld) -> Result<Map<String, Value>> {
    Ok(object(json!({"pid": world.process.pid()?})))
}

/// `{"pid": …}` of a process no server started.
pub fn for_unknown_process() -> Map<String, Value> {
    object(json!({"pid": UNKNOWN_PID}))
}

/// `{"serviceId": …}` of the remembered service.
pub fn for_service(world: &McpWorld) -> Result<Map<String, Value>> {
    Ok(object(json!({"serviceId": world.process.service_id()?})))
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => unreachable!("tool arguments are built from object literals, not {other}"),
    }
}

/// Calls `tool` with `arguments` until `done` accepts the result, bounded by the scenario's
/// wait; fails with the last result. The last answer stays recorded.
async fn poll(
    world: &mut McpWorld,
    tool: &str,
    arguments: Map<String, Value>,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Result<Value> {
    let deadline = Instant::now() + world.timeout;
    loop {
        call(world, tool, arguments.clone()).await?;
        let (request, reply) = world.last_reply()?;
        let (_, result) = tool_json(&request, &reply)?;
        if done(&result) {
            return Ok(result);
        }
        ensure!(
            Instant::now() < deadline,
            "{what}: not so after {:.1}s; {tool} last answered:\n{}",
            world.timeout.as_secs_f64(),
            pretty(&result)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Until the remembered process is in `state`.
pub async fn wait_for_state(world: &mut McpWorld, state: &str) -> Result<()> {
    let what = format!("waiting for the process to be {state}");
    let is_state = |r: &Value| r.get("state").and_then(Value::as_str) == Some(state);
    poll(
        world,
        "process_get_status",
        for_process(world)?,
        &what,
        is_state,
    )
    .await?;
    Ok(())
}

/// Until the output of the remembered process (either stream) contains every one of `texts`.
/// Lines written to stdout and stderr reach the server through two pipes, in no set order, so a
/// line seen on one stream says nothing about an earlier line on the other: wait for each.
pub async fn wait_for_output(world: &mut McpWorld, texts: &[String]) -> Result<()> {
    let what = format!("waiting for {texts:?} in the output");
    let holds = |r: &Value| {
        let output = |s: &str| r.get(s).and_then(Value::as_str).unwrap_or_default();
        let (stdout, stderr) = (output("stdout"), output("stderr"));
        texts
            .iter()
            .all(|text| stdout.contains(text.as_str()) || stderr.contains(text.as_str()))
    };
    poll(
        world,
        "process_get_output",
        for_process(world)?,
        &what,
        holds,
    )
    .await?;
    Ok(())
}

/// Until the remembered process uses at least `megabytes` MiB, as mcp-process reports.
pub async fn wait_for_memory(world: &mut McpWorld, megabytes: f64) -> Result<()> {
    let what = format!("waiting for memoryMB to reach {megabytes}");
    let reached = |r: &Value| {
        r.get("memoryMB")
            .and_then(Value::as_f64)
            .is_some_and(|m| m >= megabytes)
    };
    poll(
        world,
        "process_get_stats",
        for_process(world)?,
        &what,
        reached,
    )
    .await?;
    Ok(())
}

/// Until the remembered service has restarted (at least once, running, under another process
/// than its first); then that process is the scenario's.
pub async fn wait_for_restart(world: &mut McpWorld) -> Result<()> {
    let first = world.process.first_service_pid;
    let restarted = |r: &Value| {
        let pid = r.get("pid").and_then(Value::as_i64);
        r.get("restarts").and_then(Value::as_i64).unwrap_or(0) >= 1
            && r.get("state").and_then(Value::as_str) == Some("running")
            && pid.is_some()
            && pid != first
    };
    let what = "waiting for the service to restart";
    let arguments = for_service(world)?;
    let status = poll(
        world,
        "process_get_service_status",
        arguments,
        what,
        restarted,
    )
    .await?;
    world.process.pid = status.get("pid").and_then(Value::as_i64);
    Ok(())
}
