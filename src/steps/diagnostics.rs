//! Steps of `features/diagnostics/`: deliberately broken servers and what the suite reports.
//! The attempt the common `a client tries to connect …` recorded is checked here (transports
//! scenarios use these phrases too); the small support below is generic, not one system's.

use std::time::Duration;

use anyhow::{Result, bail, ensure};
use cucumber::{given, when};

use crate::mcp::registry::Target;
use crate::mcp::transport::Transport;
use crate::steps::StepResult;
use crate::world::{McpWorld, Outcome};

/// Time for a shell server to start its children, so there is a real process tree to kill.
const CHILDREN_START: Duration = Duration::from_millis(200);

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

#[when("the suite starts the server and the scenario's connections end")]
async fn start_then_end(world: &mut McpWorld) -> StepResult {
    let group = start_server_tree(world).await?;
    world.shutdown().await;
    world.record(Outcome::ProcessGroups(vec![group]));
    Ok(())
}

/// Starts the scenario's stdio server on a raw connection and returns its process group once
/// its children had time to start; the group must be running.
async fn start_server_tree(world: &mut McpWorld) -> Result<i32> {
    let raw = world.open_raw(Transport::Stdio).await?;
    let Some(process) = raw.link.process.as_ref() else {
        bail!("no process was started");
    };
    let group = process.pid();
    tokio::time::sleep(CHILDREN_START).await;
    ensure!(
        crate::harness::child_process::group_alive(group),
        "the server's process group {group} was not running"
    );
    Ok(group)
}
