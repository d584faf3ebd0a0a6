//! Steps of `features/protocol/`.

pub mod cancellation;
pub mod client_requests;
pub mod completion;
pub mod content;
pub mod http;
pub mod jsonrpc;
pub mod lifecycle;
pub mod logging;
pub mod pagination;
pub mod progress;
pub mod prompts;
pub mod resources;
pub mod stateless;
pub mod tasks;
pub mod tasks_extension;
pub mod tools;
