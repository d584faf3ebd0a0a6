//! The agent workflow simulator: a deterministic stand-in for an LLM agent that drives any MCP
//! server through a multi-turn workflow written in Gherkin (`features/agent/`). It is generic over
//! the server under test, so it lives with the suite, not in a fixture.
//!
//! - [`workflow`]: a workflow's steps of the four kinds (user message, tool selection, result
//!   processing, context update), read from a table, and its expected tools and outcome;
//! - [`selection`]: choosing a tool for a user message from the listed names and descriptions;
//! - [`simulator`]: the state machine that runs a workflow over a real session, turn by turn;
//! - [`judgement`]: what the run came to (success, partial, failure) and the report of a mismatch;
//! - [`filesystem`]: the real filesystem server serving a fresh directory.

pub mod filesystem;
pub mod judgement;
pub mod selection;
pub mod simulator;
pub mod workflow;

/// What an `features/agent/` scenario holds.
#[derive(Debug, Default)]
pub struct AgentScenario {
    pub workflow: Option<workflow::Workflow>,
    pub run: Option<simulator::Run>,
    /// The directory the real filesystem server serves (removed at the end of the scenario).
    pub served: Option<tempfile::TempDir>,
}

impl AgentScenario {
    pub fn workflow(&mut self) -> anyhow::Result<&mut workflow::Workflow> {
        self.workflow
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("no agent workflow was written in this scenario"))
    }

    /// What the scenario puts in the agent's context: `root`, the served directory.
    pub fn context(&self) -> std::collections::BTreeMap<String, String> {
        let mut context = std::collections::BTreeMap::new();
        if let Some(dir) = &self.served {
            let root = dir
                .path()
                .canonicalize()
                .unwrap_or_else(|_| dir.path().to_owned());
            context.insert("root".to_owned(), root.display().to_string());
        }
        context
    }

    /// The text of a file under the served directory.
    pub fn served_file(&self, path: &str) -> anyhow::Result<String> {
        use anyhow::Context as _;
        let dir = self
            .served
            .as_ref()
            .context("no directory is served in this scenario")?;
        let file = dir.path().join(path);
        std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))
    }

    pub fn run(&self) -> anyhow::Result<&simulator::Run> {
        self.run
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("the agent has not run its workflow"))
    }
}
