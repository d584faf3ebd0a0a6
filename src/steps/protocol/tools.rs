//! Listing and calling tools through an MCP session.

use cucumber::{then, when};
use serde_json::{Map, Value};

use crate::checks::expect;
use crate::checks::listing::{self, McpList};
use crate::checks::schema::{
    required_properties, tools_input_schema_problems, wrongly_typed_value,
};
use crate::harness::skip::skip_scenario;
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::steps::protocol::probes::{ProbeTool, probe};
use crate::world::{McpWorld, Outcome};

#[when("the client lists the tools")]
async fn list_tools(world: &mut McpWorld) -> StepResult {
    let tools = world.client()?.listed_tools().await?;
    world.record(Outcome::Tools(tools));
    Ok(())
}

#[then("every tool's input schema is a valid JSON Schema of type object")]
async fn valid_input_schemas(world: &mut McpWorld) -> StepResult {
    let tools = listing::listed(world.last.as_ref(), McpList::Tools)?;
    expect::no_problems("tools/list", tools_input_schema_problems(&tools))
}

#[then("the tools include the sample tool")]
async fn includes_sample_tool(world: &mut McpWorld) -> StepResult {
    let sample = probe(world, ProbeTool::Sample)?;
    listing::includes_tool(world.last.as_ref(), &sample.name)
}

#[when(expr = "the client calls the tool {string}")]
async fn call_named_tool(world: &mut McpWorld, name: String) -> StepResult {
    world.call_tool(&name, Map::new()).await
}

/// The sample tool, its input schema (from tools/list) and its first required argument; skips
/// when the tool has no required argument.
async fn sample_schema(world: &mut McpWorld) -> anyhow::Result<(ToolProbe, Value, String)> {
    let sample = probe(world, ProbeTool::Sample)?;
    let schema = world.client()?.input_schema(&sample.name).await?;
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
    expect::success_without(&request, &reply, expect::content_problems)
}

#[then("the result text contains the sample tool's expected text")]
async fn contains_expected_text(world: &mut McpWorld) -> StepResult {
    let (sample, server) = (probe(world, ProbeTool::Sample)?, world.target()?);
    let expected = sample.expect_text_or_skip("sample tool", &server.name);
    let (request, reply) = world.last_reply()?;
    let text = expect::success_text(&request, &reply)?;
    expect::text_contains(&request, &text, &expected, "its expected text")
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
