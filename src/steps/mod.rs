//! Step definitions, one module per feature folder. Steps stay short: they call the World and
//! `support`, and assertions live in `support::expect`.

pub mod auth;
pub mod connections;
pub mod diagnostics;
pub mod gateway;
pub mod openapi;
pub mod process;
pub mod protocol;
pub mod sse;

/// What every step returns: an error message is the step's failure.
pub type StepResult = anyhow::Result<()>;
