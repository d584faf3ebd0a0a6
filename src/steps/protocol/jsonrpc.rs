//! Raw JSON-RPC frames: error codes, ids, concurrency, notifications, stdio framing.

use cucumber::when;
use serde_json::Value;

use crate::mcp::jsonrpc;
use crate::steps::StepResult;
use crate::steps::common::jsonrpc::send_frame;
use crate::world::McpWorld;

#[when(regex = r"^the client sends the frame (.+)$")]
async fn send_inline_frame(world: &mut McpWorld, frame: String) -> StepResult {
    send_frame(world, &frame).await
}

#[when(regex = r"^the client pings the server with id (.+)$")]
async fn ping_with_id(world: &mut McpWorld, id: Value) -> StepResult {
    send_frame(world, &jsonrpc::request(id, "ping", None)).await
}
