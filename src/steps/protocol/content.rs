//! Tool result content: one tool per kind of content (from the registry's probes), each item
//! checked precisely, and structured content against the tool's output schema.

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
    if let Some((what, since)) = kind.introduced() {
        world.require_revision(what, since)?;
    }
    call_probe(world, kind.probe_role()).await
}

#[when("the client calls the server's tool for structured content")]
async fn call_structured_tool(world: &mut McpWorld) -> StepResult {
    world.require_revision("structured content", "2025-06-18")?;
    call_probe(world, STRUCTURED_TOOL).await
}

#[then(expr = "the result holds {content_kind} content, every item complete and well encoded")]
async fn holds_content(world: &mut McpWorld, kind: ContentKind) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::success_without(&request, &reply, |r| content::kind_problems(kind, r))
}

#[then("the structured content is valid against the tool's output schema")]
async fn structured_matches_schema(world: &mut McpWorld) -> StepResult {
    let probe: ToolProbe = world.required_probe(STRUCTURED_TOOL)?;
    let (request, reply) = world.last_reply()?;
    let schema = world.client()?.output_schema(&probe.name).await?;
    let problems = |result: &_| content::structured_problems(result, schema.as_ref());
    expect::success_without(&request, &reply, problems)
}

#[then("the structured content holds the structured tool's expected text")]
async fn structured_holds_expected(world: &mut McpWorld) -> StepResult {
    let (probe, server) = (
        world.required_probe::<ToolProbe>(STRUCTURED_TOOL)?,
        world.target()?,
    );
    let expected = probe.expect_text_or_skip("structured tool", &server.name);
    let (request, reply) = world.last_reply()?;
    let structured = expect::success(&request, &reply)?.get("structuredContent");
    let text = structured.map(Value::to_string).unwrap_or_default();
    expect::text_contains(
        &request,
        &text,
        &expected,
        "the structured tool's expected text",
    )
}

#[then("the structured content is also given as serialized JSON in a text item")]
async fn structured_mirrored(world: &mut McpWorld) -> StepResult {
    let (request, reply) = world.last_reply()?;
    expect::success_without(&request, &reply, content::mirror_problems)
}

/// tools-8 (SHOULD repeat structured content as text): a miss is a warning.
#[then("the structured content should also be given as serialized JSON in a text item")]
async fn structured_should_be_mirrored(world: &mut McpWorld) -> StepResult {
    let check = structured_mirrored(world).await;
    world.warnings.should(check);
    Ok(())
}

/// A client's safety practice, not a server rule: a mismatch is a warning.
#[then("every image or audio item's bytes should match its media type")]
async fn media_should_match(world: &mut McpWorld) -> StepResult {
    let check = world.last_reply().and_then(|(request, reply)| {
        expect::success_without(&request, &reply, content::media_advice)
    });
    world.warnings.should(check);
    Ok(())
}
