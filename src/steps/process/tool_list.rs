//! Process steps: tools/list.

use super::*;

#[then(expr = "the tools are exactly {string}")]
pub(super) async fn tools_exactly(world: &mut McpWorld, list: String) -> StepResult {
    ps::wire::tools_listed(&ps::wire::listed_tools(world)?, &list, true)
}

#[then(expr = "the tools include {string}")]
pub(super) async fn tools_include(world: &mut McpWorld, list: String) -> StepResult {
    ps::wire::tools_listed(&ps::wire::listed_tools(world)?, &list, false)
}

#[then("every tool has a name, a description and an input schema")]
pub(super) async fn tools_described(world: &mut McpWorld) -> StepResult {
    ps::wire::tools_described(&ps::wire::listed_tools(world)?)
}

#[then("every parameter of every tool has a type, and every required parameter is declared")]
pub(super) async fn parameters_typed(world: &mut McpWorld) -> StepResult {
    ps::wire::parameters_typed(&ps::wire::listed_tools(world)?)
}

#[then(expr = "the tool {string} takes {string}")]
pub(super) async fn tool_takes(world: &mut McpWorld, name: String, spec: String) -> StepResult {
    ps::wire::tool_takes(&ps::wire::listed_tools(world)?, &name, &spec)
}
