//! Steps of `features/process/`: the mcp-process server, the test program it starts, its
//! answers, the processes it starts (checked in `/proc`), its services, and runs of the suite
//! itself. Each step parses its words and calls `systems::mcp_process`.

mod calls;
mod os;
mod programs;
mod results;
mod server;
mod structure;
mod suite_runs;
mod tool_list;
mod wire;

// What every process step module uses (each starts with `use super::*`).
pub(super) use std::time::Duration;

pub(super) use anyhow::Context;
pub(super) use cucumber::gherkin::Step;
pub(super) use cucumber::{given, then, when};

pub(super) use crate::steps::StepResult;
pub(super) use crate::steps::common::docstring;
pub(super) use crate::systems::mcp_process::suite_runs::RunOptions;
pub(super) use crate::systems::mcp_process::testee::TestProgram;
pub(super) use crate::systems::mcp_process::{self as ps, SERVER_NAME};
pub(super) use crate::world::McpWorld;

/// The rows of a step's table.
pub(super) fn table(step: &Step) -> anyhow::Result<&[Vec<String>]> {
    let table = step.table.as_ref().context("this step needs a table")?;
    Ok(&table.rows)
}
