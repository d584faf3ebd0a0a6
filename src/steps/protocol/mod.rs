//! Steps of `features/protocol/`.

pub mod client_requests;
pub mod jsonrpc;
pub mod lifecycle;
pub mod probes;
pub mod tools;
