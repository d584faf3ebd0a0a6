//! Requests through the hub and what comes back: routed calls, reads and prompts compared with
//! the backend's own answers, meta-tools, names the hub lists or does not.

use cucumber::{gherkin::Step, given, then, when};
use serde_json::json;

use crate::steps::StepResult;
use crate::steps::common::docstring;
use crate::systems::mcp_hub::setup::{
    call, expect_answer_says, expect_error_naming, expect_found_tools, expect_introduction,
    expect_listed, expect_no_tool_of, expect_not_listed, expect_same_as_direct, send,
};
use crate::world::McpWorld;

#[when(expr = "the client calls the tool {string} with:")]
async fn calls_with(world: &mut McpWorld, tool: String, step: &Step) -> StepResult {
    call(world, &tool, docstring(step)?).await
}

#[when(expr = "the client reads the resource {string}")]
async fn reads(world: &mut McpWorld, uri: String) -> StepResult {
    send(world, "resources/read", json!({"uri": uri})).await
}

#[when(expr = "the client gets the prompt {string} with:")]
async fn gets_prompt(world: &mut McpWorld, name: String, step: &Step) -> StepResult {
    let arguments: serde_json::Value = serde_json::from_str(docstring(step)?)?;
    send(
        world,
        "prompts/get",
        json!({"name": name, "arguments": arguments}),
    )
    .await
}

#[then(
    regex = r#"^the answer equals the (reference server|time server)'s own answer for "([^"]+)"$"#
)]
async fn same_as_direct(world: &mut McpWorld, server: String, original: String) -> StepResult {
    expect_same_as_direct(world, &server, &original).await
}

#[then(expr = "the hub introduces itself as {string}, declaring:")]
async fn introduces_itself(world: &mut McpWorld, name: String, step: &Step) -> StepResult {
    let rows = super::table(step)?;
    let declared: Vec<String> = rows.iter().skip(1).map(|row| row[0].clone()).collect();
    expect_introduction(world, &name, &declared)
}

#[then(expr = "the answer lists exactly the tools {string}")]
async fn lists_tools(world: &mut McpWorld, names: String) -> StepResult {
    expect_found_tools(world, &names)
}

#[then(expr = "the answer says {string}")]
async fn answer_says(world: &mut McpWorld, text: String) -> StepResult {
    expect_answer_says(world, &text)
}

#[then(expr = "the answer is the JSON-RPC error {int} naming {string}")]
async fn coded_error_naming(world: &mut McpWorld, code: i64, text: String) -> StepResult {
    crate::systems::mcp_hub::setup::expect_error_coded_naming(world, Some(code), &text)
}

#[then(expr = "the answer is a JSON-RPC error naming {string}")]
async fn error_naming(world: &mut McpWorld, text: String) -> StepResult {
    expect_error_naming(world, &text)
}

#[then(expr = "no tool of the backend {string} is listed")]
async fn no_tool_of(world: &mut McpWorld, backend: String) -> StepResult {
    expect_no_tool_of(world, &backend)
}

#[then(expr = "the list includes {string}")]
async fn list_includes(world: &mut McpWorld, wanted: String) -> StepResult {
    expect_listed(world, &wanted)
}

#[then(expr = "the tools do not include {string}")]
async fn tools_exclude(world: &mut McpWorld, name: String) -> StepResult {
    expect_not_listed(world, &name)
}

#[then(expr = "the answer is a tool error saying {string}")]
async fn tool_error_saying(world: &mut McpWorld, text: String) -> StepResult {
    crate::systems::mcp_hub::setup::expect_tool_error_saying(world, &text)
}

#[then(expr = "the scenario's file {string} mentions {string}")]
async fn file_mentions(world: &mut McpWorld, path: String, text: String) -> StepResult {
    crate::systems::mcp_hub::setup::expect_file_mentions(world, &path, &text)
}

#[given(expr = "the client offers the scenario's folder {string} as its only root")]
async fn folder_as_root(world: &mut McpWorld, name: String) -> StepResult {
    crate::systems::mcp_hub::setup::expose_folder_as_root(world, &name)
}

#[then(expr = "the filesystem server allows only the scenario's folder {string}")]
async fn only_folder(world: &mut McpWorld, name: String) -> StepResult {
    crate::systems::mcp_hub::setup::expect_only_folder_allowed(world, &name).await
}

#[when(
    expr = "the client asks to complete the argument {string} of the prompt {string} from {string}"
)]
async fn completes(
    world: &mut McpWorld,
    argument: String,
    prompt: String,
    value: String,
) -> StepResult {
    let params = json!({"ref": {"type": "ref/prompt", "name": prompt}, "argument": {"name": argument, "value": value}});
    send(world, "completion/complete", params).await
}
