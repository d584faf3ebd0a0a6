//! The server's probe tools by role (fixtures/servers.toml): which tool makes the server ask
//! for sampling, log, report progress, … Scenarios name the role, never the tool.

use std::str::FromStr;

use cucumber::when;

use crate::checks::expect;
use crate::mcp::registry::ToolProbe;
use crate::steps::StepResult;
use crate::world::McpWorld;

/// A role a probe tool plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(
    name = "probe",
    regex = "sampling|elicitation|roots|logging|progress|slow|sample|failing"
)]
pub enum ProbeTool {
    Sampling,
    Elicitation,
    Roots,
    Logging,
    Progress,
    Slow,
    /// A quick, safe tool that succeeds.
    Sample,
    /// A tool that fails with a tool error.
    Failing,
}

impl ProbeTool {
    /// The probe's key in the registry.
    pub fn role(self) -> &'static str {
        match self {
            Self::Sampling => "sampling_tool",
            Self::Elicitation => "elicitation_tool",
            Self::Roots => "roots_tool",
            Self::Logging => "logging_tool",
            Self::Progress => "progress_tool",
            Self::Slow => "slow_tool",
            Self::Sample => "sample_tool",
            Self::Failing => "failing_tool",
        }
    }
}

impl FromStr for ProbeTool {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "sampling" => Self::Sampling,
            "elicitation" => Self::Elicitation,
            "roots" => Self::Roots,
            "logging" => Self::Logging,
            "progress" => Self::Progress,
            "slow" => Self::Slow,
            "sample" => Self::Sample,
            "failing" => Self::Failing,
            other => return Err(format!("no probe tool role \"{other}\"")),
        })
    }
}

/// The target's probe for `tool`, or a skip naming the missing probe.
pub fn probe(world: &McpWorld, tool: ProbeTool) -> anyhow::Result<ToolProbe> {
    world.required_probe(tool.role())
}

#[when(expr = "the client calls the {probe} tool")]
async fn call_probe_tool(world: &mut McpWorld, tool: ProbeTool) -> StepResult {
    let probe = probe(world, tool)?;
    world.call_tool(&probe.name, probe.arguments).await
}

/// The probe's `expect_text`, when configured, is in the result `text` of `request`
/// (server-specific evidence that the tool did its work).
pub fn check_expected_text(
    world: &McpWorld,
    tool: ProbeTool,
    request: &str,
    text: &str,
) -> StepResult {
    let Some(expected) = probe(world, tool)?.expect_text else {
        return Ok(());
    };
    let what = format!("the {} probe's expect_text", tool.role());
    expect::text_contains(request, text, &expected, &what)
}
