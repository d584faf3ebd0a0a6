//! Everything the suite knows about the mcp-process server (`features/process/`): how it is
//! started ([`launch`]), calling its tools and waiting on them ([`calls`]), reading its answers
//! ([`results`], [`expectations`]), the test program it starts ([`testee`]), the processes it
//! starts as the operating system sees them ([`os`]), the wire ([`wire`], [`tool_schemas`]),
//! runs of this suite itself ([`suite_runs`]) and the feature files ([`feature_files`]).

pub mod calls;
pub mod expectations;
pub mod feature_files;
pub mod launch;
pub mod os;
pub mod results;
pub mod suite_runs;
pub mod testee;
pub mod tool_schemas;
pub mod wire;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use serde_json::Value;

pub use os::wait_until_run_gone;
pub use results::reports_success;
use suite_runs::SuiteRun;
use testee::TestProgram;

/// The registry name of the server these scenarios test.
pub const SERVER_NAME: &str = "mcp-process";
/// The helper program the scenarios start through the server.
pub const TESTEE: &str = "mcp-process-testee";
/// Every process of a run started by a scenario carries this variable (cleanup checks).
pub const RUN_MARKER_VAR: &str = "MCP_ACCEPTANCE_RUN_MARKER";

/// What a process scenario remembers between steps.
pub struct ProcessScenario {
    pub started: Instant,
    /// The test program the scenario described, to start through the server.
    pub program: Option<TestProgram>,
    /// The process the scenario is about (the last one started, or a service's process).
    pub pid: Option<i64>,
    pub service_id: Option<String>,
    /// The process a service had when it was started.
    pub first_service_pid: Option<i64>,
    /// Scratch files (registries, features) for this scenario.
    pub dir: Option<tempfile::TempDir>,
    /// The last run of the suite a step started.
    pub run: Option<SuiteRun>,
}

impl Default for ProcessScenario {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            program: None,
            pid: None,
            service_id: None,
            first_service_pid: None,
            dir: None,
            run: None,
        }
    }
}

impl std::fmt::Debug for ProcessScenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProcessScenario")
            .field("program", &self.program.as_ref().map(|p| p.args.join(" ")))
            .field("pid", &self.pid)
            .field("service_id", &self.service_id)
            .finish()
    }
}

impl ProcessScenario {
    pub fn pid(&self) -> Result<i64> {
        self.pid
            .context("no process was started through the server in this scenario")
    }

    pub fn service_id(&self) -> Result<String> {
        self.service_id
            .clone()
            .context("no service was started through the server in this scenario")
    }

    pub fn program(&self) -> Result<&TestProgram> {
        self.program
            .as_ref()
            .context("the scenario described no test program (`Given a test program that …`)")
    }

    /// The scenario's scratch directory.
    pub fn dir(&mut self) -> Result<PathBuf> {
        if self.dir.is_none() {
            self.dir = Some(tempfile::tempdir()?);
        }
        Ok(self.dir.as_ref().unwrap().path().to_owned())
    }

    pub fn run(&self) -> Result<&SuiteRun> {
        self.run
            .as_ref()
            .context("no run of the suite was started in this scenario")
    }

    /// The scenario has run for less than `limit` so far.
    pub fn expect_taken_less_than(&self, limit: Duration) -> Result<()> {
        let elapsed = self.started.elapsed();
        ensure!(
            elapsed < limit,
            "the scenario has taken {:.2}s so far, more than {}s",
            elapsed.as_secs_f64(),
            limit.as_secs_f64()
        );
        Ok(())
    }

    /// Remembers the process (and service) a call of `tool` reports: a start that timed out or
    /// broke a limit still names its process; a service only once started.
    pub fn remember_start(&mut self, tool: &str, is_error: bool, result: &Value) {
        if tool.starts_with("process_start") && result.get("pid").is_some() {
            self.pid = result.get("pid").and_then(Value::as_i64);
        }
        if tool == "process_start_service" && !is_error {
            let id = result.get("serviceId").and_then(Value::as_str);
            self.service_id = id.map(str::to_owned);
            self.first_service_pid = self.pid;
        }
    }
}
