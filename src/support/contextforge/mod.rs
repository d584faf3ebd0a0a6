//! The real ContextForge gateway (PyPI `mcp-contextforge-gateway`, installed by
//! `fixtures/contextforge/install.sh` into `fixtures/contextforge/.venv`): starting gateways,
//! its `translate` bridge and stdio `wrapper`, its REST API, and its SQLite database.
//!
//! When the gateway is not installed its scenarios are skipped with the reason, unless
//! `MCP_REQUIRE_EXTERNAL=1` (CI), where a missing install fails them.

pub mod api;
pub mod bridge;
pub mod database;
pub mod gateway;
pub mod postgres;
pub mod redis;
pub mod scenario;
pub mod secrets;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::support::process::LaunchSpec;
use crate::support::skip::skip_scenario;
use crate::support::timeouts::bounded;

const NOT_INSTALLED: &str = "ContextForge not installed: run fixtures/contextforge/install.sh";

/// `MCP_REQUIRE_EXTERNAL=1`: a missing external system fails its scenarios instead of skipping.
pub fn external_required() -> bool {
    std::env::var("MCP_REQUIRE_EXTERNAL").is_ok_and(|v| v.trim() == "1")
}

/// A missing install: skips the scenario with `reason`, or fails it under `MCP_REQUIRE_EXTERNAL=1`.
pub fn not_installed<T>(reason: &str) -> Result<T> {
    if external_required() {
        bail!("{reason} (MCP_REQUIRE_EXTERNAL=1 makes a missing install a failure)");
    }
    skip_scenario(reason)
}

/// Runs a short command of a store (psql, redis-cli, initdb) to completion within `limit`: its
/// trimmed stdout, or an error with its stderr when it fails.
pub async fn command_output(limit: Duration, program: impl AsRef<Path>, args: &[String]) -> Result<String> {
    let program = program.as_ref();
    let shown = format!("{} {}", program.display(), args.join(" "));
    let run = tokio::process::Command::new(program).args(args).kill_on_drop(true).output();
    let output = bounded(limit, &shown, run).await?.with_context(|| format!("could not run {shown}"))?;
    if !output.status.success() {
        bail!("{shown} failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The installed gateway: the Python interpreter of its venv.
#[derive(Debug, Clone)]
pub struct Installation {
    pub python: PathBuf,
}

impl Installation {
    /// The installation, or a skip (a failure under `MCP_REQUIRE_EXTERNAL=1`) naming the fix.
    pub fn require() -> Result<Self> {
        let venv = crate::package_root().join("fixtures/contextforge/.venv");
        let python = venv.join("bin/python");
        if python.is_file() && venv.join(".mcp-acceptance-installed").is_file() {
            return Ok(Self { python });
        }
        not_installed(NOT_INSTALLED)
    }

    /// `python -m <module> <args>` of the venv, run in `dir` (where it may write its files),
    /// with the run's gateway secrets and `env` added.
    pub fn module(
        &self,
        label: &str,
        module: &str,
        args: &[String],
        env: Vec<(String, String)>,
        dir: &Path,
    ) -> LaunchSpec {
        let mut full_env = secrets::run_secrets().env();
        full_env.extend(env);
        LaunchSpec {
            label: label.to_owned(),
            program: self.python.clone(),
            args: ["-m".to_owned(), module.to_owned()]
                .into_iter()
                .chain(args.iter().cloned())
                .collect(),
            env: full_env,
            cwd: dir.to_owned(),
        }
    }
}
