//! Process steps: calling tools, and waiting.

use super::*;

#[when(expr = "the client starts {string} with the arguments {string}")]
pub(super) async fn start_program(
    world: &mut McpWorld,
    executable: String,
    args: String,
) -> StepResult {
    let arguments = ps::calls::program_arguments(&executable, &args)?;
    ps::calls::call(world, "process_start", arguments).await
}

#[when(expr = "the client calls {word} with:")]
pub(super) async fn call_with(world: &mut McpWorld, tool: String, step: &Step) -> StepResult {
    let arguments = ps::calls::with_docstring(world, Default::default(), docstring(step)?)?;
    ps::calls::call(world, &tool, arguments).await
}

#[when(expr = "the client calls {word} for that process")]
pub(super) async fn call_for_process(world: &mut McpWorld, tool: String) -> StepResult {
    let arguments = ps::calls::for_process(world)?;
    ps::calls::call(world, &tool, arguments).await
}

#[when(expr = "the client calls {word} for that process with:")]
pub(super) async fn call_for_process_with(
    world: &mut McpWorld,
    tool: String,
    step: &Step,
) -> StepResult {
    let arguments =
        ps::calls::with_docstring(world, ps::calls::for_process(world)?, docstring(step)?)?;
    ps::calls::call(world, &tool, arguments).await
}

#[when(expr = "the client calls {word} for a process id the server never started")]
pub(super) async fn call_for_unknown(world: &mut McpWorld, tool: String) -> StepResult {
    ps::calls::call(world, &tool, ps::calls::for_unknown_process()).await
}

#[when(expr = "the client calls {word} for that service")]
pub(super) async fn call_for_service(world: &mut McpWorld, tool: String) -> StepResult {
    let arguments = ps::calls::for_service(world)?;
    ps::calls::call(world, &tool, arguments).await
}

#[when(expr = "the client waits until that process is {word}")]
pub(super) async fn wait_state(world: &mut McpWorld, state: String) -> StepResult {
    ps::calls::wait_for_state(world, &state).await
}

#[when(expr = "the client waits until the output of that process contains {string}")]
pub(super) async fn wait_output(world: &mut McpWorld, text: String) -> StepResult {
    ps::calls::wait_for_output(world, &[text]).await
}

#[when(expr = "the client waits until the output of that process contains {string} and {string}")]
pub(super) async fn wait_outputs(
    world: &mut McpWorld,
    first: String,
    second: String,
) -> StepResult {
    ps::calls::wait_for_output(world, &[first, second]).await
}

#[when(expr = "the client waits until the memory use of that process reaches {float} MB")]
pub(super) async fn wait_memory(world: &mut McpWorld, megabytes: f64) -> StepResult {
    ps::calls::wait_for_memory(world, megabytes).await
}

#[when("the client waits until that service has restarted")]
pub(super) async fn wait_restart(world: &mut McpWorld) -> StepResult {
    ps::calls::wait_for_restart(world).await
}

#[when("that process has set up its SIGTERM handler")]
pub(super) async fn sigterm_handler(world: &mut McpWorld) -> StepResult {
    ps::os::wait_for_sigterm_handler(world.process.pid()?, world.timeout).await
}

#[when(expr = "{float} seconds pass")]
pub(super) async fn time_passes(_world: &mut McpWorld, seconds: f64) -> StepResult {
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    Ok(())
}
