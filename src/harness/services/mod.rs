//! External services a scenario runs an instance of its own of (PostgreSQL, Redis): started on
//! unix sockets in the scenario's temp dir, their process groups killed when the scenario ends.
//! Installed by `fixtures/install-stores.sh`; when missing, their scenarios are skipped with the
//! reason, unless `MCP_REQUIRE_EXTERNAL=1` (CI), where a missing install fails them.

pub mod postgres;
pub mod redis;

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::harness::skip::skip_scenario;
use crate::harness::timeouts::bounded;

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
pub async fn command_output(
    limit: Duration,
    program: impl AsRef<Path>,
    args: &[String],
) -> Result<String> {
    let program = program.as_ref();
    let shown = format!("{} {}", program.display(), args.join(" "));
    let run = tokio::process::Command::new(program)
        .args(args)
        .kill_on_drop(true)
        .output();
    let output = bounded(limit, &shown, run)
        .await?
        .with_context(|| format!("could not run {shown}"))?;
    if !output.status.success() {
        bail!(
            "{shown} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
