//! Steps of `features/process/`: the mcp-process server, the processes it starts (checked in
//! `/proc`), its services, and runs of the suite itself. Support: `systems::mcp_process`.

mod calls;
mod os;
mod results;
mod server;
mod structure;
mod suite_runs;
mod tool_list;
mod wire;

// Reading tool results is shared by the other step modules.
use results::*;

// What every process step module uses (each starts with `use super::*`).
pub(super) use std::time::Duration;

pub(super) use anyhow::{Context, bail, ensure};
pub(super) use cucumber::gherkin::Step;
pub(super) use cucumber::{given, then, when};
pub(super) use serde_json::{Map, Value, json};

pub(super) use crate::harness::fixture_binaries::resolve_bundled;
pub(super) use crate::mcp::jsonrpc::{self, pretty};
pub(super) use crate::mcp::registry::Target;
pub(super) use crate::steps::StepResult;
pub(super) use crate::steps::common::strip_media_type;
pub(super) use crate::systems::mcp_process::feature_files;
pub(super) use crate::systems::mcp_process::wire as checks;
pub(super) use crate::systems::mcp_process::{
    self as ps, OsState, RunOptions, SERVER_NAME, SuiteRun, TESTEE, field, os_state, same_value,
    tool_json,
};
pub(super) use crate::world::{DEFAULT_SESSION, McpWorld, Outcome};

/// A process id no server started (and no process has).
pub(super) const UNKNOWN_PID: i64 = 999_999_999;
