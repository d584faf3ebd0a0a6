//! What any scenario needs, whatever it tests: child processes in their own process groups,
//! bounded waits, run-time skips, JWTs and the run's JWKS, the fixture binaries, latency samples,
//! external services of a scenario's own, and the slots of heavy scenarios.

pub mod child_process;
pub mod fixture_binaries;
pub mod jwt;
pub mod latency;
pub mod run_folder;
pub mod services;
pub mod skip;
pub mod timeouts;
pub mod warnings;
pub mod weight;
