//! The server's tools as listed (protocol, process, OpenAPI, gateway and auth features): the
//! list itself, the tools it must or may hold, names, descriptions and input schemas.

use crate::checks::expect;
use crate::checks::listing::{self, McpList};
use crate::checks::schema::tools_input_schema_problems;
use crate::mcp::probes::{ProbeTool, probe};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};
use cucumber::{then, when};

#[then("every tool has a name, a description and an input schema")]
async fn tools_described(world: &mut McpWorld) -> StepResult {
    listing::tools_described(&listing::listed_tools(world)?)
}

#[then(expr = "the tools are exactly {string}")]
async fn tools_exactly(world: &mut McpWorld, list: String) -> StepResult {
    listing::tools_listed(&listing::listed_tools(world)?, &list, true)
}

#[then(expr = "the tools include {string}")]
async fn tools_include(world: &mut McpWorld, list: String) -> StepResult {
    listing::tools_listed(&listing::listed_tools(world)?, &list, false)
}

#[then(regex = r"^every (tool|prompt) has a unique, non-empty name$")]
async fn unique_names(world: &mut McpWorld, item: String) -> StepResult {
    listing::keys_unique(world.last.as_ref(), McpList::of_item(&item)?)
}

/// tools-4, tools-5, tools-6 are SHOULDs: a miss is a warning.
#[then(
    "every tool should have a unique name of 1 to 128 letters, digits, underscores, hyphens and dots"
)]
async fn tool_names_advised(world: &mut McpWorld) -> StepResult {
    let check = listing::listed(world.last.as_ref(), McpList::Tools)
        .and_then(|tools| expect::no_problems("tools/list", listing::tool_name_advice(&tools)));
    world.warnings.should(check);
    Ok(())
}

#[then("every tool's input schema is a valid JSON Schema of type object")]
async fn valid_input_schemas(world: &mut McpWorld) -> StepResult {
    let tools = listing::listed(world.last.as_ref(), McpList::Tools)?;
    expect::no_problems("tools/list", tools_input_schema_problems(&tools))
}

#[when("the client lists the tools")]
async fn list_tools(world: &mut McpWorld) -> StepResult {
    let tools = world.client()?.listed_tools().await?;
    world.record(Outcome::Tools(tools));
    Ok(())
}

#[then("the result is a tool error with an explanation")]
async fn is_tool_error(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::tool_error(&request, &reply)
}

/// tools-10 (SHOULD report a failing tool in the result): a miss is a warning.
#[then("the result should be a tool error with an explanation")]
async fn should_be_tool_error(world: &mut McpWorld) -> StepResult {
    let check = is_tool_error(world).await;
    world.warnings.should(check);
    Ok(())
}

#[then("the tools include the sample tool")]
async fn includes_sample_tool(world: &mut McpWorld) -> StepResult {
    let sample = probe(world, ProbeTool::Sample)?;
    listing::includes_tool(world.last.as_ref(), &sample.name)
}
