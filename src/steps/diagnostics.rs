//! Steps of `features/diagnostics/`: deliberately broken servers and what the suite reports.

use std::time::Duration;

use anyhow::{bail, ensure};
use cucumber::{given, then, when};

use crate::harness::child_process::group_alive;
use crate::mcp::registry::Target;
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

#[given(expr = "the server command {string}")]
async fn server_command(world: &mut McpWorld, line: String) -> StepResult {
    world.use_scenario_target(Target::from_command_line(&line)?);
    Ok(())
}

#[given(expr = "the HTTP server command {string}")]
async fn http_server_command(world: &mut McpWorld, line: String) -> StepResult {
    world.use_scenario_target(Target::from_http_command_line(&line)?);
    Ok(())
}

#[then(expr = "the attempt fails within {float} seconds")]
async fn fails_within(world: &mut McpWorld, seconds: f64) -> StepResult {
    match &world.last {
        Some(Outcome::Failed { elapsed, error }) => {
            ensure!(
                *elapsed <= Duration::from_secs_f64(seconds),
                "the attempt failed only after {elapsed:?}:\n{error}"
            );
            Ok(())
        }
        other => bail!("expected the attempt to fail, it ended with {other:?}"),
    }
}

#[then(expr = "the failure says {string}")]
async fn failure_says(world: &mut McpWorld, expected: String) -> StepResult {
    match &world.last {
        Some(Outcome::Failed { error, .. }) => {
            ensure!(
                error.contains(&expected),
                "the failure does not say \"{expected}\"; it says:\n{error}"
            );
            Ok(())
        }
        other => bail!("expected a failed attempt, got {other:?}"),
    }
}

#[when("the suite starts the server and the scenario's connections end")]
async fn start_then_end(world: &mut McpWorld) -> StepResult {
    let raw = world.open_raw(Transport::Stdio).await?;
    let group = raw
        .link
        .process
        .as_ref()
        .map(|p| p.pid())
        .ok_or_else(|| anyhow::anyhow!("no process was started"))?;
    // Give the shell time to start its children, so there is a real tree to kill.
    tokio::time::sleep(Duration::from_millis(200)).await;
    ensure!(
        group_alive(group),
        "the server's process group {group} was not running"
    );
    world.shutdown().await;
    world.record(Outcome::ProcessGroups(vec![group]));
    Ok(())
}
