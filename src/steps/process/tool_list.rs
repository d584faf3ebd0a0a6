//! Process steps: tools/list.

use super::*;
use crate::checks::listing;

#[then("every parameter of every tool has a type, and every required parameter is declared")]
pub(super) async fn parameters_typed(world: &mut McpWorld) -> StepResult {
    ps::wire::parameters_typed(&listing::listed_tools(world)?)
}

#[then(expr = "the tool {string} takes {string}")]
pub(super) async fn tool_takes(world: &mut McpWorld, name: String, spec: String) -> StepResult {
    ps::wire::tool_takes(&listing::listed_tools(world)?, &name, &spec)
}
