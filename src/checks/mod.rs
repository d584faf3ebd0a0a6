//! Generic protocol expectations: checks on what any MCP server answered, each failing with a
//! message that quotes what actually arrived.

pub mod client_requests;
pub mod completion;
pub mod content;
pub mod expect;
pub mod http;
pub mod json;
pub mod jsonrpc;
pub mod lifecycle;
pub mod listing;
pub mod logging;
pub mod outcome;
pub mod progress;
pub mod resources;
pub mod schema;
pub mod sse_transport;
pub mod stateless;
pub mod tasks;
pub mod tasks_extension;
