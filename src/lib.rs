//! mcp-acceptance: a cucumber acceptance suite for MCP servers.
//!
//! `tests/acceptance.rs` calls [`runner::main`]. The steps in [`steps`] (one module per feature
//! folder) drive the per-scenario [`world::McpWorld`] through support code in four rooms:
//! - [`mcp`]: generic MCP client plumbing: the registry of servers, sessions, the raw channel,
//!   transports, connection evidence;
//! - [`checks`]: generic protocol expectations, each failing with what the server sent;
//! - [`harness`]: what any scenario needs: child processes, bounded waits, skips, JWTs, the
//!   fixture binaries, latency samples, external services (PostgreSQL, Redis);
//! - [`systems`]: one folder per system under test, holding everything the suite knows about it;
//! - [`report`]: requirement coverage and the HTML report of a run.
//!
//! The fixture systems themselves are crates of their own under `fixtures/`; they never import
//! the suite.

pub mod checks;
pub mod harness;
pub mod mcp;
pub mod report;
pub mod runner;
pub mod steps;
pub mod systems;
pub mod world;

/// The package root: where `features/` and `fixtures/` live. `MCP_ACCEPTANCE_ROOT` replaces it
/// for a run outside the repository (the `mcp-acceptance` command sets it to its working folder).
pub fn package_root() -> std::path::PathBuf {
    std::env::var_os("MCP_ACCEPTANCE_ROOT")
        .filter(|root| !root.is_empty())
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
