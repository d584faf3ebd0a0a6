//! Checks of task-augmented requests (2025-11-25): the task a server creates, its status, its
//! result, and the list of tasks.

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

use crate::mcp::jsonrpc::Reply;
use crate::mcp::tasks::RELATED_TASK;

/// The error code for a request that needs a capability the client did not declare
/// (2026-07-28).
pub const MISSING_CAPABILITY: i64 = -32021;

/// A `CreateTaskResult`: a `task` with a server-made string id, in status `working`, with
/// both timestamps. Returns the id.
pub fn created_task(request: &str, reply: &Reply) -> Result<String> {
    let result = success(request, reply)?;
    let task = result
        .get("task")
        .filter(|task| task.is_object())
        .ok_or_else(|| {
            anyhow!("{request} was not answered with a task (CreateTaskResult): {result}")
        })?;
    let id = task_id(request, task)?;
    let status = task.get("status").and_then(Value::as_str);
    if status != Some("working") {
        bail!(
            "a new task must start in status \"working\"; {request} created one in {status:?}: {task}"
        );
    }
    timestamps(request, task)?;
    Ok(id)
}

/// A `tasks/get` answer about `id`: the same id, a known status, both timestamps, and the
/// `ttl` it keeps the task for (a number of milliseconds, or null for no limit).
pub fn task_state(request: &str, reply: &Reply, id: &str) -> Result<String> {
    let task = success(request, reply)?;
    let answered = task_id(request, task)?;
    if answered != id {
        bail!("{request} answered about task \"{answered}\", not \"{id}\": {task}");
    }
    timestamps(request, task)?;
    match task.get("ttl") {
        Some(Value::Null) => {}
        Some(ttl) if ttl.as_u64().is_some() => {}
        other => bail!("{request}: \"ttl\" must be milliseconds or null, got {other:?}: {task}"),
    }
    status(request, task)
}

/// A `tasks/result` answer: a tool result (`content` array) whose `_meta` names the task.
pub fn related_result(request: &str, reply: &Reply, id: &str) -> Result<()> {
    let result = success(request, reply)?;
    if !result.get("content").is_some_and(Value::is_array) {
        bail!("{request} did not return the tool's result (no \"content\" array): {result}");
    }
    let related = result
        .pointer(&format!(
            "/_meta/{}/taskId",
            RELATED_TASK.replace('/', "~1")
        ))
        .and_then(Value::as_str);
    if related != Some(id) {
        bail!(
            "the result of {request} must carry _meta.\"{RELATED_TASK}\".taskId \"{id}\", got {related:?}: {result}"
        );
    }
    Ok(())
}

/// The task's status, one of the five the specification names.
pub fn status(request: &str, task: &Value) -> Result<String> {
    let status = task
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or_default();
    const KNOWN: [&str; 5] = [
        "working",
        "input_required",
        "completed",
        "failed",
        "cancelled",
    ];
    if !KNOWN.contains(&status) {
        bail!("{request}: \"{status}\" is not a task status ({KNOWN:?}): {task}");
    }
    Ok(status.to_owned())
}

/// `status` is what a step expects: `wanted` itself, or for "completed or failed" either.
pub fn expect_status(request: &str, status: &str, wanted: &str) -> Result<()> {
    let fits = match wanted {
        "completed or failed" => status == "completed" || status == "failed",
        other => status == other,
    };
    if !fits {
        bail!("{request}: the task is \"{status}\", expected {wanted}");
    }
    Ok(())
}

/// No task id appears twice.
pub fn distinct_ids(ids: &[String]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    match ids.iter().find(|id| !seen.insert(id.as_str())) {
        Some(id) => bail!("two tasks got the same id \"{id}\" (all ids: {ids:?})"),
        None if ids.len() < 2 => bail!("fewer than two tasks were created: {ids:?}"),
        None => Ok(()),
    }
}

/// The capabilities include `tasks.requests.tools.call` (a server that answers a tool call
/// with a task must have said it would).
pub fn declares_tool_call_tasks(capabilities: &Value) -> Result<()> {
    if capabilities
        .pointer("/tasks/requests/tools/call")
        .is_some_and(Value::is_object)
    {
        return Ok(());
    }
    bail!(
        "the server ran a tool call as a task without declaring tasks.requests.tools.call; its capabilities: {capabilities}"
    )
}

fn success<'a>(request: &str, reply: &'a Reply) -> Result<&'a Value> {
    reply
        .as_ref()
        .map_err(|error| anyhow!("{request} was refused: {error}"))
}

fn task_id(request: &str, task: &Value) -> Result<String> {
    match task.get("taskId") {
        Some(Value::String(id)) if !id.is_empty() => Ok(id.clone()),
        other => bail!("{request}: the task id must be a non-empty string, got {other:?}: {task}"),
    }
}

fn timestamps(request: &str, task: &Value) -> Result<()> {
    for key in ["createdAt", "lastUpdatedAt"] {
        let stamp = task
            .get(key)
            .and_then(Value::as_str)
            .with_context(|| format!("{request}: the task has no \"{key}\" timestamp: {task}"))?;
        chrono::DateTime::parse_from_rfc3339(stamp).map_err(|error| {
            anyhow!(
                "{request}: \"{key}\" {stamp:?} is not an ISO 8601 (RFC 3339) timestamp: {error}"
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task(status: &str) -> Value {
        json!({"taskId": "t1", "status": status, "createdAt": "2025-11-25T10:30:00Z",
               "lastUpdatedAt": "2025-11-25T10:40:00.5+01:00", "ttl": 60000})
    }

    #[test]
    fn a_new_working_task_is_accepted() {
        let reply = Ok(json!({"task": task("working")}));
        assert_eq!(created_task("call", &reply).unwrap(), "t1");
    }

    #[test]
    fn a_task_that_starts_completed_or_without_times_is_refused() {
        assert!(created_task("call", &Ok(json!({"task": task("completed")}))).is_err());
        let mut bare = task("working");
        bare.as_object_mut().unwrap().remove("createdAt");
        assert!(created_task("call", &Ok(json!({"task": bare}))).is_err());
        assert!(created_task("call", &Ok(json!({"content": []}))).is_err());
    }

    #[test]
    fn a_status_needs_the_same_id_and_a_ttl() {
        assert_eq!(
            task_state("get", &Ok(task("working")), "t1").unwrap(),
            "working"
        );
        assert!(task_state("get", &Ok(task("working")), "t2").is_err());
        let mut no_ttl = task("working");
        no_ttl.as_object_mut().unwrap().remove("ttl");
        assert!(task_state("get", &Ok(no_ttl), "t1").is_err());
        let mut unlimited = task("completed");
        unlimited["ttl"] = Value::Null;
        assert!(task_state("get", &Ok(unlimited), "t1").is_ok());
    }

    #[test]
    fn a_result_must_name_its_task() {
        let good = json!({"content": [], "_meta": {RELATED_TASK: {"taskId": "t1"}}});
        assert!(related_result("result", &Ok(good), "t1").is_ok());
        let bare = json!({"content": []});
        assert!(related_result("result", &Ok(bare), "t1").is_err());
    }
}
