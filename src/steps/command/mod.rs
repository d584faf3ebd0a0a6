//! Steps of `features/command/`: the `mcp-acceptance` command run the way an author of a server
//! in another language runs it (support: `systems::command`).

use std::time::Duration;

use cucumber::{given, then, when};

use crate::harness::fixture_binaries::resolve_bundled;
use crate::steps::StepResult;
use crate::systems::command::cargo_is_not_on_the_path;
use crate::world::McpWorld;

/// A run of a few dozen scenarios against a quick local server.
const RUN_LIMIT: Duration = Duration::from_secs(300);

#[given("the mcp-acceptance command, built from this repository")]
async fn built(world: &mut McpWorld) -> StepResult {
    world.command.build().await
}

#[given("an empty folder outside the repository, on a machine without cargo")]
async fn empty_folder(world: &mut McpWorld) -> StepResult {
    cargo_is_not_on_the_path()?;
    world.command.empty_folder()
}

#[when(
    expr = "the command runs there against the bundled reference server over stdio with the features tagged {string}"
)]
async fn runs_against_reference(world: &mut McpWorld, tags: String) -> StepResult {
    let server = resolve_bundled("mcp-reference-server")?;
    let command = format!("{} --transport stdio", server.display());
    let args = ["--command".to_owned(), command, "--tags".to_owned(), tags];
    world.command.run(&args, RUN_LIMIT).await
}

#[when("the command runs there without naming a server")]
async fn runs_without_server(world: &mut McpWorld) -> StepResult {
    world.command.run(&[], RUN_LIMIT).await
}

#[then("the command passes, its last line counting the scenarios as the suite does")]
async fn passes(world: &mut McpWorld) -> StepResult {
    world.command.last_run()?.expect_passed().map(drop)
}

#[then("the command's reports are in that folder")]
async fn reports_in_folder(world: &mut McpWorld) -> StepResult {
    world.command.expect_reports()
}

#[then(expr = "the command exits with status {int}")]
async fn exits_with(world: &mut McpWorld, code: i32) -> StepResult {
    world.command.last_run()?.expect_status(code)
}

#[then(expr = "the command's output says {string}")]
async fn says(world: &mut McpWorld, text: String) -> StepResult {
    world.command.last_run()?.expect_says(&text)
}
