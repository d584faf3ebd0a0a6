//! The aggregating hub `mcp-hub` (fixtures/mcp-hub; requirement document 004): what its
//! scenarios set up and check. Each scenario has a temp dir of its own holding the hub's config,
//! its state dir (pid/URL file, logs) and HOME, and the real backends' files; the backends the
//! scenario serves over HTTP or SSE, the hub and the CLI and TUI runs are processes of their own
//! groups, all gone when the scenario ends (dropping [`HubScenario`] kills them and removes the
//! dir).
//!
//! - [`backends`]: the bundled and real servers a hub can have as backends, and how to reach them;
//! - [`hub`]: the config, starting the hub (stdio or HTTP), health, logs, process ids;
//! - [`setup`]: the backends table of a feature, requests through the hub and their answers;
//! - [`direct`]: the same request sent to the backend directly, to compare with the hub's answer;
//! - [`cli`]: runs of the CLI and what they printed;
//! - [`tui`]: the TUI in a pseudo-terminal.

pub mod backends;
pub mod cli;
pub mod direct;
pub mod hub;
pub mod setup;
pub mod tui;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use serde_json::Value;

use crate::harness::child_process::ServerProcess;
use crate::systems::fault_proxy::proxy::ControlSocket;

/// What a hub scenario holds.
#[derive(Default)]
pub struct HubScenario {
    dir: Option<tempfile::TempDir>,
    /// The config's `servers` entries, in order.
    pub servers: Vec<Value>,
    /// The config's call timeout (ms), when the scenario sets one.
    pub call_timeout_ms: Option<u64>,
    pub api_key: Option<String>,
    /// Backends the scenario serves over HTTP or SSE itself.
    pub served: Vec<ServerProcess>,
    /// The hub, when the scenario started it over HTTP.
    pub hub: Option<ServerProcess>,
    pub hub_url: Option<String>,
    /// Backend process ids remembered by name (to compare after a reload).
    pub pids: BTreeMap<String, u64>,
    /// The last request the client sent through the hub (method, params), to ask it directly.
    pub last_request: Option<(String, Value)>,
    pub cli: Option<cli::CliRun>,
    pub tui: Option<tui::TuiSession>,
    /// The fault proxies' control sockets, by the name of the backend they stand in front of.
    pub fault_controls: BTreeMap<String, ControlSocket>,
    /// Their dirs (removed when the scenario ends).
    pub fault_dirs: Vec<tempfile::TempDir>,
}

impl std::fmt::Debug for HubScenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubScenario")
            .field("dir", &self.dir.as_ref().map(|d| d.path().to_owned()))
            .field("servers", &self.servers.len())
            .field("hub_url", &self.hub_url)
            .field("cli", &self.cli)
            .finish()
    }
}

impl HubScenario {
    /// The scenario's temp dir (created on first use).
    pub fn dir(&mut self) -> Result<PathBuf> {
        if self.dir.is_none() {
            let dir = tempfile::Builder::new()
                .prefix("mcp-hub-scenario-")
                .tempdir()?;
            std::fs::create_dir_all(dir.path().join("state"))?;
            self.dir = Some(dir);
        }
        Ok(self
            .dir
            .as_ref()
            .context("created above")?
            .path()
            .to_owned())
    }

    /// The `files` folder a filesystem backend serves, when the scenario made one.
    pub fn files_folder(&self) -> Option<PathBuf> {
        let files = self.dir.as_ref()?.path().join("files");
        files.canonicalize().ok()
    }

    pub fn config_path(&mut self) -> Result<PathBuf> {
        Ok(self.dir()?.join("config.json"))
    }

    pub fn state_dir(&mut self) -> Result<PathBuf> {
        Ok(self.dir()?.join("state"))
    }
}
