//! The real ContextForge gateway (PyPI `mcp-contextforge-gateway`, installed by
//! `fixtures/contextforge/install.sh` into `fixtures/contextforge/.venv`): starting gateways,
//! its `translate` bridge and stdio `wrapper`, its REST API and what the administrator does
//! with it, what clients get from it, and what it persists (SQLite, PostgreSQL, Redis).
//!
//! When the gateway is not installed its scenarios are skipped with the reason, unless
//! `MCP_REQUIRE_EXTERNAL=1` (CI), where a missing install fails them.

pub mod admin;
pub mod api;
pub mod cache;
pub mod clients;
pub mod database;
pub mod endpoints;
pub mod gateway;
pub mod persisted;
pub mod scenario;
pub mod secrets;
pub mod tenants;
pub mod translate;
pub mod zygote;

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::harness::child_process::LaunchSpec;
use crate::harness::services::not_installed;
pub use endpoints::{Endpoint, endpoint_target};

const NOT_INSTALLED: &str = "ContextForge not installed: run fixtures/contextforge/install.sh";

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
        let args: Vec<String> = ["-m".to_owned(), module.to_owned()]
            .into_iter()
            .chain(args.iter().cloned())
            .collect();
        self.python(label, &args, env, dir)
    }

    /// `python <args>` of the venv, like [`Self::module`].
    pub fn python(
        &self,
        label: &str,
        args: &[String],
        env: Vec<(String, String)>,
        dir: &Path,
    ) -> LaunchSpec {
        let mut full_env = secrets::run_secrets().env();
        full_env.extend(env);
        LaunchSpec {
            label: label.to_owned(),
            program: self.python.clone(),
            args: args.to_vec(),
            env: full_env,
            cwd: dir.to_owned(),
        }
    }
}
