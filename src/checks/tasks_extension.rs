//! Checks of the tasks extension of 2026-07-28: the task handle a call returns, what
//! `tasks/get` reports, the acknowledgements.

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

use crate::checks::tasks::status;
use crate::mcp::jsonrpc::Reply;

/// A `CreateTaskResult`: `resultType: "task"` and the task's fields at the top level. Returns
/// the task id.
pub fn task_handle(request: &str, reply: &Reply) -> Result<String> {
    let result = success(request, reply)?;
    marked(request, result, "task")?;
    task_fields(request, result)
}

/// A `tasks/get` answer about `id`: `resultType: "complete"` and the task's fields. Returns
/// its status.
pub fn polled(request: &str, reply: &Reply, id: &str) -> Result<String> {
    let result = success(request, reply)?;
    marked(request, result, "complete")?;
    let answered = task_fields(request, result)?;
    if answered != id {
        bail!("{request} answered about task \"{answered}\", not \"{id}\": {result}");
    }
    let status = status(request, result)?;
    let payload = match status.as_str() {
        "completed" => Some("result"),
        "failed" => Some("error"),
        "input_required" => Some("inputRequests"),
        _ => None,
    };
    if let Some(key) = payload
        && !result.get(key).is_some_and(Value::is_object)
    {
        bail!("{request}: a task in status \"{status}\" must carry \"{key}\": {result}");
    }
    Ok(status)
}

/// A completed task's `result` is a tool result (a `content` array).
pub fn completed_with_tool_result(request: &str, reply: &Reply) -> Result<()> {
    let result = success(request, reply)?;
    if !result
        .pointer("/result/content")
        .is_some_and(Value::is_array)
    {
        bail!("{request}: the completed task's result is not a tool result: {result}");
    }
    Ok(())
}

/// An empty acknowledgement marked `"complete"`.
pub fn acknowledged(request: &str, reply: &Reply) -> Result<()> {
    let result = success(request, reply)?;
    marked(request, result, "complete")
}

/// The answer is not a task handle: a tool result, or the error for a missing capability.
pub fn not_a_task(request: &str, reply: &Reply) -> Result<()> {
    match reply {
        Ok(result) if result.get("resultType").and_then(Value::as_str) == Some("task") => {
            bail!(
                "{request} returned a task to a client that did not declare the tasks extension: {result}"
            )
        }
        Ok(result) if result.get("content").is_some_and(Value::is_array) => Ok(()),
        Ok(result) => bail!("{request} returned neither a tool result nor a task: {result}"),
        Err(error) if error.code == crate::checks::tasks::MISSING_CAPABILITY => Ok(()),
        Err(error) => bail!("{request} was refused with {error}, not run normally (nor -32021)"),
    }
}

/// The capabilities declare the extension and none of the 2025-11-25 task capabilities.
pub fn no_legacy_capability(capabilities: &Value) -> Result<()> {
    if capabilities.get("tasks").is_some() {
        bail!(
            "a server offering the tasks extension must not also declare the 2025-11-25 \"tasks\" capability: {capabilities}"
        );
    }
    Ok(())
}

fn marked(request: &str, result: &Value, expected: &str) -> Result<()> {
    let marked = result.get("resultType").and_then(Value::as_str);
    if marked != Some(expected) {
        bail!("{request}: resultType must be \"{expected}\", got {marked:?}: {result}");
    }
    Ok(())
}

fn task_fields(request: &str, task: &Value) -> Result<String> {
    let id = match task.get("taskId") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        other => bail!("{request}: the task id must be a non-empty string, got {other:?}: {task}"),
    };
    status(request, task)?;
    for key in ["createdAt", "lastUpdatedAt"] {
        let stamp = task
            .get(key)
            .and_then(Value::as_str)
            .with_context(|| format!("{request}: the task has no \"{key}\": {task}"))?;
        chrono::DateTime::parse_from_rfc3339(stamp)
            .map_err(|error| anyhow!("{request}: \"{key}\" {stamp:?} is not ISO 8601: {error}"))?;
    }
    match task.get("ttlMs") {
        Some(Value::Null) => Ok(id),
        Some(ttl) if ttl.as_u64().is_some() => Ok(id),
        other => bail!("{request}: \"ttlMs\" must be milliseconds or null, got {other:?}: {task}"),
    }
}

fn success<'a>(request: &str, reply: &'a Reply) -> Result<&'a Value> {
    reply
        .as_ref()
        .map_err(|error| anyhow!("{request} was refused: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task(result_type: &str, status: &str) -> Value {
        json!({"resultType": result_type, "taskId": "t", "status": status,
               "createdAt": "2026-07-28T10:00:00Z", "lastUpdatedAt": "2026-07-28T10:00:01Z",
               "ttlMs": 1000})
    }

    #[test]
    fn a_handle_is_marked_task() {
        assert_eq!(task_handle("c", &Ok(task("task", "working"))).unwrap(), "t");
        assert!(task_handle("c", &Ok(task("complete", "working"))).is_err());
    }

    #[test]
    fn a_completed_poll_carries_the_result() {
        assert!(polled("g", &Ok(task("complete", "completed")), "t").is_err());
        let mut done = task("complete", "completed");
        done["result"] = json!({"content": []});
        assert_eq!(polled("g", &Ok(done.clone()), "t").unwrap(), "completed");
        assert!(completed_with_tool_result("g", &Ok(done)).is_ok());
    }

    #[test]
    fn a_task_for_a_non_declaring_client_is_refused() {
        assert!(not_a_task("c", &Ok(task("task", "working"))).is_err());
        assert!(not_a_task("c", &Ok(json!({"content": []}))).is_ok());
    }
}
