//! The same request sent to a bundled backend directly, to check that the hub passes results
//! through unchanged.

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::mcp::registry::Target;
use crate::mcp::session::{McpSession, SessionOptions};
use crate::mcp::transport::Transport;
use crate::world::{DEFAULT_PROTOCOL_VERSION, McpWorld};

/// The registry name of a bundled server as the features call it.
fn registered(server: &str) -> Result<Target> {
    match server {
        "reference server" => Target::registered("reference"),
        "time server" => Target::registered("time"),
        other => anyhow::bail!("no bundled server called \"{other}\""),
    }
}

/// Sends `method` with `params` to `server` over stdio in a session of its own.
pub async fn ask_directly(
    world: &McpWorld,
    server: &str,
    method: &str,
    params: Value,
) -> Result<Value> {
    let target = registered(server)?;
    let options = SessionOptions {
        label: format!("{server} directly"),
        protocol_version: DEFAULT_PROTOCOL_VERSION.to_owned(),
        behaviour: Default::default(),
        timeout: world.timeout,
    };
    let mut session = McpSession::open(&target, Transport::Stdio, options).await?;
    let reply = session.request(method, params).await;
    let _ = session.close().await;
    Ok(match reply? {
        Ok(result) => result,
        Err(error) => serde_json::json!({"error": {"code": error.code, "message": error.message}}),
    })
}

/// The hub's answer equals the direct one, but for the fields the hub renames.
pub fn expect_same(through_hub: &Value, direct: &Value) -> Result<()> {
    ensure!(
        through_hub == direct,
        "through the hub: {through_hub}\ndirectly:        {direct}"
    );
    Ok(())
}
