//! Process steps: the server under test.

use super::*;

#[given("the mcp-process server")]
pub(super) async fn the_server(world: &mut McpWorld) -> StepResult {
    world.use_scenario_target(Target::registered(SERVER_NAME)?);
    world.system_success = Some(ps::reports_success);
    Ok(())
}

#[given(expr = "the bundled server {string} started with the arguments {string}")]
pub(super) async fn bundled_server(world: &mut McpWorld, name: String, args: String) -> StepResult {
    let args = shell_words::split(&args)?;
    let registry = ps::write_registry(&world.process.dir()?, &name, &name, true, &args)?;
    world.use_scenario_target(Target::from_registry(
        &registry,
        Some(&name),
        crate::package_root(),
    )?);
    Ok(())
}
