//! Process steps: tools/list.

use super::*;

pub(super) fn listed(world: &McpWorld) -> anyhow::Result<Vec<Value>> {
    match &world.last {
        Some(Outcome::Tools(tools)) => Ok(tools.clone()),
        other => bail!("no tool list to check (last outcome: {other:?})"),
    }
}

#[then(expr = "the tools are exactly {string}")]
pub(super) async fn tools_exactly(world: &mut McpWorld, list: String) -> StepResult {
    checks::tools_listed(&listed(world)?, &list, true)
}

#[then(expr = "the tools include {string}")]
pub(super) async fn tools_include(world: &mut McpWorld, list: String) -> StepResult {
    checks::tools_listed(&listed(world)?, &list, false)
}

#[then("every tool has a name, a description and an input schema")]
pub(super) async fn tools_described(world: &mut McpWorld) -> StepResult {
    checks::tools_described(&listed(world)?)
}

#[then("every parameter of every tool has a type, and every required parameter is declared")]
pub(super) async fn parameters_typed(world: &mut McpWorld) -> StepResult {
    checks::parameters_typed(&listed(world)?)
}

#[then(expr = "the tool {string} takes {string}")]
pub(super) async fn tool_takes(world: &mut McpWorld, name: String, spec: String) -> StepResult {
    checks::tool_takes(&listed(world)?, &name, &spec)
}
