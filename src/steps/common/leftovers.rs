//! One phrase for "nothing is left behind": `no process of <owner> is left within N seconds`,
//! after a step that ended what the scenario started.

use std::time::Duration;

use anyhow::{Result, bail};
use cucumber::then;

use crate::harness::child_process::wait_until_gone;
use crate::steps::StepResult;
use crate::systems::mcp_process::wait_until_run_gone;
use crate::world::{McpWorld, Outcome};

/// Whose processes: a server or route the last step ended (its process groups), or the run of
/// the suite a scenario started (every process carrying its marker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, cucumber::Parameter)]
#[param(name = "process_owner", regex = "that server|the route|that run")]
pub enum ProcessOwner {
    ThatServer,
    TheRoute,
    ThatRun,
}

impl std::str::FromStr for ProcessOwner {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "that server" => Ok(Self::ThatServer),
            "the route" => Ok(Self::TheRoute),
            "that run" => Ok(Self::ThatRun),
            other => Err(format!("unknown process owner: {other}")),
        }
    }
}

#[then(expr = "no process of {process_owner} is left within {float} seconds")]
async fn nothing_left(world: &mut McpWorld, owner: ProcessOwner, seconds: f64) -> StepResult {
    wait_until_none_left(world, owner, Duration::from_secs_f64(seconds)).await
}

/// Waits until no process of `owner` is left, at most `limit`.
async fn wait_until_none_left(
    world: &McpWorld,
    owner: ProcessOwner,
    limit: Duration,
) -> Result<()> {
    match owner {
        ProcessOwner::ThatServer | ProcessOwner::TheRoute => {
            wait_until_gone(&ended_groups(world)?, limit).await
        }
        ProcessOwner::ThatRun => wait_until_run_gone(&world.process.run()?.marker, limit).await,
    }
}

/// The process groups the last step ended.
fn ended_groups(world: &McpWorld) -> Result<Vec<i32>> {
    match &world.last {
        Some(Outcome::ProcessGroups(groups)) if !groups.is_empty() => Ok(groups.clone()),
        other => bail!("the last step ended no process to check (it produced {other:?})"),
    }
}
