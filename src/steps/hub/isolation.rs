//! The hub's features run as a suite of their own, several scenarios at once, and what they
//! leave behind: no process (every process of the run carries its marker) and nothing in the
//! temp dir the run was given.

use cucumber::{then, when};

use crate::steps::StepResult;
use crate::systems::mcp_hub::backends::real_servers_installed;
use crate::systems::mcp_process::suite_runs::{RunOptions, run};
use crate::world::McpWorld;

#[when(
    expr = "the suite runs the hub's features, {int} scenarios at once, with a temp dir of its own"
)]
async fn run_hub_features(world: &mut McpWorld, at_once: usize) -> StepResult {
    let temp = world.hub.dir()?.join("run-temp");
    std::fs::create_dir_all(&temp)?;
    // Without the npm servers their scenarios would be skipped, and a run with skips fails.
    let tags = match real_servers_installed() {
        true => "@hub and not @suite-run",
        false => "@hub and not @suite-run and not @external",
    };
    let options = RunOptions::tagged(tags)
        .with_env("MCP_CONCURRENCY", &at_once.to_string())
        .with_env("TMPDIR", &temp.display().to_string());
    run(world, options).await
}

#[then("the run left nothing in its temp dir")]
async fn temp_dir_empty(world: &mut McpWorld) -> StepResult {
    let temp = world.hub.dir()?.join("run-temp");
    let left: Vec<String> = std::fs::read_dir(&temp)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    anyhow::ensure!(
        left.is_empty(),
        "the run left in its temp dir {}: {left:?}",
        temp.display()
    );
    Ok(())
}
