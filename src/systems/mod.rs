//! One folder per system under test: everything the suite knows about that system (how to start
//! it, what its scenarios hold, how to read its answers and its state). Generic features never
//! use these; the system's own feature folder does.
//!
//! - [`mcp_process`]: the mcp-process server (`features/process/`);
//! - [`openapi_bridge`]: the OpenAPI bridge and the pet store (`features/openapi/`);
//! - [`mcp_bridge`]: routes through mcp-bridge to the time server, the transport matrix
//!   (`features/gateway/`);
//! - [`contextforge`]: the real ContextForge gateway (`features/gateway/contextforge_*`);
//! - [`tickets`]: the token-authenticated ticket system, ours and on FastMCP (`features/tickets/`);
//! - [`fault_proxy`]: the fault proxy in front of any server (`features/faults/`);
//! - [`agent_simulator`]: the simulated agent's workflows over any server (`features/agent/`);
//! - [`mcp_hub`]: the aggregating hub, its CLI and TUI (`features/hub/`);
//! - [`command`]: the `mcp-acceptance` command itself (`features/command/`).

pub mod agent_simulator;
pub mod command;
pub mod contextforge;
pub mod fault_proxy;
pub mod mcp_bridge;
pub mod mcp_hub;
pub mod mcp_process;
pub mod openapi_bridge;
pub mod tickets;

/// What the systems keep for the whole run and remove when it ends (the runner calls this once,
/// after the last scenario): ContextForge's migrated template database and its zygote.
pub fn end_of_run() {
    contextforge::zygote::stop();
    contextforge::gateway::remove_template();
}
