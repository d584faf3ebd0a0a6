//! The real filesystem server (npm `@modelcontextprotocol/server-filesystem`, installed by
//! `fixtures/everything/install.sh` next to server-everything) serving a fresh temp directory.
//! Missing: the scenario is skipped with the reason (a failure under `MCP_REQUIRE_EXTERNAL=1`).

use std::path::PathBuf;

use anyhow::Result;

use crate::harness::child_process::{LaunchSpec, resolve_program};
use crate::harness::services::not_installed;
use crate::mcp::registry::Target;

const SCRIPT: &str =
    "fixtures/everything/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js";

/// The server as a stdio target serving `dir` (its only allowed directory), and the directory.
pub fn serving(dir: &tempfile::TempDir) -> Result<(Target, PathBuf)> {
    let root = crate::package_root();
    let script = root.join(SCRIPT);
    if !script.is_file() {
        return not_installed(&format!(
            "the real filesystem server is not installed ({} is missing; run fixtures/everything/install.sh)",
            script.display()
        ));
    }
    let node = match resolve_program("node", &root) {
        Ok(node) => node,
        Err(error) => return not_installed(&format!("node is not installed: {error:#}")),
    };
    // The server resolves symlinks; the workflow's paths must be the same.
    let served = dir.path().canonicalize()?;
    let spec = LaunchSpec {
        label: "server-filesystem".to_owned(),
        program: node,
        args: vec![script.display().to_string(), served.display().to_string()],
        env: Vec::new(),
        cwd: root,
    };
    Ok((
        Target::scenario_server("server-filesystem", Some(&spec), None),
        served,
    ))
}
