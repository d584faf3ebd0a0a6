//! Process steps: the test program, described by what it does, started as a process or as a
//! service.

use super::*;

#[given("a test program that:")]
pub(super) async fn program_table(world: &mut McpWorld, step: &Step) -> StepResult {
    world.process.program = Some(TestProgram::from_rows(table(step)?)?);
    Ok(())
}

#[given(regex = r"^a test program that ([^:]+)$")]
pub(super) async fn program_sentence(world: &mut McpWorld, behaviour: String) -> StepResult {
    world.process.program = Some(TestProgram::from_sentence(&behaviour)?);
    Ok(())
}

#[when("the client starts the test program")]
pub(super) async fn start(world: &mut McpWorld) -> StepResult {
    let arguments = world.process.program()?.start_arguments();
    ps::calls::call(world, "process_start", arguments).await
}

#[when("the client starts the test program with:")]
pub(super) async fn start_with(world: &mut McpWorld, step: &Step) -> StepResult {
    let arguments = world.process.program()?.start_arguments();
    let arguments = ps::calls::with_docstring(world, arguments, docstring(step)?)?;
    ps::calls::call(world, "process_start", arguments).await
}

#[when(expr = "the client starts the test program as the service {string}")]
pub(super) async fn start_service(world: &mut McpWorld, name: String) -> StepResult {
    let arguments = world.process.program()?.service_arguments(&name);
    ps::calls::call(world, "process_start_service", arguments).await
}

#[when(expr = "the client starts the test program as the service {string} with:")]
pub(super) async fn start_service_with(
    world: &mut McpWorld,
    name: String,
    step: &Step,
) -> StepResult {
    let arguments = world.process.program()?.service_arguments(&name);
    let arguments = ps::calls::with_docstring(world, arguments, docstring(step)?)?;
    ps::calls::call(world, "process_start_service", arguments).await
}
