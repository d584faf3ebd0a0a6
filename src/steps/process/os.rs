//! Process steps: the operating system's view.

use super::*;

#[then("that process is running in the operating system")]
pub(super) async fn running_in_os(world: &mut McpWorld) -> StepResult {
    ps::os::expect_running(world.process.pid()?)
}

#[then(expr = "that process is gone from the operating system within {float} seconds")]
pub(super) async fn gone_from_os(world: &mut McpWorld, seconds: f64) -> StepResult {
    let limit = Duration::from_secs_f64(seconds);
    ps::os::wait_until_gone(world.process.pid()?, limit, false).await
}

#[then(expr = "that process has been reaped within {float} seconds")]
pub(super) async fn reaped(world: &mut McpWorld, seconds: f64) -> StepResult {
    let limit = Duration::from_secs_f64(seconds);
    ps::os::wait_until_gone(world.process.pid()?, limit, true).await
}

#[then(expr = "the environment of that process in the operating system has {string}")]
pub(super) async fn os_environment(world: &mut McpWorld, entry: String) -> StepResult {
    ps::os::expect_environment_entry(world.process.pid()?, &entry)
}

#[then("the service runs under a new process id")]
pub(super) async fn new_service_pid(world: &mut McpWorld) -> StepResult {
    ps::os::expect_new_service_process(world.process.first_service_pid, world.process.pid()?)
}

#[then("the server runs as a child process of the suite")]
pub(super) async fn server_is_child(world: &mut McpWorld) -> StepResult {
    ps::os::expect_child_of_suite(ps::launch::server_pid(world)?, SERVER_NAME)
}

#[then("the server's standard input, output and error are pipes")]
pub(super) async fn server_pipes(world: &mut McpWorld) -> StepResult {
    ps::os::expect_standard_pipes(ps::launch::server_pid(world)?)
}

#[then(
    expr = "the server was started from the bundled binary {string} with the registry's arguments"
)]
pub(super) async fn started_from_bundled(world: &mut McpWorld, name: String) -> StepResult {
    ps::launch::expect_started_from_bundled(world, &name)
}
