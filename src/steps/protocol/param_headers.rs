//! Tool parameters mirrored into `Mcp-Param-*` headers (2026-07-28, streamable HTTP): the
//! annotations obey their rules, a header that is missing, contradicts the body or carries
//! raw non-ASCII text is refused, and matching headers (any case, Base64 decoded) are served.

use anyhow::{Context, bail};
use cucumber::{Parameter, given, then, when};

use crate::checks::{param_headers, stateless_refusals};
use crate::harness::skip::skip_scenario;
use crate::mcp::lists::{McpList, items};
use crate::mcp::stateless_hints::{HeaderTool, ParamHeader, call_with_param_header, walk};
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// How the call's parameter header relates to its body, in the feature's words.
#[derive(Debug, Clone, Copy, Parameter)]
#[param(
    name = "param_header",
    regex = "naming another value than the body|left out though the body holds the value|carrying raw non-ASCII text|in Base64 for non-ASCII text|matching the body, its name in lower case"
)]
struct ParamHeaderWords(ParamHeader);

impl std::str::FromStr for ParamHeaderWords {
    type Err = String;

    fn from_str(words: &str) -> Result<Self, Self::Err> {
        Ok(Self(match words {
            "naming another value than the body" => ParamHeader::Differs,
            "left out though the body holds the value" => ParamHeader::Missing,
            "carrying raw non-ASCII text" => ParamHeader::RawNonAscii,
            "in Base64 for non-ASCII text" => ParamHeader::Base64,
            "matching the body, its name in lower case" => ParamHeader::Matching,
            other => return Err(format!("unknown parameter header: {other}")),
        }))
    }
}

#[then("every parameter the tools mirror into a header obeys the header rules")]
async fn annotations_valid(world: &mut McpWorld) -> StepResult {
    let Some(Outcome::Pages {
        list: McpList::Tools,
        pages,
    }) = &world.last
    else {
        bail!("the tools list was not walked (last: {:?})", world.last);
    };
    let tools = items(McpList::Tools, pages);
    if !param_headers::any_mirrored(&tools) {
        skip_scenario("no tool of the server mirrors a parameter into a header");
    }
    param_headers::all_valid(&tools)
}

#[given("the server has a tool whose text parameter is mirrored into a header")]
async fn header_tool(world: &mut McpWorld) -> StepResult {
    let pages = walk(world.raw()?, McpList::Tools).await?;
    let Some(tool) = HeaderTool::find(&items(McpList::Tools, &pages)) else {
        skip_scenario("no listed tool mirrors a text parameter into a header (x-mcp-header)");
    };
    world.hints.header_tool = Some(tool);
    Ok(())
}

#[when(
    expr = "the client calls that tool without a handshake, its parameter header {param_header}"
)]
async fn call_with(world: &mut McpWorld, how: ParamHeaderWords) -> StepResult {
    let tool = world.hints.header_tool.clone();
    let tool = tool.context("no tool with a header parameter")?;
    let exchanged = call_with_param_header(world.raw()?, &tool, how.0).await?;
    let request = format!("tools/call {} with its header {:?}", tool.name, how.0);
    super::stateless_refusals::record(world, request, exchanged)
}

#[then("the server does not refuse it for its headers")]
async fn not_refused(world: &mut McpWorld) -> StepResult {
    stateless_refusals::not_refused_for_headers(world.last.as_ref())
}
