//! Steps of `features/protocol/`.

pub mod cancellation;
pub mod client_requests;
pub mod http;
pub mod jsonrpc;
pub mod lifecycle;
pub mod logging;
pub mod probes;
pub mod progress;
pub mod stateless;
pub mod tools;
