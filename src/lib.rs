//! mcp-acceptance: a cucumber acceptance suite for MCP servers.
//!
//! `tests/acceptance.rs` calls [`runner::main`]; the steps in [`steps`] drive the
//! [`world::McpWorld`] through the support code in [`support`]; [`serving`] is the one serving
//! helper every fixture server (in `fixtures/`) is built on.

/// The pet-store fixture API the OpenAPI bridge scenarios run against (`fixtures/pet-store/`).
#[path = "../fixtures/pet-store/mod.rs"]
pub mod pet_store;
pub mod registry;
pub mod runner;
pub mod serving;
pub mod steps;
pub mod support;
pub mod transport;
pub mod world;

/// The package root: where `features/` and `fixtures/` live.
pub fn package_root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
