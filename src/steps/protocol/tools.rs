//! Listing and calling tools through an MCP session.

use cucumber::{then, when};
use serde_json::{Map, Value};

use crate::checks::expect;
use crate::checks::schema::{required_properties, wrongly_typed_value};
use crate::harness::skip::skip_scenario;
use crate::mcp::probes::{ProbeTool, probe};
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::world::McpWorld;

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
