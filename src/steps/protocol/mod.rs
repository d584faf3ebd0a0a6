//! Steps of `features/protocol/`.

pub mod completion;
pub mod content;
pub mod jsonrpc;
pub mod lifecycle;
pub mod list_changed;
pub mod pagination;
pub mod prompts;
pub mod resources;
pub mod tools;
