//! Generic MCP client plumbing: which server is under test ([`registry`]), bringing it up
//! ([`launch`]), named rmcp sessions ([`session`]) and the raw JSON-RPC channel for exact frames
//! ([`raw`]) over stdio, streamable HTTP or legacy SSE, the server's lists and their pages
//! ([`lists`]), and the evidence a failure shows ([`link`], [`trace`]).

pub mod client;
pub mod elicitation;
pub mod input_required;
pub mod jsonrpc;
pub mod launch;
pub mod link;
pub mod lists;
pub mod probes;
pub mod progress_token;
pub mod prompts;
pub mod raw;
pub mod registry;
pub mod revisions;
pub mod session;
pub mod stateless;
pub mod stateless_hints;
pub mod stdio;
pub mod subscription;
pub mod tasks;
pub mod trace;
pub mod transport;
