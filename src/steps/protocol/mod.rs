//! Steps of `features/protocol/`.

pub mod cancellation;
pub mod client_requests;
pub mod completion;
pub mod content;
pub mod event_streams;
pub mod http;
pub mod input_required;
pub mod jsonrpc;
pub mod lifecycle;
pub mod logging;
pub mod pagination;
pub mod progress;
pub mod prompts;
pub mod recommendations;
pub mod resources;
pub mod server_messages;
pub mod server_requests;
pub mod stateless;
pub mod stateless_refusals;
pub mod subscriptions;
pub mod tasks;
pub mod tasks_extension;
pub mod tools;
pub mod url_elicitation;
