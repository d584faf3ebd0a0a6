//! Cancellation: notifications/cancelled for a request in flight, over the raw channel.

use cucumber::when;
use serde_json::json;

use crate::mcp::jsonrpc::{self};
use crate::steps::StepResult;
use crate::world::McpWorld;

/// A request id no client of this suite ever sends.
const NEVER_SENT_ID: i64 = 987_654_321;

#[when("the client cancels a request it never sent")]
async fn cancel_unknown(world: &mut McpWorld) -> StepResult {
    let frame = jsonrpc::cancellation(&json!(NEVER_SENT_ID));
    world.raw()?.send(&frame).await
}
