//! Steps of `features/protocol/`.

pub mod answer_streams;
pub mod caching;
pub mod cancellation;
pub mod client_requests;
pub mod completion;
pub mod content;
pub mod http;
pub mod jsonrpc;
pub mod lifecycle;
pub mod list_stability;
pub mod logging;
pub mod pagination;
pub mod param_headers;
pub mod progress;
pub mod prompts;
pub mod recommendations;
pub mod request_logging;
pub mod resources;
pub mod server_messages;
pub mod server_requests;
pub mod stateless;
pub mod stateless_codes;
pub mod stateless_refusals;
pub mod tasks;
pub mod tasks_extension;
pub mod tools;
