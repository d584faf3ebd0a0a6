//! Step definitions, one module per feature folder (`agent/`, `auth/`, `diagnostics/`, `faults/`,
//! `gateway/`, `hub/`, `openapi/`, `process/`, `protocol/`, `tickets/`, `transports/`); phrases
//! several folders use live in
//! [`common`]. A step parses its words and calls support (`mcp`, `checks`, `harness`,
//! `systems`); assertions live there.

pub mod agent;
pub mod auth;
pub mod command;
pub mod common;
pub mod diagnostics;
pub mod faults;
pub mod gateway;
pub mod hub;
pub mod openapi;
pub mod process;
pub mod protocol;
pub mod tickets;
pub mod transports;

/// What every step returns: an error message is the step's failure.
pub type StepResult = anyhow::Result<()>;
