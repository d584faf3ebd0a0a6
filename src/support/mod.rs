//! Support code the steps call: processes, connections, sessions, raw frames, diagnostics.

pub mod auth;
pub mod client;
pub mod completion;
pub mod content;
pub mod elicitation;
pub mod expect;
pub mod feature_files;
pub mod jsonrpc;
pub mod launch;
pub mod link;
pub mod listing;
pub mod logging;
pub mod probes;
pub mod process;
pub mod process_checks;
pub mod process_server;
pub mod progress;
pub mod raw;
pub mod resources;
pub mod schema;
pub mod session;
pub mod skip;
pub mod stateless;
pub mod stdio;
pub mod timeouts;
pub mod trace;
