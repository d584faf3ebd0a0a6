//! Steps of `features/protocol/tasks.feature`: task-augmented tool calls (2025-11-25).

use cucumber::{given, then, when};
use serde_json::{Value, json};

use crate::checks::{expect, tasks as checks};
use crate::harness::skip::skip_scenario;
use crate::mcp::registry::ToolProbe;
use crate::mcp::tasks::{RELATED_TASK, TaskOperation, describe, task_call_params};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// The capability a server declares when it takes `tools/call` as a task.
const TOOL_CALL_TASKS: &str = "tasks.requests.tools.call";

#[given("the server takes tool calls as tasks")]
async fn takes_tool_call_tasks(world: &mut McpWorld) -> StepResult {
    world.require_capability(TOOL_CALL_TASKS)
}

#[given(expr = "the server takes {word} requests for tasks")]
async fn takes_task_requests(world: &mut McpWorld, operation: String) -> StepResult {
    world.require_capability(&format!("tasks.{operation}"))
}

#[given("the server does not take tool calls as tasks")]
async fn no_tool_call_tasks(world: &mut McpWorld) -> StepResult {
    let declared = world.declared_capabilities()?;
    if declared.pointer("/tasks/requests/tools/call").is_some() {
        skip_scenario(format!(
            "the server declares {TOOL_CALL_TASKS}: it takes tool calls as tasks"
        ));
    }
    Ok(())
}

#[given("the task tool must be called as a task")]
async fn task_tool_required(world: &mut McpWorld) -> StepResult {
    let probe: ToolProbe = world.required_probe("task_tool")?;
    let support = world.raw()?.task_support(&probe.name).await?;
    if support.as_deref() != Some("required") {
        skip_scenario(format!(
            "the task tool \"{}\" has taskSupport {support:?}, not \"required\"",
            probe.name
        ));
    }
    Ok(())
}

#[when(regex = r"^the client calls the (sample|task) tool as a task$")]
async fn call_as_task(world: &mut McpWorld, which: String) -> StepResult {
    let probe: ToolProbe = world.required_probe(&format!("{which}_tool"))?;
    send(world, "tools/call", task_call_params(&probe)).await
}

#[when("the client starts a task")]
async fn start_task(world: &mut McpWorld) -> StepResult {
    let probe: ToolProbe = world.required_probe("task_tool")?;
    send(world, "tools/call", task_call_params(&probe)).await?;
    let (request, reply) = world.last_reply()?;
    let id = checks::created_task(&request, &reply)?;
    world.tasks.ids.push(id);
    Ok(())
}

#[when("the client calls the task tool normally")]
async fn call_task_tool_normally(world: &mut McpWorld) -> StepResult {
    let probe: ToolProbe = world.required_probe("task_tool")?;
    let params = json!({"name": probe.name, "arguments": probe.arguments});
    send(world, "tools/call", params).await
}

#[when(expr = "the client asks for the task's {task_operation}")]
async fn ask_task(world: &mut McpWorld, operation: TaskOperation) -> StepResult {
    let id = world.tasks.last_id()?;
    send(world, operation.method(), json!({"taskId": id})).await
}

#[when(expr = "the client asks for the {task_operation} of a task that never existed")]
async fn ask_unknown_task(world: &mut McpWorld, operation: TaskOperation) -> StepResult {
    let params = json!({"taskId": "mcp-acceptance-no-such-task"});
    send(world, operation.method(), params).await
}

#[when("the client asks for the task's status, naming another task in the related-task metadata")]
async fn ask_status_misleading_meta(world: &mut McpWorld) -> StepResult {
    let id = world.tasks.last_id()?;
    let meta = json!({RELATED_TASK: {"taskId": "mcp-acceptance-other-task"}});
    send(world, "tasks/get", json!({"taskId": id, "_meta": meta})).await
}

#[then("the server answers with a new working task")]
async fn answers_new_task(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let id = checks::created_task(&request, &reply)?;
    world.tasks.ids.push(id);
    Ok(())
}

#[then("the server declares that it takes tool calls as tasks")]
async fn declares_tool_call_tasks(world: &mut McpWorld) -> StepResult {
    let declared = world.declared_capabilities()?;
    checks::declares_tool_call_tasks(&declared)
}

#[then("the answer describes the task with its times and its time to live")]
async fn describes_task(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    checks::task_state(&request, &reply, &world.tasks.last_id()?).map(drop)
}

#[then("the answer is the tool's result, marked as belonging to the task")]
async fn related_result(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    checks::related_result(&request, &reply, &world.tasks.last_id()?)
}

#[then(regex = r#"^the task's status is now "?(completed or failed|cancelled)"?$"#)]
async fn status_is_now(world: &mut McpWorld, wanted: String) -> StepResult {
    let id = world.tasks.last_id()?;
    let response = world.raw()?.task_request("tasks/get", &id).await?;
    let request = describe("tasks/get", &json!({"taskId": id}));
    world.record(Outcome::Raw { request, response });
    let (request, reply) = world.last_reply()?;
    let status = checks::task_state(&request, &reply, &id)?;
    checks::expect_status(&request, &status, &wanted)
}

#[then("the answer says the task is cancelled")]
async fn answer_cancelled(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let status = checks::task_state(&request, &reply, &world.tasks.last_id()?)?;
    checks::expect_status(&request, &status, "cancelled")
}

#[then("the two tasks have different ids")]
async fn different_ids(world: &mut McpWorld) -> StepResult {
    checks::distinct_ids(&world.tasks.ids)
}

#[then("the list of tasks includes the task")]
async fn list_includes(world: &mut McpWorld) -> StepResult {
    let id = world.tasks.last_id()?;
    let listed = world.raw()?.listed_task_ids().await?;
    expect::no_problems(
        "tasks/list",
        (!listed.contains(&id))
            .then(|| {
                format!(
                    "the task \"{id}\" can be read with tasks/get but is not listed: {listed:?}"
                )
            })
            .into_iter()
            .collect(),
    )
}

/// Sends `method` with `params` on the raw channel and records the answer for `Then` steps.
async fn send(world: &mut McpWorld, method: &str, params: Value) -> StepResult {
    let request = describe(method, &params);
    let response = world.raw()?.call(method, Some(params)).await?;
    world.record(Outcome::Raw { request, response });
    Ok(())
}
