//! Listing and calling tools through an MCP session.

use std::collections::HashSet;

use anyhow::{bail, ensure};
use cucumber::{then, when};
use serde_json::{Map, Value};

use crate::checks::expect;
use crate::checks::schema::{input_schema_problems, required_properties, wrongly_typed_value};
use crate::harness::skip::skip_scenario;
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[when("the client lists the tools")]
async fn list_tools(world: &mut McpWorld) -> StepResult {
    match world.client()?.list_tools().await? {
        Ok(tools) => {
            let tools = tools
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<Vec<_>, _>>()?;
            world.record(Outcome::Tools(tools));
            Ok(())
        }
        Err(error) => bail!("tools/list was refused: {error}"),
    }
}

fn listed_tools(world: &McpWorld) -> anyhow::Result<&[Value]> {
    match &world.last {
        Some(Outcome::Tools(tools)) => Ok(tools),
        other => bail!("no tool list to check (last outcome: {other:?})"),
    }
}

#[then("every tool has a unique, non-empty name")]
async fn unique_names(world: &mut McpWorld) -> StepResult {
    let mut seen = HashSet::new();
    for tool in listed_tools(world)? {
        let name = tool.get("name").and_then(Value::as_str).unwrap_or("");
        ensure!(!name.trim().is_empty(), "a tool has no name: {tool}");
        ensure!(
            seen.insert(name.to_owned()),
            "the tool name \"{name}\" is listed twice"
        );
    }
    Ok(())
}

#[then("every tool's input schema is a valid JSON Schema of type object")]
async fn valid_input_schemas(world: &mut McpWorld) -> StepResult {
    let problems: Vec<String> = listed_tools(world)?
        .iter()
        .flat_map(|tool| {
            let name = tool
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            let schema = tool.get("inputSchema").cloned().unwrap_or(Value::Null);
            input_schema_problems(&schema)
                .into_iter()
                .map(move |p| format!("tool \"{name}\": {p}"))
        })
        .collect();
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[then("the tools include the sample tool")]
async fn includes_sample_tool(world: &mut McpWorld) -> StepResult {
    let sample = sample_tool(world)?;
    let tools = listed_tools(world)?;
    let names: Vec<&str> = tools
        .iter()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .collect();
    ensure!(
        names.contains(&sample.name.as_str()),
        "the sample tool \"{}\" is not listed; tools: {names:?}",
        sample.name
    );
    Ok(())
}

/// The registry's sample tool for this server, or a skip saying none is configured.
fn sample_tool(world: &McpWorld) -> anyhow::Result<ToolProbe> {
    world.required_probe("sample_tool")
}

#[when("the client calls the sample tool")]
async fn call_sample_tool(world: &mut McpWorld) -> StepResult {
    let sample = sample_tool(world)?;
    world.call_tool(&sample.name, sample.arguments).await
}

#[when("the client calls the failing tool")]
async fn call_failing_tool(world: &mut McpWorld) -> StepResult {
    let failing: ToolProbe = world.required_probe("failing_tool")?;
    world.call_tool(&failing.name, failing.arguments).await
}

#[when(expr = "the client calls the tool {string}")]
async fn call_named_tool(world: &mut McpWorld, name: String) -> StepResult {
    world.call_tool(&name, Map::new()).await
}

/// The sample tool's input schema (from tools/list) and its first required argument.
async fn sample_schema(world: &mut McpWorld) -> anyhow::Result<(ToolProbe, Value, String)> {
    let sample = sample_tool(world)?;
    let tool = world.client()?.listed_tool(&sample.name).await?;
    let schema = Value::Object((*tool.input_schema).clone());
    let Some(first) = required_properties(&schema).into_iter().next() else {
        skip_scenario(format!(
            "the sample tool \"{}\" has no required argument to leave out",
            sample.name
        ));
    };
    Ok((sample, schema, first))
}

#[when("the client calls the sample tool without its first required argument")]
async fn call_without_required(world: &mut McpWorld) -> StepResult {
    let (sample, _, required) = sample_schema(world).await?;
    let mut arguments = sample.arguments;
    arguments.remove(&required);
    world.call_tool(&sample.name, arguments).await
}

#[when("the client calls the sample tool with its first required argument of the wrong type")]
async fn call_with_wrong_type(world: &mut McpWorld) -> StepResult {
    let (sample, schema, required) = sample_schema(world).await?;
    let mut arguments = sample.arguments;
    arguments.insert(required.clone(), wrongly_typed_value(&schema, &required)?);
    world.call_tool(&sample.name, arguments).await
}

#[then("every content item of the result is well formed")]
async fn content_well_formed(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let problems = expect::content_problems(expect::success(&request, &reply)?);
    ensure!(problems.is_empty(), "{request}:\n{}", problems.join("\n"));
    Ok(())
}

#[then("the result text contains the sample tool's expected text")]
async fn contains_expected_text(world: &mut McpWorld) -> StepResult {
    let sample = sample_tool(world)?;
    let Some(expected) = sample.expect_text else {
        let name = world.target()?.name.clone();
        skip_scenario(format!(
            "no expect_text is configured for the sample tool of server '{name}'"
        ));
    };
    let (request, reply) = world.last_reply()?;
    let text = expect::text_of(expect::success(&request, &reply)?);
    ensure!(
        text.contains(&expected),
        "{request}: the result text does not contain \"{expected}\"; it is:\n{text}"
    );
    Ok(())
}

#[then("the result is a tool error with an explanation")]
async fn is_tool_error(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::tool_error(&request, &reply)
}

#[then(expr = "the server answers with error code {int}")]
async fn answers_error_code(world: &mut McpWorld, code: i64) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::error_code(&request, &reply, code)
}

#[then("the call is refused as having invalid arguments")]
async fn refused_invalid_arguments(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::invalid_arguments_refused(&request, &reply)
}
