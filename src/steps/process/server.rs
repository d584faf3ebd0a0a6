//! Process steps: the server under test.

use super::*;

#[given("the mcp-process server")]
pub(super) async fn the_server(world: &mut McpWorld) -> StepResult {
    world.use_scenario_target(ps::launch::registered_server()?);
    world.system_success = Some(ps::results::reports_success);
    Ok(())
}

#[given(expr = "the bundled server {string} with the configuration file {string}")]
pub(super) async fn bundled_server(world: &mut McpWorld, name: String, file: String) -> StepResult {
    let dir = world.process.dir()?;
    world.use_scenario_target(ps::launch::bundled_with_config(&dir, &name, &file)?);
    Ok(())
}

#[given(expr = "the server command {string} with the configuration file {string}")]
pub(super) async fn server_command(
    world: &mut McpWorld,
    command: String,
    file: String,
) -> StepResult {
    world.use_scenario_target(ps::launch::command_with_config(&command, &file)?);
    Ok(())
}

#[given("the test program is the server under test")]
pub(super) async fn test_program_server(world: &mut McpWorld) -> StepResult {
    let target =
        ps::launch::test_program_as_server(&world.process.dir()?, world.process.program()?)?;
    world.use_scenario_target(target);
    Ok(())
}

#[then(expr = "the failure gives the command that builds {string}")]
pub(super) async fn build_command(world: &mut McpWorld, name: String) -> StepResult {
    ps::launch::expect_build_command_given(world.last.as_ref(), &name)
}
