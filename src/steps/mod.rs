//! Step definitions, one module per feature folder (`auth/`, `diagnostics/`, `gateway/`,
//! `openapi/`, `process/`, `protocol/`, `transports/`); phrases several folders use live in
//! [`common`]. A step parses its words and calls support (`mcp`, `checks`, `harness`,
//! `systems`); assertions live there.

pub mod auth;
pub mod command;
pub mod common;
pub mod diagnostics;
pub mod gateway;
pub mod openapi;
pub mod process;
pub mod protocol;
pub mod transports;

/// What every step returns: an error message is the step's failure.
pub type StepResult = anyhow::Result<()>;
