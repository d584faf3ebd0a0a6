//! Generic protocol expectations: checks on what any MCP server answered, each failing with a
//! message that quotes what actually arrived.

pub mod completion;
pub mod content;
pub mod expect;
pub mod json;
pub mod listing;
pub mod logging;
pub mod outcome;
pub mod progress;
pub mod resources;
pub mod schema;
