//! Generic protocol expectations: checks on what any MCP server answered, each failing with a
//! message that quotes what actually arrived.

pub mod auth_metadata;
pub mod caching;
pub mod client_requests;
pub mod completion;
pub mod content;
pub mod error_codes;
pub mod event_streams;
pub mod expect;
pub mod extension_ids;
pub mod http;
pub mod http_acceptance;
pub mod input_required;
pub mod json;
pub mod jsonrpc;
pub mod lifecycle;
pub mod list_stability;
pub mod listing;
pub mod logging;
pub mod outcome;
pub mod param_headers;
pub mod progress;
pub mod recommendations;
pub mod request_logging;
pub mod resources;
pub mod schema;
pub mod server_messages;
pub mod server_requests;
pub mod sse_transport;
pub mod stateless;
pub mod stateless_refusals;
pub mod subscriptions;
pub mod tasks;
pub mod tasks_extension;
pub mod url_elicitation;
