//! Reading the bridge's tool answers: its tools answer with one text item, JSON for most.

use anyhow::{Context as _, Result};
use serde_json::Value;

use crate::checks::expect;
use crate::mcp::jsonrpc::Reply;
use crate::world::McpWorld;

/// The last tool call's successful answer, its text read as JSON.
pub fn last_json(world: &McpWorld) -> Result<Value> {
    let (request, reply) = world.last_reply()?;
    json_answer(&request, &reply)
}

/// The last tool call's successful answer as text.
pub fn last_text(world: &McpWorld) -> Result<String> {
    let (request, reply) = world.last_reply()?;
    Ok(expect::text_of(expect::success(&request, &reply)?))
}

/// A tool's successful answer, its text read as JSON.
fn json_answer(request: &str, reply: &Reply) -> Result<Value> {
    let result = expect::success(request, reply)?;
    let text = expect::text_of(result);
    serde_json::from_str(&text)
        .with_context(|| format!("{request}: the answer is not JSON:\n{text}"))
}

/// A tool error's text (the call did not succeed, and says why).
pub fn error_text(request: &str, reply: &Reply) -> Result<String> {
    expect::tool_error(request, reply)?;
    let Ok(result) = reply else {
        unreachable!("tool_error checked it is a result")
    };
    Ok(expect::text_of(result))
}
