//! Steps of `features/protocol/`.

pub mod jsonrpc;
pub mod lifecycle;
pub mod tools;
