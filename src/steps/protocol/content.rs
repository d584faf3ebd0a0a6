//! Tool result content: one tool per kind of content (from the registry's probes), each item
//! checked precisely, and structured content against the tool's output schema.

use anyhow::ensure;
use cucumber::{then, when};
use serde_json::Value;

use crate::checks::content::{self, ContentKind};
use crate::checks::expect;
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::world::McpWorld;

const STRUCTURED_TOOL: &str = "structured_tool";

async fn call_probe(world: &mut McpWorld, role: &str) -> StepResult {
    let probe: ToolProbe = world.required_probe(role)?;
    world.call_tool(&probe.name, probe.arguments).await
}

#[when(expr = "the client calls the server's tool for {content_kind} content")]
async fn call_content_tool(world: &mut McpWorld, kind: ContentKind) -> StepResult {
    call_probe(world, kind.probe_role()).await
}

#[when("the client calls the server's tool for structured content")]
async fn call_structured_tool(world: &mut McpWorld) -> StepResult {
    call_probe(world, STRUCTURED_TOOL).await
}

#[then(expr = "the result holds {content_kind} content, every item complete and well encoded")]
async fn holds_content(world: &mut McpWorld, kind: ContentKind) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let problems = content::kind_problems(kind, expect::success(&request, &reply)?);
    ensure!(problems.is_empty(), "{request}:\n{}", problems.join("\n"));
    Ok(())
}

#[then("the structured content is valid against the tool's output schema")]
async fn structured_matches_schema(world: &mut McpWorld) -> StepResult {
    let probe: ToolProbe = world.required_probe(STRUCTURED_TOOL)?;
    let (request, reply) = world.last_reply()?;
    let result = expect::success(&request, &reply)?.clone();
    let tool = world.client()?.listed_tool(&probe.name).await?;
    let schema = tool
        .output_schema
        .as_ref()
        .map(|schema| Value::Object((**schema).clone()));
    let problems = content::structured_problems(&result, schema.as_ref());
    ensure!(problems.is_empty(), "{request}:\n{}", problems.join("\n"));
    Ok(())
}

#[then("the structured content is also given as serialized JSON in a text item")]
async fn structured_mirrored(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    let result = expect::success(&request, &reply)?;
    ensure!(
        result.get("structuredContent").is_some(),
        "{request}: the result has no structuredContent"
    );
    match content::text_mirror_problem(result) {
        Some(problem) => anyhow::bail!("{request}: {problem}"),
        None => Ok(()),
    }
}
